package corpus

// TEMPORARY minimal loader (skeleton): reads .txt/.md files and splits them
// into paragraphs. The real loader replaces this file.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"
)

// ErrNoArticles means the corpus folder holds no readable article.
var ErrNoArticles = errors.New("corpus: no readable articles")

// Load reads every supported file under fsys, cleans and de-duplicates the
// articles, and returns them sorted by ID. Unreadable or unsupported files
// are skipped with a warning on log. It fails with ErrNoArticles when
// nothing readable remains.
func Load(ctx context.Context, fsys fs.FS, log *slog.Logger) ([]Document, error) {
	var docs []Document
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			log.Warn("corpus: skipping unreadable path", "path", p, "err", err)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		if ext != ".txt" && ext != ".md" {
			log.Warn("corpus: skipping unsupported file", "path", p)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			log.Warn("corpus: skipping unreadable file", "path", p, "err", err)
			return nil
		}
		doc, err := Parse(p, data)
		if err != nil {
			log.Warn("corpus: skipping malformed file", "path", p, "err", err)
			return nil
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, ErrNoArticles
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// Parse turns one file's bytes into a Document whose ID is p.
func Parse(p string, data []byte) (Document, error) {
	sum := sha256.Sum256(data)
	doc := Document{ID: p, Size: int64(len(data)), Hash: hex.EncodeToString(sum[:])}
	for _, para := range strings.Split(string(data), "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		if para != "" {
			doc.Paragraphs = append(doc.Paragraphs, para)
		}
	}
	if len(doc.Paragraphs) > 0 {
		doc.Title = doc.Paragraphs[0]
	}
	return doc, nil
}
