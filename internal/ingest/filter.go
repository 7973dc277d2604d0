package ingest

import (
	"fmt"
	"strings"
	"unicode"
)

// Filter keeps only the feed items on a community's topic. It is a list of
// alternatives separated by commas (or " OR "); an item matches when every
// word of any one alternative starts a word of its title, summary or text,
// ignoring case. "korea japan, takaichi" keeps items that mention both Korea
// (or Korean…) and Japan, or Takaichi. The zero Filter keeps everything.
type Filter struct {
	alts [][]string
	src  string
}

// ParseFilter reads a filter expression; "" gives the zero Filter.
func ParseFilter(expr string) (Filter, error) {
	f := Filter{src: strings.TrimSpace(expr)}
	for _, alt := range strings.Split(strings.ReplaceAll(f.src, " OR ", ","), ",") {
		words := tokens(alt)
		if len(words) > 0 {
			f.alts = append(f.alts, words)
		}
	}
	if f.src != "" && len(f.alts) == 0 {
		return Filter{}, fmt.Errorf("filter %q has no words to match (use keywords such as \"korea japan, summit\")", expr)
	}
	return f, nil
}

// String returns the expression the filter was parsed from.
func (f Filter) String() string { return f.src }

// Empty reports whether the filter keeps everything.
func (f Filter) Empty() bool { return len(f.alts) == 0 }

// Match reports whether the texts together match the filter.
func (f Filter) Match(texts ...string) bool {
	if f.Empty() {
		return true
	}
	var words []string
	for _, t := range texts {
		words = append(words, tokens(t)...)
	}
	for _, alt := range f.alts {
		all := true
		for _, w := range alt {
			if !hasPrefixWord(words, w) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func hasPrefixWord(words []string, p string) bool {
	for _, w := range words {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
