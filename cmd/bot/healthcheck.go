package main

import "context"

// TEMPORARY (skeleton).
func cmdHealthcheck(ctx context.Context, env *environment, args []string) error {
	return usagef("healthcheck: not built yet")
}
