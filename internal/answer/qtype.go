package answer

import (
	"regexp"
	"strings"
	"unicode"
)

// qType is the kind of thing a question asks for.
type qType int

const (
	qOther    qType = iota // what/which/how: matched by overlap alone
	qWho                   // a person or an organisation
	qWhen                  // a date, day, month or year
	qWhere                 // a place
	qQuantity              // a number, share or amount
	qWhy                   // a reason
)

func (t qType) String() string {
	return [...]string{"other", "who", "when", "where", "quantity", "why"}[t]
}

// Nouns that, after "what"/"which", say what kind of answer is wanted.
var (
	whenNouns     = wordSet("year years date day days month months time century decade period era season")
	whereNouns    = wordSet("country countries city cities province provinces state states region regions place places town towns county counties continent prefecture location venue island islands area nation nations capital district village river mountain street building")
	whoNouns      = wordSet("person people president leader leaders minister office outlet outlets company companies organization organisation organizations group groups team teams party parties agency agencies newspaper newspapers body official officials king queen emperor university institution firm band artist author writer scientist broadcaster network man woman individual ministry department committee council player players family dynasty tribe general commander coach actor actress singer founder chief prime")
	quantityNouns = wordSet("percentage percent number numbers amount proportion share portion fraction price cost rate population size age sum total figure count temperature length height distance")
	whyNouns      = wordSet("reason reasons cause causes purpose motive")
	modifiers     = wordSet("kind type sort of the a an two three four five first last other is was were are main primary exact")
)

func wordSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// questionType classifies q by its question word and, for "what"/"which",
// the noun that follows ("which year" asks when, "what country" where).
func questionType(q string) qType {
	toks := Tokens(q)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch t {
		case "when":
			return qWhen
		case "where":
			return qWhere
		case "who", "whom", "whose":
			return qWho
		case "why":
			return qWhy
		case "how":
			switch next {
			case "many", "much", "long", "old", "far", "large", "big", "tall", "often", "high", "deep", "wide", "heavy", "fast":
				return qQuantity
			}
			return qOther
		case "what", "which":
			// Look past a few modifiers: "what kind of year", "which two countries".
			for k := i + 1; k < len(toks) && k <= i+3; k++ {
				n := toks[k]
				switch {
				case whenNouns[n]:
					return qWhen
				case whereNouns[n]:
					return qWhere
				case whoNouns[n]:
					return qWho
				case quantityNouns[n]:
					return qQuantity
				case whyNouns[n]:
					return qWhy
				}
				if !modifiers[n] {
					break
				}
			}
			return qOther
		}
	}
	return qOther
}

// typeHeads returns the stems of the nouns that name the kind of answer
// wanted ("city" in "in which city…", "year" in "what year…"): the answer
// need not repeat them, so they weigh little. Quantity nouns
// ("population", "price") are not among them: they name the fact asked
// for, which the answer must mention.
func typeHeads(q string) map[string]bool {
	out := make(map[string]bool)
	toks := Tokens(q)
	for i, t := range toks {
		if t != "what" && t != "which" {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+3; k++ {
			n := toks[k]
			if whenNouns[n] || whereNouns[n] || whoNouns[n] {
				out[Stem(n)] = true
				break
			}
			if !modifiers[n] {
				break
			}
		}
	}
	return out
}

// Patterns for answer-type evidence in a sentence.
var (
	monthRe   = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	weekdayRe = `(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`
	dateRe    = regexp.MustCompile(`(?i)\b(?:` +
		monthRe + `\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?` + // Jan. 13, 2026
		`|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthRe + `(?:,?\s+\d{4})?` + // 13 January 2026
		`|(?:in|early|late|mid|since|until|by|from|during)[\s-]+` + monthRe + `(?:\s+\d{4})?` + // in late October
		`|` + monthRe + `\s+\d{4}` + // October 2025
		`|` + weekdayRe + // Tuesday
		`|(?:1[0-9]{3}|20[0-9]{2})s?` + // 1910, 2025, 1990s
		`|\d{1,2}(?:st|nd|rd|th)\s+(?:and\s+\d{1,2}(?:st|nd|rd|th)\s+)?centur(?:y|ies)` +
		`|(?:yesterday|today|tonight|tomorrow)` +
		`|(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|decade|spring|summer|autumn|fall|winter)` +
		`|\d+\s+(?:days|weeks|months|years|decades)\s+(?:ago|later|earlier|after|before)` +
		`)\b`)
	numberRe   = regexp.MustCompile(`(?i)(?:[$£€¥₩]\s?\d|\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|quarter|third|percent)\b|%|\bper\s+cent\b)`)
	yearOnlyRe = regexp.MustCompile(`^(?:1[0-9]{3}|20[0-9]{2})$`)
	reasonRe   = regexp.MustCompile(`(?i)\b(?:because|due\s+to|amid|owing\s+to|as\s+a\s+result|in\s+order\s+to|so\s+that|since|caused|causing|led\s+to|leading\s+to|reason|aimed\s+at|aims?\s+to|in\s+response\s+to|following|after|citing|for\s+fear|to\s+(?:avoid|prevent|ensure|protect|help|promote|address|counter|secure|improve|boost|strengthen|reduce))\b`)
	placeWords = wordSet("province prefecture city county state capital region island district town village country republic kingdom peninsula")
	// Prepositions after which a capitalised word is likely a place.
	placePreps = wordSet("in at to from near outside across into inside within toward towards via")
	// Capitalised words that are not names.
	notNames = wordSet("the a an i he she it we they this that these those his her its their our my your there here but and or if when while after before as in on at to of for with by from mr mrs ms dr president prime minister monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
)

// word is a token with its original spelling and position.
type word struct {
	text  string // original spelling
	lower string
	first bool // first word of the sentence
}

// wordsOf splits s into word tokens keeping their spelling.
func wordsOf(s string) []word {
	var out []word
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' || r == '.' || r == ',')
	}) {
		f = strings.Trim(f, "'’-.,")
		f = strings.TrimSuffix(strings.TrimSuffix(f, "'s"), "’s")
		if f == "" {
			continue
		}
		out = append(out, word{text: f, lower: strings.ToLower(f), first: len(out) == 0})
	}
	return out
}

func isCapitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// typeEvidence scores how well sentence s carries an answer of type t that
// the question does not already state (qWords: the question's lower-cased
// tokens, stemmed and not). It returns 0 (none) to 1 (clear).
func typeEvidence(t qType, s string, qWords map[string]bool) float64 {
	novel := func(match string) bool {
		for _, tok := range Tokens(match) {
			if !qWords[tok] && !qWords[Stem(tok)] && !isStopword(tok) && tok != "in" {
				return true
			}
		}
		return false
	}
	switch t {
	case qWhen:
		for _, m := range dateRe.FindAllString(s, -1) {
			if novel(m) {
				return 1
			}
		}
	case qQuantity:
		best := 0.0
		dates := dateRe.FindAllStringIndex(s, -1)
		for _, loc := range numberRe.FindAllStringIndex(s, -1) {
			m := s[loc[0]:loc[1]]
			if !novel(m) && m != "%" {
				continue
			}
			if inSpans(loc, dates) && !yearOnlyRe.MatchString(strings.TrimSpace(m)) {
				continue // the day of "Jan 13" is not a count
			}
			if yearOnlyRe.MatchString(strings.TrimSpace(m)) {
				best = max(best, 0.3) // a year is rarely a count
				continue
			}
			return 1
		}
		return best
	case qWhy:
		if reasonRe.MatchString(s) {
			return 1
		}
	case qWhere:
		if place := dateline(s); place != "" && novel(place) {
			return 0.8 // "Nara, Jan 13 — …": where the report is from
		}
		ws := wordsOf(s)
		best := 0.0
		for i, w := range ws {
			if placeWords[w.lower] && i > 0 && isCapitalised(w.text) && novel(ws[i-1].text) {
				return 1 // "North Gyeongsang Province"
			}
			if !isCapitalised(w.text) || notNames[w.lower] || !novel(w.text) {
				continue
			}
			if i > 0 && placePreps[ws[i-1].lower] {
				return 1
			}
			if !w.first {
				best = max(best, 0.4)
			}
		}
		return best
	case qWho:
		ws := wordsOf(s)
		best := 0.0
		for i, w := range ws {
			if !isCapitalised(w.text) || notNames[w.lower] || !novel(w.text) {
				continue
			}
			if w.first && (i+1 >= len(ws) || !isCapitalised(ws[i+1].text)) {
				best = max(best, 0.5) // a sentence-initial capital may be any word
				continue
			}
			if (i > 0 && isCapitalised(ws[i-1].text) && !ws[i-1].first) || (i+1 < len(ws) && isCapitalised(ws[i+1].text)) {
				return 1 // a multi-word name
			}
			best = max(best, 0.8)
		}
		return best
	}
	return 0
}

// answerKeys returns the stemmed words of s that answer a question of
// type t and that the question does not state: the dates of a when
// question, the numbers of a how-many question, the capitalised places
// and names of a where or who question; for other questions, any
// capitalised word inside the sentence or number. Two sentences sharing a
// key may give the same answer; a sentence with a key the others lack
// gives another.
func answerKeys(t qType, s string, qWords map[string]bool) map[string]bool {
	out := make(map[string]bool)
	add := func(match string) {
		for _, tok := range Tokens(match) {
			if !qWords[tok] && !qWords[Stem(tok)] && !isStopword(tok) && tok != "in" {
				out[Stem(tok)] = true
			}
		}
	}
	switch t {
	case qWhen:
		for _, m := range dateRe.FindAllString(s, -1) {
			add(m)
		}
	case qQuantity:
		for _, m := range numberRe.FindAllString(s, -1) {
			add(m)
		}
	case qOther:
		for _, m := range numberRe.FindAllString(s, -1) {
			add(m)
		}
		for _, w := range wordsOf(s) {
			if isCapitalised(w.text) && !w.first && !notNames[w.lower] {
				add(w.text)
			}
		}
	case qWhere, qWho:
		if place := dateline(s); t == qWhere && place != "" {
			add(place)
		}
		ws := wordsOf(s)
		inPlace := false // inside a capitalised run after a preposition ("to Port Linden")
		for i, w := range ws {
			if !isCapitalised(w.text) || notNames[w.lower] || (w.first && t == qWho) {
				inPlace = false
				continue
			}
			if t == qWhere {
				inPlace = inPlace || (i > 0 && placePreps[ws[i-1].lower])
				if !inPlace && !(i+1 < len(ws) && placeWords[ws[i+1].lower]) {
					continue
				}
			}
			add(w.text)
		}
	}
	return out
}

// datelineRe matches a news dateline opening a sentence: "Nara, Jan 13",
// "SEOUL, Oct. 30 (Yonhap) –", "Tokyo:".
var datelineRe = regexp.MustCompile(`^([A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2})(?:,\s+(?i:` + monthRe + `)\s+\d{1,2}\b|\s*:\s)`)

// dateline returns the place of a dateline opening s, or "".
func dateline(s string) string {
	m := datelineRe.FindStringSubmatch(s)
	if m == nil || notNames[strings.ToLower(m[1])] {
		return ""
	}
	return m[1]
}

// inSpans reports whether loc lies inside one of spans.
func inSpans(loc []int, spans [][]int) bool {
	for _, sp := range spans {
		if loc[0] >= sp[0] && loc[1] <= sp[1] {
			return true
		}
	}
	return false
}
