package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path/filepath"
	"time"

	"shuttlebot/internal/ingest"
	"shuttlebot/internal/retrieve"
)

// startFeeds refreshes the configured FEEDS in the background until ctx ends,
// updating the corpus folder, the index and c's documents. Each feed is
// fetched every FEEDS_INTERVAL (±10%), later after failures. The returned
// function waits for the background work to stop (after ctx ends); call it
// before closing the index.
func startFeeds(ctx context.Context, c *core) (wait func()) {
	if len(c.cfg.Feeds.URLs) == 0 {
		return func() {}
	}
	filter, err := ingest.ParseFilter(c.cfg.Feeds.Filter)
	if err != nil {
		c.log.Error("feeds: not refreshing: bad FEEDS_FILTER", "err", err)
		return func() {}
	}
	r := &feedRefresher{c: c, in: newIngester(c.cfg, c.log, filter, 0, nil), sig: corpusSignature(c.cfg.CorpusDir)}
	c.log.Info("feeds: refreshing on a schedule", "feeds", len(c.cfg.Feeds.URLs), "interval", c.cfg.Feeds.Interval, "filter", filter.String())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ingest.Schedule{Interval: c.cfg.Feeds.Interval}.Run(ctx, c.cfg.Feeds.URLs, r.refresh)
	}()
	return func() { <-done }
}

// feedRefresher ingests one feed at a time into c's corpus and index.
type feedRefresher struct {
	c   *core
	in  *ingest.Ingester
	sig uint64 // corpusSignature when the documents were last loaded
}

// refresh ingests feed, then reloads the corpus and updates the index when
// the folder changed. It logs one line; its error (a feed that could not be
// fetched or parsed, or an index failure) drives the feed's backoff.
func (r *feedRefresher) refresh(ctx context.Context, feed string) error {
	start := time.Now()
	sum, err := r.in.Ingest(ctx, r.c.Docs(), []string{feed})
	if err != nil {
		return err
	}
	st, idxErr := r.sync(ctx, sum.Changed())
	var feedErr error
	for _, f := range sum.Failures {
		if f.Item == "" {
			feedErr = f.Err
		}
	}
	attrs := []any{"feed", feed, "new", sum.New, "updated", sum.Updated, "duplicate", sum.Duplicate,
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
			r.c.log.Debug("feeds: item not ingested", "feed", feed, "item", f.Item, "err", f.Err)
		}
	}
	return errors.Join(feedErr, idxErr)
}

// sync reloads the corpus and updates the index incrementally when the
// folder changed, whether by this refresh or by hand (e.g. `bot ingest` in
// another process). Queries keep running on the old index meanwhile.
func (r *feedRefresher) sync(ctx context.Context, changed bool) (retrieve.UpdateStats, error) {
	sig := corpusSignature(r.c.cfg.CorpusDir)
	if !changed && sig == r.sig {
		return retrieve.UpdateStats{}, nil
	}
	docs, err := loadCorpus(ctx, r.c.cfg, r.c.log)
	if err != nil {
		return retrieve.UpdateStats{}, err
	}
	st, err := r.c.index.Update(ctx, docs)
	if err != nil {
		return st, fmt.Errorf("updating the index: %w", err)
	}
	r.c.setDocs(docs)
	r.sig = sig
	return st, nil
}

// corpusSignature summarises the corpus folder's file names, sizes and
// modification times, to notice changes without reading the files.
func corpusSignature(dir string) uint64 {
	h := fnv.New64a()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
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
