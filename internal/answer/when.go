package answer

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

// askedTime is the time a question names ("in January 2026", "in June",
// "last year", "in 2025"): a year, a month, or both; zero when it names none.
type askedTime struct {
	year  int
	month time.Month
}

func (t askedTime) isZero() bool { return t.year == 0 && t.month == 0 }

var (
	monthNames = map[string]time.Month{
		"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
		"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
		"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
		"december": 12, "dec": 12,
	}
	// A month name, optionally followed by a year: "January 2026", "Jan. 2026", "June".
	askedMonthRe = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?\b,?)?(?:\s+((?:19|20)\d{2}))?`)
	askedYearRe  = regexp.MustCompile(`\b((?:19|20)\d{2})\b`)
	relativeRe   = regexp.MustCompile(`(?i)\b(last|this|previous|past)\s+(year|month)\b`)
)

// timeAsked returns the time q names, resolving "last year" and "this
// month" against now. A capitalised "May" at the start of the question is
// the verb, not the month.
func timeAsked(q string, now time.Time) askedTime {
	var t askedTime
	for _, m := range askedMonthRe.FindAllStringSubmatchIndex(q, -1) {
		word := q[m[2]:m[3]]
		if word == "May" && strings.TrimSpace(q[:m[0]]) == "" {
			continue
		}
		t.month = monthNames[strings.ToLower(word)]
		if m[4] >= 0 {
			t.year, _ = strconv.Atoi(q[m[4]:m[5]])
		}
		break
	}
	if t.year == 0 {
		if m := askedYearRe.FindStringSubmatch(q); m != nil {
			t.year, _ = strconv.Atoi(m[1])
		}
	}
	if t.isZero() && !now.IsZero() {
		if m := relativeRe.FindStringSubmatch(q); m != nil {
			switch strings.ToLower(m[2]) {
			case "year":
				t.year = now.Year()
				if !strings.EqualFold(m[1], "this") {
					t.year--
				}
			case "month":
				ref := now
				if !strings.EqualFold(m[1], "this") {
					ref = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
				}
				t.year, t.month = ref.Year(), ref.Month()
			}
		}
	}
	return t
}

// dateMatch says how well a sentence of a passage fits the asked time:
// 1 when the sentence itself names a matching month or year; 0.5 when the
// article is dated then (its sentences may report older events); 0.25
// when only the article's year matches a question that names a month;
// −0.5 when the article was published before the asked time (it cannot
// report what happened then); 0 otherwise (no date, or a later one). It is
// a signal for ranking, never a filter.
func dateMatch(asked askedTime, s string, p retrieve.Passage) float64 {
	if asked.isZero() {
		return 0
	}
	if sentenceNames(asked, s) {
		return 1
	}
	return 0.5 * articleMatch(asked, p.Date)
}

// articleMatch compares an article's date with the asked time.
func articleMatch(asked askedTime, d corpus.Date) float64 {
	if d.IsZero() {
		return 0
	}
	if asked.year != 0 && (d.Year < asked.year || (d.Year == asked.year && asked.month != 0 && d.Month != 0 && d.Month < asked.month)) {
		return -1
	}
	switch {
	case asked.year != 0 && d.Year != asked.year:
		return 0
	case asked.month == 0:
		return 1
	case d.Month == asked.month:
		return 1
	case asked.year != 0 && d.Month == 0:
		return 0.5
	case asked.year != 0:
		return 0.5
	}
	return 0
}

// sentenceNames reports whether s names the asked month (with the asked
// year or none) or, for a year-only question, the year.
func sentenceNames(asked askedTime, s string) bool {
	if asked.month != 0 {
		for _, m := range askedMonthRe.FindAllStringSubmatchIndex(s, -1) {
			word := s[m[2]:m[3]]
			if monthNames[strings.ToLower(word)] != asked.month {
				continue
			}
			if m[4] < 0 || asked.year == 0 {
				return true
			}
			if y, _ := strconv.Atoi(s[m[4]:m[5]]); y == asked.year {
				return true
			}
		}
		return false
	}
	for _, m := range askedYearRe.FindAllStringSubmatch(s, -1) {
		if y, _ := strconv.Atoi(m[1]); y == asked.year {
			return true
		}
	}
	return false
}

// Caption signals: a photo credit in brackets, or a present-tense verb
// ("delivers", "shakes hands") in a sentence about a past day.
var (
	creditRe      = regexp.MustCompile(`(?i)\((?:[^()]*\b(?:photo|photos|getty|images|afp|reuters|ap|yonhap|kyodo|epa|xinhua|file|pool|courtesy|handout)\b[^()]*)\)`)
	captionVerbRe = regexp.MustCompile(`^(?:[A-Z][\w.’'-]*\s+){1,7}(?:\([^()]*\)\s+)?([a-z]+(?:s|es))\s`)
	pastDayRe     = regexp.MustCompile(`(?i)\b(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|` + monthRe + `\s+\d{1,2},\s+\d{4})\b`)
	notVerbs      = wordSet("is has was does says news series species status analysis crisis basis thesis us its this his hers ours yours theirs always perhaps")
)

// captionLike scores how much s reads like a photo caption rather than
// reporting (0..1): a photo credit "(Kyodo News via Getty Images)", or a
// name followed by a present-tense verb in a sentence dated to a past day
// ("X delivers a speech … on Thursday."); a little more when it opens the
// article.
func captionLike(s string, opens bool) float64 {
	score := 0.0
	if creditRe.MatchString(s) {
		score = 1
	} else if m := captionVerbRe.FindStringSubmatch(s); m != nil && pastDayRe.MatchString(s) {
		first := strings.ToLower(strings.Fields(m[0])[0])
		if v := m[1]; !notVerbs[v] && !strings.HasSuffix(v, "ss") && !notNames[first] {
			score = 0.7
		}
	}
	if score > 0 && opens {
		score = min(1, score+0.3)
	}
	return score
}

// opensArticle reports whether sentence si of passage p is the article's
// first sentence (passage IDs end in "#<n>", the first being "#0").
func opensArticle(p retrieve.Passage, si int) bool {
	if si != 0 {
		return false
	}
	_, n, ok := strings.Cut(p.ID, "#")
	return !ok || n == "0"
}

// isCredit reports whether s is only a photo credit in brackets: "(Kyodo
// News via Getty Images)".
func isCredit(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "(") && strings.HasSuffix(strings.TrimRight(s, "."), ")") && creditRe.MatchString(s)
}
