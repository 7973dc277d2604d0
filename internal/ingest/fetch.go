package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// NewHTTPClient returns a client for fetching feeds and pages: a clone of
// http.DefaultTransport, so HTTPS_PROXY/NO_PROXY and SSL_CERT_FILE apply.
// Its dialer refuses link-local, multicast and unspecified addresses (cloud
// metadata services such as 169.254.169.254 live there) whatever a host
// name resolves to, so a feed cannot point the bot at them. Timeouts, size
// caps and the redirect limit are applied per request by the Ingester.
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: refuseDial}
	t.DialContext = d.DialContext
	return &http.Client{Transport: t}
}

// awsMetadataV6 is the IPv6 address of the EC2 instance metadata service.
var awsMetadataV6 = netip.MustParseAddr("fd00:ec2::254")

// refusedAddr reports whether ingest must never connect to ip: link-local
// (cloud metadata), multicast and unspecified addresses. Loopback and
// private networks stay allowed, so a self-hosted feed bridge keeps working.
func refusedAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip == awsMetadataV6
}

// errRefusedAddr marks a fetch refused because of where it would connect.
var errRefusedAddr = errors.New("refusing to fetch from a link-local, multicast or unspecified address (such as a cloud metadata service)")

// refuseDial is a net.Dialer Control hook: it sees the resolved address of
// every connection, after DNS, so a name pointing at a refused address is
// caught too.
func refuseDial(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	if refusedAddr(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, errRefusedAddr)
	}
	return nil
}

// checkHost refuses a URL whose host is a literal refused address. It runs
// before any request, and on every redirect, whatever client (or proxy) is
// in use.
func checkHost(u *url.URL) error {
	ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]"))
	if err != nil {
		return nil // a name: the dialer checks what it resolves to
	}
	if refusedAddr(ip) {
		return errRefusedAddr
	}
	return nil
}

// validators are the conditional-GET headers remembered for a feed.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// response is a fetched body and what the server said about it.
type response struct {
	body        []byte
	contentType string // media type only, lowercased ("text/html")
	finalURL    string // after redirects
	validators  validators
	notModified bool
}

// fetcher does polite, bounded HTTP GETs.
type fetcher struct {
	client    *http.Client
	userAgent string
	timeout   time.Duration
	rate      rate.Limit
	burst     int

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func newFetcher(opts Options) *fetcher {
	base := opts.Client
	if base == nil {
		base = NewHTTPClient()
	}
	c := *base // a copy, so the caller's client keeps its own redirect policy
	maxRedirects := opts.MaxRedirects
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return fmt.Errorf("too many redirects (more than %d)", maxRedirects)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
		}
		if err := checkHost(req.URL); err != nil {
			return fmt.Errorf("redirect to %s: %w", req.URL.Host, err)
		}
		return nil
	}
	return &fetcher{
		client:    &c,
		userAgent: opts.UserAgent,
		timeout:   opts.RequestTimeout,
		rate:      opts.RatePerHost,
		burst:     opts.Burst,
		limiters:  map[string]*rate.Limiter{},
	}
}

func (f *fetcher) limiter(host string) *rate.Limiter {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.limiters[host]
	if !ok {
		l = rate.NewLimiter(f.rate, f.burst)
		f.limiters[host] = l
	}
	return l
}

// get fetches rawURL with a timeout, a size cap and, when cond is set, a
// conditional GET. Errors read as one clear sentence about rawURL.
func (f *fetcher) get(ctx context.Context, rawURL, accept string, maxBytes int64, cond validators) (response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return response{}, fmt.Errorf("%q is not an http(s) URL", rawURL)
	}
	if err := checkHost(u); err != nil {
		return response{}, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if err := f.limiter(strings.ToLower(u.Host)).Wait(ctx); err != nil {
		return response{}, fmt.Errorf("waiting to fetch %s: %w", rawURL, err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return response{}, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", accept)
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return response{}, f.explain(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	out := response{
		finalURL: resp.Request.URL.String(),
		validators: validators{
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
		},
	}
	if resp.StatusCode == http.StatusNotModified && (cond.ETag != "" || cond.LastModified != "") {
		out.notModified = true
		return out, nil
	}
	if resp.StatusCode != http.StatusOK {
		return response{}, fmt.Errorf("fetch %s: server answered %s", rawURL, resp.Status)
	}
	if resp.ContentLength > maxBytes {
		return response{}, fmt.Errorf("fetch %s: %d bytes is over the %d-byte size cap", rawURL, resp.ContentLength, maxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return response{}, f.explain(ctx, rawURL, err)
	}
	if int64(len(body)) > maxBytes {
		return response{}, fmt.Errorf("fetch %s: the body is over the %d-byte size cap", rawURL, maxBytes)
	}
	out.body = body
	out.contentType = mediaType(resp.Header.Get("Content-Type"), body)
	return out, nil
}

// explain turns a transport error into a sentence a user can act on.
func (f *fetcher) explain(ctx context.Context, rawURL string, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("fetch %s: no complete answer within %s (timed out)", rawURL, f.timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	return fmt.Errorf("fetch %s: %w", rawURL, err)
}

// mediaType returns the lowercased media type of a Content-Type header,
// sniffing the body when the header is missing.
func mediaType(header string, body []byte) string {
	if header == "" {
		header = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.SplitN(header, ";", 2)[0]))
	}
	return mt
}

// isHTML reports whether a media type is an HTML page.
func isHTML(mt string) bool { return mt == "text/html" || mt == "application/xhtml+xml" }
