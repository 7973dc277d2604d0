package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"shuttlebot/internal/config"
	"shuttlebot/internal/corpus"
	"shuttlebot/internal/ingest"
	"shuttlebot/internal/retrieve"
)

// ingestStatePath is where ingest keeps feed validators and filter
// rejections: a file beside the index folder (never inside the corpus, and
// not inside the index folder, which a rebuild may replace).
func ingestStatePath(cfg config.Config) string {
	return filepath.Clean(cfg.IndexDir) + ".ingest.json"
}

// newIngester wires an Ingester to the configuration.
func newIngester(cfg config.Config, log *slog.Logger, filter ingest.Filter, timeout time.Duration, progress func(done, total int)) *ingest.Ingester {
	return ingest.New(cfg.CorpusDir, ingest.Options{
		Client:        ingest.NewHTTPClient(),
		UserAgent:     "ShuttleBot/" + version + " (+https://github.com/)",
		SourceTimeout: timeout,
		Filter:        filter,
		MergeAlsoIn:   true,
		StatePath:     ingestStatePath(cfg),
		Logger:        log,
		Progress:      progress,
	})
}

// ingestJSON is `bot ingest --json`.
type ingestJSON struct {
	Seen        int                 `json:"seen"`
	New         int                 `json:"new"`
	Updated     int                 `json:"updated"`
	Duplicate   int                 `json:"duplicate"`
	Filtered    int                 `json:"filtered"`
	Failed      int                 `json:"failed"`
	NotModified int                 `json:"not_modified"`
	SummaryOnly int                 `json:"summary_only"`
	Written     []string            `json:"written"`
	Failures    []ingestFailureJSON `json:"failures"`
	Index       *ingestIndexJSON    `json:"index,omitempty"`
}

type ingestFailureJSON struct {
	Source string `json:"source"`
	Item   string `json:"item,omitempty"`
	Error  string `json:"error"`
}

type ingestIndexJSON struct {
	Mode     string `json:"mode"` // "update" (incremental), "build" (first build) or "deferred" (a running bot updates it)
	Added    int    `json:"added"`
	Changed  int    `json:"changed"`
	Removed  int    `json:"removed"`
	Passages int    `json:"passages"`
}

func cmdIngest(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "ingest")
	var c common
	c.register(fs)
	filterFlag := fs.String("filter", "", "keep only feed items matching these keywords, e.g. \"korea japan, summit\" (env FEEDS_FILTER)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	timeout := fs.Duration("timeout", 5*time.Minute, "time limit for each feed, page or file")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: bot ingest [flags] URL|FILE...\n\nAdds articles from RSS/Atom feeds, article pages and local files to the corpus\n(with no argument: the feeds in FEEDS).")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *timeout <= 0 {
		return usagef("--timeout must be positive, e.g. 2m")
	}
	cfg, err := loadConfig(env, c)
	if err != nil {
		return err
	}
	sources := fs.Args()
	if len(sources) == 0 {
		sources = cfg.Feeds.URLs
	}
	if len(sources) == 0 {
		return usagef("ingest needs feed or article URLs or files (or FEEDS set), e.g. bot ingest https://example.com/rss.xml")
	}
	expr := cfg.Feeds.Filter
	if *filterFlag != "" {
		expr = *filterFlag
	}
	filter, err := ingest.ParseFilter(expr)
	if err != nil {
		return usageError{err}
	}
	log := newLogger(env, cfg)

	// Open the index over the corpus as it is now, so the new articles go in
	// with an incremental update rather than a rebuild.
	before, ix, err := openForIngest(ctx, cfg, log)
	locked := errors.Is(err, retrieve.ErrLocked)
	if err != nil && !locked {
		return err
	}
	if ix != nil {
		defer ix.Close()
	}

	var bar *progressbar.ProgressBar
	var progress func(done, total int)
	if ingestIsTerminal(env.stderr) && !*asJSON {
		bar = progressbar.NewOptions(len(sources),
			progressbar.OptionSetWriter(env.stderr),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish())
		progress = func(done, total int) {
			bar.ChangeMax(total)
			_ = bar.Set(done)
		}
	}
	in := newIngester(cfg, log, filter, *timeout, progress)
	sum, ingestErr := in.Ingest(ctx, before, sources)
	if bar != nil {
		_ = bar.Finish()
	}
	for _, f := range sum.Warnings {
		fmt.Fprintln(env.stderr, "note:", f.String())
	}
	for _, f := range sum.Failures {
		fmt.Fprintln(env.stderr, "failed:", f.String())
	}

	var idx *ingestIndexJSON
	switch {
	case sum.Changed() && locked:
		// A running bot holds the index; its corpus watch (startFeeds)
		// notices the new files and updates the index itself.
		idx = &ingestIndexJSON{Mode: "deferred"}
	case sum.Changed():
		idx, err = ingestUpdateIndex(ctx, cfg, log, ix)
		if err != nil {
			return err
		}
	}
	if *asJSON {
		if err := writeJSON(env.stdout, toIngestJSON(sum, idx)); err != nil {
			return err
		}
	} else {
		printIngestSummary(env.stdout, sum, idx)
	}
	if ingestErr != nil {
		return ingestErr
	}
	if sum.AllFailed() {
		return fmt.Errorf("ingest: nothing could be ingested (%d failed; reasons above)", sum.Failed)
	}
	return nil
}

// openForIngest loads the corpus and opens its index, or returns nothing
// when the corpus folder does not exist yet or holds no article.
func openForIngest(ctx context.Context, cfg config.Config, log *slog.Logger) ([]corpus.Document, *retrieve.Index, error) {
	if st, err := os.Stat(cfg.CorpusDir); err != nil || !st.IsDir() {
		if err == nil {
			return nil, nil, usagef("corpus %q is not a folder: set --corpus or CORPUS_DIR to a folder", cfg.CorpusDir)
		}
		return nil, nil, nil
	}
	docs, err := corpus.Load(ctx, os.DirFS(cfg.CorpusDir), log)
	if errors.Is(err, corpus.ErrNoArticles) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading corpus %s: %w", cfg.CorpusDir, err)
	}
	ix, err := retrieve.Open(ctx, cfg.IndexDir, docs, retrieve.Options{Logger: log})
	if err != nil {
		return docs, nil, err // ErrLocked: a running bot has the index
	}
	return docs, ix, nil
}

// ingestUpdateIndex brings the index in line with the corpus folder: an
// incremental update of ix, or a first build when there was no index.
func ingestUpdateIndex(ctx context.Context, cfg config.Config, log *slog.Logger, ix *retrieve.Index) (*ingestIndexJSON, error) {
	docs, err := loadCorpus(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if ix == nil {
		built, err := retrieve.Open(ctx, cfg.IndexDir, docs, retrieve.Options{Logger: log})
		if err != nil {
			return nil, err
		}
		built.Close()
		return &ingestIndexJSON{Mode: "build", Added: len(docs)}, nil
	}
	st, err := ix.Update(ctx, docs)
	if err != nil {
		return nil, fmt.Errorf("updating the index: %w", err)
	}
	return &ingestIndexJSON{Mode: "update", Added: st.Added, Changed: st.Changed, Removed: st.Removed, Passages: st.Passages}, nil
}

func toIngestJSON(s ingest.Summary, idx *ingestIndexJSON) ingestJSON {
	out := ingestJSON{
		Seen: s.Seen, New: s.New, Updated: s.Updated, Duplicate: s.Duplicate, Filtered: s.Filtered,
		Failed: s.Failed, NotModified: s.NotModified, SummaryOnly: s.SummaryOnly,
		Written: s.Written, Failures: []ingestFailureJSON{}, Index: idx,
	}
	if out.Written == nil {
		out.Written = []string{}
	}
	for _, f := range s.Failures {
		out.Failures = append(out.Failures, ingestFailureJSON{Source: f.Source, Item: f.Item, Error: f.Err.Error()})
	}
	return out
}

func printIngestSummary(w io.Writer, s ingest.Summary, idx *ingestIndexJSON) {
	fmt.Fprintln(w, s.String())
	var extra []string
	for _, e := range []struct {
		n    int
		what string
	}{{s.Updated, "updated"}, {s.Filtered, "filtered out"}, {s.NotModified, "feeds not modified"}, {s.SummaryOnly, "summary only"}} {
		if e.n > 0 {
			extra = append(extra, fmt.Sprintf("%s %d", e.what, e.n))
		}
	}
	if len(extra) > 0 {
		fmt.Fprintln(w, "("+strings.Join(extra, ", ")+")")
	}
	for _, p := range s.Written {
		fmt.Fprintln(w, "wrote", p)
	}
	if idx != nil {
		switch idx.Mode {
		case "build":
			fmt.Fprintf(w, "index: built over %d articles\n", idx.Added)
		case "deferred":
			fmt.Fprintf(w, "index: in use by a running bot, which adds the new articles within %s\n", corpusWatchEvery)
		default:
			fmt.Fprintf(w, "index: updated incrementally: %d added, %d changed, %d removed\n", idx.Added, idx.Changed, idx.Removed)
		}
	}
}

// ingestIsTerminal reports whether w is a terminal (for the progress bar).
func ingestIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
