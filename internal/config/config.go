// Package config turns the environment (and a .env file loaded by main) into
// one validated Config, reporting every problem in a single error.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Secret holds a credential. It never prints: String, GoString and LogValue
// all give "REDACTED", so a Config can be logged safely.
type Secret string

func (s Secret) String() string               { return redact(s) }
func (s Secret) GoString() string             { return redact(s) }
func (s Secret) LogValue() slog.Value         { return slog.StringValue(redact(s)) }
func (s Secret) MarshalText() ([]byte, error) { return []byte(redact(s)), nil }

// Reveal returns the credential itself, for the one place that sends it.
func (s Secret) Reveal() string { return string(s) }

func redact(s Secret) string {
	if s == "" {
		return ""
	}
	return "REDACTED"
}

// Config is everything Shuttle reads from its environment.
type Config struct {
	CorpusDir string // CORPUS_DIR, default "corpus"
	IndexDir  string // INDEX_DIR, default: a per-corpus folder in the user cache dir

	LogLevel slog.Level // LOG_LEVEL: debug, info, warn, error
	LogJSON  bool       // LOG_FORMAT=json

	Discord Discord
	Model   Model
	Feeds   Feeds
}

// Discord configures the gateway bot and the HTTP interactions endpoint.
type Discord struct {
	Token          Secret        // DISCORD_TOKEN
	AppID          string        // DISCORD_APP_ID
	PublicKey      string        // DISCORD_PUBLIC_KEY (hex Ed25519)
	GuildID        string        // DISCORD_GUILD_ID: register commands in one guild (instant)
	Channels       []string      // DISCORD_CHANNELS: comma-separated allow-list; empty = all
	APIURL         string        // DISCORD_API_URL, default https://discord.com/api/v9
	ShardID        int           // SHARD_ID
	ShardCount     int           // SHARD_COUNT, default 1
	MessageContent bool          // DISCORD_MESSAGE_CONTENT=true requests the privileged intent
	Cooldown       time.Duration // ASK_COOLDOWN, default 10s per user
	MaxConcurrent  int           // ASK_CONCURRENCY, default 4
}

// Model configures the optional OpenAI-compatible model.
type Model struct {
	BaseURL     string        // OPENAI_BASE_URL
	APIKey      Secret        // OPENAI_API_KEY (optional for local servers)
	Name        string        // OPENAI_MODEL
	Timeout     time.Duration // OPENAI_TIMEOUT, default 20s
	MaxTokens   int           // OPENAI_MAX_TOKENS, default 400
	Temperature float32       // OPENAI_TEMPERATURE, default 0.1
	Stream      bool          // OPENAI_STREAM
}

// Enabled reports whether a model is configured.
func (m Model) Enabled() bool { return m.Name != "" && (m.BaseURL != "" || m.APIKey != "") }

// Feeds configures periodic ingestion.
type Feeds struct {
	URLs     []string      // FEEDS: comma or whitespace separated
	Interval time.Duration // FEEDS_INTERVAL, default 30m
	Filter   string        // FEEDS_FILTER: keywords an article must match
}

// DefaultDiscordAPI is Discord's REST base URL.
const DefaultDiscordAPI = "https://discord.com/api/v9"

// Load reads the configuration through getenv. It reports every malformed
// value at once; missing values that only some commands need are checked by
// the Require* methods.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	str := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	dur := func(k string, def time.Duration) time.Duration {
		v := str(k, "")
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			errs = append(errs, fmt.Errorf("%s=%q is not a duration (try 30s, 5m, 1h)", k, v))
			return def
		}
		return d
	}
	num := func(k string, def int) int {
		v := str(k, "")
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("%s=%q is not a whole number", k, v))
			return def
		}
		return n
	}
	boolean := func(k string) bool {
		v := str(k, "")
		if v == "" {
			return false
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q is not true or false", k, v))
		}
		return b
	}

	c := Config{
		CorpusDir: str("CORPUS_DIR", "corpus"),
		IndexDir:  str("INDEX_DIR", ""),
		Discord: Discord{
			Token:          Secret(str("DISCORD_TOKEN", "")),
			AppID:          str("DISCORD_APP_ID", ""),
			PublicKey:      str("DISCORD_PUBLIC_KEY", ""),
			GuildID:        str("DISCORD_GUILD_ID", ""),
			Channels:       list(getenv("DISCORD_CHANNELS")),
			APIURL:         strings.TrimRight(str("DISCORD_API_URL", DefaultDiscordAPI), "/"),
			ShardID:        num("SHARD_ID", 0),
			ShardCount:     num("SHARD_COUNT", 1),
			MessageContent: boolean("DISCORD_MESSAGE_CONTENT"),
			Cooldown:       dur("ASK_COOLDOWN", 10*time.Second),
			MaxConcurrent:  num("ASK_CONCURRENCY", 4),
		},
		Model: Model{
			BaseURL:   strings.TrimRight(str("OPENAI_BASE_URL", ""), "/"),
			APIKey:    Secret(str("OPENAI_API_KEY", "")),
			Name:      str("OPENAI_MODEL", ""),
			Timeout:   dur("OPENAI_TIMEOUT", 20*time.Second),
			MaxTokens: num("OPENAI_MAX_TOKENS", 400),
			Stream:    boolean("OPENAI_STREAM"),
		},
		Feeds: Feeds{
			URLs:     list(getenv("FEEDS")),
			Interval: dur("FEEDS_INTERVAL", 30*time.Minute),
			Filter:   str("FEEDS_FILTER", ""),
		},
	}
	c.Model.Temperature = 0.1
	if v := str("OPENAI_TEMPERATURE", ""); v != "" {
		f, err := strconv.ParseFloat(v, 32)
		if err != nil || f < 0 || f > 2 {
			errs = append(errs, fmt.Errorf("OPENAI_TEMPERATURE=%q must be a number from 0 to 2", v))
		} else {
			c.Model.Temperature = float32(f)
		}
	}
	switch lv := strings.ToLower(str("LOG_LEVEL", "info")); lv {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "info":
		c.LogLevel = slog.LevelInfo
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL=%q must be debug, info, warn or error", lv))
	}
	switch f := strings.ToLower(str("LOG_FORMAT", "text")); f {
	case "text":
	case "json":
		c.LogJSON = true
	default:
		errs = append(errs, fmt.Errorf("LOG_FORMAT=%q must be text or json", f))
	}
	if c.Discord.ShardCount < 1 {
		errs = append(errs, errors.New("SHARD_COUNT must be at least 1"))
	} else if c.Discord.ShardID >= c.Discord.ShardCount {
		errs = append(errs, fmt.Errorf("SHARD_ID=%d must be less than SHARD_COUNT=%d", c.Discord.ShardID, c.Discord.ShardCount))
	}
	if c.Discord.MaxConcurrent < 1 {
		c.Discord.MaxConcurrent = 1
	}
	if c.Model.Name == "" && c.Model.BaseURL != "" {
		errs = append(errs, errors.New("OPENAI_BASE_URL is set but OPENAI_MODEL is not: set the model name (e.g. OPENAI_MODEL=llama3.1)"))
	}
	if err := errors.Join(errs...); err != nil {
		return c, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}

// RequireGateway checks what `bot run` needs.
func (c Config) RequireGateway() error {
	var missing []string
	if c.Discord.Token == "" {
		missing = append(missing, "DISCORD_TOKEN (the bot token from the Developer Portal's Bot page)")
	}
	return missingErr(missing)
}

// RequireInteractions checks what `bot serve` needs.
func (c Config) RequireInteractions() error {
	var missing []string
	if c.Discord.PublicKey == "" {
		missing = append(missing, "DISCORD_PUBLIC_KEY (General Information page of your application)")
	}
	if c.Discord.AppID == "" {
		missing = append(missing, "DISCORD_APP_ID (General Information page of your application)")
	}
	if c.Discord.Token == "" {
		missing = append(missing, "DISCORD_TOKEN (needed to register commands and send follow-ups)")
	}
	return missingErr(missing)
}

func missingErr(missing []string) error {
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: set %s", strings.Join(missing, "; "))
}

// DefaultIndexDir is where the index lives when INDEX_DIR is not set: a folder
// per corpus under the user's cache directory (never inside the corpus).
func DefaultIndexDir(corpusDir string) string {
	abs, err := filepath.Abs(corpusDir)
	if err != nil {
		abs = corpusDir
	}
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	return filepath.Join(base, "shuttle", "index-"+shortHash(abs))
}

func shortHash(s string) string {
	// FNV-1a, 64 bit: stable and dependency-free.
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return strconv.FormatUint(h, 36)
}

func list(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
	if len(f) == 0 {
		return nil
	}
	return f
}
