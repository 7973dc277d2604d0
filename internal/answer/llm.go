package answer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"shuttlebot/internal/retrieve"
)

// Model defaults.
const (
	DefaultModelBaseURL = "https://api.openai.com/v1"
	DefaultModelTimeout = 20 * time.Second
	DefaultMaxTokens    = 400
	// DefaultModelRetries is how many times a rate-limited (429) or
	// unavailable (503) request is retried, when the wait fits the deadline.
	DefaultModelRetries = 2
)

// ModelConfig configures a Model. Only Name is required.
type ModelConfig struct {
	// BaseURL is the API root, e.g. "http://localhost:11434/v1" for Ollama;
	// default OpenAI's.
	BaseURL string
	// APIKey is sent as a bearer token when set (local servers need none).
	APIKey string
	// Name is the model, e.g. "gpt-4o-mini" or "llama3.1".
	Name string
	// Timeout bounds one whole answer, retries included (default 20s).
	Timeout time.Duration
	// MaxTokens caps the answer's length in tokens (default 400).
	MaxTokens int
	// Temperature is the sampling temperature; 0 leaves the server default.
	Temperature float32
	// Stream asks for the answer token by token, passed to Request.OnPartial.
	Stream bool
	// ContextTokens is the prompt budget in estimated tokens (default
	// DefaultContextTokens); the weakest passages are dropped to fit.
	ContextTokens int
	// MaxRetries bounds retries of 429 and 503 responses (default
	// DefaultModelRetries; negative means none).
	MaxRetries int
	// HTTPClient sends the requests; default: a client over a clone of
	// http.DefaultTransport (proxies from HTTPS_PROXY/NO_PROXY, roots from
	// SSL_CERT_FILE). Its Timeout should be zero: Timeout above applies.
	HTTPClient *http.Client
	// Logger receives one line per model failure; never the key.
	Logger *slog.Logger
}

// Model is a configured OpenAI-compatible chat model.
type Model struct {
	client *openai.Client
	cfg    ModelConfig
	log    *slog.Logger
	// badConfig, when set, is why no request can be made (e.g. a base URL
	// without http:// or https://).
	badConfig string
}

// NewModel returns a Model for cfg, filling in defaults. It makes no
// request; a bad URL or key shows up as a fallback reason on first use.
func NewModel(cfg ModelConfig) *Model {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultModelBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultModelTimeout
	}
	if cfg.MaxTokens <= 0 {
		cfg.MaxTokens = DefaultMaxTokens
	}
	if cfg.ContextTokens <= 0 {
		cfg.ContextTokens = DefaultContextTokens
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultModelRetries
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = statusRecorder{cfg.HTTPClient}
	m := &Model{client: openai.NewClientWithConfig(oc), cfg: cfg, log: cfg.Logger}
	if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		m.badConfig = "OPENAI_BASE_URL must be an http:// or https:// URL"
		m.log.Warn("model disabled: "+m.badConfig, "base_url", m.redact(cfg.BaseURL))
	}
	return m
}

func defaultHTTPClient() *http.Client {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return &http.Client{Transport: t.Clone()}
	}
	return &http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}
}

// Name returns the model's name.
func (m *Model) Name() string { return m.cfg.Name }

// Streaming reports whether answers are streamed to Request.OnPartial.
func (m *Model) Streaming() bool { return m.cfg.Stream }

// Timeout returns the deadline of one model answer.
func (m *Model) Timeout() time.Duration { return m.cfg.Timeout }

// generate answers q with the model, grounding its text in the passages; on
// any failure it returns the extractive answer with a FallbackReason.
func (a *Answerer) generate(ctx context.Context, q string, passages []retrieve.Passage, req Request) Answer {
	m := a.model
	fallback := func(reason string) Answer {
		ans := a.extract(q, passages)
		ans.Mode = ModeExtractive
		ans.FallbackReason = reason
		return ans
	}
	if len(passages) == 0 {
		return fallback("no passages matched the question, so the model was not asked")
	}
	p := buildPrompt(q, req.History, passages, m.cfg.ContextTokens)
	text, err := m.complete(ctx, p, req.OnPartial)
	if err != nil {
		reason := reasonFor(err, m.cfg)
		if ctx.Err() != nil {
			// The caller's own deadline or cancellation, not the model's.
			reason = "the request ran out of time before the model answered"
		}
		a.log.Warn("model failed; using the extractive answer",
			"model", m.cfg.Name, "reason", reason, "err", m.redact(err.Error()))
		return fallback(reason)
	}
	g := newGrounder(p.Passages)
	res := g.check(text)
	if len(res.sentences) == 0 {
		reason := "model answer had no supported citations"
		if res.noAnswer || res.refusals > 0 {
			reason = "model found no answer in the passages"
		}
		a.log.Info("model answer not used; using the extractive answer",
			"model", m.cfg.Name, "reason", reason, "dropped_sentences", res.dropped)
		return fallback(reason)
	}
	if res.dropped > 0 {
		a.log.Debug("grounding check dropped sentences", "dropped", res.dropped, "kept", len(res.sentences))
	}
	out, cites := g.render(res.sentences, MaxAnswerLen)
	return Answer{Text: out, Mode: ModeLLM, Citations: cites}
}

// complete asks the model, retrying 429 and 503 while the wait fits the
// deadline, and returns the reply's text.
func (m *Model) complete(ctx context.Context, p prompt, onPartial func(string)) (string, error) {
	if m.badConfig != "" {
		return "", &modelError{reason: m.badConfig}
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	req := m.request(p)
	if err := openai.NewReasoningValidator().Validate(req); err != nil {
		// Reasoning models (o-series, gpt-5…) take max_completion_tokens and
		// no temperature.
		req.MaxCompletionTokens, req.MaxTokens, req.Temperature = req.MaxTokens, 0, 0
		if err := openai.NewReasoningValidator().Validate(req); err != nil {
			return "", &modelError{reason: "model settings were refused by the client library", err: err}
		}
	}
	for attempt := 0; ; attempt++ {
		rec := &lastResponse{}
		actx := context.WithValue(ctx, lastResponseKey{}, rec)
		var text string
		var err error
		if m.cfg.Stream {
			text, err = m.stream(actx, req, len(p.Passages), onPartial)
		} else {
			text, err = m.once(actx, req)
		}
		if err == nil {
			return text, nil
		}
		status := statusOf(err)
		if (status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable) || attempt >= m.cfg.MaxRetries {
			return "", err
		}
		wait := retryAfter(rec.retryAfter, time.Now())
		if wait <= 0 {
			wait = time.Duration(500<<attempt) * time.Millisecond
		}
		// Retry only when the wait leaves a second for the next attempt.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+time.Second {
			return "", err
		}
		m.log.Debug("model busy; retrying", "status", status, "wait", wait, "attempt", attempt+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", fmt.Errorf("model: waiting to retry: %w", ctx.Err())
		case <-t.C:
		}
	}
}

func (m *Model) request(p prompt) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: m.cfg.Name,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: p.System},
			{Role: openai.ChatMessageRoleUser, Content: p.User},
		},
		MaxTokens:   m.cfg.MaxTokens,
		Temperature: m.cfg.Temperature,
	}
}

// once makes one non-streaming request.
func (m *Model) once(ctx context.Context, req openai.ChatCompletionRequest) (string, error) {
	resp, err := m.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", fmt.Errorf("model: chat completion: %w", err)
	}
	if len(resp.Choices) == 0 {
		return "", &modelError{reason: "model returned no answer (empty choices)"}
	}
	c := resp.Choices[0]
	return finished(c.Message.Content, c.FinishReason, m.cfg.MaxTokens)
}

// stream makes one streaming request, passing the text so far to onPartial.
func (m *Model) stream(ctx context.Context, req openai.ChatCompletionRequest, k int, onPartial func(string)) (string, error) {
	st, err := m.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", fmt.Errorf("model: chat completion stream: %w", err)
	}
	defer st.Close()
	var b strings.Builder
	var finish openai.FinishReason
	chunks := 0
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("model: reading stream: %w", err)
		}
		chunks++
		if len(resp.Choices) == 0 {
			continue
		}
		c := resp.Choices[0]
		if c.FinishReason != "" && c.FinishReason != openai.FinishReasonNull {
			finish = c.FinishReason
		}
		if c.Delta.Content != "" {
			b.WriteString(c.Delta.Content)
			if onPartial != nil {
				onPartial(removeInvalidCites(b.String(), k))
			}
		}
	}
	if chunks == 0 {
		return "", &modelError{reason: "model returned no answer (empty stream)"}
	}
	return finished(b.String(), finish, m.cfg.MaxTokens)
}

// finished checks a complete reply.
func finished(text string, finish openai.FinishReason, maxTokens int) (string, error) {
	switch finish {
	case openai.FinishReasonLength:
		return "", &modelError{reason: fmt.Sprintf("model answer was cut off at the token limit (%d)", maxTokens)}
	case openai.FinishReasonContentFilter:
		return "", &modelError{reason: "model answer was withheld by a content filter"}
	}
	if strings.TrimSpace(text) == "" {
		return "", &modelError{reason: "model returned an empty answer"}
	}
	return text, nil
}

// modelError is a failure whose user-safe reason is already known.
type modelError struct {
	reason string
	err    error
}

func (e *modelError) Error() string {
	if e.err != nil {
		return "model: " + e.reason + ": " + e.err.Error()
	}
	return "model: " + e.reason
}

func (e *modelError) Unwrap() error { return e.err }

// reasonFor turns a model failure into a short sentence safe to show a user.
func reasonFor(err error, cfg ModelConfig) string {
	var me *modelError
	if errors.As(err, &me) {
		return me.reason
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "model timed out after " + cfg.Timeout.String()
	}
	if errors.Is(err, context.Canceled) {
		return "the request was cancelled before the model answered"
	}
	switch s := statusOf(err); {
	case s == http.StatusTooManyRequests:
		return "model rate-limited (429)"
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return fmt.Sprintf("model server refused the API key (%d)", s)
	case s == http.StatusNotFound:
		return "model or endpoint not found (404): check OPENAI_BASE_URL and OPENAI_MODEL"
	case s >= 500:
		return fmt.Sprintf("model server error (%d)", s)
	case s >= 400:
		return fmt.Sprintf("model server refused the request (%d)", s)
	case s > 0:
		return fmt.Sprintf("model server answered with status %d", s)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		var dnsErr *net.DNSError
		var certErr *tls.CertificateVerificationError
		var unknownAuth x509.UnknownAuthorityError
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return "model server refused the connection"
		case errors.As(err, &dnsErr):
			return "model server's host name could not be resolved"
		case errors.As(err, &certErr), errors.As(err, &unknownAuth):
			return "model server's TLS certificate was not trusted"
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
			return "model server closed the connection"
		}
		return "could not reach the model server"
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "model returned invalid JSON"
	}
	if errors.Is(err, openai.ErrTooManyEmptyStreamMessages) {
		return "model stream sent no data"
	}
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return "model reported an error"
	}
	return "model request failed"
}

// statusOf returns the HTTP status of a failed request, or 0.
func statusOf(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) && apiErr.HTTPStatusCode > 0 {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 || s > 3600 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// redact removes the API key from text bound for a log.
func (m *Model) redact(s string) string {
	if k := m.cfg.APIKey; len(k) >= 4 {
		s = strings.ReplaceAll(s, k, "REDACTED")
	}
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// lastResponse records what go-openai's errors leave out: the Retry-After
// header of the last response.
type lastResponse struct{ retryAfter string }

type lastResponseKey struct{}

// statusRecorder is the HTTP doer handed to go-openai; it notes Retry-After
// in the request context's lastResponse.
type statusRecorder struct{ c *http.Client }

func (d statusRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	if resp != nil {
		if rec, ok := req.Context().Value(lastResponseKey{}).(*lastResponse); ok {
			rec.retryAfter = resp.Header.Get("Retry-After")
		}
	}
	return resp, err
}
