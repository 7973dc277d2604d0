// Package ingest keeps a corpus current by fetching RSS/Atom feeds and
// article pages and writing each new story into the corpus folder as
// Markdown with front matter, atomically and without duplicates.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/time/rate"

	"shuttlebot/internal/corpus"
)

// Options tunes an Ingester. Zero values take the defaults below.
type Options struct {
	// Client does the HTTP; default NewHTTPClient(). Its CheckRedirect is
	// replaced (on a copy) by the redirect limit.
	Client    *http.Client
	UserAgent string // default "ShuttleBot/dev (+https://github.com/)"

	RequestTimeout time.Duration // per request, default 20s
	SourceTimeout  time.Duration // a whole feed or URL argument, default 5m
	MaxFeedBytes   int64         // default 10 MiB
	MaxPageBytes   int64         // default 5 MiB
	MaxRedirects   int           // default 5
	RatePerHost    rate.Limit    // requests per second per host, default 2
	Burst          int           // default 4

	// Filter keeps only matching feed items (articles given directly are
	// always kept).
	Filter Filter
	// MergeAlsoIn adds a duplicate's outlet and URL to the existing
	// article's also_in front matter (articles written by ingest only), which
	// the corpus reader turns into Document.AlsoIn. Off: duplicates are only
	// counted.
	MergeAlsoIn bool
	// StatePath is the JSON file with conditional-GET validators and filter
	// rejections; "" remembers nothing between runs.
	StatePath string

	// Extract pulls an article out of an HTML page; default
	// corpus.ExtractHTML, the extractor the corpus uses for .html files.
	Extract func(data []byte, pageURL string) (corpus.Extracted, error)

	Now    func() time.Time // default time.Now
	Logger *slog.Logger     // default: discard
	// Progress, when set, is called as items are processed; total grows as
	// feeds are read.
	Progress func(done, total int)
}

// DefaultUserAgent identifies the bot to the sites it reads.
const DefaultUserAgent = "ShuttleBot/dev (+https://github.com/)"

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 20 * time.Second
	}
	if o.SourceTimeout <= 0 {
		o.SourceTimeout = 5 * time.Minute
	}
	if o.MaxFeedBytes <= 0 {
		o.MaxFeedBytes = 10 << 20
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = 5 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.RatePerHost <= 0 {
		o.RatePerHost = 2
	}
	if o.Burst <= 0 {
		o.Burst = 4
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Extract == nil {
		o.Extract = corpus.ExtractHTML
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// Ingester writes articles from feeds, pages and local files into one corpus
// folder. Its methods are safe for concurrent use; ingests run one at a time.
type Ingester struct {
	dir   string
	opts  Options
	fetch *fetcher
	mu    sync.Mutex
	// prints caches the corpus documents' fingerprints between ingests
	// (scheduled refreshes pass the same documents again), keyed by ID and
	// hash.
	prints map[string]fingerprint

	// beforeRename runs before each article's rename (tests simulate a
	// crash with it).
	beforeRename func(tmp string) error
}

// New returns an Ingester writing into corpusDir.
func New(corpusDir string, opts Options) *Ingester {
	opts = opts.withDefaults()
	return &Ingester{dir: corpusDir, opts: opts, fetch: newFetcher(opts), prints: map[string]fingerprint{}}
}

// Summary counts what an ingest did.
type Summary struct {
	Sources     int // arguments or feeds processed
	Seen        int // items (feed entries, pages, files) looked at
	New         int // articles written
	Updated     int // existing articles changed (a duplicate's outlet added)
	Duplicate   int // items already in the corpus (by URL or content)
	Filtered    int // feed items off the filter's topic
	Failed      int // items or sources that could not be ingested
	NotModified int // feeds that answered 304 Not Modified
	SummaryOnly int // new articles kept with the feed's summary only
	// Written lists the corpus paths created or changed, in order.
	Written  []string
	Failures []Failure
	// Warnings are items stored with less than hoped (the page could not be
	// used, so the feed's summary was kept), with the reason.
	Warnings []Failure
}

// Failure says why a source or item was not ingested.
type Failure struct {
	Source string // the argument or feed URL
	Item   string // the item's title or URL; "" when the source itself failed
	Err    error
}

func (f Failure) String() string {
	if f.Item == "" {
		return fmt.Sprintf("%s: %s", f.Source, strings.TrimPrefix(f.Err.Error(), "fetch "+f.Source+": "))
	}
	return fmt.Sprintf("%s: %q: %v", f.Source, f.Item, f.Err)
}

// String is the one-line summary: "seen N, new N, duplicate N, failed N".
func (s Summary) String() string {
	return fmt.Sprintf("seen %d, new %d, duplicate %d, failed %d", s.Seen, s.New, s.Duplicate, s.Failed)
}

// Changed reports whether the corpus folder changed.
func (s Summary) Changed() bool { return len(s.Written) > 0 }

// AllFailed reports whether something failed and nothing succeeded.
func (s Summary) AllFailed() bool {
	return s.Failed > 0 && s.New == 0 && s.Updated == 0 && s.Duplicate == 0 && s.Filtered == 0 && s.NotModified == 0
}

// pass is the state of one Ingest call.
type pass struct {
	in          *Ingester
	known       *known
	hashes      map[string]string // sha256 of file bytes → path
	state       *state
	sum         Summary
	done, total int
	now         time.Time
}

// Ingest reads each source — an http(s) URL of a feed or an article, or a
// local feed (.xml/.rss/.atom) or article (.html/.md/.txt) file — and writes
// the articles not yet in the corpus. existing is the corpus as currently
// loaded (for duplicate detection). Problems with single sources or items
// are reported in the Summary; the error is for the corpus folder itself or
// a cancelled ctx.
func (in *Ingester) Ingest(ctx context.Context, existing []corpus.Document, sources []string) (Summary, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if err := os.MkdirAll(in.dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("ingest: create corpus folder %s: %w", in.dir, err)
	}
	p := &pass{in: in, known: newKnown(), hashes: map[string]string{}, now: in.opts.Now()}
	removeStaleTemps(in.dir, p.now)
	prints := make(map[string]fingerprint, len(existing))
	for _, d := range existing {
		key := d.ID + "\x00" + d.Hash
		fp, ok := in.prints[key]
		if !ok || d.Hash == "" {
			fp = fingerprintOf(d.Paragraphs)
		}
		prints[key] = fp
		p.known.addDoc(d, fp)
		if d.Hash != "" {
			p.hashes[d.Hash] = d.ID
		}
	}
	in.prints = prints
	if err := p.scanFiles(); err != nil {
		return Summary{}, err
	}
	st, err := loadState(in.opts.StatePath)
	if err != nil {
		in.opts.Logger.Warn("ingest: state", "err", err)
	}
	p.state = st
	p.total = len(sources)
	p.progress()
	for _, src := range sources {
		if ctx.Err() != nil {
			break
		}
		p.sum.Sources++
		sctx, cancel := context.WithTimeout(ctx, in.opts.SourceTimeout)
		if isWebURL(src) {
			p.fromURL(sctx, src)
		} else {
			p.fromFile(sctx, src)
		}
		cancel()
		p.done++
		p.progress()
	}
	if err := saveState(in.opts.StatePath, p.state); err != nil {
		in.opts.Logger.Warn("ingest: saving state", "err", err)
	}
	if err := ctx.Err(); err != nil {
		return p.sum, fmt.Errorf("ingest: stopped: %w", err)
	}
	return p.sum, nil
}

func isWebURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func (p *pass) progress() {
	if p.in.opts.Progress != nil {
		p.in.opts.Progress(p.done, p.total)
	}
}

func (p *pass) fail(src, item string, err error) {
	p.sum.Failed++
	if red := RedactURL(src); red != src {
		err = errors.New(strings.ReplaceAll(err.Error(), src, red))
		src = red
	}
	p.sum.Failures = append(p.sum.Failures, Failure{Source: src, Item: item, Err: err})
	p.in.opts.Logger.Debug("ingest: failed", "source", src, "item", item, "err", err)
}

// scanFiles records the URLs in the corpus files' front matter and the
// files' hashes, whatever the corpus reader made of them.
func (p *pass) scanFiles() error {
	return filepath.WalkDir(p.in.dir, func(fp string, d os.DirEntry, err error) error {
		if err != nil {
			if fp == p.in.dir {
				return fmt.Errorf("ingest: read corpus folder %s: %w", p.in.dir, err)
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(p.in.dir, fp)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		p.known.paths[rel] = true
		ext := strings.ToLower(path.Ext(rel))
		if ext != ".md" && ext != ".txt" && ext != ".html" && ext != ".htm" {
			return nil
		}
		data, err := os.ReadFile(fp)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(data)
		if _, ok := p.hashes[hex.EncodeToString(sum[:])]; !ok {
			p.hashes[hex.EncodeToString(sum[:])] = rel
		}
		for _, u := range frontMatterURLs(data) {
			p.known.addURL(u, rel)
		}
		return nil
	})
}

const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
	acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
)

// fromURL ingests a feed or an article page given by URL.
func (p *pass) fromURL(ctx context.Context, src string) {
	if id, ok := p.known.byURL(src); ok { // an article already stored
		p.sum.Seen++
		p.sum.Duplicate++
		p.in.opts.Logger.Debug("ingest: already in the corpus", "url", src, "doc", id)
		return
	}
	fs := p.state.Feeds[src]
	var cond validators
	if fs != nil {
		cond = fs.validators
	}
	max := p.in.opts.MaxFeedBytes
	if p.in.opts.MaxPageBytes > max {
		max = p.in.opts.MaxPageBytes
	}
	resp, err := p.in.fetch.get(ctx, src, acceptFeed, max, cond)
	if err != nil {
		p.fail(src, "", err)
		return
	}
	if resp.notModified {
		p.sum.NotModified++
		return
	}
	if gofeed.DetectFeedType(bytes.NewReader(resp.body)) != gofeed.FeedTypeUnknown {
		if int64(len(resp.body)) > p.in.opts.MaxFeedBytes {
			p.fail(src, "", fmt.Errorf("the feed is over the %d-byte size cap", p.in.opts.MaxFeedBytes))
			return
		}
		p.feed(ctx, src, resp.finalURL, resp.body, resp.validators)
		return
	}
	if !isHTML(resp.contentType) {
		p.fail(src, "", fmt.Errorf("%s is neither an RSS/Atom feed nor an HTML page (content type %s)", src, resp.contentType))
		return
	}
	if int64(len(resp.body)) > p.in.opts.MaxPageBytes {
		p.fail(src, "", fmt.Errorf("the page is over the %d-byte size cap", p.in.opts.MaxPageBytes))
		return
	}
	p.page(ctx, src, resp)
}

// page ingests a single article page that was fetched directly.
func (p *pass) page(ctx context.Context, src string, resp response) {
	p.sum.Seen++
	canon := CanonicalURL(resp.finalURL)
	if canon == "" {
		canon = CanonicalURL(src)
	}
	for _, u := range []string{src, canon} {
		if id, ok := p.known.byURL(u); ok {
			p.sum.Duplicate++
			p.in.opts.Logger.Debug("ingest: already in the corpus", "url", u, "doc", id)
			return
		}
	}
	ex, err := p.in.opts.Extract(resp.body, resp.finalURL)
	if err == nil && len(ex.Paragraphs) == 0 {
		err = errors.New("no article text found on the page")
	}
	if err != nil {
		p.fail(src, "", fmt.Errorf("extracting the article: %w", err))
		return
	}
	if id, ok := p.known.byURL(ex.URL); ok { // the page names its canonical address
		p.sum.Duplicate++
		p.in.opts.Logger.Debug("ingest: already in the corpus", "url", ex.URL, "doc", id)
		return
	}
	a := Article{Title: collapse(ex.Title), Outlet: ex.Outlet, URL: canon, Date: ex.Date, FetchedAt: p.now, Paragraphs: ex.Paragraphs}
	if a.Title == "" {
		a.Title = firstWords(ex.Paragraphs[0], 12)
	}
	if a.Outlet == "" {
		a.Outlet = strings.TrimPrefix(hostOf(canon), "www.")
	}
	p.store(src, a)
}

// feed ingests every item of a feed.
func (p *pass) feed(ctx context.Context, src, base string, body []byte, v validators) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		p.fail(src, "", fmt.Errorf("malformed feed: %w", err))
		return
	}
	var fs *feedState
	if isWebURL(src) {
		fs = p.state.Feeds[src]
		if fs == nil {
			fs = &feedState{}
			p.state.Feeds[src] = fs
		}
		if fs.Filter != p.in.opts.Filter.String() {
			fs.Filter, fs.Rejected = p.in.opts.Filter.String(), nil
		}
	} else {
		fs = &feedState{} // local files remember nothing
	}
	p.total += len(f.Items)
	p.progress()
	outlet := feedOutlet(f, src)
	failedBefore := p.sum.Failed
	for _, it := range f.Items {
		if ctx.Err() != nil {
			p.fail(src, "", fmt.Errorf("stopped before the feed was done: %w", context.Cause(ctx)))
			break
		}
		p.item(ctx, src, base, outlet, it, fs)
		p.done++
		p.progress()
	}
	if p.sum.Failed == failedBefore && isWebURL(src) {
		// Only a fully ingested feed may be skipped by a 304 next time.
		fs.validators = v
		fs.Fetched = p.now
	}
}

// item ingests one feed entry.
func (p *pass) item(ctx context.Context, src, base, outlet string, it *gofeed.Item, fs *feedState) {
	p.sum.Seen++
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	if link == "" && isWebURL(it.GUID) {
		link = it.GUID
	}
	if link != "" && base != "" {
		if b, err := url.Parse(base); err == nil {
			if r, err := b.Parse(link); err == nil {
				link = r.String()
			}
		}
	}
	canon := CanonicalURL(link)
	title := collapse(strings.Join(htmlParagraphs(it.Title), " "))
	label := title
	if label == "" {
		label = link
	}
	if id, ok := p.known.byURL(canon); ok {
		p.sum.Duplicate++
		p.in.opts.Logger.Debug("ingest: already in the corpus", "url", canon, "doc", id)
		return
	}
	if canon != "" && fs.rejected(canon) {
		p.sum.Filtered++
		return
	}
	if canon != "" && fs.duplicate(canon) {
		p.sum.Duplicate++
		return
	}
	a := Article{Title: title, Outlet: outlet, URL: canon, Date: itemDate(it), FetchedAt: p.now}
	if isWebURL(src) {
		a.Feed = RedactURL(src)
	}
	if heads := aggregatorHeadlines(it.Description); heads != nil {
		a.Headlines = heads
		a.Title, a.Outlet = splitOutlet(a.Title, heads[0].Outlet, a.Outlet)
		var texts []string
		for _, h := range heads {
			texts = append(texts, h.Title)
		}
		if !p.in.opts.Filter.Match(append(texts, a.Title)...) {
			p.sum.Filtered++
			fs.reject(canon)
			return
		}
		if p.store(src, a) == storedDuplicate {
			fs.rememberDuplicate(canon)
		}
		return
	}
	summary := htmlParagraphs(it.Description)
	if content := htmlParagraphs(it.Content); len(strings.Join(content, " ")) > len(strings.Join(summary, " ")) {
		summary = content
	}
	onTopic := p.in.opts.Filter.Match(append(summary, title)...)
	var pageErr error
	if canon == "" {
		pageErr = errors.New("the item has no link")
	} else {
		ex, err := p.fetchArticle(ctx, canon)
		pageErr = err
		if id, ok := p.known.byURL(ex.URL); err == nil && ok {
			p.sum.Duplicate++
			p.in.opts.Logger.Debug("ingest: already in the corpus", "url", ex.URL, "doc", id)
			fs.rememberDuplicate(canon)
			return
		}
		if err == nil {
			a.Paragraphs = ex.Paragraphs
			if a.Title == "" {
				a.Title = collapse(ex.Title)
			}
			if ex.Outlet != "" {
				a.Outlet = ex.Outlet
			}
			if !ex.Date.IsZero() {
				a.Date = ex.Date
			}
		}
	}
	if pageErr != nil {
		if ctx.Err() != nil {
			p.fail(src, label, pageErr)
			return
		}
		if len(summary) == 0 {
			p.fail(src, label, fmt.Errorf("the page could not be used (%v) and the feed gives no summary", pageErr))
			return
		}
		a.Paragraphs, a.SummaryOnly = summary, true
	}
	if !onTopic && !p.in.opts.Filter.Match(append(a.Paragraphs, a.Title)...) {
		p.sum.Filtered++
		fs.reject(canon)
		return
	}
	if a.Title == "" {
		a.Title = firstWords(a.Paragraphs[0], 12)
	}
	switch p.store(src, a) {
	case stored:
		if a.SummaryOnly {
			p.sum.SummaryOnly++
			p.sum.Warnings = append(p.sum.Warnings, Failure{Source: RedactURL(src), Item: label, Err: fmt.Errorf("kept the feed's summary: %w", pageErr)})
		}
	case storedDuplicate:
		fs.rememberDuplicate(canon)
	}
}

// fetchArticle fetches and extracts one article page.
func (p *pass) fetchArticle(ctx context.Context, u string) (corpus.Extracted, error) {
	resp, err := p.in.fetch.get(ctx, u, acceptHTML, p.in.opts.MaxPageBytes, validators{})
	if err != nil {
		return corpus.Extracted{}, err
	}
	if !isHTML(resp.contentType) {
		return corpus.Extracted{}, fmt.Errorf("%s is not an HTML page (content type %s)", u, resp.contentType)
	}
	ex, err := p.in.opts.Extract(resp.body, resp.finalURL)
	if err != nil {
		return ex, fmt.Errorf("extracting %s: %w", u, err)
	}
	if len(ex.Paragraphs) == 0 {
		return ex, fmt.Errorf("no article text found on %s", u)
	}
	return ex, nil
}

type storeResult int

const (
	stored storeResult = iota
	storedDuplicate
	storeFailed
)

// store writes a, unless the corpus already tells the same story; then the
// existing article, when ingest wrote it, may gain a's outlet in also_in.
func (p *pass) store(src string, a Article) storeResult {
	fp := fingerprintOf(a.body())
	if id, ok := p.known.byText(fp); ok {
		p.sum.Duplicate++
		p.mergeAlsoIn(src, id, a)
		return storedDuplicate
	}
	rel := fileName(a, func(rel string) bool {
		if p.known.paths[rel] {
			return true
		}
		_, err := os.Lstat(filepath.Join(p.in.dir, filepath.FromSlash(rel)))
		return err == nil
	})
	data, err := a.Markdown()
	if err == nil {
		err = writeAtomic(p.in.dir, rel, data, p.in.beforeRename)
	}
	if err != nil {
		p.fail(src, a.Title, err)
		return storeFailed
	}
	p.known.paths[rel] = true
	p.known.addURL(a.URL, rel)
	p.known.texts = append(p.known.texts, knownText{id: rel, fp: fp})
	p.sum.New++
	p.sum.Written = append(p.sum.Written, rel)
	p.in.opts.Logger.Debug("ingest: wrote", "doc", rel, "url", a.URL)
	return stored
}

// mergeAlsoIn records a duplicate's URL and outlet in the existing article,
// when that article was written by ingest (other files are never touched).
func (p *pass) mergeAlsoIn(src, id string, a Article) {
	if a.URL == "" {
		return
	}
	p.known.addURL(a.URL, id)
	if !p.in.opts.MergeAlsoIn {
		return
	}
	full := filepath.Join(p.in.dir, filepath.FromSlash(id))
	data, err := os.ReadFile(full)
	if err != nil {
		return
	}
	fm, body, ok := readWritten(data)
	if !ok {
		return
	}
	key := urlKey(a.URL)
	if urlKey(CanonicalURL(fm.URL)) == key {
		return
	}
	for _, m := range fm.AlsoIn {
		if urlKey(CanonicalURL(m.URL)) == key {
			return
		}
	}
	fm.AlsoIn = append(fm.AlsoIn, Mention{Title: a.Title, Outlet: a.Outlet, URL: a.URL})
	out, err := renderWritten(fm, body)
	if err == nil {
		err = writeAtomic(p.in.dir, id, out, p.in.beforeRename)
	}
	if err != nil {
		p.fail(src, a.Title, err)
		return
	}
	p.sum.Updated++
	p.sum.Written = append(p.sum.Written, id)
}

func renderWritten(fm frontMatter, body []string) ([]byte, error) {
	a := Article{Title: fm.Title, Outlet: fm.Outlet, URL: fm.URL, Feed: fm.Feed, SummaryOnly: fm.SummaryOnly, Paragraphs: body, AlsoIn: fm.AlsoIn}
	if d, err := corpus.ParseDate(fm.Date); err == nil {
		a.Date = d
	}
	t, err := time.Parse(time.RFC3339, fm.FetchedAt)
	if err != nil {
		return nil, fmt.Errorf("ingest: fetched_at %q: %w", fm.FetchedAt, err)
	}
	a.FetchedAt = t
	return a.Markdown()
}

// fromFile ingests a local feed or article file.
func (p *pass) fromFile(ctx context.Context, name string) {
	if scheme, _, ok := strings.Cut(name, "://"); ok && !strings.ContainsAny(scheme, `/\.`) {
		p.fail(name, "", fmt.Errorf("unsupported URL scheme %q: give an http(s) URL or a file", scheme))
		return
	}
	st, err := os.Stat(name)
	switch {
	case err != nil:
		p.fail(name, "", fmt.Errorf("no such file (give an http(s) URL or the path of a feed or article file)"))
		return
	case st.IsDir():
		p.fail(name, "", errors.New("is a folder; give feed or article files"))
		return
	case st.Size() > p.in.opts.MaxFeedBytes:
		p.fail(name, "", fmt.Errorf("%d bytes is over the %d-byte size cap", st.Size(), p.in.opts.MaxFeedBytes))
		return
	}
	data, err := os.ReadFile(name)
	if err != nil {
		p.fail(name, "", fmt.Errorf("reading: %w", err))
		return
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".xml" || ext == ".rss" || ext == ".atom" ||
		(ext != ".html" && ext != ".htm" && gofeed.DetectFeedType(bytes.NewReader(data)) != gofeed.FeedTypeUnknown):
		p.feed(ctx, name, "", data, validators{})
	case ext == ".html" || ext == ".htm" || ext == ".md" || ext == ".markdown" || ext == ".txt":
		p.copyFile(name, ext, data)
	default:
		p.fail(name, "", fmt.Errorf("unsupported file type %q (want a feed .xml/.rss/.atom or an article .html/.md/.txt)", ext))
	}
}

// copyFile copies a local article into the corpus folder under local/.
func (p *pass) copyFile(name, ext string, data []byte) {
	p.sum.Seen++
	if abs, err := filepath.Abs(name); err == nil {
		if dir, err := filepath.Abs(p.in.dir); err == nil && strings.HasPrefix(abs, dir+string(filepath.Separator)) {
			p.sum.Duplicate++
			return
		}
	}
	sum := sha256.Sum256(data)
	if _, ok := p.hashes[hex.EncodeToString(sum[:])]; ok {
		p.sum.Duplicate++
		return
	}
	for _, u := range frontMatterURLs(data) {
		if _, ok := p.known.byURL(u); ok {
			p.sum.Duplicate++
			return
		}
	}
	// Read it the way the corpus loader will.
	doc, err := corpus.Parse(filepath.Base(name), data)
	if err != nil {
		p.fail(name, "", fmt.Errorf("reading the article: %w", err))
		return
	}
	paras := doc.Paragraphs
	if len(paras) == 0 {
		p.fail(name, "", errors.New("no article text found"))
		return
	}
	fp := fingerprintOf(paras)
	if _, ok := p.known.byText(fp); ok {
		p.sum.Duplicate++
		return
	}
	stem := slug(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), 80)
	if stem == "" {
		stem = hex.EncodeToString(sum[:4])
	}
	rel := path.Join("local", stem+ext)
	if p.known.paths[rel] {
		rel = path.Join("local", stem+"-"+hex.EncodeToString(sum[:4])+ext)
	}
	if err := writeAtomic(p.in.dir, rel, data, p.in.beforeRename); err != nil {
		p.fail(name, "", err)
		return
	}
	p.known.paths[rel] = true
	p.known.texts = append(p.known.texts, knownText{id: rel, fp: fp})
	p.hashes[hex.EncodeToString(sum[:])] = rel
	p.sum.New++
	p.sum.Written = append(p.sum.Written, rel)
}

// itemDate is the item's publication (or update) day in the feed's own
// time zone, zero when unknown.
func itemDate(it *gofeed.Item) corpus.Date {
	for _, c := range []struct {
		raw    string
		parsed *time.Time
	}{{it.Published, it.PublishedParsed}, {it.Updated, it.UpdatedParsed}} {
		if t, ok := parseZoned(c.raw); ok {
			return corpus.DayDate(t)
		}
		if c.parsed != nil {
			return corpus.DayDate(*c.parsed) // gofeed gives UTC
		}
	}
	return corpus.Date{}
}

// parseZoned parses the common feed date forms keeping their zone offset.
func parseZoned(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC3339, time.RFC3339Nano,
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// feedOutlet names the outlet of a feed's items when their pages don't: a
// short feed title, else the feed's site.
func feedOutlet(f *gofeed.Feed, src string) string {
	if t := collapse(f.Title); t != "" && len(t) <= 40 && !strings.ContainsAny(t, "|:") && !strings.Contains(t, " - ") {
		return t
	}
	for _, u := range []string{f.Link, src} {
		if h := hostOf(u); h != "" {
			return strings.TrimPrefix(h, "www.")
		}
	}
	return ""
}

// splitOutlet strips an aggregator's " - Outlet" title suffix and returns
// the outlet it names (or, failing that, the first headline's).
func splitOutlet(title, headOutlet, fallback string) (string, string) {
	if i := strings.LastIndex(title, " - "); i > 0 {
		suffix := strings.TrimSpace(title[i+3:])
		if suffix != "" && (strings.EqualFold(suffix, headOutlet) || (headOutlet == "" && len(suffix) <= 40)) {
			return strings.TrimSpace(title[:i]), suffix
		}
	}
	if headOutlet != "" {
		return title, headOutlet
	}
	return title, fallback
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		return strings.Join(w[:n], " ") + "…"
	}
	return strings.Join(w, " ")
}
