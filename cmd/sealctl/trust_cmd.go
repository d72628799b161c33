package main

import (
	"context"
	"flag"
	"fmt"

	"sealdesk/app"
)

// trust runs `sealctl trust list --home DIR [--json]` and
// `sealctl trust add --home DIR --as ADMIN FILE.pem…`: the roots this
// workstation trusts for approvals, ledger extracts and verification. Each
// addition is an administrator's act recorded in the ledger; a file dropped
// into the workspace's trust/ folder is not trusted.
func (c *cli) trust(ctx context.Context, args []string) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return c.unknownSub("trust", args)
	}
	verb := args[0]
	fs := flag.NewFlagSet("trust "+verb, flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "administrator (for add)")
	asJSON := fs.Bool("json", false, "print JSON")
	files, ok := c.parse(fs, args[1:])
	if !ok {
		return exitBadInput
	}
	if verb == "list" {
		w, code := c.open(*home)
		if w == nil {
			return code
		}
		defer w.Close()
		as, err := w.TrustAnchors(ctx)
		if err != nil {
			return c.fail(err)
		}
		return printList(c, as, *asJSON, "cli.trust.header", func(a app.TrustAnchor) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s", a.SM3[:16], a.Subject, a.AddedBy, a.AddedAt)
		})
	}
	if len(files) == 0 {
		return c.missing("trust", "FILE.pem")
	}
	w, s, code := c.signIn(ctx, *home, *as)
	if s == nil {
		return code
	}
	defer w.Close()
	total := 0
	for _, f := range files {
		n, err := w.AddTrustAnchors(ctx, s, f)
		if err != nil {
			return c.fail(err)
		}
		total += n
	}
	c.say("cli.trust.added", total)
	return exitOK
}
