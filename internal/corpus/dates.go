package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

const monthRe = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

var (
	// "January 13, 2026", "Jan. 13 2026", "Jan 13th, 2026"
	mdyRe = regexp.MustCompile(`\b` + monthRe + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// "13 January 2026", "13 Jan. 2026"
	dmyRe = regexp.MustCompile(`\b(\d{1,2})\s+` + monthRe + `\.?,?\s+(\d{4})\b`)
	// "2026-01-13", "2026/01/13", "2026.01.13"
	isoRe = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	// "Jan. 13", "January 13" (no year)
	mdRe = regexp.MustCompile(`\b` + monthRe + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
)

// foundDate is a calendar date mentioned in text.
type foundDate struct {
	d   Date
	pos int // byte offset in the text
}

func monthNum(s string) time.Month {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0
	}
	switch s[:3] {
	case "jan":
		return time.January
	case "feb":
		return time.February
	case "mar":
		return time.March
	case "apr":
		return time.April
	case "may":
		return time.May
	case "jun":
		return time.June
	case "jul":
		return time.July
	case "aug":
		return time.August
	case "sep":
		return time.September
	case "oct":
		return time.October
	case "nov":
		return time.November
	case "dec":
		return time.December
	}
	return 0
}

// validDate builds a Date when y-m-d is a real calendar day in a plausible
// range for news.
func validDate(y int, m time.Month, d int) (Date, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, false
	}
	return Date{Year: y, Month: m, Day: d}, true
}

// fullDates returns every complete (day, month, year) date written in s, in
// order of appearance.
func fullDates(s string) []foundDate {
	if !strings.ContainsAny(s, "0123456789") {
		return nil
	}
	var out []foundDate
	for _, m := range mdyRe.FindAllStringSubmatchIndex(s, -1) {
		day, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if d, ok := validDate(y, monthNum(s[m[2]:m[3]]), day); ok {
			out = append(out, foundDate{d, m[0]})
		}
	}
	for _, m := range dmyRe.FindAllStringSubmatchIndex(s, -1) {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if d, ok := validDate(y, monthNum(s[m[4]:m[5]]), day); ok {
			out = append(out, foundDate{d, m[0]})
		}
	}
	out = append(out, cjkDates(s)...) // 2026년 1월 13일, 2026年1月13日
	for _, m := range isoRe.FindAllStringSubmatchIndex(s, -1) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		day, _ := strconv.Atoi(s[m[6]:m[7]])
		if d, ok := validDate(y, time.Month(mo), day); ok {
			out = append(out, foundDate{d, m[0]})
		}
	}
	if len(out) > 1 {
		for i := 1; i < len(out); i++ { // insertion sort by position; tiny n
			for j := i; j > 0 && out[j].pos < out[j-1].pos; j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
		}
	}
	return out
}

// monthDays returns the (month, day) pairs written in s without a year
// attached ("Jan. 4", "Oct 30"), skipping those that are part of full dates.
func monthDays(s string) []Date {
	var out []Date
	for _, m := range mdRe.FindAllStringSubmatchIndex(s, -1) {
		rest := strings.TrimLeft(s[m[1]:], ", ")
		if len(rest) >= 4 && rest[0] >= '1' && rest[0] <= '2' && isDigits(rest[:4]) {
			continue // has a year
		}
		day, _ := strconv.Atoi(s[m[4]:m[5]])
		if day < 1 || day > 31 {
			continue
		}
		out = append(out, Date{Month: monthNum(s[m[2]:m[3]]), Day: day})
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseDateValue reads a date from a metadata value: ISO dates and
// timestamps, RSS (RFC 1123) dates, "January 2, 2006" and the like. It
// keeps only the precision the value gives ("2025-07" is a month).
func parseDateValue(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, false
	}
	if d, err := ParseDate(s); err == nil && !d.IsZero() {
		return d, true
	}
	for _, layout := range []string{
		time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
		"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -0700 MST", "2006-01-02 15:04", "2006/01/02", "2006.01.02",
		time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"Mon, 2 Jan 2006 15:04 -0700", "2 Jan 2006 15:04:05 -0700", time.RFC850, time.ANSIC, time.UnixDate,
		"20060102",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return DayDate(t), true
		}
	}
	if f := fullDates(s); len(f) > 0 && f[0].pos < 12 {
		return f[0].d, true
	}
	return Date{}, false
}
