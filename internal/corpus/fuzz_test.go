package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics and that whatever it returns is
// clean text: valid UTF-8, no empty or multi-line paragraphs.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"../../corpus", "testdata/corpus-messy", "testdata/corpus-dupes", "testdata"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			f.Add(filepath.Ext(file), data)
		}
	}
	f.Add(".md", []byte("---\ntitle: [unclosed\n---\n"))
	f.Add(".txt", []byte("---\n---\n"))
	f.Add(".html", []byte("<li><a>x</a><font>y"))
	f.Add(".txt", []byte("\xff\xfe\x00"))
	f.Add(".txt", []byte("A A A A A A A A A A A A A A A A A A A A A A A"))
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		if len(ext) > 8 {
			ext = ext[:8]
		}
		var doc Document
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			doc, err = Parse("fuzz"+ext, data)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse(%q) of %d bytes did not return within 10s", ext, len(data))
		}
		if err != nil {
			return
		}
		if len(doc.Paragraphs) == 0 {
			t.Fatal("no error and no paragraphs")
		}
		for _, p := range doc.Paragraphs {
			if p == "" || strings.ContainsAny(p, "\n\r") {
				t.Fatalf("bad paragraph %q", p)
			}
			if !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 in %q", p)
			}
		}
		if !utf8.ValidString(doc.Title) {
			t.Fatalf("invalid UTF-8 title %q", doc.Title)
		}
	})
}
