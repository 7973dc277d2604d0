package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Headline is one entry of an aggregator item's headline list.
type Headline struct {
	Title  string
	Outlet string
	URL    string
}

// htmlParagraphs turns an HTML fragment (a feed summary) into plain
// paragraphs: tags dropped, entities decoded, block elements split.
func htmlParagraphs(s string) []string {
	if !strings.ContainsAny(s, "<&") {
		return splitParagraphs(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"})
	if err != nil {
		return splitParagraphs(s)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && isBlock(n.DataAtom) {
			b.WriteString("\n\n")
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return splitParagraphs(b.String())
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Tr, atom.Table, atom.Section, atom.Article:
		return true
	}
	return false
}

// splitParagraphs splits text at blank lines and collapses white space
// (including no-break spaces) inside each paragraph.
func splitParagraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		p = collapse(p)
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func collapse(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// aggregatorHeadlines recognises a news-aggregator summary: a list of linked
// headlines, each followed by its outlet's name (Google News puts the outlet
// in a <font> element after the link). It returns nil for anything else.
func aggregatorHeadlines(s string) []Headline {
	if !strings.Contains(s, "<a") {
		return nil
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"})
	if err != nil {
		return nil
	}
	var items []*html.Node // <li> elements, or the fragment root for a single headline
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Li {
			items = append(items, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	root := &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	find(root)
	single := len(items) == 0
	if single {
		items = []*html.Node{root}
	}
	if !single {
		outside := len(collapse(textOf(root)))
		for _, li := range items {
			outside -= len(collapse(textOf(li)))
		}
		if outside > 80 { // prose with a list in it, not a headline list
			return nil
		}
	}
	var out []Headline
	withOutlet := 0
	for _, li := range items {
		h, ok := headlineOf(li)
		if !ok {
			continue
		}
		if h.Outlet != "" {
			withOutlet++
		}
		out = append(out, h)
	}
	switch {
	case len(out) == 0:
		return nil
	case single && withOutlet != 1:
		return nil // a summary that merely is a link
	case !single && len(out) < 2 && withOutlet == 0:
		return nil
	}
	return out
}

// headlineOf reads one "<a href>Title</a> Outlet" entry. The outlet is the
// text of a <font> element after the link, or a short text after it; any
// text before the link means this is running prose, not a headline.
func headlineOf(n *html.Node) (Headline, bool) {
	var h Headline
	var a *html.Node
	var before, after, font strings.Builder
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		for ; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && c.DataAtom == atom.A && a == nil:
				a = c
			case c.Type == html.ElementNode && c.DataAtom == atom.Font && a != nil:
				font.WriteString(textOf(c) + " ")
			case c.Type == html.TextNode && a == nil:
				before.WriteString(c.Data)
			case c.Type == html.TextNode:
				after.WriteString(c.Data + " ")
			case c.Type == html.ElementNode:
				walk(c.FirstChild)
			}
		}
	}
	walk(n.FirstChild)
	if a == nil || collapse(before.String()) != "" {
		return h, false
	}
	h.Title = collapse(textOf(a))
	for _, at := range a.Attr {
		if at.Key == "href" {
			h.URL = strings.TrimSpace(at.Val)
		}
	}
	h.Outlet = collapse(font.String())
	if h.Outlet == "" {
		h.Outlet = strings.TrimLeft(collapse(after.String()), "-–—|·: ")
	}
	if len(h.Outlet) > 60 { // running text, not an outlet name
		return h, false
	}
	return h, h.Title != ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
