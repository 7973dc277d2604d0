package discord

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"shuttlebot/internal/summits"
)

// restAPI is what the handlers need of Discord's REST API.
type restAPI interface {
	InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(channelID string, m *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	MessageThreadStartComplex(channelID, messageID string, t *discordgo.ThreadStart, opts ...discordgo.RequestOption) (*discordgo.Channel, error)
}

var _ restAPI = (*discordgo.Session)(nil)

// ackFunc sends the initial response to an interaction: over REST in
// gateway mode, as the HTTP reply in endpoint mode.
type ackFunc func(ctx context.Context, r *discordgo.InteractionResponse) error

// errMalformed marks an interaction the bot cannot act on.
var errMalformed = errors.New("malformed interaction")

// Safe messages shown to users.
const (
	msgGeneric  = "Sorry — something went wrong while answering. Please try again in a moment."
	msgTimeout  = "Sorry — that took too long to answer. Please try again in a moment."
	msgChannel  = "I only answer in the channels I've been set up for."
	msgEmpty    = "Ask me a question, for example: “Where did the leaders last meet?”"
	msgUnknown  = "I don't know that command. Try /help."
	msgStopping = "I'm restarting — please ask again in a minute."
)

// event is one log line's worth of facts about an interaction or message.
type event struct {
	kind, user, channel string
	mode                string
	docs                []string
	abstained           bool
	outcome             string
}

func (b *Bot) logEvent(start time.Time, ev event, err error) {
	attrs := []any{
		"kind", ev.kind, "user", ev.user, "channel", ev.channel,
		"latency_ms", time.Since(start).Milliseconds(), "outcome", ev.outcome,
	}
	if ev.mode != "" {
		attrs = append(attrs, "mode", ev.mode, "abstained", ev.abstained, "docs", ev.docs)
	}
	if err != nil {
		attrs = append(attrs, "err", safeErr(err))
		b.log.Warn("discord interaction", attrs...)
		return
	}
	b.log.Info("discord interaction", attrs...)
}

// tokenInURL matches the secret part of webhook and interaction URLs,
// which REST errors quote.
var tokenInURL = regexp.MustCompile(`((?:webhooks|interactions)/[^/\s"]+/)[^/\s"?]+`)

// safeErr is err's text with interaction tokens redacted, for logs.
func safeErr(err error) string {
	if err == nil {
		return ""
	}
	return tokenInURL.ReplaceAllString(err.Error(), "${1}REDACTED")
}

// recovered logs a handler panic; the bot stays up.
func (b *Bot) recovered(kind string) {
	if r := recover(); r != nil {
		b.log.Error("discord handler panicked", "kind", kind, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
}

func interactionUser(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

func ephemeral(text string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: notice(text), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
}

// validInteraction reports whether i carries what any response needs.
func validInteraction(i *discordgo.Interaction) error {
	if i == nil || i.ID == "" || i.Token == "" || i.AppID == "" {
		return fmt.Errorf("%w: missing id, token or application_id", errMalformed)
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return nil
	case discordgo.InteractionApplicationCommand:
		if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); !ok || d.Name == "" {
			return fmt.Errorf("%w: command without data", errMalformed)
		}
	case discordgo.InteractionMessageComponent:
		if _, ok := i.Data.(discordgo.MessageComponentInteractionData); !ok {
			return fmt.Errorf("%w: component without data", errMalformed)
		}
	default:
		return fmt.Errorf("%w: unsupported type %d", errMalformed, i.Type)
	}
	if interactionUser(i) == "" {
		return fmt.Errorf("%w: no user", errMalformed)
	}
	return nil
}

// handleInteraction answers one interaction. It returns errMalformed (and
// acknowledges nothing) when the interaction cannot be acted on.
func (b *Bot) handleInteraction(ctx context.Context, api restAPI, i *discordgo.Interaction, ack ackFunc) (err error) {
	start := time.Now()
	acked := false
	ackOnce := ack
	ack = func(ctx context.Context, r *discordgo.InteractionResponse) error {
		acked = true
		return ackOnce(ctx, r)
	}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("discord handler panicked", "kind", "interaction", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			// Tell the user something went wrong instead of leaving them waiting.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if acked {
				msg := msgGeneric
				_, _ = api.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &msg, AllowedMentions: noMentions()}, discordgo.WithContext(ctx))
			} else {
				_ = ackOnce(ctx, ephemeral(msgGeneric))
			}
		}
	}()
	if err := validInteraction(i); err != nil {
		b.log.Warn("discord: ignoring interaction", "err", err)
		return err
	}
	if !b.seen.first("i:" + i.ID) {
		b.log.Info("discord: duplicate interaction ignored", "id", i.ID)
		return nil
	}
	if i.Type == discordgo.InteractionPing {
		return ack(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	}
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout+10*time.Second)
	defer cancel()
	ev := event{user: interactionUser(i), channel: i.ChannelID}
	if i.Type == discordgo.InteractionMessageComponent {
		ev.kind = "button"
		err = b.onComponent(ctx, i, ack, &ev)
		b.logEvent(start, ev, err)
		return nil
	}
	data := i.Data.(discordgo.ApplicationCommandInteractionData)
	opts := commandOptions(data)
	ev.kind = "/" + data.Name
	switch data.Name {
	case "ask":
		err = b.onAsk(ctx, api, i, ack, opts, &ev)
	case "sources":
		err = b.onSources(ctx, api, i, ack, opts, &ev)
	case "help":
		ev.outcome = "shown"
		err = ack(ctx, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{renderHelp(b.library.Docs(), b.opts.ModelInUse)}, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
		})
	case "summits":
		ev.outcome = "shown"
		ms := b.meetings()
		err = ack(ctx, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{renderSummits(ms, opts.integer("limit"), opts.str("leader"))}, AllowedMentions: noMentions()},
		})
	default:
		ev.outcome = "unknown command"
		err = ack(ctx, ephemeral(msgUnknown))
	}
	b.logEvent(start, ev, err)
	return nil
}

func (b *Bot) meetings() []summits.Meeting {
	if b.timeline == nil {
		return nil
	}
	return b.timeline.Summits()
}

// checkQuestion returns a polite refusal for an unusable question.
func (b *Bot) checkQuestion(q string) string {
	if strings.TrimSpace(q) == "" {
		return msgEmpty
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(q)); n > b.opts.MaxQuestionLen {
		return fmt.Sprintf("That question is %d characters long; please keep it under %d.", n, b.opts.MaxQuestionLen)
	}
	return ""
}

func (b *Bot) onAsk(ctx context.Context, api restAPI, i *discordgo.Interaction, ack ackFunc, opts options, ev *event) error {
	q := strings.TrimSpace(opts.str("question"))
	if refusal := b.checkQuestion(q); refusal != "" {
		ev.outcome = "refused"
		return ack(ctx, ephemeral(refusal))
	}
	history, parent, _ := b.threads.lookup(i.ChannelID)
	if !b.allowed(i.ChannelID, parent) {
		ev.outcome = "channel not allowed"
		return ack(ctx, ephemeral(msgChannel))
	}
	release, refusal := b.admit(ev.user)
	if refusal != "" {
		ev.outcome = "limited"
		return ack(ctx, ephemeral(refusal))
	}
	defer release()
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{}}
	if opts.boolean("private") {
		deferred.Data.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := ack(ctx, deferred); err != nil {
		ev.outcome = "ack failed"
		return fmt.Errorf("deferring: %w", err)
	}
	prog := &progress{b: b, api: api, i: i, ctx: ctx}
	embed, reply, err := b.answer(ctx, Question{Text: q, History: history, OnPartial: prog.show})
	describe(ev, reply, err)
	edit := &discordgo.WebhookEdit{AllowedMentions: noMentions()}
	if err != nil {
		msg := userMessage(err)
		edit.Content = &msg
	} else {
		empty := "" // clears a streamed draft
		edit.Content = &empty
		edit.Embeds = &[]*discordgo.MessageEmbed{embed}
	}
	prog.finish()
	if _, err := api.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
		ev.outcome = "edit failed"
		return fmt.Errorf("editing the answer in: %w", err)
	}
	if history != nil {
		b.threads.add(i.ChannelID, q)
	}
	return nil
}

// progress shows a streamed draft by editing the deferred response, at
// most once per ProgressEvery, never after the final answer.
type progress struct {
	b    *Bot
	api  restAPI
	i    *discordgo.Interaction
	ctx  context.Context
	mu   sync.Mutex // held during an edit
	last time.Time
	done bool
}

// show edits the draft in, in the background, unless an edit is running,
// one ran recently, or the answer is final.
func (p *progress) show(text string) {
	text = strings.TrimSpace(text)
	if text == "" || !p.mu.TryLock() {
		return
	}
	if p.done || time.Since(p.last) < p.b.opts.ProgressEvery {
		p.mu.Unlock()
		return
	}
	p.last = time.Now()
	go func() {
		defer p.mu.Unlock()
		msg := notice("✍️ " + cut(oneLine(text), maxContent-60) + " … *(draft; checking the sources)*")
		if _, err := p.api.InteractionResponseEdit(p.i, &discordgo.WebhookEdit{Content: &msg, AllowedMentions: noMentions()}, discordgo.WithContext(p.ctx)); err != nil {
			p.b.log.Debug("discord: draft edit failed", "err", safeErr(err))
		}
	}()
}

// finish waits for a draft edit in progress and stops further drafts.
func (p *progress) finish() {
	p.mu.Lock()
	p.done = true
	p.mu.Unlock()
}

// answer asks the Asker within the answer timeout and renders the reply.
func (b *Bot) answer(ctx context.Context, q Question) (*discordgo.MessageEmbed, Reply, error) {
	actx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	r, err := b.asker.Answer(actx, q)
	if err != nil {
		if actx.Err() != nil && ctx.Err() == nil {
			err = fmt.Errorf("answering: %w", context.DeadlineExceeded)
		}
		return nil, r, err
	}
	return renderAnswer(q.Text, r), r, nil
}

func describe(ev *event, r Reply, err error) {
	if err != nil {
		ev.outcome = "answer failed"
		return
	}
	ev.outcome = "answered"
	ev.mode, ev.abstained = r.Mode, r.Abstained
	ev.docs = []string{}
	for _, c := range r.Citations {
		ev.docs = append(ev.docs, c.Doc)
	}
}

// userMessage is the safe text for an answering error.
func userMessage(err error) string {
	var ue UserError
	switch {
	case errors.As(err, &ue):
		t := ue.Error()
		if t != "" {
			t = strings.ToUpper(t[:1]) + t[1:]
		}
		return notice(strings.TrimSuffix(t, ".") + ".")
	case errors.Is(err, context.DeadlineExceeded):
		return msgTimeout
	default:
		return msgGeneric
	}
}

func (b *Bot) onSources(ctx context.Context, api restAPI, i *discordgo.Interaction, ack ackFunc, opts options, ev *event) error {
	q := strings.TrimSpace(opts.str("query"))
	if q == "" {
		ev.outcome = "shown"
		e, comps := renderSources(b.library.Docs(), 0, "")
		return ack(ctx, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}, Components: comps, AllowedMentions: noMentions()},
		})
	}
	if err := ack(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{}}); err != nil {
		ev.outcome = "ack failed"
		return fmt.Errorf("deferring: %w", err)
	}
	docs, err := b.library.SearchArticles(ctx, q, sourcesPageSize)
	edit := &discordgo.WebhookEdit{AllowedMentions: noMentions()}
	if err != nil {
		ev.outcome = "search failed"
		msg := msgGeneric
		edit.Content = &msg
	} else {
		ev.outcome = "shown"
		e, _ := renderSources(docs, 0, q)
		edit.Embeds = &[]*discordgo.MessageEmbed{e}
	}
	if _, eerr := api.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); eerr != nil {
		return errors.Join(err, fmt.Errorf("editing the sources in: %w", eerr))
	}
	return err
}

// onComponent turns a /sources page button into the requested page.
func (b *Bot) onComponent(ctx context.Context, i *discordgo.Interaction, ack ackFunc, ev *event) error {
	id := i.Data.(discordgo.MessageComponentInteractionData).CustomID
	if !strings.HasPrefix(id, sourcesID) {
		ev.outcome = "unknown button"
		return ack(ctx, ephemeral(msgUnknown))
	}
	page, err := strconv.Atoi(strings.TrimPrefix(id, sourcesID))
	if err != nil {
		// "first"/"last" are placeholders on disabled buttons.
		ev.outcome = "ignored"
		return ack(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
	}
	ev.outcome = "page " + strconv.Itoa(page+1)
	e, comps := renderSources(b.library.Docs(), page, "")
	return ack(ctx, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}, Components: comps, AllowedMentions: noMentions()},
	})
}

// stripMention removes the bot's mention tokens from content.
func stripMention(content, botID string) string {
	content = strings.ReplaceAll(content, "<@"+botID+">", " ")
	content = strings.ReplaceAll(content, "<@!"+botID+">", " ")
	return strings.TrimSpace(content)
}

func mentions(m *discordgo.Message, botID string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return false
}

// handleMessage answers a message that mentions the bot, or a follow-up in
// a thread the bot started. isThread tells whether a channel is a thread
// (nil when unknown).
func (b *Bot) handleMessage(ctx context.Context, api restAPI, m *discordgo.Message, botID string, isThread func(string) bool) {
	start := time.Now()
	defer b.recovered("message")
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == botID || m.WebhookID != "" || botID == "" {
		return
	}
	history, parent, inThread := b.threads.lookup(m.ChannelID)
	mentioned := mentions(m, botID)
	if !mentioned && !inThread {
		return
	}
	q := stripMention(m.Content, botID)
	if q == "" && !mentioned {
		return // a thread message whose content we cannot see
	}
	if !b.seen.first("m:" + m.ID) {
		return
	}
	ev := event{kind: "mention", user: m.Author.ID, channel: m.ChannelID}
	if inThread {
		ev.kind = "thread follow-up"
	}
	if !b.allowed(m.ChannelID, parent) {
		ev.outcome = "channel not allowed"
		b.logEvent(start, ev, nil)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout+10*time.Second)
	defer cancel()
	reply := func(send *discordgo.MessageSend) (*discordgo.Message, error) {
		send.AllowedMentions = noMentions()
		send.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(bool)}
		return api.ChannelMessageSendComplex(m.ChannelID, send, discordgo.WithContext(ctx))
	}
	if refusal := b.checkQuestion(q); refusal != "" {
		ev.outcome = "refused"
		_, err := reply(&discordgo.MessageSend{Content: notice(refusal)})
		b.logEvent(start, ev, err)
		return
	}
	release, refusal := b.admit(m.Author.ID)
	if refusal != "" {
		ev.outcome = "limited"
		_, err := reply(&discordgo.MessageSend{Content: notice(refusal)})
		b.logEvent(start, ev, err)
		return
	}
	defer release()
	embed, r, err := b.answer(ctx, Question{Text: q, History: history})
	describe(&ev, r, err)
	send := &discordgo.MessageSend{}
	if err != nil {
		send.Content = userMessage(err)
	} else {
		send.Embeds = []*discordgo.MessageEmbed{embed}
	}
	msg, serr := reply(send)
	if serr != nil {
		ev.outcome = "reply failed"
		b.logEvent(start, ev, errors.Join(err, serr))
		return
	}
	switch {
	case inThread:
		b.threads.add(m.ChannelID, q)
	case err == nil && m.GuildID != "" && msg != nil && (isThread == nil || !isThread(m.ChannelID)):
		th, terr := api.MessageThreadStartComplex(m.ChannelID, msg.ID, &discordgo.ThreadStart{Name: threadName(q), AutoArchiveDuration: 1440}, discordgo.WithContext(ctx))
		if terr != nil {
			b.log.Warn("discord: could not start a thread for follow-ups", "channel", m.ChannelID, "err", safeErr(terr))
		} else {
			b.threads.start(th.ID, m.ChannelID, q)
		}
	}
	b.logEvent(start, ev, err)
}
