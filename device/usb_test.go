package device

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestUSBWatcherSteps(t *testing.T) {
	ft := USBKey{Bus: 1, Address: 4, Vendor: 0x096E, Product: 0x0702, Maker: DefaultUSBVendors[0x096E]}
	wd := USBKey{Bus: 1, Address: 5, Vendor: 0x163C, Product: 0x0407, Maker: DefaultUSBVendors[0x163C]}
	usbErr := errors.New("libusb: no access")
	polls := []struct {
		name   string
		keys   []USBKey
		err    error
		events []USBEvent
		status []bool // statuses reported at this step
	}{
		{name: "start empty", status: []bool{true}},
		{name: "Feitian in", keys: []USBKey{ft}, events: []USBEvent{{Key: ft, Arrived: true}}},
		{name: "same again", keys: []USBKey{ft}},
		{name: "Watchdata in", keys: []USBKey{ft, wd}, events: []USBEvent{{Key: wd, Arrived: true}}},
		{name: "USB gone", err: usbErr, status: []bool{false}},
		{name: "USB still gone", err: usbErr},
		{name: "back, Feitian out", keys: []USBKey{wd}, events: []USBEvent{{Key: ft}}, status: []bool{true}},
	}
	i := 0
	w := &USBWatcher{Interval: time.Millisecond, poll: func() ([]USBKey, error) { return polls[i].keys, polls[i].err }}
	for ; i < len(polls); i++ {
		p := polls[i]
		var events []USBEvent
		var status []bool
		w.step(func(e USBEvent) { events = append(events, e) }, func(s USBStatus) {
			status = append(status, s.Available)
			if !s.Available && !errors.Is(s.Err, usbErr) {
				t.Errorf("%s: status error %v", p.name, s.Err)
			}
		})
		if !slices.Equal(events, p.events) || !slices.Equal(status, p.status) {
			t.Errorf("%s: events %v status %v, want %v %v", p.name, events, status, p.events, p.status)
		}
	}
	if got := w.Present(); !slices.Equal(got, []USBKey{wd}) {
		t.Errorf("present %v", got)
	}
}

func TestUSBWatcherRun(t *testing.T) {
	key := USBKey{Bus: 2, Address: 3, Vendor: 0x055C, Product: 1, Maker: DefaultUSBVendors[0x055C]}
	w := &USBWatcher{Interval: time.Millisecond, poll: func() ([]USBKey, error) { return []USBKey{key}, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan USBEvent, 4)
	done := make(chan struct{})
	go func() { w.Run(ctx, func(e USBEvent) { got <- e }, nil); close(done) }()
	select {
	case e := <-got:
		if !e.Arrived || e.Key != key {
			t.Errorf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no arrival reported")
	}
	cancel()
	<-done
}

// TestScanUSB runs the real scan: it lists keys or says clearly that USB is
// not available (containers have no usbfs); it must never panic.
func TestScanUSB(t *testing.T) {
	keys, err := ScanUSB()
	if err != nil && !errors.Is(err, ErrUSBUnavailable) {
		t.Fatalf("ScanUSB: %v", err)
	}
	t.Logf("USB keys %v, err %v", keys, err)
}

// TestParseUSBVendors: a workspace adds its own vendor ids to the defaults;
// a malformed id is an error naming it, and the defaults are never changed.
func TestParseUSBVendors(t *testing.T) {
	m, err := ParseUSBVendors("0x1234=Acme Key\n# a comment\nabcd  Other, 096e Feitian renamed\n\n")
	if err != nil {
		t.Fatal(err)
	}
	if m[0x1234] != "Acme Key" || m[0xABCD] != "Other" || m[0x096E] != "Feitian renamed" || m[0x163C] == "" {
		t.Errorf("table %v", m)
	}
	if DefaultUSBVendors[0x096E] != "Feitian (飞天诚信)" {
		t.Error("ParseUSBVendors changed the default table")
	}
	if _, err := ParseUSBVendors("12345 too long"); err == nil || !strings.Contains(err.Error(), "12345") {
		t.Errorf("bad id: %v", err)
	}
	if _, err := ParseUSBVendors("zz"); err == nil {
		t.Error("non-hex id accepted")
	}
}
