package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// GatewayConfig configures RunGateway.
type GatewayConfig struct {
	Token   string
	AppID   string // optional: READY's application ID is used when empty
	GuildID string // register commands in this guild only (instant)
	APIURL  string // default DefaultAPIURL; the gateway URL comes from GET /gateway
	// ShardID and ShardCount run one Discord shard in this process.
	ShardID, ShardCount int
	// MessageContent requests the privileged MESSAGE_CONTENT intent.
	MessageContent bool
	// Transport carries REST calls (default: clone of http.DefaultTransport).
	Transport http.RoundTripper
	// Backoff is the wait before reconnect attempt n (default 1s doubling, at most 1m).
	Backoff func(n int) time.Duration
}

func defaultBackoff(n int) time.Duration {
	d := time.Second << min(n, 6)
	return min(d, time.Minute)
}

// Intents returns the gateway intents the bot requests: guilds and guild
// messages (mentions carry their text without the privileged intent), plus
// MESSAGE_CONTENT only when asked for.
func Intents(messageContent bool) discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
	if messageContent {
		in |= discordgo.IntentsMessageContent
	}
	return in
}

// RunGateway connects to Discord's gateway, registers the commands and
// answers until ctx ends; then it stops taking new work, lets answers in
// flight finish within the grace period and closes the session. It returns
// a *SetupError when Discord refuses the configuration.
func (b *Bot) RunGateway(ctx context.Context, cfg GatewayConfig) error {
	s, err := newSession(cfg.Token, cfg.APIURL, cfg.Transport)
	if err != nil {
		return err
	}
	if cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	s.Identify.Intents = Intents(cfg.MessageContent)
	backoff := cfg.Backoff
	if backoff == nil {
		backoff = defaultBackoff
	}

	// Work outlives ctx by the grace period, so answers in flight finish.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var botID atomic.Value
	botID.Store("")
	disconnected := make(chan struct{}, 1)
	isThread := func(id string) bool {
		ch, err := s.State.Channel(id)
		return err == nil && ch.IsThread()
	}
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r.User != nil {
			botID.Store(r.User.ID)
		}
	})
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if !b.track() {
			return
		}
		defer b.done()
		i := ic.Interaction
		_ = b.handleInteraction(work, s, i, func(ctx context.Context, r *discordgo.InteractionResponse) error {
			return s.InteractionRespond(i, r, discordgo.WithContext(ctx))
		})
	})
	s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		if !b.track() {
			return
		}
		defer b.done()
		b.handleMessage(work, s, mc.Message, botID.Load().(string), isThread)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		select {
		case disconnected <- struct{}{}:
		default:
		}
	})

	if err := s.Open(); err != nil {
		if se := setupError(err); se != nil {
			return se
		}
		return fmt.Errorf("discord: cannot connect to the gateway (check DISCORD_API_URL and the network/proxy settings): %w", err)
	}
	// ShouldReconnectOnError is false from newSession on (discordgo reads it
	// without a lock, so it is never written again): after Close nothing
	// reopens the session.
	closeSession := func() { _ = s.Close() }
	s.State.RLock()
	appID := cfg.AppID
	if appID == "" && s.State.Application != nil {
		appID = s.State.Application.ID
	}
	if s.State.User != nil {
		botID.Store(s.State.User.ID)
	}
	s.State.RUnlock()
	if cfg.ShardID == 0 {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := registerCommands(rctx, s, appID, cfg.GuildID)
		cancel()
		if err != nil {
			// Interactions may already be in flight: finish them first.
			b.shutdown(cancelWork)
			closeSession()
			if ctx.Err() != nil {
				return nil // stopped while starting
			}
			return err
		}
	}
	scope := "global"
	if cfg.GuildID != "" {
		scope = "guild " + cfg.GuildID
	}
	b.log.Info("discord gateway connected", "shard", cfg.ShardID, "shards", max(cfg.ShardCount, 1), "commands", scope, "intents", int(s.Identify.Intents))

	var fatal error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-disconnected:
			if ctx.Err() != nil {
				break loop
			}
			b.log.Warn("discord gateway disconnected; reconnecting")
			if err := b.reconnect(ctx, s, backoff); err != nil {
				fatal = err
				break loop
			}
		}
	}
	b.shutdown(cancelWork)
	closeSession()
	b.log.Info("discord gateway closed")
	return fatal
}

// reconnect reopens the session until it works, ctx ends, or Discord
// refuses the configuration (then it returns the *SetupError).
func (b *Bot) reconnect(ctx context.Context, s *discordgo.Session, backoff func(int) time.Duration) error {
	for n := 0; ; n++ {
		err := s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			b.log.Info("discord gateway reconnected", "attempts", n+1)
			return nil
		}
		if se := setupError(err); se != nil {
			return se
		}
		b.log.Warn("discord gateway reconnect failed", "attempt", n+1, "err", err)
		t := time.NewTimer(backoff(n))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// shutdown stops intake, waits for work in flight within the grace period,
// then cancels what is left and waits briefly for it to unwind.
func (b *Bot) shutdown(cancelWork context.CancelFunc) {
	if b.drain() {
		return
	}
	b.log.Warn("discord: answers still in flight after the grace period; cancelling them", "grace", b.opts.Grace)
	cancelWork()
	finished := make(chan struct{})
	go func() { b.inflight.Wait(); close(finished) }()
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case <-finished:
	case <-t.C:
	}
}
