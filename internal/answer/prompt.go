package answer

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"shuttlebot/internal/retrieve"
)

// noAnswerToken is what the model is told to reply when the passages do not
// answer the question; it is easy to detect in any language.
const noAnswerToken = "NO_ANSWER"

// systemPrompt holds the model's standing instructions. The golden file
// testdata/prompt.golden shows it with a rendered question.
const systemPrompt = `You answer questions about news coverage using ONLY the numbered passages you are given.

Rules:
1. Use only facts stated in the passages. Do not add background knowledge, guesses or opinions.
2. After every sentence, cite the passage or passages it comes from with their numbers in square brackets, like [1] or [2][3]. Cite only passage numbers that exist.
3. Keep names, numbers and dates exactly as the passages give them.
4. Be brief: at most four short sentences, plain text, no lists, no headings, no list of sources.
5. If the passages do not answer the question, reply with exactly ` + noAnswerToken + ` and nothing else.
6. Answer in the language of the question.`

// Prompt budget defaults.
const (
	// DefaultContextTokens is the default budget for the whole prompt, in
	// estimated tokens: it leaves room for the answer in a 4k-token context.
	DefaultContextTokens = 3000
	// maxPassageChars caps one passage's text in the prompt.
	maxPassageChars = 1500
)

// prompt is a rendered request for the model: the messages and the passages
// they number, so that [n] in the reply means passages[n-1].
type prompt struct {
	System   string
	User     string
	Passages []retrieve.Passage
}

// buildPrompt renders the question and the passages, numbered [1]…[k] from
// the strongest, within budget estimated tokens: the weakest passages are
// dropped first. It keeps at least one passage when any is given.
func buildPrompt(q string, history []string, passages []retrieve.Passage, budget int) prompt {
	if budget <= 0 {
		budget = DefaultContextTokens
	}
	ranked := append([]retrieve.Passage(nil), passages...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].Score > ranked[j].Score })
	for i := range ranked {
		ranked[i].Text = clip(strings.TrimSpace(ranked[i].Text), maxPassageChars)
	}
	for n := len(ranked); n >= 1; n-- {
		p := renderPrompt(q, history, ranked[:n])
		if estimateTokens(p.System)+estimateTokens(p.User) <= budget || n == 1 {
			return p
		}
	}
	return renderPrompt(q, history, nil)
}

func renderPrompt(q string, history []string, passages []retrieve.Passage) prompt {
	var b strings.Builder
	b.WriteString("Passages:\n")
	for i, p := range passages {
		fmt.Fprintf(&b, "\n[%d] %s\n", i+1, passageHeader(p))
		b.WriteString(p.Text)
		b.WriteString("\n")
	}
	if len(history) > 0 {
		b.WriteString("\nEarlier questions in this conversation (for context only):\n")
		for _, h := range history {
			fmt.Fprintf(&b, "- %s\n", oneLine(h))
		}
	}
	fmt.Fprintf(&b, "\nQuestion: %s\n", oneLine(q))
	b.WriteString("\nAnswer from the passages only, citing [n] after each sentence, or reply " + noAnswerToken + ".")
	return prompt{System: systemPrompt, User: b.String(), Passages: passages}
}

// passageHeader is the "title — outlet, date" line of a passage.
func passageHeader(p retrieve.Passage) string {
	title := oneLine(p.Title)
	if title == "" {
		title = "(untitled)"
	}
	var meta []string
	if p.Outlet != "" {
		meta = append(meta, oneLine(p.Outlet))
	}
	if d := p.Date.String(); d != "" {
		meta = append(meta, d)
	} else {
		meta = append(meta, "date unknown")
	}
	return title + " — " + strings.Join(meta, ", ")
}

// oneLine folds runs of white space (newlines included) to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens s to at most n characters, cutting at a sentence end or, failing
// that, a word boundary, and marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	if i := strings.LastIndexAny(cut, ".!?。！？"); i > len(cut)/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// estimateTokens approximates how many tokens a model's tokenizer makes of s:
// about four characters per token for alphabetic scripts, one per character
// for Chinese, Japanese and Korean, whichever of that and words×4/3 is larger.
func estimateTokens(s string) int {
	var cjk, other int
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
			cjk++
		} else {
			other++
		}
	}
	byChars := cjk + (other+3)/4
	byWords := len(strings.Fields(s)) * 4 / 3
	return max(byChars, byWords)
}
