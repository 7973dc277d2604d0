package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
)

// MaxFileSize is the largest article file Load and Parse accept (5 MiB);
// larger files are skipped as unlikely to be a single article.
const MaxFileSize = 5 << 20

// ErrEmpty means a file holds no article text.
var ErrEmpty = errors.New("no article text")

// Parse turns one file's bytes into a clean Document whose ID is p. The
// extension of p picks the reader: .html/.htm pages go through main-text
// extraction; anything else is read as text or Markdown, with optional YAML
// front matter. Invalid UTF-8 is repaired; binary, empty, oversized or
// malformed input is an error.
func Parse(p string, data []byte) (Document, error) {
	sum := sha256.Sum256(data)
	doc := Document{ID: p, Size: int64(len(data)), Hash: hex.EncodeToString(sum[:])}
	if len(data) > MaxFileSize {
		return doc, fmt.Errorf("corpus: parse %s: file is %d bytes, over the %d byte limit", p, len(data), MaxFileSize)
	}
	var a article
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm", ".xhtml":
		ex, err := ExtractHTML(data, "")
		if err != nil {
			return doc, fmt.Errorf("corpus: parse %s: %w", p, err)
		}
		a = article{title: ex.Title, outlet: ex.Outlet, url: ex.URL, date: ex.Date, paragraphs: ex.Paragraphs, tags: ex.Tags}
	default:
		text, err := decodeText(data)
		if err != nil {
			return doc, fmt.Errorf("corpus: parse %s: %w", p, err)
		}
		fm, body, _, err := splitFrontMatter(text)
		if err != nil {
			return doc, fmt.Errorf("corpus: parse %s: %w", p, err)
		}
		md := strings.EqualFold(path.Ext(p), ".md") || strings.EqualFold(path.Ext(p), ".markdown")
		h := hints{title: fm.Title, outlet: fm.Outlet, url: fm.URL, sourceURL: fm.SourceURL, date: fm.Date,
			tags: fm.Tags, description: fm.Description}
		if fm.URL == "" && fm.SourceURL != "" && !isAggregatorURL(fm.SourceURL) {
			h.url = fm.SourceURL
		}
		a = buildArticle(h, bodyUnits(body, md))
		doc.AlsoIn = fm.AlsoIn
	}
	if len(a.paragraphs) == 0 {
		return doc, fmt.Errorf("corpus: parse %s: %w", p, ErrEmpty)
	}
	doc.Title, doc.Outlet, doc.URL, doc.Date, doc.Tags, doc.Paragraphs = a.title, a.outlet, a.url, a.date, a.tags, a.paragraphs
	return doc, nil
}

// dedupeParagraphs keeps the first of exact and near-duplicate paragraphs
// (word-pair Jaccard similarity of 0.7 or more),
// and drops a paragraph whose whole text is contained in a longer one.
// keys[i], when given, is normKey(paras[i]).
func dedupeParagraphs(paras, keys []string) []string {
	if keys == nil {
		keys = make([]string, len(paras))
		for i, p := range paras {
			keys[i] = normKey(p)
		}
	}
	drop := make([]bool, len(paras))
	seen := make(map[string]bool, len(paras))
	for i, k := range keys {
		if k == "" || seen[k] {
			drop[i] = true
			continue
		}
		seen[k] = true
	}
	if len(paras) <= 400 {
		sh := make([][]uint64, len(paras))
		shingles := func(i int) []uint64 {
			if sh[i] == nil {
				sh[i] = shingleSet(strings.Fields(keys[i]), 2)
			}
			return sh[i]
		}
		for i := range paras {
			if drop[i] {
				continue
			}
			for j := range paras {
				if i == j || drop[j] {
					continue
				}
				li, lj := len(keys[i]), len(keys[j])
				// A paragraph wholly inside a longer one (a teaser, a pull quote).
				if (lj > li || lj == li && j < i) && strings.Contains(keys[j], keys[i]) && wordCount(keys[i]) >= 6 {
					drop[i] = true
					break
				}
				// A near copy of an earlier paragraph. Word-pair Jaccard >= 0.7
				// needs lengths within a factor of about 0.6.
				if j < i && min(li, lj)*10 >= max(li, lj)*6 && wordCount(keys[i]) >= 12 && sortedJaccard(shingles(i), shingles(j)) >= 0.7 {
					drop[i] = true
					break
				}
			}
		}
	}
	out := make([]string, 0, len(paras))
	for i, p := range paras {
		if !drop[i] {
			out = append(out, p)
		}
	}
	return out
}
