package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/config"
	"shuttlebot/internal/corpus"
	"shuttlebot/internal/discord"
)

// cmdRun is `bot run`: the Discord bot over the gateway.
func cmdRun(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "run")
	return withBot(ctx, env, fs, args, false, func(bot *discord.Bot, d config.Discord) error {
		return bot.RunGateway(ctx, discord.GatewayConfig{
			Token:          d.Token.Reveal(),
			AppID:          d.AppID,
			GuildID:        d.GuildID,
			APIURL:         d.APIURL,
			ShardID:        d.ShardID,
			ShardCount:     d.ShardCount,
			MessageContent: d.MessageContent,
		})
	})
}

// cmdServe is `bot serve`: Discord's HTTP interactions endpoint.
func cmdServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "serve")
	addr := fs.String("addr", ":8080", "listen address for the interactions endpoint and /healthz")
	register := fs.Bool("register", true, "register the slash commands at start (bulk overwrite)")
	return withBot(ctx, env, fs, args, true, func(bot *discord.Bot, d config.Discord) error {
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return usagef("cannot listen on %s: %v (choose another --addr)", *addr, err)
		}
		return bot.Serve(ctx, ln, discord.EndpointConfig{
			PublicKey: d.PublicKey,
			Token:     d.Token.Reveal(),
			AppID:     d.AppID,
			GuildID:   d.GuildID,
			APIURL:    d.APIURL,
			Register:  *register,
		})
	})
}

// withBot parses the common flags into fs, validates the Discord settings
// (for the interactions endpoint when endpoint is true), opens the core,
// starts the feed refresher and runs serve with the bot until it returns.
func withBot(ctx context.Context, env *environment, fs *flag.FlagSet, args []string, endpoint bool, serve func(*discord.Bot, config.Discord) error) error {
	var c common
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s takes no arguments (got %q)", fs.Name(), fs.Args())
	}
	cfg, err := loadConfig(env, c)
	if err != nil {
		return err
	}
	required := cfg.RequireGateway()
	if endpoint {
		required = cfg.RequireInteractions()
	}
	if err := checkDiscord(cfg, required, endpoint); err != nil {
		return err
	}
	log := newLogger(env, cfg)
	core, err := openCore(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer core.Close()
	// Feeds refresh in the background; they stop when the bot does.
	stopFeeds := startFeeds(ctx, core)
	defer stopFeeds()
	bot, err := newDiscordBot(core)
	if err != nil {
		return err
	}
	return discordError(serve(bot, cfg.Discord))
}

// checkDiscord reports every Discord setting problem in one usage error.
func checkDiscord(cfg config.Config, required error, endpoint bool) error {
	errs := []error{required}
	if err := discord.CheckAPIURL(cfg.Discord.APIURL); err != nil {
		errs = append(errs, err)
	}
	if endpoint && cfg.Discord.PublicKey != "" {
		if _, err := discord.ParsePublicKey(cfg.Discord.PublicKey); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return usageError{err}
	}
	return nil
}

// discordError turns configuration refusals from Discord into usage errors
// (exit code 2) whose message says what to fix.
func discordError(err error) error {
	var se *discord.SetupError
	if errors.As(err, &se) {
		return usageError{se}
	}
	return err
}

// newDiscordBot wires the answer core into the Discord front end.
func newDiscordBot(c *core) (*discord.Bot, error) {
	return discord.New(discord.Options{
		Asker:          discordAsker{c.answerer},
		Library:        discordLibrary{c},
		Timeline:       c.timeline,
		Logger:         c.log,
		ModelInUse:     c.answerer.ModelEnabled(),
		Cooldown:       c.cfg.Discord.Cooldown,
		MaxConcurrent:  c.cfg.Discord.MaxConcurrent,
		Channels:       c.cfg.Discord.Channels,
		MaxQuestionLen: answer.MaxQuestionLen,
	})
}

// discordAsker adapts *answer.Answerer to discord.Asker (discord cannot
// import answer: it would pull in the model client and the index).
type discordAsker struct{ a *answer.Answerer }

func (d discordAsker) Answer(ctx context.Context, q discord.Question) (discord.Reply, error) {
	ans, err := d.a.Answer(ctx, answer.Request{Question: q.Text, History: q.History, OnPartial: q.OnPartial})
	if errors.Is(err, answer.ErrEmptyQuestion) || errors.Is(err, answer.ErrQuestionTooLong) {
		return discord.Reply{}, discord.UserError{Err: err}
	}
	if err != nil {
		return discord.Reply{}, fmt.Errorf("answering: %w", err)
	}
	r := discord.Reply{Text: ans.Text, Mode: ans.Mode, Abstained: ans.Abstained, ModelFailed: ans.FallbackReason != ""}
	for _, c := range ans.Citations {
		date, _ := corpus.ParseDate(c.Date)
		r.Citations = append(r.Citations, discord.Citation{N: c.N, Doc: c.Doc, Title: c.Title, Source: c.Source, URL: c.URL, Date: date})
	}
	return r, nil
}

// discordLibrary serves /sources and /help from the current documents and
// the index's article search.
type discordLibrary struct{ c *core }

func (l discordLibrary) Docs() []corpus.Document { return l.c.Docs() }

func (l discordLibrary) SearchArticles(ctx context.Context, q string, k int) ([]corpus.Document, error) {
	hits, err := l.c.index.SearchArticles(ctx, q, k)
	if err != nil {
		return nil, fmt.Errorf("searching articles: %w", err)
	}
	byID := map[string]corpus.Document{}
	for _, d := range l.c.Docs() {
		byID[d.ID] = d
	}
	out := make([]corpus.Document, 0, len(hits))
	for _, h := range hits {
		if d, ok := byID[h.DocID]; ok {
			out = append(out, d)
			continue
		}
		out = append(out, corpus.Document{ID: h.DocID, Title: h.Title, Outlet: h.Outlet, URL: h.URL, Date: h.Date, AlsoIn: h.AlsoIn})
	}
	return out, nil
}
