package answer

// TEMPORARY (skeleton): the real extractive composer replaces this file.

import (
	"fmt"

	"shuttlebot/internal/retrieve"
)

func (a *Answerer) extract(q string, passages []retrieve.Passage) Answer {
	if len(passages) == 0 {
		return Answer{Text: "The coverage I have doesn't say.", Mode: ModeExtractive, Abstained: true}
	}
	p := passages[0]
	text := p.Text
	if len(text) > 500 {
		text = text[:500]
	}
	return Answer{
		Text:      fmt.Sprintf("%s [1]", text),
		Mode:      ModeExtractive,
		Citations: []Citation{{N: 1, Doc: p.DocID, Title: p.Title, Source: p.Outlet, URL: p.URL, Date: p.Date.String(), Quote: text}},
	}
}
