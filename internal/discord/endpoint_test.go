package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"shuttlebot/internal/discord/discordtest"
)

type endpointHarness struct {
	fake *discordtest.Server
	url  string
	priv ed25519.PrivateKey
	now  time.Time
}

func startEndpoint(t *testing.T, fn func(context.Context, Question) (Reply, error)) (*endpointHarness, context.CancelFunc, chan error) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	fake := discordtest.New(discordtest.Options{})
	t.Cleanup(fake.Close)
	b, _ := newBot(t, &fakeAsker{fn: fn}, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- b.Serve(ctx, ln, EndpointConfig{PublicKey: hex.EncodeToString(pub), Token: fake.Token(), AppID: fake.AppID(), APIURL: fake.APIURL(), Register: true})
	}()
	t.Cleanup(func() { cancel(); <-errc; errc <- nil })
	h := &endpointHarness{fake: fake, url: "http://" + ln.Addr().String(), priv: priv}
	// Registration happens before serving; wait for the endpoint to answer.
	waitUntil(t, func() bool {
		resp, err := http.Get(h.url + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return h, cancel, errc
}

// post sends body signed with key (nil: h's key) at timestamp ts.
func (h *endpointHarness) post(t *testing.T, body []byte, key ed25519.PrivateKey, ts time.Time, tamper bool) *http.Response {
	t.Helper()
	if key == nil {
		key = h.priv
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(stamp), body...))
	if tamper {
		body = append(append([]byte(nil), body...), ' ')
	}
	req, _ := http.NewRequest("POST", h.url+"/", bytes.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestEndpointSignatures(t *testing.T) {
	t.Parallel()
	h, _, _ := startEndpoint(t, citedReply)
	ping := []byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name   string
		key    ed25519.PrivateKey
		ts     time.Time
		tamper bool
		want   int
	}{
		{"signed ping", nil, time.Now(), false, 200},
		{"wrong key", otherKey, time.Now(), false, 401},
		{"tampered body", nil, time.Now(), true, 401},
		{"stale timestamp", nil, time.Now().Add(-10 * time.Minute), false, 401},
		{"future timestamp", nil, time.Now().Add(10 * time.Minute), false, 401},
	}
	for _, tt := range tests {
		resp := h.post(t, ping, tt.key, tt.ts, tt.tamper)
		if resp.StatusCode != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
		}
		if tt.want == 200 {
			b, _ := io.ReadAll(resp.Body)
			if strings.TrimSpace(string(b)) != `{"type":1}` {
				t.Errorf("PING answered %s, want PONG", b)
			}
		}
	}
	// No signature headers at all.
	resp, err := http.Post(h.url+"/", "application/json", bytes.NewReader(ping))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("unsigned request: status %d", resp.StatusCode)
	}
	// Malformed JSON, correctly signed.
	if resp := h.post(t, []byte(`{"type":`), nil, time.Now(), false); resp.StatusCode != 400 {
		t.Errorf("malformed interaction: status %d, want 400", resp.StatusCode)
	}
	// A body over the limit.
	if resp := h.post(t, bytes.Repeat([]byte("x"), maxBody+10), nil, time.Now(), false); resp.StatusCode != 401 && resp.StatusCode != 413 {
		t.Errorf("oversized body: status %d", resp.StatusCode)
	}
	// Health.
	resp, err = http.Get(h.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status   string `json:"status"`
		Articles int    `json:"articles"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health.Status != "ok" || health.Articles != 23 {
		t.Errorf("healthz = %+v", health)
	}
}

func TestEndpointAskDefersThenFollowsUp(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h, cancel, errc := startEndpoint(t, func(ctx context.Context, q Question) (Reply, error) {
		<-release
		return citedReply(ctx, q)
	})
	if _, err := h.fake.WaitFor(time.Second, func(r discordtest.Request) bool {
		return r.Method == "PUT" && r.Path == "/applications/"+h.fake.AppID()+"/commands"
	}); err != nil {
		t.Fatal("global commands not registered:", err)
	}
	i := h.fake.SlashCommand("ask", "111", "222", "question", "Where?")
	h.fake.TrackInteraction(i.Token())
	body, _ := json.Marshal(i)
	start := time.Now()
	resp := h.post(t, body, nil, time.Now(), false)
	if resp.StatusCode != 200 || time.Since(start) > 3*time.Second {
		t.Fatalf("status %d after %v", resp.StatusCode, time.Since(start))
	}
	var r struct{ Type int }
	_ = json.NewDecoder(resp.Body).Decode(&r)
	if r.Type != 5 {
		t.Fatalf("want a deferred response (type 5), got %d", r.Type)
	}
	h.fake.Acknowledge(i.Token(), r.Type) // Discord received the deferral
	// SIGTERM with the answer in flight: the follow-up still arrives.
	cancel()
	close(release)
	edit, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, i.Token()) && r.Status == 200
	})
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, edit)
	requireNoMentions(t, m)
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Fields[0].Value, "news.example/velmar") {
		t.Errorf("follow-up lacks the cited answer: %s", edit.Body)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
		errc <- nil
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestEndpointImmediateCommands(t *testing.T) {
	t.Parallel()
	h, _, _ := startEndpoint(t, citedReply)
	for _, c := range []struct {
		i    discordtest.Interaction
		want string
	}{
		{h.fake.SlashCommand("help", "1", "2"), "How to ask"},
		{h.fake.SlashCommand("summits", "1", "2", "limit", 1), "Jan 2026"},
		{h.fake.Component("sources:2", "1", "2"), "Page 3 of 3"},
	} {
		body, _ := json.Marshal(c.i)
		resp := h.post(t, body, nil, time.Now(), false)
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(b), c.want) {
			t.Errorf("%v: %d %s", c.i["data"], resp.StatusCode, b)
		}
	}
}
