// Package gnomekeyring starts a real OS keyring for tests: a private session
// bus (dbus-daemon with a configuration of our own, so that nothing is
// activated on it behind the test's back) and gnome-keyring-daemon's Secret
// Service on it, with a fresh "login" keyring unlocked by a password on
// stdin. Everything lives in a temporary folder; the user's own keyring is
// never reached, as DBUS_SESSION_BUS_ADDRESS points at the private bus (set
// with t.Setenv, so tests using it cannot run in parallel).
//
// Items are read back with secret-tool (libsecret), not with our client, so
// a test sees what another program of the desktop would see.
package gnomekeyring

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Keyring is a running gnome-keyring-daemon on its own session bus.
type Keyring struct {
	Addr   string // the bus address, as DBUS_SESSION_BUS_ADDRESS
	dir    string
	bus    *exec.Cmd
	daemon *exec.Cmd
}

// Start runs a session bus and GNOME Keyring's Secret Service on it, points
// DBUS_SESSION_BUS_ADDRESS at the bus and clears DISPLAY and WAYLAND_DISPLAY
// (no prompt can be answered in a test). It skips the test when
// gnome-keyring, dbus-daemon or secret-tool is not installed (make test
// installs them: packaging/install-deps.sh).
func Start(t testing.TB) *Keyring {
	t.Helper()
	for _, tool := range []string{"dbus-daemon", "gnome-keyring-daemon", "secret-tool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (packaging/install-deps.sh installs it): the OS keyring holder is not tested here", tool)
		}
	}
	// A short folder of its own: a unix socket path has at most 107 bytes.
	dir, err := os.MkdirTemp("", "kr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	k := &Keyring{dir: dir}
	for _, d := range []string{"home", "run"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "bus.conf")
	body := `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=` + filepath.Join(dir, "bus") + `</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	k.bus = exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=1")
	out, err := k.bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var busErr bytes.Buffer // dbus-daemon warns as root (fd limits); shown only if it fails
	k.bus.Stderr = &busErr
	if err := k.bus.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(k.bus) })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v\n%s", err, busErr.String())
	}
	k.Addr = strings.TrimSpace(line)

	k.daemon = exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	k.daemon.Stdin = strings.NewReader("login password of the test")
	k.daemon.Env = k.env()
	if err := k.daemon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(k.daemon) })
	if err := k.waitForService(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", k.Addr)
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	return k
}

// env is the environment of the daemon and of secret-tool: a home of their own.
func (k *Keyring) env() []string {
	home := filepath.Join(k.dir, "home")
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_RUNTIME_DIR=" + filepath.Join(k.dir, "run"),
		"DBUS_SESSION_BUS_ADDRESS=" + k.Addr,
	}
}

func stop(c *exec.Cmd) {
	if c.Process != nil && c.ProcessState == nil {
		c.Process.Kill()
		c.Wait()
	}
}

// waitForService waits until the daemon owns the Secret Service's name.
func (k *Keyring) waitForService() error {
	conn, err := dbus.Connect(k.Addr)
	if err != nil {
		return fmt.Errorf("connect to the test bus: %w", err)
	}
	defer conn.Close()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var has bool
		if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&has); err != nil {
			return err
		}
		if has {
			return nil
		}
		if k.daemon.ProcessState != nil {
			break
		}
	}
	return fmt.Errorf("gnome-keyring-daemon did not offer the Secret Service")
}

// Stop ends the keyring daemon; the bus stays, without a Secret Service.
func (k *Keyring) Stop() { stop(k.daemon) }

// Lock locks the default collection, as a screen lock or a timeout may.
func (k *Keyring) Lock(t testing.TB) {
	t.Helper()
	conn, err := dbus.Connect(k.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var coll dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.ReadAlias", 0, "default").Store(&coll); err != nil {
		t.Fatal(err)
	}
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.Lock", 0, []dbus.ObjectPath{coll}).Store(&locked, &prompt); err != nil || len(locked) != 1 {
		t.Fatalf("lock %s: %v %v (prompt %s)", coll, err, locked, prompt)
	}
}

// Lookup returns the secret secret-tool finds for attrs (name, value, …), or
// nil when there is none.
func (k *Keyring) Lookup(t testing.TB, attrs ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", append([]string{"lookup"}, attrs...)...)
	cmd.Env = k.env()
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && len(out) == 0 && ee.ExitCode() == 1 {
		return nil // secret-tool exits 1, silently, when nothing matches
	}
	if err != nil {
		t.Fatalf("secret-tool lookup %v: %v", attrs, err)
	}
	return out
}

// Count returns how many items secret-tool finds for attrs.
func (k *Keyring) Count(t testing.TB, attrs ...string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", append([]string{"search", "--all", "--unlock"}, attrs...)...)
	cmd.Env = k.env()
	out, err := cmd.CombinedOutput()
	if err != nil && len(out) > 0 {
		t.Fatalf("secret-tool search %v: %v\n%s", attrs, err, out)
	}
	n := 0
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "[/") {
			n++
		}
	}
	return n
}
