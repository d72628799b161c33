package main

import (
	"context"
	"fmt"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// ledgerExport runs `sealctl ledger export --home DIR --as USER [--since DATE] [--from-seq N] --out FILE`.
func (c *cli) ledgerExport(ctx context.Context, args []string) int {
	f := c.command("ledger export", "user (auditor or admin)")
	since := f.String("since", "", "first day to export (YYYY-MM-DD)")
	from := f.Int64("from-seq", 0, "first entry to export")
	out := f.required("out", "extract file to write")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	var o app.ExportOptions
	o.FromSeq = *from
	if *since != "" {
		t, err := time.ParseInLocation(time.DateOnly, *since, time.Local)
		if err != nil {
			return c.badArg("--since " + *since)
		}
		o.Since = t
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		n, err := w.ExportLedger(ctx, s, o, *out)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "ledger.exported", n, *out))
		return exitOK
	})
}

// ledgerImport runs `sealctl ledger import --home DIR --as USER [--json] FILE`.
func (c *cli) ledgerImport(ctx context.Context, args []string) int {
	f := c.command("ledger import", "user (auditor or admin)")
	asJSON := f.Bool("json", false, "print JSON")
	return f.withOne(ctx, args, "FILE", func(w *app.Workspace, s *app.Session, arg string) int {
		rep, err := w.ImportLedger(ctx, s, arg)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			c.printJSON(rep)
		} else {
			fmt.Fprintln(c.stdout, assets.T(c.lang, "ledger.imported", rep.Workstation, rep.New, rep.Duplicates))
			if len(rep.Gap) == 2 {
				fmt.Fprintln(c.stdout, "  ! "+assets.T(c.lang, "ledger.gap", rep.Gap[0], rep.Gap[1]))
			}
			if len(rep.Forks) > 0 {
				fmt.Fprintln(c.stdout, "  ! "+assets.T(c.lang, "ledger.forks", rep.Forks))
			}
			if len(rep.NotChaining) > 0 {
				fmt.Fprintln(c.stdout, "  ! "+assets.T(c.lang, "ledger.notchaining", rep.NotChaining))
			}
		}
		if !rep.Clean() {
			return exitRefused
		}
		return exitOK
	})
}

// ledgerArchive runs `sealctl ledger archive --home DIR --as USER --before DATE --out FILE`:
// entries before the day whose retention has ended move to a signed extract.
func (c *cli) ledgerArchive(ctx context.Context, args []string) int {
	f := c.command("ledger archive", "user (auditor or admin)")
	before := f.required("before", "archive entries before this day (YYYY-MM-DD) whose retention has ended")
	out := f.String("out", "", "archive file to write")
	asJSON := f.Bool("json", false, "print JSON")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	day, err := time.ParseInLocation(time.DateOnly, *before, time.Local)
	if err != nil {
		return c.badArg("--before " + *before)
	}
	if *out == "" {
		return c.missing("ledger", "--out")
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		res, err := w.ArchiveLedger(ctx, s, day, *out)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			return c.printJSON(res)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.ledger.archived", res.First, res.Last, res.Path, res.SM3))
		return exitOK
	})
}
