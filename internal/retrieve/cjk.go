package retrieve

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Korean, Japanese and Chinese text is searched through character bigrams:
// Japanese and Chinese do not separate words with spaces, and Korean words
// carry particles and endings (나라에서 = 나라 "Nara" + 에서 "in"), so
// whole-word terms rarely match between a question and an article. Every run
// of Hangul, Han or kana characters becomes its overlapping two-character
// terms (이재명 → 이재 재명; 奈良で会談 → 奈良 良で で会 会談), a lone
// character becomes a one-character term. bleve's own "cjk" analyzer does
// this for Han and kana only — its tokenizer types Hangul as letters — so
// the terms are made here and indexed with a whitespace analyzer.

// isCJK reports whether r is a Hangul syllable or jamo, a Han ideograph, or
// Japanese kana (including the prolonged sound mark).
func isCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
		return true
	case r == 'ー' || r == '々':
		return true
	}
	return unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isHangul reports whether r is a Hangul syllable or jamo.
func isHangul(r rune) bool {
	return r >= 0xAC00 && r <= 0xD7A3 || r >= 0x1100 && unicode.Is(unicode.Hangul, r)
}

// hasCJK reports whether s contains any Hangul, Han or kana character.
func hasCJK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isCJK(r) {
			return true
		}
		i += size - 1
	}
	return false
}

// cjkTerms calls emit for every bigram (or lone character) of the CJK runs
// in s, in order; repeats are emitted again. s is NFKC-normalised first, so
// half-width katakana (ｾﾙﾋﾞｰ) and full-width forms match their usual ones.
func cjkTerms(s string, emit func(term string)) {
	s = norm.NFKC.String(s)
	var prev rune // previous CJK rune of the current run, 0 at a run start
	runLen := 0
	var buf [2 * utf8.UTFMax]byte
	flushLone := func() {
		if runLen == 1 {
			n := utf8.EncodeRune(buf[:], prev)
			emit(string(buf[:n]))
		}
	}
	for _, r := range s {
		if !isCJK(r) {
			flushLone()
			prev, runLen = 0, 0
			continue
		}
		// Korean writes Han abbreviations against Hangul (日자민당, 韓은,
		// 李대통령): a change between Hangul and other scripts starts a run.
		if runLen > 0 && isHangul(prev) != isHangul(r) {
			flushLone()
			prev, runLen = 0, 0
		}
		if runLen > 0 {
			n := utf8.EncodeRune(buf[:], prev)
			n += utf8.EncodeRune(buf[n:], r)
			emit(string(buf[:n]))
		}
		prev = r
		runLen++
	}
	flushLone()
}

// cjkFieldText is what the CJK fields index for s: its bigrams separated by
// spaces, or "" when s has no CJK text.
func cjkFieldText(s string) string {
	if !hasCJK(s) {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	cjkTerms(s, func(t string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	})
	return b.String()
}

// isQuestionNoise reports bigrams of question words and question endings.
// They say what is asked, not what about, and the few articles that contain
// them (interview transcripts, quoted questions) would otherwise score
// highly for every question: who/what/where/when/why/how/how much in
// Korean, Japanese and Chinese, and Korean interrogative endings.
func isQuestionNoise(term string) bool {
	if pastQuestionEnding(term) {
		return true
	}
	switch term {
	// Korean: 누구 누가 무엇 뭐 뭘 뭐라 어디 언제 왜 어떻게 어떤 어느 얼마 몇 무슨
	case "누구", "누가", "무엇", "뭐", "뭘", "뭐라", "어디", "언제", "왜", "어떻", "떻게", "어떤", "어느", "얼마", "몇", "무슨",
		// Korean endings: …했나 …됐나 …었나 …았나 …인가 …는가 …할까 …일까 …을까 …나요 …까요 …니까 …습니(까) …했어 …됐어
		"했나", "됐나", "었나", "았나", "인가", "는가", "할까", "일까", "을까", "나요", "까요", "니까", "습니", "했어", "됐어",
		// Japanese: どこ いつ なぜ どう どの どれ いくら …ですか …ましたか …のですか …のか
		"どこ", "いつ", "なぜ", "どう", "どの", "どれ", "いく", "くら", "すか", "たか", "のか", "ます", "です", "ので", "でし",
		// Chinese: 什么 哪里 哪儿 为什么 怎么 怎样 多少 (simplified and traditional)
		"什么", "哪里", "哪儿", "为什", "怎么", "怎样", "多少", "什麼", "為什", "怎麼", "哪裡":
		return true
	}
	return false
}

// pastQuestionEnding reports a Korean past-tense question ending: a
// syllable closing in ㅆ followed by 나, 냐, 니 or 까 (만났나, 했냐, 왔니).
// The verb stem before it (만났) stays searchable.
func pastQuestionEnding(term string) bool {
	first, size := utf8.DecodeRuneInString(term)
	second, size2 := utf8.DecodeRuneInString(term[size:])
	if size+size2 != len(term) || first < 0xAC00 || first > 0xD7A3 {
		return false
	}
	const finalSS = 20 // ㅆ as a final consonant (jongseong index)
	if (first-0xAC00)%28 != finalSS {
		return false
	}
	switch second {
	case '나', '냐', '니', '까':
		return true
	}
	return false
}

// maxCJKTerms caps the bigrams searched for one question.
const maxCJKTerms = 48

// cjkQueryTerms reduces a question to the CJK bigrams to search for,
// space-separated: question words go, repeats go, at most maxCJKTerms remain,
// and the most common are dropped when they would exceed the postings
// budget (as queryWords does for words). It returns "" when q has no CJK
// text or nothing remains.
func (ix *Index) cjkQueryTerms(ctx context.Context, q string) string {
	if !hasCJK(q) {
		return ""
	}
	type term struct {
		t  string
		df uint64
	}
	seen := map[string]bool{}
	var terms []term
	cjkTerms(q, func(t string) {
		if seen[t] || len(terms) == maxCJKTerms || isQuestionNoise(t) {
			return
		}
		seen[t] = true
		terms = append(terms, term{t: t})
	})
	if len(terms) == 0 {
		return ""
	}
	if adv, err := ix.idx.Advanced(); err == nil {
		if r, err := adv.Reader(); err == nil {
			for i := range terms {
				for _, f := range []string{fTextCJK, fTitleCJK} {
					tfr, err := r.TermFieldReader(ctx, []byte(terms[i].t), f, false, false, false)
					if err == nil {
						terms[i].df += tfr.Count()
						tfr.Close()
					}
				}
			}
			r.Close()
		}
	}
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return terms[order[a]].df < terms[order[b]].df })
	keep := make([]bool, len(terms))
	var total uint64
	for n, i := range order {
		if n > 0 && total+terms[i].df > ix.budget() {
			break
		}
		total += terms[i].df
		keep[i] = true
	}
	var out []string
	for i, t := range terms {
		if keep[i] {
			out = append(out, t.t)
		}
	}
	return strings.Join(out, " ")
}

// CJKTerms returns the bigram terms the index uses for the Korean, Japanese
// and Chinese text in s (see cjkTerms), in order, repeats kept; nil when s
// has none. Other packages can use it to compare CJK text the way search
// does (e.g. question–sentence overlap for Hangul, whose words carry
// particles: 나라에서 and 나라현 share 나라).
func CJKTerms(s string) []string {
	if !hasCJK(s) {
		return nil
	}
	var out []string
	cjkTerms(s, func(t string) { out = append(out, t) })
	return out
}

// CJKQuestionTerms is CJKTerms for a question: question words and endings
// (누구, 어디, 만났나's 났나, どこ, 什么 …) are left out.
func CJKQuestionTerms(q string) []string {
	var out []string
	for _, t := range CJKTerms(q) {
		if !isQuestionNoise(t) {
			out = append(out, t)
		}
	}
	return out
}
