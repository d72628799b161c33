package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/app"
	"sealdesk/internal/hostsecret"
)

// TestMain lets the start-up test run the real main() in a child process: the
// test binary re-executes itself with SEALDESK_RUN_MAIN set.
func TestMain(m *testing.M) {
	if os.Getenv("SEALDESK_BARE_WINDOW") == "1" {
		bareWindow()
		os.Exit(0)
	}
	if os.Getenv("SEALDESK_RUN_MAIN") == "1" {
		if err := run(strings.Fields(os.Getenv("SEALDESK_ARGS"))); err != nil {
			os.Stderr.WriteString("sealdesk: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	// The child inherits this: workstation secrets stay out of the user's ~/.config.
	secrets, err := os.MkdirTemp("", "sealdesk-main-secrets")
	if err != nil {
		panic(err)
	}
	os.Setenv(hostsecret.EnvDir, secrets)
	code := m.Run()
	os.RemoveAll(secrets)
	os.Exit(code)
}

// TestStartsUnderXvfb starts the real app (GLFW driver, OpenGL through Mesa) on
// a virtual display: it creates the demo workspace, shows the window, signs in
// as the custodian, opens the demo contract through PDFium and quits cleanly.
func TestStartsUnderXvfb(t *testing.T) {
	if _, err := exec.LookPath("xvfb-run"); err != nil {
		t.Fatalf("xvfb-run is not installed (packaging/install-deps.sh installs it): %v", err)
	}
	home := filepath.Join(t.TempDir(), "demo")
	cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 1280x800x24", os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SEALDESK_RUN_MAIN=1", "SEALDESK_ARGS=--home "+home+" --smoke 2s --smoke-open "+filepath.Join(home, "documents", app.DemoDocument), "LANG=zh_CN.UTF-8",
		"XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "LIBGL_ALWAYS_SOFTWARE=1")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("the app did not quit within 3 minutes")
	}
	if err != nil {
		t.Fatalf("app exited with %v:\n%s", err, out)
	}
	if !strings.Contains(string(out), "smoke: window shown") {
		t.Fatalf("the window was never shown:\n%s", out)
	}
	if !strings.Contains(string(out), "smoke: document opened, 2 pages, page 1 rendered") {
		t.Fatalf("the demo document was not opened and rendered:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(home, "workspace.db")); err != nil {
		t.Fatalf("no demo workspace created: %v", err)
	}
}
