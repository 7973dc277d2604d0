package main

import "context"

// TEMPORARY (skeleton).
func cmdSources(ctx context.Context, env *environment, args []string) error {
	return usagef("sources: not built yet")
}
