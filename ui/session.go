package ui

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// Session upkeep of the main window: the idle sign-out (REFERENCE §1: a seal
// workstation must not stay open to whoever walks up to it) and the USB key
// status line.

// clock is the time source of the idle check; tests replace it.
var clock = time.Now

// usbWatch is how a session's USB watch reads the bus: the real one; tests
// give it a poll function of their own, since no key can be plugged in here.
var usbWatch = app.USBWatch{}

// idleCheckEvery is how often the idle time is checked.
const idleCheckEvery = 15 * time.Second

// sessionWatch runs while someone is signed in.
type sessionWatch struct {
	lastActive atomic.Int64 // unix nanoseconds of the last input
	idle       time.Duration
	stop       context.CancelFunc
	focus      string // what had the keyboard focus at the last check, and its text
}

// touch marks user activity: every input the window sees (keys, the
// views' actions, page turns, dragging) postpones the idle sign-out.
func (w *Workstation) touch() {
	if s := w.watch; s != nil {
		s.lastActive.Store(clock().UnixNano())
	}
}

// startSession starts the idle check and the USB watcher for a new session.
func (w *Workstation) startSession() {
	w.stopSession()
	ctx, cancel := context.WithCancel(context.Background())
	s := &sessionWatch{idle: w.ws.IdleLogout(ctx), stop: cancel}
	s.lastActive.Store(clock().UnixNano())
	w.watch = s
	go func() {
		t := time.NewTicker(idleCheckEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				do(func() { w.CheckIdle() })
			}
		}
	}()
	go w.ws.WatchUSB(ctx, usbWatch, func(e app.USBEvent) {
		do(func() {
			if ctx.Err() == nil {
				w.usbEvent(e)
			}
		})
	}, func(st app.USBStatus) {
		do(func() {
			if ctx.Err() == nil {
				w.usbStatus(st)
			}
		})
	})
}

// stopSession stops the session's background work.
func (w *Workstation) stopSession() {
	if w.watch != nil {
		w.watch.stop()
		w.watch = nil
	}
}

// CheckIdle signs the session out when it has been idle for the workspace's
// idle time (GUI goroutine). It runs on a ticker; tests call it directly.
func (w *Workstation) CheckIdle() {
	s := w.watch
	if s == nil || w.Session == nil {
		return
	}
	// Keys typed into a focused field never reach the canvas's key hooks, so
	// typing (a long reason, a filter) is seen here instead: the focused
	// field or its text changed since the last check.
	if f := w.Window.Canvas().Focused(); f != nil {
		sig := fmt.Sprintf("%p", f)
		if e, ok := f.(*widget.Entry); ok {
			sig += "\x00" + e.Text
		}
		if sig != s.focus {
			s.focus = sig
			w.touch()
		}
	}
	if clock().Sub(time.Unix(0, s.lastActive.Load())) < s.idle {
		return
	}
	w.endSession(app.LogoutIdle)
	if w.LoginError != nil {
		w.LoginError.SetText(w.t("ui.idle.signedout", int(s.idle/time.Minute)))
	}
	w.setStatus(w.t("ui.idle.signedout", int(s.idle/time.Minute)))
}

// endSession records the sign-out, closes every dialog (a PIN dialog must
// never outlive its session) and returns to the sign-in screen.
func (w *Workstation) endSession(reason string) {
	sess := w.Session
	w.stopSession()
	if sess != nil {
		// A failure to record is shown; the sign-out happens regardless.
		if err := w.ws.Logout(context.Background(), sess, reason); err != nil {
			defer w.setStatus(app.Message(err, w.lang))
		}
	}
	for o := w.Window.Canvas().Overlays().Top(); o != nil; o = w.Window.Canvas().Overlays().Top() {
		w.Window.Canvas().Overlays().Remove(o)
	}
	w.signOut()
}

// usbState is the last USB news, kept as facts so a language switch
// re-renders it.
type usbState struct {
	kind  string // "", "none", "inserted", "removed", "unavailable"
	maker string
}

func (w *Workstation) usbEvent(e app.USBEvent) {
	if e.Arrived {
		w.usb = usbState{"inserted", e.Key.Maker}
	} else {
		w.usb = usbState{"removed", e.Key.Maker}
	}
	w.showUSB()
}

func (w *Workstation) usbStatus(st app.USBStatus) {
	switch {
	case !st.Available:
		w.usb = usbState{kind: "unavailable"}
	case w.usb.kind == "" || w.usb.kind == "unavailable":
		w.usb = usbState{kind: "none"}
	}
	w.showUSB()
}

// showUSB puts the USB news in the status bar.
func (w *Workstation) showUSB() {
	if w.USB == nil {
		return
	}
	text := ""
	if w.usb.kind != "" {
		text = w.t("ui.usb."+w.usb.kind, w.usb.maker)
	}
	w.USB.SetText(text)
	if w.statusRow != nil {
		w.statusRow.Refresh() // the line's width changed: lay the bar out again
	}
}
