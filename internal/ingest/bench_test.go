package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"shuttlebot/internal/corpus"
)

// syntheticDocs makes n articles of about 300 words from a 5,000-word
// vocabulary, deterministically.
func syntheticDocs(n int) []corpus.Document {
	r := rand.New(rand.NewPCG(1, 2))
	docs := make([]corpus.Document, n)
	for i := range docs {
		var paras []string
		for p := 0; p < 6; p++ {
			words := make([]string, 50)
			for w := range words {
				words[w] = fmt.Sprintf("w%d", r.IntN(5000))
			}
			paras = append(paras, strings.Join(words, " "))
		}
		docs[i] = corpus.Document{ID: fmt.Sprintf("d%05d.md", i), Paragraphs: paras, Hash: fmt.Sprint(i)}
	}
	return docs
}

// BenchmarkDedupeAgainstCorpus: fingerprint a 2,000-article corpus and look
// one new article up against it (what one ingest pays before caching).
func BenchmarkDedupeAgainstCorpus(b *testing.B) {
	docs := syntheticDocs(2000)
	probe := fingerprintOf(syntheticDocs(2001)[2000].Paragraphs)
	for b.Loop() {
		k := newKnown()
		for _, d := range docs {
			k.addDoc(d, fingerprintOf(d.Paragraphs))
		}
		if _, ok := k.byText(probe); ok {
			b.Fatal("false duplicate")
		}
	}
}

// BenchmarkDedupeLookup: one lookup against 2,000 fingerprinted articles
// (the per-item cost once fingerprints are cached).
func BenchmarkDedupeLookup(b *testing.B) {
	k := newKnown()
	for _, d := range syntheticDocs(2000) {
		k.addDoc(d, fingerprintOf(d.Paragraphs))
	}
	probe := fingerprintOf(syntheticDocs(2001)[2000].Paragraphs)
	for b.Loop() {
		k.byText(probe)
	}
}
