package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/discord/discordtest"
	"shuttlebot/internal/summits"
)

// fakeAsker answers with a function of the question.
type fakeAsker struct {
	mu    sync.Mutex
	asked []Question
	fn    func(ctx context.Context, q Question) (Reply, error)
}

func (a *fakeAsker) Answer(ctx context.Context, q Question) (Reply, error) {
	a.mu.Lock()
	a.asked = append(a.asked, q)
	a.mu.Unlock()
	return a.fn(ctx, q)
}

func (a *fakeAsker) questions() []Question {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Question(nil), a.asked...)
}

func citedReply(ctx context.Context, q Question) (Reply, error) {
	return Reply{Text: "They met in Velmar [1].", Mode: "extractive", Citations: []Citation{{N: 1, Doc: "velmar.md", Title: "Leaders meet in Velmar", Source: "Harbor Times", URL: "https://news.example/velmar", Date: day(2025, 10, 30)}}}, nil
}

type fakeLibrary struct{ docs []corpus.Document }

func (l fakeLibrary) Docs() []corpus.Document { return l.docs }
func (l fakeLibrary) SearchArticles(ctx context.Context, q string, k int) ([]corpus.Document, error) {
	var out []corpus.Document
	for _, d := range l.docs {
		if strings.Contains(strings.ToLower(d.Title), strings.ToLower(q)) && len(out) < k {
			out = append(out, d)
		}
	}
	return out, nil
}

type fakeTimeline []summits.Meeting

func (t fakeTimeline) Summits() []summits.Meeting { return t }

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type harness struct {
	fake   *discordtest.Server
	asker  *fakeAsker
	bot    *Bot
	logs   *syncBuffer
	cancel context.CancelFunc
	errc   chan error
}

func newBot(t *testing.T, asker *fakeAsker, mod func(*Options)) (*Bot, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	opts := Options{
		Asker:         asker,
		Library:       fakeLibrary{docs: docs(23)},
		Timeline:      fakeTimeline(meetings()),
		Logger:        slog.New(slog.NewTextHandler(logs, nil)),
		MaxConcurrent: 4,
		Grace:         5 * time.Second,
	}
	if mod != nil {
		mod(&opts)
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return b, logs
}

// startGateway runs a bot against a fresh fake Discord until the test ends.
func startGateway(t *testing.T, fn func(context.Context, Question) (Reply, error), mod func(*Options), gmod func(*GatewayConfig)) *harness {
	t.Helper()
	fake := discordtest.New(discordtest.Options{})
	t.Cleanup(fake.Close)
	asker := &fakeAsker{fn: fn}
	b, logs := newBot(t, asker, mod)
	ctx, cancel := context.WithCancel(context.Background())
	cfg := GatewayConfig{Token: fake.Token(), APIURL: fake.APIURL(), GuildID: "800000000000000001", Backoff: func(int) time.Duration { return 10 * time.Millisecond }}
	if gmod != nil {
		gmod(&cfg)
	}
	errc := make(chan error, 1)
	go func() { errc <- b.RunGateway(ctx, cfg) }()
	h := &harness{fake: fake, asker: asker, bot: b, logs: logs, cancel: cancel, errc: errc}
	t.Cleanup(func() {
		cancel()
		select {
		case <-errc:
		case <-time.After(15 * time.Second):
			t.Error("RunGateway did not return after cancel")
		}
	})
	if err := fake.WaitConnected(1, 5*time.Second); err != nil {
		select {
		case err := <-errc:
			errc <- err
			t.Fatalf("RunGateway: %v", err)
		default:
		}
		t.Fatal(err)
	}
	// Commands are registered right after READY.
	if _, err := fake.WaitFor(5*time.Second, func(r discordtest.Request) bool { return r.Method == "PUT" }); err != nil {
		t.Fatal(err)
	}
	return h
}

func isCallback(i discordtest.Interaction) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasPrefix(r.Path, "/interactions/"+i.ID()+"/")
	}
}

func isEdit(i discordtest.Interaction) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, "/"+i.Token()+"/messages/@original") && r.Status == 200
	}
}

type sentMessage struct {
	Type  int `json:"type"`
	Data  *sentMessage
	Flags int `json:"flags"`
	// message fields
	Content         string `json:"content"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
	} `json:"allowed_mentions"`
	Reference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	Embeds []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Footer      struct {
			Text string `json:"text"`
		} `json:"footer"`
		Fields []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"fields"`
	} `json:"embeds"`
}

func decode(t *testing.T, r discordtest.Request) sentMessage {
	t.Helper()
	var m sentMessage
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	return m
}

func requireNoMentions(t *testing.T, m sentMessage) {
	t.Helper()
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions must carry an empty parse list, got %+v", m.AllowedMentions)
	}
}

func TestGatewayAskDefersThenEdits(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		<-release // answering is slow
		return citedReply(ctx, q)
	}, nil, nil)
	i := h.fake.SlashCommand("ask", "111", "222", "question", "Where did the leaders meet?")
	sent := time.Now()
	if err := h.fake.SendInteraction(i); err != nil {
		t.Fatal(err)
	}
	cb, err := h.fake.WaitFor(3*time.Second, isCallback(i))
	if err != nil {
		t.Fatal("no deferral within 3 s:", err)
	}
	if cb.Status != 204 || cb.At.Sub(sent) > 3*time.Second {
		t.Fatalf("deferral status %d after %v", cb.Status, cb.At.Sub(sent))
	}
	if m := decode(t, cb); m.Type != 5 || m.Data != nil && m.Data.Flags&64 != 0 {
		t.Errorf("want a public deferred response (type 5), got %+v", m)
	}
	for _, r := range h.fake.Requests() {
		if r.Method == "PATCH" {
			t.Fatal("answer edited in before the asker finished")
		}
	}
	close(release)
	edit, err := h.fake.WaitFor(5*time.Second, isEdit(i))
	if err != nil {
		t.Fatal(err)
	}
	if !edit.At.After(cb.At) {
		t.Error("edit arrived before the deferral")
	}
	m := decode(t, edit)
	requireNoMentions(t, m)
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "[1]") {
		t.Fatalf("edit has no cited answer: %+v", m)
	}
	src := m.Embeds[0].Fields[0]
	if src.Name != "Sources" || !strings.Contains(src.Value, "**[1]** [Leaders meet in Velmar — Harbor Times, Oct 30, 2025](https://news.example/velmar)") {
		t.Errorf("sources field wrong: %+v", src)
	}
	if !strings.Contains(m.Embeds[0].Footer.Text, "Extractive") {
		t.Errorf("extractive answer not marked in footer: %q", m.Embeds[0].Footer.Text)
	}
	// One log line with latency, mode and cited docs; no token.
	waitUntil(t, func() bool { return strings.Contains(h.logs.String(), "kind=/ask") })
	logs := h.logs.String()
	if !strings.Contains(logs, "kind=/ask") || !strings.Contains(logs, "mode=extractive") || !strings.Contains(logs, "velmar.md") || !strings.Contains(logs, "latency_ms=") {
		t.Errorf("interaction log line missing fields:\n%s", logs)
	}
	if strings.Contains(logs, h.fake.Token()) || strings.Contains(logs, i.Token()) {
		t.Error("a token reached the logs")
	}
}

func TestGatewayAskPrivateLongAndEveryone(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Officials said the talks went well and @everyone agreed to meet again <@&123> soon [1]. ", 60)
	h := startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		r, _ := citedReply(ctx, q)
		r.Text, r.Mode = long, "llm"
		return r, nil
	}, nil, nil)
	i := h.fake.SlashCommand("ask", "111", "222", "question", "Tell me all", "private", true)
	if err := h.fake.SendInteraction(i); err != nil {
		t.Fatal(err)
	}
	cb, err := h.fake.WaitFor(3*time.Second, isCallback(i))
	if err != nil {
		t.Fatal(err)
	}
	if m := decode(t, cb); m.Type != 5 || m.Data == nil || m.Data.Flags&64 == 0 {
		t.Errorf("private ask should defer ephemerally, got %s", cb.Body)
	}
	edit, err := h.fake.WaitFor(5*time.Second, isEdit(i)) // the fake enforces every limit (400 otherwise)
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, edit)
	requireNoMentions(t, m)
	d := m.Embeds[0].Description
	if runeLen(d) > maxDescription || runeLen(d) < 3000 || !strings.HasSuffix(d, "[1].") {
		t.Errorf("long answer: %d characters, ends %q", runeLen(d), d[len(d)-20:])
	}
}

func TestGatewayCooldownAndBusy(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		if q.Text == "slow" {
			<-release
		}
		return citedReply(ctx, q)
	}, func(o *Options) { o.Cooldown = time.Hour; o.MaxConcurrent = 1 }, nil)

	first := h.fake.SlashCommand("ask", "111", "222", "question", "slow")
	must(t, h.fake.SendInteraction(first))
	if _, err := h.fake.WaitFor(3*time.Second, isCallback(first)); err != nil {
		t.Fatal(err)
	}
	// Same user again: cooldown.
	again := h.fake.SlashCommand("ask", "111", "222", "question", "again?")
	must(t, h.fake.SendInteraction(again))
	cb, err := h.fake.WaitFor(3*time.Second, isCallback(again))
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, cb)
	if m.Type != 4 || m.Data == nil || m.Data.Flags&64 == 0 || !strings.Contains(m.Data.Content, "please wait") {
		t.Errorf("cooldown should answer ephemerally, got %s", cb.Body)
	}
	// Another user while the only slot is busy.
	other := h.fake.SlashCommand("ask", "333", "222", "question", "quick")
	must(t, h.fake.SendInteraction(other))
	cb, err = h.fake.WaitFor(3*time.Second, isCallback(other))
	if err != nil {
		t.Fatal(err)
	}
	if m := decode(t, cb); m.Type != 4 || m.Data.Flags&64 == 0 || !strings.Contains(m.Data.Content, "lot of questions") {
		t.Errorf("busy should answer ephemerally, got %s", cb.Body)
	}
	close(release)
	if _, err := h.fake.WaitFor(5*time.Second, isEdit(first)); err != nil {
		t.Fatal(err)
	}
	// The busy user was not charged a cooldown.
	waitUntil(t, func() bool { return len(h.bot.sem) == 0 })
	retry := h.fake.SlashCommand("ask", "333", "222", "question", "quick")
	must(t, h.fake.SendInteraction(retry))
	if _, err := h.fake.WaitFor(5*time.Second, isEdit(retry)); err != nil {
		t.Fatal("user refused for load was then refused again:", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestGatewayMentionAndThreadFollowUp(t *testing.T) {
	t.Parallel()
	h := startGateway(t, citedReply, nil, nil)
	// A bot's message and the bot's own are ignored.
	bot := h.fake.Message("222", "555", "hello", true)
	bot["author"].(map[string]any)["bot"] = true
	must(t, h.fake.SendMessage(bot))
	must(t, h.fake.SendMessage(h.fake.Message("222", h.fake.BotID(), "me", true)))
	// A message without a mention is ignored.
	must(t, h.fake.SendMessage(h.fake.Message("222", "111", "Where did they meet?", false)))

	msg := h.fake.Message("222", "111", "Where did the leaders meet? @everyone", true)
	must(t, h.fake.SendMessage(msg))
	reply, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool { return r.Method == "POST" && r.Path == "/channels/222/messages" })
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, reply)
	requireNoMentions(t, m)
	if m.Reference == nil || m.Reference.MessageID != msg["id"] {
		t.Errorf("mention not answered as a reply: %s", reply.Body)
	}
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Fields[0].Value, "news.example/velmar") {
		t.Errorf("reply lacks the cited answer: %s", reply.Body)
	}
	th, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool { return strings.HasSuffix(r.Path, "/threads") })
	if err != nil {
		t.Fatal("no thread started:", err)
	}
	// The fake gives the thread the ID of the message it starts from.
	threadID := strings.Split(th.Path, "/")[4]
	waitUntil(t, func() bool { _, _, ok := h.bot.threads.lookup(threadID); return ok })
	follow := h.fake.Message(threadID, "111", "and when was that?", true)
	must(t, h.fake.SendMessage(follow))
	if _, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/"+threadID+"/messages"
	}); err != nil {
		t.Fatal("follow-up not answered in the thread:", err)
	}
	qs := h.asker.questions()
	if len(qs) != 2 {
		t.Fatalf("asker got %d questions, want 2 (bots and unmentioned messages ignored): %+v", len(qs), qs)
	}
	if qs[1].Text != "and when was that?" || len(qs[1].History) != 1 || qs[1].History[0] != "Where did the leaders meet? @everyone" {
		t.Errorf("follow-up lacks the thread's earlier question: %+v", qs[1])
	}
}

func TestGatewayMalformedAndDuplicateInteractions(t *testing.T) {
	t.Parallel()
	var calls int
	var mu sync.Mutex
	h := startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		if q.Text == "boom" {
			panic("handler bug")
		}
		return citedReply(ctx, q)
	}, nil, nil)
	// Malformed: permissions as a number (discordgo then hands over an empty
	// interaction), a missing token, a command without data.
	bad := h.fake.SlashCommand("ask", "111", "222", "question", "x")
	bad["app_permissions"] = 8
	must(t, h.fake.SendInteraction(bad))
	noToken := h.fake.SlashCommand("ask", "111", "222", "question", "x")
	delete(noToken, "token")
	_, err := h.fake.Dispatch("INTERACTION_CREATE", map[string]any(noToken))
	must(t, err)
	noData := h.fake.SlashCommand("ask", "111", "222")
	noData["data"] = nil
	must(t, h.fake.SendInteraction(noData))
	// A panic inside answering is recovered.
	boom := h.fake.SlashCommand("ask", "444", "222", "question", "boom")
	must(t, h.fake.SendInteraction(boom))
	if _, err := h.fake.WaitFor(3*time.Second, isCallback(boom)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.WaitFor(3*time.Second, func(r discordtest.Request) bool {
		return isEdit(boom)(r) && strings.Contains(string(r.Body), "something went wrong") && !strings.Contains(string(r.Body), "handler bug")
	}); err != nil {
		t.Fatal("after a panic the user was left waiting:", err)
	}
	// The bot is still up; a duplicate delivery is answered once.
	ok := h.fake.SlashCommand("ask", "111", "222", "question", "fine?")
	must(t, h.fake.SendInteraction(ok))
	_, err = h.fake.Dispatch("INTERACTION_CREATE", map[string]any(ok))
	must(t, err)
	if _, err := h.fake.WaitFor(5*time.Second, isEdit(ok)); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range h.fake.Requests() {
		if isCallback(ok)(r) {
			n++
		}
		if strings.Contains(r.Path, bad.Token()) || strings.Contains(r.Path, noData.Token()) {
			t.Errorf("malformed interaction was answered: %s %s", r.Method, r.Path)
		}
	}
	if n != 1 {
		t.Errorf("duplicate interaction acknowledged %d times", n)
	}
	if !strings.Contains(h.logs.String(), "panicked") {
		t.Error("panic not logged")
	}
}

func TestGatewayRateLimitedEditRetries(t *testing.T) {
	t.Parallel()
	h := startGateway(t, citedReply, nil, nil)
	h.fake.RateLimit("PATCH", "/webhooks/", 1, 300*time.Millisecond)
	i := h.fake.SlashCommand("ask", "111", "222", "question", "Where?")
	must(t, h.fake.SendInteraction(i))
	edit, err := h.fake.WaitFor(5*time.Second, isEdit(i))
	if err != nil {
		t.Fatal(err)
	}
	var limited *discordtest.Request
	for _, r := range h.fake.Requests() {
		if r.Method == "PATCH" && r.Status == 429 {
			limited = &r
		}
	}
	if limited == nil {
		t.Fatal("the fake never answered 429")
	}
	if gap := edit.At.Sub(limited.At); gap < 300*time.Millisecond {
		t.Errorf("retried after %v, before retry_after", gap)
	}
}

func TestGatewayOtherCommands(t *testing.T) {
	t.Parallel()
	h := startGateway(t, citedReply, func(o *Options) { o.Channels = []string{"222"} }, nil)
	cases := []struct {
		i    discordtest.Interaction
		want string
	}{
		{h.fake.SlashCommand("help", "1", "222"), "23 articles"},
		{h.fake.SlashCommand("sources", "1", "222"), "Page 1 of 3"},
		{h.fake.SlashCommand("summits", "1", "222", "leader", "li wen"), "Tarn"},
		{h.fake.Component("sources:1", "1", "222"), "Page 2 of 3"},
		{h.fake.SlashCommand("ask", "1", "999", "question", "Where?"), "only answer in the channels"},
		{h.fake.SlashCommand("ask", "2", "222", "question", strings.Repeat("x", 2001)), "2001 characters"},
	}
	for _, c := range cases {
		must(t, h.fake.SendInteraction(c.i))
		cb, err := h.fake.WaitFor(3*time.Second, isCallback(c.i))
		if err != nil {
			t.Fatal(err)
		}
		if cb.Status != 204 || !strings.Contains(string(cb.Body), c.want) {
			t.Errorf("%v: status %d, body lacks %q:\n%s", c.i["data"], cb.Status, c.want, cb.Body)
		}
	}
	q := h.fake.SlashCommand("sources", "1", "222", "query", "number 7")
	must(t, h.fake.SendInteraction(q))
	edit, err := h.fake.WaitFor(5*time.Second, isEdit(q))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(edit.Body), "Story number 7") {
		t.Errorf("/sources query did not list the match: %s", edit.Body)
	}
	var put discordtest.Request
	for _, r := range h.fake.Requests() {
		if r.Method == "PUT" {
			put = r
		}
	}
	if put.Path != "/applications/"+h.fake.AppID()+"/guilds/800000000000000001/commands" {
		t.Errorf("commands registered at %s", put.Path)
	}
	for _, name := range []string{`"ask"`, `"sources"`, `"help"`, `"summits"`} {
		if !bytes.Contains(put.Body, []byte(name)) {
			t.Errorf("command %s not registered", name)
		}
	}
}

func TestGatewayGracefulShutdown(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		<-release
		return citedReply(ctx, q)
	}, nil, nil)
	i := h.fake.SlashCommand("ask", "111", "222", "question", "Where?")
	must(t, h.fake.SendInteraction(i))
	if _, err := h.fake.WaitFor(3*time.Second, isCallback(i)); err != nil {
		t.Fatal(err)
	}
	h.cancel() // SIGTERM with an answer in flight
	select {
	case err := <-h.errc:
		t.Fatalf("RunGateway returned (%v) with an answer in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-h.errc:
		if err != nil {
			t.Fatal(err)
		}
		h.errc <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("RunGateway did not return")
	}
	if _, err := h.fake.WaitFor(time.Second, isEdit(i)); err != nil {
		t.Fatal("the in-flight answer was lost:", err)
	}
}

func TestGatewaySetupErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  func(*discordtest.Server) GatewayConfig
		want string
	}{
		{"bad token", func(f *discordtest.Server) GatewayConfig {
			return GatewayConfig{Token: "wrong", APIURL: f.APIURL()}
		}, "DISCORD_TOKEN was rejected"},
		{"disallowed intents", func(f *discordtest.Server) GatewayConfig {
			return GatewayConfig{Token: f.Token(), APIURL: f.APIURL(), MessageContent: true}
		}, "unset DISCORD_MESSAGE_CONTENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(discordtest.Options{})
			defer fake.Close()
			b, _ := newBot(t, &fakeAsker{fn: citedReply}, nil)
			err := b.RunGateway(context.Background(), tt.cfg(fake))
			var se *SetupError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want a SetupError saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), fake.Token()) {
				t.Error("the token leaked into the error")
			}
		})
	}
}

func TestGatewayFatalCloseDuringReconnect(t *testing.T) {
	t.Parallel()
	h := startGateway(t, citedReply, nil, nil)
	h.fake.RejectNextSession(4004)
	h.fake.CloseSessions(4000) // Discord drops the session; the resume is refused
	select {
	case err := <-h.errc:
		if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN was rejected") {
			t.Fatalf("got %v", err)
		}
		h.errc <- err
	case <-time.After(10 * time.Second):
		t.Fatal("a 4004 during reconnect did not stop the bot")
	}
}

func TestGatewayReconnectsAndHeartbeats(t *testing.T) {
	t.Parallel()
	fakeOpts := discordtest.Options{Heartbeat: 50 * time.Millisecond}
	fake := discordtest.New(fakeOpts)
	defer fake.Close()
	b, _ := newBot(t, &fakeAsker{fn: citedReply}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- b.RunGateway(ctx, GatewayConfig{Token: fake.Token(), APIURL: fake.APIURL(), ShardID: 1, ShardCount: 2, Backoff: func(int) time.Duration { return 10 * time.Millisecond }})
	}()
	defer func() { cancel(); <-errc }()
	must(t, fake.WaitConnected(1, 5*time.Second))
	deadline := time.Now().Add(5 * time.Second)
	for fake.Heartbeats() < 2 && time.Now().Before(deadline) {
		runtimeGosched()
	}
	if fake.Heartbeats() < 2 {
		t.Fatal("no heartbeats")
	}
	fake.CloseSessions(4000)
	deadline = time.Now().Add(10 * time.Second)
	for len(fake.Identifies()) < 1 || fake.WaitConnected(1, 100*time.Millisecond) != nil {
		if time.Now().After(deadline) {
			t.Fatal("did not reconnect")
		}
	}
	ids := fake.Identifies()
	if ids[0].Shard == nil || ids[0].Shard[0] != 1 || ids[0].Shard[1] != 2 {
		t.Errorf("IDENTIFY shard = %v, want [1 2]", ids[0].Shard)
	}
	if ids[0].Intents&(1<<15) != 0 {
		t.Error("MESSAGE_CONTENT requested without DISCORD_MESSAGE_CONTENT")
	}
	for _, r := range fake.Requests() {
		if r.Method == "PUT" {
			t.Error("shard 1 registered commands; only shard 0 should")
		}
	}
	i := fake.SlashCommand("ask", "1", "2", "question", "after reconnect?")
	must(t, fake.SendInteraction(i))
	if _, err := fake.WaitFor(5*time.Second, isEdit(i)); err != nil {
		t.Fatal("not answering after reconnect:", err)
	}
}

func runtimeGosched() { time.Sleep(5 * time.Millisecond) }

// waitUntil polls cond until it holds or 5 s pass.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		runtimeGosched()
	}
}

func TestGatewayStreamedDraftThenFinal(t *testing.T) {
	t.Parallel()
	var h *harness
	h = startGateway(t, func(ctx context.Context, q Question) (Reply, error) {
		q.OnPartial("They met in")
		// Wait until the draft is visible, as a streaming model would keep going.
		if _, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool {
			return r.Method == "PATCH" && strings.Contains(string(r.Body), "They met in")
		}); err != nil {
			return Reply{}, err
		}
		q.OnPartial("They met in Velmar")
		return citedReply(ctx, q)
	}, func(o *Options) { o.ProgressEvery = time.Millisecond }, nil)
	i := h.fake.SlashCommand("ask", "111", "222", "question", "Where?")
	must(t, h.fake.SendInteraction(i))
	if _, err := h.fake.WaitFor(5*time.Second, func(r discordtest.Request) bool {
		return isEdit(i)(r) && strings.Contains(string(r.Body), `"embeds"`)
	}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return strings.Contains(h.logs.String(), "kind=/ask") })
	var last discordtest.Request
	for _, r := range h.fake.Requests() {
		if isEdit(i)(r) {
			last = r
		}
	}
	m := decode(t, last)
	requireNoMentions(t, m)
	if len(m.Embeds) != 1 || m.Content != "" || !strings.Contains(string(last.Body), `"content":""`) {
		t.Errorf("the final edit must replace the draft with the answer: %s", last.Body)
	}
}

func TestSafeErrRedactsInteractionTokens(t *testing.T) {
	err := errors.New(`Patch "https://discord.com/api/v9/webhooks/123/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original": dial tcp: refused; POST https://x/api/v9/interactions/55/tok_EN-1.2/callback`)
	got := safeErr(err)
	if strings.Contains(got, "aW50ZXJhY3Rpb24tdG9rZW4") || strings.Contains(got, "tok_EN") {
		t.Errorf("token not redacted: %s", got)
	}
	if !strings.Contains(got, "webhooks/123/REDACTED/messages/@original") || !strings.Contains(got, "interactions/55/REDACTED/callback") {
		t.Errorf("redaction mangled the message: %s", got)
	}
}
