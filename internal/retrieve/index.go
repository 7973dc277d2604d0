package retrieve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolt "go.etcd.io/bbolt"

	"shuttlebot/internal/corpus"
)

// ErrLocked means another process (or another Open in this one) is using the
// index folder.
var ErrLocked = errors.New("retrieve: index folder in use")

// ErrIndexDir means the index folder cannot be used (it is a file, or it
// cannot be created or written): the operator must set INDEX_DIR.
var ErrIndexDir = errors.New("retrieve: unusable index folder")

// ErrClosed is returned by calls on a closed Index.
var ErrClosed = errors.New("retrieve: index closed")

var errWouldBlock = errors.New("lock held elsewhere")

// Defaults for Options.
const (
	defaultLockTimeout = 2 * time.Second
	defaultBatchSize   = 2000 // passages per bleve batch during a build
)

// Options tunes Open.
type Options struct {
	Logger *slog.Logger
	// Progress, when set, is called as a build advances with the number of
	// articles indexed so far and the total.
	Progress func(done, total int)
	// Rebuild forces a full rebuild even when the manifest matches.
	Rebuild bool
	// InMemory keeps the index in memory only (dir is ignored): for tests
	// and short-lived tools. It uses the same engine and scoring as disk.
	InMemory bool
	// LockTimeout bounds the wait for an index folder another process holds
	// (default 2s); Open then fails with ErrLocked.
	LockTimeout time.Duration
	// BatchSize is the number of passages per bleve batch in a build
	// (default 2000).
	BatchSize int
}

// Info describes an open index.
type Info struct {
	Dir       string // the live index folder; "" in memory
	Articles  int
	Passages  int
	Built     bool          // Open built the index (it did not reuse one)
	BuildTime time.Duration // time spent building, when Built
}

// Index is a searchable set of passages in a bleve index. Search,
// SearchArticles and Update are safe for concurrent use.
type Index struct {
	log *slog.Logger

	mu     sync.RWMutex // guards idx and closed; held (read) during searches
	idx    bleve.Index
	closed bool

	upd      sync.Mutex // serialises Update; guards man
	man      *manifest
	manPath  string // "" in memory
	lock     *os.File
	liveDir  string
	built    bool
	buildDur time.Duration

	postingsBudget uint64 // 0: the default; tests and benchmarks vary it
}

// Layout of an index folder:
//
//	lock            flock'ed by the process using the folder
//	CURRENT         name of the live version folder, replaced atomically
//	idx-<id>/       a complete index: bleve/ and manifest.json
//	build-<id>/     a build in progress (removed if left by a crash)
const (
	currentFile  = "CURRENT"
	lockFile     = "lock"
	bleveDir     = "bleve"
	manifestFile = "manifest.json"
	livePrefix   = "idx-"
	buildPrefix  = "build-"
)

// Open opens the index in dir, building or rebuilding it when it does not
// match docs (or its schema is outdated, or opts.Rebuild is set). A build
// happens in a fresh folder beside the live one and replaces it atomically,
// so a crash mid-build leaves the previous index in use. Only one process may
// use dir at a time; a second one fails with ErrLocked after
// opts.LockTimeout.
func Open(ctx context.Context, dir string, docs []corpus.Document, opts Options) (*Index, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.InMemory {
		return openMemory(ctx, docs, opts, log)
	}
	if dir == "" {
		return nil, errors.New("retrieve: open: no index folder given (set INDEX_DIR)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, badIndexDir(dir, err)
	}
	lock, err := acquire(ctx, dir, opts.lockTimeout())
	if err != nil {
		return nil, err
	}
	ix, err := openLocked(ctx, dir, docs, opts, log)
	if err != nil {
		lock.Close()
		return nil, err
	}
	ix.lock = lock
	return ix, nil
}

func (o Options) lockTimeout() time.Duration {
	if o.LockTimeout > 0 {
		return o.LockTimeout
	}
	return defaultLockTimeout
}

func (o Options) batchSize() int {
	if o.BatchSize > 0 {
		return o.BatchSize
	}
	return defaultBatchSize
}

// badIndexDir explains why dir cannot hold the index, wrapping ErrIndexDir.
func badIndexDir(dir string, err error) error {
	why := "cannot be created or written"
	if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
		why = "is a file, not a folder"
	} else if errors.Is(err, fs.ErrPermission) {
		why = "is not writable (permission denied)"
	}
	return fmt.Errorf("%w: %s %s (%v); set INDEX_DIR (or --index) to a writable folder", ErrIndexDir, dir, why, err)
}

// acquire takes the folder's lock file, polling until timeout.
func acquire(ctx context.Context, dir string, timeout time.Duration) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, badIndexDir(dir, err)
	}
	deadline := time.Now().Add(timeout)
	for {
		err := tryLock(f)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, errWouldBlock) {
			f.Close()
			return nil, fmt.Errorf("retrieve: locking %s: %w", dir, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w: %s is used by another running bot process; stop it, or give each process its own index folder with INDEX_DIR (or --index)", ErrLocked, dir)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("retrieve: waiting for %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// openLocked opens or builds the index in dir, whose lock the caller holds.
func openLocked(ctx context.Context, dir string, docs []corpus.Document, opts Options, log *slog.Logger) (*Index, error) {
	resetCurrent(dir, log)
	live := readCurrent(dir)
	cleanup(dir, live, log)

	if live != "" && !opts.Rebuild {
		liveDir := filepath.Join(dir, live)
		m, err := readManifest(filepath.Join(liveDir, manifestFile))
		switch {
		case err != nil:
			log.Info("retrieve: index manifest unreadable; rebuilding", "dir", liveDir, "err", err)
		case m.Schema != schemaVersion:
			log.Info("retrieve: index schema changed; rebuilding", "dir", liveDir, "old", m.Schema, "new", schemaVersion)
		default:
			if d := m.diff(docs); !d.empty() {
				log.Info("retrieve: corpus changed; rebuilding", "dir", liveDir,
					"added", len(d.added), "changed", len(d.changed), "removed", len(d.removed))
				break
			}
			if err := verifySegments(liveDir); err != nil {
				log.Warn("retrieve: index damaged; rebuilding", "dir", liveDir, "err", err)
				break
			}
			idx, err := openBleve(liveDir)
			if err == nil {
				log.Debug("retrieve: index up to date", "dir", liveDir, "articles", len(m.Docs))
				return &Index{log: log, idx: idx, man: m, manPath: filepath.Join(liveDir, manifestFile), liveDir: liveDir}, nil
			}
			if errors.Is(err, ErrLocked) {
				return nil, err
			}
			log.Warn("retrieve: index unreadable; rebuilding", "dir", liveDir, "err", err)
		}
	}

	start := time.Now()
	name, err := buildOnDisk(ctx, dir, docs, opts, log)
	if err != nil {
		return nil, err
	}
	// Swap: CURRENT names the new folder; readers of CURRENT see the old or
	// the new name, never a half-built index.
	if err := writeFileAtomic(filepath.Join(dir, currentFile), []byte(name+"\n")); err != nil {
		os.RemoveAll(filepath.Join(dir, name))
		return nil, err
	}
	if live != "" && live != name {
		if err := os.RemoveAll(filepath.Join(dir, live)); err != nil {
			log.Warn("retrieve: removing old index", "dir", live, "err", err)
		}
	}
	liveDir := filepath.Join(dir, name)
	idx, err := openBleve(liveDir)
	if err != nil {
		return nil, err
	}
	m, err := readManifest(filepath.Join(liveDir, manifestFile))
	if err != nil {
		idx.Close()
		return nil, err
	}
	ix := &Index{log: log, idx: idx, man: m, manPath: filepath.Join(liveDir, manifestFile), liveDir: liveDir,
		built: true, buildDur: time.Since(start)}
	log.Info("retrieve: index built", "dir", liveDir, "articles", len(m.Docs), "passages", m.passages(),
		"elapsed", ix.buildDur.Round(time.Millisecond))
	return ix, nil
}

// resetCurrent removes a CURRENT pointer that is not a regular file (a
// folder someone made), so the next build can write it.
func resetCurrent(dir string, log *slog.Logger) {
	p := filepath.Join(dir, currentFile)
	if st, err := os.Lstat(p); err == nil && !st.Mode().IsRegular() {
		log.Warn("retrieve: removing a CURRENT pointer that is not a file", "path", p)
		if err := os.RemoveAll(p); err != nil {
			log.Warn("retrieve: removing CURRENT", "path", p, "err", err)
		}
	}
}

// readCurrent returns the live version folder named by CURRENT, or "" when
// there is none (or it names something unusable).
func readCurrent(dir string) string {
	p := filepath.Join(dir, currentFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	name := string(trimSpace(b))
	if name == "" || filepath.Base(name) != name || len(name) <= len(livePrefix) || name[:len(livePrefix)] != livePrefix {
		return ""
	}
	if st, err := os.Stat(filepath.Join(dir, name)); err != nil || !st.IsDir() {
		return ""
	}
	return name
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// cleanup removes what a crashed or interrupted run left behind: build
// folders, version folders other than the live one, temporary files.
func cleanup(dir, live string, log *slog.Logger) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		stale := hasPrefix(n, buildPrefix) || (hasPrefix(n, livePrefix) && n != live) || hasPrefix(n, "."+currentFile+".tmp-")
		if !stale {
			continue
		}
		log.Info("retrieve: removing leftover index folder", "path", filepath.Join(dir, n))
		if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
			log.Warn("retrieve: removing leftover", "path", n, "err", err)
		}
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// openBleve opens the bleve index of a version folder, failing fast with
// ErrLocked if another process holds it.
func openBleve(liveDir string) (idx bleve.Index, err error) {
	defer func() {
		// A damaged index can panic inside bleve or bbolt while opening.
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("retrieve: open %s: index damaged: %v", liveDir, r)
		}
	}()
	idx, err = bleve.OpenUsing(filepath.Join(liveDir, bleveDir), map[string]any{
		"bolt_timeout": defaultLockTimeout.String(),
		"unsafe_batch": false,
	})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s is used by another running bot process; give each process its own index folder with INDEX_DIR", ErrLocked, liveDir)
		}
		return nil, fmt.Errorf("retrieve: open %s: %w", liveDir, err)
	}
	return idx, nil
}

// buildOnDisk builds a complete index for docs in a new folder under dir and
// returns the folder's final name (not yet live).
func buildOnDisk(ctx context.Context, dir string, docs []corpus.Document, opts Options, log *slog.Logger) (name string, err error) {
	tmp, err := os.MkdirTemp(dir, buildPrefix)
	if err != nil {
		return "", fmt.Errorf("retrieve: build in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	idx, err := bleve.NewUsing(filepath.Join(tmp, bleveDir), newMapping(), scorch.Name, scorch.Name, map[string]any{
		"unsafe_batch": true, // the build is not live until it is complete
	})
	if err != nil {
		return "", fmt.Errorf("retrieve: creating index in %s: %w", tmp, err)
	}
	m, err := fill(ctx, idx, docs, opts, log)
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("retrieve: closing new index: %w", cerr)
	}
	if err != nil {
		return "", err
	}
	if err := writeManifest(filepath.Join(tmp, manifestFile), m); err != nil {
		return "", err
	}
	name = livePrefix + filepath.Base(tmp)[len(buildPrefix):]
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return "", fmt.Errorf("retrieve: finishing build in %s: %w", dir, err)
	}
	syncDir(dir)
	return name, nil
}

// openMemory builds an in-memory index.
func openMemory(ctx context.Context, docs []corpus.Document, opts Options, log *slog.Logger) (*Index, error) {
	start := time.Now()
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("retrieve: creating in-memory index: %w", err)
	}
	m, err := fill(ctx, idx, docs, opts, log)
	if err != nil {
		idx.Close()
		return nil, err
	}
	return &Index{log: log, idx: idx, man: m, built: true, buildDur: time.Since(start)}, nil
}

// fill indexes every passage of docs into idx in batches, waiting at the end
// until everything is persisted, and returns the matching manifest.
func fill(ctx context.Context, idx bleve.Index, docs []corpus.Document, opts Options, log *slog.Logger) (*manifest, error) {
	m := newManifest()
	total := len(docs)
	progress := func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	progress(0)
	batch := idx.NewBatch()
	size := opts.batchSize()
	flush := func(done int, last bool) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("retrieve: build interrupted: %w", err)
		}
		var persisted chan error
		if last {
			// Unsafe batches return before reaching disk; wait for the last.
			persisted = make(chan error, 1)
			batch.SetPersistedCallback(func(err error) { persisted <- err })
		}
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("retrieve: indexing: %w", err)
		}
		batch.Reset()
		if persisted != nil && persistsToDisk(idx) {
			select {
			case err := <-persisted:
				if err != nil {
					return fmt.Errorf("retrieve: persisting index: %w", err)
				}
			case <-ctx.Done():
				return fmt.Errorf("retrieve: build interrupted: %w", ctx.Err())
			}
		}
		progress(done)
		return nil
	}
	for i := range docs {
		d := &docs[i]
		if _, dup := m.Docs[d.ID]; dup {
			log.Warn("retrieve: duplicate article ID; keeping the first", "doc", d.ID)
			continue
		}
		ps := passagesOf(d)
		for j := range ps {
			if err := batch.Index(ps[j].ID, fieldsOf(&ps[j])); err != nil {
				return nil, fmt.Errorf("retrieve: indexing %s: %w", ps[j].ID, err)
			}
		}
		m.Docs[d.ID] = record(d, len(ps))
		if batch.Size() >= size {
			if err := flush(i+1, false); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(total, true); err != nil {
		return nil, err
	}
	if persistsToDisk(idx) {
		// One segment instead of dozens: every query term is then looked up
		// once, not once per segment (p99 at 100k articles drops noticeably).
		if err := compact(ctx, idx); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// compact merges the index into a single segment and waits until that state
// is persisted.
func compact(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("retrieve: compacting: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := sc.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("retrieve: compacting: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("retrieve: build interrupted: %w", err)
	}
	// An empty batch's persisted callback fires once the merged state is on
	// disk.
	b := idx.NewBatch()
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("retrieve: compacting: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("retrieve: persisting index: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("retrieve: build interrupted: %w", ctx.Err())
	}
}

// persistsToDisk reports whether idx writes to disk (in-memory scorch never
// calls persisted callbacks).
func persistsToDisk(idx bleve.Index) bool { return idx.Name() != "" }

// Info describes the index.
func (ix *Index) Info() Info {
	ix.upd.Lock()
	defer ix.upd.Unlock()
	return Info{Dir: ix.liveDir, Articles: len(ix.man.Docs), Passages: ix.man.passages(), Built: ix.built, BuildTime: ix.buildDur}
}

// Close releases the index and its folder lock. It is idempotent; it waits
// for searches in progress.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	err := ix.idx.Close()
	if ix.lock != nil {
		ix.lock.Close() // releases the flock
		ix.lock = nil
	}
	if err != nil {
		return fmt.Errorf("retrieve: close: %w", err)
	}
	return nil
}

// UpdateStats counts what an incremental Update changed.
type UpdateStats struct {
	Added, Changed, Removed int
	Passages                int // passages indexed (added or replaced)
}

// Update brings the index in line with docs incrementally: only new, changed
// and removed articles are touched, in one bleve batch, so concurrent
// searches see either the old or the new state. The manifest is replaced
// atomically afterwards.
func (ix *Index) Update(ctx context.Context, docs []corpus.Document) (UpdateStats, error) {
	ix.upd.Lock()
	defer ix.upd.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return UpdateStats{}, ErrClosed
	}
	d := ix.man.diff(docs)
	st := UpdateStats{Added: len(d.added), Changed: len(d.changed), Removed: len(d.removed)}
	if d.empty() {
		return st, nil
	}
	next := &manifest{Schema: ix.man.Schema, Docs: make(map[string]docRecord, len(ix.man.Docs)+len(d.added))}
	for id, r := range ix.man.Docs {
		next.Docs[id] = r
	}
	batch := ix.idx.NewBatch()
	deleteAll := func(id string) {
		for n := 0; n < ix.man.Docs[id].Passages; n++ {
			batch.Delete(passageID(id, n))
		}
		delete(next.Docs, id)
	}
	sort.Strings(d.removed)
	for _, id := range d.removed {
		deleteAll(id)
	}
	for _, list := range [][]int{d.changed, d.added} {
		for _, i := range list {
			doc := &docs[i]
			deleteAll(doc.ID) // a later Index of the same ID in the batch wins
			ps := passagesOf(doc)
			for j := range ps {
				if err := batch.Index(ps[j].ID, fieldsOf(&ps[j])); err != nil {
					return UpdateStats{}, fmt.Errorf("retrieve: update: indexing %s: %w", ps[j].ID, err)
				}
			}
			st.Passages += len(ps)
			next.Docs[doc.ID] = record(doc, len(ps))
		}
	}
	if err := ctx.Err(); err != nil {
		return UpdateStats{}, fmt.Errorf("retrieve: update: %w", err)
	}
	if err := ix.idx.Batch(batch); err != nil {
		return UpdateStats{}, fmt.Errorf("retrieve: update: %w", err)
	}
	if ix.manPath != "" {
		// After a crash between the batch and this write, the next Open sees
		// a manifest that differs from the corpus and rebuilds: safe.
		if err := writeManifest(ix.manPath, next); err != nil {
			return st, fmt.Errorf("retrieve: update: %w", err)
		}
	}
	ix.man = next
	ix.log.Info("retrieve: index updated", "added", st.Added, "changed", st.Changed, "removed", st.Removed, "passages", st.Passages)
	return st, nil
}
