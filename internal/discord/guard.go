package discord

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// cooldowns keeps one token-bucket limiter per user: one question per
// cooldown period.
type cooldowns struct {
	every time.Duration
	mu    sync.Mutex
	users map[string]*userLimit
}

type userLimit struct {
	lim  *rate.Limiter
	last time.Time
}

func newCooldowns(every time.Duration) *cooldowns {
	return &cooldowns{every: every, users: map[string]*userLimit{}}
}

// take consumes the user's token at now. When the user is cooling down it
// returns how long they must wait, and consumes nothing.
func (c *cooldowns) take(user string, now time.Time) time.Duration {
	if c.every <= 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.users[user]
	if u == nil {
		if len(c.users) >= 4096 {
			c.prune(now)
		}
		u = &userLimit{lim: rate.NewLimiter(rate.Every(c.every), 1)}
		c.users[user] = u
	}
	r := u.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	u.last = now
	return 0
}

// give returns a token taken at now (the question was refused for another
// reason, so it should not count).
func (c *cooldowns) give(user string, now time.Time) {
	if c.every <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if u := c.users[user]; u != nil {
		u.lim = rate.NewLimiter(rate.Every(c.every), 1)
	}
}

// prune forgets users whose cooldown has long expired.
func (c *cooldowns) prune(now time.Time) {
	for id, u := range c.users {
		if now.Sub(u.last) > c.every {
			delete(c.users, id)
		}
	}
}

// seenSet remembers the last n IDs handled, so a redelivered interaction
// or message is handled once.
type seenSet struct {
	mu   sync.Mutex
	ids  map[string]bool
	ring []string
	next int
}

func newSeenSet(n int) *seenSet {
	return &seenSet{ids: make(map[string]bool, n), ring: make([]string, n)}
}

// first reports whether id is new, and remembers it.
func (s *seenSet) first(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids[id] {
		return false
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.ids, old)
	}
	s.ring[s.next] = id
	s.next = (s.next + 1) % len(s.ring)
	s.ids[id] = true
	return true
}

// threadBook remembers the threads the bot started and the questions asked
// in them, so follow-ups carry context.
type threadBook struct {
	mu      sync.Mutex
	max     int
	threads map[string]*conversation
	order   []string
}

type conversation struct {
	parent  string
	history []string
}

// maxHistory is how many earlier questions a follow-up carries.
const maxHistory = 4

func newThreadBook(max int) *threadBook {
	return &threadBook{max: max, threads: map[string]*conversation{}}
}

// start records a thread the bot started in parent, opened by question.
func (t *threadBook) start(thread, parent, question string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.threads[thread]; !ok {
		t.order = append(t.order, thread)
		if len(t.order) > t.max {
			delete(t.threads, t.order[0])
			t.order = t.order[1:]
		}
	}
	t.threads[thread] = &conversation{parent: parent, history: []string{question}}
}

// lookup returns the thread's earlier questions and parent channel.
func (t *threadBook) lookup(thread string) (history []string, parent string, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.threads[thread]
	if c == nil {
		return nil, "", false
	}
	return append([]string(nil), c.history...), c.parent, true
}

// add appends a question to a known thread's history.
func (t *threadBook) add(thread, question string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if c := t.threads[thread]; c != nil {
		c.history = append(c.history, question)
		if len(c.history) > maxHistory {
			c.history = c.history[len(c.history)-maxHistory:]
		}
	}
}

// admit applies the abuse controls to a question from user. On success it
// returns a release function; otherwise a friendly refusal.
func (b *Bot) admit(user string) (release func(), refusal string) {
	now := b.now()
	if wait := b.limits.take(user, now); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		unit := "seconds"
		if secs == 1 {
			unit = "second"
		}
		return nil, fmt.Sprintf("You're asking quickly — please wait %d %s before your next question.", secs, unit)
	}
	select {
	case b.sem <- struct{}{}:
		return func() { <-b.sem }, ""
	default:
		b.limits.give(user, now)
		return nil, "I'm answering a lot of questions right now — please try again in a minute."
	}
}

// allowed reports whether the bot may answer in channel (or, for a thread
// it started, in the thread's parent).
func (b *Bot) allowed(channel, parent string) bool {
	if b.channels == nil {
		return true
	}
	return b.channels[channel] || (parent != "" && b.channels[parent])
}
