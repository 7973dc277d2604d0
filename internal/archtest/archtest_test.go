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

// rule forbids import-path prefixes for one package: in its direct imports
// (what its code names) and in its whole dependency graph.
type rule struct {
	direct, deps []string
}

var rules = map[string]rule{
	"shuttlebot/internal/config": {deps: []string{bleve, discord, openai, "shuttlebot/internal/"}},
	"shuttlebot/internal/corpus": {deps: []string{bleve, discord, openai,
		"shuttlebot/internal/retrieve", "shuttlebot/internal/answer", "shuttlebot/internal/discord"}},
	"shuttlebot/internal/retrieve": {deps: []string{discord, openai,
		"shuttlebot/internal/answer", "shuttlebot/internal/discord"}},
	// answer sees retrieve.Passage (so bleve is in its graph) but never
	// names bleve itself.
	"shuttlebot/internal/answer":  {direct: []string{bleve}, deps: []string{discord, "shuttlebot/internal/discord"}},
	"shuttlebot/internal/summits": {deps: []string{bleve, discord, openai, "shuttlebot/internal/discord"}},
	"shuttlebot/internal/discord": {direct: []string{bleve, openai, "shuttlebot/internal/retrieve"}},
	"shuttlebot/internal/ingest":  {deps: []string{bleve, discord, openai, "shuttlebot/internal/discord"}},
}

func list(t *testing.T, format, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", format, pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

func TestImportBoundaries(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	check := func(pkg, kind string, imports, bad []string) {
		for _, dep := range imports {
			for _, b := range bad {
				if dep != pkg && strings.HasPrefix(dep, b) {
					t.Errorf("%s: %s import of %s is forbidden", pkg, kind, dep)
				}
			}
		}
	}
	for pkg, r := range rules {
		check(pkg, "direct", list(t, `{{join .Imports " "}}`, pkg), r.direct)
		check(pkg, "transitive", list(t, `{{join .Deps " "}}`, pkg), r.deps)
	}
}
