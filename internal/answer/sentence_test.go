package answer

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Lee met Takaichi. They ate a long dinner!  Was it good at all? Yes.", []string{"Lee met Takaichi.", "They ate a long dinner!", "Was it good at all?", "Yes."}},
		{"abbreviations", "Talks began on Oct. 30 in Gyeongju. Mr. Kask left at 5 p.m. on Friday.", []string{"Talks began on Oct. 30 in Gyeongju.", "Mr. Kask left at 5 p.m. on Friday."}},
		{"circa", "Jacques Lefevre (c. 1455 – 1536) taught in Paris. He died.", []string{"Jacques Lefevre (c. 1455 – 1536) taught in Paris.", "He died."}},
		{"initials and decimals", "J. R. Smith paid 2.5 million. Then he left.", []string{"J. R. Smith paid 2.5 million.", "Then he left."}},
		{"closing quote", `"We will meet again." Brandt said so.`, []string{`"We will meet again."`, "Brandt said so."}},
		{"curly quote", "“Peace will not come unless we act.” Ishiba said.", []string{"“Peace will not come unless we act.”", "Ishiba said."}},
		{"lower-case continuation", "The U.S. team won. the end", []string{"The U.S. team won. the end"}},
		{"line breaks", "Headline without stop\nBody starts here.", []string{"Headline without stop", "Body starts here."}},
		{"kicker", "Cymbal of unity? Leaders bash out K-pop hits — The Guardian", []string{"Cymbal of unity? Leaders bash out K-pop hits — The Guardian"}},
		{"white space", "  A   b.\t\tC  d.  ", []string{"A b.", "C d."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SplitSentences(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitSentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Takaichi’s home town", []string{"takaichi", "home", "town"}},
		{"tariffs from 25 per cent to 15%", []string{"tariffs", "from", "25", "percent", "to", "15", "percent"}},
		{"Korea-Japan ties worth $1,200.50", []string{"korea", "japan", "ties", "worth", "1,200.50"}},
		{"Gyeongju, North Gyeongsang", []string{"gyeongju", "north", "gyeongsang"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemConflatesForms(t *testing.T) {
	groups := [][]string{
		{"meet", "meets", "meeting", "meetings", "met"},
		{"invite", "invited", "invites", "invitation"},
		{"country", "countries"},
		{"agree", "agreed", "agrees"},
		{"publish", "published", "publishes"},
		{"Japan", "Japanese"},
		{"Jan", "January"},
		{"percent", "percentage", "%"},
	}
	for _, g := range groups {
		want := ContentTerms(g[0])
		for _, w := range g[1:] {
			if got := ContentTerms(w); !reflect.DeepEqual(got, want) {
				t.Errorf("%q stems to %q, %q to %q", g[0], want, w, got)
			}
		}
	}
}

func TestContentTermsDropsFunctionWords(t *testing.T) {
	got := ContentTerms("Who did the President of Korea meet with in Nara?")
	want := []string{"president", "korea", "meet", "nara"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ContentTerms = %q, want %q", got, want)
	}
}
