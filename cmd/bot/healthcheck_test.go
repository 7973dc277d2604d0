package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hcArticle is a scraped article with the usual debris around the story.
const hcArticle = `Skip to main content   | Subscribe

Harbour towns agree on a shared ferry timetable

By A. Writer   March 3, 2025

The mayors of two harbour towns met on Tuesday and agreed to run one ferry
timetable from the spring, ending years of missed connections.

Share this article: Facebook Twitter   Advertisement
`

func hcEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func hcRun(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), append([]string{"healthcheck"}, args...), getenv, &out, &errb)
	return out.String(), errb.String(), err
}

func TestHealthURL(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/healthz"},
		{in: "http://127.0.0.1:8080/", want: "http://127.0.0.1:8080/healthz"},
		{in: "http://bot:8080/healthz", want: "http://bot:8080/healthz"},
		{in: "https://bot.example/status", want: "https://bot.example/status"},
		{in: ":8080", want: "http://127.0.0.1:8080/healthz"},
		{in: "0.0.0.0:9000", want: "http://127.0.0.1:9000/healthz"},
		{in: "localhost:8080", want: "http://localhost:8080/healthz"},
		{in: "[::1]:8080", want: "http://[::1]:8080/healthz"},
		{in: "  :8080 ", want: "http://127.0.0.1:8080/healthz"},
		{in: "", wantErr: true},
		{in: "8080", wantErr: true},
		{in: "bot", wantErr: true},
		{in: "ftp://bot:21/", wantErr: true},
		{in: "http:///healthz", wantErr: true},
		{in: "http://[::1", wantErr: true},
	}
	for _, tt := range tests {
		got, err := healthURL(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("healthURL(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("healthURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestHealthcheckHTTP(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("/sick", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "index not open", http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	addr := srv.Listener.Addr().(*net.TCPAddr)

	// A port with nothing listening: bind one, then close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + l.Addr().String()
	l.Close()

	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string // substring of the error; "" means healthy
	}{
		{name: "base URL gets /healthz", args: []string{"--url", srv.URL}},
		{name: "port only", args: []string{"--url", ":" + strconv.Itoa(addr.Port)}},
		{name: "from HEALTHCHECK_URL", env: map[string]string{"HEALTHCHECK_URL": srv.URL + "/healthz"}},
		{name: "flag beats env", args: []string{"--url", srv.URL}, env: map[string]string{"HEALTHCHECK_URL": deadURL}},
		{name: "503 is unhealthy", args: []string{"--url", srv.URL + "/sick"}, wantErr: "status 503: index not open"},
		{name: "404 is unhealthy", args: []string{"--url", srv.URL + "/nope"}, wantErr: "status 404"},
		{name: "nothing listening", args: []string{"--url", deadURL}, wantErr: "connect"},
		{name: "bad URL", args: []string{"--url", "ftp://x/"}, wantErr: "scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := hcRun(t, hcEnv(tt.env), tt.args...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unhealthy: %v", err)
				}
				if !strings.HasPrefix(stdout, "healthy: GET ") || !strings.Contains(stdout, "/healthz: 200") {
					t.Errorf("stdout = %q, want the URL checked and its status", stdout)
				}
				return
			}
			if err == nil {
				t.Fatalf("healthy, want an error containing %q", tt.wantErr)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "unhealthy: ") || !strings.Contains(msg, tt.wantErr) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q, want one line starting \"unhealthy: \" containing %q", msg, tt.wantErr)
			}
			if code := exitCode(err, io.Discard); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
		})
	}
}

// A server that accepts but never answers must not hang the check.
func TestHealthcheckHTTPTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	start := time.Now()
	_, _, err := hcRun(t, hcEnv(nil), "--url", srv.URL, "--timeout", "300ms")
	if err == nil {
		t.Fatal("healthy, want a timeout")
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %s with --timeout 300ms", elapsed)
	}
	if !strings.Contains(err.Error(), "no result within 300ms") {
		t.Errorf("error = %q, want it to name the timeout", err)
	}
}

func TestHealthcheckLocal(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	emptyDir := filepath.Join(dir, "empty")
	for _, d := range []string{corpusDir, emptyDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(corpusDir, "ferry.txt"), []byte(hcArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(dir, "a-file")
	if err := os.WriteFile(aFile, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	existingIndex := filepath.Join(dir, "index")
	if err := os.Mkdir(existingIndex, 0o755); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantOut string // substring of stdout when healthy
		wantErr string // substring of the error; "" means healthy
	}{
		{
			name:    "existing index folder",
			env:     map[string]string{"CORPUS_DIR": corpusDir, "INDEX_DIR": existingIndex},
			wantOut: "1 articles; index folder " + existingIndex + " writable",
		},
		{
			name:    "index folder not created yet",
			env:     map[string]string{"CORPUS_DIR": corpusDir, "INDEX_DIR": filepath.Join(dir, "new", "deeper", "index")},
			wantOut: "writable",
		},
		{
			name:    "flags beat the environment",
			env:     map[string]string{"CORPUS_DIR": emptyDir, "INDEX_DIR": aFile},
			args:    []string{"--corpus", corpusDir, "--index", existingIndex},
			wantOut: "1 articles",
		},
		{
			name:    "missing corpus",
			env:     map[string]string{"CORPUS_DIR": filepath.Join(dir, "nowhere"), "INDEX_DIR": existingIndex},
			wantErr: "not found",
		},
		{
			name:    "corpus without articles",
			env:     map[string]string{"CORPUS_DIR": emptyDir, "INDEX_DIR": existingIndex},
			wantErr: "holds no readable article",
		},
		{
			name:    "index path under a file",
			env:     map[string]string{"CORPUS_DIR": corpusDir, "INDEX_DIR": filepath.Join(aFile, "index")},
			wantErr: "is not a folder",
		},
		{
			name:    "bad configuration is exit 1 and one line",
			env:     map[string]string{"CORPUS_DIR": corpusDir, "INDEX_DIR": existingIndex, "LOG_LEVEL": "loud", "SHARD_COUNT": "0"},
			wantErr: "LOG_LEVEL=\"loud\"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := hcRun(t, hcEnv(tt.env), tt.args...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unhealthy: %v", err)
				}
				if !strings.HasPrefix(stdout, "healthy: ") || !strings.Contains(stdout, tt.wantOut) {
					t.Errorf("stdout = %q, want it to contain %q", stdout, tt.wantOut)
				}
				return
			}
			if err == nil {
				t.Fatalf("healthy (%q), want an error containing %q", stdout, tt.wantErr)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "unhealthy: ") || !strings.Contains(msg, tt.wantErr) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q, want one line starting \"unhealthy: \" containing %q", msg, tt.wantErr)
			}
			if code := exitCode(err, io.Discard); code != 1 {
				t.Errorf("exit code %d, want 1 (Docker reserves 2)", code)
			}
		})
	}

	// The check leaves nothing behind in the index folder.
	left, err := os.ReadDir(existingIndex)
	if err != nil || len(left) != 0 {
		t.Errorf("index folder holds %v after the checks (err %v), want it empty", left, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("the check created the missing index folder; it must not change anything")
	}
}

func TestHealthcheckUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "unknown flag", args: []string{"--bogus"}},
		{name: "stray argument", args: []string{"now"}},
		{name: "zero timeout", args: []string{"--timeout", "0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := hcRun(t, hcEnv(nil), tt.args...)
			if code := exitCode(err, io.Discard); code != 2 {
				t.Errorf("exit code %d (err %v), want 2", code, err)
			}
		})
	}
}
