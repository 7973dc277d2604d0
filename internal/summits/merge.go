package summits

import (
	"sort"
	"strings"
	"time"

	"shuttlebot/internal/corpus"
)

// cluster is one meeting being assembled from its mentions.
type cluster struct {
	keys      []string
	host      string
	place     string
	weakPlace bool
	date      when
	mentions  []*mention
}

// planned reports whether no mention with its own place or date reports
// the meeting as held (passing references do not change the status).
func (c *cluster) planned() bool {
	for _, m := range c.mentions {
		if !m.planned && !m.attachOnly {
			return false
		}
	}
	return true
}

// merger groups mentions into meetings.
type merger struct {
	reg  *registry
	gaz  *gazetteer
	docs []corpus.Document
}

// specificity orders mentions so the best-anchored start the clusters.
func specificity(m *mention) int {
	s := 0
	switch {
	case m.date.full():
		s += 2
	case m.date.known():
		s++
	}
	switch {
	case m.place != "" && !m.weakPlace:
		s += 2
	case m.place != "":
		s++
	}
	if len(m.keys) >= 2 {
		s++
	}
	return s
}

func (g *merger) run(ms []mention) []*cluster {
	var anchored, rest []*mention
	for i := range ms {
		if ms[i].attachOnly {
			rest = append(rest, &ms[i])
		} else {
			anchored = append(anchored, &ms[i])
		}
	}
	sort.SliceStable(anchored, func(i, j int) bool { return specificity(anchored[i]) > specificity(anchored[j]) })
	var cs []*cluster
	for _, m := range anchored {
		var bestC *cluster
		bestS := -1
		for _, c := range cs {
			if s, ok := g.fits(c, m, true); ok && s > bestS {
				bestC, bestS = c, s
			}
		}
		if bestC == nil {
			bestC = &cluster{}
			cs = append(cs, bestC)
		}
		g.add(bestC, m)
	}
	for _, m := range rest {
		if c := g.attach(cs, m); c != nil {
			// A mention without its own anchor cites the meeting but
			// does not change where or when it was.
			c.mentions = append(c.mentions, m)
			c.keys = unionKeys(c.keys, m.keys)
		}
	}
	return cs
}

// fits reports whether m can belong to c and how well. With needAgree, the
// place or date must positively agree, not merely not conflict.
func (g *merger) fits(c *cluster, m *mention, needAgree bool) (int, bool) {
	common := 0
	for _, k := range m.keys {
		if contains(c.keys, k) {
			common++
		}
	}
	switch {
	case len(m.keys) >= 2 && len(c.keys) >= 2:
		if common < 2 {
			return 0, false
		}
	case len(m.keys) >= 2: // cluster of a one-leader visit
		if common < 1 || !g.hostOK(c.host, c.place, m.keys, m.place) {
			return 0, false
		}
	default: // one-leader mention
		if common < 1 {
			return 0, false
		}
		if m.host != "" && !g.hostOK(m.host, m.place, c.keys, c.place) {
			return 0, false
		}
	}
	pOK, pAgree := g.placeFit(c.place, c.weakPlace, m.place, m.weakPlace)
	dOK, dAgree := c.date.compatible(m.date)
	if !pOK && dOK && sameDay(c.date, m.date) && g.unlocated(c.place, m.place) {
		pOK = true // "in Anchorage" and "in Alaska" on the same day
	}
	if !pOK || !dOK {
		return 0, false
	}
	if needAgree && !pAgree && !dAgree {
		return 0, false
	}
	s := common
	if pAgree {
		s += 2
	}
	if dAgree {
		s += 2
	}
	return s, true
}

// sameDay reports whether two dates known to the day are at most a day
// apart.
func sameDay(a, b when) bool {
	if a.prec() < 3 || b.prec() < 3 || !a.full() || !b.full() {
		return false
	}
	ta := time.Date(a.y, time.Month(a.m), a.d, 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.y, time.Month(b.m), b.d, 0, 0, 0, 0, time.UTC)
	d := ta.Sub(tb)
	return d <= 24*time.Hour && d >= -24*time.Hour
}

// unlocated reports whether the gazetteer cannot tell the two places
// apart by country (at least one of them is unknown to it).
func (g *merger) unlocated(a, b string) bool {
	ca, _ := g.gaz.country(a)
	cb, _ := g.gaz.country(b)
	return ca == "" || cb == "" || ca == cb
}

// hostOK says whether a visit to host (at place) fits leaders meeting at
// otherPlace: one of them leads host, or the place lies in host.
func (g *merger) hostOK(host, place string, keys []string, otherPlace string) bool {
	if host == "" {
		return true
	}
	for _, k := range keys {
		if p := g.reg.people[k]; p != nil && p.country == host {
			return true
		}
	}
	if c, _ := g.gaz.country(otherPlace); c == host {
		return true
	}
	return false
}

// placeFit compares two places: ok when they may be the same, agree when
// they evidently are.
func (g *merger) placeFit(a string, aWeak bool, b string, bWeak bool) (ok, agree bool) {
	if a == "" || b == "" {
		return true, false
	}
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la == lb || strings.HasPrefix(la, lb+",") || strings.HasPrefix(lb, la+",") {
		return true, true
	}
	if aWeak || bWeak {
		return true, false
	}
	ca, aCountry := g.gaz.country(a)
	cb, bCountry := g.gaz.country(b)
	switch {
	case aCountry && bCountry:
		return ca == cb, ca == cb
	case aCountry || bCountry:
		if ca == "" || cb == "" {
			return true, false // a place we cannot locate may lie in the country
		}
		return ca == cb, ca == cb
	default:
		return false, false // two different towns
	}
}

func (g *merger) add(c *cluster, m *mention) {
	c.mentions = append(c.mentions, m)
	c.keys = unionKeys(c.keys, m.keys)
	if c.host == "" {
		c.host = m.host
	}
	c.date = c.date.merge(m.date)
	switch {
	case m.place == "":
	case c.place == "" || (c.weakPlace && !m.weakPlace):
		c.place, c.weakPlace = m.place, m.weakPlace
	case c.weakPlace == m.weakPlace && g.moreSpecific(m.place, c.place):
		c.place = m.place
	}
}

// moreSpecific reports whether a says more than b about the same place.
func (g *merger) moreSpecific(a, b string) bool {
	if strings.HasPrefix(strings.ToLower(a), strings.ToLower(b)+",") {
		return true
	}
	ca, aCountry := g.gaz.country(a)
	cb, bCountry := g.gaz.country(b)
	return bCountry && !aCountry && ca == cb
}

// attach finds the meeting a mention without its own place or date refers
// to: in the same article, the nearest meeting of the same leaders; in
// another article, the only meeting of those leaders within a month of
// its publication.
func (g *merger) attach(cs []*cluster, m *mention) *cluster {
	var bestC *cluster
	bestD := 1 << 30
	for _, c := range cs {
		s, ok := g.fits(c, m, false)
		if !ok || len(m.keys) == 1 && s <= 1 {
			continue // a one-leader visit must agree on place or date
		}
		d := 1 << 30
		for _, o := range c.mentions {
			if o.doc != m.doc {
				continue
			}
			dist := o.sent - m.sent
			if dist < 0 {
				dist = -dist * 2 // prefer what the article said before
			} else {
				dist = dist*2 + 1
			}
			if o.sent == m.sent {
				dist = 1000 // another clause: usually another event
			}
			if o.planned != m.planned {
				dist += 100
			}
			if s > len(m.keys) {
				dist -= 10000 // the place or date agrees: nearer than any other
			}
			d = min(d, dist)
		}
		if d >= 1<<29 {
			continue // not in this article
		}
		if d < bestD {
			bestC, bestD = c, d
		}
	}
	if bestC != nil {
		return bestC
	}
	pub := g.docs[m.doc].Date
	if pub.IsZero() || pub.Month == 0 {
		return nil
	}
	var cands []*cluster
	for _, c := range cs {
		if !c.date.full() || c.date.m == 0 {
			continue
		}
		if _, ok := g.fits(c, m, false); !ok {
			continue
		}
		ct := time.Date(c.date.y, time.Month(c.date.m), max(c.date.d, 1), 0, 0, 0, 0, time.UTC)
		diff := pub.Time().Sub(ct)
		if diff > 31*24*time.Hour || diff < -31*24*time.Hour {
			continue
		}
		if !m.planned && diff < -24*time.Hour {
			continue
		}
		cands = append(cands, c)
	}
	if len(cands) == 1 {
		return cands[0]
	}
	return nil
}
