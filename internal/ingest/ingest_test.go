package ingest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newsSite serves the RSS and Atom feeds and their article pages.
func newsSite(t *testing.T, feedETag string) *site {
	var s *site
	base := func() string { return s.URL }
	s = newSite(t, map[string]http.HandlerFunc{
		"/rss.xml": func(w http.ResponseWriter, r *http.Request) {
			if feedETag != "" {
				w.Header().Set("ETag", feedETag)
				if r.Header.Get("If-None-Match") == feedETag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
			}
			templated("application/rss+xml; charset=utf-8", readTestdata(t, "rss.xml"), base)(w, r)
		},
		"/atom.xml":                templated("application/atom+xml", readTestdata(t, "atom.xml"), base),
		"/news/fisheries":          serve("text/html; charset=utf-8", readTestdata(t, "fisheries.html"), ""),
		"/news/ferries":            serve("text/html", readTestdata(t, "ferries.html"), ""),
		"/coastal/fisheries":       serve("text/html", readTestdata(t, "fisheries-syndicated.html"), ""),
		"/atom/lighthouse":         serve("application/pdf", "%PDF-1.4 not a page", ""),
		"/gnews.xml":               templated("text/xml", readTestdata(t, "gnews.xml"), base),
		"/malformed.xml":           serve("application/rss+xml", readTestdata(t, "malformed.xml"), ""),
		"/agg/articles/CBMiXYZ123": serve("text/html", "<html><body><p>consent wall</p></body></html>", ""),
	})
	return s
}

func TestIngestRSSWritesArticlesAndSecondRunAddsNothing(t *testing.T) {
	s := newsSite(t, `"v1"`)
	dir := t.TempDir()
	opts := testOptions(t)
	in := New(dir, opts)
	ctx := context.Background()

	sum, err := in.Ingest(ctx, nil, []string{s.URL + "/rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Seen != 2 || sum.New != 2 || sum.Failed != 0 || sum.Duplicate != 0 {
		t.Fatalf("first run: %+v", sum)
	}
	files := corpusFiles(t, dir)
	host := strings.TrimPrefix(s.URL, "http://")
	site := slug(host, 60)
	want := site + "/2026-01-13-seoul-and-tokyo-agree-to-reopen-fisheries-talks-in-busan.md"
	got, ok := files[want]
	if !ok {
		t.Fatalf("no %s in %v", want, keys(files))
	}
	for _, frag := range []string{
		"title: Seoul and Tokyo agree to reopen fisheries talks in Busan\n",
		"date: \"2026-01-13\"\n",
		"outlet: Harbor Wire\n",
		"url: " + s.URL + "/news/fisheries\n", // tracking parameters dropped
		"fetched_at: \"2026-01-20T08:00:00Z\"\n",
		"\nSouth Korea and Japan agreed on Tuesday to reopen stalled fisheries negotiations",
		"mackerel and squid",
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("article lacks %q:\n%s", frag, got)
		}
	}
	for _, chrome := range []string{"Subscribe now", "All rights reserved", "celebrity"} {
		if strings.Contains(got, chrome) {
			t.Errorf("article keeps page chrome %q", chrome)
		}
	}
	if _, ok := files[site+"/2026-01-14-ferry-operators-brace-for-winter-storms.md"]; !ok {
		t.Errorf("ferries article not dated in the feed's time zone: %v", keys(files))
	}
	if ua := s.header("/news/fisheries", "User-Agent"); !strings.HasPrefix(ua, "ShuttleBot/") {
		t.Errorf("User-Agent = %q", ua)
	}

	// Second run: the feed answers 304, nothing is fetched or written.
	pages := s.count("/news/fisheries")
	sum, err = in.Ingest(ctx, loadDocs(t, dir), []string{s.URL + "/rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.NotModified != 1 || sum.New != 0 || sum.Changed() {
		t.Fatalf("second run: %+v", sum)
	}
	if s.header("/rss.xml", "If-None-Match") != `"v1"` {
		t.Errorf("second run sent no conditional GET")
	}
	if s.count("/news/fisheries") != pages {
		t.Errorf("second run fetched the article again")
	}
	if again := corpusFiles(t, dir); len(again) != len(files) {
		t.Errorf("second run changed the corpus: %v", keys(again))
	}
}

func TestIngestIsIdempotentWithoutConditionalGET(t *testing.T) {
	s := newsSite(t, "") // no ETag: every run gets the whole feed
	dir := t.TempDir()
	opts := testOptions(t)
	opts.StatePath = "" // and nothing remembered
	in := New(dir, opts)
	ctx := context.Background()
	if _, err := in.Ingest(ctx, nil, []string{s.URL + "/rss.xml"}); err != nil {
		t.Fatal(err)
	}
	before := corpusFiles(t, dir)
	// Even without the reader's help (no documents passed), front matter
	// URLs identify what is already stored.
	sum, err := New(dir, opts).Ingest(ctx, nil, []string{s.URL + "/rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Duplicate != 2 || sum.Changed() {
		t.Fatalf("second run: %+v", sum)
	}
	after := corpusFiles(t, dir)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s rewritten", k)
		}
	}
}

func TestIngestAtomKeepsSummaryWhenPageIsNotHTML(t *testing.T) {
	s := newsSite(t, "")
	dir := t.TempDir()
	sum, err := New(dir, testOptions(t)).Ingest(context.Background(), nil, []string{s.URL + "/atom.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.SummaryOnly != 1 || sum.Failed != 0 {
		t.Fatalf("%+v", sum)
	}
	var got string
	for _, v := range corpusFiles(t, dir) {
		got = v
	}
	for _, frag := range []string{"title: Lighthouse keepers & the shuttle summit", "date: \"2026-01-15\"", "outlet: Strait Observer", "summary_only: true", "Keepers on both coasts watched the leaders' talks."} {
		if !strings.Contains(got, frag) {
			t.Errorf("article lacks %q:\n%s", frag, got)
		}
	}
}

func TestIngestAggregatorItemKeepsHeadlineList(t *testing.T) {
	s := newsSite(t, "")
	dir := t.TempDir()
	sum, err := New(dir, testOptions(t)).Ingest(context.Background(), nil, []string{s.URL + "/gnews.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.Failed != 0 {
		t.Fatalf("%+v", sum)
	}
	if n := s.count("/agg/articles/CBMiXYZ123"); n != 0 {
		t.Errorf("fetched the aggregator's redirect page %d times", n)
	}
	var name, got string
	for k, v := range corpusFiles(t, dir) {
		name, got = k, v
	}
	if !strings.HasSuffix(name, "/2026-01-14-leaders-pledge-new-ferry-route-after-strait-summit.md") {
		t.Errorf("file name %s", name)
	}
	for _, frag := range []string{
		"title: Leaders pledge new ferry route after strait summit\n",
		"outlet: Harbor Wire\n",
		"\nLeaders pledge new ferry route after strait summit — Harbor Wire\n",
		"\nStrait summit ends with karaoke and a ferry deal — The Coastal Times\n",
		"\nWhat the ferry route means for island towns — Island Daily\n",
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("article lacks %q:\n%s", frag, got)
		}
	}
}

func TestIngestDeduplicatesSameStoryUnderOtherURLs(t *testing.T) {
	var s *site
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>
<item><title>Fisheries talks to resume</title><link>{{base}}/news/fisheries</link></item>
<item><title>Fisheries talks (tracking copy)</title><link>{{base}}/news/fisheries/?utm_campaign=x#top</link></item>
<item><title>S Korea, Japan to resume fisheries talks</title><link>{{base}}/coastal/fisheries</link></item>
</channel></rss>`
	s = newSite(t, map[string]http.HandlerFunc{
		"/feed":              templated("application/rss+xml", feed, func() string { return s.URL }),
		"/news/fisheries":    serve("text/html", readTestdata(t, "fisheries.html"), ""),
		"/coastal/fisheries": serve("text/html", readTestdata(t, "fisheries-syndicated.html"), ""),
	})
	dir := t.TempDir()
	opts := testOptions(t)
	opts.MergeAlsoIn = true
	in := New(dir, opts)
	sum, err := in.Ingest(context.Background(), nil, []string{s.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Seen != 3 || sum.New != 1 || sum.Duplicate != 2 || sum.Updated != 1 {
		t.Fatalf("%+v", sum)
	}
	files := corpusFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("want one article, got %v", keys(files))
	}
	for _, v := range files {
		if !strings.Contains(v, "also_in:") || !strings.Contains(v, "outlet: Coastal Times") || !strings.Contains(v, s.URL+"/coastal/fisheries") {
			t.Errorf("duplicate's outlet not merged:\n%s", v)
		}
	}
	// Run again: the merged URL is known, nothing changes.
	sum, err = New(dir, opts).Ingest(context.Background(), nil, []string{s.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Updated != 0 || sum.Duplicate != 3 {
		t.Fatalf("second run: %+v", sum)
	}
}

func TestIngestBadInputsFailClearlyAndWriteNothing(t *testing.T) {
	big := "<html><body><article><p>" + strings.Repeat("word ", 400_000) + "</p></article></body></html>"
	slowDone := make(chan struct{})
	t.Cleanup(func() { close(slowDone) })
	var s *site
	s = newSite(t, map[string]http.HandlerFunc{
		"/malformed.xml": serve("application/rss+xml", readTestdata(t, "malformed.xml"), ""),
		"/huge":          serve("text/html", big, ""),
		"/loop":          func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) },
		"/loop2":         func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) },
		"/report.pdf":    serve("application/pdf", "%PDF-1.7 binary", ""),
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-slowDone:
			}
		},
		"/gone":  func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) },
		"/empty": serve("text/html", "<html><body><nav><p>menu</p></nav></body></html>", ""),
	})
	tests := []struct {
		name, src, want string
	}{
		{"malformed XML", s.URL + "/malformed.xml", "malformed feed"},
		{"huge page", s.URL + "/huge", "size cap"},
		{"redirect loop", s.URL + "/loop", "too many redirects"},
		{"non-HTML content", s.URL + "/report.pdf", "content type application/pdf"},
		{"slow server", s.URL + "/slow", "timed out"},
		{"HTTP error", s.URL + "/gone", "410 Gone"},
		{"page without article", s.URL + "/empty", "no article text"},
		{"unsupported scheme", "ftp://example.com/feed", "unsupported URL scheme"},
		{"missing file", filepath.Join(t.TempDir(), "nope.xml"), "no such file"},
		{"unsupported file", writeTemp(t, "notes.pdf", "%PDF"), "unsupported file type"},
		{"local malformed feed", writeTemp(t, "broken.xml", readTestdata(t, "malformed.xml")), "malformed feed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opts := testOptions(t)
			opts.RequestTimeout = 300 * time.Millisecond
			opts.MaxPageBytes = 1 << 20
			opts.MaxFeedBytes = 1 << 20
			start := time.Now()
			sum, err := New(dir, opts).Ingest(context.Background(), nil, []string{tc.src})
			if err != nil {
				t.Fatal(err)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
			if sum.Failed != 1 || !sum.AllFailed() || len(sum.Failures) != 1 {
				t.Fatalf("%+v", sum)
			}
			if msg := sum.Failures[0].String(); !strings.Contains(msg, tc.want) {
				t.Errorf("failure %q does not say %q", msg, tc.want)
			}
			if files := corpusFiles(t, dir); len(files) != 0 {
				t.Errorf("wrote %v", keys(files))
			}
		})
	}
}

func TestIngestFeedItemsWithBadPagesKeepSummary(t *testing.T) {
	big := "<html><body><article><p>" + strings.Repeat("word ", 300_000) + "</p></article></body></html>"
	var s *site
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Trouble</title>
<item><title>Huge page story</title><link>{{base}}/huge</link><description>Summary of the huge story.</description></item>
<item><title>Looping story</title><link>{{base}}/loop</link><description>Summary of the looping story.</description></item>
<item><title>Slow story</title><link>{{base}}/slow</link><description>Summary of the slow story.</description></item>
<item><title>No summary, no page</title><link>{{base}}/gone</link></item>
</channel></rss>`
	s = newSite(t, map[string]http.HandlerFunc{
		"/feed": templated("application/rss+xml", feed, func() string { return s.URL }),
		"/huge": serve("text/html", big, ""),
		"/loop": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) },
		"/slow": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		"/gone": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
	})
	opts := testOptions(t)
	opts.RequestTimeout = 300 * time.Millisecond
	opts.MaxPageBytes = 1 << 20
	dir := t.TempDir()
	sum, err := New(dir, opts).Ingest(context.Background(), nil, []string{s.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Seen != 4 || sum.New != 3 || sum.SummaryOnly != 3 || sum.Failed != 1 {
		t.Fatalf("%+v", sum)
	}
	if !strings.Contains(sum.Failures[0].String(), "No summary, no page") || !strings.Contains(sum.Failures[0].String(), "404") {
		t.Errorf("failure: %s", sum.Failures[0])
	}
	joined := strings.Join(values(corpusFiles(t, dir)), "\n")
	for _, want := range []string{"Summary of the huge story.", "Summary of the looping story.", "Summary of the slow story."} {
		if !strings.Contains(joined, want) {
			t.Errorf("no article with %q", want)
		}
	}
}

func TestIngestFilterKeepsOnTopicItems(t *testing.T) {
	s := newsSite(t, "")
	dir := t.TempDir()
	opts := testOptions(t)
	var err error
	// "mackerel" is only in the fisheries page's text, not in its title or
	// summary: the page is fetched to decide.
	if opts.Filter, err = ParseFilter("mackerel, lighthouse"); err != nil {
		t.Fatal(err)
	}
	in := New(dir, opts)
	sum, err := in.Ingest(context.Background(), nil, []string{s.URL + "/rss.xml", s.URL + "/atom.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 || sum.Filtered != 1 {
		t.Fatalf("%+v", sum)
	}
	for k := range corpusFiles(t, dir) {
		if strings.Contains(k, "ferry") {
			t.Errorf("off-topic article kept: %s", k)
		}
	}
	// The rejection is remembered: the off-topic page is not fetched again.
	n := s.count("/news/ferries")
	sum, err = in.Ingest(context.Background(), loadDocs(t, dir), []string{s.URL + "/rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Filtered != 1 || sum.New != 0 || s.count("/news/ferries") != n {
		t.Errorf("second run: %+v, ferries fetched %d→%d", sum, n, s.count("/news/ferries"))
	}
}

func TestIngestWriteFailureLeavesNoPartialFile(t *testing.T) {
	s := newsSite(t, "")
	dir := t.TempDir()
	in := New(dir, testOptions(t))
	in.beforeRename = func(tmp string) error {
		if _, err := os.Stat(tmp); err != nil {
			t.Errorf("temporary file missing before rename: %v", err)
		}
		return errors.New("simulated crash")
	}
	sum, err := in.Ingest(context.Background(), nil, []string{s.URL + "/rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Failed != 2 || !strings.Contains(sum.Failures[0].String(), "simulated crash") {
		t.Fatalf("%+v", sum)
	}
	if files := corpusFiles(t, dir); len(files) != 0 {
		t.Errorf("left files behind: %v", keys(files))
	}
	// The validators were not saved: the next run ingests the feed.
	in.beforeRename = nil
	sum, err = in.Ingest(context.Background(), nil, []string{s.URL + "/rss.xml"})
	if err != nil || sum.New != 2 {
		t.Fatalf("retry: %+v %v", sum, err)
	}
}

func TestIngestRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".ingest-123.tmp")
	if err := os.WriteFile(stale, []byte("half an artic"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2026, 1, 20, 6, 0, 0, 0, time.UTC)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir, testOptions(t)).Ingest(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file kept: %v", err)
	}
}

func TestIngestLocalFiles(t *testing.T) {
	s := newsSite(t, "")
	feedFile := writeTemp(t, "feed.xml", strings.ReplaceAll(readTestdata(t, "rss.xml"), "{{base}}", s.URL))
	note := filepath.Join("testdata", "local-note.md")
	dir := t.TempDir()
	in := New(dir, testOptions(t))
	sum, err := in.Ingest(context.Background(), nil, []string{feedFile, note})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 3 || sum.Failed != 0 {
		t.Fatalf("%+v", sum)
	}
	files := corpusFiles(t, dir)
	if files["local/local-note.md"] != readTestdata(t, "local-note.md") {
		t.Errorf("local article not copied as is: %v", keys(files))
	}
	sum, err = in.Ingest(context.Background(), nil, []string{feedFile, note})
	if err != nil || sum.New != 0 || sum.Duplicate != 3 {
		t.Fatalf("second run: %+v %v", sum, err)
	}
}

func TestIngestStopsWithContext(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
	})
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	opts := testOptions(t)
	opts.RequestTimeout = time.Minute
	done := make(chan error, 1)
	go func() {
		_, err := New(dir, opts).Ingest(ctx, nil, []string{s.URL + "/slow"})
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for s.count("/slow") == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ingest did not stop")
	}
	if files := corpusFiles(t, dir); len(files) != 0 {
		t.Errorf("wrote %v", keys(files))
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestIngestConditionalGETWithLastModified(t *testing.T) {
	var s *site
	modified := time.Date(2026, 1, 14, 0, 0, 0, 0, time.UTC)
	s = newSite(t, map[string]http.HandlerFunc{
		"/feed.xml": func(w http.ResponseWriter, r *http.Request) {
			body := strings.ReplaceAll(readTestdata(t, "atom.xml"), "{{base}}", s.URL)
			w.Header().Set("Content-Type", "application/atom+xml")
			http.ServeContent(w, r, "feed.xml", modified, strings.NewReader(body))
		},
		"/atom/lighthouse": serve("text/html", readTestdata(t, "ferries.html"), ""),
	})
	dir := t.TempDir()
	in := New(dir, testOptions(t))
	if sum, err := in.Ingest(context.Background(), nil, []string{s.URL + "/feed.xml"}); err != nil || sum.New != 1 {
		t.Fatalf("first run: %+v %v", sum, err)
	}
	sum, err := in.Ingest(context.Background(), loadDocs(t, dir), []string{s.URL + "/feed.xml"})
	if err != nil || sum.NotModified != 1 || sum.Seen != 0 {
		t.Fatalf("second run: %+v %v", sum, err)
	}
	if got := s.header("/feed.xml", "If-Modified-Since"); got != modified.Format(http.TimeFormat) {
		t.Errorf("If-Modified-Since = %q", got)
	}
}

func TestIngestArticleURL(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/story": serve("text/html", readTestdata(t, "fisheries.html"), ""),
		"/short-link": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/story?utm_source=share", http.StatusMovedPermanently)
		},
		"/no-headline": serve("text/html", "<html><body><article><p>Officials in Busan confirmed the schedule for the talks on Monday evening after a long delay.</p></article></body></html>", ""),
	})
	dir := t.TempDir()
	in := New(dir, testOptions(t))
	sum, err := in.Ingest(context.Background(), nil, []string{s.URL + "/short-link", s.URL + "/no-headline"})
	if err != nil || sum.New != 2 || sum.Failed != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	files := corpusFiles(t, dir)
	var story, untitled string
	for k, v := range files {
		if strings.Contains(k, "fisheries") {
			story = v
		} else {
			untitled = v
		}
	}
	// Stored under the address the redirect led to, without tracking.
	if !strings.Contains(story, "url: "+s.URL+"/story\n") || !strings.Contains(story, "outlet: Harbor Wire") || strings.Contains(story, "feed:") {
		t.Errorf("story:\n%s", story)
	}
	if !strings.Contains(untitled, "title: Officials in Busan confirmed the schedule for the talks on Monday evening…") {
		t.Errorf("untitled page:\n%s", untitled)
	}
	// The stored address is not fetched again; the short link is followed
	// and recognised.
	hits := s.count("/story")
	sum, err = in.Ingest(context.Background(), loadDocs(t, dir), []string{s.URL + "/story", s.URL + "/short-link"})
	if err != nil || sum.New != 0 || sum.Duplicate != 2 {
		t.Fatalf("second run: %+v %v", sum, err)
	}
	if s.count("/story") != hits+1 {
		t.Errorf("/story fetched %d times on the second run, want once (via the short link)", s.count("/story")-hits)
	}
}
