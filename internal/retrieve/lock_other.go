//go:build !unix

package retrieve

import "os"

// tryLock is a no-op where flock is unavailable; bleve's own bolt lock
// (opened with a timeout) still keeps a second process out.
func tryLock(f *os.File) error { return nil }
