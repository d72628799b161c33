package main

import (
	"fmt"

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
