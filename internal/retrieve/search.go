package retrieve

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"shuttlebot/internal/corpus"
)

// Query limits: longer questions are cut, not rejected.
const (
	maxQueryBytes = 16 << 10 // text analysed from a question
	maxQueryTerms = 32       // distinct content words searched for
	maxResults    = 1000     // cap on k
)

// Search returns up to k passages best matching q, best first; equal scores
// are ordered by passage ID. q is plain text: query syntax (quotes, +, -,
// field:, wildcards) has no special meaning. A q with no content words
// (empty, only stop words or punctuation) gives no passages and no error.
func (ix *Index) Search(ctx context.Context, q string, k int) (_ []Passage, err error) {
	defer recoverSearch(&err)
	if k <= 0 {
		return nil, nil
	}
	k = min(k, maxResults)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, ErrClosed
	}
	q = sanitize(q)
	bigrams := ix.cjkQueryTerms(ctx, q)
	words, err := ix.searchWords(ctx, q, bigrams != "")
	if err != nil {
		return nil, fmt.Errorf("retrieve: search: %w", err)
	}
	if words == "" && bigrams == "" {
		return nil, nil
	}
	query := bleve.NewDisjunctionQuery()
	add := func(terms, field, analyzer string, boost float64) {
		if terms == "" {
			return
		}
		m := bleve.NewMatchQuery(terms)
		m.SetField(field)
		m.Analyzer = analyzer
		m.SetBoost(boost)
		query.AddQuery(m)
	}
	add(words, fText, en.AnalyzerName, textBoost)
	add(words, fTitle, en.AnalyzerName, titleBoost)
	add(bigrams, fTextCJK, cjkAnalyzer, cjkTextBoost)
	add(bigrams, fTitleCJK, cjkAnalyzer, cjkTitleBoost)

	// bleve orders equal scores by its internal document number; sorting by
	// ID inside bleve costs a stored-field lookup per matching passage, so
	// fetch a few extra and break ties here, fetching more in the rare case
	// that a tie straddles the cut.
	for size := k + tieSlack; ; size *= 2 {
		req := bleve.NewSearchRequestOptions(query, size, 0, false)
		req.Fields = storedFields() // loaded in the same snapshot as the hits
		res, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("retrieve: search: %w", err)
		}
		hits := res.Hits
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].Score != hits[j].Score {
				return hits[i].Score > hits[j].Score
			}
			return hits[i].ID < hits[j].ID
		})
		if len(hits) == size && len(hits) > k && hits[k-1].Score == hits[len(hits)-1].Score && size < 8*maxResults {
			continue // the k-th score ties with the last fetched: fetch more
		}
		if len(hits) > k {
			hits = hits[:k]
		}
		out := make([]Passage, 0, len(hits))
		for _, h := range hits {
			out = append(out, passageFromFields(h.ID, h.Score, h.Fields))
		}
		return out, nil
	}
}

// tieSlack is how many extra hits Search fetches to break ties by ID.
const tieSlack = 8

// postingsBudget bounds the work of one search: query terms are kept, rarest
// first, while the passages they occur in (summed over terms) stay within
// it. The most common words of a long question add little to BM25 scores
// but most of the cost; on small corpora nothing is dropped.
const postingsBudget = 60_000

func (ix *Index) budget() uint64 {
	if ix.postingsBudget > 0 {
		return ix.postingsBudget
	}
	return postingsBudget
}

// queryWords reduces a question to the content words to search for (as
// written, space-separated): stop words go (the index's English analyzer
// decides), repeats go, at most maxQueryTerms remain, and the most common
// ones are dropped when they would exceed postingsBudget. It returns ""
// when no content word remains.
func (ix *Index) queryWords(ctx context.Context, q string) (string, error) {
	return ix.searchWords(ctx, sanitize(q), false)
}

// searchWords is queryWords for a sanitized q. With skipCJK, Korean,
// Japanese and Chinese words are left out: the CJK bigram query searches
// them (measured on 40 Korean questions: top-1 0.88 with them, 0.90 without).
func (ix *Index) searchWords(ctx context.Context, q string, skipCJK bool) (string, error) {
	if q == "" {
		return "", nil
	}
	an := ix.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if an == nil {
		return "", fmt.Errorf("analyzer %q missing", en.AnalyzerName)
	}
	type word struct {
		raw, term string
		df        uint64
	}
	seen := map[string]bool{}
	var words []word
	for _, tok := range an.Analyze([]byte(q)) {
		term := string(tok.Term)
		if seen[term] || tok.Start < 0 || tok.End > len(q) || tok.Start >= tok.End {
			continue
		}
		if skipCJK {
			if r, _ := utf8.DecodeRuneInString(term); isCJK(r) {
				continue
			}
		}
		seen[term] = true
		words = append(words, word{raw: q[tok.Start:tok.End], term: term})
		if len(words) == maxQueryTerms {
			break
		}
	}
	if len(words) == 0 {
		return "", nil
	}
	if adv, err := ix.idx.Advanced(); err == nil {
		if r, err := adv.Reader(); err == nil {
			for i := range words {
				for _, f := range []string{fText, fTitle} {
					tfr, err := r.TermFieldReader(ctx, []byte(words[i].term), f, false, false, false)
					if err == nil {
						words[i].df += tfr.Count()
						tfr.Close()
					}
				}
			}
			r.Close()
		}
	}
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return words[order[a]].df < words[order[b]].df })
	keep := make([]bool, len(words))
	var total uint64
	for n, i := range order {
		if n > 0 && total+words[i].df > ix.budget() {
			break
		}
		total += words[i].df
		keep[i] = true
	}
	var out []string
	for i, w := range words {
		if keep[i] {
			out = append(out, w.raw)
		}
	}
	return strings.Join(out, " "), nil
}

// syntaxChars are query-language and joining characters that a question
// uses as plain punctuation. The word segmenter keeps "title:storm" as one
// word (a colon joins letters in Unicode segmentation), so they become spaces.
const syntaxChars = ":*?\\/^~\"()+{}[]|&<>=!`"

// sanitize makes q valid UTF-8 without control or syntax characters and cuts it to
// maxQueryBytes on a character boundary.
func sanitize(q string) string {
	if len(q) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	q = strings.ToValidUTF8(q, " ")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || strings.ContainsRune(syntaxChars, r) {
			return ' '
		}
		return r
	}, q)
	return strings.TrimSpace(q)
}

// ArticleHit is one article matching a query, for listing sources.
type ArticleHit struct {
	DocID  string
	Title  string
	Outlet string
	URL    string
	Date   corpus.Date
	AlsoIn []corpus.Source
	Score  float64 // its best passage's score
	// Best is the text of its best-matching passage.
	Best string
}

// SearchArticles returns up to k distinct articles best matching q, best
// first (an article scores as its best passage; ties by DocID).
func (ix *Index) SearchArticles(ctx context.Context, q string, k int) (_ []ArticleHit, err error) {
	defer recoverSearch(&err)
	if k <= 0 {
		return nil, nil
	}
	k = min(k, maxResults)
	ps, err := ix.Search(ctx, q, min(max(8*k, 50), maxResults))
	if err != nil {
		return nil, err
	}
	var out []ArticleHit
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.DocID] {
			continue
		}
		seen[p.DocID] = true
		out = append(out, ArticleHit{DocID: p.DocID, Title: p.Title, Outlet: p.Outlet, URL: p.URL,
			Date: p.Date, AlsoIn: p.AlsoIn, Score: p.Score, Best: p.Text})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].DocID < out[j].DocID
	})
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// recoverSearch turns a panic inside bleve (a segment damaged after it was
// opened) into an error, so one bad query cannot take the process down.
func recoverSearch(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("retrieve: search: index damaged (rebuild it with bot index): %v", r)
	}
}
