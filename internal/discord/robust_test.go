package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"shuttlebot/internal/discord/discordtest"
)

// callbackText returns the content of an interaction's initial response.
func callbackText(t *testing.T, h *harness, i discordtest.Interaction) string {
	t.Helper()
	r, err := h.fake.WaitFor(5*time.Second, isCallback(i))
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, r)
	if m.Data == nil {
		return ""
	}
	return m.Data.Content
}

// TestGatewayHostileInput: odd interactions and messages get a polite reply
// or none, nothing panics, and the bot keeps answering.
func TestGatewayHostileInput(t *testing.T) {
	t.Parallel()
	h := startGateway(t, citedReply, nil, nil)
	cases := []struct {
		name string
		i    discordtest.Interaction
		want string
	}{
		{"unknown command", h.fake.SlashCommand("rm-rf", "111", "222"), "don't know that command"},
		{"question of the wrong type", h.fake.SlashCommand("ask", "112", "222", "question", 42), "Ask me a question"},
		{"no question", h.fake.SlashCommand("ask", "113", "222"), "Ask me a question"},
		{"huge question", h.fake.SlashCommand("ask", "114", "222", "question", strings.Repeat("é", 100000)), "100000 characters"},
		{"summits limit overflow", h.fake.SlashCommand("summits", "115", "222", "limit", 1e300), ""},
	}
	for _, c := range cases {
		must(t, h.fake.SendInteraction(c.i))
		if got := callbackText(t, h, c.i); !strings.Contains(got, c.want) {
			t.Errorf("%s: answered %q, want %q", c.name, got, c.want)
		}
	}
	// A mention and nothing else: a polite prompt.
	must(t, h.fake.SendMessage(h.fake.Message("222", "116", "", true)))
	r, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool { return r.Method == "POST" && r.Path == "/channels/222/messages" })
	if err != nil {
		t.Fatal("a bare mention got no reply:", err)
	}
	if m := decode(t, r); !strings.Contains(m.Content, "Ask me a question") {
		t.Errorf("bare mention answered %q", m.Content)
	}
	// A mention inside a code block is not a mention (Discord leaves it out
	// of the mentions list): ignored.
	code := h.fake.Message("333", "117", "```<@"+h.fake.BotID()+"> where?```", false)
	must(t, h.fake.SendMessage(code))
	// A DM (no guild): answered in place, no thread.
	dm := h.fake.Message("444", "118", "Where did they meet?", true)
	delete(dm, "guild_id")
	must(t, h.fake.SendMessage(dm))
	if _, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool { return r.Method == "POST" && r.Path == "/channels/444/messages" }); err != nil {
		t.Fatal("DM not answered:", err)
	}
	// Still up: a normal question is answered.
	ok := h.fake.SlashCommand("ask", "119", "222", "question", "Where did they meet?")
	must(t, h.fake.SendInteraction(ok))
	if _, err := h.fake.WaitFor(5*time.Second, isEdit(ok)); err != nil {
		t.Fatal("bot stopped answering:", err)
	}
	for _, r := range h.fake.Requests() {
		if strings.HasPrefix(r.Path, "/channels/333/") || strings.HasPrefix(r.Path, "/channels/444/") && strings.HasSuffix(r.Path, "/threads") {
			t.Errorf("unexpected %s %s", r.Method, r.Path)
		}
	}
	if qs := h.asker.questions(); len(qs) != 2 {
		t.Errorf("asker got %d questions, want 2 (the DM and the last): %+v", len(qs), qs)
	}
	if strings.Contains(h.logs.String(), "panicked") {
		t.Errorf("a handler panicked:\n%s", h.logs)
	}
}

// TestGatewayRateLimitStorm: endless 429s, or one absurd retry_after, end
// the request with a logged error within the bounds instead of pinning the
// handler (discordgo alone sleeps out any retry_after, ignoring the
// context, and retries forever); the next question is answered.
func TestGatewayRateLimitStorm(t *testing.T) {
	t.Parallel()
	h := startGateway(t, citedReply, nil, nil)
	h.fake.RateLimit("PATCH", "/webhooks/", maxRateLimitRetries+1, 50*time.Millisecond)
	storm := h.fake.SlashCommand("ask", "111", "222", "question", "Where?")
	must(t, h.fake.SendInteraction(storm))
	waitLog := func(what string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(h.logs.String(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q in the logs within 5s:\n%s", what, h.logs)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitLog("rate limited on PATCH")

	h.fake.RateLimit("PATCH", "/webhooks/", 1, time.Hour)
	huge := h.fake.SlashCommand("ask", "112", "222", "question", "Where?")
	must(t, h.fake.SendInteraction(huge))
	waitLog("retry after 1h0m0s")

	ok := h.fake.SlashCommand("ask", "113", "222", "question", "Where?")
	must(t, h.fake.SendInteraction(ok))
	if _, err := h.fake.WaitFor(5*time.Second, isEdit(ok)); err != nil {
		t.Fatal("not answering after the storm:", err)
	}
}

// TestGatewayConnectionDropsMidAnswer: the websocket closes while an answer
// is being composed; the answer is still delivered (REST does not need the
// gateway), the bot reconnects and keeps answering.
func TestGatewayConnectionDropsMidAnswer(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		if q.Text == "slow" {
			select {
			case <-release:
			case <-ctx.Done():
				return Reply{}, ctx.Err()
			}
		}
		return citedReply(ctx, q)
	}, nil, nil)
	slow := h.fake.SlashCommand("ask", "111", "222", "question", "slow")
	must(t, h.fake.SendInteraction(slow))
	if _, err := h.fake.WaitFor(5*time.Second, isCallback(slow)); err != nil {
		t.Fatal(err)
	}
	h.fake.CloseSessions(4000)
	close(release)
	if _, err := h.fake.WaitFor(5*time.Second, isEdit(slow)); err != nil {
		t.Fatal("answer lost when the connection dropped:", err)
	}
	if err := h.fake.WaitConnected(1, 10*time.Second); err != nil {
		t.Fatal("did not reconnect:", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		next := h.fake.SlashCommand("ask", "112", "222", "question", "after")
		if err := h.fake.SendInteraction(next); err == nil {
			if _, err := h.fake.WaitFor(5*time.Second, isEdit(next)); err != nil {
				t.Fatal("not answering after reconnecting:", err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no ready session after the drop")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(h.logs.String(), "panicked") {
		t.Errorf("a handler panicked:\n%s", h.logs)
	}
}
