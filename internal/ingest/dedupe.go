package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"shuttlebot/internal/corpus"
)

// CanonicalURL normalises an article URL for storage and comparison: the
// scheme and host are lowercased, default ports, fragments and tracking
// parameters (utm_*, fbclid, gclid…) are dropped, the remaining query is
// sorted and a trailing slash is removed. It returns "" for anything that is
// not an absolute http(s) URL.
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		host += ":" + p
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "mc_cid" || lk == "mc_eid" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // Encode sorts by key
	if len(u.Path) > 1 {
		u.Path = strings.TrimRight(u.Path, "/")
		u.RawPath = ""
	}
	return u.String()
}

// urlKey is the comparison key of a canonical URL: http and https, and a
// leading "www.", are treated as the same site.
func urlKey(canon string) string {
	k := strings.TrimPrefix(strings.TrimPrefix(canon, "https://"), "http://")
	return strings.TrimPrefix(k, "www.")
}

// fingerprint describes an article's text for duplicate detection.
type fingerprint struct {
	exact    string              // hash of the normalised text
	shingles map[uint64]struct{} // hashed 5-word shingles
}

const (
	shingleWords = 5
	// minShingles is the smallest text compared for near-duplicates; shorter
	// texts (summaries, headline lists) only match exactly.
	minShingles = 30
	// nearDuplicate is the share of the shorter text's shingles that must
	// appear in the other for the two to count as the same story.
	nearDuplicate = 0.8
)

func fingerprintOf(paragraphs []string) fingerprint {
	var words []string
	for _, p := range paragraphs {
		words = append(words, strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
	}
	sum := sha256.Sum256([]byte(strings.Join(words, " ")))
	fp := fingerprint{exact: hex.EncodeToString(sum[:])}
	if len(words) == 0 {
		fp.exact = ""
		return fp
	}
	fp.shingles = map[uint64]struct{}{}
	for i := 0; i+shingleWords <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:i+shingleWords], " ")))
		fp.shingles[h.Sum64()] = struct{}{}
	}
	return fp
}

// same reports whether two texts tell the same story.
func (a fingerprint) same(b fingerprint) bool {
	if a.exact == "" || b.exact == "" {
		return false
	}
	if a.exact == b.exact {
		return true
	}
	small, big := a.shingles, b.shingles
	if len(small) > len(big) {
		small, big = big, small
	}
	if len(small) < minShingles {
		return false
	}
	shared := 0
	for h := range small {
		if _, ok := big[h]; ok {
			shared++
		}
	}
	return float64(shared) >= nearDuplicate*float64(len(small))
}

// known is what the corpus already holds: URLs and texts, by document.
type known struct {
	urls  map[string]string // urlKey → corpus-relative path
	texts []knownText
	paths map[string]bool
}

type knownText struct {
	id string
	fp fingerprint
}

func newKnown() *known {
	return &known{urls: map[string]string{}, paths: map[string]bool{}}
}

func (k *known) addDoc(d corpus.Document) {
	k.paths[d.ID] = true
	k.addURL(d.URL, d.ID)
	for _, s := range d.AlsoIn {
		k.addURL(s.URL, d.ID)
	}
	k.texts = append(k.texts, knownText{id: d.ID, fp: fingerprintOf(d.Paragraphs)})
}

func (k *known) addURL(raw, id string) {
	if c := CanonicalURL(raw); c != "" {
		if _, ok := k.urls[urlKey(c)]; !ok {
			k.urls[urlKey(c)] = id
		}
	}
}

// byURL returns the document holding raw's canonical URL, if any.
func (k *known) byURL(raw string) (string, bool) {
	c := CanonicalURL(raw)
	if c == "" {
		return "", false
	}
	id, ok := k.urls[urlKey(c)]
	return id, ok
}

// byText returns the first document (by path) telling the same story.
func (k *known) byText(fp fingerprint) (string, bool) {
	var hits []string
	for _, t := range k.texts {
		if t.fp.same(fp) {
			hits = append(hits, t.id)
		}
	}
	if len(hits) == 0 {
		return "", false
	}
	sort.Strings(hits)
	return hits[0], true
}
