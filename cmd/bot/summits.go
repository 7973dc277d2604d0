package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"shuttlebot/internal/summits"
)

// summitJSON is one entry of `bot summits --json` (DESIGN.md).
type summitJSON struct {
	Date      string             `json:"date"`
	Place     string             `json:"place"`
	Leaders   []string           `json:"leaders"`
	Occasion  string             `json:"occasion"`
	Status    string             `json:"status"`
	Citations []summitCitationJS `json:"citations"`
}

type summitCitationJS struct {
	Doc    string `json:"doc"`
	Title  string `json:"title"`
	Source string `json:"source"`
	URL    string `json:"url"`
	Date   string `json:"date"`
	Quote  string `json:"quote"`
}

func toSummitJSON(ms []summits.Meeting) []summitJSON {
	out := make([]summitJSON, 0, len(ms))
	for _, m := range ms {
		e := summitJSON{
			Date: m.Date.String(), Place: m.Place, Leaders: m.Leaders,
			Occasion: m.Occasion, Status: m.Status, Citations: []summitCitationJS{},
		}
		if e.Leaders == nil {
			e.Leaders = []string{}
		}
		for _, c := range m.Citations {
			e.Citations = append(e.Citations, summitCitationJS{
				Doc: c.Doc, Title: c.Title, Source: c.Source, URL: c.URL,
				Date: c.Date.String(), Quote: c.Quote,
			})
		}
		out = append(out, e)
	}
	return out
}

func cmdSummits(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "summits")
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the timeline as JSON")
	limit := fs.Int("limit", 0, "show at most N meetings, newest first (0: all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 0 {
		return usagef("--limit must be 0 (all) or a positive number, not %d", *limit)
	}
	if fs.NArg() > 0 {
		return usagef("summits takes no arguments (got %q); see bot summits -h", strings.Join(fs.Args(), " "))
	}
	cfg, err := loadConfig(env, c)
	if err != nil {
		return err
	}
	log := newLogger(env, cfg)
	docs, err := loadCorpus(ctx, cfg, log)
	if err != nil {
		return err
	}
	ms := summits.Build(docs)
	log.Debug("summits: timeline built", "articles", len(docs), "meetings", len(ms))
	if *limit > 0 && len(ms) > *limit {
		ms = ms[:*limit]
	}
	if *asJSON {
		return writeJSON(env.stdout, toSummitJSON(ms))
	}
	printSummits(env.stdout, ms)
	return nil
}

// printSummits writes a compact timeline: one line per meeting (date ·
// place · who · occasion) and the articles that report it.
func printSummits(w io.Writer, ms []summits.Meeting) {
	if len(ms) == 0 {
		fmt.Fprintln(w, "The coverage reports no leaders' meetings.")
		return
	}
	for i, m := range ms {
		if i > 0 {
			fmt.Fprintln(w)
		}
		date := m.Date.String()
		if date == "" {
			date = "date unknown"
		}
		parts := []string{date}
		if m.Place != "" {
			parts = append(parts, m.Place)
		} else {
			parts = append(parts, "place unknown")
		}
		parts = append(parts, strings.Join(m.Names, " – "))
		if m.Occasion != "" {
			parts = append(parts, m.Occasion)
		}
		line := strings.Join(parts, " · ")
		if m.Status == summits.StatusPlanned {
			line += " (planned)"
		}
		fmt.Fprintln(w, line)
		if len(m.Leaders) > 0 {
			fmt.Fprintln(w, "  who:", strings.Join(m.Leaders, "; "))
		}
		if q := leadQuote(m); q != "" {
			fmt.Fprintf(w, "  “%s”\n", q)
		}
		var srcs []string
		seen := map[string]bool{}
		for _, c := range m.Citations {
			if seen[c.Doc] {
				continue
			}
			seen[c.Doc] = true
			src := c.Doc
			var meta []string
			if c.Source != "" {
				meta = append(meta, c.Source)
			}
			if d := c.Date.String(); d != "" {
				meta = append(meta, d)
			}
			if len(meta) > 0 {
				src += " (" + strings.Join(meta, ", ") + ")"
			}
			srcs = append(srcs, src)
		}
		fmt.Fprintln(w, "  sources:", strings.Join(srcs, "; "))
	}
}

// leadQuote is the sentence that best reports m, clipped for a terminal.
func leadQuote(m summits.Meeting) string {
	c, ok := m.Lead()
	if !ok {
		return ""
	}
	q := c.Quote
	if r := []rune(q); len(r) > 200 {
		q = strings.TrimSpace(string(r[:199])) + "…"
	}
	return q
}
