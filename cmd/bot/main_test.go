package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/corpus"
)

// bundledCorpus is the seed corpus shipped with the repository.
const bundledCorpus = "../../corpus"

// runBot calls run with a map-backed environment and returns stdout,
// stderr and the exit code main would use.
func runBot(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, &stdout, &stderr)
	code := exitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

// quietEnv keeps logs to errors and points the index at a temporary folder.
func quietEnv(t *testing.T) map[string]string {
	return map[string]string{"LOG_LEVEL": "error", "INDEX_DIR": t.TempDir()}
}

var markerRe = regexp.MustCompile(`\[(\d+)\]`)

func TestAskJSON(t *testing.T) {
	out, errOut, code := runBot(t, quietEnv(t), "ask", "--json", "--corpus", bundledCorpus, "--index", t.TempDir(),
		"Where did Lee and Takaichi meet in January 2026?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output is not the ask JSON contract: %v\n%s", err, out)
	}
	if got.Question != "Where did Lee and Takaichi meet in January 2026?" || got.Mode != "extractive" || got.Abstained {
		t.Errorf("question/mode/abstained = %q/%q/%v", got.Question, got.Mode, got.Abstained)
	}
	if !strings.Contains(got.Answer, "Nara") {
		t.Errorf("answer %q does not say Nara", got.Answer)
	}
	if len([]rune(got.Answer)) > 600 {
		t.Errorf("answer longer than 600 characters: %d", len([]rune(got.Answer)))
	}
	ns := make(map[int]bool)
	for _, m := range markerRe.FindAllStringSubmatch(got.Answer, -1) {
		n, _ := strconv.Atoi(m[1])
		ns[n] = true
	}
	if len(ns) == 0 || len(ns) != len(got.Citations) {
		t.Errorf("%d markers, %d citations: %q", len(ns), len(got.Citations), got.Answer)
	}
	for i, c := range got.Citations {
		if c.N != i+1 || !ns[c.N] {
			t.Errorf("citation %d has n=%d, markers %v", i, c.N, ns)
		}
		if _, err := os.Stat(filepath.Join(bundledCorpus, c.Doc)); err != nil {
			t.Errorf("citation doc %q is not a corpus file: %v", c.Doc, err)
		}
		if c.Quote == "" {
			t.Errorf("citation %d has no quote", c.N)
		}
	}
	if !strings.Contains(out, `"elapsed_ms"`) {
		t.Errorf("no elapsed_ms in %s", out)
	}
}

// askBundled asks q about the bundled corpus through run() and decodes
// the JSON answer.
func askBundled(t *testing.T, q string) askJSON {
	t.Helper()
	out, errOut, code := runBot(t, quietEnv(t), "ask", "--json", "--corpus", bundledCorpus, q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// cites reports whether a cites the article whose file name starts with prefix.
func cites(a askJSON, prefix string) bool {
	for _, c := range a.Citations {
		if strings.HasPrefix(c.Doc, prefix) {
			return true
		}
	}
	return false
}

// TestAskLatestMeeting: "last meet" questions are answered from the summit
// timeline built from the corpus, citing the article that reports it.
func TestAskLatestMeeting(t *testing.T) {
	for _, q := range []string{"When did Lee and Takaichi last meet?", "When did the leaders of South Korea and Japan last meet?"} {
		t.Run(q, func(t *testing.T) {
			got := askBundled(t, q)
			if got.Abstained || !strings.Contains(got.Answer, "Nara") || !strings.Contains(got.Answer, "January") || !strings.Contains(got.Answer, "2026") {
				t.Errorf("answer %q does not say Nara, January 2026", got.Answer)
			}
			if !cites(got, "001_") {
				t.Errorf("answer does not cite the article reporting the Nara meeting: %+v", got.Citations)
			}
			for i, c := range got.Citations {
				if c.N != i+1 || !strings.Contains(got.Answer, "["+strconv.Itoa(c.N)+"]") || c.Quote == "" || c.Title == "" {
					t.Errorf("citation %d breaks the contract: %+v", i, c)
				}
				if _, err := os.Stat(filepath.Join(bundledCorpus, c.Doc)); err != nil {
					t.Errorf("citation doc %q is not a corpus file", c.Doc)
				}
			}
			if c := got.Citations[0]; c.Date != "2026-01-13" {
				t.Errorf("first citation date = %q, want the article's date 2026-01-13", c.Date)
			}
		})
	}
}

// TestAskDatedQuestion: a question naming a month cites the article dated
// then, and adds no sentence that only repeats the question's names.
func TestAskDatedQuestion(t *testing.T) {
	got := askBundled(t, "Where did Lee and Takaichi meet in January 2026?")
	if got.Abstained || !strings.Contains(got.Answer, "Nara") || !cites(got, "001_") {
		t.Errorf("answer %q (citing %+v) does not say Nara from the January 2026 report", got.Answer, got.Citations)
	}
	if strings.Contains(got.Answer, "drum up excitement") {
		t.Errorf("answer %q carries a headline that adds nothing", got.Answer)
	}
}

func TestAskAbstainsOffTopic(t *testing.T) {
	out, errOut, code := runBot(t, quietEnv(t), "ask", "--json", "--corpus", bundledCorpus, "What is the boiling point of mercury on Mars?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if !got.Abstained || !strings.HasPrefix(got.Answer, "The coverage I have doesn't say") {
		t.Errorf("want an abstention, got %+v", got)
	}
}

func TestAskUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"empty question", []string{"ask", "--corpus", bundledCorpus, "   "}, "needs a question"},
		{"no question", []string{"ask", "--corpus", bundledCorpus}, "needs a question"},
		{"2,001 characters", []string{"ask", "--corpus", bundledCorpus, strings.Repeat("a", 2001)}, "limit is 2000"},
		{"missing corpus", []string{"ask", "--corpus", filepath.Join(t.TempDir(), "nope"), "Where is Nara?"}, "not found"},
		{"bad flag", []string{"ask", "--bogus", "Where is Nara?"}, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runBot(t, quietEnv(t), tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
		})
	}
}

func TestEvalSmallSet(t *testing.T) {
	file := filepath.Join("testdata", "eval-small.jsonl")
	// Flags after the file are accepted too.
	out, errOut, code := runBot(t, quietEnv(t), "eval", file, "--json", "--no-llm", "--corpus", bundledCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Questions != 5 || rep.Answerable != 3 || rep.Unanswerable != 2 {
		t.Errorf("counts = %d/%d/%d, want 5/3/2", rep.Questions, rep.Answerable, rep.Unanswerable)
	}
	if rep.UnanswerablePassed != 2 {
		t.Errorf("the off-topic questions were answered: %+v", rep.Failed)
	}
	if rep.AnswerablePassed < 2 {
		t.Errorf("only %d of 3 answerable questions passed: %+v", rep.AnswerablePassed, rep.Failed)
	}
	if rep.LatencyP50MS <= 0 || rep.LatencyP99MS < rep.LatencyP50MS {
		t.Errorf("latency p50 %.3f p99 %.3f", rep.LatencyP50MS, rep.LatencyP99MS)
	}
	if rep.Citations > 0 && (rep.CitationPrecision <= 0 || rep.CitationPrecision > 1) {
		t.Errorf("citation precision %v", rep.CitationPrecision)
	}

	text, _, code := runBot(t, quietEnv(t), "eval", "--corpus", bundledCorpus, file)
	if code != 0 {
		t.Fatalf("text mode exit %d", code)
	}
	for _, want := range []string{"answerable accuracy:", "unanswerable accuracy:", "citation precision:", "latency:"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
}

// TestEvalDevSet runs the shared development set when it is present and
// logs the numbers; the targets are tracked in docs/answers.md.
func TestEvalDevSet(t *testing.T) {
	const dev = "/work/shared/eval/dev-qa.jsonl"
	if _, err := os.Stat(dev); err != nil {
		t.Skip("development set not present")
	}
	out, errOut, code := runBot(t, quietEnv(t), "eval", "--json", "--corpus", bundledCorpus, dev)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Answerable == 0 || rep.Unanswerable == 0 {
		t.Fatalf("unexpected counts %+v", rep)
	}
	t.Logf("dev set: answerable %.1f%%, unanswerable %.1f%%, citation precision %.1f%%, p50 %.1f ms",
		100*rep.AnswerableAccuracy, 100*rep.UnanswerableAccuracy, 100*rep.CitationPrecision, rep.LatencyP50MS)
}

func TestEvalBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"eval", filepath.Join(dir, "nope.jsonl")}, "no such file"},
		{"no file", []string{"eval"}, "exactly one question file"},
		{"two files", []string{"eval", "a.jsonl", "b.jsonl"}, "exactly one question file"},
		{"empty", []string{"eval", write("empty.jsonl", "\n\n")}, "holds no questions"},
		{"not JSON", []string{"eval", write("bad.jsonl", "{\"id\":\"a\",\"q\":\"Where?\",\"answers\":[\"x\"]}\nnot json\n")}, "line 2"},
		{"no answers", []string{"eval", write("noans.jsonl", `{"id":"a","q":"Where?"}`)}, "needs \"answers\""},
		{"no id", []string{"eval", write("noid.jsonl", `{"q":"Where?","abstain":true}`)}, "missing \"id\""},
		{"duplicate id", []string{"eval", write("dup.jsonl", "{\"id\":\"a\",\"q\":\"Where?\",\"abstain\":true}\n{\"id\":\"a\",\"q\":\"Who?\",\"abstain\":true}\n")}, "already used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runBot(t, quietEnv(t), append(tt.args, "--corpus", bundledCorpus)...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
		})
	}
}

func TestScoringRule(t *testing.T) {
	it := evalItem{ID: "a", Q: "Where?", Answers: []string{"North  Gyeongsang"}, Docs: []string{"000"}}
	cite := []answer.Citation{{N: 1, Doc: "000_abc.txt"}}
	tests := []struct {
		name string
		a    answer.Answer
		want bool
	}{
		{"folded case and space", answer.Answer{Text: "In north\ngyeongsang Province. [1]", Citations: cite}, true},
		{"gold in a subfolder", answer.Answer{Text: "North Gyeongsang [1]", Citations: []answer.Citation{{N: 1, Doc: "2026/000_abc.txt"}}}, true},
		{"wrong article", answer.Answer{Text: "North Gyeongsang [1]", Citations: []answer.Citation{{N: 1, Doc: "001_x.txt"}}}, false},
		{"abstained", answer.Answer{Text: "North Gyeongsang [1]", Citations: cite, Abstained: true}, false},
		{"too long", answer.Answer{Text: "North Gyeongsang " + strings.Repeat("x", 600), Citations: cite}, false},
		{"answer missing", answer.Answer{Text: "Seoul [1]", Citations: cite}, false},
	}
	for _, tt := range tests {
		if got := passes(it, tt.a); got != tt.want {
			t.Errorf("%s: passes = %v, want %v", tt.name, got, tt.want)
		}
	}
	ms := []time.Duration{5 * time.Millisecond, 1 * time.Millisecond, 3 * time.Millisecond, 2 * time.Millisecond, 100 * time.Millisecond}
	if p50, p99 := percentileMS(ms, 50), percentileMS(ms, 99); p50 != 3 || p99 != 100 {
		t.Errorf("p50, p99 = %v, %v; want 3, 100", p50, p99)
	}
	if got := percentileMS(nil, 50); got != 0 {
		t.Errorf("no samples: %v", got)
	}
}

// TestTimelineFollowsDocs: the timeline answer uses the current document
// set and is rebuilt when an ingest or refresh replaces it.
func TestTimelineFollowsDocs(t *testing.T) {
	docs, err := corpus.Load(context.Background(), os.DirFS(bundledCorpus), nil)
	if err != nil {
		t.Fatal(err)
	}
	var cur atomic.Pointer[[]corpus.Document]
	empty := []corpus.Document{}
	cur.Store(&empty)
	tl := newTimeline(cur.Load)
	if ms := tl.Meetings("Takaichi"); len(ms) != 0 {
		t.Fatalf("empty corpus gives meetings: %+v", ms)
	}
	cur.Store(&docs)
	ms := tl.Meetings("Lee", "Takaichi")
	if len(ms) == 0 || ms[0].Place != "Nara" {
		t.Fatalf("after the refresh, meetings of Lee and Takaichi = %+v, want Nara first", ms)
	}
	if again := tl.Meetings("Lee", "Takaichi"); len(again) != len(ms) {
		t.Errorf("the cached timeline differs: %d vs %d meetings", len(again), len(ms))
	}
}
