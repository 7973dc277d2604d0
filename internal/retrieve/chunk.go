package retrieve

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chunking bounds, in words. A passage holds whole paragraphs where it can:
// short paragraphs are merged up to minWords, long ones are split at
// sentence boundaries so no passage much exceeds maxWords. Japanese and
// Chinese put no spaces between words: there every cjkCharsPerWord Han or
// kana characters count as one word (a passage of 40–150 words is about
// 80–300 characters). Korean separates words with spaces and is counted
// like English.
const (
	minWords        = 40
	maxWords        = 150
	cjkCharsPerWord = 2
)

// piece is a unit the chunker never cuts inside: a space-separated word,
// or part of one — text without spaces is cut after each sentence end
// (。！？) and, failing that, every maxWords words.
type piece struct {
	text  string
	space bool // white space before it in the paragraph
	words int  // its length in words (at least 1)
}

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
		p = strings.ToValidUTF8(p, "\uFFFD")
		if !hasHanKana(p) { // fast path: every word counts one, none is cut
			words := strings.Fields(p)
			if len(words) == 0 {
				continue
			}
			if len(words) <= maxWords {
				units = append(units, unit{strings.Join(words, " "), len(words)})
				continue
			}
		}
		ps := piecesOf(p)
		if len(ps) == 0 {
			continue
		}
		if n := weight(ps); n <= maxWords {
			units = append(units, unit{joinPieces(ps), n})
			continue
		}
		for _, group := range splitLong(ps) {
			units = append(units, unit{joinPieces(group), weight(group)})
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

// piecesOf splits a paragraph into pieces (see piece).
func piecesOf(p string) []piece {
	words := strings.Fields(p)
	out := make([]piece, 0, len(words))
	plain := !hasHanKana(p)
	for _, w := range words {
		space := len(out) > 0
		if plain {
			out = append(out, piece{text: w, space: space, words: 1})
			continue
		}
		for w != "" {
			cut := cjkCut(w)
			out = append(out, piece{text: w[:cut], space: space, words: wordWeight(w[:cut])})
			w, space = w[cut:], false
		}
	}
	return out
}

// cjkCut returns where the first piece of the space-free word w ends: after
// its first inner CJK sentence end (with any closing quotes or brackets),
// or after maxWords words of Han and kana, preferring a comma; len(w) when
// w needs no cut.
func cjkCut(w string) int {
	han := 0    // Han and kana characters so far
	comma := -1 // just after the last ideographic comma
	limit := maxWords * cjkCharsPerWord
	for i, r := range w {
		end := i + utf8.RuneLen(r)
		switch {
		case r == '。' || r == '！' || r == '？':
			for end < len(w) {
				c, size := utf8.DecodeRuneInString(w[end:])
				if !strings.ContainsRune("」』）)\"”’】", c) {
					break
				}
				end += size
			}
			if end < len(w) {
				return end
			}
			return len(w)
		case r == '、' || r == '，':
			comma = end
		case isCJK(r) && !isHangul(r):
			han++
			if han >= limit && end < len(w) {
				if comma > len(w)/4 && comma < end {
					return comma
				}
				return end
			}
		}
	}
	return len(w)
}

// hasHanKana reports whether s contains Han or kana: text that may need
// cutting inside space-separated words and counting by characters.
func hasHanKana(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xE2 { // Han and kana encode from E2 BA 80 (U+2E80) up
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x2E80 && isCJK(r) && !isHangul(r) {
			return true
		}
		i += size - 1
	}
	return false
}

// wordWeight is the length of a piece in words: 1 for a space-separated
// word, one per cjkCharsPerWord Han or kana characters for Japanese and
// Chinese text.
func wordWeight(s string) int {
	han := 0
	for _, r := range s {
		if r >= 0x2E80 && isCJK(r) && !isHangul(r) {
			han++
		}
	}
	return max(1, (han+cjkCharsPerWord-1)/cjkCharsPerWord)
}

// weight is the total length of ps in words.
func weight(ps []piece) int {
	n := 0
	for _, p := range ps {
		n += p.words
	}
	return n
}

// joinPieces rebuilds the text of ps, single-spaced where it had spaces.
func joinPieces(ps []piece) string {
	var b strings.Builder
	n := 0
	for _, p := range ps {
		n += len(p.text) + 1
	}
	b.Grow(n)
	for i, p := range ps {
		if i > 0 && p.space {
			b.WriteByte(' ')
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// splitLong cuts an over-long paragraph (as pieces) into balanced groups of
// at most maxWords words, ending groups at sentence boundaries where
// possible.
func splitLong(ps []piece) [][]piece {
	total := weight(ps)
	n := (total + maxWords - 1) / maxWords
	target := (total + n - 1) / n
	var out [][]piece
	start := 0
	for start < len(ps) {
		if weight(ps[start:]) <= maxWords {
			out = append(out, ps[start:])
			break
		}
		// Best sentence end with more than minWords/2 and at most maxWords
		// words before it, the one closest to the balanced target.
		cut, fallback := -1, -1
		best := total + 1
		acc := 0
		for i := start; i < len(ps)-1; i++ {
			acc += ps[i].words
			if fallback < 0 && acc >= target {
				fallback = i + 1
			}
			if acc > maxWords {
				break
			}
			if acc <= minWords/2 || !sentenceEnd(ps[i].text, ps[i+1].text) {
				continue
			}
			if d := absInt(acc - target); d < best {
				best, cut = d, i+1
			}
		}
		if cut < 0 {
			cut = fallback // no sentence boundary: cut between words
		}
		if cut <= start {
			cut = start + 1
		}
		out = append(out, ps[start:cut])
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
