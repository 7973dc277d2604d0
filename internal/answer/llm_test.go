package answer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"shuttlebot/internal/retrieve"
)

const llmTestKey = "sk-test-9f8e7d6c5b4a-secret"

// llmSearcher returns its passages for any question.
type llmSearcher []retrieve.Passage

func (s llmSearcher) Search(ctx context.Context, q string, k int) ([]retrieve.Passage, error) {
	return append([]retrieve.Passage(nil), s...), nil
}

// fakeOpenAI is a loopback OpenAI-compatible server recording what it got.
type fakeOpenAI struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []map[string]any
	auth   []string
}

func (f *fakeOpenAI) hits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.bodies)
}

func (f *fakeOpenAI) last() (map[string]any, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bodies) == 0 {
		return nil, ""
	}
	return f.bodies[len(f.bodies)-1], f.auth[len(f.auth)-1]
}

// newFakeOpenAI serves /v1/chat/completions with h, called with the number
// of the request (from 1).
func newFakeOpenAI(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{}
	release := make(chan struct{})
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		var body map[string]any
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil {
			http.Error(w, `{"error":{"message":"bad request body"}}`, http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.bodies = append(f.bodies, body)
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		n := len(f.bodies)
		f.mu.Unlock()
		select {
		case <-release:
			return
		default:
		}
		h(w, r, n)
	}))
	t.Cleanup(f.Close)
	t.Cleanup(func() { close(release) })
	return f
}

// chatReply writes a chat completion with one choice.
func chatReply(w http.ResponseWriter, content, finish string) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"test-model",`+
		`"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":%q}]}`, content, finish)
}

// sseReply streams content in chunks as server-sent events.
func sseReply(w http.ResponseWriter, chunks []string, finish string) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	for _, c := range chunks {
		fmt.Fprintf(w, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q},\"finish_reason\":null}]}\n\n", c)
		if fl != nil {
			fl.Flush()
		}
	}
	fmt.Fprintf(w, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":%q}]}\n\n", finish)
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// safeBuffer collects log output from concurrent writers.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newLLMAnswerer wires an Answerer to the fake server, logging into logs.
func newLLMAnswerer(baseURL string, timeout time.Duration, logs io.Writer, edit func(*ModelConfig)) *Answerer {
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := ModelConfig{BaseURL: baseURL, APIKey: llmTestKey, Name: "test-model", Timeout: timeout, Logger: log}
	if edit != nil {
		edit(&cfg)
	}
	return New(llmSearcher(llmPassages()), Options{Logger: log, Model: NewModel(cfg)})
}

const question = "When did Lee and Takaichi meet in Nara?"

func TestModelGroundedAnswer(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		chatReply(w, "Takaichi welcomed Lee to her hometown of Nara on January 13, 2026 [3]. They held a two-hour meeting [3].", "stop")
	})
	var logs safeBuffer
	a := newLLMAnswerer(srv.URL+"/v1", 5*time.Second, &logs, nil)
	ans, err := a.Answer(context.Background(), Request{Question: question})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.FallbackReason != "" || ans.Abstained {
		t.Fatalf("mode %q, fallback %q, abstained %v; want a model answer", ans.Mode, ans.FallbackReason, ans.Abstained)
	}
	want := "Takaichi welcomed Lee to her hometown of Nara on January 13, 2026 [1]. They held a two-hour meeting [1]."
	if ans.Text != want {
		t.Errorf("answer\n got %q\nwant %q", ans.Text, want)
	}
	if len(ans.Citations) != 1 || ans.Citations[0].Doc != "2026/jan/nara.txt" || ans.Citations[0].URL != "https://wire.example/nara" {
		t.Errorf("citations %+v, want the Nara article only", ans.Citations)
	}
	checkMarkersMatch(t, ans.Text, ans.Citations)

	body, auth := srv.last()
	if auth != "Bearer "+llmTestKey {
		t.Errorf("Authorization header %q", auth)
	}
	if body["model"] != "test-model" || body["max_tokens"] != float64(DefaultMaxTokens) {
		t.Errorf("request model/max_tokens = %v/%v", body["model"], body["max_tokens"])
	}
	msgs, _ := json.Marshal(body["messages"])
	for _, s := range []string{"[3] Takaichi welcomes Lee in Nara — Eastern Wire, 2026-01-13", "Question: " + question, noAnswerToken} {
		if !strings.Contains(string(msgs), s) {
			t.Errorf("prompt lacks %q", s)
		}
	}
	if strings.Contains(logs.String(), llmTestKey) {
		t.Error("the API key reached the logs")
	}
}

func TestModelAnswersAreChecked(t *testing.T) {
	tests := []struct {
		name, reply  string
		wantMode     string
		wantText     string // for model answers
		wantFallback string // for extractive ones
	}{
		{
			name:     "unsupported sentence next to a supported one",
			reply:    "Lee and Takaichi met in Nara on January 13, 2026 [3]. They also agreed on a $5 billion fund in Osaka [3].",
			wantMode: ModeLLM, wantText: "Lee and Takaichi met in Nara on January 13, 2026 [1].",
		},
		{
			name:     "invented [9] beside real citations",
			reply:    "Lee hosted Takaichi at the APEC summit in Gyeongju [2][9]. Takaichi welcomed Lee to Nara on January 13, 2026 [9]. Takaichi welcomed Lee to Nara [3].",
			wantMode: ModeLLM, wantText: "Lee hosted Takaichi at the APEC summit in Gyeongju [1]. Takaichi welcomed Lee to Nara [2].",
		},
		{
			name:     "only an invented [9]",
			reply:    "Lee and Takaichi met in Nara on January 13, 2026 [9].",
			wantMode: ModeExtractive, wantFallback: "model answer had no supported citations",
		},
		{
			name:     "no citations at all",
			reply:    "Lee and Takaichi met in Nara on January 13, 2026.",
			wantMode: ModeExtractive, wantFallback: "model answer had no supported citations",
		},
		{
			name:     "the model cannot answer",
			reply:    "NO_ANSWER",
			wantMode: ModeExtractive, wantFallback: "model found no answer in the passages",
		},
		{
			name:     "the model says so in words",
			reply:    "I cannot answer that from the passages provided.",
			wantMode: ModeExtractive, wantFallback: "model found no answer in the passages",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) { chatReply(w, tt.reply, "stop") })
			a := newLLMAnswerer(srv.URL+"/v1", 5*time.Second, io.Discard, nil)
			ans, err := a.Answer(context.Background(), Request{Question: question})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != tt.wantMode {
				t.Fatalf("mode %q (fallback %q), want %q", ans.Mode, ans.FallbackReason, tt.wantMode)
			}
			if tt.wantMode == ModeLLM {
				if ans.Text != tt.wantText {
					t.Errorf("answer\n got %q\nwant %q", ans.Text, tt.wantText)
				}
				checkMarkersMatch(t, ans.Text, ans.Citations)
				return
			}
			if ans.FallbackReason != tt.wantFallback {
				t.Errorf("fallback reason %q, want %q", ans.FallbackReason, tt.wantFallback)
			}
			checkFallback(t, ans)
		})
	}
}

// checkFallback asserts what a user sees of a fallback: an extractive
// answer or abstention whose markers all have citations from the passages.
func checkFallback(t *testing.T, ans Answer) {
	t.Helper()
	if ans.Mode != ModeExtractive || ans.Text == "" {
		t.Fatalf("want a non-empty extractive answer, got mode %q text %q", ans.Mode, ans.Text)
	}
	docs := map[string]bool{}
	for _, p := range llmPassages() {
		docs[p.DocID] = true
	}
	for _, n := range citeNumbers(ans.Text) {
		if n < 1 || n > len(ans.Citations) || ans.Citations[n-1].N != n {
			t.Errorf("marker [%d] has no citation in %q", n, ans.Text)
		}
	}
	for _, c := range ans.Citations {
		if !docs[c.Doc] {
			t.Errorf("citation of unknown doc %q", c.Doc)
		}
	}
}

func TestModelFailuresFallBack(t *testing.T) {
	refused := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr + "/v1"
	}
	tests := []struct {
		name     string
		timeout  time.Duration
		handler  func(w http.ResponseWriter, r *http.Request, n int)
		url      string // instead of the fake server
		stream   bool
		want     string
		maxHits  int           // 0: no limit checked
		maxTime  time.Duration // default: timeout + 1s
		minTime  time.Duration
		wantHits int
	}{
		{
			name: "server error", want: "model server error (500)",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				// Echo the credentials, as a careless proxy might.
				http.Error(w, `{"error":{"message":"boom for `+r.Header.Get("Authorization")+`"}}`, 500)
			},
		},
		{
			name: "server error with an HTML body", want: "model server error (502)",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.WriteHeader(502)
				io.WriteString(w, "<html>Bad Gateway "+r.Header.Get("Authorization")+"</html>")
			},
		},
		{
			name: "rate limited, Retry-After too long for the deadline", want: "model rate-limited (429)",
			timeout: 2 * time.Second, maxTime: time.Second, wantHits: 1,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Retry-After", "60")
				http.Error(w, `{"error":{"message":"slow down","type":"rate_limit"}}`, 429)
			},
		},
		{
			name: "rate limited every time: bounded retries", want: "model rate-limited (429)",
			timeout: 5 * time.Second, minTime: time.Second, wantHits: 1 + DefaultModelRetries,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Retry-After", "0.5")
				http.Error(w, `{"error":{"message":"slow down"}}`, 429)
			},
		},
		{
			name: "server never answers", want: "model timed out after 1s", timeout: time.Second, minTime: time.Second,
			handler: func(w http.ResponseWriter, r *http.Request, n int) { <-r.Context().Done() },
		},
		{
			name: "stream never finishes", want: "model timed out after 1s", timeout: time.Second, stream: true,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Type", "text/event-stream")
				fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Lee \"}}]}\n\n")
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			},
		},
		{
			name: "connection refused", want: "model server refused the connection", url: refused(),
		},
		{
			name: "invalid JSON", want: "model returned invalid JSON",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"id":"x","choices":[{"message":`)
			},
		},
		{
			name: "invalid JSON in a stream", want: "model returned invalid JSON", stream: true,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, "data: {\"choices\": [oops\n\n")
			},
		},
		{
			name: "empty choices", want: "model returned no answer (empty choices)",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				io.WriteString(w, `{"id":"x","object":"chat.completion","choices":[]}`)
			},
		},
		{
			name: "cut off at the token limit", want: "model answer was cut off at the token limit (400)",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				chatReply(w, "Takaichi welcomed Lee to Nara on January [3", "length")
			},
		},
		{
			name: "cut off while streaming", want: "model answer was cut off at the token limit (400)", stream: true,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				sseReply(w, []string{"Takaichi welcomed ", "Lee to Nara on"}, "length")
			},
		},
		{
			name: "wrong model name", want: "model or endpoint not found (404): check OPENAI_BASE_URL and OPENAI_MODEL",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				http.Error(w, `{"error":{"message":"model 'test-model' not found"}}`, 404)
			},
		},
		{
			name: "bad key", want: "model server refused the API key (401)",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				http.Error(w, `{"error":{"message":"Incorrect API key provided: `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"}}`, 401)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.timeout == 0 {
				tt.timeout = 3 * time.Second
			}
			if tt.maxTime == 0 {
				tt.maxTime = tt.timeout + time.Second
			}
			url := tt.url
			var srv *fakeOpenAI
			if url == "" {
				srv = newFakeOpenAI(t, tt.handler)
				url = srv.URL + "/v1"
			}
			var logs safeBuffer
			a := newLLMAnswerer(url, tt.timeout, &logs, func(c *ModelConfig) { c.Stream = tt.stream })
			start := time.Now()
			ans, err := a.Answer(context.Background(), Request{Question: question})
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("a model failure reached the caller: %v", err)
			}
			if ans.FallbackReason != tt.want {
				t.Errorf("fallback reason %q, want %q", ans.FallbackReason, tt.want)
			}
			checkFallback(t, ans)
			if elapsed > tt.maxTime || elapsed < tt.minTime {
				t.Errorf("took %v, want %v..%v", elapsed, tt.minTime, tt.maxTime)
			}
			if tt.wantHits > 0 && srv.hits() != tt.wantHits {
				t.Errorf("server got %d requests, want %d", srv.hits(), tt.wantHits)
			}
			out := logs.String()
			if strings.Contains(out, llmTestKey) || strings.Contains(ans.Text, llmTestKey) {
				t.Errorf("the API key leaked:\n%s", out)
			}
			if n := strings.Count(out, "model failed"); n != 1 {
				t.Errorf("want the failure logged once, logged %d times:\n%s", n, out)
			}
		})
	}
}

func TestModelRetryAfterHonoured(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":{"message":"rate limited"}}`, 429)
			return
		}
		chatReply(w, "Takaichi welcomed Lee to Nara on January 13, 2026 [3].", "stop")
	})
	a := newLLMAnswerer(srv.URL+"/v1", 5*time.Second, io.Discard, nil)
	start := time.Now()
	ans, err := a.Answer(context.Background(), Request{Question: question})
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("retried after %v, before Retry-After's 1s", elapsed)
	}
	if ans.Mode != ModeLLM || srv.hits() != 2 {
		t.Errorf("mode %q (%q) after %d requests; want a model answer on the second", ans.Mode, ans.FallbackReason, srv.hits())
	}
}

func TestModelStreaming(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sseReply(w, []string{"Takaichi welcomed Lee ", "to Nara [3][9]. ", "They held a two-hour ", "meeting [3]. ", "They signed a treaty in Osaka [3]."}, "stop")
	})
	a := newLLMAnswerer(srv.URL+"/v1", 5*time.Second, io.Discard, func(c *ModelConfig) { c.Stream = true })
	var partials []string
	ans, err := a.Answer(context.Background(), Request{Question: question, OnPartial: func(s string) { partials = append(partials, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := srv.last(); body["stream"] != true {
		t.Errorf("request did not ask for a stream: %v", body["stream"])
	}
	if len(partials) != 5 {
		t.Fatalf("got %d partial updates, want one per chunk: %q", len(partials), partials)
	}
	for i := 1; i < len(partials); i++ {
		if len(partials[i]) <= len(partials[i-1]) {
			t.Errorf("partial %d did not grow: %q → %q", i, partials[i-1], partials[i])
		}
	}
	for _, p := range partials {
		if strings.Contains(p, "[9]") {
			t.Errorf("partial text shows a citation that does not exist: %q", p)
		}
	}
	want := "Takaichi welcomed Lee to Nara [1]. They held a two-hour meeting [1]."
	if ans.Mode != ModeLLM || ans.Text != want {
		t.Errorf("final answer %q (%s, %q), want %q", ans.Text, ans.Mode, ans.FallbackReason, want)
	}
	checkMarkersMatch(t, ans.Text, ans.Citations)
}

func TestModelNotAsked(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) { chatReply(w, "x [1]", "stop") })
	a := newLLMAnswerer(srv.URL+"/v1", 5*time.Second, io.Discard, nil)
	ans, err := a.Answer(context.Background(), Request{Question: question, NoLLM: true})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeExtractive || ans.FallbackReason != "" {
		t.Errorf("--no-llm: mode %q, reason %q", ans.Mode, ans.FallbackReason)
	}
	empty := New(llmSearcher(nil), Options{Model: NewModel(ModelConfig{BaseURL: srv.URL + "/v1", Name: "m"})})
	ans, err = empty.Answer(context.Background(), Request{Question: question})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Abstained || ans.Mode != ModeExtractive {
		t.Errorf("no passages: want an extractive abstention, got %+v", ans)
	}
	if srv.hits() != 0 {
		t.Errorf("the model was asked %d times", srv.hits())
	}
}

func TestModelCallerCancels(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) { <-r.Context().Done() })
	a := newLLMAnswerer(srv.URL+"/v1", 20*time.Second, io.Discard, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	ans, err := a.Answer(ctx, Request{Question: question})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 1300*time.Millisecond || ans.Mode != ModeExtractive {
		t.Errorf("caller's deadline not respected: %v, mode %q", time.Since(start), ans.Mode)
	}
	if want := "the request ran out of time before the model answered"; ans.FallbackReason != want {
		t.Errorf("fallback reason %q, want %q", ans.FallbackReason, want)
	}
}

func TestModelBadBaseURL(t *testing.T) {
	for _, u := range []string{"localhost:11434/v1", "ftp://example.com/v1", "http://"} {
		a := newLLMAnswerer(u, time.Second, io.Discard, nil)
		ans, err := a.Answer(context.Background(), Request{Question: question})
		if err != nil {
			t.Fatal(err)
		}
		if want := "OPENAI_BASE_URL must be an http:// or https:// URL"; ans.FallbackReason != want {
			t.Errorf("%q: fallback reason %q, want %q", u, ans.FallbackReason, want)
		}
		checkFallback(t, ans)
	}
}

func TestReasoningModelRequest(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		chatReply(w, "Takaichi welcomed Lee to Nara [3].", "stop")
	})
	a := newLLMAnswerer(srv.URL+"/v1", 5*time.Second, io.Discard, func(c *ModelConfig) { c.Name = "o3-mini"; c.Temperature = 0.2 })
	ans, err := a.Answer(context.Background(), Request{Question: question})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := srv.last()
	if ans.Mode != ModeLLM || body["max_completion_tokens"] != float64(DefaultMaxTokens) || body["max_tokens"] != nil || body["temperature"] != nil {
		t.Errorf("reasoning model: mode %q (%q), request %v", ans.Mode, ans.FallbackReason, body)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 13, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"2":                             2 * time.Second,
		"0.5":                           500 * time.Millisecond,
		"-3":                            0,
		"soon":                          0,
		"Tue, 13 Jan 2026 12:00:05 GMT": 5 * time.Second,
	}
	for in, want := range tests {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
