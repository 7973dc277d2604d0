package summits

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// officeRe finds a leader named with an office: "South Korean President Lee
// Jae Myung", "Japanese Prime Minister Sanae Takaichi", "US President
// Donald Trump", "President Xi Jinping".
var officeRe = regexp.MustCompile(`(?:\b((?:South|North)\s+Korean|South\s+African|New\s+Zealand|U\.S\.|\p{Lu}\p{Ll}+|US|UK)\s+)?\b((?:[Ff]ormer\s+|[Oo]utgoing\s+|[Ii]ncoming\s+)?(?:President|Prime\s+Minister|PM|Premier|Chancellor|King|Queen|Emperor|Crown\s+Prince|Supreme\s+Leader|General\s+Secretary|Prez|leader))\s+(\p{Lu}[\p{L}'’]*(?:-\p{L}+)*(?:\s+(?:\p{Lu}\.\s+)?\p{Lu}[\p{L}'’]*(?:-\p{L}+)*){0,3})`)

// nameStop are capitalised words that end a name.
var nameStop = map[string]bool{
	"the": true, "on": true, "in": true, "at": true, "and": true, "of": true, "to": true,
	"for": true, "is": true, "was": true, "said": true, "says": true, "has": true,
	"had": true, "will": true, "who": true, "after": true, "before": true, "during": true,
	"this": true, "that": true, "but": true, "as": true, "his": true, "her": true,
	"their": true, "its": true, "with": true, "from": true, "by": true, "told": true,
}

// person is a leader the coverage names in full.
type person struct {
	key     string
	forms   map[string]int // spellings of the name
	offices map[string]int // "South Korean President", "Prime Minister"
	// natOffices are the offices stated with a nationality.
	natOffices map[string]int
	country    string
	count      int
}

// display is the most frequent spelling (ties: the longest, then first in
// alphabetical order, for stable output).
func (p *person) display() string { return best(p.forms) }

// office is the fullest office the coverage gives: one stated with a
// nationality first, then the most frequent.
func (p *person) office() string {
	if len(p.natOffices) > 0 {
		return best(p.natOffices)
	}
	return best(p.offices)
}

func best(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if m[a] != m[b] {
			return m[a] > m[b]
		}
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// label is how a leader appears in a timeline: "Japanese Prime Minister
// Sanae Takaichi", or the bare name when no office was stated.
func (p *person) label() string {
	if o := p.office(); o != "" {
		return o + " " + p.display()
	}
	return p.display()
}

// nameKey folds spellings of one name together: "Lee Jae-myung" and
// "Lee Jae Myung" give "lee jae myung".
func nameKey(name string) string {
	name = strings.NewReplacer("-", " ", "’", "", "'", "").Replace(name)
	return strings.ToLower(normSpace(name))
}

// registry holds every leader named with an office anywhere in the corpus.
type registry struct {
	people  map[string]*person
	short   map[string][]string // "lee" → keys whose first or last name it is
	fullSeq [][]string          // name keys split in words, longest first
	gaz     *gazetteer
}

func newRegistry(gaz *gazetteer) *registry {
	return &registry{people: map[string]*person{}, short: map[string][]string{}, gaz: gaz}
}

// officeMention is one "Office Name" match.
type officeMention struct {
	start, end int
	key        string // "" when only a one-word name was given
	short      string // the one-word name
	office     string
	country    string
}

// officeMentions finds leaders named with their office in s.
func (r *registry) officeMentions(s string) []officeMention {
	if !hasOfficeWord(s) {
		return nil
	}
	var out []officeMention
	for _, m := range officeRe.FindAllStringSubmatchIndex(s, -1) {
		nat := ""
		if m[2] >= 0 {
			nat = s[m[2]:m[3]]
		}
		office := normSpace(s[m[4]:m[5]])
		if pre := strings.ToLower(lastWord(s[:m[4]])); pre == "vice" || pre == "deputy" || pre == "chief" {
			continue
		}
		country := ""
		if nat != "" {
			if c, ok := r.gaz.demonyms[strings.ToLower(normSpace(nat))]; ok {
				country = c
			} else if c, ok := r.gaz.countries[strings.ToLower(nat)]; ok {
				country = c
			} else {
				nat = "" // a capitalised word that is no nationality
			}
		}
		if office == "leader" && nat == "" {
			continue
		}
		words := strings.Fields(s[m[6]:m[7]])
		var name []string
		for _, w := range words {
			if officeWord[strings.ToLower(w)] || len(w) == 1 {
				break // "… President", a stray initial
			}
			if nameStop[strings.ToLower(w)] || weekdays[strings.ToLower(w)] != 0 || strings.EqualFold(w, "sunday") || isMonthWord(strings.ToLower(strings.TrimSuffix(w, "."))) {
				break
			}
			if r.gaz.countries[strings.ToLower(w)] != "" || r.gaz.demonyms[strings.ToLower(w)] != "" {
				break
			}
			poss := strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s")
			w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
			w = strings.TrimRight(w, "’'")
			name = append(name, w)
			if poss {
				break
			}
		}
		if len(name) == 0 {
			continue
		}
		end := m[6] + len(strings.Join(words[:len(name)], " "))
		full := office
		if nat != "" {
			full = normSpace(nat) + " " + office
		}
		if office == "Prez" || office == "PM" {
			full = strings.TrimSuffix(strings.TrimSuffix(full, "Prez"), "PM")
			if office == "Prez" {
				full += "President"
			} else {
				full += "Prime Minister"
			}
		}
		om := officeMention{start: m[0], end: end, office: full, country: country}
		if nat == "" {
			om.start = m[4]
		}
		if len(name) == 1 {
			om.short = name[0]
		} else {
			om.key = nameKey(strings.Join(name, " "))
			om.short = strings.Join(name, " ")
		}
		out = append(out, om)
	}
	return out
}

func hasOfficeWord(s string) bool {
	for _, w := range []string{"President", "Minister", "PM", "Premier", "Chancellor", "King", "Queen", "Emperor", "Prince", "Leader", "leader", "Secretary", "Prez"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// learn records the leaders named with an office in s.
func (r *registry) learn(s string) {
	for _, om := range r.officeMentions(s) {
		if om.key == "" {
			continue
		}
		p := r.people[om.key]
		if p == nil {
			p = &person{key: om.key, forms: map[string]int{}, offices: map[string]int{}, natOffices: map[string]int{}}
			r.people[om.key] = p
		}
		p.forms[om.short]++
		p.offices[om.office]++
		if om.country != "" {
			p.natOffices[om.office]++
		}
		p.count++
		if p.country == "" {
			p.country = om.country
		}
	}
}

// finish builds the lookup tables once every article has been learnt.
func (r *registry) finish() {
	for key := range r.people {
		ws := strings.Fields(key)
		r.fullSeq = append(r.fullSeq, ws)
		for _, w := range []string{ws[0], ws[len(ws)-1]} {
			r.short[w] = appendUnique(r.short[w], key)
		}
	}
	sort.Slice(r.fullSeq, func(i, j int) bool {
		if len(r.fullSeq[i]) != len(r.fullSeq[j]) {
			return len(r.fullSeq[i]) > len(r.fullSeq[j])
		}
		return strings.Join(r.fullSeq[i], " ") < strings.Join(r.fullSeq[j], " ")
	})
	for k := range r.short {
		sort.Strings(r.short[k])
	}
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// word is a token of a clause.
type word struct {
	lower      string
	cap        bool
	start, end int
}

// words splits s into runs of letters.
func words(s string) []word {
	var out []word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := s[start:end]
			r, _ := utf8.DecodeRuneInString(w)
			out = append(out, word{lower: strings.ToLower(w), cap: unicode.IsUpper(r), start: start, end: end})
			start = -1
		}
	}
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// find returns the leaders s names, in order of first mention, resolving
// one-word names first against the leaders named in full in the same
// article (docKeys), then against the whole coverage when unambiguous.
func (r *registry) find(s string, docKeys map[string]int) []string {
	var keys []string
	add := func(k string) {
		keys = appendUnique(keys, k)
	}
	type span struct{ a, b int }
	var covered []span
	inSpan := func(pos int) bool {
		for _, c := range covered {
			if pos >= c.a && pos < c.b {
				return true
			}
		}
		return false
	}
	// Leaders named with office first (so "President Lee" counts).
	type hit struct {
		pos int
		key string
	}
	var hits []hit
	for _, om := range r.officeMentions(s) {
		k := om.key
		if k == "" {
			k = r.resolveShort(strings.ToLower(om.short), docKeys)
		}
		if k != "" && r.people[k] != nil {
			hits = append(hits, hit{om.start, k})
		}
		covered = append(covered, span{om.start, om.end})
	}
	ws := words(s)
	for i := 0; i < len(ws); i++ {
		if !ws[i].cap || inSpan(ws[i].start) {
			continue
		}
		matched := false
		for _, seq := range r.fullSeq {
			if len(seq) < 2 || i+len(seq) > len(ws) {
				continue
			}
			ok := true
			for j, t := range seq {
				if ws[i+j].lower != t {
					ok = false
					break
				}
			}
			if ok {
				hits = append(hits, hit{ws[i].start, strings.Join(seq, " ")})
				i += len(seq) - 1
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if !r.standsAlone(s, ws, i) || r.gaz.isPlaceWord(ws[i].lower) {
			continue // "Washington" is a city before it is a president
		}
		if k := r.resolveShort(ws[i].lower, docKeys); k != "" {
			hits = append(hits, hit{ws[i].start, k})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].pos < hits[j].pos })
	for _, h := range hits {
		add(h.key)
	}
	return keys
}

// adjectival are nouns that turn a leader's name into a modifier: "the
// Trump administration" names no person at a meeting.
var adjectival = map[string]bool{
	"administration": true, "government": true, "cabinet": true, "era": true,
	"camp": true, "team": true, "aides": true, "officials": true, "allies": true,
	"doctrine": true, "policy": true, "policies": true, "tariffs": true,
	"tariff": true, "presidency": true, "campaign": true, "family": true,
}

// standsAlone reports whether the capitalised word ws[i] is a name on its
// own rather than part of another proper noun ("Ford Motor", "Bill Ford")
// or a modifier ("the Trump administration").
func (r *registry) standsAlone(s string, ws []word, i int) bool {
	if i+1 < len(ws) {
		next := ws[i+1]
		gap := s[ws[i].end:next.start]
		if strings.TrimSpace(gap) == "" || gap == "-" {
			if next.cap || adjectival[next.lower] {
				return false
			}
		}
	}
	if i > 0 {
		prev := ws[i-1]
		gap := s[prev.end:ws[i].start]
		if strings.TrimSpace(gap) == "" && prev.cap && !nameStop[prev.lower] && !officeWord[prev.lower] && r.gaz.countries[prev.lower] == "" && r.gaz.demonyms[prev.lower] == "" && prev.start > 0 {
			return false
		}
	}
	return true
}

var officeWord = map[string]bool{"president": true, "minister": true, "premier": true, "chancellor": true, "prez": true, "pm": true, "leader": true}

// resolveShort maps a one-word name to a leader's key, or "".
func (r *registry) resolveShort(w string, docKeys map[string]int) string {
	cands := r.short[w]
	if len(cands) == 0 {
		return ""
	}
	var inDoc []string
	for _, k := range cands {
		if docKeys[k] > 0 {
			inDoc = append(inDoc, k)
		}
	}
	if len(inDoc) == 1 {
		return inDoc[0]
	}
	if len(inDoc) == 0 && len(cands) == 1 {
		return cands[0]
	}
	return ""
}
