package keyring

import (
	"bytes"
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"sealdesk/internal/gnomekeyring"
)

var attrs = map[string]string{"application": "sealdesk-test", "workstation": "ab12"}

// openGnomeKeyring starts a GNOME Keyring on a private bus and opens a
// session with it, closed when the test ends.
func openGnomeKeyring(t *testing.T) (*gnomekeyring.Keyring, *Service) {
	t.Helper()
	kr := gnomekeyring.Start(t)
	s, err := Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return kr, s
}

// TestStoreAndLookupInGnomeKeyring: an item stored through our client is what
// secret-tool (libsecret) finds, Lookup reads it back, and a second Store for
// the same attributes (a process that lost a race) gets the first secret and
// leaves one item.
func TestStoreAndLookupInGnomeKeyring(t *testing.T) {
	kr, s := openGnomeKeyring(t)
	ctx := context.Background()
	if _, err := s.Lookup(ctx, attrs); !errors.Is(err, ErrNotFound) {
		t.Fatalf("lookup in an empty keyring: %v", err)
	}
	first := []byte("first secret \x00\xff binary")
	got, err := s.Store(ctx, "SealDesk test", attrs, first)
	if err != nil || !bytes.Equal(got, first) {
		t.Fatalf("store: %q %v", got, err)
	}
	if b := kr.Lookup(t, "application", "sealdesk-test", "workstation", "ab12"); !bytes.Equal(b, first) {
		t.Fatalf("secret-tool finds %q, want %q", b, first)
	}
	if b, err := s.Lookup(ctx, attrs); err != nil || !bytes.Equal(b, first) {
		t.Fatalf("lookup: %q %v", b, err)
	}
	if b, err := s.Lookup(ctx, map[string]string{"application": "sealdesk-test", "workstation": "cd34"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("lookup of another workstation: %q %v", b, err)
	}
	time.Sleep(1100 * time.Millisecond) // a later Created second
	got, err = s.Store(ctx, "SealDesk test", attrs, []byte("second"))
	if err != nil || !bytes.Equal(got, first) {
		t.Fatalf("a second store = %q, %v; want the first secret", got, err)
	}
	if n := kr.Count(t, "application", "sealdesk-test"); n != 1 {
		t.Fatalf("%d items after the second store, want 1", n)
	}
}

// TestLockedKeyringWithoutDisplay: a locked keyring with nobody to answer
// its prompt is reported Locked at once, not waited on.
func TestLockedKeyringWithoutDisplay(t *testing.T) {
	kr, s := openGnomeKeyring(t)
	ctx := context.Background()
	if _, err := s.Store(ctx, "SealDesk test", attrs, []byte("x")); err != nil {
		t.Fatal(err)
	}
	kr.Lock(t)
	start := time.Now()
	_, err := s.Lookup(ctx, attrs)
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != Locked {
		t.Fatalf("lookup in a locked keyring: %v", err)
	}
	if d := time.Since(start); d > Timeout {
		t.Fatalf("took %v", d)
	}
	if _, err := s.Store(ctx, "SealDesk test", map[string]string{"application": "sealdesk-test", "workstation": "cd34"}, []byte("y")); !errors.As(err, &ue) || ue.Reason != Locked {
		t.Fatalf("store in a locked keyring: %v", err)
	}
}

// TestNoKeyring: no bus, a bus without a Secret Service, and a socket that
// never answers are each reported with their reason, within Timeout.
func TestNoKeyring(t *testing.T) {
	old := Timeout
	Timeout = 500 * time.Millisecond
	t.Cleanup(func() { Timeout = old })

	// A socket that accepts and stays silent.
	sock := filepath.Join(t.TempDir(), "mute")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()

	cases := []struct {
		name string
		addr string
		want Reason
	}{
		{"unset", "", NoBus},
		{"nothing there", "unix:path=" + filepath.Join(t.TempDir(), "none"), NoBus},
		{"mute socket", "unix:path=" + sock, NoBus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", tc.addr)
			t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
			start := time.Now()
			s, err := Open(context.Background())
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			var ue *UnavailableError
			if !errors.As(err, &ue) || ue.Reason != tc.want {
				t.Fatalf("open = %v, want reason %v", err, tc.want)
			}
			if d := time.Since(start); d > 3*Timeout {
				t.Fatalf("took %v", d)
			}
		})
	}
}

// TestBusWithoutKeyring: a session bus on which no Secret Service runs (the
// daemon has gone) is NoService.
func TestBusWithoutKeyring(t *testing.T) {
	kr := gnomekeyring.Start(t)
	kr.Stop()
	_, err := Open(context.Background())
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != NoService {
		t.Fatalf("open = %v, want NoService", err)
	}
}
