package main

import (
	"context"
	"fmt"
	"strings"

	"shuttlebot/internal/corpus"
)

// sourceJSON is one article in `bot sources --json`.
type sourceJSON struct {
	Doc    string       `json:"doc"`
	Title  string       `json:"title"`
	Source string       `json:"source"`
	URL    string       `json:"url"`
	Date   string       `json:"date"`
	AlsoIn []sourceJSON `json:"also_in,omitempty"`
}

// cmdSources is `bot sources [--json] [--limit N] [QUERY]`: the articles the
// bot knows, newest first, or those best matching QUERY.
func cmdSources(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "sources")
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the articles as JSON")
	limit := fs.Int("limit", 0, "show at most N articles (0: all; with a query, 10)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 0 {
		return usagef("sources: --limit must be 0 or more")
	}
	query := strings.TrimSpace(strings.Join(fs.Args(), " "))
	cfg, err := loadConfig(env, c)
	if err != nil {
		return err
	}
	log := newLogger(env, cfg)
	var docs []corpus.Document
	if query == "" {
		if docs, err = loadCorpus(ctx, cfg, log); err != nil {
			return err
		}
		docs = corpus.NewestFirst(docs)
		if *limit > 0 && len(docs) > *limit {
			docs = docs[:*limit]
		}
	} else {
		core, err := openCore(ctx, cfg, log, false)
		if err != nil {
			return err
		}
		defer core.Close()
		k := *limit
		if k == 0 {
			k = 10
		}
		if docs, err = (discordLibrary{core}).SearchArticles(ctx, query, k); err != nil {
			return err
		}
	}
	if *asJSON {
		out := make([]sourceJSON, 0, len(docs))
		for _, d := range docs {
			s := sourceJSON{Doc: d.ID, Title: d.Title, Source: d.Outlet, URL: d.URL, Date: d.Date.String()}
			for _, a := range d.AlsoIn {
				s.AlsoIn = append(s.AlsoIn, sourceJSON{Doc: a.DocID, Title: a.Title, Source: a.Outlet, URL: a.URL, Date: a.Date.String()})
			}
			out = append(out, s)
		}
		return writeJSON(env.stdout, out)
	}
	if len(docs) == 0 {
		fmt.Fprintln(env.stdout, "No article matches.")
		return nil
	}
	for _, d := range docs {
		date := d.Date.String()
		if date == "" {
			date = "date unknown"
		}
		line := fmt.Sprintf("%-12s %s", date, d.Title)
		if d.Outlet != "" {
			line += " — " + d.Outlet
		}
		for _, a := range d.AlsoIn {
			if a.Outlet != "" {
				line += "; also " + a.Outlet
			}
		}
		fmt.Fprintf(env.stdout, "%s\n             %s", line, d.ID)
		if d.URL != "" {
			fmt.Fprintf(env.stdout, "  <%s>", d.URL)
		}
		fmt.Fprintln(env.stdout)
	}
	return nil
}
