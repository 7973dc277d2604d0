package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"shuttlebot/internal/corpus"
)

// Article is one piece of coverage ready to be written into the corpus.
type Article struct {
	Title     string
	Outlet    string
	URL       string // canonical
	Date      corpus.Date
	FetchedAt time.Time
	Feed      string // the feed it came from, if any
	// SummaryOnly marks an item whose page could not be fetched: the body is
	// the feed's summary.
	SummaryOnly bool
	Paragraphs  []string
	// Headlines is an aggregator item's list; rendered as body lines
	// "Headline — Outlet".
	Headlines []Headline
	AlsoIn    []Mention
}

// Mention is another place the same story appeared.
type Mention struct {
	Title  string `yaml:"title,omitempty"`
	Outlet string `yaml:"outlet,omitempty"`
	URL    string `yaml:"url,omitempty"`
}

// frontMatter is the YAML header of a written article (field order is the
// file's order).
type frontMatter struct {
	Title       string    `yaml:"title"`
	Date        string    `yaml:"date,omitempty"`
	Outlet      string    `yaml:"outlet,omitempty"`
	URL         string    `yaml:"url,omitempty"`
	FetchedAt   string    `yaml:"fetched_at"`
	Feed        string    `yaml:"feed,omitempty"`
	SummaryOnly bool      `yaml:"summary_only,omitempty"`
	AlsoIn      []Mention `yaml:"also_in,omitempty"`
}

// body returns the article's paragraphs as they are written.
func (a Article) body() []string {
	out := append([]string(nil), a.Paragraphs...)
	for _, h := range a.Headlines {
		line := h.Title
		if h.Outlet != "" {
			line += " — " + h.Outlet
		}
		out = append(out, line)
	}
	return out
}

// Markdown renders the article as Markdown with YAML front matter.
func (a Article) Markdown() ([]byte, error) {
	fm := frontMatter{
		Title:       a.Title,
		Date:        a.Date.String(),
		Outlet:      a.Outlet,
		URL:         a.URL,
		FetchedAt:   a.FetchedAt.UTC().Format(time.RFC3339),
		Feed:        a.Feed,
		SummaryOnly: a.SummaryOnly,
		AlsoIn:      a.AlsoIn,
	}
	head, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("ingest: front matter for %q: %w", a.Title, err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(head)
	b.WriteString("---\n")
	for _, p := range a.body() {
		b.WriteString("\n")
		b.WriteString(p)
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// readWritten parses an article this package wrote; ok is false for any
// other file (those are never modified).
func readWritten(data []byte) (fm frontMatter, body []string, ok bool) {
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		return fm, nil, false
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		return fm, nil, false
	}
	if err := yaml.Unmarshal([]byte(s[4:4+end+1]), &fm); err != nil || fm.FetchedAt == "" {
		return fm, nil, false
	}
	return fm, splitParagraphs(s[4+end+5:]), true
}

// frontMatterURLs returns the url/link and also_in URLs in a file's YAML
// front matter, whoever wrote it.
func frontMatterURLs(data []byte) []string {
	s := string(data)
	if !strings.HasPrefix(s, "---\n") && !strings.HasPrefix(s, "---\r\n") {
		return nil
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		return nil
	}
	var fm struct {
		URL    string    `yaml:"url"`
		Link   string    `yaml:"link"`
		AlsoIn []Mention `yaml:"also_in"`
	}
	if yaml.Unmarshal([]byte(s[4:4+end+1]), &fm) != nil {
		return nil
	}
	out := []string{fm.URL, fm.Link}
	for _, m := range fm.AlsoIn {
		out = append(out, m.URL)
	}
	return out
}

// fileName picks a stable corpus path for an article:
// <site>/<yyyy-mm-dd>-<slug>.md, with a short hash of the URL when taken.
func fileName(a Article, taken func(string) bool) string {
	site := "local"
	if a.URL != "" {
		site = slug(strings.TrimPrefix(hostOf(a.URL), "www."), 60)
	} else if a.Feed != "" {
		site = slug(strings.TrimPrefix(hostOf(a.Feed), "www."), 60)
	}
	if site == "" {
		site = "local"
	}
	date := a.Date.String()
	if a.Date.Day == 0 {
		date = "undated"
	}
	key := a.URL
	if key == "" {
		key = a.Title + "\n" + strings.Join(a.body(), "\n")
	}
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:])[:8]
	name := slug(a.Title, 60)
	if name == "" {
		name = h
	}
	p := path.Join(site, date+"-"+name+".md")
	if taken(p) {
		p = path.Join(site, date+"-"+name+"-"+h+".md")
	}
	return p
}

func hostOf(raw string) string {
	c := CanonicalURL(raw)
	if c == "" {
		return ""
	}
	s := strings.SplitN(strings.SplitN(c, "://", 2)[1], "/", 2)[0]
	return strings.SplitN(s, "?", 2)[0]
}

// slug keeps ASCII letters and digits, joined by single dashes, at most max
// bytes, cut at a dash.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
	}
	return strings.Trim(out, "-")
}

// tmpPattern names temporary files; the corpus reader skips them as
// unsupported, and stale ones are removed by the next ingest.
const tmpPattern = ".ingest-*.tmp"

// writeAtomic writes data to root/rel through a temporary file in the same
// folder and a rename, so readers see the old file or the new one, never a
// partial one. beforeRename, when set, runs just before the rename (tests
// use it to simulate a crash).
func writeAtomic(root, rel string, data []byte, beforeRename func(tmp string) error) (err error) {
	dst := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("ingest: create folder for %s: %w", rel, err)
	}
	f, err := os.CreateTemp(filepath.Dir(dst), tmpPattern)
	if err != nil {
		return fmt.Errorf("ingest: write %s: %w", rel, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("ingest: write %s: %w", rel, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("ingest: write %s: %w", rel, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("ingest: write %s: %w", rel, err)
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("ingest: write %s: %w", rel, err)
	}
	if beforeRename != nil {
		if err = beforeRename(tmp); err != nil {
			return fmt.Errorf("ingest: write %s: %w", rel, err)
		}
	}
	if err = os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("ingest: write %s: %w", rel, err)
	}
	return nil
}

// removeStaleTemps deletes temporary files older than an hour left by a
// crashed ingest (younger ones may belong to a running one).
func removeStaleTemps(root string, now time.Time) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if ok, _ := filepath.Match(tmpPattern, d.Name()); !ok {
			return nil
		}
		if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > time.Hour {
			os.Remove(p)
		}
		return nil
	})
}
