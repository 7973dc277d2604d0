package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	out := t.TempDir()
	err := run([]string{"-articles", "testdata/articles.jsonl", "-questions", "testdata/questions.jsonl", "-out", out}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(out, "corpus", "000_kask-and-brandt-meet-in-port-linden.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: \"Kask and Brandt meet in Port Linden\"\ndate: \"2026-03-18\"\n" +
		"url: \"https://www.example.test/news/2026/03/18/harbour-summit/1/\"\noutlet: \"example.test\"\n---\n\n" +
		"Port Linden, Mar 18 President Oren Kask met Prime Minister Hela Brandt on Wednesday.\n\nThe leaders agreed on joint patrols.\n"
	if string(body) != want {
		t.Errorf("article =\n%s\nwant\n%s", body, want)
	}
	second, err := os.ReadFile(filepath.Join(out, "corpus", "001_bear-sightings-rise-what-to-know.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(second), `title: "Bear \"sightings\" rise: what to know"`) {
		t.Errorf("quotes in a title are not escaped:\n%s", second)
	}
	f, err := os.Open(filepath.Join(out, "questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []question
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q question
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		got = append(got, q)
	}
	wantQ := []question{
		{ID: "20260320_1", Q: "In which town did Kask and Brandt meet this week?", Answers: []string{"Port Linden"}, Docs: []string{"000_kask-and-brandt-meet-in-port-linden.md"}},
		{ID: "20251114_3", Q: "Which of the following were hikers told to watch out for: Bears; Wolves?", Answers: []string{"Bears"}, Docs: []string{"001_bear-sightings-rise-what-to-know.md"}},
		{ID: "20250101_0", Q: "Which city hosted the games?", Answers: []string{"Vell"}},
	}
	if !reflect.DeepEqual(got, wantQ) {
		t.Errorf("questions =\n%+v\nwant\n%+v", got, wantQ)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := [][]string{
		{},
		{"-articles", filepath.Join(dir, "missing.jsonl"), "-questions", "testdata/questions.jsonl", "-out", dir},
		{"-articles", bad, "-questions", "testdata/questions.jsonl", "-out", dir},
	}
	for _, args := range tests {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded, want an error", args)
		}
	}
}
