// Command bot is Shuttle: a Discord bot that answers questions about a body
// of news coverage, citing the articles it draws on.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/joho/godotenv"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// .env never overrides the real environment.
	_ = godotenv.Load()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError marks bad usage or bad configuration: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "bot:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

const usage = `Shuttle answers questions about news coverage, citing its sources.

Usage:
  bot ask [--json] [--no-llm] QUESTION   answer one question
  bot summits [--json] [--limit N]       the leaders' meetings, newest first
  bot sources [--json] [QUERY]           the articles the bot knows
  bot index                              (re)build the search index
  bot eval FILE.jsonl [--json]           score a question set
  bot ingest URL|FILE...                 add articles from feeds or pages
  bot run                                the Discord bot (gateway)
  bot serve [--addr :8080]               Discord HTTP interactions endpoint
  bot healthcheck [--url URL]            exit 0 when the bot is healthy
  bot version

Common flags (and environment): --corpus (CORPUS_DIR, default "corpus"),
--index (INDEX_DIR). Run "bot COMMAND -h" for a command's flags.
`

// run is the whole program, minus process concerns, so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	cmd, rest := args[0], args[1:]
	env := &environment{getenv: getenv, stdout: stdout, stderr: stderr}
	switch cmd {
	case "ask":
		return cmdAsk(ctx, env, rest)
	case "eval":
		return cmdEval(ctx, env, rest)
	case "summits":
		return cmdSummits(ctx, env, rest)
	case "sources":
		return cmdSources(ctx, env, rest)
	case "index":
		return cmdIndex(ctx, env, rest)
	case "ingest":
		return cmdIngest(ctx, env, rest)
	case "run":
		return cmdRun(ctx, env, rest)
	case "serve":
		return cmdServe(ctx, env, rest)
	case "healthcheck":
		return cmdHealthcheck(ctx, env, rest)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "shuttle", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usagef("unknown command %q", cmd)
	}
}
