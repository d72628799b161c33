package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
)

// Smoke signs user in, opens doc in the stamping view through the real
// renderer and waits for its first page: the start-up test's proof that the
// whole desktop path works on a real display. It blocks, so call it off the
// GUI goroutine.
func (w *Workstation) Smoke(ctx context.Context, user, password, doc string) (pages int, err error) {
	fyne.DoAndWait(func() {
		w.User.SetText(user)
		w.Password.SetText(password)
		w.signIn()
		switch {
		case w.Session == nil:
			err = errors.New(w.LoginError.Text)
		case w.Stamp == nil:
			err = fmt.Errorf("%s has no stamping view", user)
		default:
			w.Stamp.OpenFile(doc)
		}
	})
	if err != nil {
		return 0, err
	}
	for {
		var opened bool
		var msg string
		fyne.DoAndWait(func() {
			v := w.Stamp
			if v.loading > 0 {
				return
			}
			opened = v.docPath == doc && v.rendered > 0
			pages, msg = len(v.pages), v.Message.Text
		})
		switch {
		case opened:
			return pages, nil
		case msg != "":
			return 0, errors.New(msg)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
