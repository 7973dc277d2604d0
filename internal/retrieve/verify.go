package retrieve

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// verifySegments checks every segment file of a version folder against the
// CRC-32 its writer stored in the last four bytes (the zap format's footer).
// bleve does not check it when opening, and a damaged segment then panics
// or fails every search ("index read inconsistency"); checking first turns
// both into a rebuild. It reads each segment once (about a second per few
// GB).
func verifySegments(liveDir string) error {
	paths, err := filepath.Glob(filepath.Join(liveDir, bleveDir, "store", "*.zap"))
	if err != nil {
		return fmt.Errorf("retrieve: verify %s: %w", liveDir, err)
	}
	for _, p := range paths {
		if err := verifySegment(p); err != nil {
			return err
		}
	}
	return nil
}

func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("retrieve: verify %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("retrieve: verify %s: %w", path, err)
	}
	if st.Size() < 4 {
		return fmt.Errorf("retrieve: segment %s is truncated (%d bytes)", path, st.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size()-4)); err != nil {
		return fmt.Errorf("retrieve: verify %s: %w", path, err)
	}
	var stored [4]byte
	if _, err := f.ReadAt(stored[:], st.Size()-4); err != nil {
		return fmt.Errorf("retrieve: verify %s: %w", path, err)
	}
	if got, want := h.Sum32(), binary.BigEndian.Uint32(stored[:]); got != want {
		return fmt.Errorf("retrieve: segment %s is damaged (checksum %08x, footer says %08x)", path, got, want)
	}
	return nil
}
