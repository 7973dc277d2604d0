package answer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"shuttlebot/internal/retrieve"
)

// The grounding check: a model's answer is split into sentences; each must
// cite passages that exist and that contain its numbers, dates and names and
// at least half of its other content words. Everything else is dropped, and
// the surviving citations are renumbered 1..n in order of first use.

// minTermOverlap is the share of a sentence's content words that its cited
// passages must contain.
const minTermOverlap = 0.5

// maxQuoteLen caps a citation's quote, in characters.
const maxQuoteLen = 300

var (
	// citeGroupRe matches one citation marker: [3], [1, 2], [1;2], [2-4].
	citeGroupRe = regexp.MustCompile(`\[\s*\d{1,3}(?:\s*[,;\-–]\s*\d{1,3})*\s*\]`)
	// citeAfterStopRe matches markers placed after a sentence's full stop
	// ("… Nara. [1] Next …"), to be moved before it.
	citeAfterStopRe = regexp.MustCompile(`([.!?]["'”’)]*)\s*((?:\[\s*\d{1,3}(?:\s*[,;\-–]\s*\d{1,3})*\s*\]\s*)+)`)
	// sourcesBlockRe finds a trailing list of sources the model added.
	sourcesBlockRe = regexp.MustCompile(`(?im)^\s*(?:#+\s*)?(?:\*\*)?(?:sources?|references?|citations?)(?:\*\*)?\s*:`)
	// bulletRe matches list bullets and headings at the start of a line.
	bulletRe = regexp.MustCompile(`(?m)^\s*(?:[-*•]|\d+[.)]|#+)\s+`)
	// refusalRes recognise a sentence saying the passages do not answer.
	refusalRes = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:i|we)\s+(?:cannot|can't|can ?not|am unable to|are unable to|don't|do not)\s+(?:answer|know|find|determine|tell|say)`),
		regexp.MustCompile(`(?i)\b(?:passages?|sources?|coverage|articles?|context|texts?|documents?|information)\b[^.]{0,40}?\b(?:do|does|did)\s*(?:not|n't)\s+(?:say|mention|specify|state|contain|provide|include|indicate|answer|address|cover|discuss|give)`),
		regexp.MustCompile(`(?i)\bnot\s+(?:mentioned|specified|stated|provided|covered|addressed|given)\s+in\s+the\s+(?:passages?|sources?|coverage|articles?|context)`),
		regexp.MustCompile(`(?i)\b(?:no|not enough|insufficient)\s+(?:information|details|data|evidence)\s+(?:in|from|to answer|about this)`),
		regexp.MustCompile(`(?i)\bunable to answer\b`),
	}
)

// metaWords are words a model uses to talk about its sources; they are not
// claims and are ignored when matching content.
var metaWords = map[string]bool{
	"passage": true, "passages": true, "source": true, "sources": true, "article": true,
	"articles": true, "coverage": true, "provided": true, "mentioned": true, "mentions": true,
	"mention": true, "states": true, "stated": true, "reported": true, "reports": true,
	"indicates": true, "indicate": true, "according": true, "based": true,
}

// sentenceStarters are ordinary words often capitalised only because they
// start a sentence; they are not checked as names.
var sentenceStarters = map[string]bool{
	"earlier": true, "later": true, "meanwhile": true, "also": true, "however": true,
	"together": true, "since": true, "following": true, "afterwards": true, "first": true,
	"second": true, "third": true, "last": true, "today": true, "yesterday": true,
	"overall": true, "instead": true, "moreover": true, "furthermore": true, "yes": true,
	"besides": true, "despite": true, "amid": true, "among": true, "although": true,
	"though": true, "next": true, "there": true, "their": true, "these": true, "those": true,
	"while": true, "during": true, "after": true, "before": true, "both": true, "then": true,
	"leaders": true, "officials": true, "talks": true, "president": true, "prime": true,
}

// numberWords lets a digit in an answer match a number spelled out in a
// passage.
var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
	"fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
	"nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
	"hundred": "100", "thousand": "1000",
}

// evidence is what one passage can support: its words, stems and numbers,
// metadata included.
type evidence struct {
	script  string          // the passage text's main script
	words   map[string]bool // lower-cased tokens and their stems
	terms   map[string]bool // stemmed content words
	numbers map[string]bool // normalised numbers
}

func newEvidence(p retrieve.Passage) evidence {
	e := evidence{script: scriptOf(p.Text), words: map[string]bool{}, terms: map[string]bool{}, numbers: map[string]bool{}}
	var b strings.Builder
	for _, s := range []string{p.Title, p.Outlet, p.Date.String(), p.Date.Human(), p.Text} {
		b.WriteString(s)
		b.WriteString("\n")
	}
	if !p.Date.IsZero() && p.Date.Month != 0 {
		b.WriteString(p.Date.Month.String())
	}
	text := b.String()
	for _, t := range Tokens(text) {
		e.words[t] = true
		e.words[Stem(t)] = true
		if n, ok := normNumber(t); ok {
			e.numbers[n] = true
		}
		if d, ok := numberWords[t]; ok {
			e.numbers[d] = true
		}
	}
	for _, t := range ContentTerms(text) {
		e.terms[t] = true
	}
	return e
}

// normNumber turns a token that starts with a digit into a canonical number:
// separators and leading zeros dropped, a suffix like "th" cut ("013th" →
// "13", "1,000" → "1000", "2.50" → "2.5").
func normNumber(t string) (string, bool) {
	if t == "" || t[0] < '0' || t[0] > '9' {
		return "", false
	}
	end := 0
	for end < len(t) && (t[end] >= '0' && t[end] <= '9' || t[end] == ',' || t[end] == '.') {
		end++
	}
	n := strings.TrimRight(strings.ReplaceAll(t[:end], ",", ""), ".")
	if strings.Contains(n, ".") {
		n = strings.TrimSuffix(strings.TrimRight(n, "0"), ".") // "2.50" → "2.5", "2.0" → "2"
	}
	n = strings.TrimLeft(n, "0")
	if n == "" || n[0] == '.' {
		n = "0" + n
	}
	return n, true
}

// grounder checks sentences of a model answer against the prompt passages.
type grounder struct {
	passages []retrieve.Passage
	ev       []evidence
	// lowerSeen holds words the passages use in lower case: a capitalised
	// sentence-initial word found here is an ordinary word, not a name.
	lowerSeen map[string]bool
}

func newGrounder(passages []retrieve.Passage) *grounder {
	g := &grounder{passages: passages, lowerSeen: map[string]bool{}}
	for _, p := range passages {
		g.ev = append(g.ev, newEvidence(p))
		for _, w := range strings.Fields(p.Text) {
			if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, `"'“‘(`)); unicode.IsLower(r) {
				for _, t := range Tokens(w) {
					g.lowerSeen[t] = true
				}
			}
		}
	}
	return g
}

// groundedSentence is one sentence that passed the check.
type groundedSentence struct {
	body  string // the sentence without citation markers
	cites []int  // indexes into the passages that support it, in order
	terms []string
}

// groundResult is the outcome of checking a whole answer.
type groundResult struct {
	sentences []groundedSentence
	dropped   int  // sentences removed as unsupported or uncited
	refusals  int  // sentences saying the passages do not answer
	noAnswer  bool // the model replied NO_ANSWER
}

// check grounds a model's answer text.
func (g *grounder) check(text string) groundResult {
	var res groundResult
	text = cleanModelText(text)
	if strings.HasPrefix(strings.TrimSpace(text), noAnswerToken) {
		res.noAnswer = true
		return res
	}
	text = strings.ReplaceAll(text, noAnswerToken, "")
	for _, s := range splitModelSentences(text) {
		if citeGroupRe.FindStringIndex(s) != nil && citeGroupRe.FindStringIndex(s)[0] == 0 {
			// A line starting with a marker is a list of sources, not a claim.
			res.dropped++
			continue
		}
		cites := g.validCites(s)
		body := stripCites(s)
		if !hasWordRune(body) {
			continue
		}
		if isRefusal(body) {
			res.refusals++
			continue
		}
		keep, terms, ok := g.supports(body, cites)
		if !ok {
			res.dropped++
			continue
		}
		res.sentences = append(res.sentences, groundedSentence{body: body, cites: keep, terms: terms})
	}
	return res
}

// citedEndRe matches the end of a cited sentence ("… [2]. ") and CJK full
// stops, where scripts without capitals can still be split.
var citedEndRe = regexp.MustCompile(`\]\s*[.!?。！？]["'”’)]*\s+|[。！？]["'”’)」]*\s*`)

// splitModelSentences splits a model's answer into sentences: as
// SplitSentences does, and also after a citation marker with a full stop, or
// a CJK full stop, whatever follows (Korean and Japanese have no capitals
// to signal a new sentence).
func splitModelSentences(text string) []string {
	var out []string
	for _, s := range SplitSentences(text) {
		start := 0
		for _, loc := range citedEndRe.FindAllStringIndex(s, -1) {
			if part := strings.TrimSpace(s[start:loc[1]]); part != "" {
				out = append(out, part)
			}
			start = loc[1]
		}
		if part := strings.TrimSpace(s[start:]); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// cleanModelText removes formatting a model may add despite instructions:
// a trailing list of sources, Markdown emphasis, bullets and headings; and
// moves markers written after a full stop before it.
func cleanModelText(text string) string {
	if loc := sourcesBlockRe.FindStringIndex(text); loc != nil && loc[0] > 0 {
		text = text[:loc[0]]
	}
	text = strings.NewReplacer("**", "", "__", "", "`", "").Replace(text)
	text = bulletRe.ReplaceAllString(text, "")
	text = citeAfterStopRe.ReplaceAllString(text, " $2$1 ")
	// Line breaks inside a paragraph do not end sentences here.
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
}

// citeNumbers returns the numbers in the markers of s, in order, ranges
// expanded, without repeats.
func citeNumbers(s string) []int {
	var out []int
	seen := map[int]bool{}
	add := func(n int) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, m := range citeGroupRe.FindAllString(s, -1) {
		inner := strings.Trim(m, "[] ")
		for _, part := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ';' }) {
			part = strings.TrimSpace(part)
			if lo, hi, ok := strings.Cut(strings.ReplaceAll(part, "–", "-"), "-"); ok {
				a, err1 := strconv.Atoi(strings.TrimSpace(lo))
				b, err2 := strconv.Atoi(strings.TrimSpace(hi))
				if err1 == nil && err2 == nil && a <= b && b-a < 20 {
					for n := a; n <= b; n++ {
						add(n)
					}
				}
				continue
			}
			if n, err := strconv.Atoi(part); err == nil {
				add(n)
			}
		}
	}
	return out
}

// validCites returns the passage indexes that the markers of s name and
// that exist.
func (g *grounder) validCites(s string) []int {
	var out []int
	for _, n := range citeNumbers(s) {
		if n >= 1 && n <= len(g.passages) {
			out = append(out, n-1)
		}
	}
	return out
}

// stripCites removes citation markers and tidies the space they leave.
func stripCites(s string) string {
	s = citeGroupRe.ReplaceAllString(s, "")
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{".", ",", "!", "?", ";", ":"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	return strings.TrimSpace(s)
}

// removeInvalidCites drops markers naming passages outside 1..k (used on
// streamed partial text before it is shown).
func removeInvalidCites(s string, k int) string {
	return citeGroupRe.ReplaceAllStringFunc(s, func(m string) string {
		for _, n := range citeNumbers(m) {
			if n < 1 || n > k {
				return ""
			}
		}
		return m
	})
}

func isRefusal(s string) bool {
	for _, re := range refusalRes {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func hasWordRune(s string) bool { return strings.IndexFunc(s, isWordRune) >= 0 }

// claims are the checkable parts of a sentence.
type claims struct {
	numbers []string
	names   []string
	terms   []string // unique stemmed content words other than names, meta words left out
	script  string   // the sentence's main script (see scriptOf)
}

func (g *grounder) claimsOf(body string) claims {
	var c claims
	seen := map[string]bool{}
	for _, t := range Tokens(body) {
		n, ok := normNumber(t)
		if !ok && t != "one" && t != "hundred" && t != "thousand" {
			// "three" must match "three" or "3" in a passage ("one" is too
			// often a pronoun to check).
			n, ok = numberWords[t]
		}
		if ok && !seen["#"+n] {
			seen["#"+n] = true
			c.numbers = append(c.numbers, n)
		}
	}
	words := strings.Fields(body)
	for i, w := range words {
		w = strings.TrimLeft(w, `"'“‘(«[`)
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || r > unicode.MaxLatin1 && !unicode.Is(unicode.Latin, r) {
			continue
		}
		for _, t := range Tokens(w) {
			// Keep the Latin part of a word that runs into another script
			// ("Nara에서" → "nara").
			if k := strings.IndexFunc(t, func(r rune) bool { return !unicode.Is(unicode.Latin, r) }); k >= 0 {
				t = t[:k]
			}
			if len(t) < 2 || isStopword(t) || metaWords[t] || seen["@"+t] {
				continue
			}
			if i == 0 && (g.lowerSeen[t] || sentenceStarters[t] || strings.HasSuffix(t, "ly")) {
				continue // an ordinary word capitalised to start the sentence
			}
			seen["@"+t] = true
			c.names = append(c.names, t)
		}
	}
	c.script = scriptOf(body)
	for _, t := range Tokens(body) {
		if metaWords[t] || isStopword(t) || numberWords[t] != "" {
			continue
		}
		if _, ok := normNumber(t); ok {
			continue
		}
		s := Stem(t)
		if isStopword(s) || seen["$"+s] || seen["@"+t] {
			continue
		}
		seen["$"+s] = true
		c.terms = append(c.terms, s)
	}
	return c
}

// supports reports whether the cited passages support body, and which of
// them contribute to it.
func (g *grounder) supports(body string, cites []int) (keep []int, terms []string, ok bool) {
	if len(cites) == 0 {
		return nil, nil, false
	}
	c := g.claimsOf(body)
	if len(c.numbers)+len(c.names)+len(c.terms) == 0 {
		return nil, nil, false
	}
	contributes := make([]bool, len(cites))
	for _, n := range c.numbers {
		found := false
		for i, pi := range cites {
			if g.ev[pi].numbers[n] {
				found, contributes[i] = true, true
			}
		}
		if !found {
			return nil, nil, false
		}
	}
	for _, name := range c.names {
		found := false
		for i, pi := range cites {
			if g.ev[pi].words[name] || g.ev[pi].words[Stem(name)] {
				found, contributes[i] = true, true
			}
		}
		if !found {
			return nil, nil, false
		}
	}
	sameScript := false
	for _, pi := range cites {
		sameScript = sameScript || g.ev[pi].script == c.script
	}
	if !sameScript && len(c.numbers)+len(c.names) == 0 {
		// Words can't be compared across scripts (a Korean answer to
		// English coverage): with no number or name to check, the
		// sentence can't be verified.
		return nil, nil, false
	}
	if sameScript && len(c.terms) > 0 {
		hit := 0
		for _, t := range c.terms {
			found := false
			for i, pi := range cites {
				if g.ev[pi].terms[t] || g.ev[pi].words[t] {
					found, contributes[i] = true, true
				}
			}
			if found {
				hit++
			}
		}
		if float64(hit) < minTermOverlap*float64(len(c.terms)) {
			return nil, nil, false
		}
	}
	for i, pi := range cites {
		if contributes[i] {
			keep = append(keep, pi)
		}
	}
	var quoteTerms []string
	for _, n := range c.names {
		quoteTerms = append(quoteTerms, Stem(n))
	}
	return keep, append(quoteTerms, c.terms...), len(keep) > 0
}

// render joins the grounded sentences into an answer of at most maxLen
// characters (whole sentences; a lone first sentence is clipped), with
// citations renumbered 1..n in order of first use. Passages of the same
// article share one number. Citation fields come from the passages.
func (g *grounder) render(sentences []groundedSentence, maxLen int) (string, []Citation) {
	num := map[string]int{} // DocID → N
	var cites []Citation
	var quoteTerms []map[string]bool
	var out []string
	length := 0
	for si, s := range sentences {
		// Assign numbers tentatively; commit only if the sentence fits.
		tmp := map[string]int{}
		var ns []int
		next := len(cites) + 1
		for _, pi := range s.cites {
			doc := g.passages[pi].DocID
			n, ok := num[doc]
			if !ok {
				if n, ok = tmp[doc]; !ok {
					n = next
					next++
					tmp[doc] = n
				}
			}
			if !containsInt(ns, n) {
				ns = append(ns, n)
			}
		}
		line := withMarkers(s.body, ns)
		extra := utf8.RuneCountInString(line)
		if len(out) > 0 {
			extra++ // the joining space
		}
		if length+extra > maxLen {
			if si > 0 {
				break
			}
			marks := utf8.RuneCountInString(withMarkers("", ns))
			line = withMarkers(clip(s.body, maxLen-marks-1), ns)
			extra = utf8.RuneCountInString(line)
		}
		out = append(out, line)
		length += extra
		for _, pi := range s.cites {
			p := g.passages[pi]
			n := num[p.DocID]
			if n == 0 {
				n = tmp[p.DocID]
				num[p.DocID] = n
				cites = append(cites, Citation{
					N: n, Doc: p.DocID, Title: p.Title, Source: p.Outlet, URL: p.URL,
					Date: p.Date.String(),
				})
				quoteTerms = append(quoteTerms, map[string]bool{})
			}
			for _, t := range s.terms {
				quoteTerms[n-1][t] = true
			}
		}
	}
	// Quotes: the sentence of the first-used passage of each article that
	// shares most content words with the answer sentences citing it.
	first := map[string]int{}
	for _, s := range sentences {
		for _, pi := range s.cites {
			if _, ok := first[g.passages[pi].DocID]; !ok {
				first[g.passages[pi].DocID] = pi
			}
		}
	}
	for i := range cites {
		p := g.passages[first[cites[i].Doc]]
		cites[i].Quote = bestQuote(p.Text, quoteTerms[i])
	}
	return strings.Join(out, " "), cites
}

// withMarkers puts the citation markers of ns at the end of body, before
// its final punctuation: "Lee met Takaichi in Nara [1]."
func withMarkers(body string, ns []int) string {
	var m strings.Builder
	for _, n := range ns {
		m.WriteString("[" + strconv.Itoa(n) + "]")
	}
	if body == "" {
		return m.String()
	}
	if strings.HasSuffix(body, "…") {
		return body + " " + m.String()
	}
	last, size := utf8.DecodeLastRuneInString(body)
	if strings.ContainsRune(".!?。！？", last) {
		return strings.TrimSpace(body[:len(body)-size]) + " " + m.String() + string(last)
	}
	return body + " " + m.String()
}

// bestQuote picks the sentence of text sharing most of terms, clipped.
func bestQuote(text string, terms map[string]bool) string {
	best, bestScore := "", -1
	for _, s := range SplitSentences(text) {
		score := 0
		for _, t := range ContentTerms(s) {
			if terms[t] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	if best == "" {
		best = oneLine(text)
	}
	return clip(best, maxQuoteLen)
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// scriptOf names the script most of the letters of s are written in.
func scriptOf(s string) string {
	scripts := []struct {
		name  string
		table *unicode.RangeTable
	}{
		{"latin", unicode.Latin}, {"hangul", unicode.Hangul}, {"han", unicode.Han},
		{"kana", unicode.Hiragana}, {"kana", unicode.Katakana}, {"cyrillic", unicode.Cyrillic},
		{"arabic", unicode.Arabic},
	}
	counts := map[string]int{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		name := "other"
		for _, sc := range scripts {
			if unicode.Is(sc.table, r) {
				name = sc.name
				break
			}
		}
		counts[name]++
	}
	best, n := "", 0
	for _, name := range []string{"latin", "hangul", "han", "kana", "cyrillic", "arabic", "other"} {
		if counts[name] > n {
			best, n = name, counts[name]
		}
	}
	return best
}
