package corpus

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const bbcDir = "../../../shared/data/bbc-news/bbc"

// BenchmarkLoad loads a synthetic corpus of 10,000 small articles built in a
// temporary folder: paragraphs of the BBC News set (../shared/data) recombined
// into new articles when it is present, generated sentences otherwise. It
// reports articles/s.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	n := writeSyntheticCorpus(b, dir, 10000)
	fsys := os.DirFS(dir)
	log := slog.New(slog.DiscardHandler)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		docs, err := Load(context.Background(), fsys, log)
		if err != nil {
			b.Fatal(err)
		}
		if len(docs) < n/2 {
			b.Fatalf("loaded %d of %d articles", len(docs), n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// writeSyntheticCorpus writes n articles to dir. With the BBC set present,
// article k takes the headline of BBC article k%len and five paragraphs
// drawn from different BBC articles, so each is new text of realistic shape.
func writeSyntheticCorpus(tb testing.TB, dir string, n int) int {
	tb.Helper()
	var paras, heads []string
	files, _ := filepath.Glob(filepath.Join(bbcDir, "*", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines := strings.Split(string(data), "\n")
		heads = append(heads, strings.TrimSpace(lines[0]))
		for _, l := range lines[1:] {
			if l = strings.TrimSpace(l); len(l) > 80 {
				paras = append(paras, l)
			}
		}
	}
	if len(paras) < 100 {
		tb.Logf("BBC News set not found at %s; using generated text", bbcDir)
		heads, paras = nil, nil
		for i := 0; i < 500; i++ {
			heads = append(heads, fmt.Sprintf("Leaders agree plan number %d for trade talks", i))
			paras = append(paras, fmt.Sprintf("Officials from country %d met their counterparts on Tuesday to discuss tariffs, security and exchanges, and agreed to meet again in month %d, a spokesperson said.", i, i%12+1))
		}
	}
	for k := 0; k < n; k++ {
		var b strings.Builder
		b.WriteString(heads[k%len(heads)])
		b.WriteString("\n\n")
		for j := 0; j < 5; j++ {
			b.WriteString(paras[(k*7919+j*104729)%len(paras)])
			b.WriteString("\n\n")
		}
		sub := filepath.Join(dir, fmt.Sprintf("%02d", k%50))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.txt", k)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return n
}
