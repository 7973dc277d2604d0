package answer

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// updateFlag is -update ("go test ./internal/answer -update" rewrites the
// golden files). It is defined here unless another test file of the
// package defined it first.
var updateFlag = func() *flag.Flag {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
	return flag.Lookup("update")
}()

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateFlag.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/answer -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendered prompt (run with -update to accept):\n--- got ---\n%s", path, got)
	}
}

func TestPromptGolden(t *testing.T) {
	p := buildPrompt("When did Lee and Takaichi meet in Nara?", []string{"Who is Takaichi?"}, llmPassages(), DefaultContextTokens)
	golden(t, "prompt.golden", "=== system ===\n"+p.System+"\n=== user ===\n"+p.User+"\n")
}

func TestPromptBudgetDropsWeakestFirst(t *testing.T) {
	ps := llmPassages()
	// Hand the passages over weakest first: numbering follows score.
	for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
		ps[i], ps[j] = ps[j], ps[i]
	}
	full := buildPrompt("When did they meet?", nil, ps, 100000)
	if len(full.Passages) != 5 || full.Passages[0].DocID != "2025/aug/tokyo.txt" {
		t.Fatalf("want 5 passages strongest first, got %d starting with %q", len(full.Passages), full.Passages[0].DocID)
	}
	if !strings.Contains(full.User, "[1] Leaders pledge closer ties at Tokyo summit — Daily Ledger, 2025-08-23") {
		t.Errorf("passage header missing title, outlet or date:\n%s", full.User)
	}
	if !strings.Contains(full.User, "[5] Won weakens against dollar — date unknown") {
		t.Errorf("unknown metadata not rendered plainly:\n%s", full.User)
	}
	size := estimateTokens(full.System) + estimateTokens(full.User)
	budget := size - 1 // just too small for all five
	small := buildPrompt("When did they meet?", nil, ps, budget)
	if got := estimateTokens(small.System) + estimateTokens(small.User); got > budget {
		t.Errorf("prompt is %d tokens, budget %d", got, budget)
	}
	if len(small.Passages) != 4 || strings.Contains(small.User, "Won weakens") {
		t.Errorf("want the weakest passage dropped, kept %d:\n%s", len(small.Passages), small.User)
	}
	tiny := buildPrompt("When did they meet?", nil, ps, 10)
	if len(tiny.Passages) != 1 || tiny.Passages[0].DocID != "2025/aug/tokyo.txt" {
		t.Errorf("a tiny budget should keep only the strongest passage, kept %d", len(tiny.Passages))
	}
}

func TestEstimateTokens(t *testing.T) {
	tests := []struct {
		in       string
		min, max int
	}{
		{"", 0, 0},
		{"The leaders held a two-hour meeting and watched a drum performance.", 12, 20},
		{"이재명 대통령과 다카이치 총리는 만났다", 12, 25},
	}
	for _, tt := range tests {
		if got := estimateTokens(tt.in); got < tt.min || got > tt.max {
			t.Errorf("estimateTokens(%q) = %d, want %d..%d", tt.in, got, tt.min, tt.max)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := clip(long, 50)
	if n := len([]rune(got)); n > 50 || !strings.HasSuffix(got, "…") {
		t.Errorf("clip gave %d chars: %q", n, got)
	}
	if got := clip("short", 50); got != "short" {
		t.Errorf("clip changed a short string: %q", got)
	}
}
