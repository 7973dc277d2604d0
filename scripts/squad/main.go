// Command squad converts a SQuAD v1.1 or v2.0 JSON file into a Shuttle
// corpus (one article file per paragraph) and a question set for `bot eval`.
//
//	go run ./scripts/squad -in dev-v1.1.json -out /tmp/squad11
//
// writes /tmp/squad11/corpus/<article-slug>-<nnnn>.txt (the Wikipedia title
// on the first line, a blank line, then the paragraph) and
// /tmp/squad11/questions.jsonl, one {"id","q","answers","docs"} line per
// answerable question and {"id","q","abstain":true} per unanswerable one.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

type squadFile struct {
	Version string `json:"version"`
	Data    []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID           string `json:"id"`
				Question     string `json:"question"`
				IsImpossible bool   `json:"is_impossible"`
				Answers      []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// question is one line of questions.jsonl (the dev-qa format).
type question struct {
	ID      string   `json:"id"`
	Q       string   `json:"q"`
	Answers []string `json:"answers,omitempty"`
	Docs    []string `json:"docs,omitempty"`
	Abstain bool     `json:"abstain,omitempty"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "squad:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("squad", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "SQuAD JSON file (v1.1 or v2.0)")
	out := fs.String("out", "", "output folder (gets corpus/ and questions.jsonl)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return errors.New("usage: go run ./scripts/squad -in FILE.json -out DIR")
	}
	data, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	var sq squadFile
	if err := json.Unmarshal(data, &sq); err != nil {
		return fmt.Errorf("%s: not SQuAD JSON: %w", *in, err)
	}
	if len(sq.Data) == 0 {
		return fmt.Errorf("%s: no articles", *in)
	}
	corpusDir := filepath.Join(*out, "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		return err
	}
	qf, err := os.Create(filepath.Join(*out, "questions.jsonl"))
	if err != nil {
		return err
	}
	defer qf.Close()
	w := bufio.NewWriter(qf)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	slugs := make(map[string]string)
	var nPara, nQ, nImp int
	for _, art := range sq.Data {
		slug := slugify(art.Title)
		if other, dup := slugs[slug]; dup {
			return fmt.Errorf("titles %q and %q give the same file name %q", other, art.Title, slug)
		}
		slugs[slug] = art.Title
		title := strings.ReplaceAll(art.Title, "_", " ")
		for i, p := range art.Paragraphs {
			name := fmt.Sprintf("%s-%04d.txt", slug, i)
			body := title + "\n\n" + strings.TrimSpace(p.Context) + "\n"
			if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(body), 0o644); err != nil {
				return err
			}
			nPara++
			for _, qa := range p.QAs {
				q := question{ID: qa.ID, Q: strings.TrimSpace(qa.Question)}
				if qa.IsImpossible || len(qa.Answers) == 0 {
					q.Abstain = true
					nImp++
				} else {
					seen := make(map[string]bool)
					for _, a := range qa.Answers {
						t := strings.TrimSpace(a.Text)
						if t != "" && !seen[t] {
							seen[t] = true
							q.Answers = append(q.Answers, t)
						}
					}
					q.Docs = []string{name}
				}
				if err := enc.Encode(q); err != nil {
					return err
				}
				nQ++
			}
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d paragraphs to %s and %d questions (%d unanswerable) to %s\n",
		nPara, corpusDir, nQ, nImp, filepath.Join(*out, "questions.jsonl"))
	return qf.Close()
}

// slugify turns a Wikipedia title into a file-name-safe ASCII slug.
func slugify(title string) string {
	var b strings.Builder
	for _, r := range title {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case r == '_' || r == ' ' || r == '-' || r == '.':
			b.WriteRune('_')
		default:
			fmt.Fprintf(&b, "x%x", r)
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		s = "article"
	}
	return s
}
