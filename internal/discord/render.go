package discord

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/summits"
)

// Discord's message limits, in characters.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFields      = 25
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxCustomID    = 100
	maxThreadName  = 100
)

// Rendering choices.
const (
	sourcesPageSize = 10
	summitsDefault  = 10
	summitsMax      = 25
	maxURL          = 512
	colorAnswer     = 0x3B82F6
	colorAbstain    = 0x9CA3AF
	colorList       = 0x10B981
)

// abstainText is what an abstention says.
const abstainText = "The coverage I have doesn't say."

// noMentions is attached to every message: nothing in it pings anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// embedSize is the size Discord counts toward the 6,000-character limit.
func embedSize(e *discordgo.MessageEmbed) int {
	n := runeLen(e.Title) + runeLen(e.Description)
	if e.Footer != nil {
		n += runeLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += runeLen(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += runeLen(f.Name) + runeLen(f.Value)
	}
	return n
}

// renderAnswer renders a reply to question as one embed within every limit.
func renderAnswer(question string, r Reply) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title: cut(oneLine(question), maxTitle),
		Color: colorAnswer,
	}
	body := strings.TrimSpace(r.Text)
	if r.Abstained {
		e.Color = colorAbstain
		if body == "" || strings.Contains(strings.ToLower(body), "doesn't say") {
			body = abstainText
		} else {
			body = abstainText + "\n\n" + body
		}
	}
	if body == "" {
		body = abstainText
	}
	name := "Sources"
	if r.Abstained {
		name = "Closest coverage"
	}
	e.Fields = sourceFields(name, r.Citations)

	footer := "Written by a language model from the cited coverage."
	if r.Mode != "llm" {
		footer = "Extractive answer: sentences quoted from the coverage, no language model."
		if r.ModelFailed {
			footer = "Extractive answer: the language model was unavailable, so these sentences are quoted from the coverage."
		}
	}
	if r.Abstained {
		footer = "Shuttle answers only from the coverage it has."
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: footer}

	budget := maxEmbedTotal - embedSize(e) - runeLen(" · Shortened to fit Discord.")
	if budget > maxDescription {
		budget = maxDescription
	}
	desc, shortened := cut(body, budget), runeLen(body) > budget
	e.Description = desc
	if shortened {
		e.Footer.Text += " · Shortened to fit Discord."
	}
	return e
}

// sourceFields renders citations as linked "title — outlet, date" lines,
// split across fields of at most 1,024 characters.
func sourceFields(name string, cites []Citation) []*discordgo.MessageEmbedField {
	var lines []string
	for _, c := range cites {
		label := cut(oneLine(c.Title), 150)
		if label == "" {
			label = c.Doc
		}
		if c.Source != "" {
			label += " — " + cut(oneLine(c.Source), 60)
		}
		if h := c.Date.Human(); h != "" {
			label += ", " + h
		}
		lines = append(lines, fmt.Sprintf("**[%d]** %s", c.N, link(label, c.URL)))
	}
	return packFields(name, lines, maxFields-1, 3000)
}

// packFields puts lines into fields named name, "name (cont.)"…, each value
// within 1,024 characters, at most maxN fields and total characters. Lines
// that do not fit are summarised as "…and N more".
func packFields(name string, lines []string, maxN, total int) []*discordgo.MessageEmbedField {
	var fields []*discordgo.MessageEmbedField
	var cur []string
	used := 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		n := name
		if len(fields) > 0 {
			n = name + " (cont.)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: n, Value: strings.Join(cur, "\n")})
		used += runeLen(n) + runeLen(strings.Join(cur, "\n"))
		cur = nil
	}
	for i, l := range lines {
		if runeLen(l) > maxFieldValue-30 {
			l = cut(stripLinks(l), maxFieldValue-30)
		}
		curLen := runeLen(strings.Join(cur, "\n"))
		if len(cur) > 0 && curLen+1+runeLen(l) > maxFieldValue-30 {
			flush()
		}
		if len(fields) >= maxN || used+runeLen(strings.Join(cur, "\n"))+runeLen(l)+60 > total {
			more := fmt.Sprintf("…and %d more", len(lines)-i)
			if len(cur) > 0 {
				cur = append(cur, more)
			} else if len(fields) > 0 {
				fields[len(fields)-1].Value += "\n" + more
			}
			break
		}
		cur = append(cur, l)
	}
	flush()
	return fields
}

// link renders a masked link, or plain escaped text when the URL is not a
// safe http(s) URL.
func link(text, raw string) string {
	text = escape(text)
	u := safeURL(raw)
	if u == "" {
		return text
	}
	return "[" + text + "](" + u + ")"
}

// safeURL returns raw when it is an http(s) URL that can sit inside a
// markdown link, with parentheses and spaces encoded; otherwise "".
func safeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > maxURL {
		return ""
	}
	r := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")
	return r.Replace(raw)
}

// escape neutralises markdown in text placed inside a link or a line.
func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `_`, `\_`, "~", `\~`, "`", "\\`", "|", `\|`)
	return r.Replace(s)
}

// stripLinks turns "[text](url)" into "text" (used before trimming a line
// that is too long, so a cut never falls inside a link).
func stripLinks(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			b.WriteString(s)
			return strings.NewReplacer("[", "", "]", "").Replace(b.String())
		}
		j := strings.Index(s[i:], ")")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
}

// oneLine collapses whitespace runs to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cut shortens s to at most max characters: at the last sentence end that
// keeps at least a third of the text, otherwise at the last word boundary
// with an ellipsis. It never cuts inside a word or a link.
func cut(s string, max int) string {
	if runeLen(s) <= max {
		return s
	}
	if max <= 1 {
		return ""
	}
	rs := []rune(s)
	prefix := rs[:max]
	if end := lastSentenceEnd(rs, max); end >= max/3 {
		return strings.TrimRightFunc(string(prefix[:end]), unicode.IsSpace)
	}
	// Word boundary, leaving room for the ellipsis.
	prefix = rs[:max-1]
	for i := len(prefix); i > 0; i-- {
		if unicode.IsSpace(rs[i]) && !insideLink(prefix[:i]) {
			t := strings.TrimRightFunc(string(prefix[:i]), unicode.IsSpace)
			t = strings.TrimRight(t, ",;:—-")
			if t != "" {
				return t + "…"
			}
		}
	}
	// No word boundary at all: CJK text may be cut between characters; a
	// giant Latin word or URL is dropped rather than split.
	if isCJK(rs[len(prefix)-1]) && isCJK(rs[len(prefix)]) {
		return string(prefix) + "…"
	}
	return ""
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// lastSentenceEnd returns the index just past the last sentence end within
// rs[:max] (punctuation, closing quotes and citation markers included) that
// is followed by whitespace or the end, outside any link; 0 if none.
func lastSentenceEnd(rs []rune, max int) int {
	best := 0
	for i := 0; i < max && i < len(rs); i++ {
		switch rs[i] {
		case '.', '!', '?', '。', '！', '？':
		default:
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"'”’)»`, rs[j]) {
			j++
		}
		// Citation markers such as " [2][3]" belong to the sentence.
		for {
			k := j
			if k < len(rs) && rs[k] == ' ' {
				k++
			}
			if k < len(rs) && rs[k] == '[' {
				m := k + 1
				for m < len(rs) && rs[m] >= '0' && rs[m] <= '9' {
					m++
				}
				if m > k+1 && m < len(rs) && rs[m] == ']' {
					j = m + 1
					continue
				}
			}
			break
		}
		if j > max {
			continue
		}
		if (j == len(rs) || unicode.IsSpace(rs[j])) && !insideLink(rs[:j]) {
			best = j
		}
	}
	return best
}

// insideLink reports whether the text ends inside a markdown link, a
// bracket or an <url>.
func insideLink(rs []rune) bool {
	depth, paren, angle := 0, false, false
	for i, r := range rs {
		switch {
		case paren:
			if r == ')' {
				paren = false
			}
		case angle:
			if r == '>' {
				angle = false
			}
		case r == '[':
			depth++
		case r == ']':
			if depth > 0 {
				depth--
			}
			if i+1 < len(rs) && rs[i+1] == '(' {
				paren = true
			}
		case r == '<' && i+4 < len(rs) && string(rs[i+1:i+5]) == "http":
			angle = true
		}
	}
	if paren || angle || depth > 0 {
		return true
	}
	// A bare URL runs to the next space; the caller only cuts at spaces.
	return false
}

// sortedDocs returns docs newest first (unknown dates last, then by title).
func sortedDocs(docs []corpus.Document) []corpus.Document { return corpus.NewestFirst(docs) }

// docLine renders one article as "title — outlet, date (also in …)".
func docLine(n int, d corpus.Document) string {
	title := cut(oneLine(d.Title), 200)
	if title == "" {
		title = d.ID
	}
	line := fmt.Sprintf("**%d.** %s", n, link(title, d.URL))
	var meta []string
	if d.Outlet != "" {
		meta = append(meta, escape(cut(oneLine(d.Outlet), 60)))
	}
	if h := d.Date.Human(); h != "" {
		meta = append(meta, h)
	}
	if len(meta) > 0 {
		line += " — " + strings.Join(meta, ", ")
	}
	var also []string
	for _, a := range d.AlsoIn {
		if a.Outlet != "" && a.Outlet != d.Outlet {
			also = append(also, escape(cut(oneLine(a.Outlet), 40)))
		}
		if len(also) == 3 {
			break
		}
	}
	if len(also) > 0 {
		line += " · also in " + strings.Join(also, ", ")
	}
	return line
}

// sourcesID is the custom_id prefix of /sources page buttons.
const sourcesID = "sources:"

// renderSources renders page (0-based) of the article list. query is only
// used for the heading (a search result is a single page).
func renderSources(docs []corpus.Document, page int, query string) (*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	e := &discordgo.MessageEmbed{Color: colorList}
	if query != "" {
		e.Title = cut("Articles matching “"+oneLine(query), maxTitle-1) + "”"
		if len(docs) == 0 {
			e.Description = "No article matches that. Try other words, or `/sources` for the full list."
			return e, nil
		}
	} else {
		docs = sortedDocs(docs)
		e.Title = fmt.Sprintf("Articles I know (%d)", len(docs))
		if len(docs) == 0 {
			e.Description = "I don't have any articles yet."
			return e, nil
		}
	}
	pages := (len(docs) + sourcesPageSize - 1) / sourcesPageSize
	if page < 0 {
		page = 0
	}
	if page >= pages {
		page = pages - 1
	}
	var b strings.Builder
	for i := page * sourcesPageSize; i < len(docs) && i < (page+1)*sourcesPageSize; i++ {
		line := cut(docLine(i+1, docs[i]), 390)
		if runeLen(line) >= 390 {
			line = cut(stripLinks(docLine(i+1, docs[i])), 390)
		}
		b.WriteString(line + "\n")
	}
	e.Description = strings.TrimSpace(b.String())
	if query == "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · newest first", page+1, pages)}
	} else {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "Best matches first"}
	}
	if pages <= 1 {
		return e, nil
	}
	prev := discordgo.Button{Label: "Newer", Style: discordgo.SecondaryButton, CustomID: sourcesID + strconv.Itoa(page-1), Disabled: page == 0}
	next := discordgo.Button{Label: "Older", Style: discordgo.SecondaryButton, CustomID: sourcesID + strconv.Itoa(page+1), Disabled: page == pages-1}
	if page == 0 {
		prev.CustomID = sourcesID + "first"
	}
	if page == pages-1 {
		next.CustomID = sourcesID + "last"
	}
	return e, []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{prev, next}}}
}

// renderHelp describes what the bot covers and how to ask.
func renderHelp(docs []corpus.Document, modelInUse bool) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title:       "Shuttle",
		Description: "I answer questions about the news coverage I have read, and cite the articles every answer comes from.",
		Color:       colorList,
	}
	var oldest, newest corpus.Date
	outlets := map[string]int{}
	for _, d := range docs {
		if !d.Date.IsZero() {
			if oldest.IsZero() || d.Date.Time().Before(oldest.Time()) {
				oldest = d.Date
			}
			if newest.IsZero() || d.Date.Time().After(newest.Time()) {
				newest = d.Date
			}
		}
		if d.Outlet != "" {
			outlets[d.Outlet]++
		}
		for _, a := range d.AlsoIn {
			if a.Outlet != "" {
				outlets[a.Outlet]++
			}
		}
	}
	coverage := fmt.Sprintf("%d article", len(docs))
	if len(docs) != 1 {
		coverage += "s"
	}
	switch {
	case oldest.IsZero():
	case oldest == newest:
		coverage += ", " + oldest.Human()
	default:
		coverage += ", " + oldest.Human() + " – " + newest.Human()
	}
	if len(outlets) > 0 {
		names := make([]string, 0, len(outlets))
		for n := range outlets {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			if outlets[names[i]] != outlets[names[j]] {
				return outlets[names[i]] > outlets[names[j]]
			}
			return names[i] < names[j]
		})
		shown := names
		if len(shown) > 12 {
			shown = shown[:12]
		}
		for i := range shown {
			shown[i] = escape(cut(oneLine(shown[i]), 50))
		}
		list := strings.Join(shown, ", ")
		if len(names) > len(shown) {
			list += fmt.Sprintf(" and %d more", len(names)-len(shown))
		}
		coverage += "\nOutlets: " + list
	}
	how := "`/ask question:…` — add `private:True` to see the answer alone.\n" +
		"Mention me with a question: I reply and open a thread, where follow-ups such as “and when was that?” keep their context.\n" +
		"`/sources [query]` — the articles I know, or the best matches for a query.\n" +
		"`/summits [limit] [leader]` — the leaders' meetings in the coverage, newest first."
	answers := "Extractive: I quote the sentences of the coverage that answer you, with their sources. No language model is used."
	if modelInUse {
		answers = "A language model writes each answer from the passages I retrieve; every citation is checked against its passage, and I fall back to quoting the coverage when the model is unavailable."
	}
	answers += "\nWhen the coverage doesn't say, I say so rather than guess."
	e.Fields = []*discordgo.MessageEmbedField{
		{Name: "Coverage", Value: cut(coverage, maxFieldValue)},
		{Name: "How to ask", Value: how},
		{Name: "Answers", Value: answers},
	}
	return e
}

// renderSummits renders the meeting timeline newest first, filtered by a
// case-insensitive substring of a leader's name, at most limit meetings.
func renderSummits(meetings []summits.Meeting, limit int, leader string) *discordgo.MessageEmbed {
	if limit <= 0 {
		limit = summitsDefault
	}
	if limit > summitsMax {
		limit = summitsMax
	}
	leader = strings.TrimSpace(leader)
	e := &discordgo.MessageEmbed{Title: "Leaders' meetings", Color: colorList}
	if leader != "" {
		e.Title = cut("Leaders' meetings with “"+oneLine(leader), maxTitle-1) + "”"
	}
	var ms []summits.Meeting
	for _, m := range meetings {
		if leader == "" || hasLeader(m, leader) {
			ms = append(ms, m)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].Date, ms[j].Date
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Time().After(b.Time())
	})
	if len(ms) == 0 {
		if leader != "" {
			e.Description = "The coverage I have reports no meeting with a leader matching that name."
		} else {
			e.Description = "The coverage I have reports no leaders' meetings yet."
		}
		return e
	}
	var b strings.Builder
	shown := 0
	for _, m := range ms {
		if shown == limit {
			break
		}
		line := summitLine(m)
		if runeLen(b.String())+runeLen(line)+80 > maxDescription {
			break
		}
		b.WriteString(line + "\n")
		shown++
	}
	e.Description = strings.TrimSpace(b.String())
	footer := fmt.Sprintf("%d meeting", len(ms))
	if len(ms) != 1 {
		footer += "s"
	}
	footer += " in the coverage · newest first"
	if shown < len(ms) {
		footer = fmt.Sprintf("Showing %d of %d meetings · newest first · use limit: or leader: to see others", shown, len(ms))
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	return e
}

func hasLeader(m summits.Meeting, q string) bool {
	q = strings.ToLower(q)
	for _, l := range m.Leaders {
		if strings.Contains(strings.ToLower(l), q) {
			return true
		}
	}
	return false
}

// summitLine renders "date · place · who · occasion — sources".
func summitLine(m summits.Meeting) string {
	date := m.Date.Human()
	if date == "" {
		date = "Date unknown"
	}
	parts := []string{"**" + date + "**"}
	if m.Place != "" {
		parts = append(parts, escape(cut(oneLine(m.Place), 80)))
	}
	if len(m.Leaders) > 0 {
		var ls []string
		for _, l := range m.Leaders {
			ls = append(ls, escape(cut(oneLine(l), 60)))
		}
		parts = append(parts, cut(strings.Join(ls, ", "), 200))
	}
	if m.Occasion != "" {
		parts = append(parts, escape(cut(oneLine(m.Occasion), 120)))
	}
	line := strings.Join(parts, " · ")
	if m.Status == "planned" {
		line += " *(planned)*"
	}
	var links []string
	seen := map[string]bool{}
	for _, c := range m.Citations {
		u := safeURL(c.URL)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		name := c.Source
		if name == "" {
			name = "source"
		}
		links = append(links, link(cut(oneLine(name), 40), u))
		if len(links) == 3 {
			break
		}
	}
	if len(links) > 0 {
		line += " — " + strings.Join(links, ", ")
	}
	return line
}

// threadName is a thread title made from a question.
func threadName(q string) string {
	n := cut(oneLine(q), maxThreadName)
	if n == "" {
		return "Question"
	}
	return n
}

// notice is a short plain message (refusals, errors), within limits.
func notice(text string) string { return cut(text, maxContent) }
