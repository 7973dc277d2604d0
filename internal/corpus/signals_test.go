package corpus

import (
	"testing"
	"time"
)

func TestIsChrome(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"City", true},
		{"Epaper", true},
		{"Open in App", true},
		{"Read Previous", true},
		{"Share this article", true},
		{"Follow us on Facebook and X for the latest updates", true},
		{"Subscribe to our daily newsletter", true},
		{"Advertisement", true},
		{"AloJapan.com", true},
		{"ExampleAggregator.com", true},
		{"https://example.com/a/b", true},
		{"Home | World | Asia | Opinion", true},
		{"Crawled at: 2025-12-30 02:21:51", true},
		{"3 min read", true},
		{"Source: 원문 보기", true},
		// Text that must survive.
		{"Lee and Takaichi will also participate in a friendship event on Wednesday.", false},
		{"Sources said the talks would continue next week.", false},
		{"Topics discussed included trade and security.", false},
		{"Tags: Korea, Japan, summit", true},
		{"For the latest quarter, exports rose 4 percent.", false},
		{"Cooperation between Seoul, Tokyo more important than ever", false},
		{"The city of Busan opened a terminal.", false},
		{"Home prices in Seoul rose 2 percent in March, the central bank said.", false},
	}
	for _, tt := range tests {
		if got := isChrome(tt.line); got != tt.want {
			t.Errorf("isChrome(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestIsEndMarker(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Disclaimer: This post has been auto-published from an agency feed without any modifications to the text and has not been reviewed by an editor", true},
		{"(This story has not been edited by our staff and is auto-generated from a syndicated feed.)", true},
		{"Related Stories", true},
		{"International Realted Stories", true},
		{"Related", true},
		{"Japan-related stocks fall", false},
		{"You may also like", true},
		{"Read Next", true},
		{"WP2Social Auto Publish Powered By : XYZScripts.com", true},
		{"© 2026 Example Media Ltd. All rights reserved.", true},
		{"Copyright 2025 The Example Times", true},
		{"(Reporting by Jane Doe; Editing by John Roe)", true},
		{"Lee described the relationship as related to shared security interests in the region.", false},
		{"The company said its cloud business was powered by demand from AI start-ups across Asia and Europe.", false},
		{"Officials said the talks would continue.", false},
	}
	for _, tt := range tests {
		if got := isEndMarker(tt.line); got != tt.want {
			t.Errorf("isEndMarker(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestSignoff(t *testing.T) {
	tests := []struct {
		line, outlet string
		ok           bool
	}{
		{"IANS", "IANS", true},
		{"— AFP", "AFP", true},
		{"(Reuters)", "Reuters", true},
		{"Yonhap", "Yonhap", true},
		{"ksk/pgh", "", true},
		{"KNA", "KNA", false},
		{"TRADE", "TRADE", false},
		{"The talks ended.", "", false},
		{"South Korea", "", false},
		{"Lee Jae Myung said the summit was a success for both countries.", "", false},
	}
	for _, tt := range tests {
		outlet, ok := signoff(tt.line)
		if ok != tt.ok || outlet != tt.outlet {
			t.Errorf("signoff(%q) = %q, %v; want %q, %v", tt.line, outlet, ok, tt.outlet, tt.ok)
		}
	}
}

func TestIsCaption(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"South Korean President Lee Jae Myung (right) shakes hands with Japanese Prime Minister Sanae Takaichi in Gyeongju, Oct. 30, 2025. (Kyodo News via Getty Images)", true},
		{"Students perform at a festival in Osaka, June 7, 2024. (AP Photo/Kim Min-ji)", true},
		{"The two leaders meet in Nara. [Yonhap]", true},
		{"Photo: The leaders at the banquet on Tuesday.", true},
		{"Lee met Takaichi (the prime minister) on Tuesday.", false},
		{"The ministry said exports rose (by 4.2 percent).", false},
	}
	for _, tt := range tests {
		if got := isCaption(tt.line); got != tt.want {
			t.Errorf("isCaption(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestCollapseRepeat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A caption here. (Yonhap) A caption here. (Yonhap)", "A caption here. (Yonhap)"},
		{"Leaders meet in Nara. Leaders meet in Nara.", "Leaders meet in Nara."},
		{"Leaders meet in Nara. Leaders met in Nara.", "Leaders meet in Nara. Leaders met in Nara."},
		{"short short", "short short"},
	}
	for _, tt := range tests {
		if got := collapseRepeat(tt.in); got != tt.want {
			t.Errorf("collapseRepeat(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGluedCategory(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"NationalCentre waives liabilities for vacated buildings", true},
		{"InternationalUN rights chief says he is horrified", true},
		{"Other SportsVijay Hazare Trophy: Four semifinalists confirmed", true},
		{"TechnologyApple launches creator studio subscription", true},
		{"McDonald's opens 100th store in Busan", false},
		{"YouTube star visits Tokyo", false},
		{"Lee visits Nara for summit", false},
	}
	for _, tt := range tests {
		if got := gluedCategory(tt.line); got != tt.want {
			t.Errorf("gluedCategory(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestParseDateline(t *testing.T) {
	tests := []struct {
		line   string
		ok     bool
		place  string
		date   Date
		agency string
	}{
		{"Nara, Jan 13 South Korean President Lee Jae Myung on Tuesday told", true, "Nara", Date{Month: time.January, Day: 13}, ""},
		{"SEOUL, Jan. 13 (Yonhap) -- President Lee said", true, "SEOUL", Date{Month: time.January, Day: 13}, "Yonhap"},
		{"NEW DELHI, March 3, 2025 (IANS) The government said", true, "NEW DELHI", Date{Year: 2025, Month: time.March, Day: 3}, "IANS"},
		{"TOKYO (Reuters) - Japan's cabinet approved", true, "TOKYO", Date{}, "Reuters"},
		{"Tokyo: South Korean President Lee Jae Myung urged", true, "Tokyo", Date{}, ""},
		{"New Delhi: Nearly 45 crore Indians", true, "New Delhi", Date{}, ""},
		{"Disclaimer: This post has been auto-published", false, "", Date{}, ""},
		{"The leaders met in Nara on Tuesday.", false, "", Date{}, ""},
	}
	for _, tt := range tests {
		dl := parseDateline(tt.line)
		if dl.ok != tt.ok || dl.place != tt.place || dl.date != tt.date || dl.agency != tt.agency {
			t.Errorf("parseDateline(%q) = %+v, want ok=%v place=%q date=%v agency=%q", tt.line, dl, tt.ok, tt.place, tt.date, tt.agency)
		}
	}
}

func TestMetaLine(t *testing.T) {
	tests := []struct {
		line      string
		ok        bool
		outlet    string
		date      Date
		published bool
	}{
		{"By IANS | Updated: January 13, 2026 16:20 IST", true, "IANS", Date{2026, time.January, 13}, false},
		{"By PTI | Published: March 3, 2025 10:00 IST", true, "PTI", Date{2025, time.March, 3}, true},
		{"Published on 13 Jan 2026", true, "", Date{2026, time.January, 13}, true},
		{"뉴시스 | 2025-12-30 00:00 |", true, "", Date{2025, time.December, 30}, false},
		{"By Jane Example", true, "", Date{}, false},
		{"By the end of the year, the two countries will have held four summits.", false, "", Date{}, false},
		{"The report, published on Jan. 5, 2026, said exports to Japan had risen sharply over the year.", false, "", Date{}, false},
	}
	for _, tt := range tests {
		outlet, d, published, ok := metaLine(tt.line)
		if ok != tt.ok || outlet != tt.outlet || d != tt.date || published != tt.published {
			t.Errorf("metaLine(%q) = %q, %v, %v, %v; want %q, %v, %v, %v", tt.line, outlet, d, published, ok, tt.outlet, tt.date, tt.published, tt.ok)
		}
	}
}

func TestTitleLike(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"South Korean Prez Lee calls for closer cooperation with Japan amid changes in global trade", true},
		{"Cymbal of unity? South Korea and Japan leaders bash out K-pop hits", true},
		{"Lee is to hold a meeting with Takaichi upon his arrival Tuesday afternoon, followed by a banquet.", false},
		{"Nara, Jan 13 South Korean President Lee Jae Myung on Tuesday told Japanese Prime Minister Sanae Takaichi that ...", false},
		{"the lower-case start of a broken line", false},
		{"Single", false},
	}
	for _, tt := range tests {
		if got := titleLike(tt.line); got != tt.want {
			t.Errorf("titleLike(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestEmailLineAndOutletTable(t *testing.T) {
	tests := []struct {
		line, outlet string
		ok           bool
	}{
		{"dagyumji@heraldcorp.com", "The Korea Herald", true},
		{"Reporter Kim (kim@yna.co.kr)", "Yonhap", true},
		{"someone@unknown-site.example", "", true},
		{"Readers can write to the ministry at help@example.gov, officials said in a long statement on Monday.", "", false},
	}
	for _, tt := range tests {
		dom, ok := emailLine(tt.line)
		if ok != tt.ok || (ok && outletForHost(dom) != tt.outlet) {
			t.Errorf("emailLine(%q) = %q (%q), %v; want outlet %q, %v", tt.line, dom, outletForHost(dom), ok, tt.outlet, tt.ok)
		}
	}
}

func TestSplitTitleOutlet(t *testing.T) {
	tests := []struct{ title, link, wantTitle, wantOutlet string }{
		{"South Korea's Lee to head for Japan summit - Reuters", "https://news.google.com/rss/articles/X", "South Korea's Lee to head for Japan summit", "Reuters"},
		{"Osaka expo draws crowds - Example Wire", "https://news.google.com/rss/articles/Y", "Osaka expo draws crowds", "Example Wire"},
		{"Leaders meet | The Guardian", "", "Leaders meet", "The Guardian"},
		{"Seoul - Tokyo ties improve - analysts", "https://blog.example.com/x", "Seoul - Tokyo ties improve - analysts", ""},
	}
	for _, tt := range tests {
		title, outlet := splitTitleOutlet(tt.title, tt.link, "")
		if title != tt.wantTitle || outlet != tt.wantOutlet {
			t.Errorf("splitTitleOutlet(%q) = %q, %q; want %q, %q", tt.title, title, outlet, tt.wantTitle, tt.wantOutlet)
		}
	}
}
