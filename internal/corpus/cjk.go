package corpus

import (
	"strings"
	"unicode/utf8"
)

// unglueSentences puts back the space that scrapers drop between Korean
// sentences when they join paragraphs ("보도했다.한국 방문은" →
// "보도했다. 한국 방문은"): a sentence end (. ! ?) after a Hangul syllable,
// directly followed by a Hangul syllable, a digit, an opening curly quote
// or a bracket. Without the space the sentence
// splitters of the chunker and the answerer see one long sentence. Decimal
// numbers (3.5), abbreviations (U.S.) and Japanese or Chinese text (no
// spaces by convention) are left alone.
func unglueSentences(s string) string {
	if !strings.ContainsAny(s, ".!?") || !hasHangul(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	var prev rune // the rune before the current one
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		i += size
		if (r != '.' && r != '!' && r != '?') || !isHangulSyllable(prev) {
			prev = r
			continue
		}
		// A quote right after the sentence end may close it ("…했다."라고)
		// or open the next one: only unambiguous starts count.
		if i < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i:])
			if isHangulSyllable(next) || next >= '0' && next <= '9' || strings.ContainsRune("“‘[(【「『", next) {
				b.WriteByte(' ')
			}
		}
		prev = r
	}
	return b.String()
}

// isHangulSyllable reports whether r is a precomposed Hangul syllable.
func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// hasHangul reports whether s contains a Hangul syllable.
func hasHangul(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xEA { // Hangul syllables encode as EA B0 80 … ED 9E A3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isHangulSyllable(r) {
			return true
		}
		i += size - 1
	}
	return false
}
