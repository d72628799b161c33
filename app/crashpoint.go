//go:build !crashpoints

package app

// crashPoint is a no-op in every build but the crash tests' (build tag
// crashpoints, see crashpoint_on.go).
func crashPoint(string) {}
