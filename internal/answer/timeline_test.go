package answer

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/summits"
)

// fakeTimeline serves fixed meetings, filtered as summits.Involving does,
// and records the names it was asked about.
type fakeTimeline struct {
	ms    []summits.Meeting
	asked [][]string
}

func (f *fakeTimeline) Meetings(names ...string) []summits.Meeting {
	f.asked = append(f.asked, names)
	return summits.Involving(f.ms, names...)
}

func harbourTimeline() *fakeTimeline {
	report := summits.Citation{Doc: "02-visit-report.txt", Title: "Kask and Brandt pledge closer shipping ties", Source: "Coastal Wire",
		URL: "https://example.test/visit-report", Date: corpus.Date{Year: 2026, Month: 3, Day: 18},
		Quote: "Kask arrived in Port Linden for a two-day stay as part of reciprocal leader visits."}
	announce := summits.Citation{Doc: "01-visit-announced.txt", Title: "Kask to visit Brandt in Port Linden next week", Source: "Harbour Gazette",
		Quote: "President Oren Kask will travel to Port Linden at the invitation of Estavian Prime Minister Hela Brandt."}
	first := summits.Citation{Doc: "03-first-meeting.txt", Title: "Norland president speaks at first news conference", Source: "Norland Times",
		Date: corpus.Date{Year: 2025, Month: 7, Day: 4}, Quote: "Kask and Brandt met last month in Vell on the sidelines of a regional forum."}
	leaders := []string{"Norland President Oren Kask", "Estavian Prime Minister Hela Brandt"}
	names := []string{"Oren Kask", "Hela Brandt"}
	return &fakeTimeline{ms: []summits.Meeting{
		{Date: corpus.Date{Year: 2026, Month: 5}, Place: "Osk", Leaders: leaders, Names: names, Status: summits.StatusPlanned, Citations: []summits.Citation{announce}},
		{Date: corpus.Date{Year: 2026, Month: 3, Day: 18}, Place: "Port Linden", Leaders: leaders, Names: names, Occasion: "state visit",
			Status: summits.StatusHeld, Citations: []summits.Citation{announce, report}},
		{Date: corpus.Date{Year: 2025, Month: 6}, Place: "Vell", Leaders: leaders, Names: names, Occasion: "on the sidelines of a regional forum",
			Status: summits.StatusHeld, Citations: []summits.Citation{first}},
		{Date: corpus.Date{Year: 2026, Month: 1, Day: 9}, Place: "Osk", Leaders: []string{"Norland President Oren Kask", "Tarvian President Ivo Dren"},
			Names: []string{"Oren Kask", "Ivo Dren"}, Status: summits.StatusHeld, Citations: []summits.Citation{{Doc: "02-visit-report.txt", Title: "t", Quote: "q"}}},
	}}
}

func TestLatestAsked(t *testing.T) {
	tests := []struct {
		q     string
		ok    bool
		names []string
	}{
		{"When did Kask and Brandt last meet?", true, []string{"Kask", "Brandt"}},
		{"Where was the most recent summit between Oren Kask and Hela Brandt?", true, []string{"Oren Kask", "Hela Brandt"}},
		{"When did the two leaders last meet?", true, nil},
		{"What was the latest Japan-Korea summit?", true, []string{"Japanese", "Korean"}},
		{"When did the leaders of South Korea and Japan last meet?", true, []string{"Korean", "Japanese"}},
		{"Who did Kask meet last month?", false, nil},
		{"When did Kask and Brandt first meet?", false, nil},
		{"What did Kask say at the latest press conference?", false, nil},
		{"When is the last ferry to Vell?", false, nil},
		{"When did Kask last visit?", true, []string{"Kask"}},
		{"When was the last time Kask met Brandt?", true, []string{"Kask", "Brandt"}},
		{"Where did Kask meet Brandt last week?", false, nil},
	}
	for _, tt := range tests {
		names, ok := latestAsked(tt.q)
		if ok != tt.ok || (ok && !reflect.DeepEqual(names, tt.names)) {
			t.Errorf("latestAsked(%q) = %q, %v; want %q, %v", tt.q, names, ok, tt.names, tt.ok)
		}
	}
}

func TestTimelineAnswer(t *testing.T) {
	passages := loadPassages(t, "corpus-dated")
	tl := harbourTimeline()
	a := New(&fakeSearcher{passages: passages}, Options{Timeline: tl})
	got, err := a.Answer(context.Background(), Request{Question: "When did Kask and Brandt last meet?"})
	if err != nil {
		t.Fatal(err)
	}
	checkNumbering(t, got)
	for _, want := range []string{"Port Linden", "March 18, 2026", "Oren Kask", "Hela Brandt"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("answer %q does not say %q", got.Text, want)
		}
	}
	if strings.Contains(got.Text, "Osk") || strings.Contains(got.Text, "Vell") {
		t.Errorf("answer %q names a planned or older meeting", got.Text)
	}
	if len(got.Citations) == 0 || got.Citations[0].Doc != "02-visit-report.txt" || got.Citations[0].Date != "2026-03-18" ||
		got.Citations[0].Source != "Coastal Wire" || got.Citations[0].URL != "https://example.test/visit-report" {
		t.Errorf("first citation = %+v, want the dated report with its metadata", got.Citations)
	}
	if len(got.Citations) != 2 || got.Citations[1].Doc != "01-visit-announced.txt" {
		t.Errorf("citations = %+v, want the report and the announcement", got.Citations)
	}
	if !reflect.DeepEqual(tl.asked, [][]string{{"Kask", "Brandt"}}) {
		t.Errorf("timeline asked about %q", tl.asked)
	}
}

func TestTimelineNotUsed(t *testing.T) {
	passages := loadPassages(t, "corpus-dated")
	tests := []struct {
		name    string
		q       string
		history []string
		tl      *fakeTimeline
	}{
		{name: "not a latest question", q: "Where did Kask and Brandt meet in March 2026?", tl: harbourTimeline()},
		{name: "no meeting of those leaders", q: "When did Kask and Zebulon Quarr last meet?", tl: harbourTimeline()},
		{name: "empty timeline", q: "When did Kask and Brandt last meet?", tl: &fakeTimeline{}},
		{name: "follow-up", q: "and when did they last meet?", history: []string{"Who is Kask?"}, tl: harbourTimeline()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(&fakeSearcher{passages: passages}, Options{Timeline: tt.tl})
			got, err := a.Answer(context.Background(), Request{Question: tt.q, History: tt.history})
			if err != nil {
				t.Fatal(err)
			}
			checkContract(t, got)
			if strings.Contains(got.Text, "last met") {
				t.Errorf("answered from the timeline: %q", got.Text)
			}
		})
	}
}

func TestTimelineUndatedCaveat(t *testing.T) {
	tl := harbourTimeline()
	// A later meeting of the same leaders whose date the coverage omits.
	tl.ms = append(tl.ms, summits.Meeting{Place: "Brenn", Leaders: tl.ms[1].Leaders, Names: tl.ms[1].Names, Status: summits.StatusHeld,
		Citations: []summits.Citation{{Doc: "04-undated.txt", Title: "Leaders meet in Brenn", Source: "Norland Times", Quote: "Kask hosted Brandt in Brenn."}}})
	a := New(&fakeSearcher{}, Options{Timeline: tl})
	got, err := a.Answer(context.Background(), Request{Question: "When did Kask and Brandt last meet?"})
	if err != nil {
		t.Fatal(err)
	}
	checkNumbering(t, got)
	if !strings.Contains(got.Text, "Port Linden") || !strings.Contains(got.Text, "Brenn without giving its date") {
		t.Errorf("answer %q does not give the dated meeting and warn of the undated one", got.Text)
	}
	if last := got.Citations[len(got.Citations)-1]; last.Doc != "04-undated.txt" {
		t.Errorf("the undated meeting is not cited: %+v", got.Citations)
	}
}
