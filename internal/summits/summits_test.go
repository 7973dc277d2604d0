package summits

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"shuttlebot/internal/corpus"
)

// loadArticles reads testdata articles: "key: value" header lines (outlet,
// date, url, title), a blank line, then paragraphs separated by blank lines.
func loadArticles(t *testing.T, dir string) []corpus.Document {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no articles in testdata/%s: %v", dir, err)
	}
	sort.Strings(paths)
	var docs []corpus.Document
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		head, body, _ := strings.Cut(string(data), "\n\n")
		d := corpus.Document{ID: filepath.Base(p)}
		for _, line := range strings.Split(head, "\n") {
			k, v, _ := strings.Cut(line, ": ")
			switch k {
			case "outlet":
				d.Outlet = v
			case "url":
				d.URL = v
			case "title":
				d.Title = v
			case "date":
				if d.Date, err = corpus.ParseDate(v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, para := range strings.Split(body, "\n\n") {
			if para = strings.TrimSpace(para); para != "" {
				d.Paragraphs = append(d.Paragraphs, para)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// entry is what a reader checks in a timeline line.
type entry struct {
	date, place, status string
	names               string // sorted, "+"-joined surnames
	docs                string // cited articles, sorted, ","-joined
}

func summarize(ms []Meeting) []entry {
	var out []entry
	for _, m := range ms {
		var names []string
		for _, n := range m.Names {
			f := strings.Fields(n)
			names = append(names, f[len(f)-1])
		}
		sort.Strings(names)
		docSet := map[string]bool{}
		for _, c := range m.Citations {
			docSet[c.Doc] = true
		}
		var docs []string
		for d := range docSet {
			docs = append(docs, d)
		}
		sort.Strings(docs)
		out = append(out, entry{m.Date.String(), m.Place, m.Status, strings.Join(names, "+"), strings.Join(docs, ",")})
	}
	return out
}

func TestBuildTimeline(t *testing.T) {
	docs := loadArticles(t, "timeline")
	got := summarize(Build(docs))
	want := []entry{
		// announced in d ("is set to host … in July"), reported held in e
		// ("earlier this month"): one held entry citing both outlets.
		{"2025-07", "Mexico City", StatusHeld, "Carter+Reyes", "d-month.txt,e-relative.txt"},
		// month-only precision ("in May", "last month") stays month.
		{"2025-05", "Lyon", StatusHeld, "Dumont+Keller", "d-month.txt"},
		{"2025-05", "Ottawa", StatusHeld, "Carter+Reyes", "d-month.txt"},
		// announced for "Tuesday" on Friday 14 March, held on Tuesday 18.
		{"2025-03-18", "Berlin", StatusHeld, "Dumont+Keller", "a-announce.txt,b-held.txt"},
		{"2025-03-11", "Toronto", StatusHeld, "Carter+Keller", "b-held.txt"},
		{"2025-01", "Ottawa", StatusHeld, "Dumont+Keller", "a-announce.txt"},
		// undated article: "on Saturday" cannot be resolved, so no date.
		{"", "Hamburg", StatusHeld, "Dumont+Keller", "c-undated.txt"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("timeline:\n got %v\nwant %v", got, want)
	}
}

func TestBuildDetails(t *testing.T) {
	ms := Build(loadArticles(t, "timeline"))
	berlin := Involving(ms, "Dumont", "Keller")
	if len(berlin) != 4 {
		t.Fatalf("Dumont–Keller meetings: got %d, want 4 (Berlin, Ottawa, Lyon, Hamburg)", len(berlin))
	}
	var b Meeting
	for _, m := range berlin {
		if m.Place == "Berlin" {
			b = m
		}
	}
	wantLeaders := []string{"German Chancellor Max Keller", "French President Claire Dumont"}
	if !sameSet(b.Leaders, wantLeaders) {
		t.Errorf("Berlin leaders = %q, want %q (full names with office)", b.Leaders, wantLeaders)
	}
	for _, c := range b.Citations {
		if c.Source == "" || c.Quote == "" || c.Date.IsZero() {
			t.Errorf("citation lacks outlet, quote or article date: %+v", c)
		}
	}
	for _, m := range ms {
		if m.Place == "Ottawa" && m.Date.String() == "2025-01" && !strings.Contains(m.Occasion, "NATO summit") {
			t.Errorf("Ottawa occasion = %q, want the NATO summit sidelines", m.Occasion)
		}
	}
	if again := Build(loadArticles(t, "timeline")); !reflect.DeepEqual(again, ms) {
		t.Error("Build is not deterministic")
	}
}

func sameSet(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return reflect.DeepEqual(a, b)
}

func TestAnnouncedOnly(t *testing.T) {
	docs := loadArticles(t, "timeline")[:1] // only the announcement
	ms := Build(docs)
	var found bool
	for _, m := range ms {
		if m.Place == "Berlin" {
			found = true
			if m.Status != StatusPlanned || m.Date.String() != "2025-03-18" {
				t.Errorf("announced meeting: status %q date %q, want planned 2025-03-18", m.Status, m.Date)
			}
		}
	}
	if !found {
		t.Errorf("announced Berlin meeting missing: %v", summarize(ms))
	}
}

func TestUnrelatedStoriesGiveNothing(t *testing.T) {
	if ms := Build(loadArticles(t, "unrelated")); len(ms) != 0 {
		t.Errorf("unrelated briefs produced meetings: %v", summarize(ms))
	}
}

func TestBadInput(t *testing.T) {
	for name, docs := range map[string][]corpus.Document{
		"nil":         nil,
		"empty":       {{ID: "x"}},
		"blank paras": {{ID: "x", Paragraphs: []string{"", "   ", "."}}},
		"garbage":     {{ID: "x", Title: "President", Paragraphs: []string{"President President Prime Minister", "Jan. Oct. 99, met met summit in in to", strings.Repeat("The two leaders met on the sidelines of ", 200)}}},
	} {
		if ms := Build(docs); len(ms) != 0 {
			t.Errorf("%s: got %v, want no meetings", name, summarize(ms))
		}
	}
}

func TestLatest(t *testing.T) {
	ms := Build(loadArticles(t, "timeline"))
	m, ok := Latest(ms, "Dumont", "keller")
	if !ok || m.Place != "Lyon" {
		t.Errorf("Latest(Dumont, Keller) = %q %v, want the May meeting in Lyon", m.Place, ok)
	}
	if m, ok := Latest(ms, "Claire Dumont", "Ben Carter"); ok {
		t.Errorf("Latest(Dumont, Carter) = %v, want none", m)
	}
	if got := len(Involving(ms, "Carter")); got != 3 {
		t.Errorf("Involving(Carter) = %d meetings, want 3", got)
	}
}

func TestCallsAreNotMeetings(t *testing.T) {
	docs := []corpus.Document{{
		ID: "call.txt", Date: corpus.Date{Year: 2025, Month: 3, Day: 19},
		Paragraphs: []string{"French President Claire Dumont held talks by phone with German Chancellor Max Keller on Tuesday. Dumont and Keller met virtually in February."},
	}}
	if ms := Build(docs); len(ms) != 0 {
		t.Errorf("calls produced meetings: %v", summarize(ms))
	}
}
