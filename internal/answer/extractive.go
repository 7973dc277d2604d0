package answer

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"shuttlebot/internal/retrieve"
)

// Scoring weights of the extractive composer. They were tuned on the
// development set and SQuAD (docs/answers.md); change them with the eval.
const (
	maxSentences    = 3    // sentences in one answer
	keepRatio       = 0.75 // a further sentence must score this share of the best
	altSupport      = 0.50 // another answer to a who/when/where/how-many question needs this share of the best-supported answer's votes
	mmrLambda       = 0.10 // a further sentence loses this × its similarity to those chosen
	agreeRatio      = 0.50 // another article's sentence stating the same answer, at this share of the best, is cited too
	maxCorroborate  = 2    // further articles cited on one sentence
	dateWeight      = 0.15 // bonus for a sentence dated (or in an article dated) when the question asks
	captionPenalty  = 0.15 // a photo caption is weaker evidence than reporting
	maxSupportQuote = 300  // quote of an article cited beside another's sentence, in characters
	voteWeight      = 0.10 // bonus for giving the answer most retrieved sentences give
	typeWeight      = 0.30 // bonus for carrying the asked-for kind of answer
	phraseWeight    = 0.05 // per question word pair found side by side
	rankWeight      = 0.10 // bonus for the passage's retrieval rank
	restatePenalty  = 0.20 // a sentence with nothing beyond the question's words
	dupJaccard      = 0.6  // content-word overlap above which sentences repeat a fact
	historyPrior    = 0.5  // weight of words taken from earlier questions
	namePrior       = 1.6  // weight of names and numbers in the question
	weakPrior       = 0.3  // weight of generic words ("year", "number", "called")
	datePrior       = 0.5  // weight of months, weekdays and years in the question
	lightPrior      = 0.7  // weight of light verbs, often paraphrased ("meet" → "held talks")
)

// weakWords are content words that say little about the topic.
// Words about the coverage itself ("outlet", "headline") are weak too: an
// article rarely names itself as such.
var weakWords = stemSet("year day month date time name call number new first way thing kind type part " +
	"outlet publish headline story article report news coverage source")

// lightVerbs carry little meaning of their own and are often paraphrased.
var lightVerbs = stemSet("meet hold happen take make give go come become get play use include begin start end " +
	"lead show keep put set know think see want need find leave consider occur bring")

// dateTerms are the stems of month and weekday names.
var dateTerms = stemSet("january february march april may june july august september october november december " +
	"monday tuesday wednesday thursday friday saturday sunday")

// stemSet is a set of the stems of words.
func stemSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[Stem(w)] = true
	}
	return m
}

// qterm is one content word of the question.
type qterm struct {
	stem    string
	prior   float64
	name    bool // a name or number: its absence from the coverage matters most
	history bool // from an earlier question, not this one
}

// prepared is a question prepared for matching sentences.
type prepared struct {
	text  string
	typ   qType
	terms []qterm
	// words holds the question's lower-cased tokens and their stems, to tell
	// what a sentence adds to the question.
	words map[string]bool
	// asked is the time the question names ("in January 2026"), if any.
	asked askedTime
}

// newQuery prepares q (and the earlier questions it follows up, if any);
// now resolves relative times ("last year").
func newQuery(q string, history []string, now time.Time) prepared {
	qu := prepared{text: q, typ: questionType(q), words: make(map[string]bool), asked: timeAsked(q, now)}
	seen := make(map[string]int)
	add := func(text string, fromHistory bool) {
		heads := typeHeads(text)
		names := make(map[string]bool)
		for _, w := range wordsOf(text) {
			if (isCapitalised(w.text) && !w.first && !notNames[w.lower]) || isNumberWord(w.lower) {
				for _, t := range Tokens(w.text) {
					names[Stem(t)] = true
				}
			}
		}
		for _, t := range Tokens(text) {
			qu.words[t] = true
			qu.words[Stem(t)] = true
		}
		for _, s := range ContentTerms(text) {
			if _, ok := seen[s]; ok {
				continue
			}
			qt := qterm{stem: s, prior: 1, name: names[s], history: fromHistory}
			switch {
			case dateTerms[s] || yearOnlyRe.MatchString(s):
				// "in January 2026": articles say "on Tuesday", "last
				// month" or carry the date as metadata, so dates in a
				// question constrain rather than identify.
				qt.name, qt.prior = false, datePrior
			case qt.name:
				qt.prior = namePrior
			case weakWords[s] || heads[s]:
				qt.prior = weakPrior
			case lightVerbs[s]:
				qt.prior = lightPrior
			}
			if fromHistory {
				qt.prior *= historyPrior
			}
			seen[s] = len(qu.terms)
			qu.terms = append(qu.terms, qt)
		}
	}
	add(q, false)
	for i := len(history) - 1; i >= 0; i-- {
		add(history[i], true)
	}
	return qu
}

func isNumberWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return false
		}
	}
	return true
}

// candidate is one sentence of a retrieved passage.
type candidate struct {
	passage  int // index into the passages
	index    int // sentence number within the passage
	text     string
	terms    map[string]bool
	overlap  float64 // weighted share of the question's words it holds
	typeEv   float64 // evidence of the asked-for kind of answer (0..1)
	score    float64
	restates bool // adds no content word to the question
	// keys are the words that carry the asked-for answer (the place, date,
	// number or name the question does not state), to tell two sentences
	// that give the same answer.
	keys    map[string]bool
	dated   float64 // how well its date fits the time the question names (0..1)
	caption float64 // how much it reads like a photo caption (0..1)
}

// scorer holds what is shared while scoring one question's candidates.
type scorer struct {
	q       prepared
	weight  map[string]float64 // question word → prior × IDF across passages
	total   float64
	inPass  []map[string]bool // content words per passage
	topScor float64
	// support is each answer key's votes as a share of the top key's.
	support map[string]float64
}

func newScorer(q prepared, passages []retrieve.Passage) *scorer {
	sc := &scorer{q: q, weight: make(map[string]float64)}
	df := make(map[string]int)
	for _, p := range passages {
		terms := make(map[string]bool)
		for _, t := range ContentTerms(p.Title + "\n" + p.Text + "\n" + dateWords(p) + "\n" + acronym(p.Title)) {
			terms[t] = true
		}
		sc.inPass = append(sc.inPass, terms)
		for _, qt := range q.terms {
			if terms[qt.stem] {
				df[qt.stem]++
			}
		}
		sc.topScor = max(sc.topScor, p.Score)
	}
	n := float64(len(passages))
	for _, qt := range q.terms {
		idf := math.Log(1 + (n+1)/(float64(df[qt.stem])+0.5))
		w := qt.prior * idf
		sc.weight[qt.stem] = w
		sc.total += w
	}
	return sc
}

// coverage is the weighted share of the question's words found in terms.
func (sc *scorer) coverage(terms map[string]bool) float64 {
	if sc.total == 0 {
		return 0
	}
	got := 0.0
	for _, qt := range sc.q.terms {
		if terms[qt.stem] {
			got += sc.weight[qt.stem]
		}
	}
	return got / sc.total
}

// plainCoverage is coverage weighing words by their prior only.
func (sc *scorer) plainCoverage(terms map[string]bool) float64 {
	got, total := 0.0, 0.0
	for _, qt := range sc.q.terms {
		total += qt.prior
		if terms[qt.stem] {
			got += qt.prior
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// candidates splits the passages into scored sentences, best first.
func (sc *scorer) candidates(passages []retrieve.Passage) []candidate {
	var out []candidate
	for pi, p := range passages {
		var prev map[string]bool
		ss := SplitSentences(p.Text)
		for si, s := range ss {
			if isCredit(s) {
				continue
			}
			c := sc.score(pi, si, s, len(passages), p, prev, si+1 < len(ss) && isCredit(ss[si+1]))
			prev = c.terms
			out = append(out, c)
		}
	}
	sc.vote(out)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		if out[i].passage != out[j].passage {
			return out[i].passage < out[j].passage
		}
		return out[i].index < out[j].index
	})
	return out
}

// vote rewards sentences whose answer (keys) other retrieved sentences
// give too, in other articles especially: an answer stated across the
// coverage is likelier right than one stated once. Each sentence votes for
// its keys with its overlap with the question, more when its date fits the
// time asked; a sentence gains voteWeight × its best key's share of the
// top key's votes.
func (sc *scorer) vote(cands []candidate) {
	votes := make(map[string]float64)
	for _, c := range cands {
		if c.overlap == 0 || c.typeEv < 0.5 {
			continue
		}
		for k := range c.keys {
			votes[k] += c.overlap * (1 + c.dated) * (1 - 0.5*c.caption)
		}
	}
	top := 0.0
	for _, v := range votes {
		top = max(top, v)
	}
	if top == 0 {
		return
	}
	sc.support = make(map[string]float64, len(votes))
	for k, v := range votes {
		sc.support[k] = v / top
	}
	for i := range cands {
		c := &cands[i]
		if c.overlap == 0 || c.typeEv < 0.5 {
			continue
		}
		best := 0.0
		for k := range c.keys {
			best = max(best, votes[k])
		}
		c.score += voteWeight * best / top
	}
}

// leadsBack reports whether sentence s starts by referring back ("He also
// said…", "The two leaders…"), so the sentence before it says who or what.
func leadsBack(s string) bool {
	ws := wordsOf(s)
	if len(ws) == 0 {
		return false
	}
	switch ws[0].lower {
	case "he", "she", "they", "it", "his", "her", "their", "its", "this", "that", "these", "those", "both", "there":
		return true
	case "the":
		return len(ws) > 1 && (ws[1].lower == "two" || ws[1].lower == "three" || ws[1].lower == "latter" || ws[1].lower == "former")
	}
	return false
}

// acronym returns the initials of a title's capitalised words ("American
// Broadcasting Company" → "ABC"), so a question using the short form
// matches the article; "" when there are fewer than two.
func acronym(title string) string {
	var b strings.Builder
	for _, w := range wordsOf(title) {
		if isCapitalised(w.text) && !notNames[w.lower] {
			b.WriteString(w.text[:1])
		}
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

// dateWords spells a passage's date as words ("July 2025") so questions
// naming a month or year match articles dated then.
func dateWords(p retrieve.Passage) string {
	if p.Date.IsZero() {
		return ""
	}
	if p.Date.Month == 0 {
		return fmt.Sprint(p.Date.Year)
	}
	return fmt.Sprintf("%s %d", p.Date.Month, p.Date.Year)
}

// score scores sentence s (number si of passage pi). prev holds the content
// words of the sentence before it, lent at half weight to a sentence that
// refers back to it.
func (sc *scorer) score(pi, si int, s string, npass int, p retrieve.Passage, prev map[string]bool, credited bool) candidate {
	pscore := p.Score
	c := candidate{passage: pi, index: si, text: s, terms: make(map[string]bool)}
	seq := ContentTerms(s)
	novel := 0
	for _, t := range seq {
		c.terms[t] = true
		if !sc.q.words[t] {
			novel++
		}
	}
	c.restates = novel == 0
	c.overlap = sc.coverage(c.terms)
	if prev != nil && leadsBack(s) {
		both := make(map[string]bool, len(c.terms)+len(prev))
		for t := range c.terms {
			both[t] = true
		}
		for t := range prev {
			both[t] = true
		}
		c.overlap += 0.5 * (sc.coverage(both) - c.overlap)
	}
	score := c.overlap
	// Question words side by side in the sentence: a phrase match.
	qpos := make(map[string]int)
	for i, qt := range sc.q.terms {
		qpos[qt.stem] = i
	}
	pairs := 0
	for i := 1; i < len(seq); i++ {
		a, okA := qpos[seq[i-1]]
		b, okB := qpos[seq[i]]
		if okA && okB && a != b {
			pairs++
		}
	}
	score += phraseWeight * float64(min(pairs, 4))
	if sc.q.typ != qOther {
		c.typeEv = typeEvidence(sc.q.typ, s, sc.q.words)
		score += typeWeight * c.typeEv
	}
	if sc.q.typ != qOther {
		c.keys = answerKeys(sc.q.typ, s, sc.q.words) // other questions: on demand in choose
	}
	c.dated = dateMatch(sc.q.asked, s, p)
	score += dateWeight * c.dated
	c.caption = captionLike(s, opensArticle(p, si))
	if credited {
		c.caption = 1 // a photo credit follows it
	}
	score -= captionPenalty * c.caption
	if sc.topScor > 0 {
		score += rankWeight * pscore / sc.topScor
	} else if npass > 0 {
		score += rankWeight * (1 - float64(pi)/float64(npass))
	}
	if c.restates {
		score -= restatePenalty
	}
	if n := utf8.RuneCountInString(s); n > 250 {
		score -= 0.1 * math.Min(1, float64(n-250)/350)
	}
	if len(seq) < 3 {
		score -= 0.15 // bylines, datelines, fragments
	}
	if c.overlap == 0 {
		score = math.Min(score, 0)
	}
	c.score = score
	return c
}

// extract composes an answer from the passages alone: the one to three
// sentences that answer q best, each followed by its article's [n] marker,
// or an abstention when the evidence is weak.
func (a *Answerer) extract(q string, passages []retrieve.Passage) Answer {
	return a.compose(q, nil, passages)
}

// compose is extract with the earlier questions of a conversation, whose
// words help when q is a follow-up ("and when was that?").
func (a *Answerer) compose(q string, history []string, passages []retrieve.Passage) Answer {
	qu := newQuery(q, history, a.now())
	if len(passages) == 0 {
		return abstain(qu, passages, nil)
	}
	sc := newScorer(qu, passages)
	cands := sc.candidates(passages)
	if len(cands) == 0 {
		return abstain(qu, passages, cands)
	}
	sg := sc.measure(cands)
	reason := sg.weak()
	a.log.Debug("answer: evidence", "type", qu.typ.String(), "overlap", sg.overlap, "coverage", sg.coverage,
		"missing_name", sg.missingName, "typed", sg.typed, "abstain", reason)
	if reason != "" {
		return abstain(qu, passages, cands)
	}
	chosen := choose(qu, cands, passages, sc.support)
	return renderAnswer(chosen, passages)
}

// pick is one sentence of the answer and the other articles' sentences
// that state the same answer (cited on it too).
type pick struct {
	candidate
	also []candidate
}

// choose picks the best candidate, the other articles that state the same
// answer (cited on the same sentence), and up to two more sentences that
// score nearly as well and add something the question asks about: a
// question word the chosen sentences lack or, for who/when/where/how many
// questions, another answer. Similarity to what is already chosen counts
// against a sentence (maximal marginal relevance).
func choose(q prepared, cands []candidate, passages []retrieve.Passage, support map[string]float64) []pick {
	if q.typ == qOther || q.typ == qWhy {
		support = nil
	} else if support == nil {
		support = map[string]float64{}
	}
	asked := make(map[string]bool)
	for _, qt := range q.terms {
		if !qt.history {
			asked[qt.stem] = true
		}
	}
	best := cands[0]
	if q.typ == qOther {
		best.keys = answerKeys(q.typ, best.text, q.words)
	}
	chosen := []pick{{candidate: best}}
	used := utf8.RuneCountInString(best.text) + 4
	cited := map[string]bool{passages[best.passage].DocID: true}
	covered := make(map[string]bool)
	keys := make(map[string]bool)
	note := func(c candidate) {
		for t := range c.terms {
			covered[t] = true
		}
		for k := range c.keys {
			keys[k] = true
		}
	}
	note(best)
	taken := map[int]bool{0: true}
	// Other articles stating the same answer: cite them on the best sentence.
	for i, c := range cands[1:] {
		if len(chosen[0].also) == maxCorroborate || c.score < agreeRatio*best.score {
			break
		}
		doc := passages[c.passage].DocID
		if cited[doc] || c.overlap == 0 || !agrees(best, c) {
			continue
		}
		cited[doc] = true
		taken[i+1] = true
		chosen[0].also = append(chosen[0].also, c)
		used += 3
	}
	for i, c := range cands[1:] {
		if len(chosen) == maxSentences || c.score < keepRatio*best.score || c.overlap == 0 {
			break
		}
		// Captions repeat the reporting; a sentence from before the time
		// asked is about another event.
		if taken[i+1] || c.restates || c.caption > 0.5 || c.dated < 0 || repeats(c, chosen) {
			continue
		}
		if q.typ == qOther {
			c.keys = answerKeys(q.typ, c.text, q.words)
		}
		sim := 0.0
		for _, o := range chosen {
			sim = max(sim, jaccard(c.terms, o.terms))
		}
		word, answer := addsInformation(c, covered, keys, asked, support)
		if (!word && !answer) || c.score-mmrLambda*sim < keepRatio*best.score {
			continue
		}
		n := utf8.RuneCountInString(c.text) + 5
		if used+n > MaxAnswerLen {
			continue
		}
		used += n
		chosen = append(chosen, pick{candidate: c})
		note(c)
	}
	return chosen
}

// agrees reports whether c (from another article) states what best
// states: a near copy, or every answer word of the best sentence to a
// who/when/where/how-many question, with half its share of the question.
func agrees(best, c candidate) bool {
	if strings.EqualFold(c.text, best.text) || jaccard(c.terms, best.terms) >= dupJaccard {
		return true
	}
	if len(best.keys) == 0 || c.typeEv < 0.5 || best.typeEv < 0.5 || c.caption > 0.5 {
		return false
	}
	shared := 0
	for k := range c.keys {
		if best.keys[k] {
			shared++
		}
	}
	return shared == len(best.keys) && c.overlap >= 0.5*best.overlap
}

// addsInformation reports whether c holds a question word not yet covered
// by the chosen sentences (word), and whether it gives an answer not yet
// given (answer). For who/when/where/how-many questions, which want one
// answer, another answer counts only when the retrieved sentences support
// it at least half as much as the best-supported one (support: nil for
// other questions).
func addsInformation(c candidate, covered, keys, asked map[string]bool, support map[string]float64) (word, answer bool) {
	for t := range c.terms {
		if !covered[t] && asked[t] {
			word = true
			break
		}
	}
	for k := range c.keys {
		if !keys[k] && (support == nil || support[k] >= altSupport) {
			answer = true
			break
		}
	}
	return word, answer
}

// repeats reports whether c says what one of chosen already says.
func repeats(c candidate, chosen []pick) bool {
	for _, o := range chosen {
		if strings.EqualFold(c.text, o.text) || jaccard(c.terms, o.terms) >= dupJaccard {
			return true
		}
	}
	return false
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// citationFor builds a Citation from retrieval metadata.
func citationFor(n int, p retrieve.Passage, quote string) Citation {
	return Citation{N: n, Doc: p.DocID, Title: p.Title, Source: p.Outlet, URL: p.URL, Date: p.Date.String(), Quote: quote}
}

// renderAnswer writes the chosen sentences with [n] markers numbered by first
// use, one number per article, within MaxAnswerLen. A sentence that other
// articles also state carries their markers too ("… [1][2]"), and their
// citations quote their own sentence.
func renderAnswer(chosen []pick, passages []retrieve.Passage) Answer {
	var cites []Citation
	num := make(map[string]int) // DocID → citation index
	var b strings.Builder
	quote := func(k int, text string) {
		if cites[k].Quote != "" {
			cites[k].Quote += " "
		}
		cites[k].Quote += text
	}
	for i, c := range chosen {
		group := append([]candidate{c.candidate}, c.also...)
		// Markers for the sentence's own article and each that agrees.
		var marker strings.Builder
		var fresh []candidate
		seen := make(map[string]bool)
		next := len(cites)
		for _, g := range group {
			doc := passages[g.passage].DocID
			if seen[doc] {
				continue
			}
			seen[doc] = true
			k, ok := num[doc]
			if !ok {
				k = next
				next++
				fresh = append(fresh, g)
			}
			fmt.Fprintf(&marker, "[%d]", k+1)
		}
		text := c.text
		sep := ""
		if i > 0 {
			sep = " "
		}
		room := MaxAnswerLen - utf8.RuneCountInString(b.String()) - len(sep) - 1 - marker.Len()
		if utf8.RuneCountInString(text) > room {
			if i > 0 {
				continue
			}
			text = clipWords(text, room)
		}
		for _, g := range fresh {
			p := passages[g.passage]
			num[p.DocID] = len(cites)
			cites = append(cites, citationFor(len(cites)+1, p, ""))
		}
		b.WriteString(sep + text + " " + marker.String())
		quote(num[passages[c.passage].DocID], text)
		for _, g := range c.also {
			if k := num[passages[g.passage].DocID]; !strings.Contains(cites[k].Quote, g.text) {
				quote(k, clipWords(g.text, maxSupportQuote))
			}
		}
	}
	return Answer{Text: b.String(), Mode: ModeExtractive, Citations: cites}
}

// clipWords shortens s to at most limit characters at word boundaries, marking
// the cut with "…".
func clipWords(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit <= 1 {
		return ""
	}
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		n := utf8.RuneCountInString(b.String())
		add := utf8.RuneCountInString(f)
		if n > 0 {
			add++
		}
		if n+add+1 > limit {
			break
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	out := strings.TrimRight(b.String(), ",;:-–— ")
	if out == "" {
		// A single word longer than the limit: cut at a rune boundary.
		rs := []rune(s)
		return string(rs[:limit-1]) + "…"
	}
	return out + "…"
}
