// Package keyring is a small client of the freedesktop Secret Service
// (https://specifications.freedesktop.org/secret-service-spec/latest/), the
// D-Bus API of the OS keyring on Linux desktops (GNOME Keyring, KWallet): it
// looks an item up by its attributes and stores a new one in the default
// collection. That is all package hostsecret needs; zalando/go-keyring does as
// much with string secrets only and no timeouts.
//
// Traps:
//   - Every call is bounded (Timeout): a bus that accepts the connection but
//     never answers, or a service that waits on a prompt nobody sees, must not
//     hang the workstation's start.
//   - Unlocking a locked collection asks the person for its password through a
//     prompt window. Without a display (DISPLAY, WAYLAND_DISPLAY) nobody can
//     answer it, so the keyring is reported Locked at once.
//   - The secret travels over the session bus in the "plain" algorithm: the
//     bus is a socket of the OS account, and code that runs as that account
//     can ask the service for the secret anyway.
//   - Two processes creating the same item at once end with two items: every
//     reader picks the first one created (pick), and a creator that lost
//     deletes its own.
package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	dest          = "org.freedesktop.secrets"
	servicePath   = dbus.ObjectPath("/org/freedesktop/secrets")
	ifaceService  = "org.freedesktop.Secret.Service"
	ifaceItem     = "org.freedesktop.Secret.Item"
	ifaceColl     = "org.freedesktop.Secret.Collection"
	ifacePrompt   = "org.freedesktop.Secret.Prompt"
	noPrompt      = dbus.ObjectPath("/")
	defaultAlias  = "default"
	contentBinary = "application/octet-stream"
)

// Timeout bounds the connection and each call; PromptTimeout bounds the wait
// for a person to answer an unlock prompt. Variables so tests can shorten them.
var (
	Timeout       = 5 * time.Second
	PromptTimeout = 2 * time.Minute
)

// Reason says why the keyring could not be used.
type Reason int

const (
	NoBus     Reason = iota + 1 // no session bus, or it cannot be reached
	NoService                   // the bus has no Secret Service, or it does not answer
	Locked                      // the keyring is locked and was not unlocked here
	Failed                      // the service refused a call
)

func (r Reason) String() string {
	switch r {
	case NoBus:
		return "no session bus"
	case NoService:
		return "no Secret Service on the session bus"
	case Locked:
		return "the keyring is locked"
	}
	return "the Secret Service failed"
}

// UnavailableError means the keyring could not be asked.
type UnavailableError struct {
	Reason Reason
	Err    error
}

func (e *UnavailableError) Error() string {
	if e.Err == nil {
		return "keyring: " + e.Reason.String()
	}
	return "keyring: " + e.Reason.String() + ": " + e.Err.Error()
}

func (e *UnavailableError) Unwrap() error { return e.Err }

func unavailable(r Reason, format string, args ...any) error {
	return &UnavailableError{Reason: r, Err: fmt.Errorf(format, args...)}
}

// ErrNotFound means the keyring holds no item with the attributes asked for.
var ErrNotFound = errors.New("keyring: no such item")

// Service is a session with the Secret Service of the session bus.
type Service struct {
	conn    *dbus.Conn
	cancel  context.CancelFunc
	session dbus.ObjectPath
}

// secret is the Secret structure of the specification, (oayays).
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// BusAddress returns the session bus address: $DBUS_SESSION_BUS_ADDRESS, else
// the systemd user bus $XDG_RUNTIME_DIR/bus when it exists, else "". It never
// launches a bus (godbus would run dbus-launch).
func BusAddress() string {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" {
		return a
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		p := filepath.Join(d, "bus")
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return "unix:path=" + p
		}
	}
	return ""
}

// Open connects to the session bus and opens a session with its Secret
// Service. The errors are *UnavailableError.
func Open(ctx context.Context) (*Service, error) {
	addr := BusAddress()
	if addr == "" {
		return nil, unavailable(NoBus, "DBUS_SESSION_BUS_ADDRESS is not set")
	}
	// The connection lives until Close; cancelling its context closes it,
	// which also ends a connect or handshake that hangs.
	connCtx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(Timeout, cancel)
	conn, err := dbus.Connect(addr, dbus.WithContext(connCtx))
	if !timer.Stop() && err == nil {
		err = context.DeadlineExceeded
	}
	if err != nil {
		cancel()
		return nil, unavailable(NoBus, "connect to %s: %w", addr, err)
	}
	s := &Service{conn: conn, cancel: cancel}
	var out dbus.Variant
	if err := s.call(ctx, servicePath, ifaceService+".OpenSession", "plain", dbus.MakeVariant("")).Store(&out, &s.session); err != nil {
		s.Close()
		return nil, &UnavailableError{Reason: NoService, Err: fmt.Errorf("open a session: %w", err)}
	}
	return s, nil
}

// Close ends the session and the connection.
func (s *Service) Close() {
	if s.session != "" {
		s.call(context.Background(), s.session, "org.freedesktop.Secret.Session.Close")
	}
	s.cancel()
}

func (s *Service) call(ctx context.Context, path dbus.ObjectPath, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	return s.conn.Object(dest, path).CallWithContext(ctx, method, 0, args...)
}

func (s *Service) property(ctx context.Context, path dbus.ObjectPath, iface, name string, v any) error {
	var vv dbus.Variant
	if err := s.call(ctx, path, "org.freedesktop.DBus.Properties.Get", iface, name).Store(&vv); err != nil {
		return err
	}
	return vv.Store(v)
}

// Lookup returns the secret of the item whose attributes include attrs,
// unlocking it if need be.
func (s *Service) Lookup(ctx context.Context, attrs map[string]string) ([]byte, error) {
	items, err := s.search(ctx, attrs)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, ErrNotFound
	}
	item, err := s.pick(ctx, items)
	if err != nil {
		return nil, err
	}
	return s.secretOf(ctx, item)
}

// search returns the items with attrs, unlocked.
func (s *Service) search(ctx context.Context, attrs map[string]string) ([]dbus.ObjectPath, error) {
	var unlocked, locked []dbus.ObjectPath
	if err := s.call(ctx, servicePath, ifaceService+".SearchItems", attrs).Store(&unlocked, &locked); err != nil {
		return nil, &UnavailableError{Reason: Failed, Err: fmt.Errorf("search items: %w", err)}
	}
	if len(locked) > 0 {
		if err := s.unlock(ctx, locked); err != nil {
			return nil, err
		}
	}
	return append(unlocked, locked...), nil
}

// pick returns the item created first: all readers and the creators that
// raced agree on it. Ties within a second go to the lower path, which the
// services number in order of creation.
func (s *Service) pick(ctx context.Context, items []dbus.ObjectPath) (dbus.ObjectPath, error) {
	if len(items) == 1 {
		return items[0], nil
	}
	created := map[dbus.ObjectPath]uint64{}
	for _, it := range items {
		var c uint64
		if err := s.property(ctx, it, ifaceItem, "Created", &c); err != nil {
			return "", &UnavailableError{Reason: Failed, Err: fmt.Errorf("read %s: %w", it, err)}
		}
		created[it] = c
	}
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if created[a] != created[b] {
			return created[a] < created[b]
		}
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	return items[0], nil
}

func (s *Service) secretOf(ctx context.Context, item dbus.ObjectPath) ([]byte, error) {
	var sec secret
	if err := s.call(ctx, item, ifaceItem+".GetSecret", s.session).Store(&sec); err != nil {
		return nil, &UnavailableError{Reason: Failed, Err: fmt.Errorf("read the secret of %s: %w", item, err)}
	}
	return sec.Value, nil
}

// Store creates an item with label, attrs and value in the default collection
// and returns the secret that now answers a Lookup of attrs: value, or the
// secret of an item another process created first.
func (s *Service) Store(ctx context.Context, label string, attrs map[string]string, value []byte) ([]byte, error) {
	var coll dbus.ObjectPath
	if err := s.call(ctx, servicePath, ifaceService+".ReadAlias", defaultAlias).Store(&coll); err != nil {
		return nil, &UnavailableError{Reason: Failed, Err: fmt.Errorf("find the default collection: %w", err)}
	}
	if coll == noPrompt {
		return nil, unavailable(Failed, "the keyring has no default collection")
	}
	var locked bool
	if err := s.property(ctx, coll, ifaceColl, "Locked", &locked); err != nil {
		return nil, &UnavailableError{Reason: Failed, Err: fmt.Errorf("read %s: %w", coll, err)}
	}
	if locked {
		if err := s.unlock(ctx, []dbus.ObjectPath{coll}); err != nil {
			return nil, err
		}
	}
	props := map[string]dbus.Variant{
		ifaceItem + ".Label":      dbus.MakeVariant(label),
		ifaceItem + ".Attributes": dbus.MakeVariant(attrs),
	}
	var item, prompt dbus.ObjectPath
	sec := secret{Session: s.session, Value: value, ContentType: contentBinary}
	// replace=false: an item another process made in the meantime is not
	// overwritten (its secret may already seal something); pick settles it.
	if err := s.call(ctx, coll, ifaceColl+".CreateItem", props, sec, false).Store(&item, &prompt); err != nil {
		return nil, &UnavailableError{Reason: Failed, Err: fmt.Errorf("create an item: %w", err)}
	}
	if prompt != noPrompt {
		res, err := s.prompt(ctx, prompt)
		if err != nil {
			return nil, err
		}
		if err := res.Store(&item); err != nil {
			return nil, &UnavailableError{Reason: Failed, Err: fmt.Errorf("create an item: %w", err)}
		}
	}
	items, err := s.search(ctx, attrs)
	if err != nil {
		return nil, err
	}
	first, err := s.pick(ctx, items)
	if err != nil {
		return nil, err
	}
	if first == item {
		return value, nil
	}
	// Another process was first: use its secret, drop ours (best effort;
	// readers ignore it anyway).
	s.call(ctx, item, ifaceItem+".Delete")
	return s.secretOf(ctx, first)
}

// unlock unlocks objects, through a prompt when the service asks for one.
func (s *Service) unlock(ctx context.Context, objects []dbus.ObjectPath) error {
	var done []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := s.call(ctx, servicePath, ifaceService+".Unlock", objects).Store(&done, &prompt); err != nil {
		return &UnavailableError{Reason: Locked, Err: fmt.Errorf("unlock: %w", err)}
	}
	if prompt == noPrompt {
		return nil
	}
	_, err := s.prompt(ctx, prompt)
	return err
}

// prompt shows a prompt of the service and waits for its Completed signal.
// Without a display it dismisses the prompt and reports Locked at once.
func (s *Service) prompt(ctx context.Context, prompt dbus.ObjectPath) (dbus.Variant, error) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		s.call(ctx, prompt, ifacePrompt+".Dismiss")
		return dbus.Variant{}, unavailable(Locked, "unlocking it needs its password, and there is no display to ask for it")
	}
	ctx, cancel := context.WithTimeout(ctx, PromptTimeout)
	defer cancel()
	match := []dbus.MatchOption{dbus.WithMatchObjectPath(prompt), dbus.WithMatchInterface(ifacePrompt), dbus.WithMatchMember("Completed")}
	if err := s.conn.AddMatchSignalContext(ctx, match...); err != nil {
		return dbus.Variant{}, &UnavailableError{Reason: Failed, Err: fmt.Errorf("watch the prompt: %w", err)}
	}
	defer s.conn.RemoveMatchSignalContext(context.Background(), match...)
	ch := make(chan *dbus.Signal, 4)
	s.conn.Signal(ch)
	defer s.conn.RemoveSignal(ch)
	if err := s.call(ctx, prompt, ifacePrompt+".Prompt", "").Err; err != nil {
		return dbus.Variant{}, &UnavailableError{Reason: Locked, Err: fmt.Errorf("show the prompt: %w", err)}
	}
	for {
		select {
		case <-ctx.Done():
			s.call(context.Background(), prompt, ifacePrompt+".Dismiss")
			return dbus.Variant{}, unavailable(Locked, "nobody answered the unlock prompt within %v", PromptTimeout)
		case sig := <-ch:
			if sig == nil {
				return dbus.Variant{}, unavailable(NoBus, "the session bus closed while the unlock prompt was shown")
			}
			if sig.Path != prompt || sig.Name != ifacePrompt+".Completed" || len(sig.Body) != 2 {
				continue
			}
			if dismissed, _ := sig.Body[0].(bool); dismissed {
				return dbus.Variant{}, unavailable(Locked, "the unlock prompt was dismissed")
			}
			res, _ := sig.Body[1].(dbus.Variant)
			return res, nil
		}
	}
}
