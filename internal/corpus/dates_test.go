package corpus

import (
	"reflect"
	"testing"
	"time"
)

func TestFullDates(t *testing.T) {
	tests := []struct {
		text string
		want []Date
	}{
		{"Updated: January 13, 2026 16:20 IST", []Date{{2026, time.January, 13}}},
		{"in Gyeongju, Oct. 30, 2025. (Kyodo)", []Date{{2025, time.October, 30}}},
		{"on 13 Jan 2026 and 2026-01-14", []Date{{2026, time.January, 13}, {2026, time.January, 14}}},
		{"Feb. 30, 2025 is not a day", nil},
		{"beginning Jan. 4, amid tensions", nil},
		{"no dates here", nil},
	}
	for _, tt := range tests {
		var got []Date
		for _, f := range fullDates(tt.text) {
			got = append(got, f.d)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("fullDates(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestMonthDays(t *testing.T) {
	got := monthDays("visit beginning Jan. 4 and summit on Oct. 30, 2025 and again March 3")
	want := []Date{{Month: time.January, Day: 4}, {Month: time.March, Day: 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("monthDays = %v, want %v", got, want)
	}
}

func TestParseDateValue(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-01-14", Date{2026, time.January, 14}, true},
		{"2025-07", Date{Year: 2025, Month: time.July}, true},
		{"2025", Date{Year: 2025}, true},
		{"2025-12-30 00:00", Date{2025, time.December, 30}, true},
		{"2026-01-13T18:05:00+09:00", Date{2026, time.January, 13}, true},
		{"Tue, 13 Jan 2026 09:05:00 GMT", Date{2026, time.January, 13}, true},
		{"Tue, 13 Jan 2026 09:05:00 +0000", Date{2026, time.January, 13}, true},
		{"January 13, 2026", Date{2026, time.January, 13}, true},
		{"yesterday", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDateValue(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDateValue(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
