package device

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/gousb"
)

// ErrUSBUnavailable means USB devices cannot be enumerated here: libusb does
// not start (no usbfs in a container, no permission without the udev rule in
// packaging/70-sealdesk-usbkey.rules). PKCS#11 keys still work through their
// modules; only the arrival/removal notices are missing.
var ErrUSBUnavailable = errors.New("device: USB devices cannot be listed")

// DefaultUSBVendors are the USB vendor ids of common Chinese USB keys (REFERENCE §5).
// Matching is by id, never by the product string, which vendors localise. A
// workspace can add its own (ParseUSBVendors); never modify this map.
var DefaultUSBVendors = map[uint16]string{
	0x096E: "Feitian (飞天诚信)",
	0x163C: "Watchdata (握奇)",
	0x055C: "Longmai (龙脉)",
	0x1677: "CIDC (华大智宝)",
	0xA625: "Tianyu (天喻)",
}

// USBKey is a USB key seen on the bus.
type USBKey struct {
	Bus, Address    int
	Vendor, Product uint16
	Maker           string
}

func (k USBKey) String() string {
	return fmt.Sprintf("%s %04x:%04x at bus %d address %d", k.Maker, k.Vendor, k.Product, k.Bus, k.Address)
}

// USBEvent is a key that arrived (Arrived) or was removed.
type USBEvent struct {
	Key     USBKey
	Arrived bool
}

// USBStatus says whether the watcher can see USB devices, and if not why.
type USBStatus struct {
	Available bool
	Err       error // wraps ErrUSBUnavailable when not Available
}

// ScanUSB lists the USB keys present. It reads device descriptors only and
// never opens a device or claims an interface: the vendor's middleware owns
// the key, and a claimed interface would break its PKCS#11 module.
func ScanUSB() ([]USBKey, error) { return ScanUSBVendors(DefaultUSBVendors) }

// ScanUSBVendors is ScanUSB with another vendor table.
func ScanUSBVendors(vendors map[uint16]string) (keys []USBKey, err error) {
	defer func() {
		// gousb panics when libusb_init fails.
		if r := recover(); r != nil {
			keys, err = nil, fmt.Errorf("%w: %v", ErrUSBUnavailable, r)
		}
	}()
	ctx := gousb.NewContext()
	defer ctx.Close()
	devs, err := ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		if maker, ok := vendors[uint16(d.Vendor)]; ok {
			keys = append(keys, USBKey{Bus: d.Bus, Address: d.Address, Vendor: uint16(d.Vendor), Product: uint16(d.Product), Maker: maker})
		}
		return false // never open
	})
	for _, d := range devs {
		d.Close() // none expected: the opener refuses all
	}
	if err != nil && len(keys) == 0 {
		return nil, fmt.Errorf("%w: %v", ErrUSBUnavailable, err)
	}
	return keys, nil
}

// USBWatcher reports USB keys arriving and leaving by polling descriptors.
// Polling rather than hotplug callbacks keeps it working where libusb has no
// hotplug support and keeps libusb's event thread out of the picture.
type USBWatcher struct {
	Interval time.Duration
	poll     func() ([]USBKey, error)

	mu      sync.Mutex
	present []USBKey
	status  *USBStatus
}

// NewUSBWatcher returns a watcher that polls every interval for the keys of
// the given vendors (nil: DefaultUSBVendors).
func NewUSBWatcher(interval time.Duration, vendors map[uint16]string) *USBWatcher {
	if vendors == nil {
		vendors = DefaultUSBVendors
	}
	return &USBWatcher{Interval: interval, poll: func() ([]USBKey, error) { return ScanUSBVendors(vendors) }}
}

// NewUSBWatcherFunc returns a watcher that asks poll instead of the bus: for
// callers' tests, which cannot plug a key in.
func NewUSBWatcherFunc(interval time.Duration, poll func() ([]USBKey, error)) *USBWatcher {
	return &USBWatcher{Interval: interval, poll: poll}
}

// ParseUSBVendors reads a vendor table, one "vvvv name" or "vvvv=name" per
// line or comma-separated item (vvvv in hex, 0x optional), and returns it added
// to DefaultUSBVendors. Blank items and #-comments are skipped.
func ParseUSBVendors(s string) (map[uint16]string, error) {
	out := maps.Clone(DefaultUSBVendors)
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' }) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		id, name, _ := strings.Cut(strings.Replace(line, "=", " ", 1), " ")
		v, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(id), "0x"), 16, 16)
		if err != nil {
			return nil, fmt.Errorf("device: USB vendor id %q is not a 4-digit hex number", id)
		}
		name = strings.TrimSpace(name)
		if name == "" {
			name = fmt.Sprintf("vendor %04x", v)
		}
		out[uint16(v)] = name
	}
	return out, nil
}

// Present returns the keys seen at the last poll.
func (w *USBWatcher) Present() []USBKey {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.present)
}

// Run polls until ctx ends, calling onEvent for each arrival and removal and
// onStatus when USB access appears or goes (and once at the start). Either
// callback may be nil. Callbacks run on Run's goroutine.
func (w *USBWatcher) Run(ctx context.Context, onEvent func(USBEvent), onStatus func(USBStatus)) {
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		w.step(onEvent, onStatus)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// step polls once and reports what changed.
func (w *USBWatcher) step(onEvent func(USBEvent), onStatus func(USBStatus)) {
	keys, err := w.poll()
	st := USBStatus{Available: err == nil, Err: err}
	w.mu.Lock()
	changed := w.status == nil || w.status.Available != st.Available
	w.status = &st
	var events []USBEvent
	if err == nil {
		for _, k := range w.present {
			if !slices.Contains(keys, k) {
				events = append(events, USBEvent{Key: k})
			}
		}
		for _, k := range keys {
			if !slices.Contains(w.present, k) {
				events = append(events, USBEvent{Key: k, Arrived: true})
			}
		}
		w.present = slices.Clone(keys)
	}
	w.mu.Unlock()
	if changed && onStatus != nil {
		onStatus(st)
	}
	if onEvent != nil {
		for _, e := range events {
			onEvent(e)
		}
	}
}
