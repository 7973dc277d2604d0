// Package archtest checks that packages import only what their role allows
// (one heavy dependency per package; data flows one way).
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const (
	bleve   = "github.com/blevesearch/bleve"
	discord = "github.com/bwmarrin/discordgo"
	openai  = "github.com/sashabaranov/go-openai"
)

func TestImportBoundaries(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	forbidden := map[string][]string{
		"shuttlebot/internal/corpus":   {bleve, discord, openai, "shuttlebot/internal/retrieve", "shuttlebot/internal/answer", "shuttlebot/internal/discord"},
		"shuttlebot/internal/retrieve": {discord, openai, "shuttlebot/internal/answer", "shuttlebot/internal/discord"},
		"shuttlebot/internal/answer":   {bleve, discord, "shuttlebot/internal/discord"},
		"shuttlebot/internal/summits":  {bleve, discord, openai, "shuttlebot/internal/discord"},
		"shuttlebot/internal/discord":  {bleve, openai},
		"shuttlebot/internal/config":   {bleve, discord, openai, "shuttlebot/internal/"},
		"shuttlebot/internal/ingest":   {bleve, discord, openai, "shuttlebot/internal/discord"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			if strings.Contains(pkg, "ingest") {
				continue // optional package
			}
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == pkg {
				continue
			}
			for _, b := range bad {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s imports %s (forbidden: %s)", pkg, dep, b)
				}
			}
		}
	}
}
