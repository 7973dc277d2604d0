package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// EndpointConfig configures the HTTP interactions endpoint.
type EndpointConfig struct {
	PublicKey string // hex Ed25519 key from the Developer Portal
	Token     string // bot token, for command registration
	AppID     string
	GuildID   string
	APIURL    string
	Transport http.RoundTripper
	// Register bulk-overwrites the commands when serving starts.
	Register bool
}

const (
	maxBody     = 1 << 20
	maxClockLag = 5 * time.Minute
	ackWait     = 2500 * time.Millisecond
)

// ParsePublicKey decodes a hex Ed25519 public key.
func ParsePublicKey(hexKey string) (ed25519.PublicKey, error) {
	k, err := hex.DecodeString(strings.TrimSpace(hexKey))
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, errors.New("DISCORD_PUBLIC_KEY must be the 64 hex characters shown as Public Key on your application's General Information page")
	}
	return ed25519.PublicKey(k), nil
}

// endpoint serves Discord's HTTP interactions and /healthz.
type endpoint struct {
	b    *Bot
	key  ed25519.PublicKey
	api  restAPI
	work context.Context
}

// Handler returns the HTTP interactions endpoint: POST / (or
// /interactions) with Ed25519-signed interactions, and GET /healthz.
// Answers run under work and reach Discord through its REST API.
func (b *Bot) Handler(work context.Context, cfg EndpointConfig) (http.Handler, error) {
	key, err := ParsePublicKey(cfg.PublicKey)
	if err != nil {
		return nil, err
	}
	s, err := newSession(cfg.Token, cfg.APIURL, cfg.Transport)
	if err != nil {
		return nil, err
	}
	return &endpoint{b: b, key: key, api: s, work: work}, nil
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "articles": len(e.b.library.Docs())})
	case "/", "/interactions":
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		e.interaction(w, r)
	default:
		http.NotFound(w, r)
	}
}

// verify checks the request's Ed25519 signature and the freshness of its
// timestamp (to stop replays).
func (e *endpoint) verify(r *http.Request) bool {
	sec, err := strconv.ParseInt(r.Header.Get("X-Signature-Timestamp"), 10, 64)
	if err != nil {
		return false
	}
	lag := e.b.now().Sub(time.Unix(sec, 0))
	if lag > maxClockLag || lag < -maxClockLag {
		return false
	}
	return discordgo.VerifyInteraction(r, e.key)
}

func (e *endpoint) interaction(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if !e.verify(r) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, http.StatusOK, discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	if err := validInteraction(&i); err != nil {
		e.b.log.Warn("discord: rejecting interaction", "err", err)
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if !e.b.track() {
		writeJSON(w, http.StatusOK, ephemeral(msgStopping))
		return
	}
	responses := make(chan *discordgo.InteractionResponse, 1)
	written := make(chan struct{})
	finished := make(chan error, 1)
	ack := func(ctx context.Context, resp *discordgo.InteractionResponse) error {
		select {
		case responses <- resp:
		default:
			return errors.New("interaction already acknowledged")
		}
		select {
		case <-written:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	go func() {
		defer e.b.done()
		finished <- e.b.handleInteraction(e.work, e.api, &i, ack)
	}()
	t := time.NewTimer(ackWait)
	defer t.Stop()
	select {
	case resp := <-responses:
		writeJSON(w, http.StatusOK, resp)
	case err := <-finished:
		if errors.Is(err, errMalformed) {
			http.Error(w, "malformed interaction", http.StatusBadRequest)
			return
		}
		// Handled without a response (a duplicate delivery).
		writeJSON(w, http.StatusOK, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
		return
	case <-t.C:
		e.b.log.Warn("discord: no response ready in time; deferring", "id", i.ID)
		writeJSON(w, http.StatusOK, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	}
	close(written)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Serve registers the commands (when cfg.Register) and serves the
// interactions endpoint on ln until ctx ends; then it stops accepting
// requests, lets answers in flight finish within the grace period and
// returns.
func (b *Bot) Serve(ctx context.Context, ln net.Listener, cfg EndpointConfig) error {
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	h, err := b.Handler(work, cfg)
	if err != nil {
		return &SetupError{Msg: err.Error(), Err: err}
	}
	if cfg.Register {
		s, err := newSession(cfg.Token, cfg.APIURL, cfg.Transport)
		if err != nil {
			return err
		}
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err = registerCommands(rctx, s, cfg.AppID, cfg.GuildID)
		cancel()
		if err != nil {
			return err
		}
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	b.log.Info("discord interactions endpoint listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("discord: serving: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		b.log.Warn("discord: endpoint shutdown", "err", err)
	}
	b.shutdown(cancelWork)
	b.log.Info("discord interactions endpoint stopped")
	return nil
}
