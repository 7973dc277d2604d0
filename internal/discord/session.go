package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// DefaultAPIURL is Discord's REST base.
const DefaultAPIURL = "https://discord.com/api/v9"

// apiRewrite sends discordgo's requests for Discord's API to the configured
// base URL and refuses anything else, so a misconfigured or test bot can
// never reach another host.
type apiRewrite struct {
	base string // without trailing slash
	next http.RoundTripper
}

func (t apiRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	u := r.URL.String()
	if !strings.HasPrefix(u, discordgo.EndpointAPI) {
		return nil, fmt.Errorf("discord: refusing request outside the Discord API (host %s)", r.URL.Host)
	}
	nu, err := url.Parse(t.base + "/" + strings.TrimPrefix(u, discordgo.EndpointAPI))
	if err != nil {
		return nil, fmt.Errorf("discord: rewriting API URL: %w", err)
	}
	r2 := r.Clone(r.Context())
	r2.URL, r2.Host = nu, nu.Host
	return t.roundTripLimited(r2)
}

// Limits on waiting out Discord's 429 answers.
const (
	maxRateLimitRetries = 5
	maxRateLimitWait    = 30 * time.Second
)

// roundTripLimited sends r, waiting out 429 answers here, where the wait can
// honour the request's context: discordgo itself sleeps for any retry_after
// without looking at the context and retries without limit, so a 429 storm
// (or one huge retry_after) would pin a handler, and its concurrency slot,
// indefinitely. A 429 that cannot be waited out within the context's
// deadline, maxRateLimitWait or maxRateLimitRetries becomes an error.
func (t apiRewrite) roundTripLimited(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(r)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		wait := retryAfter(resp)
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		limited := fmt.Errorf("discord: rate limited on %s %s (retry after %v)", r.Method, r.URL.Path, wait)
		if attempt >= maxRateLimitRetries || wait > maxRateLimitWait {
			return nil, limited
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return nil, limited
		}
		if r.Body != nil && r.Body != http.NoBody {
			if r.GetBody == nil {
				return nil, limited
			}
			body, err := r.GetBody()
			if err != nil {
				return nil, fmt.Errorf("%w; resending: %v", limited, err)
			}
			r = r.Clone(ctx)
			r.Body = body
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("%w: %w", limited, ctx.Err())
		case <-timer.C:
		}
	}
}

// retryAfter reads how long a 429 asks to wait: the JSON body's
// retry_after (seconds, fractional) or the Retry-After header; at least
// 50ms, so a zero never makes a busy loop.
func retryAfter(resp *http.Response) time.Duration {
	var body struct {
		RetryAfter float64 `json:"retry_after"`
	}
	secs := 0.0
	if b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10)); err == nil && json.Unmarshal(b, &body) == nil && body.RetryAfter > 0 {
		secs = body.RetryAfter
	} else if h, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil && h > 0 {
		secs = h
	}
	switch {
	case secs > 86400: // absurd (or +Inf): beyond any limit, without overflow
		return 24 * time.Hour
	case secs < 0.05 || secs != secs: // zero, missing or NaN
		return 50 * time.Millisecond
	}
	return time.Duration(secs * float64(time.Second))
}

// CheckAPIURL validates a DISCORD_API_URL value.
func CheckAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("DISCORD_API_URL=%q must be an http(s) URL such as %s", raw, DefaultAPIURL)
	}
	return nil
}

// newSession returns a discordgo session whose REST calls go to apiURL
// through transport (default: a clone of http.DefaultTransport, which
// honours HTTPS_PROXY, NO_PROXY and SSL_CERT_FILE) and whose websocket
// dialer honours the proxy settings too.
func newSession(token, apiURL string, transport http.RoundTripper) (*discordgo.Session, error) {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if err := CheckAPIURL(apiURL); err != nil {
		return nil, err
	}
	if transport == nil {
		transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bot "))
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Client = &http.Client{Transport: apiRewrite{base: strings.TrimRight(apiURL, "/"), next: transport}, Timeout: 30 * time.Second}
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 30 * time.Second}
	s.ShouldReconnectOnError = false // RunGateway reconnects itself, watching close codes
	s.LogLevel = -1                  // discordgo logs through the global log package; we log ourselves
	return s, nil
}

// SetupError is a failure the operator must fix (a rejected token,
// disallowed intents, a bad shard setting). Its message says what to do.
type SetupError struct {
	Msg string
	Err error
}

func (e *SetupError) Error() string { return e.Msg }
func (e *SetupError) Unwrap() error { return e.Err }

// setupError recognises errors that retrying cannot fix.
func setupError(err error) *SetupError {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return &SetupError{Msg: "DISCORD_TOKEN was rejected by Discord (gateway close 4004): copy the token again from the Developer Portal → your application → Bot → Reset Token", Err: err}
		case 4014:
			return &SetupError{Msg: "disallowed intents (gateway close 4014): enable Message Content Intent in the Developer Portal → Bot → Privileged Gateway Intents, or unset DISCORD_MESSAGE_CONTENT", Err: err}
		case 4013:
			return &SetupError{Msg: "invalid intents (gateway close 4013): this build asked for intents Discord does not know", Err: err}
		case 4010:
			return &SetupError{Msg: "invalid shard (gateway close 4010): SHARD_ID must be below SHARD_COUNT", Err: err}
		case 4011:
			return &SetupError{Msg: "sharding required (gateway close 4011): the bot is in too many guilds for one connection; set SHARD_COUNT and run one process per SHARD_ID", Err: err}
		case 4012:
			return &SetupError{Msg: "invalid API version (gateway close 4012): DISCORD_API_URL must point at API v9 or a compatible server", Err: err}
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return &SetupError{Msg: "DISCORD_TOKEN was rejected by Discord (HTTP 401): copy the token again from the Developer Portal → your application → Bot → Reset Token", Err: err}
	}
	return nil
}

// registerCommands bulk-overwrites the slash commands, in one guild when
// guildID is set (instant) or globally.
func registerCommands(ctx context.Context, s *discordgo.Session, appID, guildID string) error {
	if appID == "" {
		return &SetupError{Msg: "cannot register commands: the application ID is unknown; set DISCORD_APP_ID (General Information page)"}
	}
	_, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(), discordgo.WithContext(ctx))
	if err == nil {
		return nil
	}
	if se := setupError(err); se != nil {
		return se
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && (re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound) {
		where := "globally"
		if guildID != "" {
			where = "in guild " + guildID + " (is the bot invited there with the applications.commands scope?)"
		}
		return &SetupError{Msg: fmt.Sprintf("cannot register commands %s: check that DISCORD_APP_ID is the application of DISCORD_TOKEN", where), Err: err}
	}
	return fmt.Errorf("discord: registering commands: %w", err)
}
