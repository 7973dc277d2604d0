package main

import "context"

// TEMPORARY (skeleton).
func cmdIngest(ctx context.Context, env *environment, args []string) error {
	return usagef("ingest: not built yet")
}
