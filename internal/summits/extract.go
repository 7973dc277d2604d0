package summits

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"shuttlebot/internal/corpus"
)

// mention is one clause that reports a leaders' meeting.
type mention struct {
	doc, sent, clause int
	quote             string
	keys              []string // participants (registry keys)
	host              string   // for one-leader visits: the country visited
	place             string
	weakPlace         bool // the place comes from the dateline only
	date              when
	planned           bool
	occasion          string
	stateVisit        bool
	// attachOnly mentions never start an entry of their own: a one-leader
	// visit, or a mention with neither place nor date.
	attachOnly bool
}

var (
	cueRe        = regexp.MustCompile(`(?i)\b(summit\s+talks|summit\s+meeting|summits?|(?:held|hold|holds|holding)\s+(?:\w+\s+)?talks|talks|met|meet|meets|meeting|meetings|encounter|state\s+visit|official\s+visit|working\s+visit|visit|visits|visited|visiting|travel(?:s|led|ed)?\s+to|trip\s+to|head(?:s|ed)?\s+(?:for|to)|arrived\s+in|arrives\s+in|hosted|hosts|host|welcomed|welcomes|shook\s+hands|shakes\s+hands|shaking\s+hands|sat\s+down)\b`)
	visitCueRe   = regexp.MustCompile(`(?i)^(state\s+visit|official\s+visit|working\s+visit|visit|visits|visited|visiting|travel|trip|head|arrive)`)
	plannedRe    = regexp.MustCompile(`(?i)\b(will|shall|is\s+to|are\s+to|is\s+set\s+to|are\s+set\s+to|is\s+expected\s+to|are\s+expected\s+to|is\s+scheduled\s+to|are\s+scheduled\s+to|scheduled\s+for|plans?\s+to|planning\s+to|is\s+due\s+to|are\s+due\s+to|is\s+slated\s+to|are\s+slated\s+to|intends?\s+to|upcoming|to\s+(?:visit|meet|hold|head|travel)|(?:would|may|might|could)\s+(?:\w+\s+)?(?:visit|meet|hold|host|travel|head|postpone|delay|cancel)|postpone[sd]?|delay(?:s|ed)?|cancel(?:s|led|ed)?)\b`)
	pairRefRe    = regexp.MustCompile(`\b(?:[Tt]he\s+two\s+leaders|[Bb]oth\s+leaders|[Tt]he\s+leaders['’]|[Tt]he\s+two\s+presidents|[Tt]he\s+two\s+heads\s+of\s+state)`)
	remoteRe     = regexp.MustCompile(`(?i)\b(?:phone\s+call|(?:tele)?phone|by\s+phone|video\s*(?:call|link|conference)|videoconference|virtual(?:ly)?|call\s+(?:with|between))\b`)
	theirRe      = regexp.MustCompile(`(?i)\b(their|both|the\s+two)\b`)
	withRe       = regexp.MustCompile(`^(?:[Tt]he|[Tt]heir|[Hh]is|[Hh]er|[Tt]his|[Tt]hat)\s+(?:[\p{L}-]+\s+){0,3}?(?:summit(?:\s+talks)?|talks|meeting)\s+with\b`)
	quotedRe     = regexp.MustCompile(`“[^”]*”|"[^"]*"|‘[^’]*’`)
	sidelinesRe  = regexp.MustCompile(`(?i)\b(on\s+the\s+(?:sidelines?|margins?)\s+of)\s+((?:the|a|an)\s+)?(.+?)(?:\s+in\s+\p{Lu}|\s+on\s|\s+and\s|\s+to\s|\s+held\b|\s+which\b|,|;|\.$|$)`)
	gatheringRe  = regexp.MustCompile(`\b(during|at|for|attending|attended)\s+((?:the|a|an)\s+)?((?:\d{4}\s+)?(?:\p{Lu}[\p{L}\d-]*|\d+|of)(?:\s+(?:\p{Lu}[\p{L}\d-]*|\d+|of))*\s+(?:leaders['’]\s+)?(?:summit|forum|gathering|conference|meeting|meetings|General\s+Assembly|Summit|Forum)|G\d+|APEC|ASEAN|NATO)`)
	shuttleRe    = regexp.MustCompile(`(?i)shuttle\s+diplomacy`)
	stateVisitRe = regexp.MustCompile(`(?i)\b(state|official|working)\s+visit`)
)

// extractor turns documents into mentions.
type extractor struct {
	reg       *registry
	gaz       *gazetteer
	countryRe *regexp.Regexp
}

func newExtractor(reg *registry, gaz *gazetteer) *extractor {
	var names []string
	for n := range gaz.countries {
		names = append(names, regexp.QuoteMeta(titleCase(n)))
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	c := `(` + strings.Join(names, "|") + `)`
	re := regexp.MustCompile(`(?:\b[Tt]he\s+leaders\s+of\s+(?:the\s+)?` + c + `\s+and\s+(?:the\s+)?` + c + `\b)|(?:\b` + c + `\s+and\s+` + c + `\s+leaders\b)`)
	return &extractor{reg: reg, gaz: gaz, countryRe: re}
}

func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		if w == "of" {
			continue
		}
		if len(w) <= 3 && !strings.ContainsAny(w, "aeiou") || w == "usa" || w == "uae" || w == "prc" || w == "dprk" || w == "rok" {
			ws[i] = strings.ToUpper(w)
			continue
		}
		ws[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(ws, " ")
}

// sentence is one sentence of an article, with its dateline.
type sentence struct {
	text         string
	datelinePl   string
	datelineDate string
}

// sentences returns the title (unless the body repeats it)
// and the body sentences of d, with the dateline in force for each.
func sentences(d corpus.Document) []sentence {
	place, date := "", ""
	var body []sentence
	for _, p := range d.Paragraphs {
		p = normSpace(p)
		pl, dt, rest := splitDateline(p)
		if pl != "" || dt != "" {
			place, date = pl, dt
		}
		for _, s := range splitSentences(rest) {
			body = append(body, sentence{text: s, datelinePl: place, datelineDate: date})
		}
	}
	// The headline counts unless the body repeats it (possibly cut short
	// with "…").
	title := strings.TrimRight(normSpace(d.Title), "…. ")
	for _, s := range body {
		if title == "" || strings.HasPrefix(s.text, title) {
			return body
		}
	}
	return append([]sentence{{text: normSpace(d.Title)}}, body...)
}

// docMentions extracts the meeting mentions of one document.
func (x *extractor) docMentions(di int, d corpus.Document) []mention {
	sents := sentences(d)
	// Who the article is about: leaders named, most mentioned first.
	count := map[string]int{}
	first := map[string]int{}
	perSent := make([][]string, len(sents))
	n := 0
	for i, s := range sents {
		ks := x.reg.find(s.text, nil)
		perSent[i] = ks
		for _, k := range ks {
			if _, ok := first[k]; !ok {
				first[k] = n
				n++
			}
			count[k]++
		}
	}
	// Resolve one-word names against the article's leaders, then recount.
	for k := range count {
		count[k] = 0
	}
	docKeys := map[string]int{}
	for k := range first {
		if len(strings.Fields(k)) > 1 {
			docKeys[k] = 1
		}
	}
	for i, s := range sents {
		perSent[i] = x.reg.find(s.text, docKeys)
		for _, k := range perSent[i] {
			count[k]++
		}
	}
	principal := x.principal(count, first)

	var out []mention
	var recent []string
	type sentInfo struct {
		keys []string
		date when
	}
	var prev *sentInfo
	for si, s := range sents {
		var prevClause []string
		var sentDate when
		if len(perSent[si]) >= 2 {
			sentDate = extractDate(s.text, d.Date, plannedRe.MatchString(s.text))
		}
		if len(perSent[si]) >= 2 && !cueRe.MatchString(s.text) {
			recent = perSent[si]
		}
		if !cueRe.MatchString(s.text) || len(perSent[si]) == 0 && !pairRefRe.MatchString(s.text) && !x.countryRe.MatchString(s.text) {
			prev = &sentInfo{keys: perSent[si], date: sentDate}
			continue // no meeting word, or nobody to meet
		}
		for ci, cl := range splitClauses(s.text) {
			keys := x.reg.find(cl.text, docKeys)
			if m := x.countryRe.FindStringSubmatch(cl.text); m != nil && len(keys) < 2 {
				var cs []string
				for _, c := range m[1:] {
					if c != "" {
						cs = append(cs, x.gaz.countries[strings.ToLower(c)])
					}
				}
				keys = unionKeys(keys, x.leadersOf(cs, count))
			}
			if len(keys) < 2 && pairRefRe.MatchString(cl.text) {
				if len(recent) >= 2 {
					keys = unionKeys(keys, recent)
				} else {
					keys = unionKeys(keys, principal)
				}
			}
			cue, ok := x.cue(cl.text)
			if ok && remoteRe.MatchString(cl.text) {
				ok = false // a phone or video call is no meeting
			}
			isVisit := visitCueRe.MatchString(cue)
			if ci > 0 && len(keys) == 0 && (!isVisit || len(prevClause) == 1 || theirRe.MatchString(cl.text)) {
				// "…following their encounter…", "…after his state visit…".
				keys = prevClause
			} else if ci > 0 && len(keys) == 1 && len(prevClause) == 1 && prevClause[0] != keys[0] && ok && !isVisit {
				// "Lee to head for Japan | after meeting China's Xi".
				keys = unionKeys(prevClause, keys)
			}
			if len(keys) == 1 && ok && !isVisit && len(principal) == 2 && contains(principal, keys[0]) && x.meetsWith(strings.TrimSpace(cl.text), keys[0], docKeys) {
				// "The summit talks with Takaichi came…": the article's
				// other leader is the one meeting her.
				keys = principal
			}
			if len(keys) >= 2 {
				recent = keys
			}
			prevClause = keys
			if !ok || len(keys) == 0 {
				continue
			}
			m := mention{doc: di, sent: si, clause: ci, quote: s.text, keys: keys}
			// Quoted speech says nothing about the tense of the report.
			unquoted := quotedRe.ReplaceAllString(cl.text, " ")
			if strings.Contains(unquoted, cue) {
				m.planned = plannedRe.MatchString(unquoted)
			} else {
				m.planned = plannedRe.MatchString(cl.text) // the quote reports it
			}
			m.date = extractDate(cl.text, d.Date, m.planned)
			m.place = findPlace(cl.text, x.isPerson)
			m.occasion, m.stateVisit = x.occasion(cl.text)
			if len(keys) == 1 {
				if !visitCueRe.MatchString(cue) && !m.stateVisit {
					continue // one leader meeting someone else
				}
				if c, _ := x.gaz.country(m.place); c != "" {
					m.host = c
				}
				if m.place == "" {
					continue // "Lee's visit comes…": too vague to place
				}
				m.attachOnly = !m.stateVisit
			}
			// A date the previous sentence gave the same leaders ("Lee on
			// Tuesday told Takaichi…" / "…at the start of summit talks").
			if !m.date.known() && prev != nil && len(keys) >= 2 && subset(keys, prev.keys) && prev.date.known() && !m.planned {
				m.date = prev.date
			}
			if m.place == "" && !m.planned && s.datelinePl != "" && x.datelineApplies(m.date, d.Date) {
				if s.datelineDate != "" || x.isKnownPlace(s.datelinePl) {
					m.place, m.weakPlace = s.datelinePl, true
				}
			}
			if !m.date.known() && m.place == "" {
				m.attachOnly = true
			}
			out = append(out, m)
		}
		prev = &sentInfo{keys: perSent[si], date: sentDate}
	}
	return out
}

// cue returns the first meeting word of s that reports a meeting of the
// leaders rather than naming a gathering ("the APEC summit").
func (x *extractor) cue(s string) (string, bool) {
	for _, m := range cueRe.FindAllStringIndex(s, -1) {
		c := strings.ToLower(s[m[0]:m[1]])
		if c == "summit" || c == "summits" {
			before := strings.Fields(s[:m[0]])
			if x.gatheringName(before) {
				continue
			}
			win := strings.ToLower(strings.Join(lastN(before, 6), " "))
			if strings.Contains(win, "hosting") || strings.Contains(win, "host ") {
				continue
			}
		}
		return s[m[0]:m[1]], true
	}
	return "", false
}

// gatheringName reports whether the words before "summit" make it the name
// of a multilateral gathering ("Group of Seven summit", "2025 APEC
// summit", "South Korea-Japan-China summit") rather than a meeting.
func (x *extractor) gatheringName(before []string) bool {
	if len(before) == 0 {
		return false
	}
	w := before[len(before)-1]
	if strings.HasSuffix(strings.ToLower(w), "leaders'") || strings.HasSuffix(strings.ToLower(w), "leaders’") {
		if len(before) < 2 {
			return false
		}
		w = before[len(before)-2]
	}
	w = strings.Trim(w, "\"“”'’(")
	if w == "" {
		return false
	}
	r := []rune(w)[0]
	if !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
		return false
	}
	lw := strings.ToLower(w)
	if _, ok := weekdays[lw]; ok || isMonthWord(lw) || nameStop[lw] || lw == "a" || lw == "an" {
		return false // "The Saturday summit", "the summit"
	}
	// A summit named after one or two countries is a bilateral meeting.
	parts := strings.Split(w, "-")
	if len(parts) <= 2 {
		all := true
		for i, p := range parts {
			if i == 0 && len(before) >= 2 {
				if c := x.gaz.countries[strings.ToLower(before[len(before)-2]+" "+p)]; c != "" {
					continue
				}
			}
			if x.gaz.countries[strings.ToLower(p)] == "" && x.gaz.demonyms[strings.ToLower(p)] == "" {
				all = false
			}
		}
		if all {
			return false
		}
	}
	return true
}

// countryNamed reports whether a gathering's name is just a country or two
// ("Japan summit", "Korea-Japan summit"): a bilateral meeting, no occasion.
func (x *extractor) countryNamed(name string) bool {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return false
	}
	return !x.gatheringName(ws[:len(ws)-1])
}

func lastN(ws []string, n int) []string {
	if len(ws) > n {
		return ws[len(ws)-n:]
	}
	return ws
}

// occasion names what brought the leaders together, as the text says it.
func (x *extractor) occasion(s string) (string, bool) {
	state := stateVisitRe.FindString(s)
	if m := sidelinesRe.FindStringSubmatch(s); m != nil {
		occ := strings.ToLower(normSpace(m[1]))
		return strings.TrimSpace(occ + " " + m[2] + strings.TrimRight(m[3], ".,")), state != ""
	}
	if m := gatheringRe.FindStringSubmatch(s); m != nil && !x.countryNamed(m[3]) {
		prep := m[1]
		if prep != "at" && prep != "during" {
			prep = "at"
		}
		return normSpace(prep + " " + m[2] + m[3]), state != ""
	}
	if state != "" {
		return strings.ToLower(state), true
	}
	if shuttleRe.MatchString(s) {
		return "shuttle diplomacy", false
	}
	return "", false
}

// meetsWith reports whether s says "summit/talks/meeting with" the leader
// key, named right after "with".
func (x *extractor) meetsWith(s, key string, docKeys map[string]int) bool {
	for _, loc := range withRe.FindAllStringIndex(s, -1) {
		rest := strings.Fields(s[loc[1]:])
		if len(rest) > 5 {
			rest = rest[:5]
		}
		ks := x.reg.find(strings.Join(rest, " "), docKeys)
		if len(ks) == 1 && ks[0] == key {
			return true
		}
	}
	return false
}

func (x *extractor) isPerson(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s"))
	return len(x.reg.short[w]) > 0
}

func (x *extractor) isKnownPlace(p string) bool {
	c, _ := x.gaz.country(p)
	return c != ""
}

// datelineApplies says whether a dateline may stand for the place of a
// reported meeting dated d: only when it is the news of the day (unknown
// date, or within a week of publication).
func (x *extractor) datelineApplies(d when, pub corpus.Date) bool {
	if !d.known() {
		return true
	}
	if !d.full() || pub.IsZero() || d.m == 0 {
		return false
	}
	t := time.Date(d.y, time.Month(d.m), max(d.d, 1), 0, 0, 0, 0, time.UTC)
	diff := pub.Time().Sub(t)
	return diff >= -24*time.Hour && diff <= 7*24*time.Hour
}

// principal returns the two leaders the article is mostly about, from
// different countries when their countries are known.
func (x *extractor) principal(count, first map[string]int) []string {
	var ks []string
	for k, n := range count {
		if n > 0 {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool {
		if count[ks[i]] != count[ks[j]] {
			return count[ks[i]] > count[ks[j]]
		}
		return first[ks[i]] < first[ks[j]]
	})
	var out []string
	for _, k := range ks {
		if len(out) == 1 {
			c0, c1 := x.reg.people[out[0]].country, x.reg.people[k].country
			if c0 != "" && c0 == c1 {
				continue
			}
		}
		out = append(out, k)
		if len(out) == 2 {
			break
		}
	}
	return out
}

// leadersOf returns, for each country, the article's most mentioned leader
// of that country.
func (x *extractor) leadersOf(countries []string, count map[string]int) []string {
	var out []string
	for _, c := range countries {
		bestK, bestN := "", 0
		for k, n := range count {
			if x.reg.people[k].country == c && (n > bestN || n == bestN && k < bestK) {
				bestK, bestN = k, n
			}
		}
		if bestK != "" {
			out = append(out, bestK)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func unionKeys(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, k := range b {
		out = appendUnique(out, k)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func subset(a, b []string) bool {
	for _, k := range a {
		if !contains(b, k) {
			return false
		}
	}
	return true
}
