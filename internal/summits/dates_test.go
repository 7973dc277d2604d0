package summits

import (
	"testing"

	"shuttlebot/internal/corpus"
)

func TestExtractDate(t *testing.T) {
	fri := corpus.Date{Year: 2025, Month: 3, Day: 14} // a Friday
	tue := corpus.Date{Year: 2026, Month: 1, Day: 13} // a Tuesday
	jul := corpus.Date{Year: 2025, Month: 7, Day: 4}  // a Friday
	monthOnlyPub := corpus.Date{Year: 2025, Month: 7} // known to the month
	for _, tc := range []struct {
		name     string
		text     string
		pub      corpus.Date
		planned  bool
		want     string // corpus.Date string; "" unknown
		yearless bool   // month known, year unknown
	}{
		{"planned weekday goes forward", "will travel to Berlin on Tuesday", fri, true, "2025-03-18", false},
		{"reported weekday goes back", "met on Tuesday in Berlin", corpus.Date{Year: 2025, Month: 3, Day: 19}, false, "2025-03-18", false},
		{"same weekday as publication", "Lee on Tuesday told Takaichi", tue, false, "2026-01-13", false},
		{"weekday after a speech verb is not the event", "Keller told reporters on Sunday he met Dumont", fri, false, "", false},
		{"weekday, publication day unknown", "met on Saturday", monthOnlyPub, false, "", false},
		{"weekday, no publication date", "met on Saturday", corpus.Date{}, false, "", false},
		{"last month", "met in Ottawa last month", corpus.Date{Year: 2025, Month: 6, Day: 2}, false, "2025-05", false},
		{"last month across a year", "met last month", corpus.Date{Year: 2026, Month: 1, Day: 5}, false, "2025-12", false},
		{"earlier this month", "held talks earlier this month", corpus.Date{Year: 2025, Month: 7, Day: 20}, false, "2025-07", false},
		{"bare month in the past year", "met again in November", tue, false, "2025-11", false},
		{"late month", "first met in late October", tue, false, "2025-10", false},
		{"planned month next year", "will meet in June", tue, true, "2026-06", false},
		{"planned month this year", "is set to host Carter in July", corpus.Date{Year: 2025, Month: 6, Day: 2}, true, "2025-07", false},
		{"absolute date resolved to the article's year", "the summit on Oct. 30", corpus.Date{Year: 2025, Month: 11, Day: 2}, false, "2025-10-30", false},
		{"absolute date before the new year", "the summit on Oct. 30", tue, false, "2025-10-30", false},
		{"explicit year wins", "talks in Gyeongju, Oct. 30, 2025.", corpus.Date{}, false, "2025-10-30", false},
		{"year stated in the clause", "summit on Oct. 30, held at the 2025 APEC summit", corpus.Date{}, false, "2025-10-30", false},
		{"day-first date", "met on 4 January 2026", corpus.Date{}, false, "2026-01-04", false},
		{"month and day, no year anywhere", "state visit beginning Jan. 4", corpus.Date{}, false, "", true},
		{"month only, no year anywhere", "met in June", corpus.Date{}, false, "", true},
		{"month with year", "met in June 2025", corpus.Date{}, false, "2025-06", false},
		{"ISO date", "date 2025-07-04 the press conference", corpus.Date{}, false, "2025-07-04", false},
		{"no date", "the leaders met in Tokyo", jul, false, "", false},
		{"may is a verb", "they may meet soon", jul, true, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := extractDate(tc.text, tc.pub, tc.planned)
			if got := w.date().String(); got != tc.want {
				t.Errorf("extractDate(%q, pub %s) = %q, want %q", tc.text, tc.pub, got, tc.want)
			}
			if got := !w.full() && w.m > 0; got != tc.yearless {
				t.Errorf("extractDate(%q): yearless = %v, want %v (%+v)", tc.text, got, tc.yearless, w)
			}
		})
	}
}

func TestWhenCompatible(t *testing.T) {
	for _, tc := range []struct {
		a, b      when
		ok, agree bool
	}{
		{when{2026, 1, 0}, when{0, 1, 4}, true, true},      // "earlier this month" vs "Jan. 4"
		{when{2026, 1, 13}, when{2026, 1, 14}, true, true}, // two-day visit
		{when{2025, 10, 0}, when{2025, 11, 0}, false, false},
		{when{2025, 6, 0}, when{2026, 6, 0}, false, false},
		{when{}, when{2025, 6, 0}, true, false},
		{when{2025, 3, 1}, when{2025, 3, 20}, false, false},
	} {
		ok, agree := tc.a.compatible(tc.b)
		if ok != tc.ok || agree != tc.agree {
			t.Errorf("%+v ~ %+v = %v,%v; want %v,%v", tc.a, tc.b, ok, agree, tc.ok, tc.agree)
		}
	}
	if got := (when{0, 1, 4}).merge(when{2026, 1, 0}); got != (when{2026, 1, 4}) {
		t.Errorf("merge = %+v, want 2026-01-04", got)
	}
}
