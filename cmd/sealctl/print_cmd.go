package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// printRequest runs `sealctl print-request --home DIR --as USER --doc STAMPED.pdf|.ofd --copies N [--reason TEXT]`.
func (c *cli) printRequest(ctx context.Context, args []string) int {
	f := c.command("print-request", "user")
	doc := f.required("doc", "stamped PDF or OFD document")
	n := f.Int("copies", 0, "number of paper copies")
	reason := f.String("reason", "", "why the copies are needed")
	return f.run(ctx, args, func(w *app.Workspace, s *app.Session) int {
		id, err := w.RequestPrint(ctx, s, *doc, *n, *reason)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, id)
		c.say("cli.did.print_request", id)
		return exitOK
	})
}

// print runs `sealctl print --home DIR --as USER --request ID (--out DIR | --printer NAME) [--grey]`.
func (c *cli) print(ctx context.Context, args []string) int {
	f := c.command("print", "user")
	req := f.required("request", "approved print request id")
	out := f.String("out", "", "folder for the print-ready copy PDFs")
	printer := f.String("printer", "", "CUPS queue to print on")
	doc := f.String("doc", "", "the stamped document (default: the path recorded in the request)")
	grey := f.Bool("grey", false, "draw seals in grey on the copies")
	return f.run(ctx, args, func(w *app.Workspace, s *app.Session) int {
		res, err := w.Print(ctx, s, app.PrintInput{RequestID: *req, DocPath: *doc, OutDir: *out, Printer: *printer, GreySeals: *grey})
		if res != nil {
			for _, f := range res.Files {
				fmt.Fprintln(c.stdout, f)
			}
		}
		if err != nil {
			return c.fail(err)
		}
		c.say("cli.did.print", len(res.Copies))
		return exitOK
	})
}

// verifyCopy runs `sealctl verify-copy (--qr TEXT | --image SCAN.png) [--original FILE] [--json]`.
func (c *cli) verifyCopy(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("verify-copy", flag.ContinueOnError)
	qr := fs.String("qr", "", "the text of the copy's QR code")
	scan := fs.String("image", "", "a scan or photo of the copy (PNG or JPEG) to read the QR code from")
	original := fs.String("original", "", "the electronic original to check the copy against")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	text := *qr
	if *scan != "" {
		var err error
		if text, err = app.ReadCopyScan(*scan); err != nil {
			return c.fail(err)
		}
	}
	if text == "" {
		return c.missing("verify-copy", "--qr / --image")
	}
	rep, err := app.VerifyCopy(ctx, text, *original)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		c.printJSON(rep)
	} else {
		p := rep.Payload
		when := p.Printed.Local().Format(time.DateTime)
		fmt.Fprintln(c.stdout, assets.T(c.lang, "copy.decoded", p.Copy, p.Of, p.DocHash[:16]+"…", p.Request, when, p.Workstation))
		switch {
		case rep.Belongs == nil:
		case *rep.Belongs:
			fmt.Fprintln(c.stdout, assets.T(c.lang, "copy.belongs", p.Copy, p.Of, p.Request, when, p.Workstation))
		default:
			fmt.Fprintln(c.stdout, assets.T(c.lang, "err."+app.CodeCopyMismatch, rep.Problem))
		}
	}
	if rep.Belongs != nil && !*rep.Belongs {
		return exitRefused
	}
	return exitOK
}
