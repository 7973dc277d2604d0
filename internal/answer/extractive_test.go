package answer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

// fakeSearcher ranks fixed passages by how many of the query's content
// words they share: a stand-in for the index, so these tests do not depend
// on bleve.
type fakeSearcher struct {
	passages []retrieve.Passage
	queries  []string // every query received
	err      error
}

func (f *fakeSearcher) Search(ctx context.Context, q string, k int) ([]retrieve.Passage, error) {
	f.queries = append(f.queries, q)
	if f.err != nil {
		return nil, f.err
	}
	want := make(map[string]bool)
	for _, t := range ContentTerms(q) {
		want[t] = true
	}
	var out []retrieve.Passage
	for _, p := range f.passages {
		n := 0
		seen := make(map[string]bool)
		for _, t := range ContentTerms(p.Title + " " + p.Text) {
			if want[t] && !seen[t] {
				seen[t] = true
				n++
			}
		}
		if n > 0 {
			p.Score = float64(n)
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// loadPassages reads testdata/<dir>: each file has "Key: value" header
// lines (Title, Source, Date, URL), a blank line, then paragraphs.
func loadPassages(t *testing.T, dir string) []retrieve.Passage {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata in %s: %v", dir, err)
	}
	var out []retrieve.Passage
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		head, body, _ := strings.Cut(string(data), "\n\n")
		meta := make(map[string]string)
		for _, line := range strings.Split(head, "\n") {
			k, v, _ := strings.Cut(line, ":")
			meta[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		date, err := corpus.ParseDate(meta["Date"])
		if err != nil {
			t.Fatal(err)
		}
		id := filepath.Base(f)
		for i, para := range strings.Split(body, "\n\n") {
			para = strings.TrimSpace(para)
			if para == "" {
				continue
			}
			out = append(out, retrieve.Passage{
				ID: id + "#" + strconv.Itoa(i), DocID: id, Title: meta["Title"], Outlet: meta["Source"],
				URL: meta["URL"], Date: date, Text: para,
			})
		}
	}
	return out
}

var markerRe = regexp.MustCompile(`\[(\d+)\]`)

// checkContract asserts what holds for every answer: the length cap,
// markers numbered 1..k by first use matching the citations, citation
// metadata from retrieval, and whole words.
func checkContract(t *testing.T, a Answer) {
	t.Helper()
	if !checkNumbering(t, a) {
		return
	}
	for _, c := range a.Citations {
		// An article cited beside another ("… [1][2]") states the same
		// answer in its own words: its quote is its own sentence.
		beside := regexp.MustCompile(`\]\[` + strconv.Itoa(c.N) + `\]`).MatchString(a.Text)
		for _, sentence := range SplitSentences(c.Quote) {
			if !beside && !strings.Contains(a.Text, strings.TrimSuffix(sentence, "…")) {
				t.Errorf("quoted sentence %q is not in the answer %q", sentence, a.Text)
			}
		}
	}
}

// checkNumbering asserts the contract for every answer, composed or
// quoted: the length cap, markers numbered 1..k by first use matching the
// citations, one citation per article with its metadata. It reports
// whether the answer is not an abstention.
func checkNumbering(t *testing.T, a Answer) bool {
	t.Helper()
	if n := utf8.RuneCountInString(a.Text); n > MaxAnswerLen {
		t.Errorf("answer is %d characters, over %d: %q", n, MaxAnswerLen, a.Text)
	}
	if a.Mode != ModeExtractive {
		t.Errorf("mode = %q, want %q", a.Mode, ModeExtractive)
	}
	var order []int
	seen := make(map[int]bool)
	for _, m := range markerRe.FindAllStringSubmatch(a.Text, -1) {
		n, _ := strconv.Atoi(m[1])
		if !seen[n] {
			seen[n] = true
			order = append(order, n)
		}
	}
	for i, n := range order {
		if n != i+1 {
			t.Errorf("markers not numbered by first use: %v in %q", order, a.Text)
			break
		}
	}
	docs := make(map[string]bool)
	for i, c := range a.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d has N=%d", i, c.N)
		}
		if docs[c.Doc] {
			t.Errorf("article %s cited twice", c.Doc)
		}
		docs[c.Doc] = true
		if c.Doc == "" || c.Title == "" || c.Quote == "" {
			t.Errorf("citation %d lacks doc, title or quote: %+v", c.N, c)
		}
	}
	if a.Abstained {
		if !strings.HasPrefix(a.Text, AbstainPrefix) {
			t.Errorf("abstention text %q does not start with %q", a.Text, AbstainPrefix)
		}
		if len(a.Citations) > maxNearest {
			t.Errorf("abstention cites %d articles, want at most %d", len(a.Citations), maxNearest)
		}
		return false
	}
	if len(order) != len(a.Citations) {
		t.Errorf("%d distinct markers but %d citations in %q", len(order), len(a.Citations), a.Text)
	}
	return true
}

func TestAnswerContract(t *testing.T) {
	passages := loadPassages(t, "corpus-messy")
	tests := []struct {
		name    string
		q       string
		history []string
		want    []string // one must appear (case-insensitive)
		doc     string   // an article that must be cited
		abstain bool
	}{
		{name: "who", q: "Who invited President Oren Kask to Port Linden?", want: []string{"Hela Brandt"}, doc: "01-harbour-summit.txt"},
		{name: "who minister", q: "Which minister called the trade deal a new chapter?", want: []string{"Ilse Moor"}, doc: "02-timber-tariffs.txt"},
		{name: "when", q: "When will Kask travel to Port Linden?", want: []string{"March 18"}, doc: "01-harbour-summit.txt"},
		{name: "where", q: "Where did Kask and Brandt first meet?", want: []string{"Vell"}, doc: "01-harbour-summit.txt"},
		{name: "where city", q: "In which city was the lantern festival held?", want: []string{"Dorn"}, doc: "04-festival.txt"},
		{name: "how many", q: "How many people attended the lantern festival?", want: []string{"12,000"}, doc: "04-festival.txt"},
		{name: "how much", q: "How much investment did Estavia pledge in Norland's ports?", want: []string{"$4 billion"}, doc: "02-timber-tariffs.txt"},
		{name: "from what level", q: "From what level were the tariffs on timber lowered?", want: []string{"30 per cent"}, doc: "02-timber-tariffs.txt"},
		{name: "why", q: "Why were the fisheries talks postponed?", want: []string{"storm"}, doc: "03-talks-postponed.txt"},
		{name: "why delayed", q: "Why was the trade pact delayed?", want: []string{"fishing quotas"}, doc: "02-timber-tariffs.txt"},
		{name: "what", q: "What did Brandt say she would work with Kask to promote?", want: []string{"maritime safety"}, doc: "01-harbour-summit.txt"},
		{name: "what year", q: "In what year was the lantern festival first held?", want: []string{"1987"}, doc: "04-festival.txt"},
		{name: "follow-up asks a date", q: "and when was that?", history: []string{"Where did Kask and Brandt first meet?"}, want: []string{"November", "Nov. 2"}, doc: "01-harbour-summit.txt"},
		{name: "off topic", q: "What is the price of gold in Tokyo?", abstain: true},
		{name: "unknown person", q: "Who is Zebulon Quarr?", abstain: true},
		{name: "unknown place", q: "How many FIRs were filed in Kallakurichi?", abstain: true},
		{name: "known words, absent fact", q: "What is the exchange rate of the Estavian krone?", abstain: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeSearcher{passages: passages}
			a, err := New(s, Options{}).Answer(context.Background(), Request{Question: tt.q, History: tt.history})
			if err != nil {
				t.Fatal(err)
			}
			checkContract(t, a)
			if a.Abstained != tt.abstain {
				t.Fatalf("abstained = %v, want %v; answer: %q", a.Abstained, tt.abstain, a.Text)
			}
			if tt.abstain {
				return
			}
			found := false
			for _, w := range tt.want {
				if strings.Contains(strings.ToLower(a.Text), strings.ToLower(w)) {
					found = true
				}
			}
			if !found {
				t.Errorf("answer %q lacks any of %q", a.Text, tt.want)
			}
			cited := false
			for _, c := range a.Citations {
				cited = cited || c.Doc == tt.doc
			}
			if !cited {
				t.Errorf("answer does not cite %s: %+v", tt.doc, a.Citations)
			}
		})
	}
}

func TestCitationMetadataComesFromRetrieval(t *testing.T) {
	passages := loadPassages(t, "corpus-messy")
	a, err := New(&fakeSearcher{passages: passages}, Options{}).Ask(context.Background(), "How many people attended the lantern festival?")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Citations) == 0 {
		t.Fatalf("no citations: %q", a.Text)
	}
	c := a.Citations[0]
	want := Citation{N: 1, Doc: "04-festival.txt", Title: "Lantern festival draws crowds", Source: "City Weekly", URL: "https://example.test/festival", Date: "2025-09-07"}
	c.Quote = ""
	if c != want {
		t.Errorf("citation = %+v, want %+v", c, want)
	}
}

func TestOneNumberPerArticle(t *testing.T) {
	// Two passages of one article and one of another, all on topic.
	ps := []retrieve.Passage{
		{DocID: "a.txt", Title: "A", Text: "The ferry to Vell carried 300 passengers on Monday.", Score: 3},
		{DocID: "b.txt", Title: "B", Text: "The ferry to Vell was full, with 300 passengers and 40 cars aboard on Monday.", Score: 2},
		{DocID: "a.txt", Title: "A", Text: "The ferry to Vell returned with 280 passengers on Tuesday.", Score: 1},
	}
	a := New(&fakeSearcher{}, Options{}).extract("How many passengers did the ferry to Vell carry?", ps)
	checkContract(t, a)
	if a.Abstained {
		t.Fatalf("abstained: %q", a.Text)
	}
	if strings.Count(a.Text, "[1]") < 1 || len(a.Citations) > 2 {
		t.Errorf("want at most one number per article, got %q with %d citations", a.Text, len(a.Citations))
	}
}

func TestNoRepeatedFact(t *testing.T) {
	caption := "President Oren Kask greets Prime Minister Hela Brandt at the quay in Vell, Estavia, on Nov. 2, 2025."
	ps := []retrieve.Passage{
		{DocID: "a.txt", Title: "A", Text: caption + " " + caption, Score: 2},
		{DocID: "b.txt", Title: "B", Text: "Prime Minister Hela Brandt greets President Oren Kask at the quay in Vell, Estavia, on Nov. 2, 2025.", Score: 1},
	}
	a := New(&fakeSearcher{}, Options{}).extract("Where did Kask greet Brandt?", ps)
	checkContract(t, a)
	if n := strings.Count(a.Text, "quay in Vell"); n != 1 {
		t.Errorf("the same fact appears %d times: %q", n, a.Text)
	}
}

func TestLongSentencesStayUnderCap(t *testing.T) {
	long := strings.Repeat("The harbour commission reviewed the ferry timetable and the dredging plan for the port of Vell ", 12) + "before approving it."
	ps := []retrieve.Passage{
		{DocID: "a.txt", Title: "A", Text: long + " " + long, Score: 2},
		{DocID: "b.txt", Title: "B", Text: long, Score: 1},
		{DocID: "c.txt", Title: "C", Text: strings.Repeat("x", 2000), Score: 1},
	}
	a := New(&fakeSearcher{}, Options{}).extract("What did the harbour commission review for the port of Vell?", ps)
	checkContract(t, a)
	if a.Abstained {
		t.Fatalf("abstained: %q", a.Text)
	}
	// No word is cut: every word of the answer is a word of the source.
	srcWords := make(map[string]bool)
	for _, w := range strings.Fields(long) {
		srcWords[w] = true
	}
	body := markerRe.ReplaceAllString(a.Text, "")
	for _, w := range strings.Fields(strings.ReplaceAll(body, "…", " ")) {
		if !srcWords[w] {
			t.Errorf("word %q is not a whole source word in %q", w, a.Text)
		}
	}
}

func TestAbstainOnEmptyRetrieval(t *testing.T) {
	a, err := New(&fakeSearcher{}, Options{}).Ask(context.Background(), "Who won the 1987 lantern festival parade?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, a)
	if !a.Abstained || len(a.Citations) != 0 {
		t.Errorf("want an abstention without citations, got %+v", a)
	}
	if !strings.Contains(a.Text, "lantern festival parade") {
		t.Errorf("abstention %q does not say what was asked", a.Text)
	}
}

func TestAbstentionCitesNearest(t *testing.T) {
	passages := loadPassages(t, "corpus-messy")
	a, err := New(&fakeSearcher{passages: passages}, Options{}).Ask(context.Background(), "What did the Estavian navy buy from Brandt's rivals in 2019?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, a)
	if !a.Abstained {
		t.Fatalf("want an abstention, got %q", a.Text)
	}
	if len(a.Citations) == 0 || !strings.HasSuffix(a.Text, "The nearest sources are listed below.") {
		t.Errorf("abstention should list the nearest sources: %+v", a)
	}
}

func TestQuestionErrors(t *testing.T) {
	s := &fakeSearcher{passages: loadPassages(t, "corpus-messy")}
	ans := New(s, Options{})
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		q    string
		want error
	}{
		{"empty", "", ErrEmptyQuestion},
		{"blank", " \t\n ", ErrEmptyQuestion},
		{"10 KB", strings.Repeat("Where did Kask go? ", 540), ErrQuestionTooLong},
		{"2,001 characters", strings.Repeat("é", MaxQuestionLen+1), ErrQuestionTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ans.Ask(ctx, tt.q); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if len(s.queries) != 0 {
		t.Errorf("bad questions reached the searcher: %q", s.queries)
	}
	failing := &fakeSearcher{err: errors.New("index closed")}
	if _, err := New(failing, Options{}).Ask(ctx, "Where is Vell?"); err == nil || !strings.Contains(err.Error(), "index closed") {
		t.Errorf("search failure not reported: %v", err)
	}
}

func TestHostileQuestionsNeverPanic(t *testing.T) {
	ans := New(&fakeSearcher{passages: loadPassages(t, "corpus-messy")}, Options{})
	for _, q := range []string{
		"title:Vell AND +Kask -Brandt \"unterminated",
		"*", "?", "~~~", "((((", "[1] [2] [99]", "\x00\x01 Vell",
		"\u202eKask \u200b\u200dBrandt\u202c", "👍🏽 who is 🇪🇪?", "e\u0301\u0301\u0301 Vell",
		"ВЕЛЛ где?", "ヴェル はどこ？", strings.Repeat("Vell ", 399),
		"\xff\xfe invalid utf-8", "<script>alert(1)</script> Vell",
	} {
		a, err := ans.Ask(context.Background(), q)
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		checkContract(t, a)
	}
}

func TestFollowUpUsesHistoryForRetrieval(t *testing.T) {
	s := &fakeSearcher{passages: loadPassages(t, "corpus-messy")}
	ans := New(s, Options{})
	hist := []string{"Who signed the timber pact?", "Where did Kask and Brandt first meet?"}
	if _, err := ans.Answer(context.Background(), Request{Question: "and when was that?", History: hist}); err != nil {
		t.Fatal(err)
	}
	if got := s.queries[len(s.queries)-1]; !strings.Contains(got, "Kask and Brandt") {
		t.Errorf("follow-up query %q lacks the earlier question", got)
	}
	// A question that stands on its own is not mixed with the history.
	if _, err := ans.Answer(context.Background(), Request{Question: "How many people attended the lantern festival?", History: hist}); err != nil {
		t.Fatal(err)
	}
	if got := s.queries[len(s.queries)-1]; strings.Contains(got, "Kask") {
		t.Errorf("standalone question query %q carries the history", got)
	}
}

func TestDeterministic(t *testing.T) {
	passages := loadPassages(t, "corpus-messy")
	q := "What did Norland and Estavia discuss?"
	first := New(&fakeSearcher{passages: passages}, Options{}).extract(q, passages)
	for i := 0; i < 5; i++ {
		again := New(&fakeSearcher{passages: passages}, Options{}).extract(q, passages)
		if again.Text != first.Text {
			t.Fatalf("answer changed between runs: %q vs %q", first.Text, again.Text)
		}
	}
}

func TestDatedQuestionPrefersDatedReport(t *testing.T) {
	passages := loadPassages(t, "corpus-dated")
	a, err := New(&fakeSearcher{passages: passages}, Options{}).Ask(context.Background(), "Where did Kask and Brandt meet in March 2026?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, a)
	if a.Abstained || !strings.Contains(a.Text, "Port Linden") {
		t.Fatalf("answer %q does not say Port Linden", a.Text)
	}
	if len(a.Citations) == 0 || a.Citations[0].Doc != "02-visit-report.txt" {
		t.Errorf("first citation is not the report dated March 2026: %+v", a.Citations)
	}
	// The announcement states the same place: cited on the same sentence.
	if !strings.Contains(a.Text, "[1][2]") || len(a.Citations) < 2 || a.Citations[1].Doc != "01-visit-announced.txt" {
		t.Errorf("the announcement is not cited beside the report: %q %+v", a.Text, a.Citations)
	}
	for _, filler := range []string{"drum up excitement", "Osk", "Vell"} {
		if strings.Contains(a.Text, filler) {
			t.Errorf("answer %q carries %q, which adds nothing the question asks", a.Text, filler)
		}
	}
}

func TestCaptionIsWeakerThanReporting(t *testing.T) {
	passages := loadPassages(t, "corpus-dated")
	a, err := New(&fakeSearcher{passages: passages}, Options{}).Ask(context.Background(), "Who is the president of Norland?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, a)
	if a.Abstained || !strings.Contains(a.Text, "Oren Kask") {
		t.Fatalf("answer %q does not name Oren Kask", a.Text)
	}
	for _, caption := range []string{"delivers a speech", "shakes hands", "(Photo"} {
		if strings.Contains(a.Text, caption) {
			t.Errorf("answer %q quotes a photo caption", a.Text)
		}
	}
}

func TestDateIsASignalNotAFilter(t *testing.T) {
	passages := loadPassages(t, "corpus-dated")
	// No article is dated 2024: the best evidence still answers.
	a, err := New(&fakeSearcher{passages: passages}, Options{}).Ask(context.Background(), "Where did Kask and Brandt first meet in 2024?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, a)
	if a.Abstained || !strings.Contains(a.Text, "Vell") {
		t.Errorf("answer %q does not say Vell", a.Text)
	}
}
