package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"shuttlebot/internal/answer"
)

// evalItem is one line of a question set (see /work/shared/eval/README.md):
// an answerable question with gold answers and gold document prefixes, or
// an unanswerable one with "abstain": true.
type evalItem struct {
	ID      string   `json:"id"`
	Q       string   `json:"q"`
	Answers []string `json:"answers"`
	Docs    []string `json:"docs"`
	Abstain bool     `json:"abstain"`
}

// evalFailure is a question the bot got wrong.
type evalFailure struct {
	ID        string `json:"id"`
	Question  string `json:"q"`
	Want      string `json:"want"`
	Answer    string `json:"answer"`
	Abstained bool   `json:"abstained"`
	Docs      string `json:"cited"`
}

// evalReport is what `bot eval` measures.
type evalReport struct {
	File                 string         `json:"file"`
	Questions            int            `json:"questions"`
	Answerable           int            `json:"answerable"`
	AnswerablePassed     int            `json:"answerable_passed"`
	AnswerableAccuracy   float64        `json:"answerable_accuracy"`
	Unanswerable         int            `json:"unanswerable"`
	UnanswerablePassed   int            `json:"unanswerable_passed"`
	UnanswerableAccuracy float64        `json:"unanswerable_accuracy"`
	Citations            int            `json:"citations"`
	CitationPrecision    float64        `json:"citation_precision"`
	LatencyP50MS         float64        `json:"latency_p50_ms"`
	LatencyP99MS         float64        `json:"latency_p99_ms"`
	Modes                map[string]int `json:"modes"`
	Failed               []evalFailure  `json:"failed"`
}

func cmdEval(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval")
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the metrics as JSON")
	noLLM := fs.Bool("no-llm", false, "answer extractively even when a model is configured")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: bot eval FILE.jsonl [--json] [--no-llm] [--corpus DIR] [--index DIR]")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("eval needs exactly one question file, e.g. bot eval questions.jsonl")
	}
	items, err := readEvalFile(pos[0])
	if err != nil {
		return usageError{err}
	}
	cfg, err := loadConfig(env, c)
	if err != nil {
		return err
	}
	log := newLogger(env, cfg)
	core, err := openCore(ctx, cfg, log, !*noLLM)
	if err != nil {
		return err
	}
	defer core.Close()
	rep, err := evaluate(ctx, core.answerer, items, *noLLM)
	if err != nil {
		return err
	}
	rep.File = pos[0]
	if *asJSON {
		return writeJSON(env.stdout, rep)
	}
	printReport(env.stdout, rep)
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// maxEvalLine is the longest line read from a question file.
const maxEvalLine = 1 << 20

// readEvalFile reads a JSONL question set, rejecting malformed lines with
// their line number.
func readEvalFile(name string) ([]evalItem, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var items []evalItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), maxEvalLine)
	ids := make(map[string]int)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var it evalItem
		dec := json.NewDecoder(strings.NewReader(line))
		if err := dec.Decode(&it); err != nil {
			return nil, fmt.Errorf("eval: %s line %d: not a JSON object: %v", name, n, err)
		}
		switch {
		case it.ID == "":
			return nil, fmt.Errorf("eval: %s line %d: missing \"id\"", name, n)
		case strings.TrimSpace(it.Q) == "":
			return nil, fmt.Errorf("eval: %s line %d: missing \"q\"", name, n)
		case !it.Abstain && len(it.Answers) == 0:
			return nil, fmt.Errorf("eval: %s line %d: an answerable question needs \"answers\" (or \"abstain\": true)", name, n)
		}
		if prev, dup := ids[it.ID]; dup {
			return nil, fmt.Errorf("eval: %s line %d: id %q already used on line %d", name, n, it.ID, prev)
		}
		ids[it.ID] = n
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: reading %s: %w", name, err)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("eval: %s holds no questions", name)
	}
	return items, nil
}

// asker is what evaluate needs of the answerer.
type asker interface {
	Answer(ctx context.Context, req answer.Request) (answer.Answer, error)
}

// evaluate asks every question once and scores the answers.
func evaluate(ctx context.Context, a asker, items []evalItem, noLLM bool) (evalReport, error) {
	rep := evalReport{Questions: len(items), Modes: map[string]int{}, Failed: []evalFailure{}}
	lat := make([]time.Duration, 0, len(items))
	matched := 0
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("eval: %w", err)
		}
		start := time.Now()
		ans, err := a.Answer(ctx, answer.Request{Question: it.Q, NoLLM: noLLM})
		lat = append(lat, time.Since(start))
		if err != nil {
			if ctx.Err() != nil {
				return rep, fmt.Errorf("eval: %w", ctx.Err())
			}
			ans = answer.Answer{Text: "error: " + err.Error()}
		} else {
			rep.Modes[ans.Mode]++
		}
		var cited []string
		for _, c := range ans.Citations {
			cited = append(cited, c.Doc)
		}
		pass := false
		if it.Abstain {
			rep.Unanswerable++
			pass = err == nil && ans.Abstained
			if pass {
				rep.UnanswerablePassed++
			}
		} else {
			rep.Answerable++
			pass = err == nil && passes(it, ans)
			if pass {
				rep.AnswerablePassed++
			}
			if err == nil && !ans.Abstained {
				for _, c := range ans.Citations {
					rep.Citations++
					if docMatches(c.Doc, it.Docs) {
						matched++
					}
				}
			}
		}
		if !pass {
			want := "abstain"
			if !it.Abstain {
				want = strings.Join(it.Answers, " | ")
			}
			rep.Failed = append(rep.Failed, evalFailure{ID: it.ID, Question: it.Q, Want: want, Answer: ans.Text, Abstained: ans.Abstained, Docs: strings.Join(cited, " ")})
		}
	}
	rep.AnswerableAccuracy = ratio(rep.AnswerablePassed, rep.Answerable)
	rep.UnanswerableAccuracy = ratio(rep.UnanswerablePassed, rep.Unanswerable)
	rep.CitationPrecision = ratio(matched, rep.Citations)
	rep.LatencyP50MS = percentileMS(lat, 50)
	rep.LatencyP99MS = percentileMS(lat, 99)
	return rep, nil
}

// passes applies the scoring rule to an answerable question.
func passes(it evalItem, a answer.Answer) bool {
	if a.Abstained || utf8.RuneCountInString(a.Text) > answer.MaxAnswerLen {
		return false
	}
	text := fold(a.Text)
	found := false
	for _, g := range it.Answers {
		if g = fold(g); g != "" && strings.Contains(text, g) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	if len(it.Docs) == 0 {
		return true
	}
	for _, c := range a.Citations {
		if docMatches(c.Doc, it.Docs) {
			return true
		}
	}
	return false
}

// docMatches reports whether a cited document path starts with one of the
// gold prefixes (matched against the path and its file name).
func docMatches(doc string, prefixes []string) bool {
	base := path.Base(doc)
	for _, p := range prefixes {
		if p != "" && (strings.HasPrefix(doc, p) || strings.HasPrefix(base, p)) {
			return true
		}
	}
	return false
}

// fold lower-cases s and folds runs of white space to one space.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// percentileMS is the nearest-rank percentile of ds, in milliseconds.
func percentileMS(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := int(math.Ceil(p/100*float64(len(s)))) - 1
	k = max(0, min(k, len(s)-1))
	return float64(s[k].Microseconds()) / 1000
}

// maxFailuresShown bounds the failure list printed in text mode.
const maxFailuresShown = 200

func printReport(w io.Writer, r evalReport) {
	pct := func(a, b int) string {
		if b == 0 {
			return "n/a (none in the set)"
		}
		return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(a)/float64(b), a, b)
	}
	fmt.Fprintf(w, "questions:              %d (%s)\n", r.Questions, r.File)
	fmt.Fprintf(w, "answerable accuracy:    %s\n", pct(r.AnswerablePassed, r.Answerable))
	fmt.Fprintf(w, "unanswerable accuracy:  %s\n", pct(r.UnanswerablePassed, r.Unanswerable))
	if r.Citations == 0 {
		fmt.Fprintf(w, "citation precision:     n/a (no citations)\n")
	} else {
		fmt.Fprintf(w, "citation precision:     %.1f%% of %d citations\n", 100*r.CitationPrecision, r.Citations)
	}
	fmt.Fprintf(w, "latency:                p50 %.1f ms, p99 %.1f ms\n", r.LatencyP50MS, r.LatencyP99MS)
	var modes []string
	for m, n := range r.Modes {
		modes = append(modes, fmt.Sprintf("%s %d", m, n))
	}
	sort.Strings(modes)
	fmt.Fprintf(w, "modes:                  %s\n", strings.Join(modes, ", "))
	if len(r.Failed) == 0 {
		return
	}
	fmt.Fprintf(w, "\nfailed (%d):\n", len(r.Failed))
	for i, f := range r.Failed {
		if i == maxFailuresShown {
			fmt.Fprintf(w, "… and %d more (use --json for all)\n", len(r.Failed)-i)
			break
		}
		fmt.Fprintf(w, "- %s: %s\n  want: %s\n  got:  %s\n", f.ID, evalLine(f.Question), evalLine(f.Want), evalLine(f.Answer))
		if f.Docs != "" {
			fmt.Fprintf(w, "  cited: %s\n", f.Docs)
		}
	}
}

func evalLine(s string) string { return strings.Join(strings.Fields(s), " ") }
