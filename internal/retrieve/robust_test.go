package retrieve

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// damage flips bytes spread through the middle of every segment file,
// keeping sizes, headers and footers intact, as a bad disk sector would.
func damage(t *testing.T, liveDir string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(liveDir, bleveDir, "store", "*.zap"))
	if len(paths) == 0 {
		t.Fatal("no segment files to damage")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 16; i++ {
			b[len(b)*i/18] ^= 0x5a
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDamagedIndexIsRebuilt: an index whose segments were damaged on disk
// is detected when opened and rebuilt; searches then work (instead of a
// panic, or every search failing with an inconsistency error).
func TestDamagedIndexIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := loadDocs(t)
	ix, err := Open(ctx, dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := ix.Info().Dir
	ix.Close()
	damage(t, live)
	for run := 0; run < 2; run++ {
		ix, err = Open(ctx, dir, docs, Options{})
		if err != nil {
			t.Fatalf("open %d: %v", run, err)
		}
		if run == 0 && !ix.Info().Built {
			t.Error("a damaged index was reused instead of rebuilt")
		}
		if run == 1 && ix.Info().Built {
			t.Error("the rebuilt index was rebuilt again")
		}
		got, err := ix.Search(ctx, "storm", 3)
		if err != nil || len(got) == 0 {
			t.Errorf("search %d after damage: %v %v", run, got, err)
		}
		ix.Close()
	}
}

func TestVerifySegmentsCatchesDamage(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(context.Background(), dir, loadDocs(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := ix.Info().Dir
	ix.Close()
	if err := verifySegments(live); err != nil {
		t.Fatalf("a fresh index fails verification: %v", err)
	}
	paths, _ := filepath.Glob(filepath.Join(live, bleveDir, "store", "*.zap"))
	if err := os.Truncate(paths[0], 2); err != nil {
		t.Fatal(err)
	}
	if err := verifySegments(live); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated segment: %v", err)
	}
}

// TestIndexFolderOddities: a CURRENT pointer that is a folder or points
// outside the index folder, and an index path that is a file.
func TestIndexFolderOddities(t *testing.T) {
	ctx := context.Background()
	docs := loadDocs(t)

	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, currentFile), 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, dir, docs, Options{})
	if err != nil {
		t.Fatalf("CURRENT is a folder: %v", err)
	}
	ix.Close()

	outside := t.TempDir()
	keep := filepath.Join(outside, "keep.txt")
	os.WriteFile(keep, []byte("x"), 0o644)
	dir = t.TempDir()
	os.WriteFile(filepath.Join(dir, currentFile), []byte("../"+filepath.Base(outside)+"\n"), 0o644)
	ix, err = Open(ctx, dir, docs, Options{})
	if err != nil {
		t.Fatalf("CURRENT points outside: %v", err)
	}
	if got, _ := ix.Search(ctx, "storm", 1); len(got) == 0 {
		t.Error("no results after rebuilding past a bad CURRENT")
	}
	ix.Close()
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a file outside the index folder was touched: %v", err)
	}

	file := filepath.Join(t.TempDir(), "index")
	os.WriteFile(file, []byte("x"), 0o644)
	_, err = Open(ctx, file, docs, Options{})
	if !errors.Is(err, ErrIndexDir) || !strings.Contains(err.Error(), "is a file") || !strings.Contains(err.Error(), "INDEX_DIR") {
		t.Errorf("index path is a file: %v", err)
	}
}
