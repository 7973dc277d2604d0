package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"shuttlebot/internal/retrieve"
)

// cmdIndex rebuilds the search index from the corpus: a progress bar on a
// terminal, then one summary line on stdout.
func cmdIndex(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "index")
	var c common
	c.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: bot index [--corpus DIR] [--index DIR]\n\nRebuilds the search index from the corpus.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("index: unexpected argument %q (bot index takes only flags)", fs.Arg(0))
	}
	cfg, err := loadConfig(env, c)
	if err != nil {
		return err
	}
	log := newLogger(env, cfg)
	docs, err := loadCorpus(ctx, cfg, log)
	if err != nil {
		return err
	}

	start := time.Now()
	opts := retrieve.Options{Logger: log, Rebuild: true}
	var bar *progressbar.ProgressBar
	if isTerminal(env.stderr) {
		bar = progressbar.NewOptions(len(docs),
			progressbar.OptionSetWriter(env.stderr),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opts.Progress = func(done, total int) { _ = bar.Set(done) }
	}
	ix, err := retrieve.Open(ctx, cfg.IndexDir, docs, opts)
	if bar != nil {
		_ = bar.Clear()
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("index: interrupted; the previous index (if any) is still in use")
	}
	if errors.Is(err, retrieve.ErrIndexDir) {
		return usageError{fmt.Errorf("index: %w", err)}
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	info := ix.Info()
	if err := ix.Close(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	fmt.Fprintf(env.stdout, "indexed %d articles, %d passages in %.2fs → %s\n",
		info.Articles, info.Passages, time.Since(start).Seconds(), cfg.IndexDir)
	return nil
}

// inside reports whether path is dir or lies within it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && (rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// isTerminal reports whether w is a terminal (so a progress bar makes sense).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
