package retrieve

// TEMPORARY in-memory stand-in (skeleton) so the pipeline runs end to end.
// The bleve-backed index replaces this file.

import (
	"context"
	"log/slog"
	"sort"
	"strings"

	"shuttlebot/internal/corpus"
)

// Options tunes Open.
type Options struct {
	Logger *slog.Logger
	// Progress, when set, is called as a build advances.
	Progress func(done, total int)
	// Rebuild forces a full rebuild even when the manifest matches.
	Rebuild bool
}

// Index is a searchable set of passages.
type Index struct {
	passages []Passage
}

// Open opens the index in dir, building or rebuilding it when it does not
// match docs.
func Open(ctx context.Context, dir string, docs []corpus.Document, opts Options) (*Index, error) {
	ix := &Index{}
	for _, d := range docs {
		for i, p := range d.Paragraphs {
			ix.passages = append(ix.passages, Passage{ID: d.ID + "#" + itoa(i), DocID: d.ID, Title: d.Title, Outlet: d.Outlet, URL: d.URL, Date: d.Date, Text: p})
		}
	}
	return ix, nil
}

// Search returns up to k passages best matching q, best first.
func (ix *Index) Search(ctx context.Context, q string, k int) ([]Passage, error) {
	words := strings.Fields(strings.ToLower(q))
	var out []Passage
	for _, p := range ix.passages {
		t := strings.ToLower(p.Text)
		s := 0.0
		for _, w := range words {
			if len(w) > 3 && strings.Contains(t, w) {
				s++
			}
		}
		if s > 0 {
			p.Score = s
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// Close releases the index.
func (ix *Index) Close() error { return nil }

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// UpdateStats counts what an incremental Update changed.
type UpdateStats struct {
	Added, Changed, Removed int
	Passages                int
}

// Update brings the index in line with docs incrementally: only new, changed
// and removed articles are touched, and concurrent searches see either the
// old or the new state. TEMPORARY (skeleton).
func (ix *Index) Update(ctx context.Context, docs []corpus.Document) (UpdateStats, error) {
	fresh, err := Open(ctx, "", docs, Options{})
	if err != nil {
		return UpdateStats{}, err
	}
	ix.passages = fresh.passages
	return UpdateStats{}, nil
}
