package corpus

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the metadata a file may declare in a leading YAML block.
type frontMatter struct {
	Title       string
	Date        Date
	Outlet      string // from outlet/publisher/source/site_name when not a URL
	SourceURL   string // source: when it is a URL
	URL         string
	Tags        []string
	Description string
	FetchedAt   Date
	Author      string
	// AlsoIn lists other places the story appeared ("also_in:" entries
	// with title, outlet/source and url/link).
	AlsoIn []Source
}

// fmAliases lists accepted keys for each field, in priority order.
var fmAliases = struct {
	title, date, outlet, url, tags, desc, fetched, author []string
}{
	title:   []string{"title", "headline"},
	date:    []string{"date", "published", "published_at", "publishdate", "publish_date", "pubdate", "datepublished"},
	outlet:  []string{"outlet", "publisher", "source", "site_name", "sitename", "site", "publication"},
	url:     []string{"link", "url", "canonical", "canonical_url", "permalink"},
	tags:    []string{"tags", "keywords"},
	desc:    []string{"description", "summary", "excerpt", "lead"},
	fetched: []string{"fetched_at", "fetched", "crawled_at", "retrieved"},
	author:  []string{"author", "authors", "byline"},
}

// splitFrontMatter separates a leading "---" delimited block from the body.
// It returns ok=false when the text has no front matter. A block that is
// present but unreadable is an error.
func splitFrontMatter(text string) (fm frontMatter, body string, ok bool, err error) {
	t := strings.TrimLeft(text, "\n")
	if !strings.HasPrefix(t, "---\n") && !strings.HasPrefix(t, "--- \n") {
		return fm, text, false, nil
	}
	rest := t[strings.IndexByte(t, '\n')+1:]
	end, next := -1, 0
	for off := 0; off < len(rest); {
		nl := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if l := strings.TrimRight(line, " \t"); l == "---" || l == "..." {
			end = off
			next = off + len(line)
			if nl >= 0 {
				next++
			}
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		// A lone "---" rule at the top of a plain text file is not front
		// matter unless it looks like "key: value" lines.
		if looksLikeKeyValues(rest) {
			return fm, "", true, errors.New("front matter is not closed by a --- line")
		}
		return fm, text, false, nil
	}
	block := rest[:end]
	body = rest[next:]
	values, err := parseFrontMatterBlock(block)
	if err != nil {
		return fm, "", true, err
	}
	fm = frontMatterFrom(values)
	return fm, body, true, nil
}

func looksLikeKeyValues(s string) bool {
	n := 0
	for _, line := range strings.SplitN(s, "\n", 6) {
		if k, _, ok := strings.Cut(line, ":"); ok && k != "" && !strings.ContainsAny(k, " \t") {
			n++
		}
	}
	return n >= 2
}

// parseFrontMatterBlock reads the block as YAML; when that fails (scraped
// files often carry YAML-like blocks with tabs or stray characters) it falls
// back to reading top-level "key: value" lines. A block that yields no
// key at all is malformed.
func parseFrontMatterBlock(block string) (map[string]any, error) {
	if strings.TrimSpace(block) == "" {
		return map[string]any{}, nil
	}
	var v any
	yerr := yaml.Unmarshal([]byte(block), &v)
	if yerr == nil {
		switch m := v.(type) {
		case map[string]any:
			return m, nil
		case nil:
			return map[string]any{}, nil
		default:
			return nil, fmt.Errorf("front matter is a %T, not a list of fields", v)
		}
	}
	m := lenientKeyValues(block)
	if len(m) == 0 {
		return nil, fmt.Errorf("invalid front matter: %w", yerr)
	}
	return m, nil
}

// lenientKeyValues reads "key: value" lines that start at column 0;
// indented lines continue the previous value.
func lenientKeyValues(block string) map[string]any {
	m := make(map[string]any)
	last := ""
	for _, line := range strings.Split(block, "\n") {
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' || line[0] == '-' {
			if last != "" {
				if s, ok := m[last].(string); ok {
					m[last] = strings.TrimSpace(s + " " + strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- ")))
				}
			}
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t\"'{}[]") {
			last = ""
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		m[strings.ToLower(k)] = v
		last = strings.ToLower(k)
	}
	return m
}

func frontMatterFrom(values map[string]any) frontMatter {
	lower := make(map[string]any, len(values))
	for k, v := range values {
		lower[strings.ToLower(strings.TrimSpace(k))] = v
	}
	get := func(keys []string) (any, bool) {
		for _, k := range keys {
			if v, ok := lower[k]; ok && v != nil {
				if s, isStr := v.(string); isStr && strings.TrimSpace(s) == "" {
					continue
				}
				return v, true
			}
		}
		return nil, false
	}
	var fm frontMatter
	if v, ok := get(fmAliases.title); ok {
		fm.Title = cleanInline(scalarString(v))
	}
	if v, ok := get(fmAliases.date); ok {
		fm.Date = dateValue(v)
	}
	if v, ok := get(fmAliases.fetched); ok {
		fm.FetchedAt = dateValue(v)
	}
	for _, k := range fmAliases.outlet {
		v, ok := lower[k]
		if !ok {
			continue
		}
		s := cleanInline(scalarString(v))
		if s == "" {
			continue
		}
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			if fm.SourceURL == "" {
				fm.SourceURL = s
			}
			continue
		}
		if fm.Outlet == "" {
			fm.Outlet = s
		}
	}
	if v, ok := get(fmAliases.url); ok {
		fm.URL = strings.TrimSpace(scalarString(v))
	}
	if v, ok := get(fmAliases.tags); ok {
		fm.Tags = stringList(v)
	}
	if v, ok := get(fmAliases.desc); ok {
		fm.Description = cleanInline(scalarString(v))
	}
	if list, ok := lower["also_in"].([]any); ok {
		for _, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			src := frontMatterFrom(m)
			if src.Title == "" && src.Outlet == "" && src.URL == "" {
				continue
			}
			fm.AlsoIn = append(fm.AlsoIn, Source{Title: src.Title, Outlet: src.Outlet, URL: firstNonEmpty(src.URL, src.SourceURL), Date: src.Date})
		}
	}
	if v, ok := get(fmAliases.author); ok {
		fm.Author = cleanInline(strings.Join(stringList(v), ", "))
	}
	return fm
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	case nil:
		return ""
	case []any:
		return strings.Join(stringList(x), ", ")
	case map[string]any:
		if n, ok := x["name"]; ok {
			return scalarString(n)
		}
		return ""
	default:
		return fmt.Sprint(x)
	}
}

func stringList(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s := cleanInline(scalarString(e)); s != "" {
				out = append(out, s)
			}
		}
	default:
		for _, s := range strings.Split(scalarString(x), ",") {
			if s = cleanInline(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func dateValue(v any) Date {
	if t, ok := v.(time.Time); ok {
		return DayDate(t)
	}
	d, _ := parseDateValue(scalarString(v))
	return d
}
