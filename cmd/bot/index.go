package main

import "context"

// TEMPORARY (skeleton).
func cmdIndex(ctx context.Context, env *environment, args []string) error {
	return usagef("index: not built yet")
}
