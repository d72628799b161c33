package main

import (
	"context"
	"fmt"

	"sealdesk/app"
	"sealdesk/assets"
)

// requestExport runs `sealctl request export --home DIR --as USER ID --out FILE`.
func (c *cli) requestExport(ctx context.Context, args []string) int {
	f := c.command("request export", "user")
	out := f.required("out", "request file to write")
	return f.withOne(ctx, args, "request ID", func(w *app.Workspace, s *app.Session, arg string) int {
		if err := w.ExportRequest(ctx, s, arg, *out); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, *out)
		c.say("cli.did.request_export", arg, *out)
		return exitOK
	})
}

// approvalImport runs `sealctl approval import --home DIR --as USER FILE`.
func (c *cli) approvalImport(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "import" {
		return c.unknownSub("approval", args)
	}
	f := c.command("approval import", "user")
	arg, ok := f.parseOne(args[1:], "FILE")
	if !ok {
		return exitBadInput
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		id, err := w.ImportRequest(ctx, s, arg)
		if err != nil {
			return c.fail(err)
		}
		r, _ := w.StampRequest(ctx, id)
		fmt.Fprintln(c.stdout, assets.T(c.lang, "request.imported", id, r.Status))
		return exitOK
	})
}
