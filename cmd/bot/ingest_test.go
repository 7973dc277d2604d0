package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"shuttlebot/internal/config"
	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

// ingestSite serves testdata/ingest on loopback: a feed with two new stories
// and a syndicated copy of one of them under another URL. The feed honours
// If-None-Match.
func ingestSite(t *testing.T) *httptest.Server {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "ingest", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var srv *httptest.Server
	pages := map[string]string{
		"/news/fisheries-talks": read("fisheries.html"),
		"/news/ferry-gales":     read("ferry.html"),
		"/wire/fisheries-copy":  read("fisheries-copy.html"),
	}
	feed := read("feed.xml")
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("ETag", `"feed-1"`)
			if r.Header.Get("If-None-Match") == `"feed-1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, strings.ReplaceAll(feed, "{{base}}", srv.URL))
			return
		}
		if p, ok := pages[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, p)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ingestCopyCorpus copies the repository's seed corpus into a temp folder.
func ingestCopyCorpus(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "..", "corpus")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func ingestRun(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "LOG_LEVEL" {
			return "warn"
		}
		return ""
	}
	err = run(context.Background(), args, getenv, &out, &errb)
	return out.String(), errb.String(), err
}

func TestIngestCommandEndToEnd(t *testing.T) {
	srv := ingestSite(t)
	corpusDir := ingestCopyCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	common := []string{"--corpus", corpusDir, "--index", indexDir}

	// The bot has indexed its corpus before the ingest.
	if _, stderr, err := ingestRun(t, append([]string{"index"}, common...)...); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}

	stdout, stderr, err := ingestRun(t, append(append([]string{"ingest", "--json"}, common...), srv.URL+"/feed.xml")...)
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	var sum ingestJSON
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, stdout)
	}
	if sum.Seen != 3 || sum.New != 2 || sum.Duplicate != 1 || sum.Failed != 0 {
		t.Fatalf("summary %+v\nstderr: %s", sum, stderr)
	}
	// Incremental: only the two new articles went into the index.
	if sum.Index == nil || sum.Index.Mode != "update" || sum.Index.Added != 2 || sum.Index.Changed != 0 || sum.Index.Removed != 0 {
		t.Fatalf("index update %+v", sum.Index)
	}
	var fisheries string
	for _, p := range sum.Written {
		if strings.Contains(p, "fisheries") {
			fisheries = p
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"title:", "date:", "outlet: Harbor Wire", "url: " + srv.URL, "fetched_at:"} {
			if !bytes.Contains(b, []byte(key)) {
				t.Errorf("%s lacks %q:\n%s", p, key, b)
			}
		}
		for _, chrome := range []string{"Subscribe for", "All rights reserved", "Celebrity chef"} {
			if bytes.Contains(b, []byte(chrome)) {
				t.Errorf("%s keeps page chrome %q", p, chrome)
			}
		}
	}
	if fisheries == "" {
		t.Fatalf("no fisheries article among %v", sum.Written)
	}

	// The updated index on disk matches the grown corpus: opening it does
	// not rebuild.
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	docs, err := corpus.Load(context.Background(), os.DirFS(corpusDir), log)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieve.Open(context.Background(), indexDir, docs, retrieve.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	info := ix.Info()
	ix.Close()
	if info.Built {
		t.Errorf("the index was rebuilt after the ingest (want an incremental update): %+v", info)
	}

	// The new article answers questions, with a citation to its file.
	stdout, stderr, err = ingestRun(t, append(append([]string{"ask", "--json", "--no-llm"}, common...),
		"When do the fisheries talks on mackerel and squid quotas start in Busan?")...)
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	var ans askJSON
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, stdout)
	}
	cited := false
	for _, c := range ans.Citations {
		if c.Doc == fisheries {
			cited = true
		}
	}
	if ans.Abstained || !cited {
		t.Errorf("answer does not cite %s: %s", fisheries, stdout)
	}

	// A second ingest adds nothing and leaves the index alone.
	stdout, stderr, err = ingestRun(t, append(append([]string{"ingest"}, common...), srv.URL+"/feed.xml")...)
	if err != nil {
		t.Fatalf("second ingest: %v\n%s", err, stderr)
	}
	if !strings.HasPrefix(stdout, "seen 0, new 0, duplicate 0, failed 0\n") || !strings.Contains(stdout, "feeds not modified 1") || strings.Contains(stdout, "index:") {
		t.Errorf("second ingest:\n%s", stdout)
	}
}

func TestIngestCommandErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, "<rss><channel><item><title>broken")
	}))
	t.Cleanup(srv.Close)
	corpusDir := ingestCopyCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no sources", []string{"ingest"}, 2, "ingest needs feed or article URLs"},
		{"bad flag", []string{"ingest", "--nope", "x"}, 2, "flag provided but not defined"},
		{"empty filter", []string{"ingest", "--filter", ",", srv.URL}, 2, "no words to match"},
		{"all failed", []string{"ingest", "--corpus", corpusDir, "--index", indexDir, srv.URL}, 1, "malformed feed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, err := ingestRun(t, tc.args...)
			var buf bytes.Buffer
			code := exitCode(err, &buf)
			if code != tc.code || !strings.Contains(stderr+buf.String(), tc.inStderr) {
				t.Errorf("exit %d (want %d), stderr %q %q", code, tc.code, stderr, buf.String())
			}
		})
	}
	if entries, _ := os.ReadDir(corpusDir); len(entries) != 5 {
		t.Errorf("failed ingests changed the corpus: %d entries", len(entries))
	}
}

// TestFeedRefreshKeepsAnswering runs the scheduled refresh path while
// queries run: every query sees a complete result (the old index or the new
// one), and the new articles become searchable without a restart.
func TestFeedRefreshKeepsAnswering(t *testing.T) {
	srv := ingestSite(t)
	var logs ingestLogBuffer
	cfg := config.Config{
		CorpusDir: ingestCopyCorpus(t),
		IndexDir:  filepath.Join(t.TempDir(), "index"),
		Feeds:     config.Feeds{URLs: []string{srv.URL + "/feed.xml"}, Interval: time.Second},
	}
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := openCore(ctx, cfg, log, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	before := len(c.Docs())

	const q = "Lee Takaichi summit Nara"
	baseline, err := c.index.Search(ctx, q, 5)
	if err != nil || len(baseline) == 0 {
		t.Fatalf("baseline search: %v %v", baseline, err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var problems []string
	queries := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, err := c.index.Search(context.Background(), q, 5)
				mu.Lock()
				queries++
				if err != nil {
					problems = append(problems, err.Error())
				} else if len(got) != len(baseline) {
					problems = append(problems, "incomplete result")
				} else {
					for j := range got {
						if got[j].ID != baseline[j].ID || got[j].Text != baseline[j].Text {
							problems = append(problems, "result changed: "+got[j].ID)
						}
					}
				}
				mu.Unlock()
			}
		}()
	}

	wait := startFeeds(ctx, c)
	deadline := time.Now().Add(20 * time.Second)
	for len(c.Docs()) < before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wait()
	close(stop)
	wg.Wait()

	if got := len(c.Docs()); got != before+2 {
		t.Fatalf("documents %d → %d, want two new", before, got)
	}
	if len(problems) > 0 {
		t.Errorf("%d of %d queries during the refresh went wrong, e.g. %s", len(problems), queries, problems[0])
	}
	hits, err := c.index.Search(context.Background(), "mackerel squid quotas Busan", 3)
	if err != nil || len(hits) == 0 || !strings.Contains(hits[0].DocID, "fisheries") {
		t.Errorf("new article not searchable after the refresh: %+v %v", hits, err)
	}
	if l := logs.String(); !strings.Contains(l, "feeds: refreshed") || !strings.Contains(l, "new=2") {
		t.Errorf("no refresh log line:\n%s", l)
	}
}

// TestIngestWhileBotRuns: `bot ingest` in another process while the bot
// holds the index writes the articles, leaves the index to the bot, and the
// bot's corpus watch makes them searchable without a restart.
func TestIngestWhileBotRuns(t *testing.T) {
	srv := ingestSite(t)
	var logs ingestLogBuffer
	cfg := config.Config{CorpusDir: ingestCopyCorpus(t), IndexDir: filepath.Join(t.TempDir(), "index")}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := openCore(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)), false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	wait := startFeedsEvery(ctx, c, 20*time.Millisecond)
	before := len(c.Docs())

	stdout, stderr, err := ingestRun(t, "ingest", "--corpus", cfg.CorpusDir, "--index", cfg.IndexDir, srv.URL+"/feed.xml")
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "new 2") || !strings.Contains(stdout, "index: in use by a running bot") {
		t.Errorf("ingest output:\n%s", stdout)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(c.Docs()) < before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wait()
	if len(c.Docs()) != before+2 {
		t.Fatalf("the running bot did not pick up the new articles: %d → %d\n%s", before, len(c.Docs()), logs.String())
	}
	hits, err := c.index.Search(context.Background(), "mackerel squid quotas Busan", 3)
	if err != nil || len(hits) == 0 || !strings.Contains(hits[0].DocID, "fisheries") {
		t.Errorf("new article not searchable: %+v %v", hits, err)
	}
	if !strings.Contains(logs.String(), "corpus: folder changed, index updated") {
		t.Errorf("no log line for the update:\n%s", logs.String())
	}
}

// TestStartFeedsStopDoesNotHang: stop returns promptly even while the run
// context is alive and a feed server never answers (an early return from
// `bot run` must not hang on its deferred stop).
func TestStartFeedsStopDoesNotHang(t *testing.T) {
	hung := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(hung)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	cfg := config.Config{
		CorpusDir: ingestCopyCorpus(t),
		IndexDir:  filepath.Join(t.TempDir(), "index"),
		Feeds:     config.Feeds{URLs: []string{srv.URL + "/feed"}, Interval: time.Second},
	}
	c, err := openCore(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stop := startFeeds(context.Background(), c)
	select {
	case <-hung:
	case <-time.After(10 * time.Second):
		t.Fatal("the feed was never requested")
	}
	done := make(chan struct{})
	go func() { stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stop hung")
	}
}

// ingestLogBuffer is a bytes.Buffer safe for a logger used from goroutines.
type ingestLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *ingestLogBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *ingestLogBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
