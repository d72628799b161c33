package app

import (
	"context"
	"time"

	"sealdesk/device"
)

// The USB key notices of a session, started through the workspace so the
// faces need not know package device (issue #14 point 1). The key and event
// types are device's own: a face shows their fields as they are.
type (
	// USBKey is one USB key seen on the bus (descriptors only, never claimed).
	USBKey = device.USBKey
	// USBEvent is a key arriving or leaving.
	USBEvent = device.USBEvent
	// USBStatus says whether USB devices can be listed here at all.
	USBStatus = device.USBStatus
)

// ErrUSBUnavailable is the poll error when USB devices cannot be listed (no
// permission, no USB): the watch goes on and says so through USBStatus.
var ErrUSBUnavailable = device.ErrUSBUnavailable

// USBMaker names the maker of a built-in vendor id (REFERENCE §5), "" when unknown.
func USBMaker(vendor uint16) string { return device.DefaultUSBVendors[vendor] }

// usbPollEvery is how often the bus is read: a key plugged in shows within it.
const usbPollEvery = 2 * time.Second

// USBWatch says how WatchUSB reads the bus. The zero value reads the real bus
// every two seconds; tests, which cannot plug a key in, give Poll.
type USBWatch struct {
	Interval time.Duration
	// Poll lists the keys present among vendors (the workspace's table);
	// nil reads the bus.
	Poll func(vendors map[uint16]string) ([]USBKey, error)
}

// WatchUSB reports USB keys of the workspace's vendor table (USBVendors)
// arriving and leaving until ctx ends: onStatus once at the start and when
// USB access appears or goes, onEvent for each arrival and removal. It blocks;
// callbacks run on its goroutine and either may be nil. A vendor table that
// cannot be read falls back to the built-in one: the notices are a help, not
// a control.
func (w *Workspace) WatchUSB(ctx context.Context, o USBWatch, onEvent func(USBEvent), onStatus func(USBStatus)) {
	vendors, err := w.USBVendors(ctx)
	if err != nil {
		vendors = device.DefaultUSBVendors
	}
	every := o.Interval
	if every <= 0 {
		every = usbPollEvery
	}
	var watcher *device.USBWatcher
	if o.Poll == nil {
		watcher = device.NewUSBWatcher(every, vendors)
	} else {
		watcher = device.NewUSBWatcherFunc(every, func() ([]USBKey, error) { return o.Poll(vendors) })
	}
	watcher.Run(ctx, onEvent, onStatus)
}
