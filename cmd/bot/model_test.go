package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const modelTestKey = "sk-e2e-7a6b5c4d3e2f-secret"

// promptPassageRe finds passage [1]'s text in the prompt: the line after its
// "[1] title — outlet, date" header.
var promptPassageRe = regexp.MustCompile(`(?m)^\[1\] .*\n(.+)`)

// newEchoModel is an OpenAI-compatible server that answers with the first
// sentence of passage [1] of the prompt, cited, plus an invented sentence
// that the grounding check must drop.
func newEchoModel(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Messages []struct{ Role, Content string } `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		m := promptPassageRe.FindStringSubmatch(req.Messages[len(req.Messages)-1].Content)
		if m == nil {
			http.Error(w, `{"error":{"message":"no passages"}}`, http.StatusBadRequest)
			return
		}
		first := strings.TrimSpace(m[1])
		if i := strings.Index(first, ". "); i > 0 {
			first = first[:i+1]
		}
		if !strings.HasSuffix(first, ".") {
			first += "."
		}
		t.Logf("echo model cites: %q", first)
		reply := first + " [1] The leaders also opened a joint embassy on Mars in 1850 [1]."
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}]}`, reply)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func askJSONWith(t *testing.T, env map[string]string, q string) (askJSON, string, time.Duration) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	start := time.Now()
	err := run(context.Background(), []string{"ask", "--json", q}, getenv, &out, &errb)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("bot ask: %v\nstderr: %s", err, errb.String())
	}
	var got askJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("bot ask --json printed invalid JSON: %v\n%s", err, out.String())
	}
	return got, errb.String(), elapsed
}

func modelEnv(t *testing.T, baseURL string) map[string]string {
	return map[string]string{
		"CORPUS_DIR":      filepath.Join("..", "..", "corpus"),
		"INDEX_DIR":       t.TempDir(),
		"OPENAI_BASE_URL": baseURL,
		"OPENAI_MODEL":    "echo-model",
		"OPENAI_API_KEY":  modelTestKey,
		"OPENAI_TIMEOUT":  "3s",
		"LOG_LEVEL":       "debug",
	}
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}]+`)

func TestAskWithModel(t *testing.T) {
	srv := newEchoModel(t)
	env := modelEnv(t, srv.URL+"/v1")
	got, stderr, _ := askJSONWith(t, env, "Where did Lee and Takaichi meet?")
	if got.Mode != "llm" || got.FallbackReason != "" {
		t.Fatalf("mode %q, fallback_reason %q; want a model answer\nstderr: %s", got.Mode, got.FallbackReason, stderr)
	}
	if strings.Contains(got.Answer, "Mars") {
		t.Errorf("the invented sentence survived: %q", got.Answer)
	}
	if len(got.Citations) == 0 || !strings.Contains(got.Answer, "[1]") {
		t.Fatalf("no citations: %+v", got)
	}
	for _, c := range got.Citations {
		if !strings.Contains(got.Answer, fmt.Sprintf("[%d]", c.N)) {
			t.Errorf("citation %d is not used in %q", c.N, got.Answer)
		}
		raw, err := os.ReadFile(filepath.Join("..", "..", "corpus", filepath.FromSlash(c.Doc)))
		if err != nil {
			t.Fatalf("citation %d names %q, not a corpus file: %v", c.N, c.Doc, err)
		}
		// The cited article holds the answer's words.
		file := strings.ToLower(string(raw))
		words := wordRe.FindAllString(strings.ToLower(regexp.MustCompile(`\[\d+\]`).ReplaceAllString(got.Answer, "")), -1)
		missing := 0
		for _, w := range words {
			if !strings.Contains(file, w) {
				missing++
			}
		}
		if missing*5 > len(words) {
			t.Errorf("%d of %d answer words are not in %s: %q", missing, len(words), c.Doc, got.Answer)
		}
		if c.Title == "" || c.Quote == "" {
			t.Errorf("citation %d lacks title or quote: %+v", c.N, c)
		}
	}
	if strings.Contains(stderr, modelTestKey) {
		t.Error("the API key reached the logs")
	}
}

func TestAskWithFailingModel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"overloaded"}}`, http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	env := modelEnv(t, srv.URL+"/v1")
	got, stderr, elapsed := askJSONWith(t, env, "Where did Lee and Takaichi meet?")
	if got.Mode != "extractive" || got.FallbackReason != "model server error (500)" {
		t.Errorf("mode %q, fallback_reason %q; want extractive with the server error", got.Mode, got.FallbackReason)
	}
	if got.Answer == "" {
		t.Error("empty answer")
	}
	if got.ElapsedMS > 4000 {
		t.Errorf("answering took %.0f ms, beyond the 3s model deadline plus a second (whole run %v)", got.ElapsedMS, elapsed)
	}
	if strings.Contains(stderr, modelTestKey) {
		t.Error("the API key reached the logs")
	}

	// --no-llm never asks the model and gives no reason.
	var out bytes.Buffer
	getenv := func(k string) string { return env[k] }
	if err := run(context.Background(), []string{"ask", "--json", "--no-llm", "Where did Lee and Takaichi meet?"}, getenv, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"mode": "extractive"`) || strings.Contains(out.String(), "fallback_reason") {
		t.Errorf("--no-llm output: %s", out.String())
	}
}

func TestAskModelUnreachableWithinDeadline(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so the server notices the client hanging up
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	env := modelEnv(t, srv.URL+"/v1")
	env["OPENAI_TIMEOUT"] = "1s"
	got, _, elapsed := askJSONWith(t, env, "Where did Lee and Takaichi meet?")
	if got.Mode != "extractive" || got.FallbackReason != "model timed out after 1s" {
		t.Errorf("mode %q, fallback_reason %q", got.Mode, got.FallbackReason)
	}
	// elapsed_ms covers answering (search and model), not the index build.
	if got.ElapsedMS > 2000 {
		t.Errorf("answering took %.0f ms, beyond the 1s model deadline plus a second (whole run %v)", got.ElapsedMS, elapsed)
	}
}
