// Package summits builds a dated timeline of leaders' meetings from the
// coverage itself.
package summits

import "shuttlebot/internal/corpus"

// Meeting is one leaders' meeting the coverage reports.
type Meeting struct {
	Date     corpus.Date // precision as the text gives it; zero when unknown
	Place    string      // "Nara", "Gyeongju, North Gyeongsang Province"; "" when unknown
	Leaders  []string    // full names, with office when stated
	Occasion string      // "on the sidelines of the APEC summit", "state visit"…
	// Status is "held" for meetings reported as having happened and
	// "planned" for announced or upcoming ones.
	Status    string
	Citations []Citation
}

// Citation points at a sentence that reports a meeting.
type Citation struct {
	Doc    string      `json:"doc"`
	Title  string      `json:"title"`
	Source string      `json:"source"`
	URL    string      `json:"url"`
	Date   corpus.Date `json:"-"`
	Quote  string      `json:"quote"`
}

// Build extracts the meetings reported in docs, merged across articles,
// newest first. TEMPORARY (skeleton): returns nothing yet.
func Build(docs []corpus.Document) []Meeting { return nil }
