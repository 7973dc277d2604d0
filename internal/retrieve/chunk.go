package retrieve

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chunking bounds, in words. A passage holds whole paragraphs where it can:
// short paragraphs are merged up to minWords, long ones are split at
// sentence boundaries so no passage much exceeds maxWords.
const (
	minWords = 40
	maxWords = 150
)

// chunkText splits an article's paragraphs into passage texts of roughly
// minWords–maxWords words. Paragraphs inside one passage are separated by a
// blank line ("\n\n"). Whitespace inside a paragraph is collapsed.
func chunkText(paragraphs []string) []string {
	// Units: whole paragraphs, or sentence groups of an over-long one.
	type unit struct {
		text  string
		words int
	}
	var units []unit
	for _, p := range paragraphs {
		words := strings.Fields(strings.ToValidUTF8(p, "\uFFFD"))
		if len(words) == 0 {
			continue
		}
		if len(words) <= maxWords {
			units = append(units, unit{strings.Join(words, " "), len(words)})
			continue
		}
		for _, piece := range splitLong(words) {
			units = append(units, unit{strings.Join(piece, " "), len(piece)})
		}
	}

	var out []string
	var cur []string
	curWords := 0
	lastWords := 0 // words in the last flushed passage
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n\n"))
			lastWords = curWords
		}
		cur, curWords = nil, 0
	}
	for _, u := range units {
		if len(cur) > 0 && (curWords >= minWords || curWords+u.words > maxWords) {
			flush()
		}
		cur = append(cur, u.text)
		curWords += u.words
	}
	// A short tail joins the previous passage when that stays within bounds.
	if len(cur) > 0 && curWords < minWords && len(out) > 0 && lastWords+curWords <= maxWords {
		out[len(out)-1] += "\n\n" + strings.Join(cur, "\n\n")
		cur = nil
	}
	flush()
	return out
}

// splitLong cuts an over-long paragraph (as words) into balanced pieces of at
// most maxWords words, ending pieces at sentence boundaries where possible.
func splitLong(words []string) [][]string {
	n := (len(words) + maxWords - 1) / maxWords
	target := (len(words) + n - 1) / n
	var out [][]string
	start := 0
	for start < len(words) {
		if len(words)-start <= maxWords {
			out = append(out, words[start:])
			break
		}
		// Best sentence end within [start+minWords/2, start+maxWords), the one
		// closest to the balanced target.
		cut := -1
		best := len(words)
		for i := start + minWords/2; i < start+maxWords && i < len(words)-1; i++ {
			if !sentenceEnd(words[i], words[i+1]) {
				continue
			}
			d := absInt(i + 1 - (start + target))
			if d < best {
				best, cut = d, i+1
			}
		}
		if cut < 0 {
			cut = start + target // no sentence boundary: cut between words
		}
		out = append(out, words[start:cut])
		start = cut
	}
	return out
}

// sentenceEnd reports whether word w ends a sentence, given the next word.
func sentenceEnd(w, next string) bool {
	// Strip closing quotes and brackets after the terminal punctuation.
	core := strings.TrimRightFunc(w, func(r rune) bool {
		return strings.ContainsRune("\"'”’)]»", r)
	})
	if core == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(core)
	switch last {
	case '!', '?', '。', '！', '？':
	case '.':
		if isAbbreviation(core) {
			return false
		}
	default:
		return false
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, "\"'“‘([«"))
	return !unicode.IsLower(first)
}

// isAbbreviation reports whether a word ending in "." is more likely an
// abbreviation or initial than a sentence end.
func isAbbreviation(w string) bool {
	body := strings.TrimSuffix(w, ".")
	body = strings.TrimLeft(body, "\"'“‘([«")
	if body == "" {
		return true
	}
	// Initials and dotted acronyms: "J.", "U.S.", "e.g."
	if utf8.RuneCountInString(body) == 1 || strings.Contains(body, ".") {
		return true
	}
	switch strings.ToLower(body) {
	case "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "sgt", "capt", "rep", "sen", "gov", "pres",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"no", "vs", "etc", "inc", "corp", "ltd", "co", "approx", "est", "dept", "univ", "fig":
		return true
	}
	return false
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
