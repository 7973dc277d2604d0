package retrieve

import (
	"fmt"
	"strings"
	"testing"

	"shuttlebot/internal/corpus"
)

// words makes a paragraph of n words in sentences of per words each.
func words(n, per int, tag string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := fmt.Sprintf("%s%d", tag, i)
		if i%per == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		if i%per == per-1 || i == n-1 {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func wordCount(s string) int { return len(strings.Fields(s)) }

func TestChunkText(t *testing.T) {
	cases := []struct {
		name       string
		paragraphs []string
		want       []int // words per passage
	}{
		{"empty", nil, nil},
		{"blank paragraphs", []string{"", "  \n\t "}, nil},
		{"one short", []string{words(5, 5, "a")}, []int{5}},
		{"short ones merge up to the minimum", []string{words(10, 5, "a"), words(15, 5, "b"), words(20, 5, "c"), words(50, 5, "d")}, []int{45, 50}},
		{"medium paragraphs stay whole", []string{words(60, 10, "a"), words(90, 10, "b"), words(45, 9, "c")}, []int{60, 90, 45}},
		{"merge never exceeds the maximum", []string{words(30, 10, "a"), words(130, 10, "b")}, []int{30, 130}},
		{"short tail joins the previous passage", []string{words(60, 10, "a"), words(8, 8, "b")}, []int{68}},
		{"long paragraph split in balanced pieces", []string{words(400, 20, "a")}, []int{140, 140, 120}},
		{"long paragraph with no sentence end", []string{words(320, 1000, "a")}, []int{107, 107, 106}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := chunkText(c.paragraphs)
			var counts []int
			for _, p := range got {
				counts = append(counts, wordCount(p))
			}
			if fmt.Sprint(counts) != fmt.Sprint(c.want) {
				t.Errorf("passage sizes = %v, want %v", counts, c.want)
			}
			total := 0
			for _, p := range c.paragraphs {
				total += wordCount(p)
			}
			sum := 0
			for _, n := range counts {
				sum += n
			}
			if sum != total {
				t.Errorf("lost words: %d of %d kept", sum, total)
			}
		})
	}
}

func TestChunkSplitsAtSentenceEnds(t *testing.T) {
	// A long paragraph with abbreviations, initials, quotes and numbers that
	// must not be taken for sentence ends.
	s := `Mr. Becker met Dr. Ruiz at 10 a.m. on Jan. 5 in the U.S. embassy, where J. K. Hollis, a former envoy, joined them. ` +
		`"We agreed on the ferry," Mr. Becker said. "Now the hard part starts." ` +
		`The talks lasted 3.5 hours and covered trade, fishing and the joint customs terminal that both sides want to open next year. `
	para := strings.Repeat(s, 5)
	got := chunkText([]string{para})
	if len(got) < 2 {
		t.Fatalf("got %d passages, want a split", len(got))
	}
	for i, p := range got {
		n := wordCount(p)
		if n > maxWords {
			t.Errorf("passage %d has %d words", i, n)
		}
		last := p[len(p)-1]
		if last != '.' && last != '"' {
			t.Errorf("passage %d does not end a sentence: ...%q", i, p[max(0, len(p)-30):])
		}
		for _, bad := range []string{"Mr.", "Dr.", "a.m.", "Jan.", "U.S.", "J.", "K."} {
			if strings.HasSuffix(p, bad) {
				t.Errorf("passage %d split after abbreviation %q", i, bad)
			}
		}
	}
}

func TestPassagesOfAreStable(t *testing.T) {
	d := corpus.Document{ID: "a/b.txt", Title: "  A\ntitle  ", Paragraphs: []string{words(60, 10, "x"), words(200, 10, "y")}}
	a, b := passagesOf(&d), passagesOf(&d)
	if len(a) != 3 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("passages not stable: %v", a)
	}
	for i, p := range a {
		if p.ID != fmt.Sprintf("a/b.txt#%d", i) || p.DocID != "a/b.txt" || p.Title != "A title" {
			t.Errorf("passage %d = %+v", i, p)
		}
	}
}

func TestSentenceEnd(t *testing.T) {
	cases := []struct {
		w, next string
		want    bool
	}{
		{"done.", "The", true},
		{"done.", "the", false},
		{"done?\"", "He", true},
		{"done!", "2026", true},
		{"Mr.", "Smith", false},
		{"U.S.", "Officials", false},
		{"J.", "Smith", false},
		{"(Reuters).", "Next", true},
		{"3.5", "Hours", false},
		{"word", "Next", false},
		{"終わり。", "次", true},
	}
	for _, c := range cases {
		if got := sentenceEnd(c.w, c.next); got != c.want {
			t.Errorf("sentenceEnd(%q, %q) = %v, want %v", c.w, c.next, got, c.want)
		}
	}
}
