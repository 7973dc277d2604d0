// Command rtqa converts the RealTime QA Korea–Japan subset (articles and
// news-quiz questions, JSONL) into a Shuttle corpus and a `bot eval`
// question set.
//
//	go run ./scripts/rtqa -articles ARTICLES.jsonl -questions QUESTIONS.jsonl -out /tmp/rtqa
//
// writes /tmp/rtqa/corpus/<nnn>_<slug>.md (front matter: title, date, url,
// outlet; then the article text) and /tmp/rtqa/questions.jsonl in the
// dev-qa format: the quiz question (HTML stripped; "which of the
// following" questions get their choices appended) with the gold choice
// text as the answer, and as docs the articles RealTime QA retrieved for
// that question (none for most: then any citation counts).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// article is one line of the RealTime QA articles file.
type article struct {
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	PublishDate string   `json:"publish_date"` // "2025/01/09"
	Text        string   `json:"text"`
	Retrieved   []string `json:"retrieved_for_question_ids"`
}

// quiz is one line of the RealTime QA questions file.
type quiz struct {
	ID       string   `json:"question_id"`
	Sentence string   `json:"question_sentence"`
	Choices  []string `json:"choices"`
	Answer   []string `json:"answer"`
	Text     []string `json:"answer_text"`
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
		fmt.Fprintln(os.Stderr, "rtqa:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rtqa", flag.ContinueOnError)
	fs.SetOutput(stderr)
	arts := fs.String("articles", "", "RealTime QA articles (JSONL)")
	qs := fs.String("questions", "", "RealTime QA questions (JSONL)")
	out := fs.String("out", "", "output folder (gets corpus/ and questions.jsonl)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *arts == "" || *qs == "" || *out == "" {
		return errors.New("usage: go run ./scripts/rtqa -articles FILE.jsonl -questions FILE.jsonl -out DIR")
	}
	var articles []article
	if err := readJSONL(*arts, func(dec *json.Decoder) error {
		var a article
		if err := dec.Decode(&a); err != nil {
			return err
		}
		articles = append(articles, a)
		return nil
	}); err != nil {
		return err
	}
	var quizzes []quiz
	if err := readJSONL(*qs, func(dec *json.Decoder) error {
		var q quiz
		if err := dec.Decode(&q); err != nil {
			return err
		}
		quizzes = append(quizzes, q)
		return nil
	}); err != nil {
		return err
	}
	if len(articles) == 0 || len(quizzes) == 0 {
		return fmt.Errorf("no articles (%d) or no questions (%d)", len(articles), len(quizzes))
	}
	corpusDir := filepath.Join(*out, "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		return err
	}
	docsFor := make(map[string][]string)
	for i, a := range articles {
		name := fmt.Sprintf("%03d_%s.md", i, slugify(a.Title))
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(markdown(a)), 0o644); err != nil {
			return err
		}
		for _, id := range a.Retrieved {
			docsFor[id] = append(docsFor[id], name)
		}
	}
	qf, err := os.Create(filepath.Join(*out, "questions.jsonl"))
	if err != nil {
		return err
	}
	defer qf.Close()
	w := bufio.NewWriter(qf)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	linked := 0
	for _, z := range quizzes {
		q := question{ID: z.ID, Q: questionText(z), Answers: goldAnswers(z), Docs: docsFor[z.ID]}
		if len(q.Answers) == 0 || q.Q == "" {
			fmt.Fprintf(stderr, "rtqa: skipping %s: no question or gold answer\n", z.ID)
			continue
		}
		if len(q.Docs) > 0 {
			linked++
		}
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d articles to %s and %d questions (%d with a retrieved article) to %s\n",
		len(articles), corpusDir, len(quizzes), linked, filepath.Join(*out, "questions.jsonl"))
	return qf.Close()
}

// readJSONL calls decode once per non-empty line of name.
func readJSONL(name string, decode func(*json.Decoder) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := decode(json.NewDecoder(strings.NewReader(line))); err != nil {
			return fmt.Errorf("%s line %d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// markdown renders an article as a Markdown file with front matter.
func markdown(a article) string {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			q, _ := json.Marshal(v) // a JSON string is a valid YAML scalar
			fmt.Fprintf(&b, "%s: %s\n", k, q)
		}
	}
	field("title", a.Title)
	field("date", strings.ReplaceAll(a.PublishDate, "/", "-"))
	field("url", a.URL)
	field("outlet", outlet(a.URL))
	b.WriteString("---\n\n")
	b.WriteString(strings.TrimSpace(a.Text))
	b.WriteString("\n")
	return b.String()
}

// outlet names the site an article came from ("www.usatoday.com" → "usatoday.com").
func outlet(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// questionText strips HTML from the quiz question and, when the question
// only makes sense with its choices ("which of the following"), appends
// them.
func questionText(z quiz) string {
	q := strings.Join(strings.Fields(tagRe.ReplaceAllString(z.Sentence, "")), " ")
	if strings.Contains(strings.ToLower(q), "of the following") && len(z.Choices) > 0 {
		q = strings.TrimRight(q, "?") + ": " + strings.Join(z.Choices, "; ") + "?"
	}
	return q
}

// goldAnswers is the gold choice text (answer_text, else the chosen
// choices by index).
func goldAnswers(z quiz) []string {
	var out []string
	for _, t := range z.Text {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, a := range z.Answer {
		var i int
		if _, err := fmt.Sscan(a, &i); err == nil && i >= 0 && i < len(z.Choices) {
			out = append(out, z.Choices[i])
		}
	}
	return out
}

// slugify turns a title into a short file-name-safe ASCII slug.
func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "article"
	}
	return s
}
