//go:build crashpoints

package app

import (
	"os"
	"syscall"
)

// crashPoint kills the process at the named point when SEALDESK_CRASH_AT names
// it: the crash tests build sealctl with -tags crashpoints and die exactly
// there, as a power cut or kill -9 would. Product builds have no such hook.
func crashPoint(name string) {
	if os.Getenv("SEALDESK_CRASH_AT") == name {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // never returns
	}
}
