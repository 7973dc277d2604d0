package corpus

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// logRecorder is a slog.Handler that keeps records for assertions.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logRecorder) WithGroup(string) slog.Handler      { return h }

// warnedPaths returns the "path" attribute of every warning.
func (h *logRecorder) warnedPaths() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.records {
		if r.Level != slog.LevelWarn {
			continue
		}
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "path" {
				out = append(out, a.Value.String())
			}
			return true
		})
	}
	sort.Strings(out)
	return out
}

const goodArticle = "Leaders meet in Nara\n\nThe leaders of South Korea and Japan met in Nara on Tuesday and agreed to expand exchanges between young people.\n"

func TestLoadSkipsBrokenFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"good.txt":             {Data: []byte(goodArticle)},
		"nested/also-good.md":  {Data: []byte("---\ntitle: Ferry resumes\ndate: 2024-02-14\n---\nA ferry service between Busan and Osaka resumed on Wednesday after four years.\n")},
		"latin1.txt":           {Data: []byte("Caf\xe9 owners welcome tourists\n\nOwners of the caf\xe9 in Seoul said visitors from Japan had doubled this year.\n")},
		"binary.txt":           {Data: []byte("\x00\x01\x02\x03PK binary")},
		"bad-front-matter.md":  {Data: []byte("---\n- a\n- b\n---\nBody text.")},
		"empty.txt":            {Data: nil},
		"huge.txt":             {Data: bytes.Repeat([]byte("word "), MaxFileSize/5+10)},
		"slides.pdf":           {Data: []byte("%PDF-1.4")},
		".DS_Store":            {Data: []byte("\x00\x00\x00\x01Bud1")},
		".git/config":          {Data: []byte("[core]")},
		".hidden/secret.txt":   {Data: []byte(goodArticle)},
		"nested/.draft.txt":    {Data: []byte(goodArticle)},
		"page.html":            {Data: []byte("<html><body><article><h1>Summit ends</h1><p>The summit in Nara ended on Wednesday with a joint statement on supply chains and security cooperation between the neighbours.</p></article></body></html>")},
		"not-really-html.htm":  {Data: []byte("\x00\x00\x00")},
		"only-chrome/menu.txt": {Data: []byte("Home\n\nEpaper\n\nSign In\n")},
	}
	rec := &logRecorder{}
	docs, err := Load(context.Background(), fsys, slog.New(rec))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	wantIDs := []string{"good.txt", "latin1.txt", "nested/also-good.md", "page.html"}
	if strings.Join(ids, ",") != strings.Join(wantIDs, ",") {
		t.Errorf("loaded %v, want %v", ids, wantIDs)
	}
	wantWarned := []string{"bad-front-matter.md", "binary.txt", "empty.txt", "huge.txt", "not-really-html.htm", "only-chrome/menu.txt", "slides.pdf"}
	if got := rec.warnedPaths(); strings.Join(got, ",") != strings.Join(wantWarned, ",") {
		t.Errorf("warned about %v, want %v", got, wantWarned)
	}
}

func TestLoadNoArticles(t *testing.T) {
	tests := map[string]fstest.MapFS{
		"empty folder":      {},
		"only broken files": {"a.txt": {Data: nil}, "b.pdf": {Data: []byte("x")}, ".c.txt": {Data: []byte(goodArticle)}},
	}
	for name, fsys := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Load(context.Background(), fsys, slog.New(slog.DiscardHandler))
			if !errors.Is(err, ErrNoArticles) {
				t.Fatalf("err = %v, want ErrNoArticles", err)
			}
		})
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Load(ctx, fstest.MapFS{"a.txt": {Data: []byte(goodArticle)}}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestLoadMessyFolder(t *testing.T) {
	docs, err := Load(context.Background(), os.DirFS("testdata/corpus-messy"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir("testdata/corpus-messy")
	if len(docs) != len(entries) {
		t.Errorf("loaded %d documents from %d files", len(docs), len(entries))
	}
	if !sort.SliceIsSorted(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID }) {
		t.Error("documents are not sorted by ID")
	}
}

// TestLoadDuplicates: syndicated copies collapse into the earliest-dated one,
// which lists the others; a repeated paragraph inside it is kept once.
func TestLoadDuplicates(t *testing.T) {
	load := func() []Document {
		docs, err := Load(context.Background(), os.DirFS("testdata/corpus-dupes"), slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		return docs
	}
	docs := load()
	if len(docs) != 2 || docs[0].ID != "other.txt" || docs[1].ID != "wire-a.txt" {
		var ids []string
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		t.Fatalf("documents = %v, want [other.txt wire-a.txt]", ids)
	}
	kept := docs[1]
	if kept.Date != (Date{2025, time.May, 2}) || kept.Outlet != "AFP" {
		t.Errorf("kept copy = %q %q %v", kept.ID, kept.Outlet, kept.Date)
	}
	want := []Source{
		{DocID: "mirror-b.md", Title: "Japan lifts export curbs on chip materials to South Korea", Outlet: "Example Daily",
			URL: "https://daily.example.com/business/chip-curbs", Date: Date{2025, time.May, 3}},
		{DocID: "mirror-c.txt", Title: "Japan lifts export curbs on chip materials to South Korea"},
	}
	if len(kept.AlsoIn) != len(want) {
		t.Fatalf("AlsoIn = %+v, want %+v", kept.AlsoIn, want)
	}
	for i := range want {
		if kept.AlsoIn[i] != want[i] {
			t.Errorf("AlsoIn[%d] = %+v, want %+v", i, kept.AlsoIn[i], want[i])
		}
	}
	n := 0
	for _, p := range kept.Paragraphs {
		if strings.Contains(p, "World Trade Organization") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("near-duplicate paragraph appears %d times, want 1", n)
	}
	if docs[0].AlsoIn != nil {
		t.Errorf("distinct article got AlsoIn %+v", docs[0].AlsoIn)
	}
	// Deterministic across runs.
	again := load()
	if again[1].ID != kept.ID || len(again[1].AlsoIn) != len(kept.AlsoIn) {
		t.Error("second load differs")
	}
}

func TestDedupeArticlesKeepsEarliest(t *testing.T) {
	body := []string{
		"The foreign ministers of the two countries met in Seoul on Monday to prepare for a summit later this month, officials said.",
		"They agreed to expand youth exchanges and to restart a dialogue on export controls that was suspended in 2019.",
	}
	tests := []struct {
		name string
		docs []Document
		keep string
	}{
		{"earliest date wins", []Document{
			{ID: "a.txt", Date: Date{2025, time.March, 5}, Paragraphs: body},
			{ID: "b.txt", Date: Date{2025, time.March, 4}, Paragraphs: body},
		}, "b.txt"},
		{"dated beats undated", []Document{
			{ID: "a.txt", Paragraphs: body},
			{ID: "b.txt", Date: Date{Year: 2025}, Paragraphs: body},
		}, "b.txt"},
		{"same date: first ID", []Document{
			{ID: "b.txt", Date: Date{2025, time.March, 4}, Paragraphs: body},
			{ID: "a.txt", Date: Date{2025, time.March, 4}, Paragraphs: body},
		}, "a.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := dedupeArticles(tt.docs, nil)
			if len(out) != 1 || out[0].ID != tt.keep || len(out[0].AlsoIn) != 1 {
				t.Fatalf("got %+v, want only %s with one AlsoIn", out, tt.keep)
			}
		})
	}
	distinct := []Document{
		{ID: "a.txt", Paragraphs: body[:1]},
		{ID: "b.txt", Paragraphs: body[1:]},
	}
	if out := dedupeArticles(distinct, nil); len(out) != 2 {
		t.Errorf("distinct articles merged: %+v", out)
	}
}
