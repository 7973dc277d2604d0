package corpus

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestExtractHTMLMessyPage(t *testing.T) {
	data, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := ExtractHTML(data, "")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Title != "Leaders pledge closer ties at Nara summit" {
		t.Errorf("title = %q", ex.Title)
	}
	if ex.Outlet != "The Example Times" {
		t.Errorf("outlet = %q", ex.Outlet)
	}
	if ex.Date != (Date{2026, time.January, 13}) {
		t.Errorf("date = %v", ex.Date)
	}
	if ex.URL != "https://www.example-times.com/world/nara-summit" {
		t.Errorf("url = %q", ex.URL)
	}
	text := strings.Join(ex.Paragraphs, "\n")
	for _, want := range []string{"critical minerals", "“Our two countries share a front yard,” Lee told reporters", "shuttle diplomacy"} {
		if !strings.Contains(text, want) {
			t.Errorf("paragraphs lack %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"Sign In", "Share on", "Advertisement", "Floods", "Stocks close", "Copyright", "Powered By", "dataLayer", "display:none", "By Jane Example"} {
		if strings.Contains(text, bad) {
			t.Errorf("paragraphs keep %q:\n%s", bad, text)
		}
	}
	if len(ex.Paragraphs) != 4 {
		t.Errorf("%d paragraphs, want 4:\n%s", len(ex.Paragraphs), text)
	}
}

func TestExtractHTMLWithoutArticleTag(t *testing.T) {
	page := `<html><head><title>Ferry route reopens</title></head><body>
<div id="menu"><a href="/">Home</a><a href="/news">News</a><a href="/sports">Sports</a></div>
<div class="content">
<div class="text">Ferry route reopens</div>
<div class="text">A ferry route between Busan and Fukuoka reopened on Monday after a two-year suspension, with 280 passengers on the first sailing, the operator said.</div>
<div class="text">The operator plans three sailings a week until demand recovers, and daily sailings from the summer, according to a company statement released on Monday.</div>
</div>
<div class="sidebar"><ul><li><a href="/1">Other headline one here</a></li><li><a href="/2">Other headline two here</a></li><li><a href="/3">Other headline three here</a></li></ul></div>
</body></html>`
	ex, err := ExtractHTML([]byte(page), "https://www.japantimes.co.jp/news/ferry")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Title != "Ferry route reopens" {
		t.Errorf("title = %q", ex.Title)
	}
	if ex.Outlet != "The Japan Times" {
		t.Errorf("outlet from the page's domain = %q", ex.Outlet)
	}
	if !ex.Date.IsZero() {
		t.Errorf("date = %v, want unknown", ex.Date)
	}
	text := strings.Join(ex.Paragraphs, "\n")
	if !strings.Contains(text, "280 passengers") || !strings.Contains(text, "three sailings a week") {
		t.Errorf("article text missing:\n%s", text)
	}
	if strings.Contains(text, "Other headline") {
		t.Errorf("sidebar links kept:\n%s", text)
	}
}

func TestExtractHTMLCharset(t *testing.T) {
	page := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><title>Caf\xe9 culture spreads in Seoul</title></head>" +
		"<body><article><p>Caf\xe9 owners in Seoul said visitors from Japan had doubled this year, helped by the weak won and new direct flights from Osaka.</p></article></body></html>"
	ex, err := ExtractHTML([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Title != "Café culture spreads in Seoul" || len(ex.Paragraphs) != 1 || !strings.HasPrefix(ex.Paragraphs[0], "Café owners") {
		t.Errorf("got %q / %q", ex.Title, ex.Paragraphs)
	}
}

func TestExtractHTMLErrors(t *testing.T) {
	tests := map[string][]byte{
		"empty":       nil,
		"binary":      {0x00, 0x01, 0x02, 0x03},
		"no text":     []byte("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"),
		"too large":   make([]byte, MaxFileSize+1),
		"only spaces": []byte("   \n  "),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ExtractHTML(data, ""); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestPageMetaJSONLD(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":"NewsArticle","headline":"Summit ends with statement","datePublished":"2025-10-30","publisher":{"@type":"Organization","name":"Example Wire"}}]}</script></head>
<body><article><p>The summit ended on Thursday with a joint statement on supply chains and security, officials from both countries said after the talks.</p></article></body></html>`
	ex, err := ExtractHTML([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Title != "Summit ends with statement" || ex.Outlet != "Example Wire" || ex.Date != (Date{2025, time.October, 30}) {
		t.Errorf("got %q %q %v", ex.Title, ex.Outlet, ex.Date)
	}
}
