// Package corpus reads the articles in a corpus folder and turns them into
// clean, dated, de-duplicated Documents.
package corpus

import (
	"fmt"
	"time"
)

// Document is one article as Shuttle understands it: metadata plus clean body
// paragraphs, with site chrome and unrelated stories removed.
type Document struct {
	// ID is the file's path relative to the corpus folder, slash-separated
	// (e.g. "000_abd722d2cde857e6.txt" or "2026/jan/lee.md").
	ID     string
	Title  string
	Outlet string // "IANS", "Reuters", "The Korea Herald"…; "" when unknown
	URL    string // "" when unknown
	Date   Date   // zero when unknown; never invented
	Tags   []string
	// Paragraphs are the clean body paragraphs, in order.
	Paragraphs []string
	// AlsoIn lists other articles whose content duplicates this one
	// (syndicated copies); they are not indexed separately.
	AlsoIn []Source
	// Size and Hash describe the source file (Hash is hex SHA-256 of its
	// bytes); the index manifest compares them to detect changes.
	Size int64
	Hash string
}

// Source names another place the same article appeared.
type Source struct {
	DocID  string
	Title  string
	Outlet string
	URL    string
	Date   Date
}

// Date is a calendar date that may be known only to the month or year.
// The zero Date means "unknown".
type Date struct {
	Year  int
	Month time.Month // 0 when only the year is known
	Day   int        // 0 when only the month is known
}

// DayDate returns a Date known to the day.
func DayDate(t time.Time) Date { return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()} }

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats the date as "YYYY-MM-DD", "YYYY-MM", "YYYY" or "".
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
}

// Human formats the date for people: "Jan 13, 2026", "Jan 2026", "2026" or "".
func (d Date) Human() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", d.Month.String()[:3], d.Year)
	default:
		return fmt.Sprintf("%s %d, %d", d.Month.String()[:3], d.Day, d.Year)
	}
}

// Time returns the first instant the date can denote (UTC), for ordering.
// The zero Date gives the zero time.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	m, day := d.Month, d.Day
	if m == 0 {
		m = time.January
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, m, day, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (as String prints it).
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []struct {
		f    string
		prec int
	}{{"2006-01-02", 3}, {"2006-01", 2}, {"2006", 1}} {
		t, err := time.Parse(layout.f, s)
		if err != nil {
			continue
		}
		d := Date{Year: t.Year()}
		if layout.prec >= 2 {
			d.Month = t.Month()
		}
		if layout.prec == 3 {
			d.Day = t.Day()
		}
		return d, nil
	}
	return Date{}, fmt.Errorf("corpus: bad date %q", s)
}
