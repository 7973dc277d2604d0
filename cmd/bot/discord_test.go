package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"shuttlebot/internal/discord/discordtest"
)

// dcBuffer is a goroutine-safe output sink.
type dcBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *dcBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *dcBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// dcCorpus writes a small corpus of articles written for this test.
func dcCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"velmar.md": `---
title: "Leaders of Arland and Brovia meet in the port city of Velmar"
date: 2025-10-30
link: https://news.example/velmar
source: Harbor Times
---
VELMAR, Oct. 30 (Harbor Times) -- President Ana Ruiz of Arland and Prime Minister Kenji Sato of Brovia held a summit in the port city of Velmar on Thursday, their first meeting since the spring.

The two leaders agreed to expand ferry links and to hold a shuttle summit every year, officials said.
`,
		"ostrava.txt": `Arland and Brovia plan a state visit in January

The presidential office said Ana Ruiz will travel to Ostrava in January for a state visit hosted by Kenji Sato, the second summit between the two leaders.

Officials said trade and fisheries would top the agenda.
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func dcEnv(t *testing.T, fake *discordtest.Server, extra map[string]string) func(string) string {
	m := map[string]string{
		"CORPUS_DIR":      dcCorpus(t),
		"INDEX_DIR":       filepath.Join(t.TempDir(), "index"),
		"DISCORD_TOKEN":   fake.Token(),
		"DISCORD_API_URL": fake.APIURL(),
		"ASK_COOLDOWN":    "0s",
	}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

type dcMessage struct {
	Content         string `json:"content"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
	} `json:"allowed_mentions"`
	Embeds []struct {
		Description string `json:"description"`
		Fields      []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"fields"`
	} `json:"embeds"`
}

var sourceLinkRe = regexp.MustCompile(`\*\*\[(\d+)\]\*\* \[[^\]]+\]\((https?://[^)]+)\)`)

func TestRunAnswersAgainstFakeDiscord(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &dcBuffer{}
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"run"}, dcEnv(t, fake, map[string]string{"DISCORD_GUILD_ID": "800000000000000001"}), io.Discard, stderr)
	}()
	if err := fake.WaitConnected(1, 60*time.Second); err != nil {
		select {
		case err := <-errc:
			t.Fatalf("bot run: %v\n%s", err, stderr.String())
		default:
		}
		t.Fatal(err, stderr.String())
	}
	if _, err := fake.WaitFor(10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.HasSuffix(r.Path, "/guilds/800000000000000001/commands")
	}); err != nil {
		t.Fatal("commands not registered in the guild:", err)
	}

	ask := fake.SlashCommand("ask", "111", "222", "question", "Where did Ana Ruiz and Kenji Sato meet?")
	sent := time.Now()
	if err := fake.SendInteraction(ask); err != nil {
		t.Fatal(err)
	}
	cb, err := fake.WaitFor(3*time.Second, func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasPrefix(r.Path, "/interactions/"+ask.ID()+"/")
	})
	if err != nil || cb.Status != 204 {
		t.Fatalf("no deferral within 3 s: %v %d", err, cb.Status)
	}
	edit, err := fake.WaitFor(30*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, ask.Token()) && r.Status == 200
	})
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	t.Logf("/ask via bot run: deferred after %v, answered after %v", cb.At.Sub(sent), edit.At.Sub(sent))
	var m dcMessage
	if err := json.Unmarshal(edit.Body, &m); err != nil {
		t.Fatal(err)
	}
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions not empty: %s", edit.Body)
	}
	if len(m.Embeds) != 1 || len(m.Embeds[0].Fields) == 0 {
		t.Fatalf("answer has no sources: %s", edit.Body)
	}
	links := sourceLinkRe.FindAllStringSubmatch(m.Embeds[0].Fields[0].Value, -1)
	if len(links) == 0 || !strings.Contains(m.Embeds[0].Description, "["+links[0][1]+"]") {
		t.Errorf("answer markers do not match linked sources:\n%s\n%s", m.Embeds[0].Description, m.Embeds[0].Fields[0].Value)
	}

	for _, c := range []struct {
		i    discordtest.Interaction
		want string
	}{
		{fake.SlashCommand("help", "111", "222"), "2 articles"},
		{fake.SlashCommand("sources", "111", "222"), "https://news.example/velmar"},
	} {
		if err := fake.SendInteraction(c.i); err != nil {
			t.Fatal(err)
		}
		cb, err := fake.WaitFor(5*time.Second, func(r discordtest.Request) bool {
			return r.Method == "POST" && strings.HasPrefix(r.Path, "/interactions/"+c.i.ID()+"/")
		})
		if err != nil {
			t.Fatal(err)
		}
		if cb.Status != 204 || !strings.Contains(string(cb.Body), c.want) {
			t.Errorf("%v: %d %s", c.i["data"], cb.Status, cb.Body)
		}
	}

	mention := fake.Message("222", "111", "where did the leaders meet?", true)
	if err := fake.SendMessage(mention); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitFor(30*time.Second, func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/222/messages" && strings.Contains(string(r.Body), `"embeds"`)
	}); err != nil {
		t.Fatal("mention not answered:", err)
	}

	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("bot run after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("bot run did not stop")
	}
}

func TestRunAndServeConfigErrors(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(discordtest.Options{})
	t.Cleanup(fake.Close) // after the parallel subtests
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		wants []string
	}{
		{"run without token", []string{"run"}, map[string]string{"DISCORD_TOKEN": ""}, []string{"DISCORD_TOKEN"}},
		{"run with bad API URL", []string{"run"}, map[string]string{"DISCORD_API_URL": "ftp://x"}, []string{"DISCORD_API_URL"}},
		{"serve missing everything", []string{"serve"}, map[string]string{"DISCORD_TOKEN": ""}, []string{"DISCORD_PUBLIC_KEY", "DISCORD_APP_ID", "DISCORD_TOKEN"}},
		{"serve bad key", []string{"serve"}, map[string]string{"DISCORD_PUBLIC_KEY": "zz", "DISCORD_APP_ID": "1"}, []string{"64 hex characters"}},
		{"run rejected token", []string{"run"}, map[string]string{"DISCORD_TOKEN": "not-the-token"}, []string{"DISCORD_TOKEN was rejected"}},
		{"run disallowed intents", []string{"run"}, map[string]string{"DISCORD_MESSAGE_CONTENT": "true"}, []string{"DISCORD_MESSAGE_CONTENT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stderr dcBuffer
			err := run(context.Background(), tt.args, dcEnv(t, fake, tt.env), io.Discard, &stderr)
			code := exitCode(err, &stderr)
			if code != 2 {
				t.Fatalf("exit code %d, want 2 (err %v)", code, err)
			}
			for _, w := range tt.wants {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("message lacks %q:\n%s", w, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), fake.Token()) {
				t.Error("the token leaked")
			}
		})
	}
}

var listenRe = regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)

func TestServeSignedRequests(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	pub, priv, _ := ed25519.GenerateKey(nil)
	env := dcEnv(t, fake, map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_APP_ID": fake.AppID()})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &dcBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, env, io.Discard, stderr) }()
	var addr string
	deadline := time.Now().Add(60 * time.Second)
	for addr == "" {
		if m := listenRe.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case err := <-errc:
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("serve never listened:\n" + stderr.String())
		}
	}
	post := func(body []byte, key ed25519.PrivateKey) int {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest("POST", "http://"+addr+"/", bytes.NewReader(body))
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...))))
		req.Header.Set("X-Signature-Timestamp", ts)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	ping := []byte(`{"id":"1","application_id":"` + fake.AppID() + `","type":1,"token":"x","version":1}`)
	if code := post(ping, priv); code != 200 {
		t.Errorf("signed PING: %d", code)
	}
	_, bad, _ := ed25519.GenerateKey(nil)
	if code := post(ping, bad); code != 401 {
		t.Errorf("badly signed PING: %d, want 401", code)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"articles":2`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, b)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
