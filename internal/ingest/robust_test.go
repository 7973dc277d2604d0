package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestFetchRefusesMetadataAndOtherSchemes: a feed or a user can name any
// URL; only http(s) to ordinary addresses is fetched. Link-local addresses
// (the cloud metadata service) are refused before any connection, directly
// or after a redirect, and whatever a host name resolves to.
func TestFetchRefusesMetadataAndOtherSchemes(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/to-metadata": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		},
		"/to-file": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		},
	})
	opts := testOptions(t).withDefaults()
	f := newFetcher(opts)
	tests := []struct{ url, want string }{
		{"file:///etc/passwd", "not an http(s) URL"},
		{"gopher://example.com/", "not an http(s) URL"},
		{"javascript:alert(1)", "not an http(s) URL"},
		{"http://169.254.169.254/latest/meta-data/", "refusing"},
		{"http://[::ffff:169.254.169.254]/", "refusing"},
		{"http://[fe80::1]/", "refusing"},
		{"http://[fd00:ec2::254]/", "refusing"},
		{"http://0.0.0.0/", "refusing"},
		{s.URL + "/to-metadata", "refusing"},
		{s.URL + "/to-file", "unsupported scheme"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		start := time.Now()
		_, err := f.get(ctx, tt.url, acceptHTML, 1<<20, validators{})
		cancel()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("get(%s) = %v; want an error mentioning %q", tt.url, err, tt.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("get(%s) took %v; a refusal must be immediate", tt.url, d)
		}
	}
	// Loopback stays allowed: self-hosted feed bridges live there.
	if _, err := f.get(context.Background(), s.URL+"/missing", acceptHTML, 1<<20, validators{}); err == nil || strings.Contains(err.Error(), "refusing") {
		t.Errorf("loopback fetch: %v; want a plain 404", err)
	}
}

func TestDialerRefusesResolvedMetadataAddress(t *testing.T) {
	for _, tt := range []struct {
		addr    string
		refused bool
	}{
		{"169.254.169.254:80", true},
		{"[fe80::1%eth0]:80", true},
		{"[fd00:ec2::254]:80", true},
		{"224.0.0.1:80", true},
		{"0.0.0.0:80", true},
		{"127.0.0.1:80", false},
		{"10.0.0.8:443", false},
		{"93.184.216.34:443", false},
	} {
		err := refuseDial("tcp", tt.addr, nil)
		if got := errors.Is(err, errRefusedAddr); got != tt.refused {
			t.Errorf("refuseDial(%s) = %v; refused want %v", tt.addr, err, tt.refused)
		}
	}
	if !refusedAddr(netip.MustParseAddr("::ffff:169.254.169.254")) {
		t.Error("IPv4-mapped metadata address not refused")
	}
	// The default client carries the check.
	c := NewHTTPClient()
	tr := c.Transport.(*http.Transport)
	if tr.DialContext == nil || tr.Proxy == nil {
		t.Fatal("NewHTTPClient lost its dial check or its proxy settings")
	}
	if _, err := tr.DialContext(context.Background(), "tcp", "169.254.169.254:80"); !errors.Is(err, errRefusedAddr) {
		t.Errorf("dialing the metadata address: %v", err)
	}
}

// TestFetchGzipBombIsCapped: the size cap applies to the decompressed body.
func TestFetchGzipBombIsCapped(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for i := 0; i < 200; i++ { // 200 MiB of zeros, ~200 KiB compressed
		_, _ = zw.Write(zero)
	}
	_ = zw.Close()
	s := newSite(t, map[string]http.HandlerFunc{
		"/bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb.Bytes())
		},
	})
	f := newFetcher(testOptions(t).withDefaults())
	start := time.Now()
	_, err := f.get(context.Background(), s.URL+"/bomb", acceptHTML, 5<<20, validators{})
	if err == nil || !strings.Contains(err.Error(), "size cap") {
		t.Fatalf("gzip bomb: %v; want the size cap", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gzip bomb took %v", d)
	}
}

// TestFetchCookieRedirectLoop: a page that sets a cookie and redirects to
// itself forever ends at the redirect limit.
func TestFetchCookieRedirectLoop(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/loop": func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "consent", Value: fmt.Sprint(time.Now().UnixNano())})
			http.Redirect(w, r, "/loop?c=1", http.StatusFound)
		},
	})
	f := newFetcher(testOptions(t).withDefaults())
	_, err := f.get(context.Background(), s.URL+"/loop", acceptHTML, 1<<20, validators{})
	if err == nil || !strings.Contains(err.Error(), "too many redirects") {
		t.Fatalf("cookie loop: %v", err)
	}
	if n := s.count("/loop"); n > 10 {
		t.Errorf("followed the loop %d times", n)
	}
}

// TestIngestHostileFeeds: entity expansion is not performed, huge feeds
// finish in bounded time, and items pointing at local files or metadata
// addresses are never fetched (their feed summary is kept, with no URL).
func TestIngestHostileFeeds(t *testing.T) {
	laughs := `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><description>&lol9; summit</description></item>
</channel></rss>`
	var big strings.Builder
	big.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>`)
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&big, "<item><title>Flood item %d</title><description>Harbour officials counted %d ferries at the summit pier on day %d.</description></item>", i, i, i)
	}
	big.WriteString(`</channel></rss>`)
	hostile := `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>
<item><title>Passwords</title><link>file:///etc/passwd</link><description>Leaders met at the harbour summit on Monday.</description></item>
<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/iam/</link><description>Ministers met at the border summit on Tuesday.</description></item>
</channel></rss>`
	s := newSite(t, map[string]http.HandlerFunc{
		"/laughs.xml":  serve("application/rss+xml", laughs, ""),
		"/flood.xml":   serve("application/rss+xml", big.String(), ""),
		"/hostile.xml": serve("application/rss+xml", hostile, ""),
	})
	for _, tt := range []struct {
		feed  string
		limit time.Duration
	}{
		{"/laughs.xml", 5 * time.Second},
		{"/flood.xml", 60 * time.Second},
		{"/hostile.xml", 5 * time.Second},
	} {
		t.Run(strings.TrimPrefix(tt.feed, "/"), func(t *testing.T) {
			dir := t.TempDir()
			opts := testOptions(t)
			opts.SourceTimeout = tt.limit
			in := New(dir, opts)
			start := time.Now()
			sum, err := in.Ingest(context.Background(), nil, []string{s.URL + tt.feed})
			if d := time.Since(start); d > tt.limit {
				t.Errorf("took %v", d)
			}
			files := corpusFiles(t, dir)
			total := 0
			for name, text := range files {
				total += len(text)
				if strings.Contains(text, "root:") || strings.Contains(text, "169.254") || strings.Contains(text, "file:") {
					t.Errorf("%s refers to a refused address:\n%s", name, text)
				}
			}
			if total > 50<<20 {
				t.Errorf("wrote %d bytes", total)
			}
			t.Logf("%v; %s; %d files", err, sum, len(files))
		})
	}
}
