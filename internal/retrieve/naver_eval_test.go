package retrieve

// Retrieval quality on Korean-language coverage: the 15 Naver News articles
// in the shared data folder (never copied into the repository) and Korean
// questions written for them (testdata/naver-ko-questions.jsonl). Run:
//
//	go test ./internal/retrieve -run TestNaverKoreanRetrieval -v
//
// It skips when the data folder is absent (SHUTTLE_DATA_DIR, default
// ../../../shared/data).

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuttlebot/internal/corpus"
)

func TestNaverKoreanRetrieval(t *testing.T) {
	dir := os.Getenv("SHUTTLE_DATA_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	naver := filepath.Join(dir, "korea-japan-2025-2026", "baram-naver-ko")
	if _, err := os.Stat(naver); err != nil {
		t.Skipf("Naver articles not found in %s (set SHUTTLE_DATA_DIR): %v", dir, err)
	}
	ctx := context.Background()
	docs, err := corpus.Load(ctx, os.DirFS(naver), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, "", docs, Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	f, err := os.Open(filepath.Join("testdata", "naver-ko-questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n, top1, top3 int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct {
			Q    string
			Docs []string
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("questions: %v", err)
		}
		hits, err := ix.SearchArticles(ctx, c.Q, 3)
		if err != nil {
			t.Fatalf("SearchArticles(%q): %v", c.Q, err)
		}
		want := func(id string) bool {
			for _, p := range c.Docs {
				if strings.HasPrefix(id, p) {
					return true
				}
			}
			return false
		}
		n++
		got := make([]string, 0, len(hits))
		hit := false
		for i, h := range hits {
			got = append(got, h.DocID[:min(14, len(h.DocID))])
			if want(h.DocID) {
				if i == 0 {
					top1++
				}
				hit = true
			}
		}
		if hit {
			top3++
		}
		t.Logf("%-5v %s → %v (want %v)", hit, c.Q, got, c.Docs)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Korean questions: %d, top-1 %.2f, top-3 %.2f", n, float64(top1)/float64(n), float64(top3)/float64(n))
	if float64(top3)/float64(n) < naverMinTop3 {
		t.Errorf("top-3 hit rate %.2f below %.2f", float64(top3)/float64(n), naverMinTop3)
	}
}

// naverMinTop3 is the top-3 hit rate the Korean questions must reach.
const naverMinTop3 = 0.9
