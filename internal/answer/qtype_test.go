package answer

import "testing"

func TestQuestionType(t *testing.T) {
	tests := []struct {
		q    string
		want qType
	}{
		{"Who invited Lee to Nara?", qWho},
		{"Whose citizens were abducted?", qWho},
		{"Which office announced the summit?", qWho},
		{"When did the leaders meet?", qWhen},
		{"and when was that?", qWhen},
		{"In what year was the festival first held?", qWhen},
		{"Where is the APEC summit held?", qWhere},
		{"In which province is Gyeongju?", qWhere},
		{"Which two countries signed the pact?", qWhere},
		{"How many people attended?", qQuantity},
		{"How much did Estavia pledge?", qQuantity},
		{"What percentage of girls work?", qQuantity},
		{"Why were the talks postponed?", qWhy},
		{"What was the reason for the delay?", qWhy},
		{"What did Takaichi promise?", qOther},
		{"Which Japanese election kept Tokyo busy?", qOther},
		{"How did the talks go?", qOther},
		{"", qOther},
	}
	for _, tt := range tests {
		if got := questionType(tt.q); got != tt.want {
			t.Errorf("questionType(%q) = %s, want %s", tt.q, got, tt.want)
		}
	}
}

func TestTypeEvidence(t *testing.T) {
	q := func(s string) map[string]bool {
		m := make(map[string]bool)
		for _, t := range Tokens(s) {
			m[t] = true
			m[Stem(t)] = true
		}
		return m
	}
	tests := []struct {
		name     string
		typ      qType
		question string
		sentence string
		want     bool // some evidence (≥ 0.5)
	}{
		{"date", qWhen, "When did Lee visit Nara?", "Lee visited Nara on Jan. 13, 2026.", true},
		{"weekday", qWhen, "When did Lee visit Nara?", "Lee arrived in Nara on Tuesday.", true},
		{"date only in question", qWhen, "What happened in January?", "In January, talks began.", false},
		{"no date", qWhen, "When did Lee visit Nara?", "Lee visited Nara with his wife.", false},
		{"number", qQuantity, "How many people came?", "About 12,000 people came.", true},
		{"per cent", qQuantity, "How high were tariffs?", "Tariffs fell to 15 per cent.", true},
		{"day of a date", qQuantity, "What is the population of Nara?", "Nara, Jan 13: Lee arrived.", false},
		{"number only in question", qQuantity, "How many of the 30 troops crossed?", "The 30 troops crossed the border.", false},
		{"place after preposition", qWhere, "Where did they meet?", "They met in Nara.", true},
		{"province", qWhere, "In which province is Gyeongju?", "Gyeongju, North Gyeongsang Province, hosted APEC.", true},
		{"place in question only", qWhere, "Where in Nara did they meet?", "They met in Nara.", false},
		{"person", qWho, "Who invited Lee?", "Lee went at the invitation of Prime Minister Sanae Takaichi.", true},
		{"no new name", qWho, "Who invited Lee?", "Lee was invited.", false},
		{"reason", qWhy, "Why were talks postponed?", "Talks were postponed because a storm closed the port.", true},
		{"no reason", qWhy, "Why were talks postponed?", "Talks were postponed on Tuesday.", false},
	}
	for _, tt := range tests {
		got := typeEvidence(tt.typ, tt.sentence, q(tt.question)) >= 0.5
		if got != tt.want {
			t.Errorf("%s: typeEvidence(%s, %q) = %v, want %v", tt.name, tt.typ, tt.sentence, got, tt.want)
		}
	}
}
