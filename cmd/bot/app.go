package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/config"
	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

// environment is what run received, shared by the commands.
type environment struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

// common holds the flags every command that reads the corpus takes.
type common struct {
	corpus, index string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.corpus, "corpus", "", "corpus folder (env CORPUS_DIR, default \"corpus\")")
	fs.StringVar(&c.index, "index", "", "index folder (env INDEX_DIR, default: a per-corpus folder in the user cache)")
}

// newFlagSet returns a FlagSet that reports errors to stderr and returns them.
func newFlagSet(env *environment, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors. Flags may
// come before or after the positional arguments (`bot ask "q" --json`);
// everything after "--" is positional.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(permuteFlags(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return nil
}

// loadConfig reads the environment and applies the common flags over it.
func loadConfig(env *environment, c common) (config.Config, error) {
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return cfg, usageError{err}
	}
	if c.corpus != "" {
		cfg.CorpusDir = c.corpus
	}
	if c.index != "" {
		cfg.IndexDir = c.index
	}
	if cfg.IndexDir == "" {
		cfg.IndexDir = config.DefaultIndexDir(cfg.CorpusDir)
	}
	if inside(cfg.IndexDir, cfg.CorpusDir) {
		return cfg, usagef("the index folder %q is inside the corpus folder %q; set INDEX_DIR (or --index) to a folder outside it", cfg.IndexDir, cfg.CorpusDir)
	}
	return cfg, nil
}

// newLogger builds the process logger; logs go to stderr.
func newLogger(env *environment, cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(env.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.stderr, opts))
}

// loadCorpus reads the corpus folder, with errors a user can act on.
func loadCorpus(ctx context.Context, cfg config.Config, log *slog.Logger) ([]corpus.Document, error) {
	st, err := os.Stat(cfg.CorpusDir)
	if err != nil || !st.IsDir() {
		return nil, usagef("corpus folder %q not found: set --corpus or CORPUS_DIR to a folder of articles", cfg.CorpusDir)
	}
	docs, err := corpus.Load(ctx, os.DirFS(cfg.CorpusDir), log)
	if errors.Is(err, corpus.ErrNoArticles) {
		return nil, usagef("corpus folder %q holds no readable article (.txt, .md, .html)", cfg.CorpusDir)
	}
	if err != nil {
		return nil, fmt.Errorf("reading corpus %s: %w", cfg.CorpusDir, err)
	}
	return docs, nil
}

// core is the loaded corpus, its index and an answerer over them.
type core struct {
	cfg      config.Config
	log      *slog.Logger
	docs     atomic.Pointer[[]corpus.Document] // replaced whole on refresh
	index    *retrieve.Index
	answerer *answer.Answerer
	// timeline is the summit timeline of the current documents, shared by
	// /ask's latest-meeting answers and /summits.
	timeline *timeline
}

// Docs returns the current documents; callers must not modify them.
func (c *core) Docs() []corpus.Document { return *c.docs.Load() }

// setDocs publishes a new document set (after an ingest or refresh).
func (c *core) setDocs(docs []corpus.Document) { c.docs.Store(&docs) }

func (c *core) Close() error { return c.index.Close() }

// openCore loads the corpus, opens (or builds) the index and wires the
// answerer, with a model when one is configured and useModel is true.
func openCore(ctx context.Context, cfg config.Config, log *slog.Logger, useModel bool) (*core, error) {
	docs, err := loadCorpus(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	ix, err := retrieve.Open(ctx, cfg.IndexDir, docs, retrieve.Options{Logger: log})
	if errors.Is(err, retrieve.ErrIndexDir) {
		return nil, usageError{err}
	}
	if err != nil {
		return nil, err
	}
	c := &core{cfg: cfg, log: log, index: ix}
	c.setDocs(docs)
	c.timeline = newTimeline(c.docs.Load)
	opts := answer.Options{Logger: log, Timeline: c.timeline}
	if useModel && cfg.Model.Enabled() {
		opts.Model = newModel(cfg, log)
	}
	c.answerer = answer.New(ix, opts)
	return c, nil
}

// permuteFlags moves flags (and their values) ahead of positional arguments,
// ending the flags with "--" so that a question is never read as a flag.
func permuteFlags(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // unknown: let Parse report it
		}
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(append(flags, "--"), pos...)
}
