package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations are words that end with a period without ending a sentence
// (lower-cased, without the period).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "ft": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"pres": true, "prez": true, "lt": true, "col": true, "capt": true, "sgt": true, "rev": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "bros": true, "no": true, "nos": true,
	"vs": true, "etc": true, "approx": true, "est": true, "fig": true, "vol": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"c": true, "ca": true, "cf": true, "al": true, "fl": true, "op": true, "ed": true, "eds": true,
	"e.g": true, "i.e": true, "u.s": true, "u.k": true, "u.n": true, "a.m": true, "p.m": true,
}

// SplitSentences splits text into sentences, keeping each whole: it breaks
// after '.', '!' or '?' (and any closing quotes or brackets) when white space
// and a plausible sentence start follow, but not after common abbreviations,
// initials or decimal points. Line breaks always end a sentence. Sentences
// are trimmed and white space inside them is folded to single spaces.
//
// A short question or exclamation that leads into the next sentence on its
// line (a headline kicker: "Cymbal of unity? Leaders bash out hits") is
// kept with it.
func SplitSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		parts := appendSentences(nil, line)
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			for i+1 < len(parts) && isKicker(p) {
				i++
				p += " " + parts[i]
			}
			out = append(out, p)
		}
	}
	return out
}

// isKicker reports whether s is a fragment of at most three words ending
// in '?' or '!'.
func isKicker(s string) bool {
	t := strings.TrimRight(s, "\"'”’)")
	return (strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!")) && len(strings.Fields(s)) <= 3
}

func appendSentences(out []string, line string) []string {
	rs := []rune(line)
	start := 0
	emit := func(end int) {
		s := strings.Join(strings.Fields(string(rs[start:end])), " ")
		if s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		// Extend over repeated terminators and closing quotes/brackets.
		j := i + 1
		for j < len(rs) && strings.ContainsRune(".!?\"'”’)]»", rs[j]) {
			j++
		}
		if j >= len(rs) {
			break
		}
		if !unicode.IsSpace(rs[j]) {
			continue
		}
		// Next non-space rune must look like a sentence start.
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k >= len(rs) {
			break
		}
		next := rs[k]
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'“‘([«", next)) {
			continue
		}
		if r == '.' && j == i+1 && isAbbreviation(rs[start:i]) {
			continue
		}
		emit(j)
		i = j - 1
	}
	emit(len(rs))
	return out
}

// isAbbreviation reports whether the word ending the runes (before a '.')
// is an abbreviation or an initial.
func isAbbreviation(before []rune) bool {
	k := len(before)
	for k > 0 && !unicode.IsSpace(before[k-1]) && before[k-1] != '(' && before[k-1] != '"' && before[k-1] != '“' {
		k--
	}
	w := string(before[k:])
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true // an initial: "J. Smith"
	}
	return abbreviations[strings.ToLower(w)]
}

// Tokens splits text into lower-cased word tokens: runs of letters and
// digits, with possessive endings dropped ("Takaichi’s" → "takaichi"),
// hyphenated words split, and "%", "per cent" and "percent" all given as
// "percent". Decimal and thousands separators inside numbers are kept.
func Tokens(text string) []string {
	var out []string
	rs := []rune(text)
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == '%' {
			out = append(out, "percent")
			i++
			continue
		}
		if !isWordRune(r) {
			i++
			continue
		}
		j := i
		for j < len(rs) {
			if isWordRune(rs[j]) {
				j++
				continue
			}
			// 1,000 and 2.5 stay one token.
			if (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && j > i && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]) {
				j++
				continue
			}
			break
		}
		w := strings.ToLower(string(rs[i:j]))
		// Possessive or contraction: drop "'s" / "’s".
		if j+1 < len(rs) && (rs[j] == '\'' || rs[j] == '’') && (rs[j+1] == 's' || rs[j+1] == 'S') && (j+2 >= len(rs) || !isWordRune(rs[j+2])) {
			j += 2
		}
		if w == "cent" && len(out) > 0 && out[len(out)-1] == "per" {
			out[len(out)-1] = "percent"
		} else {
			out = append(out, w)
		}
		i = j
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// irregular maps irregular verb forms (and a few spellings) to one stem.
var irregular = map[string]string{
	"met": "meet", "held": "hold", "said": "say", "says": "say", "told": "tell", "went": "go",
	"gone": "go", "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give",
	"won": "win", "began": "begin", "begun": "begin", "led": "lead", "wrote": "write", "written": "write",
	"built": "build", "found": "find", "became": "become", "left": "leave", "paid": "pay",
	"sold": "sell", "bought": "buy", "brought": "bring", "thought": "think", "fought": "fight",
	"taught": "teach", "ran": "run", "came": "come", "saw": "see", "seen": "see", "knew": "know",
	"known": "know", "grew": "grow", "grown": "grow", "drew": "draw", "chose": "choose",
	"chosen": "choose", "spoke": "speak", "spoken": "speak", "rose": "rise", "risen": "rise",
	"fell": "fall", "fallen": "fall", "struck": "strike", "kept": "keep", "sent": "send",
	"spent": "spend", "lost": "lose", "children": "child", "men": "man",
	"women": "woman", "people": "people", "lives": "life", "countries": "country",
	"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
	"jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
	"nov": "november", "dec": "december", "mon": "monday", "tue": "tuesday", "wed": "wednesday",
	"thu": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday",
	"japanese": "japan", "chinese": "china", "korean": "korea", "koreans": "korea",
	"american": "america", "americans": "america", "russian": "russia", "indian": "india",
	"british": "britain", "french": "france", "german": "germany", "european": "europe",
	"african": "africa", "australian": "australia", "canadian": "canada", "italian": "italy",
	"spanish": "spain", "mexican": "mexico", "iranian": "iran", "israeli": "israel",
	"ukrainian": "ukraine", "vietnamese": "vietnam", "taiwanese": "taiwan", "turkish": "turkey",
	"egyptian": "egypt", "brazilian": "brazil", "pakistani": "pakistan", "polish": "poland",
	"dutch": "netherlands", "swedish": "sweden", "norwegian": "norway", "greek": "greece",
	"percentage": "percent", "pct": "percent", "us": "us", "dollars": "dollar",
}

// Stem reduces a lower-cased token to a crude stem so that inflected forms
// match ("meeting", "meets" → "meet"; "invited", "invitation" → "invit").
// It only needs to be consistent, not linguistically right.
func Stem(w string) string {
	if s, ok := irregular[w]; ok {
		w = s
	}
	n := len(w)
	if n <= 3 || !isLetters(w) {
		return w
	}
	// Plural and third-person endings first, then verb and noun endings,
	// so "meetings", "meeting" and "meets" all reach "meet".
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		w = w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case strings.HasSuffix(w, "ees"):
		w = w[:n-1]
	case strings.HasSuffix(w, "es") && n > 4 && strings.ContainsRune("sxzh", rune(w[n-3])):
		w = w[:n-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	n = len(w)
	switch {
	case strings.HasSuffix(w, "ation") && n > 8:
		w = w[:n-5]
	case strings.HasSuffix(w, "eed") && n > 5:
		w = w[:n-1]
	case strings.HasSuffix(w, "ied") && n > 4:
		w = w[:n-3] + "y"
	case strings.HasSuffix(w, "ing") && n > 6:
		w = undouble(w[:n-3])
	case strings.HasSuffix(w, "ed") && n > 4:
		w = undouble(w[:n-2])
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}

func undouble(w string) string {
	n := len(w)
	if n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

func isLetters(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// stopwordList holds the English function words ignored when matching.
const stopwordList = `a about above after again against all also am an and any are aren as at be because been
before being below between both but by can cannot could couldn did didn do does doesn doing don down during each
few for from further had hadn has hasn have haven having he her here hers herself him himself his how i if in into
is isn it its itself just let me more most much many my myself no nor not now of off on once only or other ought our
ours ourselves out over own same shan she should shouldn so some such than that the their theirs them themselves
then there these they this those through to too under until up very was wasn we were weren what when where which
while who whom whose why will with won would wouldn you your yours yourself yourselves s t d ll m re ve y one ones
say tell according does did do done ever yet still like get got whats upon within among
amongst via onto toward towards thus hence however else whereas whether although though`

// isStopword reports whether the lower-cased token is a function word.
func isStopword(w string) bool { return stopwordSet[w] }

var stopwordSet = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(stopwordList) {
		m[w] = true
	}
	return m
}()

// ContentTerms returns the stemmed content words of text, in order, without
// stop words (repeats kept).
func ContentTerms(text string) []string {
	var out []string
	for _, t := range Tokens(text) {
		if isStopword(t) {
			continue
		}
		s := Stem(t)
		if isStopword(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}
