package main

import (
	"os"
	"testing"

	"sealdesk/internal/hostsecret"
)

// TestMain keeps the workstation secrets of the tests' workspaces in a folder
// of their own, never in the user's ~/.config.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sealctl-secrets")
	if err != nil {
		panic(err)
	}
	os.Setenv(hostsecret.EnvDir, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
