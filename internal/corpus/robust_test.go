//go:build unix

package corpus

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestLoadSurvivesHostileFolder loads a real folder holding a FIFO, a
// symlink to that FIFO, a symlink loop, a link to a folder, a dangling link
// and one good article: the good article loads, each bad path is warned
// about, and nothing blocks.
func TestLoadSurvivesHostileFolder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("good.txt", goodArticle)
	write("sub/linked-target.txt", "Ferry resumes\n\nA ferry service between Busan and Osaka resumed on Wednesday after four years.\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	link("pipe.txt", "pipe-link.txt")          // would block open() forever
	link(".", "sub/loop")                      // a loop
	link("../sub", "sub/up.txt")               // a folder with an article name
	link("missing.txt", "dangling.txt")        // broken
	link("sub/linked-target.txt", "alias.txt") // fine: a link to a regular file

	rec := &logRecorder{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		docs []Document
		err  error
	}
	done := make(chan result, 1)
	go func() {
		docs, err := Load(ctx, os.DirFS(dir), slog.New(rec))
		done <- result{docs, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocked on a FIFO behind a symlink")
	}
	if r.err != nil {
		t.Fatalf("Load: %v", r.err)
	}
	var ids []string
	for _, d := range r.docs {
		ids = append(ids, d.ID)
	}
	// alias.txt and its target are one article (merged as duplicates).
	if len(ids) != 2 || !slices.Contains(ids, "good.txt") {
		t.Errorf("loaded %v; want good.txt and the ferry article", ids)
	}
	warned := rec.warnedPaths()
	for _, p := range []string{"pipe.txt", "pipe-link.txt", "sub/loop", "sub/up.txt", "dangling.txt"} {
		if !slices.Contains(warned, p) {
			t.Errorf("no warning for %s (warned: %v)", p, warned)
		}
	}
}

// TestLoadSkipsUnreadableFile: a file the process may not read is warned
// about and skipped. (Root reads it anyway, so the case is skipped there.)
func TestLoadSkipsUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop reads")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte(goodArticle), 0o644)
	locked := filepath.Join(dir, "locked.txt")
	os.WriteFile(locked, []byte(goodArticle), 0o000)
	rec := &logRecorder{}
	docs, err := Load(context.Background(), os.DirFS(dir), slog.New(rec))
	if err != nil || len(docs) != 1 || docs[0].ID != "good.txt" {
		t.Fatalf("Load = %d docs, %v", len(docs), err)
	}
	if !slices.Contains(rec.warnedPaths(), "locked.txt") {
		t.Errorf("no warning for the unreadable file: %v", rec.warnedPaths())
	}
}
