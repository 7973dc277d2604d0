package answer

import (
	"testing"
	"time"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

func TestTimeAsked(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		q    string
		want askedTime
	}{
		{"Where did Kask and Brandt meet in January 2026?", askedTime{2026, time.January}},
		{"Where did they meet in Jan. 2026?", askedTime{2026, time.January}},
		{"What happened on March 18, 2026?", askedTime{2026, time.March}},
		{"Who did Kask meet in June?", askedTime{0, time.June}},
		{"What was agreed in 2025?", askedTime{2025, 0}},
		{"Who won the election last year?", askedTime{2025, 0}},
		{"What happened this year?", askedTime{2026, 0}},
		{"Who visited Vell last month?", askedTime{2026, time.February}},
		{"May Kask visit Vell?", askedTime{}},
		{"Where is Port Linden?", askedTime{}},
	}
	for _, tt := range tests {
		if got := timeAsked(tt.q, now); got != tt.want {
			t.Errorf("timeAsked(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

func TestDateMatch(t *testing.T) {
	jan := askedTime{2026, time.January}
	tests := []struct {
		name  string
		asked askedTime
		s     string
		date  corpus.Date
		want  float64
	}{
		{"sentence names the month", jan, "They met in Vell on Jan. 13.", corpus.Date{}, 1},
		{"sentence names another year", jan, "They met in January 2024.", corpus.Date{}, 0},
		{"article dated then", jan, "They met in Vell.", corpus.Date{Year: 2026, Month: 1, Day: 13}, 0.5},
		{"article of the year only", jan, "They met in Vell.", corpus.Date{Year: 2026, Month: 3, Day: 2}, 0.25},
		{"article published before", jan, "They met in Vell.", corpus.Date{Year: 2025, Month: 1, Day: 2}, -0.5},
		{"article published later", jan, "They met in Vell.", corpus.Date{Year: 2027, Month: 1, Day: 2}, 0},
		{"undated", jan, "They met in Vell.", corpus.Date{}, 0},
		{"no time asked", askedTime{}, "They met in January 2026.", corpus.Date{Year: 2026, Month: 1}, 0},
		{"year asked, sentence has it", askedTime{2025, 0}, "The pact of 2025 holds.", corpus.Date{}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dateMatch(tt.asked, tt.s, retrieve.Passage{Date: tt.date}); got != tt.want {
				t.Errorf("dateMatch = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCaptionLike(t *testing.T) {
	tests := []struct {
		s       string
		opens   bool
		caption bool
	}{
		{"President Oren Kask (left) shakes hands with Prime Minister Hela Brandt in Vell, Nov. 2, 2025. (Photo: Harbour Gazette via Wire Images)", true, true},
		{"Norland President Oren Kask delivers a speech during a news conference in Brenn, Norland, on Thursday.", true, true},
		{"A crowd gathers at the quay in Vell on Friday. (AP Photo/Ana Ruiz)", false, true},
		{"Norland President Oren Kask on Thursday said he wanted to visit Estavia soon.", true, false},
		{"Kask says the talks went well.", false, false},
		{"The talks, held on Tuesday, ended with a joint statement (the first in years).", false, false},
	}
	for _, tt := range tests {
		if got := captionLike(tt.s, tt.opens) > 0.5; got != tt.caption {
			t.Errorf("captionLike(%q) > 0.5 = %v, want %v", tt.s, got, tt.caption)
		}
	}
}

func TestDateline(t *testing.T) {
	tests := map[string]string{
		"Port Linden, Mar 18 President Oren Kask on Wednesday said…": "Port Linden",
		"SEOUL, Oct. 30 (Wire) – The talks began.":                   "SEOUL",
		"Tokyo: The leaders met.":                                    "Tokyo",
		"The leaders met in Vell, Mar 18.":                           "",
		"Kask said: we will meet again.":                             "",
	}
	for s, want := range tests {
		if got := dateline(s); got != want {
			t.Errorf("dateline(%q) = %q, want %q", s, got, want)
		}
	}
}
