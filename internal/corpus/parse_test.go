package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// articleWant describes what a reader should get from one file.
type articleWant struct {
	title    string // exact, when set
	outlet   string
	date     Date
	url      string
	has      []string // each must occur in some paragraph
	hasNot   []string // none may occur in any paragraph or the title
	firstHas string   // the first paragraph must contain this
	paras    int      // exact paragraph count, when > 0
}

func checkDoc(t *testing.T, doc Document, w articleWant) {
	t.Helper()
	if w.title != "" && doc.Title != w.title {
		t.Errorf("title = %q, want %q", doc.Title, w.title)
	}
	if doc.Outlet != w.outlet {
		t.Errorf("outlet = %q, want %q", doc.Outlet, w.outlet)
	}
	if doc.Date != w.date {
		t.Errorf("date = %q, want %q", doc.Date, w.date)
	}
	if doc.URL != w.url {
		t.Errorf("url = %q, want %q", doc.URL, w.url)
	}
	all := doc.Title + "\n" + strings.Join(doc.Paragraphs, "\n")
	for _, s := range w.has {
		if !strings.Contains(strings.Join(doc.Paragraphs, "\n"), s) {
			t.Errorf("paragraphs lack %q", s)
		}
	}
	for _, s := range w.hasNot {
		if strings.Contains(all, s) {
			t.Errorf("text still contains %q", s)
		}
	}
	if w.firstHas != "" && (len(doc.Paragraphs) == 0 || !strings.Contains(doc.Paragraphs[0], w.firstHas)) {
		t.Errorf("first paragraph does not contain %q: %q", w.firstHas, doc.Paragraphs)
	}
	if w.paras > 0 && len(doc.Paragraphs) != w.paras {
		t.Errorf("%d paragraphs, want %d:\n%s", len(doc.Paragraphs), w.paras, strings.Join(doc.Paragraphs, "\n"))
	}
	for i, p := range doc.Paragraphs {
		if p == "" || p != strings.TrimSpace(p) || strings.Contains(p, "  ") || strings.ContainsAny(p, "\n\t\u00a0") {
			t.Errorf("paragraph %d is not clean single-spaced text: %q", i, p)
		}
		if strings.Contains(p, "&nbsp;") || strings.Contains(p, "<") && strings.Contains(p, ">") {
			t.Errorf("paragraph %d keeps markup: %q", i, p)
		}
	}
}

func parseFile(t *testing.T, path, id string) Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(id, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", id, err)
	}
	if doc.ID != id || doc.Size != int64(len(data)) || len(doc.Hash) != 64 {
		t.Errorf("ID/Size/Hash = %q/%d/%q", doc.ID, doc.Size, doc.Hash)
	}
	return doc
}

// TestSeeds checks the five seed articles of the repository's corpus folder.
func TestSeeds(t *testing.T) {
	tests := []struct {
		file string
		want articleWant
	}{
		{"000_abd722d2cde857e6.txt", articleWant{
			outlet: "The Korea Herald", // from the reporter's e-mail domain
			date:   Date{},             // only a photo caption is dated; the text refers to other days
			has:    []string{"at the invitation of Japanese Prime Minister Sanae Takaichi", "followed by a banquet", "Cheong Wa Dae announced Friday"},
			hasNot: []string{"AloJapan", "heraldcorp", "Getty Images) South Korean"},
		}},
		{"001_b51bbc48a3d0a3eb.txt", articleWant{
			title:    "Cooperation between Seoul, Tokyo more important than ever, South Korean President tells Japan PM",
			outlet:   "IANS",
			date:     Date{2026, time.January, 13},
			firstHas: "citing the complex and dizzying international order",
			has:      []string{"regional stability", "weaponised"},
			hasNot:   []string{"Volker Turk", "Mizoram", "Epaper", "Open in App", "Disclaimer", "Related Stories", "Takaichi that ...", "By IANS"},
			paras:    11,
		}},
		{"002_4e8e361765c201e1.txt", articleWant{
			title:  "South Korea's Lee to head for Japan summit a week after meeting China's Xi",
			outlet: "Reuters",
			date:   Date{2026, time.January, 14},
			url:    "https://news.google.com/rss/articles/CBMisAFBVV95cUxQYnZlenc3Y3RRSnJZNHVxRy1LNy1KRkw3U0tKSlMzTDlVWU1sM0x2U3dONnlLS0NJYUhZOXpBbW9LalU5RURHOHhNSHc0NWl1OXJqTENXbTluU0NsTGxfZjVJeXFENXMzWVplb0VWN1M0ZHRJWUE0eVE4YV9jT24wYjhiRTNHYUg4eVI4VXZxWi1jOWkxTlV1NUR4YWRkR2xhc2pxcHZDeVJBcmplNEsyeg?oc=5",
			has:    []string{"Cymbal of unity? South Korea and Japan leaders bash out K-pop hits after summit talks — The Guardian", "— AP News", "— The Japan Times"},
			hasNot: []string{"&nbsp;", "<li>", "font color"},
			paras:  5,
		}},
		{"003_046032c9f7e7faea.txt", articleWant{
			date:     Date{2025, time.July, 4},
			firstHas: "South Korean President Lee Jae-myung delivers a speech",
			has:      []string{"upper house election", "China and Russia"},
			hasNot:   []string{"date 2025-07-04"},
		}},
		{"004_d461fde174dc3077.txt", articleWant{
			title:  "South Korean Prez Lee calls for closer cooperation with Japan amid changes in global trade",
			outlet: "IANS",
			has:    []string{"active efforts", "denuclearization", "Tokyo: South Korean President Lee Jae Myung urged"},
			hasNot: []string{"Srinagar", "Airtel", "Shubhanshu", "Mehbooba", "Niagra", "Read Previous", "Greece", "XYZScripts", "UNC says"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := parseFile(t, filepath.Join("..", "..", "corpus", tt.file), tt.file)
			checkDoc(t, doc, tt.want)
		})
	}
}

// TestMessyArticles checks each cleaning rule on articles written for it.
func TestMessyArticles(t *testing.T) {
	tests := []struct {
		file string
		want articleWant
	}{
		{"chrome-and-related.txt", articleWant{ // chrome, byline, teaser, disclaimer, glued related list
			title:    "Port city of Busan opens new ferry terminal for Japan routes",
			outlet:   "PTI",
			date:     Date{2025, time.March, 3},
			firstHas: "will double the number of daily sailings",
			has:      []string{"412 passengers"},
			hasNot:   []string{"Epaper", "Sign In", "Open in App", "Share this", "Disclaimer", "Related Stories", "Cricket board", "Gold prices", "terminal that ..."},
			paras:    4,
		}},
		{"signoff-briefs.txt", articleWant{ // agency sign-off, then pasted briefs
			title:  "Seoul and Tokyo agree to resume defence talks after six-year pause",
			outlet: "AFP",
			has:    []string{"radar incident", "regional security forum in Singapore"},
			hasNot: []string{"Patna", "farmers", "Kanpur", "cricket", "Monsoon", "Read Next"},
			paras:  4,
		}},
		{"briefs-no-signoff.txt", articleWant{ // briefs recognised by shape alone
			title:  "Korean Air adds daily flights to Sapporo for winter season",
			has:    []string{"Hokkaido ski packages"},
			hasNot: []string{"Patna", "Farmers", "Kanpur", "Cricket"},
			paras:  3,
		}},
		{"pasted-story.txt", articleWant{ // an unrelated story with its own dateline
			title:  "Japan's cabinet approves record budget for coastal disaster defences",
			outlet: "Kyodo News",
			has:    []string{"Nankai Trough", "fell short of what local governments had requested"},
			hasNot: []string{"Mumbai", "hoardings", "licences"},
			paras:  4,
		}},
		{"caption-twice.txt", articleWant{ // doubled caption kept once; caption date not the publication date
			outlet:   "The Korea Herald",
			firstHas: "Korean and Japanese foreign ministers meet in Busan, March 20, 2025. (Yonhap)",
			hasNot:   []string{"(Yonhap) Korean and Japanese", "NewsSite.net", "koreaherald.com"},
			paras:    4,
		}},
		{"caption-only-date.txt", articleWant{ // a caption date stands when nothing contradicts it
			date:  Date{2024, time.June, 7},
			has:   []string{"tenth year"},
			paras: 3,
		}},
		{"dateline-yonhap.txt", articleWant{ // dateline year from another full date in the text
			title:  "South Korea's trade ministry said Monday that exports to Japan rose 4.2 percent in February from a…",
			outlet: "Yonhap",
			date:   Date{2025, time.March, 3},
			paras:  3,
		}},
		{"entities.txt", articleWant{ // entity and tag residue, "date YYYY-MM-DD" prefix
			title:    "Tokyo and Seoul sign youth exchange pact",
			date:     Date{2024, time.November, 2},
			firstHas: "Officials from the two capitals signed a youth exchange agreement",
			has:      []string{"The agreement & its annex", "Tokyo's governor"},
			hasNot:   []string{"Advertisement", "date 2024"},
			paras:    3,
		}},
		{"frontmatter.md", articleWant{ // YAML front matter and Markdown syntax
			title:    "Japan and South Korea hold first finance dialogue in seven years",
			outlet:   "Example Business Daily",
			date:     Date{2023, time.June, 29},
			url:      "https://business.example.com/finance-dialogue",
			firstHas: "agreed to restore a $10 billion currency swap line",
			has:      []string{"See the joint statement for details.", "supply chains for semiconductors and batteries"},
			hasNot:   []string{"**", "](", "Crawled at", "Source:", "# "},
			paras:    3,
		}},
		{"lenient.md", articleWant{ // YAML-like front matter (tabs) read leniently
			title:  "Ferry service between Busan and Osaka resumes",
			outlet: "Example Maritime News",
			date:   Date{2024, time.February, 14},
			url:    "https://maritime.example.com/042/000123",
			paras:  1,
		}},
		{"aggregator.md", articleWant{ // aggregator item: headlines with their outlets
			title:  "Osaka expo draws record crowds on final weekend",
			outlet: "Example Wire",
			date:   Date{2025, time.October, 12},
			url:    "https://news.google.com/rss/articles/EXAMPLE1?oc=5",
			has:    []string{"Expo organisers count 25 million visitors — The Daily Example"},
			paras:  2,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := parseFile(t, filepath.Join("testdata", "corpus-messy", tt.file), tt.file)
			checkDoc(t, doc, tt.want)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
		data []byte
		has  string
	}{
		{"empty", "a.txt", nil, "no article text"},
		{"white space", "a.md", []byte(" \n\n\t\n"), "no article text"},
		{"only chrome", "a.txt", []byte("Home\n\nEpaper\n\nShare this article\n"), "no article text"},
		{"binary", "a.txt", []byte("PK\x03\x04\x00\x00\x08\x00binary zip data"), "binary"},
		{"control bytes", "a.txt", []byte(strings.Repeat("\x01\x02\x03abc", 50)), "not text"},
		{"bad front matter", "a.md", []byte("---\n- just\n- a list\n---\nBody text that is fine."), "front matter"},
		{"oversized", "a.txt", make([]byte, MaxFileSize+1), "limit"},
		{"empty html", "a.html", []byte("<html><body><nav>Home</nav></body></html>"), "no article text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.path, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.has) {
				t.Fatalf("Parse error = %v, want one containing %q", err, tt.has)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestParseRepairsBadBytes(t *testing.T) {
	data := []byte("Caf\xe9 owners in Seoul welcome Japanese tourists\n\nOwners of the caf\xe9 said visitors from Japan had doubled this year, helped by the weak won and new flights.\n")
	doc, err := Parse("latin1.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Caf\uFFFD owners in Seoul welcome Japanese tourists" {
		t.Errorf("title = %q", doc.Title)
	}
	for _, p := range doc.Paragraphs {
		if !utf8.ValidString(p) {
			t.Errorf("invalid UTF-8 in %q", p)
		}
	}
	if len(doc.Paragraphs) != 1 || !strings.Contains(doc.Paragraphs[0], "doubled this year") {
		t.Errorf("paragraphs = %q", doc.Paragraphs)
	}
}

func TestParseUTF16(t *testing.T) {
	text := "Leaders meet in Nara\n\nThe two leaders met in Nara on Tuesday and agreed to expand exchanges.\n"
	data := []byte{0xFF, 0xFE}
	for _, r := range text {
		data = append(data, byte(r), 0)
	}
	doc, err := Parse("utf16.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Leaders meet in Nara" || len(doc.Paragraphs) != 1 {
		t.Errorf("got %q / %q", doc.Title, doc.Paragraphs)
	}
}

// TestBBCNonUTF8 reads the real BBC article with one non-UTF-8 byte, when the
// shared data set is present.
func TestBBCNonUTF8(t *testing.T) {
	path := filepath.Join(bbcDir, "sport", "199.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("BBC News set not present: %v", err)
	}
	if utf8.Valid(data) {
		t.Skip("file no longer holds an invalid byte")
	}
	doc, err := Parse("sport/199.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Paragraphs) < 2 || doc.Title != "Chelsea sack Mutu" {
		t.Errorf("article lost: title %q, %d paragraphs", doc.Title, len(doc.Paragraphs))
	}
}

func TestDedupeParagraphs(t *testing.T) {
	long := "The two leaders agreed to launch a working group on critical minerals and expand exchanges."
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"exact", []string{long, "Other text here today.", long}, []string{long, "Other text here today."}},
		{"spacing and case", []string{long, strings.ToUpper(long)}, []string{long}},
		{"near duplicate keeps the first", []string{long, strings.Replace(long, "agreed", "decided", 1)}, []string{long}},
		{"contained teaser", []string{"The two leaders agreed to launch a working group", long}, []string{long}},
		{"distinct", []string{long, "Takaichi said she hoped to visit South Korea later this year."}, []string{long, "Takaichi said she hoped to visit South Korea later this year."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dedupeParagraphs(tt.in, nil)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBodyUnits(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		markdown bool
		want     []string
	}{
		{"blank lines separate, short lines stay apart", "City\nEpaper\n\nHeadline here\n\nBody line one.", false,
			[]string{"City", "Epaper", "Headline here", "Body line one."}},
		{"hard-wrapped paragraph is joined", "The two leaders met in the ancient capital of Nara on\nTuesday for talks on trade and security.", false,
			[]string{"The two leaders met in the ancient capital of Nara on Tuesday for talks on trade and security."}},
		{"markdown syntax", "# Title\n\n**Bold** and [a link](http://x.example) and ![img](i.png) text.\n\n---\n\n> quoted line\n\n- item one", true,
			[]string{"Title", "Bold and a link and text.", "quoted line", "item one"}},
		{"html list of headline links", `<ol><li><a href="u1">First headline</a>&nbsp;&nbsp;<font>Outlet One</font></li><li><a href="u2">Second</a> <span>Outlet Two</span></li></ol>`, false,
			[]string{"First headline — Outlet One", "Second — Outlet Two"}},
		{"html paragraphs and inline tags", "<p>One <b>bold</b> word.</p><p>Two<br>lines</p><script>var x;</script>", false,
			[]string{"One bold word.", "Two", "lines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range bodyUnits(tt.body, tt.markdown) {
				got = append(got, cleanInline(u.text))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestParseWrittenByIngest reads the Markdown the feed ingester writes: its
// paragraphs come back unchanged and also_in becomes AlsoIn.
func TestParseWrittenByIngest(t *testing.T) {
	paras := []string{
		"South Korean President Lee Jae Myung and Japanese Prime Minister Sanae Takaichi agreed on Tuesday to expand cooperation on supply chains.",
		"The two leaders also agreed to launch a working group on critical minerals, officials said after the talks in Nara.",
		"Takaichi said she hoped to visit South Korea later this year.",
	}
	data := "---\ntitle: Leaders agree to expand cooperation - Reuters\ndate: \"2026-01-13\"\nurl: https://www.reuters.com/world/x\nfetched_at: \"2026-01-14T02:00:00Z\"\nfeed: https://feeds.example.com/asia.xml\nalso_in:\n- title: Lee and Takaichi agree on minerals\n  outlet: Example Wire\n  url: https://wire.example.com/a\n---\n\n" +
		strings.Join(paras, "\n\n") + "\n"
	doc, err := Parse("feeds/reuters/leaders.md", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, articleWant{title: "Leaders agree to expand cooperation", outlet: "Reuters", date: Date{2026, time.January, 13},
		url: "https://www.reuters.com/world/x", paras: 3})
	if strings.Join(doc.Paragraphs, "|") != strings.Join(paras, "|") {
		t.Errorf("paragraphs changed:\n%q", doc.Paragraphs)
	}
	if len(doc.AlsoIn) != 1 || doc.AlsoIn[0].Outlet != "Example Wire" || doc.AlsoIn[0].URL != "https://wire.example.com/a" {
		t.Errorf("AlsoIn = %+v", doc.AlsoIn)
	}
}
