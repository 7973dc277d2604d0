package corpus

import "sort"

// NewestFirst returns a copy of docs ordered newest first: unknown dates
// last, then by title, then by ID, so the order is stable.
func NewestFirst(docs []Document) []Document {
	out := append([]Document(nil), docs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Date.IsZero() != b.Date.IsZero() {
			return !a.Date.IsZero()
		}
		if ta, tb := a.Date.Time(), b.Date.Time(); !ta.Equal(tb) {
			return ta.After(tb)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.ID < b.ID
	})
	return out
}
