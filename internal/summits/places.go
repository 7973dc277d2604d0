package summits

import (
	"regexp"
	"strings"
)

// gazetteer is general geographic knowledge: countries, the adjectives
// that name their leaders' nationality, and well-known cities. It lets
// "a state visit to China" merge with "talks in Beijing", and lets a city
// in one country conflict with another country.
type gazetteer struct {
	countries map[string]string // lower-case name or alias → canonical country
	demonyms  map[string]string // lower-case adjective → country
	cities    map[string]string // lower-case city → country
}

func newGazetteer() *gazetteer {
	g := &gazetteer{countries: map[string]string{}, demonyms: map[string]string{}, cities: map[string]string{}}
	for _, c := range []struct{ name, aliases, demonyms, cities string }{
		{"South Korea", "Korea|Republic of Korea|ROK", "South Korean|Korean", "Seoul|Busan|Gyeongju|Incheon|Daegu|Jeju|Pyeongchang"},
		{"North Korea", "DPRK", "North Korean", "Pyongyang"},
		{"Japan", "", "Japanese", "Tokyo|Osaka|Kyoto|Hiroshima|Nagoya|Sapporo|Fukuoka"},
		{"China", "PRC|People's Republic of China", "Chinese", "Beijing|Shanghai|Guangzhou|Shenzhen|Tianjin|Hangzhou"},
		{"United States", "US|U.S.|USA|America|United States of America", "American|US|U.S.", "Washington|New York|Los Angeles|San Francisco|Camp David|Chicago"},
		{"Canada", "", "Canadian", "Ottawa|Toronto|Montreal|Vancouver|Kananaskis|Calgary"},
		{"United Kingdom", "UK|U.K.|Britain|Great Britain", "British", "London"},
		{"France", "", "French", "Paris|Nice"},
		{"Germany", "", "German", "Berlin|Munich"},
		{"Italy", "", "Italian", "Rome|Milan"},
		{"Russia", "", "Russian", "Moscow|Vladivostok|St. Petersburg"},
		{"India", "", "Indian", "New Delhi|Delhi|Mumbai"},
		{"Australia", "", "Australian", "Canberra|Sydney|Melbourne"},
		{"South Africa", "", "South African", "Johannesburg|Pretoria|Cape Town"},
		{"Brazil", "", "Brazilian", "Brasilia|Rio de Janeiro"},
		{"Mexico", "", "Mexican", "Mexico City"},
		{"Indonesia", "", "Indonesian", "Jakarta|Bali"},
		{"Vietnam", "Viet Nam", "Vietnamese", "Hanoi|Ho Chi Minh City|Da Nang"},
		{"Philippines", "the Philippines", "Philippine|Filipino", "Manila"},
		{"Thailand", "", "Thai", "Bangkok"},
		{"Malaysia", "", "Malaysian", "Kuala Lumpur"},
		{"Singapore", "", "Singaporean", ""},
		{"Mongolia", "", "Mongolian", "Ulaanbaatar"},
		{"Taiwan", "", "Taiwanese", "Taipei"},
		{"Ukraine", "", "Ukrainian", "Kyiv|Kiev"},
		{"Poland", "", "Polish", "Warsaw"},
		{"Spain", "", "Spanish", "Madrid"},
		{"Turkey", "Turkiye|Türkiye", "Turkish", "Ankara|Istanbul"},
		{"Israel", "", "Israeli", "Jerusalem|Tel Aviv"},
		{"Iran", "", "Iranian", "Tehran"},
		{"Saudi Arabia", "", "Saudi", "Riyadh"},
		{"United Arab Emirates", "UAE", "Emirati", "Abu Dhabi|Dubai"},
		{"Egypt", "", "Egyptian", "Cairo"},
		{"Peru", "", "Peruvian", "Lima"},
		{"Argentina", "", "Argentine|Argentinian", "Buenos Aires"},
		{"New Zealand", "", "New Zealand", "Wellington|Auckland"},
		{"Switzerland", "", "Swiss", "Geneva|Bern|Davos"},
		{"Belgium", "", "Belgian", "Brussels"},
		{"Netherlands", "the Netherlands", "Dutch", "Amsterdam|The Hague"},
		{"Sweden", "", "Swedish", "Stockholm"},
		{"Norway", "", "Norwegian", "Oslo"},
		{"Finland", "", "Finnish", "Helsinki"},
		{"Denmark", "", "Danish", "Copenhagen"},
		{"Pakistan", "", "Pakistani", "Islamabad"},
		{"Kazakhstan", "", "Kazakh", "Astana"},
		{"Qatar", "", "Qatari", "Doha"},
	} {
		g.countries[strings.ToLower(c.name)] = c.name
		for _, a := range split(c.aliases) {
			g.countries[strings.ToLower(a)] = c.name
		}
		for _, d := range split(c.demonyms) {
			g.demonyms[strings.ToLower(d)] = c.name
		}
		for _, city := range split(c.cities) {
			g.cities[strings.ToLower(city)] = c.name
		}
	}
	return g
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// country returns the canonical country a place name is or lies in ("" when
// unknown), and whether the name is itself a country.
func (g *gazetteer) country(place string) (string, bool) {
	head := strings.ToLower(strings.TrimSpace(strings.SplitN(place, ",", 2)[0]))
	head = strings.TrimPrefix(head, "the ")
	if c, ok := g.countries[head]; ok {
		return c, true
	}
	if c, ok := g.cities[head]; ok {
		return c, false
	}
	// "Gyeongju, North Gyeongsang Province, South Korea": the last part.
	if parts := strings.Split(place, ","); len(parts) > 1 {
		last := strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
		if c, ok := g.countries[last]; ok {
			return c, false
		}
	}
	return "", false
}

// isPlaceWord reports whether a lower-case word names a country, a city
// or a nationality.
func (g *gazetteer) isPlaceWord(w string) bool {
	return g.countries[w] != "" || g.cities[w] != "" || g.demonyms[w] != ""
}

// placeRe finds "in Nara", "to the United States", "in Gyeongju, North
// Gyeongsang Province", "for Washington".
var placeRe = regexp.MustCompile(`\b(?:in|to|for|at|arrived in|arrives in|travel to|trip to|visit to|visits to)\s+((?:the\s+)?[A-Z][\p{L}'’.-]*(?:\s+(?:de\s+)?[A-Z][\p{L}'’.-]*){0,3})(,\s+[A-Z][\p{L}-]*(?:\s+[A-Z][\p{L}-]*){0,2}\s+(?:Province|Prefecture|State|County|Region|Oblast|Territory))?`)

// notPlace lists words that make a capitalised phrase an organisation,
// event or document rather than a place.
var notPlace = map[string]bool{
	"economic": true, "cooperation": true, "forum": true, "summit": true, "group": true,
	"party": true, "ministry": true, "office": true, "house": true, "committee": true,
	"council": true, "bureau": true, "agency": true, "news": true, "times": true,
	"post": true, "union": true, "nations": true, "assembly": true, "command": true,
	"forces": true, "force": true, "army": true, "bank": true, "trophy": true,
	"studio": true, "app": true, "rifles": true, "court": true, "congress": true,
	"parliament": true, "government": true, "administration": true, "university": true,
	"company": true, "corp": true, "inc": true, "association": true, "organization": true,
	"organisation": true, "treaty": true, "agreement": true, "statement": true,
	"declaration": true, "initiative": true, "war": true, "games": true, "olympics": true,
	"cup": true, "league": true, "festival": true, "conference": true, "meeting": true,
	"talks": true, "diet": true, "oval": true, "hall": true, "palace": true, "building": true, "center": true, "centre": true, "motor": true, "motors": true, "street": true, "airport": true, "hotel": true, "times,": true, "journal": true, "financial": true, "senate": true, "department": true, "institute": true,
	"korean": true, "japanese": true, "chinese": true, "american": true, "english": true,
	"president": true, "minister": true, "prime": true, "chancellor": true, "king": true,
	"queen": true, "emperor": true, "leaders": true, "leader": true, "disclaimer": true,
	"peninsula": true, "sea": true, "strait": true, "room": true, "wing": true,
	"family": true, "ambassador": true, "embassy": true, "reuters": true, "nato": true,
	"medicare": true, "portico": true, "lawn": true, "garden": true,
}

// findPlace returns the first place the clause names outside leaders'
// names, months and weekdays, and "" when there is none.
func findPlace(s string, isPerson func(string) bool) string {
	for _, m := range placeRe.FindAllStringSubmatchIndex(s, -1) {
		name := s[m[2]:m[3]]
		if !strings.Contains(strings.TrimSuffix(name, "."), ".") {
			name = strings.TrimRight(name, ".’'") // but keep "U.S."
		}
		name = strings.TrimSuffix(strings.TrimSuffix(name, "’s"), "'s")
		words := strings.Fields(name)
		if len(words) > 0 && strings.EqualFold(words[0], "the") {
			words = words[1:]
		}
		ok := len(words) > 0
		for i, w := range words {
			lw := strings.ToLower(strings.Trim(w, ".,’'"))
			if notPlace[lw] || len(words) == 1 && demonymOnly(lw) {
				ok = false // "the White House", "the Oval Office"
				break
			}
			if isMonthWord(lw) || weekdays[lw] != 0 || lw == "sunday" || isPerson(w) {
				if i == 0 {
					ok = false
				}
				words = words[:i]
				break
			}
		}
		if !ok || len(words) == 0 {
			continue
		}
		place := strings.Join(words, " ")
		if strings.ToUpper(place) == place && len(place) > 3 {
			place = titleCase(strings.ToLower(place)) // "WASHINGTON"
		}
		if m[4] >= 0 && len(words) == len(strings.Fields(strings.TrimPrefix(s[m[2]:m[3]], "the "))) {
			place += s[m[4]:m[5]]
		}
		return place
	}
	return ""
}

// demonymOnly reports whether w is a nationality and not also a place
// ("Turkish" in "the Turkish capital").
func demonymOnly(w string) bool {
	switch w {
	case "turkish", "korean", "japanese", "chinese", "american", "british", "french",
		"german", "russian", "indian", "canadian", "italian", "ukrainian", "iranian",
		"israeli", "european", "asian", "african", "saudi":
		return true
	}
	return false
}

func prefix3(s string) string {
	if len(s) < 3 {
		return s
	}
	return s[:3]
}

func isMonthWord(lw string) bool {
	switch lw {
	case "jan", "jan.", "january", "feb", "february", "mar", "march", "apr", "april", "may",
		"jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september",
		"oct", "october", "nov", "november", "dec", "december":
		return true
	}
	return false
}
