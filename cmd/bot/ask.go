package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/corpus"
	"shuttlebot/internal/summits"
)

// askJSON is the `bot ask --json` contract (DESIGN.md).
type askJSON struct {
	Question       string            `json:"question"`
	Answer         string            `json:"answer"`
	Mode           string            `json:"mode"`
	Abstained      bool              `json:"abstained"`
	Citations      []answer.Citation `json:"citations"`
	FallbackReason string            `json:"fallback_reason,omitempty"`
	ElapsedMS      float64           `json:"elapsed_ms"`
}

func toAskJSON(a answer.Answer) askJSON {
	cites := a.Citations
	if cites == nil {
		cites = []answer.Citation{}
	}
	return askJSON{
		Question:       a.Question,
		Answer:         a.Text,
		Mode:           a.Mode,
		Abstained:      a.Abstained,
		Citations:      cites,
		FallbackReason: a.FallbackReason,
		ElapsedMS:      float64(a.Elapsed.Microseconds()) / 1000,
	}
}

func cmdAsk(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "ask")
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	noLLM := fs.Bool("no-llm", false, "answer extractively even when a model is configured")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return usagef("ask needs a question, e.g. bot ask \"Where did Lee and Takaichi meet?\"")
	}
	if n := len([]rune(q)); n > answer.MaxQuestionLen {
		return usagef("the question is %d characters long; the limit is %d", n, answer.MaxQuestionLen)
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
	a, err := core.answerer.Answer(ctx, answer.Request{Question: q, NoLLM: *noLLM})
	if err != nil {
		if errors.Is(err, answer.ErrEmptyQuestion) || errors.Is(err, answer.ErrQuestionTooLong) {
			return usageError{err}
		}
		return fmt.Errorf("answering: %w", err)
	}
	if *asJSON {
		return writeJSON(env.stdout, toAskJSON(a))
	}
	printAnswer(env.stdout, a)
	return nil
}

// printAnswer writes an answer and its numbered sources for a terminal.
func printAnswer(w io.Writer, a answer.Answer) {
	fmt.Fprintln(w, a.Text)
	if len(a.Citations) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Sources:")
		for _, c := range a.Citations {
			line := fmt.Sprintf("[%d] %s", c.N, c.Title)
			if c.Source != "" {
				line += " — " + c.Source
			}
			if c.Date != "" {
				line += ", " + c.Date
			}
			if c.URL != "" {
				line += " <" + c.URL + ">"
			}
			line += " (" + c.Doc + ")"
			fmt.Fprintln(w, line)
		}
	}
	if a.Mode == answer.ModeExtractive && a.FallbackReason != "" {
		fmt.Fprintf(w, "\n(extractive answer: %s)\n", a.FallbackReason)
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// timeline is the summit timeline of a core's current documents, built on
// first use and rebuilt when the document set is replaced (an ingest or
// refresh stores a new slice, so its pointer tells). It is answer's
// Timeline for "when did X and Y last meet?".
type timeline struct {
	docs func() *[]corpus.Document

	mu    sync.Mutex
	built *[]corpus.Document // the document set ms was built from
	ms    []summits.Meeting
}

func newTimeline(docs func() *[]corpus.Document) *timeline { return &timeline{docs: docs} }

var _ answer.Timeline = (*timeline)(nil)

// meetings returns the timeline of the current documents.
func (t *timeline) meetings() []summits.Meeting {
	cur := t.docs()
	t.mu.Lock()
	defer t.mu.Unlock()
	if cur != t.built {
		var docs []corpus.Document
		if cur != nil {
			docs = *cur
		}
		t.ms, t.built = summits.Build(docs), cur
	}
	return t.ms
}

// Summits returns the whole timeline, newest first (Discord's /summits).
func (t *timeline) Summits() []summits.Meeting { return t.meetings() }

// Meetings returns the meetings of the named leaders (all when no name is
// given), newest first.
func (t *timeline) Meetings(names ...string) []summits.Meeting {
	return summits.Involving(t.meetings(), names...)
}
