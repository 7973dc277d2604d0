package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZBBC(t *testing.T) {
	dir := os.Getenv("BBC_DIR")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*/*.txt"))
	lost, total, nodate, noout := 0, 0, 0, 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		d, err := Parse(f, b)
		if err != nil {
			fmt.Println("ERR", f, err)
			continue
		}
		total++
		raw := 0
		for _, l := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(l) != "" {
				raw++
			}
		}
		if true {
			lost++
			if os.Getenv("V") != "" {
				fmt.Printf("== %s raw=%d got=%d title=%q\n", f, raw-1, len(d.Paragraphs), d.Title)
				kept := map[string]bool{}
				for _, p := range d.Paragraphs {
					kept[normKey(p)] = true
				}
				for _, l := range strings.Split(string(b), "\n")[1:] {
					l = strings.TrimSpace(l)
					if l == "" {
						continue
					}
					found := false
					for _, p := range d.Paragraphs {
						if strings.Contains(normKey(p), normKey(l)) {
							found = true
						}
					}
					if !found {
						fmt.Printf("   DROPPED: %.150s\n", l)
					}
				}
			}
		}
		if !d.Date.IsZero() {
			nodate++
		}
		if d.Outlet != "" {
			noout++
		}
	}
	fmt.Println("total", total, "changed", lost, "dated", nodate, "outlet", noout)
}
