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
	if err := run([]string{"-in", "testdata/tiny-v2.json", "-out", out}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(out, "corpus", "Port_Linden-0000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Port Linden\n\nPort Linden is a harbour town in Estavia. It was founded in 1604.\n"; string(body) != want {
		t.Errorf("article = %q, want %q", body, want)
	}
	files, _ := filepath.Glob(filepath.Join(out, "corpus", "*.txt"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	wantNames := []string{"Cafxe9_Mxfcller_x28playx29-0000.txt", "Port_Linden-0000.txt", "Port_Linden-0001.txt"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("files = %q, want %q", names, wantNames)
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
	want := []question{
		{ID: "q1", Q: "When was Port Linden founded?", Answers: []string{"1604", "in 1604"}, Docs: []string{"Port_Linden-0000.txt"}},
		{ID: "q2", Q: "When was Port Linden abandoned?", Abstain: true},
		{ID: "q3", Q: "When does the harbour freeze?", Answers: []string{"January"}, Docs: []string{"Port_Linden-0001.txt"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("questions = %+v, want %+v", got, want)
	}
}

func TestConvertBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o644)
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, []byte(`{"data":[]}`), 0o644)
	for _, args := range [][]string{
		{"-in", bad, "-out", dir},
		{"-in", empty, "-out", dir},
		{"-in", filepath.Join(dir, "missing.json"), "-out", dir},
		{"-out", dir},
	} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%s) succeeded", strings.Join(args, " "))
		}
	}
}
