package answer

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

func TestZZDebug(t *testing.T) {
	q := os.Getenv("DBGQ")
	if q == "" {
		t.Skip()
	}
	ctx := context.Background()
	docs, err := corpus.Load(ctx, os.DirFS("../../corpus"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieve.Open(ctx, t.TempDir(), docs, retrieve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ps, _ := ix.Search(ctx, q, 8)
	qu := newQuery(q, nil, time.Now())
	fmt.Printf("asked %+v type %v\n", qu.asked, qu.typ)
	sc := newScorer(qu, ps)
	cs := sc.candidates(ps)
	for i, c := range cs {
		if i > 12 {
			break
		}
		fmt.Printf("%.3f ov=%.2f ty=%.1f dt=%.2f cap=%.1f keys=%v %s | %.90s\n", c.score, c.overlap, c.typeEv, c.dated, c.caption, c.keys, ps[c.passage].DocID[:3], c.text)
	}
}
