package answer

import (
	"context"
	"fmt"
	"os"
	"testing"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

func TestZZScratchPrompt(t *testing.T) {
	q := os.Getenv("SCRATCH_Q")
	if q == "" {
		t.Skip()
	}
	docs, err := corpus.Load(context.Background(), os.DirFS("../../corpus"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieve.Open(context.Background(), t.TempDir(), docs, retrieve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ps, _ := ix.Search(context.Background(), q, 8)
	p := buildPrompt(q, nil, ps, DefaultContextTokens)
	fmt.Println(p.User)
	if a := os.Getenv("SCRATCH_A"); a != "" {
		g := newGrounder(p.Passages)
		r := g.check(a)
		text, cites := g.render(r.sentences, MaxAnswerLen)
		fmt.Printf("dropped=%d refusals=%d\nTEXT: %s\n", r.dropped, r.refusals, text)
		for _, c := range cites {
			fmt.Printf("  [%d] %s | %s\n", c.N, c.Doc, c.Quote)
		}
	}
}
