package retrieve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"shuttlebot/internal/corpus"
)

// schemaVersion names the index mapping and chunker. Change it whenever
// either changes, so existing indexes are rebuilt instead of misread.
const schemaVersion = "shuttle-retrieve/2 bm25 en+cjk-bigrams chunk=40-150 cjk-chars/word=2"

// manifest describes what an index holds: the schema and, per article, the
// fingerprint of what was indexed and how many passages it produced.
type manifest struct {
	Schema string               `json:"schema"`
	Docs   map[string]docRecord `json:"docs"`
}

type docRecord struct {
	Size        int64  `json:"size"`
	Hash        string `json:"hash,omitempty"` // source file's SHA-256
	Fingerprint string `json:"fp"`             // hash of everything indexed
	Passages    int    `json:"passages"`
}

func newManifest() *manifest {
	return &manifest{Schema: schemaVersion, Docs: map[string]docRecord{}}
}

// passages returns the total passage count.
func (m *manifest) passages() int {
	n := 0
	for _, r := range m.Docs {
		n += r.Passages
	}
	return n
}

// fingerprint hashes every field of d that reaches the index, so a change in
// the loader's output (not only in the file) is noticed.
func fingerprint(d *corpus.Document) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(d.ID)
	field(d.Hash)
	field(d.Title)
	field(d.Outlet)
	field(d.URL)
	field(d.Date.String())
	field(strconv.Itoa(len(d.Paragraphs)))
	for _, p := range d.Paragraphs {
		field(p)
	}
	field(strconv.Itoa(len(d.AlsoIn)))
	for _, s := range d.AlsoIn {
		field(s.DocID)
		field(s.Title)
		field(s.Outlet)
		field(s.URL)
		field(s.Date.String())
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// record describes d as the manifest stores it.
func record(d *corpus.Document, passages int) docRecord {
	return docRecord{Size: d.Size, Hash: d.Hash, Fingerprint: fingerprint(d), Passages: passages}
}

// readManifest reads the manifest at path.
func readManifest(path string) (*manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("retrieve: manifest %s: %w", path, err)
	}
	if m.Docs == nil {
		m.Docs = map[string]docRecord{}
	}
	return &m, nil
}

// writeManifest replaces the manifest at path atomically (write a temporary
// file beside it, sync, rename).
func writeManifest(path string, m *manifest) error {
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("retrieve: encoding manifest: %w", err)
	}
	return writeFileAtomic(path, data)
}

// writeFileAtomic writes data to path so readers see the old or the new
// content, never a mix, even after a crash.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("retrieve: writing %s: %w", path, err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := firstErr(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("retrieve: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("retrieve: writing %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir flushes a directory entry change to disk (best effort).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// diff compares the manifest with docs.
type diff struct {
	added, changed []int    // indexes into docs
	removed        []string // doc IDs
}

func (d diff) empty() bool { return len(d.added)+len(d.changed)+len(d.removed) == 0 }

func (m *manifest) diff(docs []corpus.Document) diff {
	var out diff
	seen := make(map[string]bool, len(docs))
	for i := range docs {
		d := &docs[i]
		if seen[d.ID] {
			continue // duplicate ID: the first one wins, as in a build
		}
		seen[d.ID] = true
		old, ok := m.Docs[d.ID]
		switch {
		case !ok:
			out.added = append(out.added, i)
		case old.Size != d.Size || old.Hash != d.Hash || old.Fingerprint != fingerprint(d):
			out.changed = append(out.changed, i)
		}
	}
	for id := range m.Docs {
		if !seen[id] {
			out.removed = append(out.removed, id)
		}
	}
	return out
}
