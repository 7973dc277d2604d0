package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	dir := os.Getenv("HANG_DIR")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.Split(string(b), "\n")
		ext, _ := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		data, _ := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[2], "[]byte("), ")"))
		start := time.Now()
		done := make(chan bool)
		go func() { Parse("f"+ext, []byte(data)); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			fmt.Printf("HANG %s ext=%q len=%d\n", f, ext, len(data))
			os.WriteFile("/tmp/hang.bin", []byte(data), 0o644)
			os.WriteFile("/tmp/hang.ext", []byte(ext), 0o644)
			return
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			fmt.Printf("SLOW %s %v\n", f, d)
		}
	}
}
