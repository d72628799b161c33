package app

import (
	"testing"

	"sealdesk/internal/deptest"
)

// The workflows run headless: no Fyne, no ui.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/ui")
}
