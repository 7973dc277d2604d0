package main

import (
	"log/slog"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/config"
)

// newModel builds the model client from the configuration (OPENAI_* in the
// environment). The key is revealed here only, to be sent to the server.
func newModel(cfg config.Config, log *slog.Logger) *answer.Model {
	m := cfg.Model
	return answer.NewModel(answer.ModelConfig{
		BaseURL:     m.BaseURL,
		APIKey:      m.APIKey.Reveal(),
		Name:        m.Name,
		Timeout:     m.Timeout,
		MaxTokens:   m.MaxTokens,
		Temperature: m.Temperature,
		Stream:      m.Stream,
		Logger:      log.With("component", "model"),
	})
}
