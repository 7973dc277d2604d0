package summits

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"shuttlebot/internal/corpus"
)

// realNews is the shared RealTime QA subset about Korea–Japan (48 dated
// news articles by USA Today and CNN), read in place, never copied.
const realNews = "../../../shared/data/korea-japan-2025-2026/realtimeqa_korea_japan_articles_2025-2026.jsonl"

func loadRealNews(tb testing.TB) []corpus.Document {
	f, err := os.Open(realNews)
	if err != nil {
		tb.Skipf("shared data not available: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var docs []corpus.Document
	for sc.Scan() {
		var a struct {
			URL, Title, Text string
			PublishDate      string `json:"publish_date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		d := corpus.Document{ID: a.URL, Title: a.Title, URL: a.URL}
		if t, err := time.Parse("2006/01/02", a.PublishDate); err == nil {
			d.Date = corpus.DayDate(t)
		}
		for _, p := range strings.Split(a.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				d.Paragraphs = append(d.Paragraphs, p)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// BenchmarkBuildRealNews measures Build on ~600 KB of real news text.
// Run: go test -run '^$' -bench BuildRealNews -benchtime 5x ./internal/summits
func BenchmarkBuildRealNews(b *testing.B) {
	docs := loadRealNews(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Build(docs)
	}
}

// TestRealNewsNoCrash runs Build over real, unseen news: it must finish,
// and every entry must name two leaders or a state visit, and cite text.
func TestRealNewsNoCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, m := range Build(loadRealNews(t)) {
		if len(m.Citations) == 0 || len(m.Leaders) == 0 {
			t.Errorf("entry without citation or leaders: %+v", m)
		}
		if len(m.Leaders) < 2 && m.Occasion == "" {
			t.Errorf("one-leader entry that is no state visit: %+v", m)
		}
	}
}
