package ingest

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"shuttlebot/internal/corpus"
)

// site is a loopback web server with per-path handlers and request counts.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	heads map[string]http.Header // last request headers per path
}

func newSite(t *testing.T, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{hits: map[string]int{}, heads: map[string]http.Header{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.heads[r.URL.Path] = r.Header.Clone()
		s.mu.Unlock()
		h, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) header(path, key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heads[path].Get(key)
}

// serve answers with a fixed body and content type; with etag set it
// honours If-None-Match.
func serve(contentType, body, etag string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if etag != "" {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}
}

// templated replaces {{base}} with the server's URL when serving.
func templated(contentType, body string, base func() string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(strings.ReplaceAll(body, "{{base}}", base())))
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fakeExtract stands in for the corpus extractor so these tests exercise
// ingest alone: the <h1> is the title, <p> elements inside <article> are the
// paragraphs, a meta og:site_name is the outlet.
func fakeExtract(data []byte, pageURL string) (corpus.Extracted, error) {
	doc, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		return corpus.Extracted{}, err
	}
	var ex corpus.Extracted
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.H1:
				ex.Title = collapse(textOf(n))
			case atom.Article:
				inArticle = true
			case atom.Aside, atom.Nav, atom.Footer:
				return
			case atom.P:
				if inArticle {
					if t := collapse(textOf(n)); t != "" {
						ex.Paragraphs = append(ex.Paragraphs, t)
					}
				}
				return
			case atom.Meta:
				var prop, content string
				for _, a := range n.Attr {
					switch a.Key {
					case "property":
						prop = a.Val
					case "content":
						content = a.Val
					}
				}
				if prop == "og:site_name" {
					ex.Outlet = content
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle)
		}
	}
	walk(doc, false)
	return ex, nil
}

// testOptions are fast, deterministic options for loopback tests.
func testOptions(t *testing.T) Options {
	return Options{
		RequestTimeout: 2 * time.Second,
		SourceTimeout:  10 * time.Second,
		RatePerHost:    1000,
		Burst:          100,
		StatePath:      filepath.Join(t.TempDir(), "state.json"),
		Extract:        fakeExtract,
		Now:            func() time.Time { return time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC) },
	}
}

// corpusFiles lists the corpus folder's files (relative, slash-separated)
// with their contents.
func corpusFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loadDocs reads the corpus the way the bot does, for a second run.
func loadDocs(t *testing.T, dir string) []corpus.Document {
	t.Helper()
	docs, err := corpus.Load(context.Background(), os.DirFS(dir), discardLogger())
	if err != nil && err != corpus.ErrNoArticles {
		t.Fatal(err)
	}
	return docs
}
