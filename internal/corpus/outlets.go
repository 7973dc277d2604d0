package corpus

import (
	"net/url"
	"strings"
)

// knownDomains maps the web (and e-mail) domains of well-known news outlets
// to the names readers know them by. Looked up by registrable suffix, so
// "en.yna.co.kr" finds "yna.co.kr". It is a general table, not a list of
// corpus files.
var knownDomains = map[string]string{
	"reuters.com":                  "Reuters",
	"apnews.com":                   "AP News",
	"ap.org":                       "AP News",
	"afp.com":                      "AFP",
	"theguardian.com":              "The Guardian",
	"guardian.co.uk":               "The Guardian",
	"bbc.co.uk":                    "BBC News",
	"bbc.com":                      "BBC News",
	"cnn.com":                      "CNN",
	"nytimes.com":                  "The New York Times",
	"washingtonpost.com":           "The Washington Post",
	"wsj.com":                      "The Wall Street Journal",
	"bloomberg.com":                "Bloomberg",
	"ft.com":                       "Financial Times",
	"economist.com":                "The Economist",
	"aljazeera.com":                "Al Jazeera",
	"usatoday.com":                 "USA Today",
	"theweek.com":                  "The Week",
	"npr.org":                      "NPR",
	"cnbc.com":                     "CNBC",
	"foxnews.com":                  "Fox News",
	"nbcnews.com":                  "NBC News",
	"abcnews.go.com":               "ABC News",
	"cbsnews.com":                  "CBS News",
	"politico.com":                 "Politico",
	"axios.com":                    "Axios",
	"time.com":                     "Time",
	"scmp.com":                     "South China Morning Post",
	"straitstimes.com":             "The Straits Times",
	"abc.net.au":                   "ABC News (Australia)",
	"dw.com":                       "DW",
	"france24.com":                 "France 24",
	"koreaherald.com":              "The Korea Herald",
	"heraldcorp.com":               "The Korea Herald",
	"koreatimes.co.kr":             "The Korea Times",
	"yna.co.kr":                    "Yonhap",
	"yonhapnews.co.kr":             "Yonhap",
	"koreajoongangdaily.joins.com": "Korea JoongAng Daily",
	"joongang.co.kr":               "JoongAng Ilbo",
	"joins.com":                    "JoongAng Ilbo",
	"chosun.com":                   "The Chosun Ilbo",
	"donga.com":                    "The Dong-A Ilbo",
	"hani.co.kr":                   "The Hankyoreh",
	"kbs.co.kr":                    "KBS",
	"arirang.com":                  "Arirang",
	"newsis.com":                   "Newsis",
	"news1.kr":                     "News1",
	"nknews.org":                   "NK News",
	"japantimes.co.jp":             "The Japan Times",
	"asahi.com":                    "The Asahi Shimbun",
	"mainichi.jp":                  "The Mainichi",
	"yomiuri.co.jp":                "The Yomiuri Shimbun",
	"nikkei.com":                   "Nikkei Asia",
	"kyodonews.net":                "Kyodo News",
	"kyodonews.jp":                 "Kyodo News",
	"nhk.or.jp":                    "NHK",
	"jiji.com":                     "Jiji Press",
	"xinhuanet.com":                "Xinhua",
	"news.cn":                      "Xinhua",
	"globaltimes.cn":               "Global Times",
	"chinadaily.com.cn":            "China Daily",
	"ians.in":                      "IANS",
	"ianslive.in":                  "IANS",
	"ptinews.com":                  "PTI",
	"aninews.in":                   "ANI",
	"thehindu.com":                 "The Hindu",
	"hindustantimes.com":           "Hindustan Times",
	"indiatimes.com":               "The Times of India",
	"ndtv.com":                     "NDTV",
	"indianexpress.com":            "The Indian Express",
	"business-standard.com":        "Business Standard",
	"tass.com":                     "TASS",
}

// aggregatorHosts are sites that list other outlets' stories; their links are
// kept as URLs but they are not the outlet.
var aggregatorHosts = []string{"news.google.com", "news.yahoo.com", "msn.com", "flipboard.com", "newsbreak.com", "feedly.com", "inoreader.com"}

// agencies are wire services and outlets whose bare name can appear as a
// byline ("By IANS"), a dateline tag ("(Yonhap)") or a sign-off line.
var agencies = map[string]string{
	"ians": "IANS", "pti": "PTI", "ani": "ANI", "uni": "UNI", "afp": "AFP", "ap": "AP",
	"associated press": "AP", "reuters": "Reuters", "yonhap": "Yonhap", "yonhap news": "Yonhap",
	"yonhap news agency": "Yonhap", "kyodo": "Kyodo News", "kyodo news": "Kyodo News",
	"xinhua": "Xinhua", "jiji": "Jiji Press", "jiji press": "Jiji Press", "dpa": "dpa", "efe": "EFE",
	"ansa": "ANSA", "bernama": "Bernama", "tass": "TASS", "newsis": "Newsis", "news1": "News1",
	"kcna": "KCNA", "bloomberg": "Bloomberg", "agencies": "", "wire": "",
}

// outletForHost maps a host name ("www.reuters.com") to a known outlet name.
func outletForHost(host string) string {
	host = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(host)), "www.")
	for h := host; h != ""; {
		if name, ok := knownDomains[h]; ok {
			return name
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return ""
}

// outletForURL maps a URL to a known outlet name ("" for aggregators and
// unknown sites).
func outletForURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	return outletForHost(u.Hostname())
}

// isAggregatorURL reports whether raw points at a news aggregator.
func isAggregatorURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	for _, a := range aggregatorHosts {
		if h == a || strings.HasSuffix(h, "."+a) {
			return true
		}
	}
	return false
}

// knownOutletName returns the canonical name when s names a known outlet or
// agency ("reuters", "The Guardian"), else "".
func knownOutletName(s string) string {
	k := strings.ToLower(strings.TrimSpace(s))
	if name, ok := agencies[k]; ok {
		return name
	}
	for _, name := range knownDomains {
		if strings.EqualFold(name, s) {
			return name
		}
	}
	return ""
}
