package main

import (
	"context"
	"fmt"

	"sealdesk/app"
	"sealdesk/assets"
)

// say tells the person what a command did: one sentence from the catalog on
// standard error, so standard output keeps only what scripts read.
func (c *cli) say(key string, args ...any) {
	fmt.Fprintln(c.stderr, assets.T(c.lang, key, args...))
}

// label gives word in the user's language when the catalog has prefix+word
// (ui.kind.user.create → 添加用户), else word as it is, so a new kind shows
// rather than vanishes.
func (c *cli) label(prefix, word string) string {
	if assets.HasMessage(prefix + word) {
		return assets.T(c.lang, prefix+word)
	}
	return word
}

// progress counts the approvals of stamp request r against its seal's rule:
// have of need. It only reads what app exposes (Approvals, ApprovalRule).
func (c *cli) progress(ctx context.Context, w *app.Workspace, r app.StampRequest) (have, need int, err error) {
	rule, err := w.ApprovalRule(ctx, r.SealID)
	if err != nil {
		return 0, 0, err
	}
	as, err := w.Approvals(ctx, r.ID)
	if err != nil {
		return 0, 0, err
	}
	for _, a := range as {
		if a.Decision == app.EntryApprove { // a decision is spelled as its entry kind (app/entrykinds.go)
			have++
		}
	}
	return have, rule.Required, nil
}
