package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	nurl "net/url"
	"strings"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Extracted is the main content of an HTML page.
type Extracted struct {
	Title  string
	Outlet string
	Date   Date
	// URL is the page's canonical address (og:url, rel=canonical), else
	// pageURL.
	URL  string
	Tags []string
	// Paragraphs are the clean article paragraphs, in order.
	Paragraphs []string
}

// ExtractHTML pulls the article text and metadata out of an HTML page.
// pageURL, when known, helps resolve the outlet and relative links. The
// main text comes from go-trafilatura; title, outlet (og:site_name,
// JSON-LD publisher, the site's domain) and publication date come from the
// page's metadata; the paragraphs then get the same cleaning as text files.
func ExtractHTML(data []byte, pageURL string) (Extracted, error) {
	if len(data) > MaxFileSize {
		return Extracted{}, fmt.Errorf("html: page is %d bytes, over the %d byte limit", len(data), MaxFileSize)
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return Extracted{}, errors.New("html: binary content (NUL bytes)")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Extracted{}, fmt.Errorf("html: %w", ErrEmpty)
	}
	doc, err := dom.Parse(bytes.NewReader(data))
	if err != nil {
		return Extracted{}, fmt.Errorf("html: parse: %w", err)
	}
	meta := pageMeta(doc)
	h := hints{title: meta.title, outlet: meta.siteName, url: firstNonEmpty(meta.canonical, pageURL), date: meta.published, tags: meta.tags}
	if h.outlet == "" {
		h.outlet = firstNonEmpty(outletForURL(h.url), outletForURL(pageURL))
	}
	if h.outlet != "" {
		for _, sep := range []string{" | ", " - ", " — ", " – ", " :: "} {
			if t, ok := strings.CutSuffix(h.title, sep+h.outlet); ok {
				h.title = strings.TrimSpace(t)
			}
		}
	}
	opts := trafilatura.Options{ExcludeComments: true, HtmlDateMode: trafilatura.Disabled, EnableFallback: false}
	if u, err := nurl.ParseRequestURI(firstNonEmpty(pageURL, meta.canonical)); err == nil {
		opts.OriginalURL = u
	}
	var units []unit
	if res, err := trafilatura.ExtractDocument(doc, opts); err == nil && res != nil && res.ContentNode != nil {
		units = nodeUnits(res.ContentNode)
	}
	if len(units) == 0 {
		if body := dom.QuerySelector(doc, "body"); body != nil {
			units = nodeUnits(body)
		}
	}
	if len(units) == 0 {
		h.description = meta.description
	}
	a := buildArticle(h, units)
	if !hasSubstance(a.paragraphs) {
		return Extracted{}, fmt.Errorf("html: %w", ErrEmpty)
	}
	return Extracted{Title: a.title, Outlet: a.outlet, Date: a.date, URL: a.url, Tags: a.tags, Paragraphs: a.paragraphs}, nil
}

// metaInfo is what a page says about itself in <head> and JSON-LD.
type metaInfo struct {
	title, siteName, canonical, description string
	published                               Date
	tags                                    []string
}

// pageMeta reads <title>, <meta> tags, rel=canonical, <time> elements and
// JSON-LD article objects.
func pageMeta(doc *html.Node) metaInfo {
	var mi metaInfo
	props := map[string]string{}
	var docTitle, timeAttr string
	var ld []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				if key != "" {
					if _, ok := props[key]; !ok {
						props[key] = strings.TrimSpace(attr(n, "content"))
					}
				}
			case atom.Title:
				if docTitle == "" && n.FirstChild != nil {
					docTitle = n.FirstChild.Data
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && mi.canonical == "" {
					mi.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Time:
				if timeAttr == "" && (hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished") ||
					strings.Contains(strings.ToLower(attr(n, "class")), "publish")) {
					timeAttr = attr(n, "datetime")
				}
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") && n.FirstChild != nil {
					ld = append(ld, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	var ldInfo ldArticle
	for _, s := range ld {
		if findLDArticle(s, &ldInfo) {
			break
		}
	}
	mi.title = cleanInline(firstNonEmpty(props["og:title"], ldInfo.headline, props["twitter:title"], docTitle))
	mi.siteName = cleanInline(firstNonEmpty(props["og:site_name"], ldInfo.publisher, props["application-name"]))
	if mi.canonical == "" {
		mi.canonical = firstNonEmpty(props["og:url"], ldInfo.url)
	}
	if u, err := nurl.Parse(mi.canonical); err != nil || !u.IsAbs() {
		mi.canonical = ""
	}
	mi.description = cleanInline(firstNonEmpty(props["og:description"], props["description"], ldInfo.description))
	for _, v := range []string{props["article:published_time"], props["og:published_time"], ldInfo.published,
		props["datepublished"], props["pubdate"], props["publishdate"], props["date"], props["dc.date.issued"],
		props["dc.date"], props["parsely-pub-date"], props["sailthru.date"], timeAttr} {
		if d, ok := parseDateValue(v); ok {
			mi.published = d
			break
		}
	}
	if kw := firstNonEmpty(props["news_keywords"], props["keywords"]); kw != "" {
		mi.tags = stringList(kw)
	}
	return mi
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// ldArticle is the part of a schema.org NewsArticle we use.
type ldArticle struct {
	headline, published, publisher, url, description string
}

// findLDArticle looks for an Article-like object in a JSON-LD script,
// including inside @graph arrays.
func findLDArticle(s string, out *ldArticle) bool {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &v); err != nil {
		return false
	}
	var search func(v any, depth int) bool
	search = func(v any, depth int) bool {
		if depth > 6 {
			return false
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if search(e, depth+1) {
					return true
				}
			}
		case map[string]any:
			typ := strings.ToLower(fmt.Sprint(x["@type"]))
			if strings.Contains(typ, "article") || strings.Contains(typ, "posting") || strings.Contains(typ, "report") {
				out.headline = scalarString(x["headline"])
				out.published = scalarString(x["datePublished"])
				out.url = scalarString(x["url"])
				out.description = scalarString(x["description"])
				if p, ok := x["publisher"].(map[string]any); ok {
					out.publisher = scalarString(p["name"])
				} else {
					out.publisher = scalarString(x["publisher"])
				}
				return true
			}
			if g, ok := x["@graph"]; ok {
				return search(g, depth+1)
			}
		}
		return false
	}
	return search(v, 0)
}

// hasSubstance reports whether paras hold at least one real paragraph (eight
// words, or sixty characters of a script written without spaces), so that
// a page of menus and a title does not pass for an article.
func hasSubstance(paras []string) bool {
	for _, p := range paras {
		if wordCount(p) >= 8 || utf8.RuneCountInString(p) >= 60 {
			return true
		}
	}
	return false
}
