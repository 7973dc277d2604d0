package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"shuttlebot/internal/ingest"
	"shuttlebot/internal/retrieve"
)

// corpusWatchEvery is how often the running bot checks the corpus folder for
// articles added by other means (e.g. `bot ingest` in another process).
const corpusWatchEvery = time.Minute

// startFeeds refreshes the configured FEEDS in the background until ctx ends,
// updating the corpus folder, the index and c's documents. Each feed is
// fetched every FEEDS_INTERVAL (±10%), later after failures. It also watches
// the corpus folder, so articles added while the bot runs are indexed
// without a restart. The returned function stops the background work and
// waits for it (an update in progress is cancelled); call it, e.g. deferred,
// before closing the index.
func startFeeds(ctx context.Context, c *core) (stop func()) {
	return startFeedsEvery(ctx, c, corpusWatchEvery)
}

func startFeedsEvery(ctx context.Context, c *core, watchEvery time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	r := &feedRefresher{c: c, sig: corpusSignature(c.cfg.CorpusDir)}
	var wg sync.WaitGroup
	stop = func() { cancel(); wg.Wait() }
	wg.Go(func() { r.watch(ctx, watchEvery) })
	if len(c.cfg.Feeds.URLs) == 0 {
		return stop
	}
	filter, err := ingest.ParseFilter(c.cfg.Feeds.Filter)
	if err != nil {
		c.log.Error("feeds: not refreshing: bad FEEDS_FILTER", "err", err)
		return stop
	}
	r.in = newIngester(c.cfg, c.log, filter, 0, nil)
	c.log.Info("feeds: refreshing on a schedule", "feeds", len(c.cfg.Feeds.URLs), "interval", c.cfg.Feeds.Interval, "filter", filter.String())
	wg.Go(func() {
		ingest.Schedule{Interval: c.cfg.Feeds.Interval}.Run(ctx, c.cfg.Feeds.URLs, r.refresh)
	})
	return stop
}

// feedRefresher ingests one feed at a time into c's corpus and index.
type feedRefresher struct {
	c  *core
	in *ingest.Ingester

	mu  sync.Mutex // one refresh or corpus sync at a time
	sig uint64     // corpusSignature when the documents were last loaded
}

// watch updates the index whenever the corpus folder changes.
func (r *feedRefresher) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r.mu.Lock()
		st, changed, err := r.sync(ctx, false)
		r.mu.Unlock()
		switch {
		case err != nil && ctx.Err() == nil:
			r.c.log.Error("corpus: folder changed, index not updated", "err", err)
		case changed:
			r.c.log.Info("corpus: folder changed, index updated", "added", st.Added, "changed", st.Changed, "removed", st.Removed)
		}
	}
}

// refresh ingests feed, then reloads the corpus and updates the index when
// the folder changed. It logs one line; its error (a feed that could not be
// fetched or parsed, or an index failure) drives the feed's backoff.
func (r *feedRefresher) refresh(ctx context.Context, feed string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	start := time.Now()
	sum, err := r.in.Ingest(ctx, r.c.Docs(), []string{feed})
	if err != nil {
		return err
	}
	st, _, idxErr := r.sync(ctx, sum.Changed())
	var feedErr error
	for _, f := range sum.Failures {
		if f.Item == "" {
			feedErr = f.Err
		}
	}
	attrs := []any{"feed", ingest.RedactURL(feed), "new", sum.New, "updated", sum.Updated, "duplicate", sum.Duplicate,
		"filtered", sum.Filtered, "failed", sum.Failed, "not_modified", sum.NotModified > 0,
		"index_added", st.Added, "index_changed", st.Changed, "index_removed", st.Removed,
		"elapsed", time.Since(start).Round(time.Millisecond)}
	switch {
	case idxErr != nil:
		r.c.log.Error("feeds: refreshed, index not updated", append(attrs, "err", idxErr)...)
	case feedErr != nil:
		r.c.log.Warn("feeds: refresh failed", append(attrs, "err", feedErr)...)
	default:
		r.c.log.Info("feeds: refreshed", attrs...)
	}
	for i, f := range sum.Failures {
		if f.Item != "" && i < 5 {
			r.c.log.Debug("feeds: item not ingested", "feed", f.Source, "item", f.Item, "err", f.Err)
		}
	}
	return errors.Join(feedErr, idxErr)
}

// sync reloads the corpus and updates the index incrementally when the
// folder changed, whether by a refresh or by hand (e.g. `bot ingest` in
// another process). Queries keep running on the old index meanwhile. The
// caller holds r.mu.
func (r *feedRefresher) sync(ctx context.Context, changed bool) (retrieve.UpdateStats, bool, error) {
	sig := corpusSignature(r.c.cfg.CorpusDir)
	if !changed && sig == r.sig {
		return retrieve.UpdateStats{}, false, nil
	}
	docs, err := loadCorpus(ctx, r.c.cfg, r.c.log)
	if err != nil {
		return retrieve.UpdateStats{}, false, err
	}
	st, err := r.c.index.Update(ctx, docs)
	if err != nil {
		return st, false, fmt.Errorf("updating the index: %w", err)
	}
	r.c.setDocs(docs)
	r.sig = sig
	return st, true, nil
}

// corpusSignature summarises the corpus folder's file names, sizes and
// modification times, to notice changes without reading the files.
func corpusSignature(dir string) uint64 {
	h := fnv.New64a()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".ingest-") {
			return nil // temporary files of a write in progress
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return h.Sum64()
}
