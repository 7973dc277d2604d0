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
			},
			hasNot:   []string{"Crawled at", "원문 보기", "&quot;", "**", "[셀비항=북방통신]", "김예시 기자"},
			firstHas: "어업권 분쟁",
			paras:    2,
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

func TestKoreanByline(t *testing.T) {
	tests := []struct {
		in, outlet, rest string
		ok               bool
	}{
		{"[서울=뉴시스]임철휘 기자 = 고바야시 회장이 방문한다.", "뉴시스", "고바야시 회장이 방문한다.", true},
		{"(서울=뉴스1) 심언기 기자 = 이재명 대통령이 말했다.", "뉴스1", "이재명 대통령이 말했다.", true},
		{"【파이낸셜뉴스 도쿄=서혜진 특파원】한일 위안부 합의가", "파이낸셜뉴스", "한일 위안부 합의가", true},
		{"[이데일리 방성훈 기자] 한일 위안부 합의가", "이데일리", "한일 위안부 합의가", true},
		{"[세종=뉴시스]김동현·이원광 기자 = 정상회담에서", "뉴시스", "정상회담에서", true},
		{"[앵커] 이재명 대통령이", "", "[앵커] 이재명 대통령이", false},
		{"(사진=AFP) 기시다 전 총리", "", "(사진=AFP) 기시다 전 총리", false},
		{"(2025년 12월 28일) 합의", "", "(2025년 12월 28일) 합의", false},
		{"[Reuters] Lee met Takaichi", "", "[Reuters] Lee met Takaichi", false},
		{"이재명 대통령이 [서울=뉴시스]", "", "이재명 대통령이 [서울=뉴시스]", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		o, rest, ok := koreanByline(tt.in)
		if o != tt.outlet || rest != tt.rest || ok != tt.ok {
			t.Errorf("koreanByline(%q) = %q, %q, %v; want %q, %q, %v", tt.in, o, rest, ok, tt.outlet, tt.rest, tt.ok)
		}
	}
}

func TestParseKoreanWithoutFrontMatter(t *testing.T) {
	// Date from the 입력 (published) line, outlet from the wire byline,
	// which leaves the text; glued sentences are separated.
	doc := parseFile(t, filepath.Join("testdata", "corpus-cjk", "no-frontmatter-ko.txt"), "no-frontmatter-ko.txt")
	checkDoc(t, doc, articleWant{
		outlet:   "한빛일보",
		date:     Date{2026, time.March, 16},
		firstHas: "발도리아 정부는 16일",
		has:      []string{"밝혔다. 공사는 9월까지"},
		hasNot:   []string{"박예시 기자", "[서울=", "입력"},
	})
}

func TestCJKDates(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"2026년 1월 13일", Date{2026, time.January, 13}},
		{"2026年1月13日", Date{2026, time.January, 13}},
		{"정상회담은 2026년 1월 13일 나라에서 열린다", Date{2026, time.January, 13}},
		{"2026년 13월 1일", Date{}},
		{"1월 13일", Date{}}, // no year: not a full date
	}
	for _, tt := range tests {
		var got Date
		if f := fullDates(tt.in); len(f) > 0 {
			got = f[0].d
		}
		if got != tt.want {
			t.Errorf("fullDates(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	stamps := []struct {
		in        string
		want      Date
		published bool
		ok        bool
	}{
		{"입력 2026.01.13. 오전 9:01", Date{2026, time.January, 13}, true, true},
		{"기사입력 2026-01-13 09:01", Date{2026, time.January, 13}, true, true},
		{"수정 2026년 1월 14일 오후 3:00", Date{2026, time.January, 14}, false, true},
		{"입력된 자료는 2026.01.13. 기준이다", Date{}, false, false},
		{"이재명 대통령은 2026.01.13. 방일한다", Date{}, false, false},
	}
	for _, tt := range stamps {
		d, published, ok := koreanStamp(tt.in)
		if d != tt.want || published != tt.published || ok != tt.ok {
			t.Errorf("koreanStamp(%q) = %v, %v, %v; want %v, %v, %v", tt.in, d, published, ok, tt.want, tt.published, tt.ok)
		}
	}
}
