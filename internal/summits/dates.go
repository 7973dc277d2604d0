package summits

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"shuttlebot/internal/corpus"
)

// when is a meeting date as the text gives it. Unlike corpus.Date it can
// know the month (and day) without the year ("Jan. 4" in an undated
// article); such a date only helps merging and is never printed.
type when struct {
	y, m, d int // 0 = unknown
}

func (w when) known() bool { return w.m > 0 || w.y > 0 }

// full reports whether the year is known, so the date can be printed.
func (w when) full() bool { return w.y > 0 }

// prec is how much is known: 0 nothing, 1 year, 2 month, 3 day.
func (w when) prec() int {
	switch {
	case w.d > 0:
		return 3
	case w.m > 0:
		return 2
	case w.y > 0:
		return 1
	}
	return 0
}

func (w when) date() corpus.Date {
	if w.y == 0 {
		return corpus.Date{}
	}
	return corpus.Date{Year: w.y, Month: time.Month(w.m), Day: w.d}
}

func fromDate(d corpus.Date) when { return when{y: d.Year, m: int(d.Month), d: d.Day} }

// compatible reports whether a and b can denote the same meeting (unknown
// parts are compatible with anything; days may differ by up to three, for
// multi-day visits), and agree whether they share a known month.
func (a when) compatible(b when) (ok, agree bool) {
	if !a.known() || !b.known() {
		return true, false
	}
	if a.y > 0 && b.y > 0 && a.d > 0 && b.d > 0 {
		ta := time.Date(a.y, time.Month(a.m), a.d, 0, 0, 0, 0, time.UTC)
		tb := time.Date(b.y, time.Month(b.m), b.d, 0, 0, 0, 0, time.UTC)
		diff := ta.Sub(tb)
		if diff < 0 {
			diff = -diff
		}
		near := diff <= 3*24*time.Hour
		return near, near
	}
	if a.y > 0 && b.y > 0 && a.y != b.y {
		return false, false
	}
	if a.m == 0 || b.m == 0 {
		// Year-only on one side: agree when the years match.
		return true, a.y > 0 && a.y == b.y
	}
	if a.m != b.m {
		return false, false
	}
	if a.d > 0 && b.d > 0 {
		dd := a.d - b.d
		if dd < 0 {
			dd = -dd
		}
		if dd > 3 {
			return false, false
		}
	}
	return true, true
}

// merge combines two compatible dates into the most precise one.
func (a when) merge(b when) when {
	if b.prec() > a.prec() || (b.prec() == a.prec() && b.y > 0 && a.y == 0) {
		a, b = b, a
	}
	// a is the more precise; borrow the year from b when a lacks it.
	if a.y == 0 && b.y > 0 && (b.m == 0 || b.m == a.m) {
		a.y = b.y
	}
	return a
}

const monthAbbrRe = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*`

var (
	monthNames = map[string]int{
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	}
	fullMonthRe = `(?:January|February|March|April|May|June|July|August|September|October|November|December)`
	weekdays    = map[string]time.Weekday{
		"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
		"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
		"saturday": time.Saturday,
	}

	isoDateRe    = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	monthDayRe   = regexp.MustCompile(`\b(` + monthAbbrRe + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	dayMonthRe   = regexp.MustCompile(`\b(\d{1,2})\s+(` + fullMonthRe + `)\b(?:,?\s+(\d{4})\b)?`)
	monthOnly    = regexp.MustCompile(`(?i)\b(?:(?:in|since|until|by|during|from|their|this|last|next|of)\s+)(?:(?:early|late|mid|mid-)\s*-?)?(` + fullMonthRe + `)\b(?:,?\s+(\d{4})\b)?|\b(?:early|late|mid)[\s-]+(` + fullMonthRe + `)\b(?:,?\s+(\d{4})\b)?`)
	relMonthRe   = regexp.MustCompile(`(?i)\b(earlier this month|later this month|this month|last month|the previous month|next month|this year|last year|next year|yesterday|today)\b`)
	weekdayRe    = regexp.MustCompile(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	speechBefore = regexp.MustCompile(`(?i)\b(?:said|says|told|tells|announced|added|stated|wrote|reported|posted)(?:\s+[\p{L}’'.]+){0,3}\s+(?:on\s+)?$`)
	yearHintRe   = regexp.MustCompile(`\b(19[5-9]\d|20\d\d)\b`)
)

// extractDate finds the first date the clause states and resolves it
// against the publication date pub (zero when unknown). planned says
// whether the clause reports an upcoming event, which decides the
// direction of weekday and bare-month resolution.
func extractDate(s string, pub corpus.Date, planned bool) when {
	type found struct {
		at int
		w  when
	}
	var best *found
	consider := func(at int, w when) {
		if !w.known() {
			return
		}
		if best == nil || at < best.at {
			best = &found{at, w}
		}
	}
	yearHint := 0
	if m := yearHintRe.FindStringSubmatch(s); m != nil {
		yearHint, _ = strconv.Atoi(m[1])
	}
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(s, -1) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			consider(m[0], when{y, mo, d})
		}
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(s, -1) {
		mo := monthNames[strings.ToLower(s[m[2]:m[2]+3])]
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		if mo == 0 || d < 1 || d > 31 {
			continue
		}
		y := 0
		if m[6] >= 0 {
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		consider(m[0], resolveYear(when{y, mo, d}, pub, planned, yearHint))
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(s, -1) {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo := monthNames[strings.ToLower(s[m[4]:m[4]+3])]
		y := 0
		if m[6] >= 0 {
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		if d >= 1 && d <= 31 {
			consider(m[0], resolveYear(when{y, mo, d}, pub, planned, yearHint))
		}
	}
	for _, m := range monthOnly.FindAllStringSubmatchIndex(s, -1) {
		mi, yi := 2, 4
		if m[2] < 0 {
			mi, yi = 6, 8
		}
		name := s[m[mi]:m[mi+1]]
		mo := monthNames[strings.ToLower(name[:3])]
		y := 0
		if m[yi] >= 0 {
			y, _ = strconv.Atoi(s[m[yi]:m[yi+1]])
		}
		// A month followed by a day is handled above.
		if rest := s[m[1]:]; y == 0 && len(rest) > 1 && rest[0] == ' ' && rest[1] >= '0' && rest[1] <= '9' {
			continue
		}
		prefix := strings.ToLower(s[m[0]:m[mi]])
		w := when{y: y, m: mo}
		if strings.Contains(prefix, "last ") && y == 0 && pub.Year > 0 {
			w.y = pub.Year
			if mo >= int(pub.Month) {
				w.y--
			}
		} else if strings.Contains(prefix, "next ") && y == 0 && pub.Year > 0 {
			w.y = pub.Year
			if mo <= int(pub.Month) {
				w.y++
			}
		} else {
			w = resolveYear(w, pub, planned, yearHint)
		}
		consider(m[0], w)
	}
	if pub.Year > 0 && pub.Month > 0 {
		for _, m := range relMonthRe.FindAllStringSubmatchIndex(s, -1) {
			t := time.Date(pub.Year, pub.Month, 1, 0, 0, 0, 0, time.UTC)
			var w when
			switch strings.ToLower(s[m[2]:m[3]]) {
			case "earlier this month", "later this month", "this month":
				w = when{y: t.Year(), m: int(t.Month())}
			case "last month", "the previous month":
				t = t.AddDate(0, -1, 0)
				w = when{y: t.Year(), m: int(t.Month())}
			case "next month":
				t = t.AddDate(0, 1, 0)
				w = when{y: t.Year(), m: int(t.Month())}
			case "this year":
				w = when{y: pub.Year}
			case "last year":
				w = when{y: pub.Year - 1}
			case "next year":
				w = when{y: pub.Year + 1}
			case "today":
				if pub.Day > 0 {
					w = fromDate(pub)
				}
			case "yesterday":
				if pub.Day > 0 {
					w = fromDate(corpus.DayDate(pub.Time().AddDate(0, 0, -1)))
				}
			}
			consider(m[0], w)
		}
	}
	if pub.Day > 0 {
		for _, m := range weekdayRe.FindAllStringSubmatchIndex(s, -1) {
			if speechBefore.MatchString(s[:m[0]]) {
				continue // "told reporters on Sunday": when it was said
			}
			wd := weekdays[strings.ToLower(s[m[2]:m[3]])]
			consider(m[0], fromDate(corpus.DayDate(resolveWeekday(pub.Time(), wd, planned))))
		}
	}
	if best == nil {
		return when{}
	}
	return best.w
}

// resolveWeekday returns the day named wd nearest to pub in the direction
// of the event: on or before pub for reported events, on or after it for
// planned ones.
func resolveWeekday(pub time.Time, wd time.Weekday, planned bool) time.Time {
	diff := int(wd) - int(pub.Weekday())
	if planned {
		if diff < 0 {
			diff += 7
		}
		return pub.AddDate(0, 0, diff)
	}
	if diff > 0 {
		diff -= 7
	}
	return pub.AddDate(0, 0, diff)
}

// resolveYear fills in a missing year from the year stated in the same
// clause, else from the publication date: the publication year, or the
// year before when a reported event would otherwise fall after
// publication (the year after for a planned one that would fall before).
func resolveYear(w when, pub corpus.Date, planned bool, hint int) when {
	if w.y > 0 {
		return w
	}
	if hint > 0 {
		w.y = hint
		return w
	}
	if pub.Year == 0 || pub.Month == 0 {
		return w // the year stays unknown
	}
	w.y = pub.Year
	pm, pd := int(pub.Month), pub.Day
	if pd == 0 {
		pd = 31
	}
	after := w.m > pm || (w.m == pm && w.d > 0 && w.d > pd+2)
	before := w.m < pm || (w.m == pm && w.d > 0 && pub.Day > 0 && w.d < pub.Day-2)
	switch {
	case !planned && after:
		w.y--
	case planned && before && w.m < pm:
		w.y++
	}
	return w
}
