package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shuttlebot/internal/discord/discordtest"
)

// TestRunSummitsOnBundledCorpus runs `bot run` on the bundled corpus against
// the fake Discord and checks /summits shows the timeline `bot summits`
// prints: newest first, with places, and nothing from unrelated stories.
func TestRunSummitsOnBundledCorpus(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(discordtest.Options{})
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &dcBuffer{}
	env := dcEnv(t, fake, map[string]string{
		"CORPUS_DIR": bundledCorpus,
		"INDEX_DIR":  filepath.Join(t.TempDir(), "index"),
		"LOG_LEVEL":  "error",
	})
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, []string{"run"}, env, io.Discard, stderr) }()
	if err := fake.WaitConnected(1, 60*time.Second); err != nil {
		t.Fatal(err, stderr.String())
	}

	cmd := fake.SlashCommand("summits", "111", "222")
	if err := fake.SendInteraction(cmd); err != nil {
		t.Fatal(err)
	}
	reply, err := fake.WaitFor(30*time.Second, func(r discordtest.Request) bool {
		return strings.Contains(r.Path, cmd.Token()) || strings.Contains(r.Path, "/interactions/"+cmd.ID()+"/") &&
			strings.Contains(string(r.Body), "Nara")
	})
	if err != nil {
		t.Fatal("no /summits reply:", err, stderr.String())
	}
	if reply.Status >= 300 {
		t.Fatalf("reply refused by the fake: %d %s", reply.Status, reply.Body)
	}
	body := string(reply.Body)
	// Newest first: the January 2026 Nara summit before the Oct 2025
	// Gyeongju one, before the June 2025 meeting in Canada.
	nara, gyeongju, canada := strings.Index(body, "Nara"), strings.Index(body, "Gyeongju"), strings.Index(body, "Canada")
	if nara < 0 || gyeongju < 0 || canada < 0 || !(nara < gyeongju && gyeongju < canada) {
		t.Errorf("timeline not newest first or missing meetings (Nara %d, Gyeongju %d, Canada %d):\n%s", nara, gyeongju, canada, body)
	}
	for _, unrelated := range []string{"Srinagar", "Lucknow", "Mehbooba"} {
		if strings.Contains(body, unrelated) {
			t.Errorf("timeline shows %q from an unrelated story", unrelated)
		}
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("bot run: %v", err)
	}
}
