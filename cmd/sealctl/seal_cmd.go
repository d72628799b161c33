package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/seal"
)

// sealCmd runs `sealctl seal make|list|show|export|import|suspend|resume|revoke|reissue`.
func (c *cli) sealCmd(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || isHelpFlag(args[0]) {
		return c.help("seal")
	}
	cmds := map[string]func(context.Context, []string) int{
		"make": c.sealMake, "list": c.sealList, "show": c.sealShow, "export": c.sealExport, "import": c.sealImport,
		"suspend": c.sealStatus("suspend"), "resume": c.sealStatus("resume"), "revoke": c.sealStatus("revoke"),
		"reissue": c.sealReissue, "issue": c.sealIssue, "collect": c.sealCollect, "sweep": c.sealSweep,
		"pin": c.sealPIN,
	}
	fn, ok := cmds[args[0]]
	if !ok {
		return c.unknownSub("seal", args)
	}
	return fn(ctx, args[1:])
}

// makeFlags are the flags of a new seal, shared by make and reissue.
type makeFlags struct {
	in            app.MakeSealInput
	from, to      string
	width, height float64
	color         string
	noStar        bool
	asJSON        *bool
}

// readPINs reads the new seal key's PIN (and the CA key's, from
// SEALDESK_CA_PIN) into the input; false when the PIN could not be read.
func (m *makeFlags) readPINs(c *cli) bool {
	pin, code := c.ask("SEALDESK_PIN", "新印章密钥的保护口令 / PIN of the new key: ")
	if code != exitOK {
		return false
	}
	m.in.PIN, m.in.CAPIN = pin, os.Getenv("SEALDESK_CA_PIN")
	return true
}

func (c *cli) makeFlagSet(name string, m *makeFlags) *command {
	fs := c.command(name, "user (an administrator)")
	m.asJSON = fs.Bool("json", false, "print JSON")
	fs.StringVar(&m.in.Kind, "kind", "", "seal kind")
	fs.StringVar(&m.in.Name, "name", "", "seal name")
	fs.StringVar(&m.in.Code, "code", "", "seal code (印章编码)")
	fs.StringVar(&m.in.ID, "id", "", "workspace id of the seal")
	fs.StringVar(&m.in.Algorithm, "alg", "", "SM2 or ECDSA-P256")
	fs.StringVar(&m.in.Organisation, "org", "", "organisation (default: the workspace's)")
	fs.StringVar(&m.in.Purpose, "purpose", "", "purpose of a business seal, e.g. 报关专用章")
	fs.StringVar(&m.in.TaxID, "tax-id", "", "taxpayer id of an invoice seal")
	fs.StringVar(&m.in.Holder, "holder", "", "name on a legal-rep or personal seal")
	fs.IntVar(&m.in.CertYears, "cert-years", 0, "years of the certificate (default 5)")
	fs.IntVar(&m.in.CertListType, "cert-list", 0, "1 certificates (default), 2 digests")
	fs.StringVar(&m.from, "valid-from", "", "first day of validity (YYYY-MM-DD)")
	fs.StringVar(&m.to, "valid-to", "", "last day of validity (YYYY-MM-DD)")
	fs.Float64Var(&m.width, "width", 0, "picture width in mm (whole)")
	fs.Float64Var(&m.height, "height", 0, "picture height in mm (whole)")
	fs.StringVar(&m.color, "color", "", "red, blue or black")
	fs.BoolVar(&m.noStar, "no-star", false, "no star in the centre")
	return fs
}

// finish turns the dates and picture flags into the input, or names the bad flag.
func (m *makeFlags) finish() (string, bool) {
	if m.from != "" {
		t, err := time.ParseInLocation(time.DateOnly, m.from, time.Local)
		if err != nil {
			return "--valid-from " + m.from, false
		}
		m.in.ValidFrom = t
	}
	if m.to != "" {
		t, err := time.ParseInLocation(time.DateOnly, m.to, time.Local)
		if err != nil {
			return "--valid-to " + m.to, false
		}
		m.in.ValidTo = t.AddDate(0, 0, 1).Add(-time.Second) // the whole last day
	}
	switch m.color {
	case "", "red", "blue", "black":
	default:
		return "--color " + m.color, false
	}
	if (m.width > 0) != (m.height > 0) {
		return "--width/--height", false
	}
	if m.width > 0 || m.color != "" || m.noStar {
		m.in.Adjust = func(p *seal.PictureSpec) {
			if m.width > 0 {
				p.WidthMM, p.HeightMM = m.width, m.height
			}
			switch m.color {
			case "red":
				p.Color = seal.SealRed
			case "blue":
				p.Color = seal.SealBlue
			case "black":
				p.Color = seal.SealBlack
			}
			if m.noStar {
				p.Star = false
			}
		}
	}
	return "", true
}

// sealRow is a seal as `seal list --json` and `seal show --json` print it.
type sealRow struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	Kind          string      `json:"kind"`
	Code          string      `json:"code"`
	Algorithm     string      `json:"algorithm"`
	Status        string      `json:"status"`
	WidthMM       float64     `json:"width_mm"`
	HeightMM      float64     `json:"height_mm"`
	ValidFrom     time.Time   `json:"valid_from"`
	ValidTo       time.Time   `json:"valid_to"`
	VendorID      string      `json:"vendor_id,omitempty"`
	Origin        string      `json:"origin,omitempty"`
	PictureFormat string      `json:"picture_format,omitempty"`
	StatusReason  string      `json:"status_reason,omitempty"`
	RevokedAt     *time.Time  `json:"revoked_at,omitempty"`
	Replaces      string      `json:"replaces,omitempty"`
	ReplacedBy    string      `json:"replaced_by,omitempty"`
	Certificate   string      `json:"certificate,omitempty"`
	CertValidTo   *time.Time  `json:"certificate_valid_to,omitempty"`
	Events        []eventJSON `json:"events,omitempty"`
	Note          string      `json:"note,omitempty"`
	PIN           *pinJSON    `json:"pin,omitempty"`
}

// pinJSON is how a seal's protection PIN stands (seal show).
type pinJSON struct {
	USBKey  bool       `json:"usb_key,omitempty"`
	Set     *time.Time `json:"set,omitempty"`
	Due     *time.Time `json:"due,omitempty"`
	Overdue bool       `json:"overdue,omitempty"`
}

// eventJSON is one step of a seal's history.
type eventJSON struct {
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Event      string    `json:"event"`
	FromStatus string    `json:"from_status,omitempty"`
	ToStatus   string    `json:"to_status"`
	Reason     string    `json:"reason,omitempty"`
	Related    string    `json:"related,omitempty"`
}

func rowOf(s app.Seal, l app.SealLifecycle) sealRow {
	r := sealRow{ID: s.ID, Name: s.Name, Kind: s.Kind, Code: s.Code, Algorithm: s.Algorithm, Status: s.Status,
		WidthMM: s.WidthMM, HeightMM: s.HeightMM, ValidFrom: s.ValidFrom, ValidTo: s.ValidTo,
		VendorID: l.VendorID, Origin: l.Origin, PictureFormat: l.PictureFormat, StatusReason: l.StatusReason,
		Replaces: l.Replaces, ReplacedBy: l.ReplacedBy}
	if !l.RevokedAt.IsZero() {
		t := l.RevokedAt
		r.RevokedAt = &t
	}
	return r
}

func (c *cli) sealMake(ctx context.Context, args []string) int {
	var m makeFlags
	f := c.makeFlagSet("seal make", &m)
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	if m.in.Kind == "" {
		return c.missing("seal", "--kind")
	}
	if bad, ok := m.finish(); !ok {
		return c.badArg(bad)
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		if !m.readPINs(c) {
			return exitBadInput
		}
		sl, err := w.MakeSeal(ctx, s, m.in)
		if err != nil {
			return c.fail(err)
		}
		return c.printMade(ctx, w, sl, *m.asJSON, "seal.made", sl.ID, sl.Name, sl.Code, sl.Algorithm)
	})
}

func (c *cli) printMade(ctx context.Context, w *app.Workspace, sl app.Seal, asJSON bool, key string, args ...any) int {
	if asJSON {
		l, err := w.SealLifecycle(ctx, sl.ID)
		if err != nil {
			return c.fail(err)
		}
		return c.printJSON(rowOf(sl, l))
	}
	fmt.Fprintln(c.stdout, assets.T(c.lang, key, args...))
	return exitOK
}

func (c *cli) sealList(ctx context.Context, args []string) int {
	f := c.command("seal list", "")
	asJSON := f.Bool("json", false, "print JSON")
	return f.run(ctx, args, func(w *app.Workspace, _ *app.Session) int {
		seals, err := w.Seals(ctx)
		if err != nil {
			return c.fail(err)
		}
		rows := []sealRow{}
		for _, s := range seals {
			l, err := w.SealLifecycle(ctx, s.ID)
			if err != nil {
				return c.fail(err)
			}
			rows = append(rows, rowOf(s, l))
		}
		if *asJSON {
			return c.printJSON(rows)
		}
		tw := newTable(c.stdout)
		t := func(k string) string { return assets.T(c.lang, k) }
		fmt.Fprintf(tw, "ID\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t("ui.seal.name"), t("ui.seal.kind"), t("ui.seal.code"),
			t("ui.seal.alg"), t("ui.seal.status"), t("ui.seal.valid"), t("ui.seal.origin"))
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s — %s\t%s\n", r.ID, r.Name, c.kind(r.Kind), r.Code, r.Algorithm,
				t("status."+r.Status), r.ValidFrom.Local().Format(time.DateOnly), r.ValidTo.Local().Format(time.DateOnly), t("origin."+r.Origin))
		}
		tw.Flush()
		return exitOK
	})
}

// kind names a seal kind in the user's language, or gives it as stored.
func (c *cli) kind(k string) string {
	if assets.HasMessage("kind." + k) {
		return assets.T(c.lang, "kind."+k)
	}
	return k
}

func (c *cli) sealShow(ctx context.Context, args []string) int {
	f := c.command("seal show", "")
	asJSON := f.Bool("json", false, "print JSON")
	return f.withOne(ctx, args, "SEAL", func(w *app.Workspace, _ *app.Session, arg string) int {
		d, err := w.SealInfo(ctx, arg)
		if err != nil {
			return c.fail(err)
		}
		r := rowOf(d.Seal, d.Lifecycle)
		r.Certificate = d.CertCN
		for _, e := range d.Events {
			r.Events = append(r.Events, eventJSON{e.At, e.Actor, e.Event, e.FromStatus, e.ToStatus, e.Reason, e.Related})
		}
		if !d.CertTo.IsZero() {
			r.CertValidTo = &d.CertTo
		}
		pin, err := w.SealPINStatus(ctx, d.Seal)
		if err != nil {
			return c.fail(err)
		}
		r.PIN = &pinJSON{USBKey: !pin.Soft, Overdue: pin.Overdue}
		if pin.Soft {
			r.PIN.Set = &pin.Set
		}
		if !pin.Due.IsZero() {
			r.PIN.Due = &pin.Due
		}
		if d.Lifecycle.PictureFormat != "png" && len(d.Seal.Picture) == 0 {
			r.Note = app.Message(&app.Error{Code: app.CodeSealPictureUndrawable, Args: []any{strings.ToUpper(d.Lifecycle.PictureFormat)}}, c.lang)
		}
		if *asJSON {
			return c.printJSON(r)
		}
		t := func(k string) string { return assets.T(c.lang, k) }
		tw := newTable(c.stdout)
		line := func(k, v string) {
			if v != "" {
				fmt.Fprintf(tw, "%s\t%s\n", t(k), v)
			}
		}
		fmt.Fprintf(tw, "ID\t%s\n", r.ID)
		line("ui.seal.name", r.Name)
		line("ui.seal.kind", c.kind(r.Kind))
		line("ui.seal.code", r.Code)
		line("ui.seal.alg", r.Algorithm)
		line("ui.seal.status", t("status."+r.Status))
		line("ui.seal.reason", r.StatusReason)
		line("ui.seal.valid", r.ValidFrom.Local().Format(time.DateOnly)+" — "+r.ValidTo.Local().Format(time.DateOnly))
		line("ui.seal.vendor", r.VendorID)
		line("ui.seal.origin", t("origin."+r.Origin))
		line("ui.seal.picture", fmt.Sprintf("%s %g×%g mm", r.PictureFormat, r.WidthMM, r.HeightMM))
		if r.CertValidTo != nil {
			line("ui.seal.cert", fmt.Sprintf("%s (%s)", r.Certificate, r.CertValidTo.Local().Format(time.DateOnly)))
		}
		line("ui.seal.pin", pin.Describe(c.lang))
		line("ui.seal.replaces", r.Replaces)
		line("ui.seal.replaced_by", r.ReplacedBy)
		tw.Flush()
		if r.Note != "" {
			fmt.Fprintln(c.stdout, assets.T(c.lang, "seal.note", r.Note))
		}
		fmt.Fprintln(c.stdout, t("ui.seal.events")+":")
		tw = newTable(c.stdout)
		status := func(st string) string {
			if st == "" {
				return ""
			}
			return t("status." + st)
		}
		for _, e := range r.Events {
			ev := e.Event
			if assets.HasMessage("seal.event." + ev) {
				ev = t("seal.event." + ev)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s→%s\t%s\t%s\n", e.At.Local().Format(time.DateTime), e.Actor, ev, status(e.FromStatus), status(e.ToStatus), e.Reason, e.Related)
		}
		tw.Flush()
		return exitOK
	})
}

func (c *cli) sealExport(ctx context.Context, args []string) int {
	f := c.command("seal export", "user (an administrator)")
	out := f.required("out", "file to write (DER SESeal)")
	return f.withOne(ctx, args, "SEAL", func(w *app.Workspace, s *app.Session, arg string) int {
		if err := w.ExportSeal(ctx, s, arg, *out); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "seal.exported", *out))
		return exitOK
	})
}

func (c *cli) sealImport(ctx context.Context, args []string) int {
	f := c.command("seal import", "user (an administrator)")
	asJSON := f.Bool("json", false, "print JSON")
	var in app.ImportSealInput
	f.StringVar(&in.File, "file", "", "the vendor's seal file (DER SESeal)")
	f.StringVar(&in.CertFile, "cert", "", "the key's certificate, PEM or DER")
	f.StringVar(&in.KeyFile, "key", "", "the SealDesk key file of that certificate")
	f.StringVar(&in.ID, "id", "", "workspace id of the seal")
	f.StringVar(&in.Kind, "kind", "", "seal kind")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	for _, f := range []struct{ v, name string }{{in.File, "--file"}, {in.CertFile, "--cert"}, {in.KeyFile, "--key"}} {
		if f.v == "" {
			return c.missing("seal", f.name)
		}
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		res, err := w.ImportSeal(ctx, s, in)
		if err != nil {
			return c.fail(err)
		}
		if res.Note != nil {
			fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "seal.note", app.Message(res.Note, c.lang)))
		}
		l, _ := w.SealLifecycle(ctx, res.Seal.ID)
		return c.printMade(ctx, w, res.Seal, *asJSON, "seal.imported", res.Seal.ID, res.Seal.Name, res.Seal.Code, l.VendorID)
	})
}

// sealStatus returns the command for suspend, resume or revoke.
func (c *cli) sealStatus(event string) func(context.Context, []string) int {
	return func(ctx context.Context, args []string) int {
		f := c.command("seal "+event, "user (an administrator)")
		reason := f.String("reason", "", "reason (required to revoke)")
		arg, ok := f.parseOne(args, "SEAL")
		if !ok {
			return exitBadInput
		}
		return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
			var err error
			key := "seal.suspended"
			switch event {
			case "suspend":
				err = w.SuspendSeal(ctx, s, arg, *reason)
			case "resume":
				err, key = w.ResumeSeal(ctx, s, arg, *reason), "seal.resumed"
			case "revoke":
				err, key = w.RevokeSeal(ctx, s, arg, *reason), "seal.revoked"
			}
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintln(c.stdout, assets.T(c.lang, key, arg))
			return exitOK
		})
	}
}

func (c *cli) sealReissue(ctx context.Context, args []string) int {
	var m makeFlags
	f := c.makeFlagSet("seal reissue", &m)
	reason := f.String("reason", "", "why (e.g. 法定代表人变更); required")
	arg, ok := f.parseOne(args, "SEAL")
	if !ok {
		return exitBadInput
	}
	if bad, ok := m.finish(); !ok {
		return c.badArg(bad)
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		if !m.readPINs(c) {
			return exitBadInput
		}
		sl, err := w.ReissueSeal(ctx, s, app.ReissueInput{Seal: arg, Reason: *reason, New: m.in})
		if err != nil {
			return c.fail(err)
		}
		return c.printMade(ctx, w, sl, *m.asJSON, "seal.reissued", sl.ID, arg)
	})
}

func (c *cli) sealIssue(ctx context.Context, args []string) int {
	f := c.command("seal issue", "user (an administrator)")
	to := f.required("to", "the custodian who collects the seal")
	return f.withOne(ctx, args, "SEAL", func(w *app.Workspace, s *app.Session, arg string) int {
		if err := w.IssueSeal(ctx, s, arg, *to); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "seal.issued", arg, *to))
		return exitOK
	})
}

func (c *cli) sealCollect(ctx context.Context, args []string) int {
	f := c.command("seal collect", "user (the custodian it was issued to)")
	return f.withOne(ctx, args, "SEAL", func(w *app.Workspace, s *app.Session, arg string) int {
		if err := w.CollectSeal(ctx, s, arg); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "seal.collected", arg))
		return exitOK
	})
}

// sealPIN changes the protection PIN of a seal's software key (its
// custodian): the current PIN from SEALDESK_PIN, the new one from
// SEALDESK_NEW_PIN, else both asked with echo off.
func (c *cli) sealPIN(ctx context.Context, args []string) int {
	f := c.command("seal pin", "user (a custodian the seal is granted to)")
	return f.withOne(ctx, args, "SEAL", func(w *app.Workspace, s *app.Session, arg string) int {
		old, newPIN, code := c.askPINChange()
		if code != exitOK {
			return code
		}
		if err := w.ChangeSealPIN(ctx, s, arg, old, newPIN); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "seal.pin_changed", arg))
		return exitOK
	})
}

func (c *cli) sealSweep(ctx context.Context, args []string) int {
	f := c.command("seal sweep", "user (an administrator)")
	return f.run(ctx, args, func(w *app.Workspace, s *app.Session) int {
		ids, err := w.RevokeUncollected(ctx, s)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "seal.swept", len(ids), strings.Join(ids, " ")))
		return exitOK
	})
}
