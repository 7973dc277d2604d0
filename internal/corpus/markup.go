package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// unit is one candidate paragraph: a line or block of the source, before
// cleaning decides what it is.
type unit struct {
	text    string
	heading int // markdown/HTML heading level, 0 when not a heading
}

var htmlBlockRe = regexp.MustCompile(`(?i)<(p|ol|ul|li|div|br|a\s|table|h[1-6]|blockquote|article|section|span|font)\b`)

// bodyUnits splits a text or Markdown body into units. Bodies that carry HTML
// (feed items often do) are read as HTML.
func bodyUnits(body string, markdown bool) []unit {
	var out []unit
	var chunk []string
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		text := strings.Join(chunk, "\n")
		chunk = chunk[:0]
		if htmlBlockRe.MatchString(text) {
			if n, err := html.Parse(strings.NewReader(text)); err == nil {
				out = append(out, nodeUnits(n)...)
				return
			}
		}
		out = append(out, textUnits(text, markdown)...)
	}
	inFence := false
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if markdown && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			inFence = !inFence
		}
		if t == "" && !inFence {
			flush()
			continue
		}
		chunk = append(chunk, line)
	}
	flush()
	return out
}

// textUnits splits a plain text or Markdown chunk into units.
func textUnits(body string, markdown bool) []unit {
	var lines []unit
	inFence := false
	for _, raw := range strings.Split(body, "\n") {
		line := strings.TrimRightFunc(raw, unicode.IsSpace)
		if markdown {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
				inFence = !inFence
				lines = append(lines, unit{}) // block break
				continue
			}
			if inFence {
				continue
			}
			u, brk := markdownLine(t)
			if brk {
				lines = append(lines, unit{})
				continue
			}
			if u.heading > 0 {
				lines = append(lines, unit{}, u, unit{})
				continue
			}
			line = u.text
		}
		lines = append(lines, unit{text: line})
	}
	return joinLines(lines)
}

var (
	mdImageRe = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRe  = regexp.MustCompile(`\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)`)
	mdBoldRe  = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmRe    = regexp.MustCompile(`(^|[\s(])\*(\S(?:[^*]*\S)?)\*`)
	mdRuleRe  = regexp.MustCompile(`^(?:\*\s*){3,}$|^(?:-\s*){3,}$|^(?:_\s*){3,}$|^={3,}$`)
	mdListRe  = regexp.MustCompile(`^(?:[-*+•]|\d{1,3}[.)])\s+`)
)

// markdownLine strips Markdown syntax from one trimmed line. brk reports a
// thematic break (which separates blocks).
func markdownLine(t string) (u unit, brk bool) {
	if t == "" {
		return unit{}, false
	}
	if mdRuleRe.MatchString(t) {
		return unit{}, true
	}
	level := 0
	for level < len(t) && level < 6 && t[level] == '#' {
		level++
	}
	if level > 0 && (len(t) == level || t[level] == ' ') {
		t = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[level:]), "#"))
	} else {
		level = 0
	}
	for strings.HasPrefix(t, ">") {
		t = strings.TrimSpace(t[1:])
	}
	if loc := mdListRe.FindStringIndex(t); loc != nil && !strings.HasPrefix(t, "**") {
		t = t[loc[1]:]
	}
	if strings.IndexByte(t, '[') >= 0 {
		t = mdImageRe.ReplaceAllString(t, "")
		t = mdLinkRe.ReplaceAllString(t, "$1")
	}
	if strings.IndexByte(t, '*') >= 0 || strings.Contains(t, "__") {
		t = mdBoldRe.ReplaceAllString(t, "$2")
		t = mdEmRe.ReplaceAllString(t, "$1$2")
	}
	return unit{text: t, heading: level}, false
}

// joinLines turns lines into units: blank lines separate blocks; inside a
// block, a line joins the previous one when the previous line looks
// hard-wrapped (long and not ending a sentence) or the line continues in
// lower case. Short lines (menus, headlines) stay separate.
func joinLines(lines []unit) []unit {
	var out []unit
	open := false
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			open = false
			continue
		}
		if l.heading > 0 {
			out = append(out, unit{text: t, heading: l.heading})
			open = false
			continue
		}
		if open {
			prev := out[len(out)-1].text
			first, _ := utf8.DecodeRuneInString(t)
			if (len(prev) >= 40 && !endsSentence(prev) && (!titleLike(prev) || endsMidSentence(prev))) || unicode.IsLower(first) {
				out[len(out)-1].text = prev + " " + t
				continue
			}
		}
		out = append(out, unit{text: t})
		open = true
	}
	return out
}

// block-level elements end one unit and start another.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Br: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Pre: true, atom.Dd: true,
	atom.Dt: true, atom.Dl: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Main: true,
	atom.Body: true, atom.Html: true, atom.Caption: true, atom.Address: true,
}

// skipped elements carry no article text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Aside: true,
	atom.Template: true, atom.Svg: true, atom.Iframe: true, atom.Button: true, atom.Form: true,
	atom.Select: true, atom.Head: true, atom.Title: true, atom.Object: true, atom.Embed: true,
}

// nodeUnits walks an HTML tree and returns its text as units, one per block
// element. A list item made of a link followed by a short label (a headline
// and its outlet, as news aggregators print them) becomes "Headline — Label".
func nodeUnits(root *html.Node) []unit {
	w := &walker{}
	w.walk(root, false)
	w.flush()
	return w.out
}

type segment struct {
	text   string
	inLink bool
}

type walker struct {
	out     []unit
	segs    []segment
	heading int
	inItem  bool
}

func (w *walker) walk(n *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		w.segs = append(w.segs, segment{text: n.Data, inLink: inLink})
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.ElementNode:
		if skipAtoms[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.Img {
			return
		}
	}
	block := n.Type == html.ElementNode && blockAtoms[n.DataAtom]
	if block {
		w.flush()
		switch n.DataAtom {
		case atom.H1:
			w.heading = 1
		case atom.H2:
			w.heading = 2
		case atom.H3, atom.H4, atom.H5, atom.H6:
			w.heading = 3
		case atom.Li:
			w.inItem = true
		}
	}
	link := inLink || (n.Type == html.ElementNode && n.DataAtom == atom.A)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if n.Type == html.ElementNode && !block && c.Type == html.ElementNode {
			w.segs = append(w.segs, segment{}) // inline element boundary
		}
		w.walk(c, link)
	}
	if n.Type == html.ElementNode && !block {
		w.segs = append(w.segs, segment{})
	}
	if block {
		w.flush()
	}
}

// flush emits the text gathered since the last block boundary.
func (w *walker) flush() {
	defer func() { w.segs, w.heading, w.inItem = w.segs[:0], 0, false }()
	var parts []segment
	var cur strings.Builder
	curLink := false
	emit := func() {
		if t := cleanInline(cur.String()); t != "" {
			parts = append(parts, segment{text: t, inLink: curLink})
		}
		cur.Reset()
	}
	for _, s := range w.segs {
		if s.text == "" {
			emit()
			continue
		}
		if cur.Len() > 0 && s.inLink != curLink {
			emit()
		}
		curLink = s.inLink
		cur.WriteString(s.text)
	}
	emit()
	if len(parts) == 0 {
		return
	}
	if w.inItem && len(parts) >= 2 {
		last := parts[len(parts)-1]
		head := parts[:len(parts)-1]
		if !last.inLink && head[len(head)-1].inLink && wordCount(last.text) <= 6 && !endsSentence(last.text) {
			var b []string
			for _, p := range head {
				b = append(b, p.text)
			}
			w.out = append(w.out, unit{text: squash(strings.Join(b, " ")) + " — " + last.text})
			return
		}
	}
	var raw strings.Builder
	for _, s := range w.segs {
		raw.WriteString(s.text)
	}
	if t := cleanInline(raw.String()); t != "" {
		w.out = append(w.out, unit{text: t, heading: w.heading})
	}
}

// endsMidSentence reports a line that stops where a sentence cannot: on a
// comma or a lower-case function word ("of", "the", "on").
func endsMidSentence(s string) bool {
	if strings.HasSuffix(s, ",") {
		return true
	}
	i := strings.LastIndexByte(s, ' ')
	last := s[i+1:]
	return last != "" && !unicode.IsUpper(rune(last[0])) && stopwords[last]
}
