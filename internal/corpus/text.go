package corpus

import (
	"bytes"
	"errors"
	"html"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText turns raw file bytes into valid UTF-8 text with "\n" line ends.
// Invalid bytes become U+FFFD so that one bad byte does not cost a whole
// article; content that is clearly not text fails.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data), nil
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "", errors.New("binary content (NUL bytes)")
	}
	bad, ctrl, n := 0, 0, 0
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 && len(head)-i >= utf8.UTFMax {
			bad++
		} else if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctrl++
		}
		n++
		i += size
	}
	if n > 0 && (bad+ctrl)*10 > n {
		return "", errors.New("not text: too many invalid or control bytes")
	}
	s := string(data)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, nil
}

func decodeUTF16(data []byte) string {
	be := data[0] == 0xFE
	data = data[2:]
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if be {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	s := string(utf16.Decode(u))
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// cleanInline removes markup residue from one unit of text: HTML entities,
// stray tags, invisible characters; runs of white space become one space.
func cleanInline(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
		if strings.IndexByte(s, '&') >= 0 { // double-escaped (&amp;nbsp;)
			s = html.UnescapeString(s)
		}
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = stripTags(s)
	}
	return squash(s)
}

// stripTags drops things that look like HTML tags (<b>, </p>, <br/>,
// <!-- … -->) while leaving a lone "<" in prose ("a < b") alone.
func stripTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 || !looksLikeTag(s[i+1:i+j]) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+j+1:]
	}
	return b.String()
}

func looksLikeTag(inner string) bool {
	if inner == "" || len(inner) > 2000 {
		return false
	}
	if strings.HasPrefix(inner, "!--") || strings.HasPrefix(inner, "!") {
		return true
	}
	inner = strings.TrimPrefix(inner, "/")
	if inner == "" {
		return false
	}
	c := inner[0]
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// squash trims s and folds every run of white space (including no-break and
// zero-width spaces) into a single space.
func squash(s string) string {
	if isSquashed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u2060' {
			space = true
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isSquashed reports ASCII text that squash would leave unchanged.
func isSquashed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == 0x7f {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	return true
}

// wordCount counts white-space separated words.
func wordCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
			if !sp && !in {
				n++
			}
			in = !sp
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		sp := unicode.IsSpace(r)
		if !sp && !in {
			n++
		}
		in = !sp
		i += size - 1
	}
	return n
}

// endsSentence reports whether s ends like a sentence (., !, ?, closing
// quote after one, CJK full stops).
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return r == '"' || r == '\'' || r == '”' || r == '’' || r == ')' || r == ']' || r == '»' || unicode.IsSpace(r)
	})
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '。', '．', '！', '？', '…':
		return true
	}
	return false
}

// isEllipsisEnd reports whether s ends with "..." or "…" (a truncated teaser).
func isEllipsisEnd(s string) bool {
	s = strings.TrimRight(s, " ")
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")
}

// trimEllipsis removes a trailing "..." or "…".
func trimEllipsis(s string) string {
	s = strings.TrimRight(s, " ")
	s = strings.TrimSuffix(s, "…")
	s = strings.TrimRight(s, ".")
	return strings.TrimSpace(s)
}

// titleLike reports whether s has the shape of a headline or link title:
// short, starting with a capital letter or digit, without sentence-final
// punctuation.
func titleLike(s string) bool { return titleLikeN(s, wordCount(s)) }

// titleLikeN is titleLike with s's word count already known.
func titleLikeN(s string, n int) bool {
	if n < 2 || n > 25 || len(s) > 220 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '\'' || r == '‘' || unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '.', '!', ',', ';', ':', '。', '．', '-', '–', '—', '|':
		return false
	case '?':
		return n <= 15
	}
	return !isEllipsisEnd(s)
}

// normKey reduces s to lower-case letters and digits separated by single
// spaces, for comparing text regardless of punctuation and spacing.
func normKey(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return normKeySlow(s)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
		} else {
			space = true
		}
	}
	return string(b)
}

func normKeySlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

// tokens splits s into lower-case words of letters and digits.
func tokens(s string) []string { return strings.Fields(normKey(s)) }

// contentWords returns the distinct non-stopword words of s (three letters or
// more, plural "s" trimmed), used to measure topical overlap.
func contentWords(s string) map[string]struct{} {
	out := make(map[string]struct{})
	for _, w := range tokens(s) {
		if len([]rune(w)) < 3 || stopwords[w] {
			continue
		}
		if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out[w] = struct{}{}
	}
	return out
}

// overlap is the share of words in seg that also occur in vocab.
func overlap(seg, vocab map[string]struct{}) float64 {
	if len(seg) == 0 {
		return 1
	}
	hit := 0
	for w := range seg {
		if _, ok := vocab[w]; ok {
			hit++
		}
	}
	return float64(hit) / float64(len(seg))
}

var stopwords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been
		before being below between both but by can could did do does doing down during each few for from further had
		has have having he her here hers herself him himself his how i if in into is it its itself just me more most my
		myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such
		than that the their theirs them themselves then there these they this those through to too under until up very
		was we were what when where which while who whom why will with would you your yours yourself yourselves said
		says say told tell tells new one two three first last year years week month day days time mr mrs ms monday
		tuesday wednesday thursday friday saturday sunday january february march april may june july august september
		october november december jan feb mar apr jun jul aug sep sept oct nov dec ago since per cent percent many much
		well still even back way may might must shall get got make made like according people including among around
		while however though although another every next previous via amid yet upon within without across`) {
		m[w] = true
	}
	return m
}()

// firstSentence returns s up to its first sentence end, cut to at most max
// bytes on a word boundary (with "…" when cut).
func firstSentence(s string, max int) string {
	for i, r := range s {
		if (r == '.' || r == '!' || r == '?' || r == '。') && i > 20 {
			rest := s[i+utf8.RuneLen(r):]
			if rest == "" || rest[0] == ' ' {
				s = s[:i+utf8.RuneLen(r)]
				break
			}
		}
	}
	if len(s) <= max {
		return strings.TrimRight(s, ".")
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut < max/2 {
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
