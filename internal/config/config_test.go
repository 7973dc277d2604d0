package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.CorpusDir != "corpus" || c.Discord.APIURL != DefaultDiscordAPI || c.Model.Timeout != 20*time.Second ||
		c.Feeds.Interval != 30*time.Minute || c.Discord.ShardCount != 1 || c.Model.Enabled() {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

func TestLoadReportsEveryProblemAtOnce(t *testing.T) {
	_, err := Load(env(map[string]string{
		"OPENAI_TIMEOUT":     "soon",
		"SHARD_COUNT":        "two",
		"LOG_LEVEL":          "loud",
		"OPENAI_TEMPERATURE": "7",
		"OPENAI_BASE_URL":    "http://127.0.0.1:1/v1",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"OPENAI_TIMEOUT", "SHARD_COUNT", "LOG_LEVEL", "OPENAI_TEMPERATURE", "OPENAI_MODEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}

func TestShardBounds(t *testing.T) {
	if _, err := Load(env(map[string]string{"SHARD_ID": "2", "SHARD_COUNT": "2"})); err == nil || !strings.Contains(err.Error(), "SHARD_ID") {
		t.Errorf("SHARD_ID=2 of 2 accepted: %v", err)
	}
	c, err := Load(env(map[string]string{"SHARD_ID": "1", "SHARD_COUNT": "2", "DISCORD_CHANNELS": "1, 2,3"}))
	if err != nil || c.Discord.ShardID != 1 || len(c.Discord.Channels) != 3 {
		t.Errorf("got %+v, %v", c.Discord, err)
	}
}

func TestRequire(t *testing.T) {
	c, _ := Load(env(nil))
	if err := c.RequireGateway(); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("RequireGateway: %v", err)
	}
	err := c.RequireInteractions()
	for _, want := range []string{"DISCORD_PUBLIC_KEY", "DISCORD_APP_ID", "DISCORD_TOKEN"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("RequireInteractions does not name %s: %v", want, err)
		}
	}
	c, _ = Load(env(map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "1", "DISCORD_PUBLIC_KEY": "ab"}))
	if c.RequireGateway() != nil || c.RequireInteractions() != nil {
		t.Error("complete configuration rejected")
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	const token, key = "tok-123-very-secret", "sk-abc-very-secret"
	c, err := Load(env(map[string]string{"DISCORD_TOKEN": token, "OPENAI_API_KEY": key, "OPENAI_MODEL": "m"}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("config", "cfg", c, "token", c.Discord.Token)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "key", c.Model.APIKey)
	fmt.Fprintf(&buf, "%v %+v %#v %s", c, c, c, c.Model.APIKey)
	out := buf.String()
	if strings.Contains(out, token) || strings.Contains(out, key) {
		t.Fatalf("secret leaked: %s", out)
	}
	if !strings.Contains(out, "REDACTED") {
		t.Errorf("no REDACTED marker in %s", out)
	}
	if c.Discord.Token.Reveal() != token {
		t.Error("Reveal lost the token")
	}
}

func TestDefaultIndexDirIsPerCorpus(t *testing.T) {
	a, b := DefaultIndexDir("corpus"), DefaultIndexDir("other")
	if a == b || DefaultIndexDir("corpus") != a {
		t.Errorf("index dirs not stable per corpus: %q %q", a, b)
	}
}
