package ingest

import (
	"context"
	"errors"
	"reflect"
	"strings"
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

func TestFingerprintSame(t *testing.T) {
	story := []string{
		"South Korea and Japan agreed on Tuesday to reopen stalled fisheries negotiations, with the first round set for the port city of Busan in February.",
		"The talks will cover quotas for mackerel and squid in the waters between the two countries, officials said, after a gap of more than eight years.",
		"Both sides want a stable arrangement for fishing communities, a foreign ministry spokesperson told reporters in Seoul.",
	}
	edited := append(append([]string{}, story...), "(Reporting by the night desk.)")
	edited[2] = "Both sides want a stable arrangement for fishing communities, the spokesperson said."
	other := []string{
		"Ferry operators on the strait cancelled a dozen sailings on Wednesday as forecasters warned of gale-force winds and high waves along the coast.",
		"Passengers were offered refunds or seats on later crossings once the weather clears, the operators said in a statement on their website.",
	}
	more := []string{
		"Elsewhere in the region, central banks held interest rates steady for a third straight meeting, citing uncertainty over exports and the outlook for consumer prices next year.",
		"A new high-speed rail link between the two largest cities opened to passengers on Monday, cutting the journey to under two hours and drawing crowds at both terminals.",
		"Museum curators unveiled a restored collection of Joseon-era ceramics that had been kept in storage for decades, with an exhibition planned to tour three cities in the spring.",
	}
	roundup := append(append(append([]string{}, story...), other...), more...)
	tests := []struct {
		name string
		a, b []string
		want bool
	}{
		{"identical", story, story, true},
		{"case and punctuation", story, []string{strings.ToUpper(strings.Join(story, " ; "))}, true},
		{"lightly edited copy", story, edited, true},
		{"different story", story, other, false},
		{"short texts differ by a word", []string{"Talks in Busan next month."}, []string{"Talks in Seoul next month."}, false},
		{"story inside a long roundup", story, roundup, false},
		{"empty", nil, nil, false},
	}
	for _, tc := range tests {
		if got := fingerprintOf(tc.a).same(fingerprintOf(tc.b)); got != tc.want {
			t.Errorf("%s: same = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:hunter2@example.com/feed", "https://REDACTED@example.com/feed"},
		{"https://example.com/rss?apikey=s3cret&topic=asia", "https://example.com/rss?apikey=REDACTED&topic=asia"},
		{"https://example.com/rss?access_token=abc", "https://example.com/rss?access_token=REDACTED"},
		{"https://example.com/rss?topic=asia", "https://example.com/rss?topic=asia"},
		{"feed.xml", "feed.xml"},
	}
	for _, tc := range tests {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFailuresDoNotShowCredentials(t *testing.T) {
	s := newSite(t, nil)
	src := strings.Replace(s.URL, "http://", "http://reader:hunter2@", 1) + "/feed?token=abc123"
	sum, err := New(t.TempDir(), testOptions(t)).Ingest(context.Background(), nil, []string{src})
	if err != nil || sum.Failed != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	if msg := sum.Failures[0].String(); strings.Contains(msg, "hunter2") || strings.Contains(msg, "abc123") {
		t.Errorf("failure shows a credential: %s", msg)
	}
}
