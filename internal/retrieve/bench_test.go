package retrieve

// Benchmarks on real news text from the shared data folder (never copied into
// the repository). Run, e.g.:
//
//	go test ./internal/retrieve -run '^$' -bench 'Build/articles=10000$' -benchtime 1x
//	go test ./internal/retrieve -run '^$' -bench 'Search/articles=100000$' -benchtime 2000x
//
// SHUTTLE_DATA_DIR points at the data folder (default ../../../shared/data);
// the benchmarks skip when it is absent. BENCH_INDEX_DIR, when set, keeps
// built on-disk indexes there between runs (they are reused when the
// synthetic corpus is unchanged, through the manifest).

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
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

var benchSizes = []int{1000, 10000, 100000}

func dataDir(b *testing.B) string {
	dir := os.Getenv("SHUTTLE_DATA_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "bbc-news")); err != nil {
		b.Skipf("benchmark data not found in %s (set SHUTTLE_DATA_DIR): %v", dir, err)
	}
	return dir
}

// realArticles reads the BBC News and RealTime QA articles.
func realArticles(b *testing.B, dir string) []corpus.Document {
	var docs []corpus.Document
	bbc := filepath.Join(dir, "bbc-news", "bbc")
	err := filepath.WalkDir(bbc, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		title, body, _ := strings.Cut(strings.ToValidUTF8(string(data), " "), "\n")
		rel, _ := filepath.Rel(bbc, p)
		docs = append(docs, corpus.Document{ID: "bbc/" + filepath.ToSlash(rel), Title: title, Outlet: "BBC News",
			Date: corpus.Date{Year: 2005}, Paragraphs: splitParas(body)})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "realtimeqa", "realtimeqa_gcs_articles_published_2025-2026.jsonl.gz"))
	if err != nil {
		b.Logf("realtimeqa articles unavailable: %v", err)
		return docs
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 0; sc.Scan(); n++ {
		var a struct{ URL, Title, Text, Publish_date string }
		if json.Unmarshal(sc.Bytes(), &a) != nil {
			continue
		}
		d, _ := corpus.ParseDate(strings.ReplaceAll(a.Publish_date, "/", "-"))
		docs = append(docs, corpus.Document{ID: fmt.Sprintf("rtqa/%05d.txt", n), Title: a.Title, URL: a.URL,
			Date: d, Paragraphs: splitParas(a.Text)})
	}
	return docs
}

func splitParas(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// benchCorpus returns n articles: the real ones first, then synthetic ones
// that recombine real paragraphs (a real headline, 4–12 paragraphs drawn
// at random from the whole pool, with a fixed seed).
func benchCorpus(b *testing.B, n int) []corpus.Document {
	real := realArticles(b, dataDir(b))
	if len(real) == 0 {
		b.Skip("no benchmark articles")
	}
	sort.Slice(real, func(i, j int) bool { return real[i].ID < real[j].ID })
	docs := make([]corpus.Document, 0, n)
	for i := 0; i < n && i < len(real); i++ {
		docs = append(docs, real[i])
	}
	var pool []string
	for _, d := range real {
		pool = append(pool, d.Paragraphs...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := len(docs); i < n; i++ {
		src := real[rng.IntN(len(real))]
		paras := make([]string, 4+rng.IntN(9))
		for j := range paras {
			paras[j] = pool[rng.IntN(len(pool))]
		}
		docs = append(docs, corpus.Document{ID: "synthetic/" + strconv.Itoa(i) + ".txt", Title: src.Title,
			Outlet: src.Outlet, URL: src.URL, Date: src.Date, Paragraphs: paras})
	}
	for i := range docs {
		docs[i].Size = int64(len(docs[i].Paragraphs))
	}
	return docs
}

// benchQuestions reads RealTime QA quiz questions to search with.
func benchQuestions(b *testing.B) []string {
	f, err := os.Open(filepath.Join(dataDir(b), "realtimeqa", "realtimeqa_questions_2020-2026.jsonl"))
	if err != nil {
		return []string{"What did the central bank decide about interest rates?", "Who won the election?"}
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var q struct{ Question_sentence string }
		if json.Unmarshal(sc.Bytes(), &q) == nil && q.Question_sentence != "" {
			qs = append(qs, q.Question_sentence)
		}
	}
	return qs
}

// peakRSSMB reads the process's peak resident set size (Linux only).
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			docs := benchCorpus(b, n)
			root := b.TempDir()
			var built, passages int
			var elapsed, cpu time.Duration
			for b.Loop() {
				start, cpu0 := time.Now(), cpuTime()
				ix, err := Open(context.Background(), root, docs, Options{Rebuild: true})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				cpu += cpuTime() - cpu0
				built += len(docs)
				passages = ix.Info().Passages
				ix.Close()
			}
			b.ReportMetric(float64(built)/elapsed.Seconds(), "articles/s")
			if cpu > 0 { // throughput per CPU-second: steadier on a shared machine
				b.ReportMetric(float64(built)/cpu.Seconds(), "articles/cpu-s")
			}
			b.ReportMetric(float64(passages), "passages")
			b.ReportMetric(peakRSSMB(), "peakRSS_MB")
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			docs := benchCorpus(b, n)
			dir := b.TempDir()
			if cache := os.Getenv("BENCH_INDEX_DIR"); cache != "" {
				dir = filepath.Join(cache, fmt.Sprintf("articles-%d", n))
			}
			ix, err := Open(context.Background(), dir, docs, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			qs := benchQuestions(b)
			ctx := context.Background()
			for _, q := range qs[:min(50, len(qs))] { // warm up
				ix.Search(ctx, q, 8)
			}
			var lat []time.Duration
			i := 0
			for b.Loop() {
				q := qs[i%len(qs)]
				i++
				start := time.Now()
				if _, err := ix.Search(ctx, q, 8); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			pct := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50_ms")
			b.ReportMetric(pct(0.99), "p99_ms")
			b.ReportMetric(float64(ix.Info().Passages), "passages")
			b.ReportMetric(peakRSSMB(), "peakRSS_MB")
		})
	}
}
