// Package discord is Shuttle's Discord front end: slash commands, mentions
// and threads over the gateway or the HTTP interactions endpoint, rendered
// within Discord's limits.
package discord

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/summits"
)

// Question is one question put to the bot.
type Question struct {
	Text string
	// History holds the earlier questions of the same conversation (a
	// thread), oldest first.
	History []string
	// OnPartial, when the Asker streams, receives the draft text so far.
	OnPartial func(text string)
}

// Reply is a composed answer, as the Asker returns it.
type Reply struct {
	Text      string // [n] markers match Citations[].N
	Mode      string // "extractive" or "llm"
	Abstained bool
	Citations []Citation
	// ModelFailed reports that a configured model was not used.
	ModelFailed bool
}

// Citation is one numbered source under a Reply.
type Citation struct {
	N      int
	Doc    string
	Title  string
	Source string // outlet
	URL    string
	Date   corpus.Date
}

// Asker answers questions. Errors wrapped in a UserError carry text that is
// safe to show the asker; any other error is reported generically.
type Asker interface {
	Answer(ctx context.Context, q Question) (Reply, error)
}

// Library is the article collection behind /sources and /help.
type Library interface {
	// Docs returns the current documents; callers do not modify them.
	Docs() []corpus.Document
	// SearchArticles returns up to k articles best matching q, best first.
	SearchArticles(ctx context.Context, q string, k int) ([]corpus.Document, error)
}

// Timeline is the leaders' meeting timeline behind /summits.
type Timeline interface {
	Summits() []summits.Meeting
}

// UserError is an error whose message is safe to show the person who asked.
type UserError struct{ Err error }

func (e UserError) Error() string { return e.Err.Error() }
func (e UserError) Unwrap() error { return e.Err }

// Options configures a Bot.
type Options struct {
	Asker    Asker
	Library  Library
	Timeline Timeline // nil: /summits says no timeline is available
	Logger   *slog.Logger

	// ModelInUse tells /help whether answers may come from a model.
	ModelInUse bool
	// Cooldown is the minimum time between two questions of one user
	// (0 disables it). MaxConcurrent bounds answers computed at once.
	Cooldown      time.Duration
	MaxConcurrent int
	// Channels, when not empty, is the allow-list of channel IDs.
	Channels []string
	// MaxQuestionLen is the longest question accepted (default 2000).
	MaxQuestionLen int
	// AnswerTimeout bounds one interaction, answer and REST calls (default 60s).
	AnswerTimeout time.Duration
	// Grace is how long shutdown waits for answers in flight (default 20s).
	Grace time.Duration
	// ProgressEvery is the minimum time between two edits showing a
	// streamed draft (default 1.5s; Discord rate-limits edits).
	ProgressEvery time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Bot handles Discord interactions and messages. One Bot serves one
// gateway session or one HTTP endpoint.
type Bot struct {
	asker    Asker
	library  Library
	timeline Timeline
	log      *slog.Logger
	opts     Options
	now      func() time.Time
	channels map[string]bool

	limits   *cooldowns
	sem      chan struct{}
	seen     *seenSet
	threads  *threadBook
	inflight sync.WaitGroup
	mu       sync.Mutex
	closing  bool
}

// New returns a Bot. Asker and Library are required.
func New(opts Options) (*Bot, error) {
	if opts.Asker == nil || opts.Library == nil {
		return nil, errors.New("discord: Options.Asker and Options.Library are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConcurrent < 1 {
		opts.MaxConcurrent = 4
	}
	if opts.MaxQuestionLen <= 0 {
		opts.MaxQuestionLen = 2000
	}
	if opts.AnswerTimeout <= 0 {
		opts.AnswerTimeout = 60 * time.Second
	}
	if opts.Grace <= 0 {
		opts.Grace = 20 * time.Second
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = 1500 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	b := &Bot{
		asker:    opts.Asker,
		library:  opts.Library,
		timeline: opts.Timeline,
		log:      opts.Logger,
		opts:     opts,
		now:      opts.Now,
		limits:   newCooldowns(opts.Cooldown),
		sem:      make(chan struct{}, opts.MaxConcurrent),
		seen:     newSeenSet(4096),
		threads:  newThreadBook(2048),
	}
	if len(opts.Channels) > 0 {
		b.channels = map[string]bool{}
		for _, c := range opts.Channels {
			b.channels[c] = true
		}
	}
	return b, nil
}

// track registers work in flight; it returns false once shutdown began.
func (b *Bot) track() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) done() { b.inflight.Done() }

// drain stops intake and waits up to the grace period for work in flight.
// It reports whether everything finished in time.
func (b *Bot) drain() bool {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	finished := make(chan struct{})
	go func() { b.inflight.Wait(); close(finished) }()
	t := time.NewTimer(b.opts.Grace)
	defer t.Stop()
	select {
	case <-finished:
		return true
	case <-t.C:
		return false
	}
}
