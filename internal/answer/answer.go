// Package answer composes short answers that cite the passages they come
// from: extractively, or with an OpenAI-compatible model whose every
// citation is checked against its passage.
package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"shuttlebot/internal/retrieve"
)

// Modes of an Answer.
const (
	ModeExtractive = "extractive"
	ModeLLM        = "llm"
)

// MaxQuestionLen is the longest question accepted, in characters.
const MaxQuestionLen = 2000

// MaxAnswerLen is the longest answer text composed, in characters.
const MaxAnswerLen = 600

// Errors a caller branches on; their text is safe to show a user.
var (
	ErrEmptyQuestion   = errors.New("the question is empty")
	ErrQuestionTooLong = errors.New("the question is longer than 2,000 characters")
)

// Citation is one numbered source under an answer. Its fields come from
// retrieval metadata, never from model text.
type Citation struct {
	N      int    `json:"n"`
	Doc    string `json:"doc"`
	Title  string `json:"title"`
	Source string `json:"source"`
	URL    string `json:"url"`
	Date   string `json:"date"`
	Quote  string `json:"quote"`
}

// Answer is a composed answer. Every [n] marker in Text has a Citation with
// that N.
type Answer struct {
	Question  string
	Text      string
	Mode      string // ModeExtractive or ModeLLM
	Abstained bool
	Citations []Citation
	// FallbackReason says why a configured model was not used ("" if it was,
	// or if none is configured).
	FallbackReason string
	Elapsed        time.Duration
}

// Searcher finds passages for a question.
type Searcher interface {
	Search(ctx context.Context, q string, k int) ([]retrieve.Passage, error)
}

// Request is one question with its options.
type Request struct {
	Question string
	// History holds earlier questions of the same conversation, oldest
	// first, so follow-ups ("and when was that?") can be resolved.
	History []string
	// NoLLM forces an extractive answer.
	NoLLM bool
	// OnPartial, when set and streaming is enabled, receives the model's
	// text so far (not yet grounding-checked).
	OnPartial func(text string)
}

// Options configures an Answerer.
type Options struct {
	Logger *slog.Logger
	// TopK is how many passages to retrieve (default 8).
	TopK int
	// Model is the optional model client; nil means extractive only.
	Model *Model
	// Timeline, when set, answers "when did X and Y last meet?" from the
	// summit timeline instead of from sentences.
	Timeline Timeline
	// Now is the clock for relative times in questions ("last year");
	// default time.Now.
	Now func() time.Time
}

// Answerer answers questions from a Searcher's passages.
type Answerer struct {
	search   Searcher
	log      *slog.Logger
	topK     int
	model    *Model
	timeline Timeline
	clock    func() time.Time
}

// New returns an Answerer over s.
func New(s Searcher, opts Options) *Answerer {
	a := &Answerer{search: s, log: opts.Logger, topK: opts.TopK, model: opts.Model, timeline: opts.Timeline, clock: opts.Now}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.topK <= 0 {
		a.topK = 8
	}
	return a
}

// now returns the current time from the injected clock.
func (a *Answerer) now() time.Time {
	if a.clock == nil {
		return time.Now()
	}
	return a.clock()
}

// ModelEnabled reports whether answers may come from a model.
func (a *Answerer) ModelEnabled() bool { return a.model != nil }

// Ask answers q with default options.
func (a *Answerer) Ask(ctx context.Context, q string) (Answer, error) {
	return a.Answer(ctx, Request{Question: q})
}

// Answer answers req. It fails only on a bad question or a search failure;
// model failures fall back to the extractive answer.
func (a *Answerer) Answer(ctx context.Context, req Request) (Answer, error) {
	start := time.Now()
	q := strings.TrimSpace(req.Question)
	if q == "" {
		return Answer{}, ErrEmptyQuestion
	}
	if utf8.RuneCountInString(q) > MaxQuestionLen {
		return Answer{}, ErrQuestionTooLong
	}
	history := followedUp(q, req.History)
	if len(history) == 0 {
		if ans, ok := a.fromTimeline(q); ok {
			ans.Question = q
			ans.Elapsed = time.Since(start)
			return ans, nil
		}
	}
	query := q
	if len(history) > 0 {
		query = strings.Join(append(append([]string(nil), history...), q), " ")
	}
	passages, err := a.search.Search(ctx, query, a.topK)
	if err != nil {
		return Answer{}, fmt.Errorf("answer: search: %w", err)
	}
	var ans Answer
	if a.model != nil && !req.NoLLM {
		ans = a.generate(ctx, q, passages, req)
	} else {
		ans = a.compose(q, history, passages)
	}
	ans.Question = q
	ans.Elapsed = time.Since(start)
	return ans, nil
}

// maxHistory is how many earlier questions a follow-up draws on.
const maxHistory = 2

// followedUp returns the earlier questions q follows up (the last
// maxHistory of history), or nil when q stands on its own. A follow-up
// starts like a continuation ("and when…?", "what about…?"), leans on a
// pronoun ("when was that?"), or has almost no content words of its own.
func followedUp(q string, history []string) []string {
	var hist []string
	for _, h := range history {
		if h = strings.TrimSpace(h); h != "" {
			hist = append(hist, h)
		}
	}
	if len(hist) == 0 {
		return nil
	}
	if len(hist) > maxHistory {
		hist = hist[len(hist)-maxHistory:]
	}
	toks := Tokens(q)
	content := ContentTerms(q)
	if len(toks) > 0 && continuations[toks[0]] {
		return hist
	}
	if len(toks) > 1 && (toks[0] == "what" || toks[0] == "how") && toks[1] == "about" {
		return hist
	}
	if len(content) <= 1 {
		return hist
	}
	for _, t := range toks {
		if anaphora[t] && len(content) <= 3 {
			return hist
		}
	}
	return nil
}

var (
	continuations = wordSet("and also so then but or plus")
	anaphora      = wordSet("that this it there they them he she him her his its their those these then")
)
