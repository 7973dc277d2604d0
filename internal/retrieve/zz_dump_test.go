package retrieve

import (
	"context"
	"fmt"
	"os"
	"testing"

	"shuttlebot/internal/corpus"
)

func TestZZDump(t *testing.T) {
	dir := os.Getenv("ZZ_DUMP")
	if dir == "" {
		t.Skip()
	}
	docs, err := corpus.Load(context.Background(), os.DirFS(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		fmt.Printf("=== %s | %q | %s | %s | %s | paras=%d\n", d.ID, d.Title, d.Outlet, d.Date, d.URL, len(d.Paragraphs))
		for i, p := range d.Paragraphs {
			r := []rune(p)
			if len(r) > 200 {
				r = append(r[:100], append([]rune(" ... "), r[len(r)-100:]...)...)
			}
			fmt.Printf("  [%d] %s\n", i, string(r))
		}
		for i, p := range passagesOf(&d) {
			fmt.Printf("  P%d words=%d runes=%d\n", i, len(p.Text), len([]rune(p.Text)))
		}
	}
}
