package summits

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"They met on Oct. 30, 2025. Then they left.", []string{"They met on Oct. 30, 2025.", "Then they left."}},
		{"U.S. President Donald Trump met him. It rained.", []string{"U.S. President Donald Trump met him.", "It rained."}},
		{`He said "we agree." Talks ended.`, []string{`He said "we agree."`, "Talks ended."}},
		{"Lee met Ishiba in Tokyo", []string{"Lee met Ishiba in Tokyo"}},
		{"", nil},
	} {
		if got := splitSentences(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitClauses(t *testing.T) {
	s := "The two leaders first held summit talks in Gyeongju in late October and briefly met again in South Africa in November."
	var got []string
	for _, c := range splitClauses(s) {
		got = append(got, c.text)
	}
	want := []string{"The two leaders first held summit talks in Gyeongju in late October", "met again in South Africa in November."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitClauses = %q, want %q", got, want)
	}
}

func TestDateline(t *testing.T) {
	for _, tc := range []struct{ in, place, date string }{
		{"Nara, Jan 13 South Korean President Lee said", "Nara", "Jan 13"},
		{"Tokyo: Lee urged Ishiba", "Tokyo", ""},
		{"BERLIN, March 18 (DWS) - Keller hosted Dumont", "Berlin", "March 18"},
		{"South Korean President Lee Jae Myung said", "", ""},
		{"Lee and Ishiba met in Canada.", "", ""},
	} {
		place, date, _ := splitDateline(tc.in)
		if place != tc.place || date != tc.date {
			t.Errorf("splitDateline(%q) = %q, %q; want %q, %q", tc.in, place, date, tc.place, tc.date)
		}
	}
}
