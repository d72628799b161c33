package main

import (
	"context"
	"flag"
	"fmt"

	"sealdesk/assets"
)

// requestExport runs `sealctl request export --home DIR --as USER ID --out FILE`.
func (c *cli) requestExport(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("request export", flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "user")
	out := fs.String("out", "", "request file to write")
	pos, ok := c.parse(fs, args)
	if !ok {
		return exitBadInput
	}
	if len(pos) != 1 {
		return c.badArg("request ID")
	}
	if *out == "" {
		return c.badArg("--out")
	}
	w, s, code := c.signIn(ctx, *home, *as)
	if s == nil {
		return code
	}
	defer w.Close()
	if err := w.ExportRequest(ctx, s, pos[0], *out); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, *out)
	return exitOK
}

// approvalImport runs `sealctl approval import --home DIR --as USER FILE`.
func (c *cli) approvalImport(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "import" {
		return c.badArg("approval import")
	}
	fs := flag.NewFlagSet("approval import", flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "user")
	pos, ok := c.parse(fs, args[1:])
	if !ok {
		return exitBadInput
	}
	if len(pos) != 1 {
		return c.badArg("FILE")
	}
	w, s, code := c.signIn(ctx, *home, *as)
	if s == nil {
		return code
	}
	defer w.Close()
	id, err := w.ImportRequest(ctx, s, pos[0])
	if err != nil {
		return c.fail(err)
	}
	r, _ := w.StampRequest(ctx, id)
	fmt.Fprintln(c.stdout, assets.T(c.lang, "request.imported", id, r.Status))
	return exitOK
}
