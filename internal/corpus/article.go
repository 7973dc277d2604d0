package corpus

import (
	"strings"
)

// hints is the metadata a file or page declares about itself (front matter,
// HTML meta tags), before the text is read.
type hints struct {
	title       string
	outlet      string
	url         string
	sourceURL   string
	date        Date
	tags        []string
	description string
}

// article is what cleaning makes of one file or page.
type article struct {
	title      string
	outlet     string
	url        string
	date       Date
	tags       []string
	paragraphs []string
}

// kept is a unit that survived the first pass, with what was learnt of it.
type kept struct {
	text    string
	key     string // normKey(text)
	heading int
	caption bool
	prose   bool
	head    bool // titleLike(text)
}

// evidence gathers the metadata signals found in the text, weakest last.
type evidence struct {
	bylineOutlet   string
	datelineOutlet string
	signoffOutlet  string
	emailOutlet    string
	sourceOutlet   string
	publishedDate  Date // "Published: …", "date 2025-07-04"
	updatedDate    Date // "Updated: …", "Outlet | date |"
	dateline       dateline
	captionDates   []Date
}

// buildArticle cleans units into an article: it reads metadata lines, drops
// site chrome, cuts the page at the end of the article, removes teasers,
// link lists, pasted stories and duplicate paragraphs, then settles title,
// outlet and date.
func buildArticle(h hints, units []unit) article {
	var ev evidence
	var ks []kept
	proseSeen := 0
	for _, u := range units {
		t := collapseRepeat(unglueSentences(cleanInline(u.text)))
		if o, rest, ok := koreanByline(t); ok && proseSeen < 3 {
			t = rest // a Korean wire byline: [서울=뉴시스]홍길동 기자 = …
			if ev.datelineOutlet == "" {
				ev.datelineOutlet = o
			}
		}
		if t == "" || !hasLetterOrDigit(t) {
			continue
		}
		if m := datePrefixRe.FindStringSubmatch(t); m != nil {
			if d, ok := parseDateValue(m[1]); ok && ev.publishedDate.IsZero() {
				ev.publishedDate = d
			}
			t = strings.TrimSpace(t[len(m[0]):])
			if t == "" {
				continue
			}
		}
		key, words := normKey(t), wordCount(t)
		if proseSeen > 0 && isEndMarkerF(t, key, words) {
			break
		}
		if o, ok := signoff(t); ok {
			if proseSeen >= 2 {
				if o != "" {
					ev.signoffOutlet = o
				}
				break
			}
			if proseSeen == 0 && knownOutletName(o) != "" && ev.bylineOutlet == "" {
				ev.bylineOutlet = o // an agency name above the text acts as a byline
			}
			continue
		}
		if d, published, ok := koreanStamp(t); ok { // 입력 2026.01.13. 오전 9:01
			if published && ev.publishedDate.IsZero() {
				ev.publishedDate = d
			} else if !published && ev.updatedDate.IsZero() {
				ev.updatedDate = d
			}
			continue
		}
		if o, d, published, ok := metaLine(t); ok {
			if o != "" && ev.bylineOutlet == "" {
				ev.bylineOutlet = o
			}
			if !d.IsZero() {
				if published && ev.publishedDate.IsZero() {
					ev.publishedDate = d
				} else if !published && ev.updatedDate.IsZero() {
					ev.updatedDate = d
				}
			}
			continue
		}
		if dom, ok := emailLine(t); ok {
			if ev.emailOutlet == "" {
				ev.emailOutlet = outletForHost(dom)
			}
			continue
		}
		if isEndMarkerF(t, key, words) || isChromeF(t, key, words) {
			if hasWordPrefix(key, "source") {
				if _, v, ok := strings.Cut(t, ":"); ok && ev.sourceOutlet == "" {
					ev.sourceOutlet = knownOutletName(v)
				}
			}
			continue
		}
		if u.heading > 0 && proseSeen > 0 && words <= 2 {
			continue // a one- or two-word section heading inside the text
		}
		k := kept{text: t, key: key, heading: u.heading, caption: isCaption(t), prose: isProseN(t, words), head: titleLikeN(t, words)}
		if k.caption {
			for _, f := range fullDates(t) {
				ev.captionDates = append(ev.captionDates, f.d)
			}
		} else if k.prose {
			if proseSeen < 3 && !ev.dateline.ok {
				if dl := parseDateline(t); dl.ok {
					ev.dateline = dl
					if dl.agency != "" {
						ev.datelineOutlet = dl.agency
					}
				}
			}
			proseSeen++
		}
		ks = append(ks, k)
	}

	var a article
	a.url = strings.TrimSpace(h.url)
	a.tags = h.tags
	a.title, a.outlet = settleTitle(h, ks)
	ks = dropTitleUnits(ks, a.title)
	ks = dropTeasers(ks)
	ks = dropLinkLists(ks, a.title)
	ks = cutPastedStories(ks, a.title, ev.dateline)
	paras := make([]string, 0, len(ks))
	keys := make([]string, 0, len(ks))
	for _, k := range ks {
		paras = append(paras, k.text)
		keys = append(keys, k.key)
	}
	paras = dedupeParagraphs(paras, keys)
	if d := h.description; d != "" && !covered(d, paras) {
		paras = append([]string{d}, paras...)
	}
	if len(paras) == 0 && a.title != "" {
		paras = []string{a.title}
	}
	a.paragraphs = paras
	if a.title == "" {
		a.title = fallbackTitle(ks, paras)
	}
	a.outlet = firstNonEmpty(h.outlet, a.outlet, ev.bylineOutlet, ev.datelineOutlet, ev.signoffOutlet, ev.sourceOutlet,
		outletForURL(a.url), outletForURL(h.sourceURL), ev.emailOutlet)
	a.date = settleDate(h, ev, ks)
	return a
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || r > 0x7f && !isSpaceOrPunct(r) {
			return true
		}
	}
	return false
}

func isSpaceOrPunct(r rune) bool {
	return strings.ContainsRune("\u00a0\u200b\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00b7\u25cf\u25b6\u25b2\u25bc\u2192\u00bb\u00ab\ufffd", r)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// settleTitle picks the title: declared metadata (without a " - Outlet"
// suffix, which names the outlet instead), a top heading, or a headline
// line above the first paragraph of text. It also returns the outlet named
// by such a suffix.
func settleTitle(h hints, ks []kept) (title, outlet string) {
	if h.title != "" {
		return splitTitleOutlet(h.title, h.url, h.sourceURL)
	}
	for i, k := range ks {
		if i >= 5 || k.prose && k.heading == 0 {
			break
		}
		if k.heading > 0 && !k.caption {
			return splitTitleOutlet(k.text, h.url, h.sourceURL)
		}
	}
	for i, k := range ks {
		if i >= 4 || k.prose {
			break
		}
		if !k.caption && k.head {
			return splitTitleOutlet(k.text, h.url, h.sourceURL)
		}
	}
	return "", ""
}

// splitTitleOutlet removes a trailing " - Outlet" / " | Outlet" from a title
// when the outlet is known or the item came through an aggregator.
func splitTitleOutlet(title, link, source string) (string, string) {
	for _, sep := range []string{" - ", " | ", " — ", " – "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(title[i+len(sep):])
		if tail == "" || wordCount(tail) > 5 || endsSentence(tail) {
			continue
		}
		if name := knownOutletName(tail); name != "" {
			return strings.TrimSpace(title[:i]), name
		}
		if isAggregatorURL(link) || isAggregatorURL(source) || strings.EqualFold(tail, outletForURL(link)) {
			return strings.TrimSpace(title[:i]), tail
		}
	}
	return title, ""
}

// dropTitleUnits removes units that repeat the title.
func dropTitleUnits(ks []kept, title string) []kept {
	if title == "" {
		return ks
	}
	tk := normKey(title)
	out := ks[:0]
	for _, k := range ks {
		if k.key == tk {
			continue
		}
		out = append(out, k)
	}
	return out
}

// dropTeasers removes truncated leads ("… that ...") whose full text appears
// elsewhere, and excerpts of other stories: a truncated paragraph that opens
// with its own dateline, together with the headline line above it.
func dropTeasers(ks []kept) []kept {
	drop := make([]bool, len(ks))
	for i, k := range ks {
		if !isEllipsisEnd(k.text) {
			continue
		}
		base := normKey(trimEllipsis(k.text))
		if len(base) < 15 {
			continue
		}
		full := false
		for j, o := range ks {
			if j != i && len(o.text) > len(k.text)-4 && strings.Contains(normKey(o.text), base) {
				full = true
				break
			}
		}
		if full {
			drop[i] = true
			continue
		}
		if i > 0 && (parseDateline(k.text).ok || ks[i-1].head) && hasProseBefore(ks, i-1) {
			drop[i] = true
			if ks[i-1].head {
				drop[i-1] = true
			}
		}
	}
	return filterKept(ks, drop)
}

func hasProseBefore(ks []kept, i int) bool {
	for j := 0; j < i && j < len(ks); j++ {
		if ks[j].prose && !ks[j].caption {
			return true
		}
	}
	return false
}

func filterKept(ks []kept, drop []bool) []kept {
	out := make([]kept, 0, len(ks))
	for i, k := range ks {
		if !drop[i] {
			out = append(out, k)
		}
	}
	return out
}

// dropLinkLists removes runs of three or more headline-shaped lines after the
// article has started (lists of links to other stories) when they have
// section names glued on, run long, or share little vocabulary with the
// article.
func dropLinkLists(ks []kept, title string) []kept {
	drop := make([]bool, len(ks))
	for i := 0; i < len(ks); {
		if !hasProseBefore(ks, i) || !ks[i].head || ks[i].prose {
			i++
			continue
		}
		j := i
		glued := 0
		for j < len(ks) && ks[j].head && !ks[j].prose {
			if gluedCategory(ks[j].text) {
				glued++
			}
			j++
		}
		if n := j - i; n >= 3 {
			vocab := vocabOf(title, ks[:i])
			var seg strings.Builder
			for _, k := range ks[i:j] {
				seg.WriteString(k.text)
				seg.WriteByte(' ')
			}
			atEnd := true
			for _, k := range ks[j:] {
				if k.prose {
					atEnd = false
				}
			}
			if glued*2 >= n || atEnd && overlap(contentWords(seg.String()), vocab) < 0.15 {
				for x := i; x < j; x++ {
					drop[x] = true
				}
			}
		}
		i = j
	}
	return filterKept(ks, drop)
}

func vocabOf(title string, ks []kept) map[string]struct{} {
	var b strings.Builder
	b.WriteString(title)
	for _, k := range ks {
		b.WriteByte(' ')
		b.WriteString(k.text)
	}
	return contentWords(b.String())
}

// cutPastedStories cuts the article where an unrelated story begins: a
// headline line or a fresh dateline after the body has started, when the
// rest shares little vocabulary with the title and the text before it.
func cutPastedStories(ks []kept, title string, lead dateline) []kept {
	prose := 0
	for i, k := range ks {
		if k.prose && !k.caption {
			prose++
		}
		if prose < 2 || i+1 >= len(ks) {
			continue
		}
		next := ks[i+1]
		boundary := false
		threshold := 0.1
		if k.head && !k.prose && next.prose && !startsLower(next.text) && !strings.HasPrefix(next.text, "-") {
			boundary = true
		}
		if next.prose && lead.ok {
			if dl := parseDateline(next.text); dl.ok && !strings.EqualFold(dl.place, lead.place) {
				boundary = true
				threshold = 0.3
			}
		}
		if !boundary {
			continue
		}
		start := i + 1
		if k.head && !k.prose {
			start = i
		}
		vocab := vocabOf(title, ks[:start])
		var seg strings.Builder
		for _, o := range ks[start:] {
			seg.WriteString(o.text)
			seg.WriteByte(' ')
		}
		if overlap(contentWords(seg.String()), vocab) < threshold {
			return ks[:start]
		}
	}
	return ks
}

// covered reports whether most of d's vocabulary already appears in paras.
func covered(d string, paras []string) bool {
	if len(paras) == 0 {
		return false
	}
	return overlap(contentWords(d), contentWords(strings.Join(paras, " "))) >= 0.8
}

// fallbackTitle derives a title from the first sentence of the text when the
// file declares none and has no headline line.
func fallbackTitle(ks []kept, paras []string) string {
	for _, k := range ks {
		if !k.caption && k.prose {
			t := k.text
			if dl := parseDateline(t); dl.ok && dl.n < len(t) {
				t = strings.TrimSpace(t[dl.n:])
			}
			return firstSentence(t, 100)
		}
	}
	if len(paras) > 0 {
		return firstSentence(paras[0], 100)
	}
	return ""
}

// settleDate picks the publication date from the strongest evidence; dates
// inside the story (events) and photo captions are not publication dates
// unless nothing contradicts them.
func settleDate(h hints, ev evidence, ks []kept) Date {
	switch {
	case !h.date.IsZero():
		return h.date
	case !ev.publishedDate.IsZero():
		return ev.publishedDate
	case !ev.updatedDate.IsZero():
		return ev.updatedDate
	}
	var body strings.Builder
	for _, k := range ks {
		if !k.caption {
			body.WriteString(k.text)
			body.WriteByte('\n')
		}
	}
	text := body.String()
	if dl := ev.dateline; dl.ok && dl.date.Month != 0 {
		if dl.date.Year != 0 {
			return dl.date
		}
		// The year comes from other complete dates in the text, when the
		// dateline is not earlier than any of them.
		var all []Date
		for _, f := range fullDates(text) {
			all = append(all, f.d)
		}
		all = append(all, ev.captionDates...)
		maxYear := 0
		for _, d := range all {
			maxYear = max(maxYear, d.Year)
		}
		if maxYear > 0 {
			if cand, ok := validDate(maxYear, dl.date.Month, dl.date.Day); ok {
				later := false
				for _, d := range all {
					if d.Time().After(cand.Time()) {
						later = true
					}
				}
				if !later {
					return cand
				}
			}
		}
		return Date{}
	}
	// A caption date stands only when the text names no other day: an
	// article that mentions other dates may well be later than its photo.
	if len(ev.captionDates) > 0 && len(fullDates(text)) == 0 && len(monthDays(text)) == 0 {
		return ev.captionDates[0]
	}
	return Date{}
}
