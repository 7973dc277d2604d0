package corpus

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		want     frontMatter
		body     string
		hasFM    bool
		errorHas string
	}{
		{
			name: "full YAML",
			text: "---\ntitle: \"A title\"\ndate: 2026-01-14\nsource: The Daily Example\nlink: https://example.com/a\ntags:\n- one\n- two\nfetched_at: 2026-01-15T01:02:03Z\nsummary: A summary.\n---\nBody text.\n",
			want: frontMatter{Title: "A title", Date: Date{2026, time.January, 14}, Outlet: "The Daily Example", URL: "https://example.com/a",
				Tags: []string{"one", "two"}, FetchedAt: Date{2026, time.January, 15}, Description: "A summary."},
			body: "Body text.\n", hasFM: true,
		},
		{
			name: "source URL is not an outlet",
			text: "---\ntitle: T\nsource: 'https://news.google.com/rss/topics/X'\nurl: https://news.google.com/rss/articles/Y\n---\nB",
			want: frontMatter{Title: "T", SourceURL: "https://news.google.com/rss/topics/X", URL: "https://news.google.com/rss/articles/Y"},
			body: "B", hasFM: true,
		},
		{
			name: "YAML-like block read leniently",
			text: "---\ntitle: \"Lenient\"\npublisher: Example News\nauthor: \n\t\t\n\t\t\tReporter (r@example.com)\n\t\npublished_at: 2025-12-30 00:00\n---\nBody",
			want: frontMatter{Title: "Lenient", Outlet: "Example News", Date: Date{2025, time.December, 30}, Author: "Reporter (r@example.com)"},
			body: "Body", hasFM: true,
		},
		{
			name: "comma-separated tags and year-only date",
			text: "---\ntitle: T\ndate: 2025\ntags: a, b\n---\nB",
			want: frontMatter{Title: "T", Date: Date{Year: 2025}, Tags: []string{"a", "b"}},
			body: "B", hasFM: true,
		},
		{
			name: "also_in mentions",
			text: "---\ntitle: T\nalso_in:\n- title: Copy one\n  outlet: Example Wire\n  url: https://wire.example.com/1\n- outlet: Other Daily\n- just a string\n---\nB",
			want: frontMatter{Title: "T", AlsoIn: []Source{{Title: "Copy one", Outlet: "Example Wire", URL: "https://wire.example.com/1"}, {Outlet: "Other Daily"}}},
			body: "B", hasFM: true,
		},
		{name: "no front matter", text: "Just a headline\n\nBody.", body: "Just a headline\n\nBody."},
		{name: "a rule, not front matter", text: "---\nHeadline\n\nBody.", body: "---\nHeadline\n\nBody."},
		{name: "not a mapping", text: "---\n- a\n- b\n---\nBody", hasFM: true, errorHas: "not a list of fields"},
		{name: "unreadable block", text: "---\n[[[ ::: }}}\n---\nBody", hasFM: true, errorHas: "invalid front matter"},
		{name: "never closed", text: "---\ntitle: T\ndate: 2025-01-01\nBody without end", hasFM: true, errorHas: "not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, has, err := splitFrontMatter(tt.text)
			if has != tt.hasFM {
				t.Errorf("has front matter = %v, want %v", has, tt.hasFM)
			}
			if tt.errorHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errorHas) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errorHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fm, tt.want) {
				t.Errorf("front matter = %+v\nwant %+v", fm, tt.want)
			}
			if body != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
		})
	}
}
