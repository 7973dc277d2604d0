package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/url"
	"slices"
	"sort"
	"strings"

	"shuttlebot/internal/corpus"
)

// CanonicalURL normalises an article URL for storage and comparison: the
// scheme and host are lowercased, default ports, fragments and tracking
// parameters (utm_*, fbclid, gclid…) are dropped, the remaining query is
// sorted and a trailing slash is removed. It returns "" for anything that is
// not an absolute http(s) URL, or that names an address ingest refuses to
// fetch from (link-local such as a cloud metadata service).
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	if checkHost(u) != nil {
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
	exact    string   // hash of the normalised text; "" for no text
	shingles []uint64 // hashed 5-word shingles, sorted, unique
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
		words = append(words, tokens(p)...)
	}
	if len(words) == 0 {
		return fingerprint{}
	}
	sum := sha256.Sum256([]byte(strings.Join(words, " ")))
	fp := fingerprint{exact: hex.EncodeToString(sum[:])}
	for i := 0; i+shingleWords <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+shingleWords] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		fp.shingles = append(fp.shingles, h.Sum64())
	}
	slices.Sort(fp.shingles)
	fp.shingles = slices.Compact(fp.shingles)
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
	if len(small) < minShingles || 2*len(small) < len(big) {
		return false // too short to judge, or too different in length to be one story
	}
	shared, i, j := 0, 0, 0
	for i < len(small) && j < len(big) {
		switch {
		case small[i] == big[j]:
			shared++
			i++
			j++
		case small[i] < big[j]:
			i++
		default:
			j++
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

func (k *known) addDoc(d corpus.Document, fp fingerprint) {
	k.paths[d.ID] = true
	k.addURL(d.URL, d.ID)
	for _, s := range d.AlsoIn {
		k.addURL(s.URL, d.ID)
	}
	k.texts = append(k.texts, knownText{id: d.ID, fp: fp})
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

// RedactURL returns rawURL fit for logs, messages and front matter: a
// password in it and the values of query parameters that look like
// credentials (key, token, secret, signature, password, auth) are replaced
// by "REDACTED". Anything that is not a URL is returned as is.
func RedactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			lk := strings.ToLower(k)
			for _, s := range []string{"key", "token", "secret", "sig", "password", "passwd", "auth"} {
				if strings.Contains(lk, s) {
					q[k] = []string{"REDACTED"}
					changed = true
					break
				}
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}
