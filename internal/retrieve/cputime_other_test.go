//go:build !unix

package retrieve

import "time"

func cpuTime() time.Duration { return 0 }
