package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func summitsRun(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "LOG_LEVEL" {
			return "error"
		}
		return ""
	}
	err = run(context.Background(), append([]string{"summits"}, args...), getenv, &out, &errb)
	return out.String(), errb.String(), err
}

// TestSummitsBundledCorpus checks the timeline a reader gets from the
// bundled corpus: the meetings the coverage reports, newest first, each
// cited, and nothing from the unrelated briefs.
func TestSummitsBundledCorpus(t *testing.T) {
	out, stderr, err := summitsRun(t, "--corpus", "../../corpus", "--json")
	if err != nil {
		t.Fatalf("summits --json: %v\n%s", err, stderr)
	}
	var got []summitJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not the JSON list of DESIGN.md: %v\n%s", err, out)
	}
	// date: the month the text gives ("" when it gives none); Tokyo's
	// article is undated, so its "Saturday" may stay unknown.
	type want struct{ date, place, leaderA, leaderB, status string }
	for _, w := range []want{
		{"2026-01", "Nara", "Lee Jae Myung", "Takaichi", "held"},
		{"2026-01", "Beijing", "Lee Jae Myung", "Xi Jinping", "held"},
		{"2025-11", "South Africa", "Lee Jae Myung", "Takaichi", "held"},
		{"2025-10", "Gyeongju", "Lee Jae Myung", "Takaichi", "held"},
		{"2025-06", "Canada", "Lee Jae Myung", "Ishiba", "held"},
		{"", "Tokyo", "Lee Jae Myung", "Ishiba", "held"},
		{"", "Washington", "Lee Jae Myung", "Trump", "planned"},
	} {
		n := 0
		for _, m := range got {
			leaders := strings.Join(m.Leaders, "; ")
			if strings.HasPrefix(m.Place, w.place) && strings.Contains(leaders, w.leaderA) && strings.Contains(leaders, w.leaderB) {
				n++
				if !strings.HasPrefix(m.Date, w.date) || w.date == "" && m.Date != "" && !strings.HasPrefix(m.Date, "2025-08") {
					t.Errorf("%s meeting dated %q, want %q…", w.place, m.Date, w.date)
				}
				if m.Status != w.status {
					t.Errorf("%s meeting status %q, want %q", w.place, m.Status, w.status)
				}
			}
		}
		if n != 1 {
			t.Errorf("want exactly one %s–%s meeting in %s, got %d", w.leaderA, w.leaderB, w.place, n)
		}
	}
	last := "9999"
	for i, m := range got {
		if len(m.Citations) == 0 {
			t.Errorf("meeting %d (%s) has no citation", i, m.Place)
		}
		for _, c := range m.Citations {
			if c.Doc == "" || c.Quote == "" {
				t.Errorf("meeting %d: incomplete citation %+v", i, c)
			}
			for _, bad := range []string{"protest", "bus crash", "Mehbooba", "Srinagar", "Gadkari"} {
				if strings.Contains(c.Quote, bad) {
					t.Errorf("meeting %d cites an unrelated story: %q", i, c.Quote)
				}
			}
		}
		switch {
		case m.Date == "":
			last = ""
		case last == "":
			t.Errorf("meeting %d dated %s comes after an undated one", i, m.Date)
		case m.Date > last:
			t.Errorf("not newest first: %s after %s", m.Date, last)
		default:
			last = m.Date
		}
	}
	// Nara was announced in one article and reported in another.
	for _, m := range got {
		if m.Place == "Nara" {
			docs := map[string]bool{}
			for _, c := range m.Citations {
				docs[c.Doc[:3]] = true
			}
			if !docs["000"] || !docs["001"] {
				t.Errorf("Nara summit should cite the announcement (000) and the report (001): %v", docs)
			}
		}
	}
}

func TestSummitsTextAndLimit(t *testing.T) {
	out, stderr, err := summitsRun(t, "--corpus", "../../corpus", "--limit", "2")
	if err != nil {
		t.Fatalf("summits: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "Nara") || !strings.Contains(out, "sources:") {
		t.Errorf("text timeline lacks the newest meeting or its sources:\n%s", out)
	}
	if n := strings.Count(out, "\n  who:"); n != 2 {
		t.Errorf("--limit 2 printed %d meetings:\n%s", n, out)
	}
	out, _, err = summitsRun(t, "--corpus", "../../corpus", "--json", "--limit", "1")
	if err != nil {
		t.Fatal(err)
	}
	var got []summitJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Errorf("--json --limit 1: %d entries, err %v", len(got), err)
	}
}

func TestSummitsBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--limit", "-1"},
		{"--limit", "many"},
		{"--corpus", "../../corpus", "extra"},
		{"--corpus", "no-such-folder"},
	} {
		_, _, err := summitsRun(t, args...)
		if code := exitCode(err, &bytes.Buffer{}); code != 2 {
			t.Errorf("summits %v: exit %d (%v), want 2", args, code, err)
		}
	}
}

func TestSummitsEmptyCorpus(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "brief.txt"), []byte("Police said a protest blocked roads on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := summitsRun(t, "--corpus", dir, "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("no meetings should print [], got %q", out)
	}
}
