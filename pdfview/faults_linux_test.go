package pdfview

import (
	"os"
	"syscall"
)

// minorFaults is how many pages this process has had mapped in so far
// (getrusage's minor faults); -1 where that cannot be read.
func minorFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Minflt
}

// exitedFaults is minorFaults of a process that has exited.
func exitedFaults(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Minflt
	}
	return -1
}
