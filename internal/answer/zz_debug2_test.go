package answer

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

func TestZZFollow(t *testing.T) {
	if os.Getenv("DEBUG_F") == "" {
		t.Skip()
	}
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	docs, _ := corpus.Load(ctx, os.DirFS("/work/main/corpus"), log)
	ix, _ := retrieve.Open(ctx, t.TempDir(), docs, retrieve.Options{Logger: log})
	defer ix.Close()
	a := New(ix, Options{})
	for _, r := range []Request{
		{Question: "and when was that?", History: []string{"Where did Lee and Takaichi meet in January?"}},
		{Question: "When did Lee and Takaichi meet in Nara?"},
		{Question: "What about Ishiba?", History: []string{"Where did Lee and Takaichi meet in January?"}},
		{Question: "Who is Sanae Takaichi?"},
		{Question: "Why did Lee visit Japan?"},
		{Question: "How many years of diplomatic ties did Lee mention?"},
	} {
		ans, err := a.Answer(ctx, r)
		fmt.Printf("Q: %s\nA: %s (%v) %v\n\n", r.Question, ans.Text, ans.Abstained, err)
	}
}
