package answer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

// llmPassages are five retrieved passages, strongest first, written for
// these tests: three about leaders' meetings, two unrelated stories.
func llmPassages() []retrieve.Passage {
	return []retrieve.Passage{
		{
			ID: "2025/aug/tokyo.txt#0", DocID: "2025/aug/tokyo.txt", Score: 5,
			Title: "Leaders pledge closer ties at Tokyo summit", Outlet: "Daily Ledger",
			URL:  "https://ledger.example/tokyo",
			Date: corpus.Date{Year: 2025, Month: 8, Day: 23},
			Text: "President Lee Jae-myung and Prime Minister Shigeru Ishiba met in Tokyo on August 23, 2025. " +
				"The two leaders agreed to expand cooperation on supply chains and hydrogen. Lee invited Ishiba to visit Seoul.",
		},
		{
			ID: "2025/oct/gyeongju.txt#2", DocID: "2025/oct/gyeongju.txt", Score: 4,
			Title: "APEC summit draws leaders to Gyeongju", Outlet: "Harbor Times",
			Date: corpus.Date{Year: 2025, Month: 10, Day: 30},
			Text: "Lee hosted Prime Minister Sanae Takaichi on the sidelines of the APEC summit in Gyeongju. " +
				"They discussed North Korea and trade. About 1,200 delegates attended the forum.",
		},
		{
			ID: "2026/jan/nara.txt#1", DocID: "2026/jan/nara.txt", Score: 3,
			Title: "Takaichi welcomes Lee in Nara", Outlet: "Eastern Wire",
			URL:  "https://wire.example/nara",
			Date: corpus.Date{Year: 2026, Month: 1, Day: 13},
			Text: "Takaichi welcomed Lee to her hometown of Nara on January 13, 2026. " +
				"The leaders held a two-hour meeting and watched a drum performance.",
		},
		{
			ID: "misc/weather.txt#0", DocID: "misc/weather.txt", Score: 2,
			Title: "Storm closes ports", Outlet: "Harbor Times",
			Date: corpus.Date{Year: 2025, Month: 9, Day: 2},
			Text: "A typhoon forced the closure of three ports in Busan on Tuesday.",
		},
		{
			ID: "misc/market.txt#0", DocID: "misc/market.txt", Score: 1,
			Title: "Won weakens against dollar",
			Text:  "The won fell 0.8 percent against the dollar amid tariff worries.",
		},
	}
}

func TestGroundingCheck(t *testing.T) {
	tests := []struct {
		name      string
		model     string
		wantText  string
		wantDocs  []string // Citations[i].Doc, in order
		wantEmpty bool     // nothing survives
		wantNoAns bool     // the model said the passages don't answer
	}{
		{
			name:     "grounded answer renumbered",
			model:    "Lee and Takaichi met in Nara on January 13, 2026 [3]. They held a two-hour meeting [3].",
			wantText: "Lee and Takaichi met in Nara on January 13, 2026 [1]. They held a two-hour meeting [1].",
			wantDocs: []string{"2026/jan/nara.txt"},
		},
		{
			name:     "two sources numbered by first use",
			model:    "Takaichi welcomed Lee to Nara on January 13, 2026 [3]. Earlier, Lee hosted Takaichi at the APEC summit in Gyeongju [2].",
			wantText: "Takaichi welcomed Lee to Nara on January 13, 2026 [1]. Earlier, Lee hosted Takaichi at the APEC summit in Gyeongju [2].",
			wantDocs: []string{"2026/jan/nara.txt", "2025/oct/gyeongju.txt"},
		},
		{
			name:      "citation to a passage that does not exist",
			model:     "Lee and Takaichi met in Nara on January 13, 2026 [9].",
			wantEmpty: true,
		},
		{
			name:     "invalid number dropped beside a valid one",
			model:    "Takaichi welcomed Lee to Nara [9][3].",
			wantText: "Takaichi welcomed Lee to Nara [1].",
			wantDocs: []string{"2026/jan/nara.txt"},
		},
		{
			name:     "unsupported sentence dropped, supported kept",
			model:    "Lee and Takaichi met in Nara [3]. They signed a $5 billion defence pact in Osaka [3].",
			wantText: "Lee and Takaichi met in Nara [1].",
			wantDocs: []string{"2026/jan/nara.txt"},
		},
		{
			name:      "no citations at all",
			model:     "Lee and Takaichi met in Nara on January 13, 2026. They held a two-hour meeting.",
			wantEmpty: true,
		},
		{
			name:      "wrong day",
			model:     "Lee and Takaichi met in Nara on January 14, 2026 [3].",
			wantEmpty: true,
		},
		{
			name:      "wrong number spelled out",
			model:     "The leaders held a three-hour meeting in Nara [3].",
			wantEmpty: true,
		},
		{
			name:      "name from another passage is a miscitation",
			model:     "Lee and Ishiba met in Nara [3].",
			wantEmpty: true,
		},
		{
			name:      "invented name starting the sentence",
			model:     "Kishida welcomed Lee to Nara [3].",
			wantEmpty: true,
		},
		{
			name:     "citation from an unrelated passage is removed",
			model:    "Takaichi welcomed Lee to her hometown of Nara [3][4].",
			wantText: "Takaichi welcomed Lee to her hometown of Nara [1].",
			wantDocs: []string{"2026/jan/nara.txt"},
		},
		{
			name:     "markers after the full stop, Markdown and a sources list",
			model:    "**Takaichi welcomed Lee to Nara.** [3] About 1,200 delegates attended the APEC forum. [2]\n\nSources:\n[2] APEC summit draws leaders to Gyeongju\n[3] Takaichi welcomes Lee in Nara",
			wantText: "Takaichi welcomed Lee to Nara [1]. About 1,200 delegates attended the APEC forum [2].",
			wantDocs: []string{"2026/jan/nara.txt", "2025/oct/gyeongju.txt"},
		},
		{
			name:     "grouped and ranged markers",
			model:    "Lee met Ishiba in Tokyo and Takaichi in Nara [1, 3]. Lee and Takaichi met in Gyeongju and Nara [2-3].",
			wantText: "Lee met Ishiba in Tokyo and Takaichi in Nara [1][2]. Lee and Takaichi met in Gyeongju and Nara [3][2].",
			wantDocs: []string{"2025/aug/tokyo.txt", "2026/jan/nara.txt", "2025/oct/gyeongju.txt"},
		},
		{
			name:     "date from the passage's metadata",
			model:    "Eastern Wire reported that Takaichi welcomed Lee in Nara on Jan 13, 2026 [3].",
			wantText: "Eastern Wire reported that Takaichi welcomed Lee in Nara on Jan 13, 2026 [1].",
			wantDocs: []string{"2026/jan/nara.txt"},
		},
		{
			name:      "NO_ANSWER",
			model:     "NO_ANSWER",
			wantEmpty: true, wantNoAns: true,
		},
		{
			name:      "refusal in words",
			model:     "The passages do not say when the leaders will meet next [3].",
			wantEmpty: true, wantNoAns: true,
		},
		{
			name:      "answer in another language keeps its checkable parts",
			model:     "이재명 대통령과 다카이치 총리는 2026년 1월 13일 Nara에서 만났다 [3].",
			wantText:  "이재명 대통령과 다카이치 총리는 2026년 1월 13일 Nara에서 만났다 [1].",
			wantDocs:  []string{"2026/jan/nara.txt"},
			wantEmpty: false,
		},
		{
			name:      "another language with nothing checkable",
			model:     "다카이치 총리가 이 대통령을 초대했다 [3].",
			wantEmpty: true,
		},
		{
			name:      "another language with a wrong date",
			model:     "이재명 대통령과 다카이치 총리는 2026년 1월 15일 만났다 [3].",
			wantEmpty: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGrounder(llmPassages())
			res := g.check(tt.model)
			if tt.wantEmpty {
				if len(res.sentences) != 0 {
					text, _ := g.render(res.sentences, MaxAnswerLen)
					t.Fatalf("expected nothing to survive, got %q", text)
				}
				if got := res.noAnswer || res.refusals > 0; got != tt.wantNoAns {
					t.Errorf("no-answer detected = %v, want %v", got, tt.wantNoAns)
				}
				return
			}
			text, cites := g.render(res.sentences, MaxAnswerLen)
			if text != tt.wantText {
				t.Errorf("text\n got %q\nwant %q", text, tt.wantText)
			}
			var docs []string
			for i, c := range cites {
				docs = append(docs, c.Doc)
				if c.N != i+1 {
					t.Errorf("citation %d has N=%d", i, c.N)
				}
			}
			if strings.Join(docs, " ") != strings.Join(tt.wantDocs, " ") {
				t.Errorf("cited docs %v, want %v", docs, tt.wantDocs)
			}
			checkMarkersMatch(t, text, cites)
		})
	}
}

// checkMarkersMatch asserts the answer contract: every [n] in text has a
// citation with that N, every citation is used, and fields come from a
// passage.
func checkMarkersMatch(t *testing.T, text string, cites []Citation) {
	t.Helper()
	used := map[int]bool{}
	for _, n := range citeNumbers(text) {
		used[n] = true
		if n < 1 || n > len(cites) {
			t.Errorf("marker [%d] has no citation (%d citations) in %q", n, len(cites), text)
		}
	}
	known := map[string]retrieve.Passage{}
	for _, p := range llmPassages() {
		known[p.DocID] = p
	}
	for _, c := range cites {
		if !used[c.N] {
			t.Errorf("citation %d is not used in %q", c.N, text)
		}
		p, ok := known[c.Doc]
		if !ok {
			if len(known) > 0 && !strings.Contains(c.Doc, "/") {
				continue // not one of the test passages (end-to-end tests check these)
			}
			t.Errorf("citation %d names unknown doc %q", c.N, c.Doc)
			continue
		}
		if c.Title != p.Title || c.Source != p.Outlet || c.URL != p.URL || c.Date != p.Date.String() {
			t.Errorf("citation %d metadata %+v does not match its passage", c.N, c)
		}
		if c.Quote == "" || !strings.Contains(oneLine(p.Text), strings.TrimSuffix(c.Quote, "…")) {
			t.Errorf("citation %d quote %q is not from its passage", c.N, c.Quote)
		}
	}
}

func TestGroundingTrimsToMaxLen(t *testing.T) {
	var b strings.Builder
	for range 12 {
		b.WriteString("Takaichi welcomed Lee to her hometown of Nara on January 13, 2026 [3]. ")
		b.WriteString("The leaders held a two-hour meeting and watched a drum performance [3]. ")
	}
	g := newGrounder(llmPassages())
	text, cites := g.render(g.check(b.String()).sentences, MaxAnswerLen)
	if n := utf8.RuneCountInString(text); n > MaxAnswerLen || n < MaxAnswerLen/2 {
		t.Fatalf("answer is %d characters, want at most %d (and not trivially short)", n, MaxAnswerLen)
	}
	if !strings.HasSuffix(text, ".") {
		t.Errorf("answer not cut at a sentence boundary: %q", text)
	}
	checkMarkersMatch(t, text, cites)

	// One very long sentence is clipped at a word, keeping its citation.
	long := "Takaichi welcomed Lee" + strings.Repeat(" and Lee welcomed Takaichi", 40) + " in Nara [3]."
	text, cites = g.render(g.check(long).sentences, MaxAnswerLen)
	if n := utf8.RuneCountInString(text); n > MaxAnswerLen || !strings.HasSuffix(text, "[1]") {
		t.Errorf("long sentence rendered as %d chars %q", n, text)
	}
	checkMarkersMatch(t, text, cites)
}

func TestRemoveInvalidCites(t *testing.T) {
	got := removeInvalidCites("Lee met Takaichi [3][9] in Nara [1, 7].", 5)
	if want := "Lee met Takaichi [3] in Nara ."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNormNumber(t *testing.T) {
	for in, want := range map[string]string{"013": "13", "1,200": "1200", "2.50": "2.5", "2.0": "2", "13th": "13", "0": "0", "0.8": "0.8"} {
		if got, ok := normNumber(in); !ok || got != want {
			t.Errorf("normNumber(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestGroundingSameScriptOtherLanguage(t *testing.T) {
	ps := []retrieve.Passage{{
		DocID: "ko/nara.txt", Title: "다카이치, 나라에서 이 대통령 맞이", Outlet: "한빛일보",
		Date: corpus.Date{Year: 2026, Month: 1, Day: 13},
		Text: "다카이치 총리는 고향 나라에서 이재명 대통령을 맞이했다. 두 정상은 회담 후 만찬을 함께했다.",
	}}
	g := newGrounder(ps)
	res := g.check("다카이치 총리는 나라에서 이재명 대통령을 맞이했다 [1]. 다카이치 총리는 서울에서 무역 협정에 서명했다 [1].")
	text, cites := g.render(res.sentences, MaxAnswerLen)
	if want := "다카이치 총리는 나라에서 이재명 대통령을 맞이했다 [1]."; text != want || len(cites) != 1 {
		t.Errorf("got %q with %d citations, want %q", text, len(cites), want)
	}
}
