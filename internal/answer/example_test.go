package answer_test

import (
	"context"
	"fmt"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/corpus"
	"shuttlebot/internal/retrieve"
)

// fixedSearcher returns the same passages for every question.
type fixedSearcher []retrieve.Passage

func (f fixedSearcher) Search(ctx context.Context, q string, k int) ([]retrieve.Passage, error) {
	return f, nil
}

// An extractive answer quotes whole sentences, each followed by the [n] of
// the article it comes from; Citations carry the retrieval metadata.
func Example() {
	s := fixedSearcher{
		{DocID: "2026/harbour.txt", Title: "Leaders to meet in Port Linden", Outlet: "Harbour Gazette",
			Date: corpus.Date{Year: 2026, Month: 3, Day: 13}, Score: 2,
			Text: "President Oren Kask will travel to Port Linden on March 18 at the invitation of Prime Minister Hela Brandt. The visit follows talks in Vell."},
		{DocID: "2026/ferries.txt", Title: "Ferries resume", Outlet: "Coastal Wire", Score: 1,
			Text: "Ferries to Vell resumed on Monday after a storm."},
	}
	a := answer.New(s, answer.Options{})
	ans, err := a.Ask(context.Background(), "When will Kask travel to Port Linden?")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ans.Text)
	for _, c := range ans.Citations {
		fmt.Printf("[%d] %s — %s, %s (%s)\n", c.N, c.Title, c.Source, c.Date, c.Doc)
	}

	ans, _ = a.Ask(context.Background(), "What is the price of gold in Tokyo?")
	fmt.Println(ans.Abstained, ans.Text)
	// Output:
	// President Oren Kask will travel to Port Linden on March 18 at the invitation of Prime Minister Hela Brandt. [1]
	// [1] Leaders to meet in Port Linden — Harbour Gazette, 2026-03-13 (2026/harbour.txt)
	// true The coverage I have doesn't say: “What is the price of gold in Tokyo?” The nearest sources are listed below.
}
