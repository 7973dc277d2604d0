package main

import "context"

// TEMPORARY (skeleton).
func cmdRun(ctx context.Context, env *environment, args []string) error {
	return usagef("run: not built yet")
}

// TEMPORARY (skeleton).
func cmdServe(ctx context.Context, env *environment, args []string) error {
	return usagef("serve: not built yet")
}
