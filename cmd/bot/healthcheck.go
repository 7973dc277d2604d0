package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// cmdHealthcheck exits 0 when the bot is healthy and 1, with a one-line
// reason, when it is not. It is the container's HEALTHCHECK.
//
// With --url (or HEALTHCHECK_URL) it asks a running `bot serve` for /healthz
// and wants a 200. Otherwise it checks what a bot in this environment needs
// to start and keep answering: the configuration is valid, the corpus loads
// with at least one article, and the index folder is writable (or can be
// created). It does not open the index itself: a running bot holds the
// index's lock, and a second opener would wait on it or rebuild a stale index.
//
// Unhealthy is always exit 1, never 2 (Docker reserves 2), except for bad
// flags, which are usage errors like everywhere else.
func cmdHealthcheck(ctx context.Context, env *environment, args []string) error {
	flags := newFlagSet(env, "healthcheck")
	var c common
	c.register(flags)
	rawURL := flags.String("url", "", "check a running `bot serve`: its base URL, address (:8080) or /healthz URL (env HEALTHCHECK_URL)")
	timeout := flags.Duration("timeout", 20*time.Second, "give up, unhealthy, after this long")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("healthcheck takes no arguments, got %q", flags.Arg(0))
	}
	if *timeout <= 0 {
		return usagef("healthcheck: --timeout must be positive")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	target := *rawURL
	if target == "" {
		target = strings.TrimSpace(env.getenv("HEALTHCHECK_URL"))
	}
	var (
		msg string
		err error
	)
	if target != "" {
		msg, err = checkHTTP(ctx, target)
	} else {
		msg, err = checkLocal(ctx, env, c)
	}
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no result within %s: %w", *timeout, err)
		}
		// %v, not %w: an unhealthy bot is exit 1 even when the cause is a
		// configuration (usage) error.
		return fmt.Errorf("unhealthy: %v", oneLine(err))
	}
	fmt.Fprintln(env.stdout, "healthy:", msg)
	return nil
}

// healthURL turns what a user may pass to --url into the URL to GET:
// "http://host:8080" and "http://host:8080/" get /healthz appended, a bare
// address (":8080", "127.0.0.1:8080", "localhost:8080") means http on that
// address (an empty host is 127.0.0.1), and a URL with a path is kept as is.
func healthURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("empty health URL")
	}
	if !strings.Contains(s, "://") {
		host, port, err := net.SplitHostPort(s)
		if err != nil || port == "" {
			return "", fmt.Errorf("health URL %q: want http://host:port[/healthz] or host:port", s)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("health URL %q: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("health URL %q: the scheme must be http or https", s)
	}
	if u.Host == "" {
		return "", fmt.Errorf("health URL %q has no host", s)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/healthz"
	}
	return u.String(), nil
}

// checkHTTP GETs the health endpoint and wants a 200.
func checkHTTP(ctx context.Context, raw string) (string, error) {
	target, err := healthURL(raw)
	if err != nil {
		return "", err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone() // honours HTTPS_PROXY/NO_PROXY
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", target, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode != http.StatusOK {
		detail := strings.TrimSpace(string(body))
		if detail != "" {
			detail = ": " + detail
		}
		return "", fmt.Errorf("GET %s: status %d%s", target, resp.StatusCode, detail)
	}
	return "GET " + target + ": 200", nil
}

// checkLocal checks the configuration, the corpus and the index folder.
func checkLocal(ctx context.Context, env *environment, c common) (string, error) {
	cfg, err := loadConfig(env, c)
	if err != nil {
		return "", err
	}
	// Only errors: a skipped file is the bot's business, not the health log's.
	quiet := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	docs, err := loadCorpus(ctx, cfg, quiet)
	if err != nil {
		return "", err
	}
	if err := checkWritable(cfg.IndexDir); err != nil {
		return "", err
	}
	return fmt.Sprintf("corpus %s: %d articles; index folder %s writable", cfg.CorpusDir, len(docs), cfg.IndexDir), nil
}

// checkWritable reports whether this user can write the index folder, or,
// when it does not exist yet, create it. It leaves nothing behind.
func checkWritable(dir string) error {
	probeDir := dir
	for {
		st, err := os.Stat(probeDir)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("index folder %s: %s is not a folder", dir, probeDir)
			}
			break
		}
		// ENOTDIR: a path component is a file; the loop then names it.
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("index folder %s: %w", dir, err)
		}
		parent := filepath.Dir(probeDir)
		if parent == probeDir {
			return fmt.Errorf("index folder %s: no existing parent folder", dir)
		}
		probeDir = parent
	}
	f, err := os.CreateTemp(probeDir, ".healthcheck-*")
	if err != nil {
		return fmt.Errorf("index folder %s is not writable by this user (uid %d): %w", dir, os.Getuid(), err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("index folder %s: removing probe file: %w", dir, err)
	}
	return nil
}

// oneLine folds a multi-line error (e.g. joined configuration errors) into
// one line, as Docker shows a health check's output.
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}
