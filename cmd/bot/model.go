package main

import (
	"log/slog"

	"shuttlebot/internal/answer"
	"shuttlebot/internal/config"
)

// newModel builds the model client from the configuration.
// TEMPORARY (skeleton): the model-backed path fills this in.
func newModel(cfg config.Config, log *slog.Logger) *answer.Model {
	return &answer.Model{}
}
