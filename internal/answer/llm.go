package answer

// TEMPORARY (skeleton): the model-backed path replaces this file.

import (
	"context"

	"shuttlebot/internal/retrieve"
)

// Model is a configured OpenAI-compatible model.
type Model struct{}

func (a *Answerer) generate(ctx context.Context, q string, passages []retrieve.Passage, req Request) Answer {
	ans := a.extract(q, passages)
	ans.FallbackReason = "model support not built yet"
	return ans
}
