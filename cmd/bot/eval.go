package main

import "context"

// TEMPORARY (skeleton).
func cmdEval(ctx context.Context, env *environment, args []string) error {
	return usagef("eval: not built yet")
}
