package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// unglueSentences puts back the space that scrapers drop between Korean
// sentences when they join paragraphs ("보도했다.한국 방문은" →
// "보도했다. 한국 방문은"): a sentence end (. ! ?) after a Hangul syllable,
// directly followed by a Hangul syllable, a digit, an opening curly quote
// or a bracket. Without the space the sentence
// splitters of the chunker and the answerer see one long sentence. Decimal
// numbers (3.5), abbreviations (U.S.) and Japanese or Chinese text (no
// spaces by convention) are left alone.
func unglueSentences(s string) string {
	if !strings.ContainsAny(s, ".!?") || !hasHangul(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	var prev rune // the rune before the current one
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		i += size
		if (r != '.' && r != '!' && r != '?') || !isHangulSyllable(prev) {
			prev = r
			continue
		}
		// A quote right after the sentence end may close it ("…했다."라고)
		// or open the next one: only unambiguous starts count.
		if i < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i:])
			if isHangulSyllable(next) || next >= '0' && next <= '9' || strings.ContainsRune("“‘[(【「『", next) {
				b.WriteByte(' ')
			}
		}
		prev = r
	}
	return b.String()
}

// isHangulSyllable reports whether r is a precomposed Hangul syllable.
func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// hasHangul reports whether s contains a Hangul syllable.
func hasHangul(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xEA { // Hangul syllables encode as EA B0 80 … ED 9E A3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isHangulSyllable(r) {
			return true
		}
		i += size - 1
	}
	return false
}

// koreanByline recognises the wire byline that opens a Korean news
// paragraph and returns the outlet it names and the text after it:
//
//	[서울=뉴시스]임철휘 기자 = 본문…        → 뉴시스
//	(서울=뉴스1) 심언기 기자 = 본문…        → 뉴스1
//	【파이낸셜뉴스 도쿄=서혜진 특파원】본문… → 파이낸셜뉴스
//	[이데일리 방성훈 기자] 본문…            → 이데일리
//
// ok is false when t does not start with such a byline.
func koreanByline(t string) (outlet, rest string, ok bool) {
	open, size := utf8.DecodeRuneInString(t)
	var closer rune
	switch open {
	case '[':
		closer = ']'
	case '(':
		closer = ')'
	case '【':
		closer = '】'
	default:
		return "", t, false
	}
	end := strings.IndexRune(t, closer)
	if end < 0 || utf8.RuneCountInString(t[size:end]) > 30 {
		return "", t, false
	}
	inner := strings.TrimSpace(t[size:end])
	rest = strings.TrimSpace(t[end+utf8.RuneLen(closer):])
	if left, right, found := strings.Cut(inner, "="); found {
		left, right = strings.TrimSpace(left), strings.TrimSpace(right)
		if isReporter(right) { // 【outlet place=name 특파원】
			outlet = strings.Fields(left + " x")[0]
		} else if !strings.ContainsRune(left, ' ') && !strings.ContainsRune(right, ' ') && !isCreditLabel(left) { // [place=outlet]
			outlet = right
		}
	} else if isReporter(inner) && len(strings.Fields(inner)) >= 3 { // [outlet name 기자]
		outlet = strings.Fields(inner)[0]
	}
	if outlet == "" || utf8.RuneCountInString(outlet) > 12 || !hasHangul(inner) {
		return "", t, false
	}
	// "홍길동 기자 =" after the bracket.
	if name, after, found := strings.Cut(rest, "="); found && isReporter(strings.TrimSpace(name)) && utf8.RuneCountInString(name) <= 20 {
		rest = strings.TrimSpace(after)
	}
	return outlet, rest, true
}

// isReporter reports whether s is a Korean reporter credit: a short name
// followed by 기자 (reporter), 특파원 (correspondent) or similar.
func isReporter(s string) bool {
	for _, title := range []string{"기자", "특파원", "선임기자", "논설위원", "객원기자"} {
		if name, ok := strings.CutSuffix(s, title); ok {
			name = strings.TrimSpace(name)
			return name != "" && utf8.RuneCountInString(name) <= 15 && hasHangul(name)
		}
	}
	return false
}

// isCreditLabel reports the labels of photo and graphics credits
// ((사진=AFP), [그래픽=홍길동]), which look like datelines.
func isCreditLabel(s string) bool {
	for _, l := range []string{"사진", "그래픽", "영상", "출처", "제공", "자료", "편집", "촬영"} {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

var (
	// cjkDateRe matches a date written the Korean, Japanese or Chinese way:
	// 2026년 1월 13일, 2026年1月13日.
	cjkDateRe = regexp.MustCompile(`(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]`)
	// koreanStampRe matches the label of a Korean publication or update
	// time line: 입력 2026.01.13. 오전 9:01, 기사입력 2026-01-13, 수정 ….
	koreanStampRe = regexp.MustCompile(`^(기사입력|입력|등록|승인|발행|최종수정|수정|업데이트)\s*:?\s*`)
)

// cjkDates returns the complete CJK-style dates written in s.
func cjkDates(s string) []foundDate {
	if !strings.ContainsAny(s, "년年") {
		return nil
	}
	var out []foundDate
	for _, m := range cjkDateRe.FindAllStringSubmatchIndex(s, -1) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		day, _ := strconv.Atoi(s[m[6]:m[7]])
		if d, ok := validDate(y, time.Month(mo), day); ok {
			out = append(out, foundDate{d, m[0]})
		}
	}
	return out
}

// koreanStamp reads a Korean time-stamp line ("입력 2026.01.13. 오전 9:01",
// "수정 2026년 1월 14일"): its date, and whether it is the publication
// (not an update) time.
func koreanStamp(t string) (d Date, published, ok bool) {
	loc := koreanStampRe.FindStringSubmatchIndex(t)
	if loc == nil || len(t) > 120 {
		return Date{}, false, false
	}
	f := fullDates(t[loc[1]:])
	if len(f) == 0 || f[0].pos > 3 {
		return Date{}, false, false
	}
	label := t[loc[2]:loc[3]]
	return f[0].d, !strings.Contains(label, "수정") && label != "업데이트", true
}
