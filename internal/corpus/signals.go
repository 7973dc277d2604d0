package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the general signals cleaning relies on: each predicate
// looks at one unit of text and says what it is. None of them knows any
// particular article.

// chromeExact are whole lines of site furniture (menus, app prompts, share
// buttons), compared after normKey.
var chromeExact = setOf(`city|epaper|e paper|open in app|open app|read previous|read next|read more|previous article|next article|
	previous story|next story|previous post|next post|share|share this|share this article|share this story|share article|share via|tweet|email|e mail|print|
	subscribe|subscribe now|sign in|sign up|log in|login|register|advertisement|advertisements|advertising|sponsored|
	sponsored content|skip to content|skip to main content|menu|main menu|home|search|follow us|trending|trending now|latest|
	latest news|top stories|click here|download app|download the app|newsletter|comments|leave a comment|view comments|
	copy link|link copied|copied|listen|listen to this article|font size|back to top|continue reading|watch|video|videos|
	photos|photo|loading|also read|most read|most popular|more|close|toggle navigation|accept cookies|accept|reject|
	whatsapp|facebook|twitter|linkedin|telegram|reddit|instagram|youtube|x|google news|follow|save|bookmark|
	notifications|news|world|national|international|business|sports|technology|entertainment|lifestyle|opinion|
	politics|india|asia|live|live tv|breaking news|breaking|edition|select language|language|english|home page|homepage|
	go to homepage|top|story continues below advertisement|story continues below|scroll to continue|
	advertisement scroll to continue|ad|ads|quick links|related|related stories|related news|related articles`)

// chromePrefixes start short lines of site furniture ("Follow us on …",
// "Share on WhatsApp").
var chromePrefixes = strings.Split(`follow us|share on|share this|share via|subscribe to|sign up for|sign up to|click here|`+
	`download the|download our|also read|read also|read more|see also|join our|written by|reported by|edited by|`+
	`listen to this|reading time|we use cookies|this site uses cookies|this website uses cookies|print this|email this|`+
	`story continues|advertisement`, "|")

// chromeLabels start furniture lines only when a colon follows ("Tags: …",
// "Source: …"); without one they may begin a sentence.
var chromeLabels = strings.Split(`tags|topics|filed under|categories|category|source|sources|posted in|image source|`+
	`photo credit|image credit|crawled at|fetched at|retrieved at|retrieved on|keywords`, "|")

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, f := range strings.Split(s, "|") {
		if f = strings.TrimSpace(f); f != "" {
			m[f] = true
		}
	}
	return m
}

func hasWordPrefix(k, p string) bool { return k == p || strings.HasPrefix(k, p+" ") }

// isChrome reports whether t is a line of site furniture rather than text.
func isChrome(t string) bool { return isChromeF(t, normKey(t), wordCount(t)) }

// isChromeF is isChrome with t's normKey and word count already known.
func isChromeF(t, k string, n int) bool {
	if k == "" {
		return true
	}
	if chromeExact[k] {
		return true
	}
	if n <= 15 {
		for _, p := range chromePrefixes {
			if hasWordPrefix(k, p) {
				return true
			}
		}
		if c := strings.IndexByte(t, ':'); c > 0 && c < 20 {
			label := normKey(t[:c])
			for _, p := range chromeLabels {
				if label == p {
					return true
				}
			}
		}
		if strings.Contains(k, "min read") || strings.Contains(k, "minute read") {
			return true
		}
	}
	if n <= 3 && isLoneDomain(t) {
		return true
	}
	// Glued navigation ("HomeWorldAsia") or pipes of menu words.
	if n <= 12 && strings.Count(t, "|") >= 2 && !strings.ContainsAny(t, ".!?") && len(fullDates(t)) == 0 {
		return true
	}
	return false
}

var (
	domainRe = regexp.MustCompile(`^(?i)(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|news|co|in|jp|kr|uk|us|au|cn|tv|io|biz|me|asia|de|fr|eu)(?:\.[a-z]{2})?(?:/\S*)?$`)
	emailRe  = regexp.MustCompile(`[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)`)
	urlRe    = regexp.MustCompile(`^(?i)https?://\S+$`)
)

// isLoneDomain reports a line that is only a site name or address
// ("Example.com", "https://…").
func isLoneDomain(t string) bool {
	t = strings.Trim(t, " .,;:()[]<>*_")
	return domainRe.MatchString(t) || urlRe.MatchString(t)
}

// emailLine reports a short line that carries a reporter's e-mail address
// ("jdoe@example.com", "Reporter Jane Doe (jdoe@example.com)") and returns
// the address's domain.
func emailLine(t string) (domain string, ok bool) {
	if strings.IndexByte(t, '@') < 0 {
		return "", false
	}
	if wordCount(t) > 8 || endsSentence(t) && wordCount(t) > 4 {
		return "", false
	}
	m := emailRe.FindStringSubmatch(t)
	if m == nil {
		return "", false
	}
	return strings.ToLower(m[1]), true
}

// autoPublishPhrases mark disclaimers of pages filled from agency feeds.
var autoPublishPhrases = []string{"auto published", "autopublished", "auto generated", "autogenerated", "syndicated feed",
	"agency feed", "not been edited by", "has not been reviewed", "unedited feed"}

func autoPublished(k string) bool {
	for _, p := range autoPublishPhrases {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

// endMarkerWords are short lines after which a page holds no more of the
// article (lists of other stories, footers).
var endMarkerExact = setOf(`more stories|more from|more news|more on this|more on this story|you may also like|
	you might also like|you may like|recommended|recommended for you|recommended stories|recommended articles|read next|
	read previous|next story|previous story|trending|trending now|trending news|trending stories|top stories|latest news|
	latest stories|most read|most popular|popular|popular stories|in other news|explore more|what to read next|
	other stories|more in|more headlines|headlines|also in the news|don t miss|dont miss|must read|editor s picks|
	editors picks|top news|comments|leave a comment|tags|topics`)

var relatedRe = regexp.MustCompile(`^(?:\S+ ){0,2}(?:related|realted|relted|releated)(?: (?:stories|story|articles|article|news|posts|coverage|content|links|reads|topics|videos|items))?$`)

// isEndMarker reports whether t marks the end of the article text: an
// auto-publish disclaimer, a "Related Stories"/"Read Next" header, a plugin
// footer or a copyright line.
func isEndMarker(t string) bool { return isEndMarkerF(t, normKey(t), wordCount(t)) }

// isEndMarkerF is isEndMarker with t's normKey and word count already known.
func isEndMarkerF(t, k string, n int) bool {
	if hasWordPrefix(k, "disclaimer") || (n <= 60 && autoPublished(k)) {
		return true
	}
	if n <= 6 && (endMarkerExact[k] || relatedRe.MatchString(k)) {
		return true
	}
	if n <= 12 && strings.Contains(k, "powered by") {
		return true
	}
	if n <= 25 && (strings.HasPrefix(strings.TrimSpace(t), "©") || hasWordPrefix(k, "copyright") || strings.Contains(k, "all rights reserved")) {
		return true
	}
	if strings.HasPrefix(t, "(Reporting by") || hasWordPrefix(k, "reporting by") && n <= 30 {
		return true
	}
	return false
}

var initialsRe = regexp.MustCompile(`^[a-z]{2,4}(?:/[a-z]{2,4})+$`)

// signoff reports an agency sign-off line ("IANS", "— AFP", "(Reuters)",
// "ksk/pgh") and the outlet it names, if any.
func signoff(t string) (outlet string, ok bool) {
	if len(t) > 60 {
		return "", false
	}
	s := strings.Trim(t, " -—–()[]/*._:")
	if s == "" || wordCount(s) > 4 {
		return "", false
	}
	if name := knownOutletName(s); name != "" || strings.EqualFold(s, "agencies") {
		return name, true
	}
	if len(s) >= 2 && len(s) <= 6 && isUpperASCII(s) {
		return s, false // an unknown acronym may be a sub-heading ("TRADE")
	}
	if initialsRe.MatchString(s) {
		return "", true
	}
	return "", false
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

var captionCreditRe = regexp.MustCompile(`(?i)[(\[]([^()\[\]]{2,80})[)\]]\s*$`)
var creditWordRe = regexp.MustCompile(`(?i)\b(photo|photos|getty|images?|via|afp|ap|reuters|yonhap|epa|xinhua|kyodo|file|courtesy|pool|newsis|news1|jiji|bloomberg|handout|screenshot|captured|provided|shutterstock|pti|ians|ani)\b|/`)

// isCaption reports a photo caption: text ending with a photo credit
// ("(Kyodo News via Getty Images)", "[Yonhap]") or starting with "Photo:".
func isCaption(t string) bool {
	for _, p := range []string{"photo", "image", "file photo", "pictured", "caption"} {
		if len(t) > len(p) && strings.EqualFold(t[:len(p)], p) && strings.Contains(t[:min(len(t), len(p)+3)], ":") {
			return true
		}
	}
	if !strings.HasSuffix(t, ")") && !strings.HasSuffix(t, "]") || wordCount(t) > 80 {
		return false
	}
	m := captionCreditRe.FindStringSubmatch(t)
	return m != nil && creditWordRe.MatchString(m[1])
}

// collapseRepeat turns "X X" (a caption or line printed twice back to back)
// into "X".
func collapseRepeat(t string) string {
	if len(t) < 21 || len(t)%2 == 0 {
		return t
	}
	h := len(t) / 2
	if t[h] == ' ' && t[:h] == t[h+1:] {
		return t[:h]
	}
	return t
}

// gluedCategory reports a link title with a section name glued to it
// ("InternationalUN rights chief…", "TechnologyApple launches…").
func gluedCategory(t string) bool {
	f := strings.Fields(t)
	for i := 0; i < len(f) && i < 3; i++ {
		w := f[i]
		lowerSeen := false
		for j, r := range w {
			if j == 0 {
				if !unicode.IsUpper(r) {
					break
				}
				continue
			}
			if unicode.IsLower(r) {
				lowerSeen = true
			} else if unicode.IsUpper(r) && lowerSeen && j >= 4 {
				return true
			} else if !unicode.IsLetter(r) {
				break
			}
		}
	}
	return false
}

var (
	// "Nara, Jan 13 …", "SEOUL, Jan. 13 (Yonhap) -- …", "NEW DELHI, Jan 13, 2026 (IANS) …"
	datelineDateRe = regexp.MustCompile(`^([A-Z][\p{L}.'’\-]*(?: [A-Z\p{Lu}][\p{L}.'’\-]*){0,3}),\s+` + monthRe + `\.?\s+(\d{1,2})\b(?:,?\s+(\d{4}))?\s*(?:\(([^)]{2,40})\))?\s*(?:--|—|–|-|:)?\s*`)
	// "TOKYO (Reuters) - …", "WASHINGTON (AP) — …"
	datelineAgencyRe = regexp.MustCompile(`^([A-Z][A-Z.'’\- ]{1,30}?)\s*\(([^)]{2,40})\)\s*(?:--|—|–|-|:)\s*`)
	// "Tokyo: …", "New Delhi: …", "[Seoul=Newsis] …"
	datelineColonRe = regexp.MustCompile(`^([A-Z][\p{L}.'’\-]+(?: [A-Z][\p{L}.'’\-]+){0,2}):\s+\S`)
)

// notPlaces are words that end with a colon at the start of a line without
// being a dateline.
var notPlaces = setOf(`disclaimer|note|source|sources|photo|image|update|updated|editor|editors|q|a|also|read|watch|
	listen|caption|by|tags|topics|reporting|editing|warning|advertisement|related|comments|published|posted|summary|
	highlights|key|breaking|exclusive|analysis|opinion|video|live|correction|clarification`)

// dateline describes the place/date/agency opening of a news paragraph.
type dateline struct {
	place  string
	date   Date // month and day; Year only when written
	agency string
	n      int // length of the dateline prefix in bytes
	ok     bool
}

func parseDateline(t string) dateline {
	if m := datelineDateRe.FindStringSubmatch(t); m != nil {
		dl := dateline{place: m[1], n: len(m[0]), ok: true}
		day := atoiSmall(m[3])
		dl.date = Date{Month: monthNum(m[2]), Day: day}
		if m[4] != "" {
			if d, ok := validDate(atoiSmall(m[4]), monthNum(m[2]), day); ok {
				dl.date = d
			}
		}
		if m[5] != "" {
			dl.agency = knownOutletName(m[5])
		}
		return dl
	}
	if m := datelineAgencyRe.FindStringSubmatch(t); m != nil {
		return dateline{place: strings.TrimSpace(m[1]), agency: knownOutletName(m[2]), n: len(m[0]), ok: true}
	}
	if m := datelineColonRe.FindStringSubmatch(t); m != nil && !notPlaces[strings.ToLower(m[1])] {
		return dateline{place: m[1], n: len(m[1]) + 1, ok: true}
	}
	return dateline{}
}

func atoiSmall(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

var (
	// "date 2025-07-04 …" or "Date: 2025-07-04 …" at the start of a unit.
	datePrefixRe = regexp.MustCompile(`^(?i)date:?\s+(\d{4}-\d{1,2}-\d{1,2})\b[\s|,;:-]*`)
	// "Updated: January 13, 2026 16:20 IST", "Published on 13 Jan 2026"
	stampRe  = regexp.MustCompile(`(?i)\b(first published|published|posted|updated|last updated|last modified)\b\s*(?:on|at)?\s*:?\s*`)
	bylineRe = regexp.MustCompile(`^(?i:by)\s+([^|,;]+?)\s*(?:$|[|,;]|\s[-–—]\s|\s(?i:updated|published|posted)\b)`)
)

// metaLine reads a short byline/timestamp line ("By IANS | Updated: January
// 13, 2026 16:20 IST", "Published: 2026-01-13", "Newsis | 2025-12-30 00:00 |").
// It returns what it found; ok is false for ordinary text.
func metaLine(t string) (outlet string, d Date, published bool, ok bool) {
	if len(t) > 300 {
		return "", Date{}, false, false
	}
	n := wordCount(t)
	if n > 20 {
		return "", Date{}, false, false
	}
	if m := bylineRe.FindStringSubmatch(t); m != nil && n <= 16 {
		outlet = knownOutletName(strings.TrimSpace(m[1]))
		ok = true
	}
	if loc := stampRe.FindStringSubmatchIndex(t); loc != nil && (ok || loc[0] <= 2 || n <= 10) {
		if f := fullDates(t[loc[1]:]); len(f) > 0 && f[0].pos < 6 {
			d = f[0].d
			published = !strings.Contains(strings.ToLower(t[loc[2]:loc[3]]), "updat") && !strings.Contains(strings.ToLower(t[loc[2]:loc[3]]), "modif")
			return outlet, d, published, true
		}
	}
	if strings.Count(t, "|") >= 1 && n <= 12 && !endsSentence(t) {
		if f := fullDates(t); len(f) > 0 {
			return outlet, f[0].d, false, true
		}
	}
	if ok && !endsSentence(t) {
		return outlet, Date{}, false, true
	}
	return "", Date{}, false, false
}

// startsLower reports whether s starts with a lower-case letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// isProse reports a unit that reads as running text: a full sentence of some
// length.
func isProse(t string) bool { return isProseN(t, wordCount(t)) }

// isProseN is isProse with t's word count already known.
func isProseN(t string, n int) bool {
	if n >= 20 {
		return true
	}
	if n >= 8 && endsSentence(t) {
		return true
	}
	// Scripts without spaces between words (Chinese, Japanese).
	return utf8.RuneCountInString(t) >= 60 && endsSentence(t)
}
