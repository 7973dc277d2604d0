package discord

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/summits"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// golden compares v, as indented JSON, with testdata/name.golden.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", path, buf.String())
	}
}

// checkEmbed asserts every Discord limit on e.
func checkEmbed(t *testing.T, e *discordgo.MessageEmbed) {
	t.Helper()
	if n := runeLen(e.Title); n > maxTitle {
		t.Errorf("title has %d characters (max %d)", n, maxTitle)
	}
	if n := runeLen(e.Description); n > maxDescription {
		t.Errorf("description has %d characters (max %d)", n, maxDescription)
	}
	if len(e.Fields) > maxFields {
		t.Errorf("%d fields (max %d)", len(e.Fields), maxFields)
	}
	for _, f := range e.Fields {
		if f.Name == "" || f.Value == "" || runeLen(f.Name) > maxFieldName || runeLen(f.Value) > maxFieldValue {
			t.Errorf("field %q: name %d, value %d characters", f.Name, runeLen(f.Name), runeLen(f.Value))
		}
	}
	if e.Footer != nil && runeLen(e.Footer.Text) > maxFooter {
		t.Errorf("footer has %d characters", runeLen(e.Footer.Text))
	}
	if n := embedSize(e); n > maxEmbedTotal {
		t.Errorf("embed totals %d characters (max %d)", n, maxEmbedTotal)
	}
}

func day(y int, m time.Month, d int) corpus.Date { return corpus.Date{Year: y, Month: m, Day: d} }

func cites() []Citation {
	return []Citation{
		{N: 1, Doc: "a.md", Title: "Leaders agree to [expand] shuttle talks", Source: "Harbor Times", URL: "https://news.example/a(1)", Date: day(2026, 3, 2)},
		{N: 2, Doc: "b.txt", Title: "Summit ends with joint statement", Source: "", URL: "", Date: corpus.Date{Year: 2026, Month: 2}},
	}
}

func TestRenderAnswerGolden(t *testing.T) {
	long := strings.Repeat("The ministers met again in the port city and agreed on a further round of talks [1]. ", 60) // ~5,000 characters
	tests := []struct {
		name  string
		q     string
		reply Reply
	}{
		{"answer-cited", "Where did the leaders meet?", Reply{Text: "They met in the port city of Velmar [1], and agreed to meet again next spring [2].", Mode: "llm", Citations: cites()}},
		{"answer-extractive", "Where did the leaders meet?", Reply{Text: "“The two leaders met in Velmar on Monday,” the ministry said [1].", Mode: "extractive", Citations: cites()[:1]}},
		{"answer-model-failed", "Where did the leaders meet?", Reply{Text: "The two leaders met in Velmar [1].", Mode: "extractive", ModelFailed: true, Citations: cites()[:1]}},
		{"answer-abstain", "What did they eat for dinner?", Reply{Text: "", Mode: "extractive", Abstained: true, Citations: cites()[1:]}},
		{"answer-long", "Tell me everything", Reply{Text: long, Mode: "llm", Citations: cites()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := renderAnswer(tt.q, tt.reply)
			checkEmbed(t, e)
			golden(t, tt.name, e)
		})
	}
}

func TestRenderLongAnswerCutsAtSentence(t *testing.T) {
	sentence := "The delegation visited https://example.org/a.b?c=d and the [archive](https://example.org/x y) before noon [3]. "
	text := strings.Repeat(sentence, 60)
	e := renderAnswer("q", Reply{Text: text, Mode: "llm", Citations: cites()})
	checkEmbed(t, e)
	if !strings.HasSuffix(e.Description, "[3].") {
		t.Errorf("long answer not cut after a sentence and its citation: …%q", e.Description[len(e.Description)-40:])
	}
	if !strings.Contains(e.Footer.Text, "Shortened") {
		t.Errorf("footer does not say the answer was shortened: %q", e.Footer.Text)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"Short.", 10, "Short."},
		{"One two. Three four five six.", 20, "One two."},
		{"Alpha beta gamma delta epsilon zeta", 20, "Alpha beta gamma…"},
		{"See [the full report](https://example.org/report) today", 30, "See…"},
		{"Visit <https://example.org/long/path> now please", 25, "Visit…"},
		{"It rose 2.5 percent. Then fell.", 27, "It rose 2.5 percent."},
		{"Quote ended.” Next one here", 20, "Quote ended.”"},
		{"Met in Nara [1]. Then Seoul [2]. More text follows here", 34, "Met in Nara [1]. Then Seoul [2]."},
	}
	for _, tt := range tests {
		got := cut(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if runeLen(got) > tt.max {
			t.Errorf("cut(%q, %d) has %d characters", tt.in, tt.max, runeLen(got))
		}
	}
}

// TestCutNeverSplitsWords checks every cut point of a messy text.
func TestCutNeverSplitsWords(t *testing.T) {
	text := "Officials said the [joint communiqué](https://example.org/c) was signed. Mr. Kim, 52, left at 3 p.m. for https://example.org/x?y=1. Then: nothing!"
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	for max := 5; max < runeLen(text); max++ {
		got := strings.TrimSuffix(cut(text, max), "…")
		if runeLen(cut(text, max)) > max {
			t.Fatalf("cut to %d gave %d characters", max, runeLen(cut(text, max)))
		}
		if !strings.HasPrefix(text, got) {
			t.Fatalf("cut to %d is not a prefix: %q", max, got)
		}
		if got == "" {
			continue
		}
		fs := strings.Fields(got)
		if last := fs[len(fs)-1]; !words[last] {
			t.Errorf("cut to %d split a word or link: ends with %q", max, last)
		}
		if insideLink([]rune(got)) {
			t.Errorf("cut to %d ends inside a link: %q", max, got)
		}
	}
}

func TestSourceLinesEscapeAndLink(t *testing.T) {
	e := renderAnswer("q", Reply{Text: "x [1].", Mode: "llm", Citations: cites()})
	v := e.Fields[0].Value
	if !strings.Contains(v, `[Leaders agree to \[expand\] shuttle talks — Harbor Times, Mar 2, 2026](https://news.example/a%281%29)`) {
		t.Errorf("source line not linked/escaped as expected:\n%s", v)
	}
	if !strings.Contains(v, "**[2]** Summit ends with joint statement, Feb 2026") {
		t.Errorf("unlinked source line wrong:\n%s", v)
	}
}

func TestManyCitationsStayWithinLimits(t *testing.T) {
	var cs []Citation
	for i := 1; i <= 60; i++ {
		cs = append(cs, Citation{N: i, Title: strings.Repeat("Very long headline words ", 12), Source: "Outlet", URL: "https://example.org/" + strings.Repeat("p", 300), Date: day(2025, 1, 1)})
	}
	e := renderAnswer(strings.Repeat("why ", 100), Reply{Text: strings.Repeat("Word. ", 1000), Mode: "llm", Citations: cs})
	checkEmbed(t, e)
	last := e.Fields[len(e.Fields)-1].Value
	if !strings.Contains(last, "more") {
		t.Errorf("dropped sources are not summarised: %q", last[max(0, len(last)-50):])
	}
}

func docs(n int) []corpus.Document {
	var ds []corpus.Document
	outlets := []string{"Harbor Times", "Daily Ledger", "Wire Service"}
	for i := 0; i < n; i++ {
		d := corpus.Document{
			ID:     fmt.Sprintf("%03d.md", i),
			Title:  fmt.Sprintf("Story number %d about *talks*", i),
			Outlet: outlets[i%3],
			URL:    fmt.Sprintf("https://news.example/%d", i),
			Date:   day(2025, time.Month(1+i%12), 1+i%27),
		}
		if i == 3 {
			d.Date = corpus.Date{}
			d.AlsoIn = []corpus.Source{{Outlet: "Mirror Press"}}
		}
		ds = append(ds, d)
	}
	return ds
}

func TestRenderSourcesGolden(t *testing.T) {
	e, comps := renderSources(docs(23), 1, "")
	checkEmbed(t, e)
	golden(t, "sources-page2", map[string]any{"embed": e, "components": comps})

	e, comps = renderSources(docs(4), 0, "talks")
	checkEmbed(t, e)
	if comps != nil {
		t.Error("a search result should have no page buttons")
	}
	golden(t, "sources-query", e)
}

func TestRenderSourcesPages(t *testing.T) {
	ds := docs(23)
	seen := map[string]bool{}
	for p := 0; p < 3; p++ {
		e, comps := renderSources(ds, p, "")
		checkEmbed(t, e)
		for _, l := range strings.Split(e.Description, "\n") {
			if seen[l] {
				t.Errorf("line repeated across pages: %s", l)
			}
			seen[l] = true
		}
		row := comps[0].(discordgo.ActionsRow)
		for _, c := range row.Components {
			if id := c.(discordgo.Button).CustomID; len(id) > maxCustomID {
				t.Errorf("custom_id too long: %q", id)
			}
		}
	}
	if len(seen) != 23 {
		t.Errorf("pages list %d articles, want 23", len(seen))
	}
	// The undated article comes last.
	e, _ := renderSources(ds, 2, "")
	if !strings.Contains(strings.Split(e.Description, "\n")[2], "Story number 3 ") {
		t.Errorf("undated article not last:\n%s", e.Description)
	}
}

func TestRenderHelpGolden(t *testing.T) {
	e := renderHelp(docs(5), false)
	checkEmbed(t, e)
	golden(t, "help", e)
	if m := renderHelp(docs(5), true); !strings.Contains(m.Fields[2].Value, "language model") {
		t.Error("help does not say a model is in use")
	}
}

func meetings() []summits.Meeting {
	return []summits.Meeting{
		{Date: day(2025, 10, 30), Place: "Port Velmar", Leaders: []string{"President Ana Ruiz", "Prime Minister Kenji Sato"}, Occasion: "on the sidelines of a regional summit", Status: "held",
			Citations: []summits.Citation{{Source: "Harbor Times", URL: "https://news.example/1"}, {Source: "", URL: "https://news.example/2"}, {Source: "Dup", URL: "https://news.example/1"}}},
		{Date: corpus.Date{Year: 2026, Month: 1}, Place: "Ostrava", Leaders: []string{"Ana Ruiz", "Kenji Sato"}, Occasion: "state visit", Status: "planned",
			Citations: []summits.Citation{{Source: "Daily Ledger", URL: "javascript:alert(1)"}}},
		{Leaders: []string{"Ana Ruiz", "Li Wen"}, Occasion: "phone call", Status: "held"},
		{Date: day(2024, 5, 2), Place: "Tarn", Leaders: []string{"Li Wen", "Kenji Sato"}, Status: "held", Citations: []summits.Citation{{Source: "Wire", URL: "https://news.example/3"}}},
	}
}

func TestRenderSummitsGolden(t *testing.T) {
	e := renderSummits(meetings(), 0, "")
	checkEmbed(t, e)
	golden(t, "summits", e)
	lines := strings.Split(e.Description, "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "**Jan 2026**") || !strings.HasPrefix(lines[3], "**Date unknown**") {
		t.Errorf("not newest first with unknown dates last:\n%s", e.Description)
	}
	if !strings.Contains(lines[0], "*(planned)*") || strings.Contains(lines[0], "javascript") {
		t.Errorf("planned meeting not marked or unsafe link kept: %s", lines[0])
	}
}

func TestRenderSummitsFilterAndLimit(t *testing.T) {
	tests := []struct {
		limit  int
		leader string
		want   int
	}{
		{0, "", 4}, {2, "", 2}, {0, "kenji", 3}, {0, "LI WEN", 2}, {0, "nobody", 0}, {100, "", 4},
	}
	for _, tt := range tests {
		e := renderSummits(meetings(), tt.limit, tt.leader)
		checkEmbed(t, e)
		got := 0
		if strings.HasPrefix(e.Description, "**") {
			got = len(strings.Split(e.Description, "\n"))
		}
		if got != tt.want {
			t.Errorf("limit %d leader %q: %d lines, want %d:\n%s", tt.limit, tt.leader, got, tt.want, e.Description)
		}
	}
	// Many meetings stay within the description limit.
	var many []summits.Meeting
	for i := 0; i < 200; i++ {
		many = append(many, summits.Meeting{Date: day(2000+i%25, 1, 1), Place: strings.Repeat("Place ", 20), Leaders: []string{strings.Repeat("Name ", 20)}, Occasion: strings.Repeat("occasion ", 30)})
	}
	e := renderSummits(many, 25, "")
	checkEmbed(t, e)
	if !strings.Contains(e.Footer.Text, "Showing") {
		t.Errorf("footer does not say the list is partial: %q", e.Footer.Text)
	}
}

func TestThreadName(t *testing.T) {
	n := threadName(strings.Repeat("where did they meet ", 20))
	if runeLen(n) > maxThreadName || strings.ContainsFunc(n, unicode.IsControl) {
		t.Errorf("bad thread name %q", n)
	}
	if threadName("   ") != "Question" {
		t.Error("empty question should give a default thread name")
	}
}
