package corpus

import (
	"path/filepath"
	"testing"
	"time"
)

func TestUnglueSentences(t *testing.T) {
	tests := []struct{ in, want string }{
		{"보도했다.한국 방문은 처음이다.", "보도했다. 한국 방문은 처음이다."},
		{"밝혔다.28일 대통령실은", "밝혔다. 28일 대통령실은"},
		{"말했다.“우리는 준비됐다”", "말했다. “우리는 준비됐다”"},
		{"\"준비됐다.\"라고 말했다", "\"준비됐다.\"라고 말했다"}, // a closing quote: not a new sentence
		{"“준비됐다.”라고 말했다", "“준비됐다.”라고 말했다"},
		{"발표했다.(서울=뉴스1)", "발표했다. (서울=뉴스1)"},
		{"될까?정부는", "될까? 정부는"},
		{"이미 띄어 쓴 문장이다. 다음 문장.", "이미 띄어 쓴 문장이다. 다음 문장."},
		{"GDP 0.35% 증가", "GDP 0.35% 증가"},
		{"U.S.-Korea talks.Next", "U.S.-Korea talks.Next"},
		{"会談した。次の予定は", "会談した。次の予定は"},
		{"끝.", "끝."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := unglueSentences(tt.in); got != tt.want {
			t.Errorf("unglueSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseCJKArticles(t *testing.T) {
	tests := []struct {
		file string
		want articleWant
	}{
		{"naver-style-ko.md", articleWant{ // Naver-style front matter (tabs), entities, glued sentences
			title:  `발도리아·메르슬란드 정상, 셀비항서 회담…"페리 항로 재개"`,
			outlet: "북방통신",
			date:   Date{2026, time.March, 14},
			url:    "https://news.example.test/article/001/0000000001",
			has: []string{
				"합의했다. 두 정상의 회담은 1년 사이 세 번째다. 양국 세관",
				"\"10년 동안 우리를 갈라놓은 바다 위의 다리\"라고 말했다. 14일 회담에서는",
				"[셀비항=북방통신]",
			},
			hasNot: []string{"Crawled at", "원문 보기", "&quot;", "**"},
			paras:  2,
		}},
		{"rates-ja.md", articleWant{ // Japanese: no spaces inserted
			title:  "中央銀行、政策金利を0.25％引き下げ",
			outlet: "東方経済新聞",
			date:   Date{2026, time.February, 5},
			url:    "https://example.test/ja/rates",
			has:    []string{"発表した。利下げは２年ぶり。総裁は"},
			paras:  2,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := parseFile(t, filepath.Join("testdata", "corpus-cjk", tt.file), tt.file)
			checkDoc(t, doc, tt.want)
		})
	}
}
