package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"shuttlebot/internal/retrieve"
)

// AbstainPrefix starts the text of every abstention.
const AbstainPrefix = "The coverage I have doesn't say"

// Abstention thresholds (see docs/answers.md for how they were tuned).
const (
	// minCoverage is the weighted share of the question's content words
	// (names and numbers count most, words rare among the retrieved
	// passages more than common ones) that the best sentence's passage must
	// hold.
	minCoverage = 0.45
	// minOverlap is the share the best sentence itself must hold.
	minOverlap = 0.30
	// nameCoverage is the passage coverage above which one name missing
	// from every retrieved passage is forgiven (a spelling variant).
	nameCoverage = 0.85
	// maxNearest is how many nearest articles an abstention cites.
	maxNearest = 3
)

// signals are the measures the abstention rule looks at.
type signals struct {
	overlap     float64 // weighted share of the question's words in the best sentence
	coverage    float64 // the same share in the best sentence's passage
	missingName bool    // a name or number of the question is in no passage
	// plainCoverage is coverage without the IDF factor (priors only).
	plainCoverage float64
	typed         bool // a good sentence carries the kind of answer asked (when/how many)
	// onlyNames is true when the best passage matches the question's names
	// but none of its other content words ("population" in "What is the
	// population of Nara?").
	onlyNames   bool
	contentless bool // the question has no content words
}

// measure computes the abstention signals. cands must be sorted best first.
func (sc *scorer) measure(cands []candidate) signals {
	var sg signals
	if sc.total == 0 {
		sg.contentless = true
	}
	if len(cands) == 0 {
		return sg
	}
	best := cands[0]
	sg.overlap = best.overlap
	sg.coverage = sc.coverage(sc.inPass[best.passage])
	sg.plainCoverage = sc.plainCoverage(sc.inPass[best.passage])
	for _, qt := range sc.q.terms {
		if !qt.name || qt.history {
			continue
		}
		found := false
		for _, terms := range sc.inPass {
			if terms[qt.stem] {
				found = true
				break
			}
		}
		if !found {
			sg.missingName = true
		}
	}
	plain, plainHit := 0, 0
	for _, qt := range sc.q.terms {
		if qt.name || qt.history || qt.prior < 1 {
			continue
		}
		plain++
		if sc.inPass[best.passage][qt.stem] {
			plainHit++
		}
	}
	sg.onlyNames = plain > 0 && plainHit == 0
	sg.typed = true
	if sc.q.typ == qWhen || sc.q.typ == qQuantity {
		sg.typed = false
		for _, c := range cands {
			if c.overlap >= best.overlap*0.5 && c.typeEv >= 0.5 {
				sg.typed = true
				break
			}
		}
	}
	return sg
}

// weakEvidence says why the candidates do not answer the question, or ""
// when they do. cands must be sorted best first.
func (sc *scorer) weakEvidence(cands []candidate) string {
	if len(cands) == 0 {
		return "no sentences retrieved"
	}
	return sc.measure(cands).weak()
}

// weak applies the abstention rule to the signals: it says why they are
// too weak to answer, or "" when they are strong enough.
func (sg signals) weak() string {
	switch {
	case sg.contentless:
		return "the question has no content words"
	case sg.overlap < minOverlap:
		return "no sentence holds enough of the question's words"
	case sg.coverage < minCoverage:
		return "the best passage holds too little of the question"
	case sg.missingName && sg.coverage < nameCoverage:
		return "a name or number in the question appears in no passage"
	case sg.onlyNames:
		return "the best passage shares only names with the question"
	case !sg.typed:
		return "no sentence carries the kind of answer asked for"
	}
	return ""
}

// abstain says the coverage does not answer q and cites the nearest
// articles (at most maxNearest), quoting their closest sentence.
func abstain(q prepared, passages []retrieve.Passage, cands []candidate) Answer {
	asked := clipWords(echo(q.text), 160)
	if end := strings.TrimRight(asked, "'\"’”)"); !strings.HasSuffix(end, "?") && !strings.HasSuffix(end, ".") && !strings.HasSuffix(end, "…") {
		asked += "."
	}
	ans := Answer{Mode: ModeExtractive, Abstained: true}
	// The closest sentence of each passage, from the sorted candidates.
	quote := make(map[int]string)
	for _, c := range cands {
		if _, ok := quote[c.passage]; !ok && c.overlap > 0 {
			quote[c.passage] = c.text
		}
	}
	seen := make(map[string]bool)
	for i, p := range passages {
		if len(ans.Citations) == maxNearest {
			break
		}
		if seen[p.DocID] {
			continue
		}
		seen[p.DocID] = true
		qt := quote[i]
		if qt == "" {
			if ss := SplitSentences(p.Text); len(ss) > 0 {
				qt = ss[0]
			}
		}
		ans.Citations = append(ans.Citations, citationFor(len(ans.Citations)+1, p, clipWords(qt, 300)))
	}
	if len(ans.Citations) == 0 {
		ans.Text = AbstainPrefix + ": " + quoteQuestion(asked) + " No article in the coverage comes close."
	} else {
		ans.Text = AbstainPrefix + ": " + quoteQuestion(asked) + " The nearest sources are listed below."
	}
	if utf8.RuneCountInString(ans.Text) > MaxAnswerLen {
		ans.Text = clipWords(ans.Text, MaxAnswerLen)
	}
	return ans
}

func quoteQuestion(s string) string { return "“" + s + "”" }

// bracketRe matches what could pass for a citation marker.
var bracketRe = regexp.MustCompile(`\[\s*(\d+)\s*\]`)

// echo makes the user's question safe to repeat in an answer: no control
// or invisible formatting characters, no "[n]" that would pass for a
// citation marker, white space folded.
func echo(q string) string {
	q = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, q)
	q = bracketRe.ReplaceAllString(q, "($1)")
	return strings.Join(strings.Fields(q), " ")
}
