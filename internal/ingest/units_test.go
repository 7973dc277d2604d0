package ingest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.COM/a/b/?utm_source=x&id=3&utm_medium=y#frag", "https://example.com/a/b?id=3"},
		{"http://example.com:80/x", "http://example.com/x"},
		{"https://example.com:8443/x?b=2&a=1", "https://example.com:8443/x?a=1&b=2"},
		{"https://example.com/", "https://example.com/"},
		{"https://example.com/story?fbclid=abc", "https://example.com/story"},
		{"ftp://example.com/x", ""},
		{"/relative/path", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := CanonicalURL(tc.in); got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if urlKey(CanonicalURL("http://www.example.com/a")) != urlKey(CanonicalURL("https://example.com/a/")) {
		t.Error("www and scheme variants are different keys")
	}
}

func TestFilter(t *testing.T) {
	tests := []struct {
		expr  string
		texts []string
		want  bool
	}{
		{"", []string{"anything"}, true},
		{"korea japan", []string{"South Korean leader visits Japan"}, true},
		{"korea japan", []string{"Japan's economy grows"}, false},
		{"korea japan, takaichi", []string{"Takaichi speaks"}, true},
		{"korea japan OR summit", []string{"A summit in Nara"}, true},
		{"SUMMIT", []string{"no match here", "the summitry of Asia"}, true},
		{"tariffs", []string{"Leaders talk trade"}, false},
	}
	for _, tc := range tests {
		f, err := ParseFilter(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Match(tc.texts...); got != tc.want {
			t.Errorf("%q.Match(%q) = %v, want %v", tc.expr, tc.texts, got, tc.want)
		}
	}
	if _, err := ParseFilter(" , ;; "); err == nil {
		t.Error("a filter without words was accepted")
	}
}

func TestAggregatorHeadlines(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Headline
	}{
		{"google news list", `<ol><li><a href="https://n.example/1">First story</a>&nbsp;&nbsp;<font color="#6f6f6f">Reuters</font></li><li><a href="https://n.example/2">Second story</a>&nbsp;&nbsp;<font color="#6f6f6f">AP News</font></li></ol>`,
			[]Headline{{"First story", "Reuters", "https://n.example/1"}, {"Second story", "AP News", "https://n.example/2"}}},
		{"single headline", `<a href="https://n.example/1">Only story</a>&nbsp;&nbsp;<font color="#6f6f6f">The Korea Herald</font>`,
			[]Headline{{"Only story", "The Korea Herald", "https://n.example/1"}}},
		{"prose with a link", `<p>Officials said on Monday that <a href="https://x.example">the plan</a> would go ahead despite objections from several groups.</p>`, nil},
		{"plain summary", `Negotiators will meet in Busan next month.`, nil},
		{"related links under prose", `<p>The leaders met for two hours and agreed to keep talking about trade, security and the history issues that divide them.</p><ul><li><a href="/a">Related one</a></li><li><a href="/b">Related two</a></li></ul>`, nil},
	}
	for _, tc := range tests {
		if got := aggregatorHeadlines(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestHTMLParagraphs(t *testing.T) {
	got := htmlParagraphs(`<p>One&nbsp;&amp; two</p><p>Three<br>four</p><script>x()</script>`)
	want := []string{"One & two", "Three", "four"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestScheduleDelay(t *testing.T) {
	for _, r := range []float64{0, 0.5, 0.999} {
		s := Schedule{Interval: 30 * time.Minute, Rand: func() float64 { return r }}
		tests := []struct {
			fails int
			base  time.Duration
		}{{0, 30 * time.Minute}, {1, time.Hour}, {2, 2 * time.Hour}, {3, 4 * time.Hour}, {10, 4 * time.Hour}}
		s.MaxBackoff = 4 * time.Hour
		for _, tc := range tests {
			d := s.Delay(tc.fails)
			lo, hi := tc.base-tc.base/10, tc.base+tc.base/10
			if d < lo || d > hi {
				t.Errorf("rand %v, %d failures: delay %s outside [%s, %s]", r, tc.fails, d, lo, hi)
			}
		}
	}
}

// fakeClock drives Schedule.Run without real waiting.
type fakeClock struct {
	now   time.Time
	waits []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func TestScheduleRunBacksOffPerFeed(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type call struct {
		feed string
		at   time.Time
	}
	var calls []call
	s := Schedule{Interval: 10 * time.Minute, MaxBackoff: time.Hour, Now: clock.Now, After: clock.After, Rand: func() float64 { return 0.5 }}
	s.Run(ctx, []string{"good", "bad"}, func(ctx context.Context, feed string) error {
		calls = append(calls, call{feed, clock.now})
		if len(calls) >= 12 {
			cancel()
		}
		if feed == "bad" {
			return errors.New("feed down")
		}
		return nil
	})
	var good, bad []time.Time
	for _, c := range calls {
		if c.feed == "good" {
			good = append(good, c.at)
		} else {
			bad = append(bad, c.at)
		}
	}
	for i := 1; i < len(good); i++ {
		if d := good[i].Sub(good[i-1]); d != 10*time.Minute {
			t.Errorf("good feed gap %d = %s, want the interval", i, d)
		}
	}
	want := []time.Duration{20 * time.Minute, 40 * time.Minute, time.Hour}
	for i := 1; i < len(bad) && i <= len(want); i++ {
		if d := bad[i].Sub(bad[i-1]); d != want[i-1] {
			t.Errorf("bad feed gap %d = %s, want %s", i, d, want[i-1])
		}
	}
	if len(bad) < 3 {
		t.Errorf("bad feed refreshed %d times", len(bad))
	}
}

func TestScheduleRunStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan struct{})
	go func() {
		Schedule{Interval: time.Hour}.Run(ctx, []string{"x"}, func(context.Context, string) error {
			t.Error("refreshed after cancel")
			return nil
		})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}
