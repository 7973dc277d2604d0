package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// ErrNoArticles means the corpus folder holds no readable article.
var ErrNoArticles = errors.New("corpus: no readable articles")

// supportedExt lists the file types Load reads.
var supportedExt = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true}

// Load reads every supported file under fsys, cleans and de-duplicates the
// articles, and returns them sorted by ID. Unreadable or unsupported files
// are skipped with a warning on log; hidden files and folders (".git",
// ".DS_Store") are ignored. It fails with ErrNoArticles when nothing
// readable remains, and with ctx's error when ctx ends.
func Load(ctx context.Context, fsys fs.FS, log *slog.Logger) ([]Document, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if p != "." && strings.HasPrefix(path.Base(p), ".") {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err != nil {
			if p == "." {
				return fmt.Errorf("corpus: read folder: %w", err)
			}
			log.Warn("corpus: skipping unreadable path", "path", p, "err", err)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// A symlink is judged by what it points to: opening a link to a
		// FIFO or a device would block the load forever, and links to
		// folders are not followed (a link loop cannot trap the walk).
		var info fs.FileInfo
		if d.Type()&fs.ModeSymlink != 0 {
			info, err = fs.Stat(fsys, p)
			switch {
			case err != nil:
				log.Warn("corpus: skipping broken symlink", "path", p, "err", err)
				return nil
			case info.IsDir():
				log.Warn("corpus: skipping symlink to a folder (symlinked folders are not followed)", "path", p)
				return nil
			}
		}
		if !supportedExt[strings.ToLower(path.Ext(p))] {
			log.Warn("corpus: skipping file of unsupported type (want .txt, .md, .html)", "path", p)
			return nil
		}
		if info == nil {
			if info, err = d.Info(); err != nil {
				log.Warn("corpus: skipping unreadable path", "path", p, "err", err)
				return nil
			}
		}
		if !info.Mode().IsRegular() {
			log.Warn("corpus: skipping non-regular file", "path", p)
			return nil
		}
		if info.Size() > MaxFileSize {
			log.Warn("corpus: skipping oversized file", "path", p, "bytes", info.Size(), "limit", MaxFileSize)
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, err
	}

	docs := make([]Document, len(paths))
	fps := make([]fingerprint, len(paths))
	ok := make([]bool, len(paths))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(paths)))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				doc, err := readOne(fsys, paths[i])
				if err != nil {
					log.Warn("corpus: skipping file", "path", paths[i], "err", err)
					continue
				}
				docs[i], fps[i], ok[i] = doc, fingerprintOf(doc), true
			}
		}()
	}
feed:
	for i := range paths {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	type loaded struct {
		doc Document
		fp  fingerprint
	}
	var all []loaded
	for i := range docs {
		if ok[i] {
			all = append(all, loaded{docs[i], fps[i]})
		}
	}
	if len(all) == 0 {
		return nil, ErrNoArticles
	}
	sort.Slice(all, func(i, j int) bool { return all[i].doc.ID < all[j].doc.ID })
	out := make([]Document, len(all))
	outFP := make([]fingerprint, len(all))
	for i, l := range all {
		out[i], outFP[i] = l.doc, l.fp
	}
	before := len(out)
	out = dedupeArticles(out, outFP)
	if n := before - len(out); n > 0 {
		log.Info("corpus: merged duplicate articles", "duplicates", n)
	}
	return out, nil
}

// readOne reads and parses one file, guarding against files that grew past
// the size limit after the walk.
func readOne(fsys fs.FS, p string) (Document, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return Document{}, fmt.Errorf("open: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return Document{}, fmt.Errorf("read: %w", err)
	}
	if len(data) > MaxFileSize {
		return Document{}, fmt.Errorf("file is over the %d byte limit", MaxFileSize)
	}
	doc, err := Parse(p, data)
	if err != nil {
		return Document{}, err
	}
	return doc, nil
}
