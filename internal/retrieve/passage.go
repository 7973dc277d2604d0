// Package retrieve splits documents into passages and keeps them in a bleve
// index on disk, rebuilt or updated when the corpus changes.
package retrieve

import "shuttlebot/internal/corpus"

// Passage is a searchable chunk of one article, carrying what a citation
// needs.
type Passage struct {
	ID     string // "<doc>#<n>", stable for an unchanged article
	DocID  string // the article's corpus-relative path
	Title  string
	Outlet string
	URL    string
	Date   corpus.Date
	// Text is the passage: one or more whole paragraphs separated by a
	// blank line ("\n\n"), or a run of sentences from a long paragraph.
	Text  string
	Score float64 // retrieval score; higher is better
	// AlsoIn lists the other outlets that carried the same article
	// (syndicated copies), for citations; nil when none.
	AlsoIn []corpus.Source
}
