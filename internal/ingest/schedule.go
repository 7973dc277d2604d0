package ingest

import (
	"context"
	"math/rand/v2"
	"time"
)

// Schedule refreshes feeds periodically: each feed every Interval, ±Jitter,
// and after consecutive failures exponentially later (Interval × 2^failures,
// at most MaxBackoff).
type Schedule struct {
	Interval   time.Duration // default 30m
	Jitter     float64       // fraction of the delay, default 0.1
	MaxBackoff time.Duration // default 8 × Interval
	// FirstDelay bounds the random delay before each feed's first refresh,
	// which spreads feeds out; default min(Interval/10, 30s).
	FirstDelay time.Duration

	// Injected for tests; defaults are time.Now, time.After and math/rand.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	Rand  func() float64 // in [0, 1)
}

func (s Schedule) withDefaults() Schedule {
	if s.Interval <= 0 {
		s.Interval = 30 * time.Minute
	}
	if s.Jitter <= 0 {
		s.Jitter = 0.1
	}
	if s.MaxBackoff <= 0 {
		s.MaxBackoff = 8 * s.Interval
	}
	if s.FirstDelay <= 0 {
		s.FirstDelay = min(s.Interval/10, 30*time.Second)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.After == nil {
		s.After = time.After
	}
	if s.Rand == nil {
		s.Rand = rand.Float64
	}
	return s
}

// Delay is how long to wait before refreshing a feed that has failed
// `failures` times in a row (0 after a success).
func (s Schedule) Delay(failures int) time.Duration {
	s = s.withDefaults()
	d := s.Interval
	for i := 0; i < failures && d < s.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.MaxBackoff)
	j := (s.Rand()*2 - 1) * s.Jitter // in [-Jitter, +Jitter)
	return d + time.Duration(j*float64(d))
}

// Run refreshes each feed on its own schedule until ctx ends, one refresh at
// a time (so refreshes never race on the corpus folder or the index).
// refresh's error counts as a failure of that feed for the backoff.
func (s Schedule) Run(ctx context.Context, feeds []string, refresh func(ctx context.Context, feed string) error) {
	if len(feeds) == 0 {
		return
	}
	s = s.withDefaults()
	now := s.Now()
	due := make([]time.Time, len(feeds))
	fails := make([]int, len(feeds))
	for i := range feeds {
		due[i] = now.Add(time.Duration(s.Rand() * float64(s.FirstDelay)))
	}
	for {
		next := 0
		for i := range due {
			if due[i].Before(due[next]) {
				next = i
			}
		}
		if wait := due[next].Sub(s.Now()); wait > 0 {
			select {
			case <-ctx.Done():
				return
			case <-s.After(wait):
			}
		}
		if ctx.Err() != nil {
			return
		}
		if err := refresh(ctx, feeds[next]); err != nil {
			fails[next]++
		} else {
			fails[next] = 0
		}
		due[next] = s.Now().Add(s.Delay(fails[next]))
	}
}
