package answer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/summits"
)

// Timeline is the summit timeline: the meetings whose leaders include
// every one of names (all meetings when none is given), newest first, as
// summits.Involving gives them.
type Timeline interface {
	Meetings(names ...string) []summits.Meeting
}

// Words that make a question ask for the latest meeting.
var (
	recencyWords = wordSet("last latest recent recently newest lately")
	meetingWords = stemSet("meet meeting summit summits talks visit visits encounter")
	// timeUnits after "last" make it a time ("last month"), not recency.
	timeUnits = wordSet("year years month months week weeks day days summer winter spring autumn fall decade night weekend")
	// generalPairs name the two sides without naming a leader.
	generalWords = wordSet("leaders countries nations sides governments neighbors neighbours")
	// demonyms maps a country named in a question to the word leaders'
	// labels use ("Japanese Prime Minister …").
	demonyms = map[string]string{
		"japan": "Japanese", "korea": "Korean", "china": "Chinese", "us": "US", "america": "US",
		"russia": "Russian", "india": "Indian", "france": "French", "germany": "German",
		"britain": "British", "canada": "Canadian", "australia": "Australian", "taiwan": "Taiwanese",
	}
	// notLeaderWords are capitalised question words that are not names.
	notLeaderWords = wordSet("when where who what which how did does do was were is has have the a an last latest most recent summit meeting talks south north east west united states president prime minister leader leaders and")
)

// latestAsked reports whether q asks for the latest meeting ("When did Lee
// and Takaichi last meet?", "Where was the most recent summit between
// Japan and South Korea?") and returns the leaders it names, as name
// phrases ("Lee", "Sanae Takaichi") or nationality words ("Japanese").
// "last" before a time unit ("last month") is a time, not recency.
func latestAsked(q string) (names []string, ok bool) {
	toks := Tokens(q)
	recent, meeting := false, false
	for i, t := range toks {
		if recencyWords[t] {
			if t == "last" && i+1 < len(toks) && (timeUnits[toks[i+1]] || isNumberWord(toks[i+1])) {
				continue
			}
			recent = true
		}
		if meetingWords[Stem(t)] {
			meeting = true
		}
	}
	if !recent || !meeting {
		return nil, false
	}
	// Names: runs of capitalised words that are not question or office words.
	ws := wordsOf(q)
	var run []string
	flush := func() {
		if len(run) > 0 {
			names = append(names, strings.Join(run, " "))
			run = nil
		}
	}
	seen := make(map[string]bool)
	var split []word
	for _, w := range ws {
		// "Korea-Japan summit": each side of a compound.
		if parts := strings.Split(w.text, "-"); len(parts) > 1 && isCapitalised(w.text) {
			all := true
			for _, p := range parts {
				if _, ok := demonyms[strings.ToLower(p)]; !ok {
					all = false
				}
			}
			if all {
				for _, p := range parts {
					split = append(split, word{text: p, lower: strings.ToLower(p)})
				}
				continue
			}
		}
		split = append(split, w)
	}
	for _, w := range split {
		if !isCapitalised(w.text) || notNames[w.lower] || notLeaderWords[w.lower] || dateTerms[Stem(w.lower)] {
			flush()
			if d, ok := demonyms[w.lower]; ok && !seen[d] {
				seen[d] = true
				names = append(names, d)
			}
			continue
		}
		if d, ok := demonyms[w.lower]; ok {
			flush()
			if !seen[d] {
				seen[d] = true
				names = append(names, d)
			}
			continue
		}
		if d, ok := demonyms[Stem(w.lower)]; ok || strings.HasSuffix(w.lower, "ese") || strings.HasSuffix(w.lower, "ean") {
			flush()
			if !ok {
				d = w.text
			}
			if !seen[d] {
				seen[d] = true
				names = append(names, d)
			}
			continue
		}
		run = append(run, w.text)
	}
	flush()
	if len(names) == 0 {
		// Only "the leaders" / "the two countries" in general.
		general := false
		for _, t := range toks {
			if generalWords[t] {
				general = true
			}
		}
		if !general {
			return nil, false
		}
	}
	return names, true
}

// fromTimeline answers q from the latest meeting of the leaders it names,
// or reports false when q does not ask for one or the timeline has none.
func (a *Answerer) fromTimeline(q string) (Answer, bool) {
	if a.timeline == nil {
		return Answer{}, false
	}
	names, ok := latestAsked(q)
	if !ok {
		return Answer{}, false
	}
	ms := a.timeline.Meetings(names...)
	m, ok := summits.Latest(ms, names...)
	if !ok || len(m.Citations) == 0 {
		a.log.Debug("answer: no meeting in the timeline", "names", names)
		return Answer{}, false
	}
	// A held meeting of the same leaders whose date the coverage does not
	// give may be more recent: say so rather than answer too surely.
	var undated *summits.Meeting
	for i := range ms {
		if ms[i].Status == summits.StatusHeld && ms[i].Date.IsZero() && len(ms[i].Citations) > 0 &&
			ms[i].Place != m.Place && sameLeaders(ms[i], m) {
			undated = &ms[i]
			break
		}
	}
	return meetingAnswer(m, undated), true
}

// maxMeetingCites bounds the articles cited for a meeting.
const maxMeetingCites = 3

// meetingAnswer renders a meeting as a cited answer: who met, when, where
// and on what occasion, then the sentence that best reports it. Citations
// come from the meeting's, whose fields are the corpus metadata.
func meetingAnswer(m summits.Meeting, undated *summits.Meeting) Answer {
	lead, _ := m.Lead()
	// The lead citation first, then one per further article.
	order := []summits.Citation{lead}
	seen := map[string]bool{lead.Doc: true}
	for _, c := range m.Citations {
		if len(order) == maxMeetingCites {
			break
		}
		if !seen[c.Doc] {
			seen[c.Doc] = true
			order = append(order, c)
		}
	}
	var cites []Citation
	var markers strings.Builder
	for i, c := range order {
		cites = append(cites, meetingCitation(i+1, c))
		fmt.Fprintf(&markers, "[%d]", i+1)
	}
	who := "The leaders"
	switch n := len(m.Names); {
	case n == 1:
		who = m.Names[0]
	case n == 2:
		who = m.Names[0] + " and " + m.Names[1]
	case n > 2:
		who = strings.Join(m.Names[:n-1], ", ") + " and " + m.Names[n-1]
	}
	var b strings.Builder
	b.WriteString(who + " last met")
	if m.Place != "" {
		b.WriteString(" in " + m.Place)
	}
	if d := longDate(m.Date); d != "" {
		if m.Date.Day != 0 {
			b.WriteString(" on " + d)
		} else {
			b.WriteString(" in " + d)
		}
	}
	if m.Occasion != "" {
		b.WriteString(" (" + m.Occasion + ")")
	}
	b.WriteString(", according to the coverage. " + markers.String())
	text := b.String()
	if undated != nil {
		c, _ := undated.Lead()
		k := len(cites)
		for i, o := range cites {
			if o.Doc == c.Doc {
				k = i
			}
		}
		note := " The coverage also reports a meeting"
		if undated.Place != "" {
			note += " in " + undated.Place
		}
		note += fmt.Sprintf(" without giving its date, which may be more recent. [%d]", k+1)
		if utf8.RuneCountInString(text+note) <= MaxAnswerLen {
			if k == len(cites) {
				cites = append(cites, meetingCitation(k+1, c))
			}
			text += note
		}
	}
	// The lead sentence, if it fits, so the reader sees the reporting.
	if q := strings.TrimSpace(lead.Quote); q != "" {
		room := MaxAnswerLen - utf8.RuneCountInString(text) - len(" “” [1]")
		if room > 40 {
			text += " “" + clipWords(q, room) + "” [1]"
		}
	}
	if utf8.RuneCountInString(text) > MaxAnswerLen {
		text = clipWords(text, MaxAnswerLen)
	}
	return Answer{Text: text, Mode: ModeExtractive, Citations: cites}
}

// meetingCitation is citation n for a timeline citation, whose fields
// come from the corpus metadata.
func meetingCitation(n int, c summits.Citation) Citation {
	return Citation{N: n, Doc: c.Doc, Title: c.Title, Source: c.Source, URL: c.URL, Date: c.Date.String(), Quote: c.Quote}
}

// longDate writes a date for a sentence: "January 13, 2026", "June 2025",
// "2025" or "".
func longDate(d corpus.Date) string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprint(d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", d.Month, d.Year)
	}
	return fmt.Sprintf("%s %d, %d", d.Month, d.Day, d.Year)
}

// sameLeaders reports whether a and b are meetings of the same leaders.
func sameLeaders(a, b summits.Meeting) bool {
	if len(a.Names) != len(b.Names) {
		return false
	}
	for _, n := range a.Names {
		found := false
		for _, o := range b.Names {
			if strings.EqualFold(n, o) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
