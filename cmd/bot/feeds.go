package main

import "context"

// startFeeds refreshes the configured FEEDS in the background until ctx ends,
// updating the corpus folder, the index and c's documents.
// TEMPORARY (skeleton): does nothing yet.
func startFeeds(ctx context.Context, c *core) {}
