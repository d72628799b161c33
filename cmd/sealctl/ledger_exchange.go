package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// ledgerExport runs `sealctl ledger export --home DIR --as USER [--since DATE] [--from-seq N] --out FILE`.
func (c *cli) ledgerExport(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("ledger export", flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "user (auditor or admin)")
	since := fs.String("since", "", "first day to export (YYYY-MM-DD)")
	from := fs.Int64("from-seq", 0, "first entry to export")
	out := fs.String("out", "", "extract file to write")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	if *out == "" {
		return c.badArg("--out")
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
	w, s, code := c.signIn(ctx, *home, *as)
	if s == nil {
		return code
	}
	defer w.Close()
	n, err := w.ExportLedger(ctx, s, o, *out)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, assets.T(c.lang, "ledger.exported", n, *out))
	return exitOK
}

// ledgerImport runs `sealctl ledger import --home DIR --as USER [--json] FILE`.
func (c *cli) ledgerImport(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("ledger import", flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "user (auditor or admin)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, ok := c.parse(fs, args)
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
	rep, err := w.ImportLedger(ctx, s, pos[0])
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
}

// ledgerArchive runs `sealctl ledger archive --home DIR --as USER --before DATE --out FILE`:
// entries before the day whose retention has ended move to a signed extract.
func (c *cli) ledgerArchive(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("ledger archive", flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "user (auditor or admin)")
	before := fs.String("before", "", "archive entries before this day (YYYY-MM-DD) whose retention has ended")
	out := fs.String("out", "", "archive file to write")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	day, err := time.ParseInLocation(time.DateOnly, *before, time.Local)
	if err != nil {
		return c.badArg("--before " + *before)
	}
	if *out == "" {
		return c.badArg("--out")
	}
	w, s, code := c.signIn(ctx, *home, *as)
	if s == nil {
		return code
	}
	defer w.Close()
	res, err := w.ArchiveLedger(ctx, s, day, *out)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(res)
	}
	if c.lang == assets.LangZH {
		fmt.Fprintf(c.stdout, "已归档第 %d–%d 条记录到 %s（SM3 %s）\n", res.First, res.Last, res.Path, res.SM3)
	} else {
		fmt.Fprintf(c.stdout, "entries %d–%d archived to %s (SM3 %s)\n", res.First, res.Last, res.Path, res.SM3)
	}
	return exitOK
}
