package main

import (
	"context"
	"fmt"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// audit runs `sealctl audit report --home DIR --as AUDITOR --from DATE --to DATE --out FILE.pdf`:
// the signed PDF audit report of the days from..to (both included).
func (c *cli) audit(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "report" {
		return c.unknownSub("audit", args)
	}
	f := c.command("audit report", "auditor or administrator")
	from := f.required("from", "first day (YYYY-MM-DD)")
	to := f.required("to", "last day, included (YYYY-MM-DD)")
	out := f.required("out", "report PDF to write (never over an existing file)")
	asJSON := f.Bool("json", false, "print the result as JSON")
	if _, ok := f.parse(args[1:]); !ok {
		return exitBadInput
	}
	first, err := time.ParseInLocation(time.DateOnly, *from, time.Local)
	if err != nil {
		return c.badArg("--from " + *from)
	}
	last, err := time.ParseInLocation(time.DateOnly, *to, time.Local)
	if err != nil {
		return c.badArg("--to " + *to)
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		res, err := w.AuditReport(ctx, s, app.AuditOptions{From: first, To: last.AddDate(0, 0, 1), Lang: c.lang}, *out)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			// Not intact is exit 1 in JSON too: a script must not take
			// the report for a clean audit.
			if code := c.printJSON(res); code != exitOK || res.Intact {
				return code
			}
			return exitRefused
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.audit.written", res.Path, res.Entries, res.Stamps, res.Refusals, res.SHA))
		if !res.Intact {
			fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.audit.broken"))
			return exitRefused
		}
		return exitOK
	})
}
