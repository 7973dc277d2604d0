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

func TestZZDebug(t *testing.T) {
	q := os.Getenv("DEBUG_Q")
	if q == "" {
		t.Skip()
	}
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	docs, err := corpus.Load(ctx, os.DirFS(os.Getenv("DEBUG_CORPUS")), log)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieve.Open(ctx, t.TempDir(), docs, retrieve.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ps, _ := ix.Search(ctx, q, 8)
	qu := newQuery(q, nil)
	fmt.Printf("type=%s terms=%+v\n", qu.typ, qu.terms)
	s := newScorer(qu, ps)
	for i, p := range ps {
		fmt.Printf("P%d %s %.2f cov=%.2f plain=%.2f | %.150s\n", i, p.DocID, p.Score, s.coverage(s.inPass[i]), s.plainCoverage(s.inPass[i]), p.Text)
	}
	cands := s.candidates(ps)
	for _, c := range cands[:min(8, len(cands))] {
		fmt.Printf("  %.3f ov=%.2f ty=%.1f P%d | %.160s\n", c.score, c.overlap, c.typeEv, c.passage, c.text)
	}
	fmt.Printf("signals %+v reason=%q\n", s.measure(cands), s.weakEvidence(cands))
}
