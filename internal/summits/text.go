package summits

import (
	"regexp"
	"strings"
	"unicode"
)

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"sen": true, "rep": true, "gov": true, "st": true, "jr": true, "sr": true,
	"no": true, "vs": true, "etc": true, "lt": true, "col": true, "capt": true,
	"u.s": true, "u.k": true, "u.n": true, "e.g": true, "i.e": true, "inc": true,
	"corp": true, "co": true, "ltd": true, "pres": true,
}

// splitSentences splits a paragraph into sentences, keeping abbreviations
// ("Oct. 30", "U.S. President") and initials inside their sentence.
func splitSentences(para string) []string {
	rs := []rune(para)
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		// Include closing quotes and brackets in this sentence.
		end := i + 1
		for end < len(rs) && strings.ContainsRune("\"'”’)]", rs[end]) {
			end++
		}
		if end >= len(rs) {
			break
		}
		if !unicode.IsSpace(rs[end]) {
			continue
		}
		next := end
		for next < len(rs) && unicode.IsSpace(rs[next]) {
			next++
		}
		if next >= len(rs) {
			break
		}
		if n := rs[next]; !(unicode.IsUpper(n) || unicode.IsDigit(n) || strings.ContainsRune("\"“‘'(", n)) {
			continue
		}
		if r == '.' {
			// The word before the period.
			w := i - 1
			for w >= start && !unicode.IsSpace(rs[w]) {
				w--
			}
			word := strings.ToLower(strings.Trim(string(rs[w+1:i]), "(\"“"))
			if abbreviations[word] || (len([]rune(word)) == 1 && unicode.IsLetter([]rune(word)[0])) {
				continue
			}
		}
		if s := strings.TrimSpace(string(rs[start:end])); s != "" {
			out = append(out, s)
		}
		start = next
		i = next - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// clauseBreak separates clauses that usually report different events
// ("X came after Y held talks…", "…, which Lee described as…").
var clauseBreak = regexp.MustCompile(`(?i)(?:,?\s+(?:comes?|came|follows|followed|coming)\s+(?:shortly\s+|just\s+|weeks\s+|days\s+|a\s+week\s+)?(?:after|before)\s+|,?\s+(?:shortly\s+|just\s+|weeks\s+|days\s+|a\s+week\s+)?(?:after|before|following|ahead\s+of|since)\s+|,\s+(?:which|who|while|whereas|as|amid|at\s+a\s+time\s+when|when)\s+|\s+amid\s+|,?\s+follows\s+|,\s+followed\s+by\s+|;\s+|\s+—\s+|\s+--\s+|,?\s+and\s+(?:\w+ly\s+)?(?:again\s+)?(?:met|held|visited|hosted|attended|will\s+(?:meet|hold|visit))\b|,\s+and\s+)`)

// clause is a part of a sentence that reports at most one event.
type clause struct {
	text string
	// joiner is the text that separated it from the previous clause
	// ("" for the first clause).
	joiner string
}

func splitClauses(s string) []clause {
	locs := clauseBreak.FindAllStringIndex(s, -1)
	var out []clause
	prev, joiner := 0, ""
	for _, l := range locs {
		if l[0] == 0 {
			continue
		}
		out = append(out, clause{text: s[prev:l[0]], joiner: joiner})
		joiner = s[l[0]:l[1]]
		// Keep the verb of an "and met …" clause in the new clause.
		if m := andVerb.FindStringSubmatchIndex(joiner); m != nil {
			joiner = s[l[0] : l[0]+m[2]]
			prev = l[0] + m[2]
			continue
		}
		prev = l[1]
	}
	out = append(out, clause{text: s[prev:], joiner: joiner})
	return out
}

var andVerb = regexp.MustCompile(`(?i)\b(met|held|visited|hosted|attended|will)\b`)

// dateline matches a news dateline at the start of a paragraph:
// "Tokyo:", "Nara, Jan 13 ", "SEOUL, Oct. 30 (Yonhap) --".
var dateline = regexp.MustCompile(`^([A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+){0,2})(?:\s*,\s*(` + monthAbbrRe + `\.?\s+\d{1,2})(?:,?\s+\d{4})?)?(?:\s*\([A-Za-z ]+\))?\s*(:|--|—|–|\s)\s*`)

// splitDateline returns the dateline place and date text of a paragraph
// (empty when it has none) and the paragraph without it.
func splitDateline(p string) (place, date, rest string) {
	m := dateline.FindStringSubmatchIndex(p)
	if m == nil {
		return "", "", p
	}
	place = p[m[2]:m[3]]
	if m[4] >= 0 {
		date = p[m[4]:m[5]]
	}
	sep := p[m[6]:m[7]]
	if date == "" && strings.TrimSpace(sep) == "" {
		return "", "", p // "South Korean President …" is no dateline
	}
	if date == "" && sep != ":" && sep != "--" && sep != "—" && sep != "–" {
		return "", "", p
	}
	if strings.ToUpper(place) == place {
		place = titleCase(strings.ToLower(place)) // "SEOUL"
	}
	return place, date, p[m[1]:]
}

// normSpace folds runs of white space to one space.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
