package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSourcesNewestFirst(t *testing.T) {
	out, errOut, code := runBot(t, quietEnv(t), "sources", "--json", "--corpus", bundledCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []sourceJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if len(got) != 5 {
		t.Fatalf("want the 5 bundled articles, got %d", len(got))
	}
	seenUndated := false
	for i, s := range got {
		if s.Date == "" {
			seenUndated = true
			continue
		}
		if seenUndated {
			t.Errorf("dated article %s listed after an undated one", s.Doc)
		}
		if i > 0 && got[i-1].Date != "" && got[i-1].Date < s.Date {
			t.Errorf("%s (%s) listed before newer %s (%s)", got[i-1].Doc, got[i-1].Date, s.Doc, s.Date)
		}
		if s.Title == "" {
			t.Errorf("%s has no title", s.Doc)
		}
	}
}

func TestSourcesQuery(t *testing.T) {
	out, errOut, code := runBot(t, quietEnv(t), "sources", "--corpus", bundledCorpus, "--limit", "1", "Ishiba Group of Seven Canada")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Ishiba's G7 meeting is reported by 003 and 004 only.
	if !strings.Contains(out, "003_") && !strings.Contains(out, "004_") {
		t.Errorf("best match is not an Ishiba article:\n%s", out)
	}
	if n := strings.Count(out, ".txt"); n != 1 {
		t.Errorf("--limit 1 printed %d articles:\n%s", n, out)
	}
	if _, _, code := runBot(t, quietEnv(t), "sources", "--corpus", bundledCorpus, "--limit", "-1"); code != 2 {
		t.Errorf("--limit -1: exit %d, want 2", code)
	}
}
