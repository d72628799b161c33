package main

import (
	"testing"

	"sealdesk/internal/deptest"
)

// sealctl runs on a machine without a display: no Fyne anywhere in its build.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI)
}
