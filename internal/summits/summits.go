// Package summits builds a dated timeline of leaders' meetings from the
// coverage itself.
package summits

import (
	"sort"
	"strings"

	"shuttlebot/internal/corpus"
)

// Status values of a Meeting.
const (
	StatusHeld    = "held"
	StatusPlanned = "planned"
)

// Meeting is one leaders' meeting the coverage reports.
type Meeting struct {
	Date     corpus.Date // precision as the text gives it; zero when unknown
	Place    string      // "Nara", "Gyeongju, North Gyeongsang Province"; "" when unknown
	Leaders  []string    // full names, with office when stated
	Occasion string      // "on the sidelines of the APEC summit", "state visit"…
	// Status is "held" for meetings reported as having happened and
	// "planned" for announced or upcoming ones.
	Status    string
	Citations []Citation
	// Names are the leaders' bare names ("Lee Jae Myung"), in the order
	// of Leaders, for matching and compact rendering.
	Names []string
}

// Citation points at a sentence that reports a meeting.
type Citation struct {
	Doc    string      `json:"doc"`
	Title  string      `json:"title"`
	Source string      `json:"source"`
	URL    string      `json:"url"`
	Date   corpus.Date `json:"-"`
	Quote  string      `json:"quote"`
}

// maxQuote bounds a citation's quote, in runes.
const maxQuote = 400

// Build extracts the meetings reported in docs, merged across articles,
// newest first (meetings of unknown date last). It only reads docs and is
// deterministic: the same documents always give the same timeline.
func Build(docs []corpus.Document) []Meeting {
	gaz := newGazetteer()
	reg := newRegistry(gaz)
	for _, d := range docs {
		for _, s := range sentences(d) {
			reg.learn(s.text)
		}
	}
	reg.finish()
	if len(reg.people) == 0 {
		return nil
	}
	x := newExtractor(reg, gaz)
	var ms []mention
	for i, d := range docs {
		ms = append(ms, x.docMentions(i, d)...)
	}
	g := &merger{reg: reg, gaz: gaz, docs: docs}
	var out []Meeting
	for _, c := range g.run(ms) {
		out = append(out, g.meeting(c))
	}
	sortMeetings(out)
	return out
}

// meeting turns a cluster into the public Meeting.
func (g *merger) meeting(c *cluster) Meeting {
	sort.SliceStable(c.mentions, func(i, j int) bool {
		a, b := c.mentions[i], c.mentions[j]
		if a.doc != b.doc {
			return a.doc < b.doc
		}
		if a.sent != b.sent {
			return a.sent < b.sent
		}
		return a.clause < b.clause
	})
	m := Meeting{Date: c.date.date(), Status: StatusHeld}
	if c.planned() {
		m.Status = StatusPlanned
	}
	m.Place = c.place
	if m.Place == "" && c.host != "" {
		m.Place = c.host
	}
	// Leaders in the order the coverage first names them.
	var keys []string
	for _, mt := range c.mentions {
		keys = unionKeys(keys, mt.keys)
	}
	// The most covered leader first, so entries read alike.
	sort.SliceStable(keys, func(i, j int) bool { return g.reg.people[keys[i]].count > g.reg.people[keys[j]].count })
	for _, k := range keys {
		p := g.reg.people[k]
		m.Leaders = append(m.Leaders, p.label())
		m.Names = append(m.Names, p.display())
	}
	// The occasion most mentions give; ties go to the earliest article.
	occ := map[string]int{}
	var order []string
	for _, mt := range c.mentions {
		if mt.occasion == "" {
			continue
		}
		k := strings.ToLower(mt.occasion)
		if occ[k] == 0 {
			order = append(order, mt.occasion)
		}
		occ[k]++
	}
	bestN := 0
	for _, o := range order {
		if n := occ[strings.ToLower(o)]; n > bestN || (n == bestN && occasionRank(o) > occasionRank(m.Occasion)) {
			m.Occasion, bestN = o, n
		}
	}
	seen := map[string]bool{}
	for _, mt := range c.mentions {
		d := g.docs[mt.doc]
		key := d.ID + "\x00" + mt.quote
		if seen[key] || repeats(m.Citations, d.ID, mt.quote) {
			continue
		}
		seen[key] = true
		m.Citations = append(m.Citations, Citation{
			Doc: d.ID, Title: d.Title, Source: d.Outlet, URL: d.URL, Date: d.Date,
			Quote: clip(mt.quote, maxQuote),
		})
	}
	return m
}

// repeats reports whether doc is already cited with a sentence that quote
// merely extends ("…Xi" and "…Xi — Reuters").
func repeats(cs []Citation, doc, quote string) bool {
	for _, c := range cs {
		if c.Doc == doc && strings.HasPrefix(quote, strings.TrimRight(c.Quote, "…")) {
			return true
		}
	}
	return false
}

// occasionRank prefers a named gathering over a kind of visit.
func occasionRank(o string) int {
	lo := strings.ToLower(o)
	switch {
	case strings.HasPrefix(lo, "on the"):
		return 3
	case strings.HasPrefix(lo, "at ") || strings.HasPrefix(lo, "during "):
		return 2
	case strings.Contains(lo, "visit"):
		return 1
	}
	return 0
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// sortMeetings orders meetings newest first; unknown dates last; ties by
// precision, then by the first citation, for stable output.
func sortMeetings(ms []Meeting) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Date.IsZero() != b.Date.IsZero() {
			return !a.Date.IsZero()
		}
		if ta, tb := a.Date.Time(), b.Date.Time(); !ta.Equal(tb) {
			return ta.After(tb)
		}
		return firstCite(a) < firstCite(b)
	})
}

func firstCite(m Meeting) string {
	if len(m.Citations) == 0 {
		return ""
	}
	return m.Citations[0].Doc + "\x00" + m.Citations[0].Quote
}

// Lead returns the citation that best states the meeting on its own: the
// first that names its place (from a dated article if one does), else
// the first from a dated article, else the first. ok is false when there is no citation.
func (m Meeting) Lead() (c Citation, ok bool) {
	if len(m.Citations) == 0 {
		return Citation{}, false
	}
	if head := strings.TrimSpace(strings.SplitN(m.Place, ",", 2)[0]); head != "" {
		for _, dated := range []bool{true, false} {
			for _, c := range m.Citations {
				if strings.Contains(c.Quote, head) && (!dated || !c.Date.IsZero()) {
					return c, true
				}
			}
		}
	}
	for _, c := range m.Citations {
		if !c.Date.IsZero() {
			return c, true
		}
	}
	return m.Citations[0], true
}

// Involving returns the meetings whose leaders include every one of names
// (matched case-insensitively against whole words of the leaders' names:
// "Takaichi", "Lee Jae Myung", "lee"), in the order given.
func Involving(ms []Meeting, names ...string) []Meeting {
	var out []Meeting
	for _, m := range ms {
		if m.involves(names...) {
			out = append(out, m)
		}
	}
	return out
}

func (m Meeting) involves(names ...string) bool {
	for _, n := range names {
		want := strings.Fields(nameKey(n))
		if len(want) == 0 {
			continue
		}
		found := false
		for _, l := range append(append([]string(nil), m.Names...), m.Leaders...) {
			if containsSeq(strings.Fields(nameKey(l)), want) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func containsSeq(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Latest returns the most recent held meeting with a known date whose
// leaders include every one of names — the answer to "when did Lee and
// Takaichi last meet?". ok is false when the coverage reports none.
func Latest(ms []Meeting, names ...string) (Meeting, bool) {
	var best Meeting
	ok := false
	for _, m := range Involving(ms, names...) {
		if m.Status != StatusHeld || m.Date.IsZero() {
			continue
		}
		if !ok || m.Date.Time().After(best.Date.Time()) {
			best, ok = m, true
		}
	}
	return best, ok
}
