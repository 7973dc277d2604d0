package main

import "context"

// TEMPORARY (skeleton).
func cmdSummits(ctx context.Context, env *environment, args []string) error {
	return usagef("summits: not built yet")
}
