package retrieve

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"shuttlebot/internal/corpus"
)

// Field names in the bleve index.
const (
	fText   = "text"
	fTitle  = "title"
	fDoc    = "doc"
	fOutlet = "outlet"
	fURL    = "url"
	fDate   = "date"
	fAlso   = "also"

	// CJK bigram terms of the text and the title (see cjk.go); only
	// passages with Korean, Japanese or Chinese text have them.
	fTextCJK  = "text_cjk"
	fTitleCJK = "title_cjk"
)

// cjkAnalyzer splits the CJK fields, already made of bigram terms, at spaces.
const cjkAnalyzer = "shuttle_cjk_terms"

// storedFields lists the fields loaded for each hit to rebuild a Passage.
func storedFields() []string { return []string{fText, fTitle, fDoc, fOutlet, fURL, fDate, fAlso} }

// Field weights. The headline is searched too, but every passage of an
// article carries it, so a heavy headline weight lets one article's passages
// crowd out everything else. Measured on 779 RealTime QA questions over 5,255
// real articles (is the top passage from an article retrieved for the
// question?): headline weight 0 → 0.558, 0.25 → 0.576, 0.4 → 0.588, 0.5 → 0.582,
// 1 → 0.547, 2 → 0.517.
const (
	textBoost  = 1.0
	titleBoost = 0.4
)

// CJK bigram field weights, used when a question has Korean, Japanese or
// Chinese text (see cjk.go).
const (
	cjkTextBoost  = 1.0
	cjkTitleBoost = 0.4
)

// newMapping describes a passage document: text and title analysed with the
// English analyzer (stemming, stop words), their CJK bigrams (not stored),
// the article ID as a keyword, and the citation metadata stored but not
// indexed. Scoring is BM25.
func newMapping() *mapping.IndexMappingImpl {
	analysed := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	docField := mapping.NewKeywordFieldMapping()
	docField.Analyzer = keyword.Name
	docField.IncludeTermVectors = false
	docField.IncludeInAll = false
	docField.DocValues = false

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fText, analysed())
	dm.AddFieldMappingsAt(fTitle, analysed())
	dm.AddFieldMappingsAt(fDoc, docField)
	for _, f := range []string{fOutlet, fURL, fDate, fAlso} {
		dm.AddFieldMappingsAt(f, storedOnly())
	}
	for _, f := range []string{fTextCJK, fTitleCJK} {
		cf := analysed()
		cf.Analyzer = cjkAnalyzer
		cf.Store = false
		dm.AddFieldMappingsAt(f, cf)
	}

	im := mapping.NewIndexMapping()
	// Built from bleve's registered whitespace tokenizer: cannot fail.
	_ = im.AddCustomAnalyzer(cjkAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	})
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.ScoringModel = index.BM25Scoring
	return im
}

// passageID is the stable ID of an article's n-th passage.
func passageID(docID string, n int) string { return docID + "#" + strconv.Itoa(n) }

// passagesOf chunks d into Passages.
func passagesOf(d *corpus.Document) []Passage {
	texts := chunkText(d.Paragraphs)
	out := make([]Passage, len(texts))
	for i, t := range texts {
		out[i] = Passage{
			ID: passageID(d.ID, i), DocID: d.ID, Title: oneLine(d.Title), Outlet: d.Outlet,
			URL: d.URL, Date: d.Date, Text: t, AlsoIn: d.AlsoIn,
		}
	}
	return out
}

// fieldsOf is what bleve indexes and stores for p.
func fieldsOf(p *Passage) map[string]any {
	m := map[string]any{
		fText:  p.Text,
		fTitle: p.Title,
		fDoc:   p.DocID,
	}
	if t := cjkFieldText(p.Text); t != "" {
		m[fTextCJK] = t
	}
	if t := cjkFieldText(p.Title); t != "" {
		m[fTitleCJK] = t
	}
	if p.Outlet != "" {
		m[fOutlet] = p.Outlet
	}
	if p.URL != "" {
		m[fURL] = p.URL
	}
	if !p.Date.IsZero() {
		m[fDate] = p.Date.String()
	}
	if len(p.AlsoIn) > 0 {
		if b, err := json.Marshal(p.AlsoIn); err == nil {
			m[fAlso] = string(b)
		}
	}
	return m
}

// passageFromFields rebuilds a Passage from a hit's stored fields.
func passageFromFields(id string, score float64, f map[string]any) Passage {
	str := func(k string) string {
		s, _ := f[k].(string)
		return s
	}
	p := Passage{
		ID: id, DocID: str(fDoc), Title: str(fTitle), Outlet: str(fOutlet),
		URL: str(fURL), Text: str(fText), Score: score,
	}
	if d, err := corpus.ParseDate(str(fDate)); err == nil {
		p.Date = d
	}
	if a := str(fAlso); a != "" {
		_ = json.Unmarshal([]byte(a), &p.AlsoIn)
	}
	if p.DocID == "" { // older or foreign documents: derive from the ID
		if i := strings.LastIndexByte(id, '#'); i > 0 {
			p.DocID = id[:i]
		}
	}
	return p
}

// oneLine collapses whitespace, so a title never spans lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
