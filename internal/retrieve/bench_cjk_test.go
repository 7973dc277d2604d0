package retrieve

// Korean-language benchmark: the 15 Naver News articles of the shared data
// folder, then synthetic articles that recombine their sentences, searched
// with the Korean questions of testdata/naver-ko-questions.jsonl. Run, e.g.:
//
//	go test ./internal/retrieve -run '^$' -bench 'Korean/articles=10000$' -benchtime 2000x
//
// (Named so that -bench 'Search/…' and 'Build/…' do not run it.)

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"shuttlebot/internal/corpus"
)

// koreanBenchCorpus returns n Korean articles: the real ones, then
// synthetic ones of 3–8 paragraphs of 2–6 sentences drawn at random from
// all real sentences (fixed seed), under a real headline.
func koreanBenchCorpus(b *testing.B, n int) []corpus.Document {
	dir := filepath.Join(dataDir(b), "korea-japan-2025-2026", "baram-naver-ko")
	real, err := corpus.Load(context.Background(), os.DirFS(dir), nil)
	if err != nil {
		b.Skipf("Korean articles unavailable: %v", err)
	}
	var pool []string
	for _, d := range real {
		for _, p := range d.Paragraphs {
			for _, s := range strings.SplitAfter(p, "다. ") {
				if s = strings.TrimSpace(s); s != "" {
					pool = append(pool, s)
				}
			}
		}
	}
	docs := append([]corpus.Document(nil), real[:min(n, len(real))]...)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := len(docs); i < n; i++ {
		src := real[rng.IntN(len(real))]
		paras := make([]string, 3+rng.IntN(6))
		for j := range paras {
			sents := make([]string, 2+rng.IntN(5))
			for k := range sents {
				sents[k] = pool[rng.IntN(len(pool))]
			}
			paras[j] = strings.Join(sents, " ")
		}
		docs = append(docs, corpus.Document{ID: "synthetic-ko/" + strconv.Itoa(i) + ".md", Title: src.Title,
			Outlet: src.Outlet, URL: src.URL, Date: src.Date, Paragraphs: paras})
	}
	for i := range docs {
		docs[i].Size = int64(len(docs[i].Paragraphs))
	}
	return docs
}

func koreanBenchQuestions(b *testing.B) []string {
	f, err := os.Open(filepath.Join("testdata", "naver-ko-questions.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Q string }
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Q != "" {
			qs = append(qs, c.Q)
		}
	}
	return qs
}

func BenchmarkKorean(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			docs := koreanBenchCorpus(b, n)
			start := time.Now()
			ix, err := Open(context.Background(), b.TempDir(), docs, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			build := time.Since(start)
			qs := koreanBenchQuestions(b)
			ctx := context.Background()
			for _, q := range qs { // warm up
				ix.Search(ctx, q, 8)
			}
			var lat []time.Duration
			i := 0
			for b.Loop() {
				q := qs[i%len(qs)]
				i++
				t0 := time.Now()
				if _, err := ix.Search(ctx, q, 8); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			pct := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(len(docs))/build.Seconds(), "build_articles/s")
			b.ReportMetric(pct(0.50), "p50_ms")
			b.ReportMetric(pct(0.99), "p99_ms")
			b.ReportMetric(float64(ix.Info().Passages), "passages")
			b.ReportMetric(peakRSSMB(), "peakRSS_MB")
		})
	}
}

// BenchmarkChunkText: chunking cost per article, English and Japanese.
//
//	go test ./internal/retrieve -run '^$' -bench ChunkText
func BenchmarkChunkText(b *testing.B) {
	en := []string{words(60, 12, "a"), words(220, 15, "b"), words(30, 10, "c"), words(90, 18, "d")}
	ja := []string{strings.Repeat("港湾の共同ターミナルと漁業の割当について長い議論が続いた。", 30)}
	for _, c := range []struct {
		name  string
		paras []string
	}{{"en", en}, {"ja", ja}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				chunkText(c.paras)
			}
		})
	}
}
