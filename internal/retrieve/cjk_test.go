package retrieve

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"shuttlebot/internal/corpus"
)

// loadCJKDocs reads testdata/cjk-articles.json: hand-written Korean,
// Japanese and Chinese articles (the same stories as articles.json, and
// new ones), in the format of articles.json.
func loadCJKDocs(t testing.TB) []corpus.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "cjk-articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw []struct {
		ID, Title, Outlet, URL, Date string
		Paragraphs                   []string
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Document
	for _, r := range raw {
		d, err := corpus.ParseDate(r.Date)
		if err != nil {
			t.Fatal(err)
		}
		doc := corpus.Document{ID: r.ID, Title: r.Title, Outlet: r.Outlet, URL: r.URL, Date: d, Paragraphs: r.Paragraphs}
		doc.Size = int64(len(strings.Join(doc.Paragraphs, "\n\n")))
		doc.Hash = fingerprint(&doc)
		docs = append(docs, doc)
	}
	return docs
}

func TestCJKTerms(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Lee met Takaichi in Nara.", ""},
		{"이재명", "이재 재명"},
		{"이재명 대통령", "이재 재명 대통 통령"},
		{"나라에서", "나라 라에 에서"},
		{"李", "李"},
		{"日자민당 韓은", "日 자민 민당 韓 은"}, // Han abbreviations glued to Hangul stand alone
		{"李대통령", "李 대통 통령"},
		{"奈良で会談した。", "奈良 良で で会 会談 談し した"},
		{"东京举行峰会", "东京 京举 举行 行峰 峰会"},
		{"ｾﾙﾋﾞｰ", "セル ルビ ビー"}, // half-width kana are folded to full width
		{"ＡＰＥＣ 首脳", "首脳"},
		{"APEC首脳会議2025年", "首脳 脳会 会議 年"},
		{"a\uFFFDb 가", "가"},
	}
	for _, c := range cases {
		var got []string
		cjkTerms(c.in, func(term string) { got = append(got, term) })
		if strings.Join(got, " ") != c.want {
			t.Errorf("cjkTerms(%q) = %q, want %q", c.in, strings.Join(got, " "), c.want)
		}
	}
}

func TestCJKQuestionWordsAreNotSearched(t *testing.T) {
	ix, err := Open(context.Background(), "", loadCJKDocs(t), Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cases := []struct{ q, want string }{
		{"베커 총리는 누구를 만났나?", "베커 총리 리는 구를 만났"},
		{"会談はどこで行われたのですか", "会談 談は はど こで で行 行わ われ れた たの"},
		{"为什么降息", "么降 降息"},
		{"누구?", ""},
		{"English only", ""},
	}
	for _, c := range cases {
		if got := ix.cjkQueryTerms(context.Background(), sanitize(c.q)); got != c.want {
			t.Errorf("cjkQueryTerms(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestCJKSearchFindsTheRightArticle(t *testing.T) {
	// English and CJK articles in one index: questions in each language find
	// their article, and CJK articles do not disturb English retrieval.
	docs := append(loadDocs(t), loadCJKDocs(t)...)
	cases := []struct {
		q, wantDoc string
	}{
		{"루이스 대통령은 셀비항에서 누구를 만났나?", "ko/harbour-summit.md"},
		{"페리 항로는 언제 다시 열리나?", "ko/harbour-summit.md"},
		{"어획할당량 문제는 해결됐어?", "ko/harbour-summit.md"}, // no space where the article has one
		{"홀린교의 강 수위는 얼마나 높아졌나?", "ko/storm.md"},
		{"잉그리드 때문에 몇 명이 대피했나", "ko/storm.md"},
		{"中央銀行は金利をどれだけ下げたのですか", "ja/rates.txt"},
		{"利下げの理由は？", "ja/rates.txt"},
		{"セルビー港の商工会議所", "ja/rates.txt"}, // full-width query, half-width article
		{"折叠手机的电池能用多久？", "zh/phone.html"},
		{"这款手机售价多少", "zh/phone.html"},
		{"How high did the river rise at Hollin Bridge?", "2026/03/storm.md"},
		{"When will the ferry line between the two countries reopen?", "2026/03/harbour-summit.txt"},
		{"Did the central bank cut interest rates?", "2026/02/rates.txt"},
		{"CPTPP 가입 Valdoria ferry", "2026/03/harbour-summit.txt"}, // mixed: Latin words search the English fields
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, docs)
			for _, c := range cases {
				got, err := ix.Search(context.Background(), c.q, 5)
				if err != nil {
					t.Fatalf("Search(%q): %v", c.q, err)
				}
				if len(got) == 0 || got[0].DocID != c.wantDoc {
					t.Errorf("Search(%q) top = %v, want %s", c.q, ids(got), c.wantDoc)
				}
			}
		})
	}
}

func TestCJKHostileQueries(t *testing.T) {
	ix, err := Open(context.Background(), "", loadCJKDocs(t), Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range []string{
		"누구?", "？？？", "。。。", "、", "ー", strings.Repeat("가", 20000), strings.Repeat("漢字", 5000),
		"\xed\xa0\x80가\xff", "title_cjk:가나", "text_cjk:\"셀비\"", "가*", "ｱ",
	} {
		if _, err := ix.Search(context.Background(), q, 5); err != nil {
			t.Errorf("Search(%.20q): %v", q, err)
		}
	}
	if got, _ := ix.Search(context.Background(), "누구?", 5); len(got) != 0 {
		t.Errorf("a question word alone matched %v", ids(got))
	}
}

func TestChunkJapaneseWithoutSpaces(t *testing.T) {
	// A long Japanese paragraph has no spaces: it is cut after 。 into
	// passages of at most about maxWords*cjkCharsPerWord characters, and no
	// character is lost or added.
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "第%d回の会議では、港湾の共同ターミナルと漁業の割当について長い議論が続いた。", i+1)
	}
	para := b.String()
	got := chunkText([]string{para})
	if len(got) < 3 {
		t.Fatalf("a %d-character paragraph gave %d passages", utf8.RuneCountInString(para), len(got))
	}
	if strings.Join(got, "") != para {
		t.Errorf("passages do not add up to the paragraph")
	}
	for i, p := range got {
		n := utf8.RuneCountInString(p)
		if n > maxWords*cjkCharsPerWord+40 || n < minWords*cjkCharsPerWord/2 {
			t.Errorf("passage %d has %d characters", i, n)
		}
		if !strings.HasSuffix(p, "。") {
			t.Errorf("passage %d does not end at a sentence end: …%s", i, string([]rune(p)[n-5:]))
		}
		if strings.Contains(p, " ") {
			t.Errorf("passage %d gained a space", i)
		}
	}
}

func TestChunkCJKWithoutSentenceEnds(t *testing.T) {
	// Han text with no punctuation at all is still cut, at commas when it
	// has them, and Korean (space-separated) counts words like English.
	han := strings.Repeat("漢字", 700)
	got := chunkText([]string{han})
	if len(got) < 4 || strings.Join(got, "") != han {
		t.Errorf("1,400 Han characters gave %d passages (joined equal: %v)", len(got), strings.Join(got, "") == han)
	}
	for i, p := range got {
		if n := utf8.RuneCountInString(p); n > maxWords*cjkCharsPerWord {
			t.Errorf("passage %d has %d characters", i, n)
		}
	}
	ko := strings.TrimSpace(strings.Repeat("정상들은 셀비항에서 만나 합의했다. ", 60)) // 300 words
	got = chunkText([]string{ko})
	if len(got) != 2 {
		t.Errorf("300 Korean words gave %d passages, want 2", len(got))
	}
	for _, p := range got {
		if !strings.HasSuffix(p, "합의했다.") {
			t.Errorf("Korean passage not cut at a sentence end: …%s", p[len(p)-20:])
		}
	}
}

func TestEnglishPassagesHaveNoCJKFields(t *testing.T) {
	// English passages index nothing extra; CJK passages index bigrams.
	en := fieldsOf(&Passage{Text: "The ferry reopens.", Title: "Ferry"})
	if _, ok := en[fTextCJK]; ok {
		t.Errorf("English passage has CJK field: %v", en)
	}
	ko := fieldsOf(&Passage{Text: "페리 재개", Title: "Ferry 재개"})
	if ko[fTextCJK] != "페리 재개" || ko[fTitleCJK] != "재개" {
		t.Errorf("CJK fields = %q, %q", ko[fTextCJK], ko[fTitleCJK])
	}
}

func TestExportedCJKTerms(t *testing.T) {
	if got := CJKTerms("Lee met Takaichi"); got != nil {
		t.Errorf("CJKTerms(English) = %q", got)
	}
	if got := strings.Join(CJKTerms("나라현에서 만났다"), " "); got != "나라 라현 현에 에서 만났 났다" {
		t.Errorf("CJKTerms = %q", got)
	}
	if got := strings.Join(CJKQuestionTerms("나라에서 누구를 만났나?"), " "); got != "나라 라에 에서 구를 만났" {
		t.Errorf("CJKQuestionTerms = %q", got)
	}
}

// FuzzCJKText: bigrams are one or two characters, and chunking text without
// spaces loses and adds nothing.
//
//	go test ./internal/retrieve -run XXX -fuzz FuzzCJKText -fuzztime 30s
func FuzzCJKText(f *testing.F) {
	for _, s := range []string{"이재명 대통령은 나라에서", "奈良で会談した。次は", "ｾﾙﾋﾞｰ", "a。b", strings.Repeat("漢字。", 200), "\xff가"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cjkTerms(s, func(term string) {
			if n := utf8.RuneCountInString(term); n < 1 || n > 2 {
				t.Fatalf("term %q of %q", term, s)
			}
		})
		if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsSpace) {
			return
		}
		if got := strings.Join(chunkText([]string{s}), ""); s != "" && got != s {
			t.Fatalf("chunkText(%q) joined = %q", s, got)
		}
	})
}
