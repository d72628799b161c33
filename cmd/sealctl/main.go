// Command sealctl is SealDesk without a screen: the same workflows as the
// desktop (request, approve, stamp, verify, ledger) for scripts, servers and
// machines without a display. It never imports Fyne.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/safefile"
	"sealdesk/internal/secret"
)

// Exit codes.
const (
	exitOK       = 0
	exitRefused  = 1 // a refusal, an invalid signature, a broken ledger
	exitBadInput = 2 // usage errors and unreadable input
)

type cli struct {
	stdout, stderr io.Writer
	lang           string
	now            func() time.Time
}

func main() {
	c := &cli{stdout: os.Stdout, stderr: os.Stderr, lang: assets.DetectLang(), now: time.Now}
	os.Exit(c.run(context.Background(), os.Args[1:]))
}

const usage = `sealctl — SealDesk command line

  sealctl init-demo --home DIR
  sealctl seals     --home DIR [--json]
  sealctl request   --home DIR --as USER --seal SEAL --doc FILE.pdf --page N --x MM --y MM [--reason TEXT]
  sealctl request export --home DIR --as USER ID --out FILE      (carry a request and its signed approvals)
  sealctl approval import --home DIR --as USER FILE
  sealctl requests  --home DIR [--status pending|approved|rejected|used] [--json]
  sealctl approve   --home DIR --as USER [--comment TEXT] ID
  sealctl reject    --home DIR --as USER [--comment TEXT] ID
  sealctl stamp     --home DIR --as USER --request ID --out OUT.pdf [--doc FILE.pdf] [--key pkcs11:URI]
  sealctl verify    [--home DIR] [--trust CERTS.pem] [--json] [--report OUT.pdf (needs --home)] FILE
  sealctl verify    --extract-revision N --out SIGNED.pdf FILE   (the version signature N signed)
  sealctl ledger    --home DIR [--format table|csv|json] [--out FILE] [--seal ID] [--user NAME] [--kind KIND]
                    [--outcome ok|refused|failed] [--request ID] [--doc-hash HEX] [--from DATE] [--to DATE]
  sealctl ledger verify --home DIR [--full]
  sealctl ledger export --home DIR --as USER [--since DATE] [--from-seq N] --out FILE
  sealctl ledger import --home DIR --as USER [--json] FILE
  sealctl ledger archive --home DIR --as USER --before DATE --out FILE   (only entries past their retention)
  sealctl seal      make|list|show|export|import|suspend|resume|revoke|reissue|issue|collect|sweep …  (sealctl seal help)
  sealctl keys      list|pin change|bind …
  sealctl grant     --home DIR --as ADMIN --user USER --seal SEAL [--from DATE] [--to DATE]  |  grant withdraw ID  |  grant list
  sealctl rule      --home DIR --as ADMIN --seal SEAL --required N [--approvers a,b]
  sealctl print-request --home DIR --as USER --doc STAMPED.pdf --copies N [--reason TEXT]
  sealctl print     --home DIR --as USER --request ID (--out DIR | --printer NAME) [--grey]
  sealctl verify-copy (--qr TEXT | --image SCAN.png) [--original STAMPED.pdf] [--json]
  sealctl audit report --home DIR --as AUDITOR --from DATE --to DATE --out REPORT.pdf [--json]
  sealctl trust     list --home DIR [--json]  |  trust add --home DIR --as ADMIN FILE.pem…   (recorded trust anchors)
  sealctl settings  --home DIR [--json]
  sealctl user      list|add|password|disable|enable|unlock|recover-admin …  (sealctl user help)
  sealctl settings set --home DIR --as ADMIN [--idle-minutes N] [--operation-logs-months N] [--evidence-months N] [--max-file-mb N] [--usb-vendors LIST]

Positions are the seal's centre in millimetres from the top-left corner of the page as displayed.
Passwords come from SEALDESK_PASSWORD, PINs from SEALDESK_PIN, else a prompt with echo off.
--lang zh-CN|en (or SEALDESK_LANG) chooses the language of messages.
`

func (c *cli) run(ctx context.Context, args []string) int {
	// A global --lang may come anywhere.
	for i := 0; i < len(args); i++ {
		if a := args[i]; a == "--lang" || a == "-lang" {
			if i+1 < len(args) {
				c.lang = normLang(args[i+1])
				args = append(args[:i:i], args[i+2:]...)
			}
		} else if v, ok := strings.CutPrefix(a, "--lang="); ok {
			c.lang = normLang(v)
			args = append(args[:i:i], args[i+1:]...)
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	cmds := map[string]func(context.Context, []string) int{
		"init-demo": c.initDemo, "seals": c.seals, "request": c.request, "requests": c.requests,
		"approve": c.approve, "reject": c.reject, "stamp": c.stamp, "verify": c.verify, "ledger": c.ledger,
		"seal": c.sealCmd, "keys": c.keysCmd,
		"approval": c.approvalImport, "grant": c.grant, "rule": c.rule,
		"print-request": c.printRequest, "print": c.print, "verify-copy": c.verifyCopy,
		"settings": c.settings, "audit": c.audit, "trust": c.trust, "user": c.user,
	}
	fn, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(c.stderr, "sealctl: %s\n\n%s", assets.T(c.lang, "err.bad_argument", args[0]), usage)
		return exitBadInput
	}
	return fn(ctx, args[1:])
}

func normLang(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return assets.LangEN
	}
	return assets.LangZH
}

// parse parses flags that may be mixed with positional arguments.
func (c *cli) parse(fs *flag.FlagSet, args []string) ([]string, bool) {
	fs.SetOutput(c.stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		if fs.NArg() == 0 {
			return pos, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// fail prints err for a person and returns the exit code it deserves.
func (c *cli) fail(err error) int {
	fmt.Fprintln(c.stderr, "sealctl: "+app.Message(err, c.lang))
	return exitCode(err)
}

// exitCode is the one mapping from errors to exit codes: app sorts its codes
// into bad input and the rest.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case app.BadInput(err):
		return exitBadInput
	}
	return exitRefused
}

func (c *cli) badArg(what string) int {
	return c.fail(app.NewError(app.CodeBadArgument, nil, what))
}

func (c *cli) open(home string) (*app.Workspace, int) {
	if home == "" {
		return nil, c.badArg("--home")
	}
	w, err := app.Open(home)
	if err != nil {
		return nil, c.fail(err)
	}
	w.Now = c.now
	for _, f := range w.PermissionFixes() {
		fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "msg.perm_fixed", f.Path, fmt.Sprintf("%04o", f.From), fmt.Sprintf("%04o", f.To)))
	}
	for _, r := range w.Recovered() {
		fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "msg.recovered."+r.Outcome, r.RequestID, r.OutPath))
	}
	return w, exitOK
}

func (c *cli) login(ctx context.Context, w *app.Workspace, user string) (*app.Session, int) {
	if user == "" {
		return nil, c.badArg("--as")
	}
	pw, err := secret.Read("SEALDESK_PASSWORD", user+" 的密码 / password: ")
	if err != nil {
		fmt.Fprintln(c.stderr, "sealctl:", err)
		return nil, exitBadInput
	}
	s, err := w.Login(ctx, user, pw)
	if err != nil {
		return nil, c.fail(err)
	}
	return s, exitOK
}

// signIn opens the workspace and signs user in. On failure the workspace is
// closed again and the session is nil.
func (c *cli) signIn(ctx context.Context, home, user string) (*app.Workspace, *app.Session, int) {
	w, code := c.open(home)
	if w == nil {
		return nil, nil, code
	}
	s, code := c.login(ctx, w, user)
	if s == nil {
		w.Close()
		return nil, nil, code
	}
	return w, s, exitOK
}

func (c *cli) initDemo(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("init-demo", flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	if *home == "" {
		return c.badArg("--home")
	}
	if err := app.InitDemo(ctx, *home, rand.Reader, c.now()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, *home)
	return exitOK
}

// seals is the short form of `sealctl seal list`.
func (c *cli) seals(ctx context.Context, args []string) int { return c.sealList(ctx, args) }

func (c *cli) printJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return c.fail(err)
	}
	return exitOK
}

func (c *cli) request(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "export" {
		return c.requestExport(ctx, args[1:])
	}
	f := c.command("request", "user")
	sealRef := f.String("seal", "", "seal id, code or name")
	doc := f.String("doc", "", "PDF document")
	page := f.Int("page", 0, "page number, from 1")
	x := f.Float64("x", -1, "seal centre, mm from the left edge")
	y := f.Float64("y", -1, "seal centre, mm from the top edge")
	reason := f.String("reason", "", "reason for the stamp")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	switch {
	case *sealRef == "":
		return c.badArg("--seal")
	case *doc == "":
		return c.badArg("--doc")
	case *page == 0:
		return c.badArg("--page")
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		id, err := w.Request(ctx, s, app.RequestInput{Seal: *sealRef, DocPath: *doc, Page: *page, XMM: *x, YMM: *y, Reason: *reason})
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, id)
		return exitOK
	})
}

func (c *cli) requests(ctx context.Context, args []string) int {
	f := c.command("requests", "")
	status := f.String("status", "", "only requests in this status")
	asJSON := f.Bool("json", false, "print JSON")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	return f.with(ctx, func(w *app.Workspace, _ *app.Session) int {
		reqs, err := w.Requests(ctx, *status)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			if reqs == nil {
				reqs = []app.StampRequest{}
			}
			return c.printJSON(reqs)
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		for _, r := range reqs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\tp.%d (%.1f, %.1f)\t%s\n", r.ID, r.Status, r.Requester, r.SealID, r.DocName, r.Page, r.XMM, r.YMM, r.Reason)
		}
		tw.Flush()
		return exitOK
	})
}

func (c *cli) approve(ctx context.Context, args []string) int { return c.decide(ctx, "approve", args) }
func (c *cli) reject(ctx context.Context, args []string) int  { return c.decide(ctx, "reject", args) }

func (c *cli) decide(ctx context.Context, what string, args []string) int {
	f := c.command(what, "user")
	comment := f.String("comment", "", "comment")
	arg, ok := f.parseOne(args, "request ID")
	if !ok {
		return exitBadInput
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		var err error
		if what == "approve" {
			err = w.Approve(ctx, s, arg, *comment)
		} else {
			err = w.Reject(ctx, s, arg, *comment)
		}
		if err != nil {
			return c.fail(err)
		}
		return exitOK
	})
}

func (c *cli) stamp(ctx context.Context, args []string) int {
	f := c.command("stamp", "user")
	req := f.String("request", "", "approved request id")
	out := f.String("out", "", "stamped PDF to write")
	doc := f.String("doc", "", "the document (default: the path recorded in the request)")
	key := f.String("key", "", "pkcs11: URI of the USB key to sign with (must hold the seal's certified key)")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	if *req == "" {
		return c.badArg("--request")
	}
	if *out == "" {
		return c.badArg("--out")
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		pin, err := secret.Read("SEALDESK_PIN", "印章密钥保护口令 / key PIN: ")
		if err != nil {
			fmt.Fprintln(c.stderr, "sealctl:", err)
			return exitBadInput
		}
		res, err := w.Stamp(ctx, s, app.StampInput{RequestID: *req, DocPath: *doc, OutPath: *out, PIN: pin, Key: *key})
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, res.OutPath)
		return exitOK
	})
}

func (c *cli) verify(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	home := fs.String("home", "", "workspace whose trust anchors to use")
	trust := fs.String("trust", "", "PEM file of trust anchors")
	asJSON := fs.Bool("json", false, "print JSON")
	extract := fs.Int("extract-revision", 0, "write the version signature N signed")
	out := fs.String("out", "", "file for --extract-revision")
	reportPath := fs.String("report", "", "write a signed PDF report of the verification (needs --home)")
	pos, ok := c.parse(fs, args)
	if !ok {
		return exitBadInput
	}
	if len(pos) != 1 {
		return c.badArg("FILE")
	}
	if *extract != 0 || *out != "" {
		return c.extractRevision(pos[0], *extract, *out)
	}
	if *reportPath != "" && *home == "" {
		return c.badArg("--report needs --home")
	}
	var roots *smx509.CertPool
	var w *app.Workspace
	var opts app.VerifyOptions
	if *home != "" {
		var code int
		if w, code = c.open(*home); w == nil {
			return code
		}
		defer w.Close()
		o, err := w.VerifyOptions()
		if err != nil {
			return c.fail(err)
		}
		roots, opts = o.Roots, o
	}
	if *trust != "" {
		pem, err := app.ReadUserFile(*trust, 16<<20)
		if err != nil {
			return c.fail(err)
		}
		if roots == nil {
			roots = smx509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(pem) {
			return c.badArg("--trust " + *trust)
		}
	}
	opts.Roots, opts.At = roots, c.now()
	rep, err := app.VerifyFile(ctx, pos[0], opts)
	if err != nil {
		fmt.Fprintln(c.stderr, "sealctl: "+app.Message(err, c.lang))
		return exitBadInput
	}
	if *asJSON {
		c.printJSON(rep)
	} else {
		c.printReport(rep)
	}
	if *reportPath != "" {
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return c.fail(app.NewError(app.CodeFileRead, err, pos[0], err))
		}
		if _, err := w.VerificationReport(ctx, rep, data, *reportPath, c.lang); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stderr, assets.T(c.lang, "vreport.written", *reportPath))
	}
	if !rep.Valid {
		return exitRefused
	}
	return exitOK
}

// extractRevision writes the bytes signature n signed; a wrong n or file is bad input.
func (c *cli) extractRevision(path string, n int, out string) int {
	if out == "" {
		return c.badArg("--out")
	}
	data, err := app.ReadUserFile(path, 0)
	if err != nil {
		fmt.Fprintln(c.stderr, "sealctl: "+app.Message(err, c.lang))
		return exitBadInput
	}
	b, err := app.SignedRevision(data, path, n)
	if err != nil {
		fmt.Fprintln(c.stderr, "sealctl: "+app.Message(err, c.lang))
		return exitBadInput
	}
	if err := safefile.WriteBytes(out, 0o600, b); err != nil {
		return c.fail(app.NewError(app.CodeFileWrite, err, out, err))
	}
	fmt.Fprintln(c.stdout, assets.T(c.lang, "verify.extracted", n, len(b), out))
	return exitOK
}

func (c *cli) word(v string) string {
	if assets.HasMessage("verify." + v) {
		return assets.T(c.lang, "verify."+v)
	}
	return v
}

func (c *cli) printReport(r *app.VerifyReport) {
	zh := c.lang == assets.LangZH
	pick := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	overall := c.word(app.Valid)
	if !r.Valid {
		overall = c.word(app.Invalid)
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", r.File, overall)
	switch r.Kind {
	case app.KindSeal, app.KindSig:
		if r.Kind == app.KindSig {
			fmt.Fprintf(c.stdout, "  %s: %s\n", pick("文档签名", "document signature"), c.word(r.Signature))
		}
		fmt.Fprintf(c.stdout, "  %s: V%d\n", pick("印章数据版本", "seal data version"), r.Version)
		fmt.Fprintf(c.stdout, "  %s: %s\n", pick("印章名称", "seal name"), r.Name)
		fmt.Fprintf(c.stdout, "  %s: %s\n", pick("印章编码", "seal code"), r.Code)
		fmt.Fprintf(c.stdout, "  %s: %s\n", pick("制章者签名", "maker signature"), c.word(r.MakerSignature))
		if r.ValidFrom != nil && r.ValidTo != nil {
			state := ""
			switch {
			case r.Expired:
				state = " (" + c.word("expired") + ")"
			case r.NotYetValid:
				state = " (" + c.word("not_yet_valid") + ")"
			}
			fmt.Fprintf(c.stdout, "  %s: %s — %s%s\n", pick("有效期", "validity"), r.ValidFrom.Format(time.DateOnly), r.ValidTo.Format(time.DateOnly), state)
		}
	case app.KindPDF, app.KindOFD:
		for i, s := range r.Signatures {
			fmt.Fprintf(c.stdout, "  #%d %s (%s %d)\n", i+1, s.Field, pick("第", "page"), s.Page)
			fmt.Fprintf(c.stdout, "     %s: %s\n", pick("完整性", "integrity"), c.word(s.Integrity))
			cover := c.word("whole")
			if s.ModifiedAfter {
				cover = c.word("modified_after") + " (" + s.Modification + ")"
			} else if !s.CoversWholeDocument {
				cover = c.word("later_sigs")
			}
			fmt.Fprintf(c.stdout, "     %s: %s\n", pick("覆盖范围", "coverage"), cover)
			fmt.Fprintf(c.stdout, "     %s: %s\n", pick("签章人", "signer"), s.Signer)
			fmt.Fprintf(c.stdout, "     %s: %s %s (%s)\n", pick("印章", "seal"), s.SealName, s.SealCode, c.word(s.SealCheck))
			fmt.Fprintf(c.stdout, "     %s: %s\n", pick("算法", "algorithm"), s.Algorithm)
			fmt.Fprintf(c.stdout, "     %s: %s\n", pick("签章时间", "signing time"), s.SigningTime.Local().Format(time.DateTime))
			fmt.Fprintf(c.stdout, "     %s: %s\n", pick("信任", "trust"), c.word(s.Trust))
		}
	}
	for _, f := range r.Findings {
		mark := "!"
		if f.Severity == app.SevWarning {
			mark = "~"
		}
		where := ""
		if f.Signature > 0 {
			where = fmt.Sprintf("#%d ", f.Signature)
		}
		if f.Revision > 0 {
			where += fmt.Sprintf("%s %d ", c.word("revision"), f.Revision)
		}
		if len(f.Objects) > 0 {
			where += fmt.Sprintf("%s %v ", c.word("objects"), f.Objects)
		}
		fmt.Fprintf(c.stdout, "  %s %s%s", mark, where, assets.T(c.lang, "verify.finding."+f.Code))
		if f.Detail != "" {
			fmt.Fprintf(c.stdout, " — %s", f.Detail)
		}
		fmt.Fprintln(c.stdout)
	}
	for _, q := range r.Quirks {
		fmt.Fprintf(c.stdout, "  ~ %s\n", q)
	}
}

func (c *cli) ledger(ctx context.Context, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "verify":
			return c.ledgerVerify(ctx, args[1:])
		case "export":
			return c.ledgerExport(ctx, args[1:])
		case "import":
			return c.ledgerImport(ctx, args[1:])
		case "archive":
			return c.ledgerArchive(ctx, args[1:])
		}
	}
	cmd := c.command("ledger", "")
	asJSON := cmd.Bool("json", false, "print JSON (same as --format json)")
	format := cmd.String("format", "table", "table, csv or json")
	outFile := cmd.String("out", "", "write to this new file instead of standard output")
	var f app.LedgerFilter
	cmd.StringVar(&f.SealID, "seal", "", "only this seal")
	cmd.StringVar(&f.Actor, "user", "", "only this user")
	cmd.StringVar(&f.Kind, "kind", "", "only this kind (request, approve, stamp, print, logout, ...)")
	cmd.StringVar(&f.Outcome, "outcome", "", "only this outcome (ok, refused, failed)")
	cmd.StringVar(&f.RequestID, "request", "", "only this request")
	cmd.StringVar(&f.AnyHash, "doc-hash", "", "only this document (hex SM3, before or after stamping)")
	from := cmd.String("from", "", "from this date (YYYY-MM-DD)")
	to := cmd.String("to", "", "up to and including this date (YYYY-MM-DD)")
	if _, ok := cmd.parse(args); !ok {
		return exitBadInput
	}
	if *asJSON {
		*format = "json"
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return c.badArg("--format " + *format)
	}
	var err error
	if *from != "" {
		if f.From, err = time.ParseInLocation(time.DateOnly, *from, time.Local); err != nil {
			return c.badArg("--from " + *from)
		}
	}
	if *to != "" {
		t, err := time.ParseInLocation(time.DateOnly, *to, time.Local)
		if err != nil {
			return c.badArg("--to " + *to)
		}
		f.To = t.AddDate(0, 0, 1)
	}
	if *outFile != "" {
		if _, err := os.Stat(*outFile); err == nil {
			return c.fail(app.NewError(app.CodeOutExists, nil, *outFile))
		}
	}
	return cmd.with(ctx, func(w *app.Workspace, _ *app.Session) int {
		es, err := w.Ledger(ctx, f)
		if err != nil {
			return c.fail(err)
		}
		rs, err := w.LedgerRecords(ctx, es)
		if err != nil {
			return c.fail(err)
		}
		write := func(out io.Writer) error {
			switch *format {
			case "csv":
				return app.WriteLedgerCSV(out, rs)
			case "json":
				return app.WriteLedgerJSON(out, rs)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			for _, r := range rs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s %s\t%s\n", r.Seq, r.At.Local().Format(time.DateTime), r.Actor, r.Kind, r.Outcome, r.SealID, r.RequestID, r.DocName, r.Workstation, r.IP, r.Detail)
			}
			return tw.Flush()
		}
		if *outFile == "" {
			if err := write(c.stdout); err != nil {
				return c.fail(err)
			}
			return exitOK
		}
		if err := safefile.Write(*outFile, 0o600, write); err != nil {
			return c.fail(app.NewError(app.CodeFileWrite, err, *outFile, err))
		}
		if c.lang == assets.LangZH {
			fmt.Fprintf(c.stderr, "已导出 %d 条台账记录到 %s\n", len(rs), *outFile)
		} else {
			fmt.Fprintf(c.stderr, "exported %d ledger entries to %s\n", len(rs), *outFile)
		}
		return exitOK
	})
}

func (c *cli) ledgerVerify(ctx context.Context, args []string) int {
	f := c.command("ledger verify", "")
	full := f.Bool("full", false, "also check the signature of every signed head, on all cores")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	return f.with(ctx, func(w *app.Workspace, _ *app.Session) int {
		status := w.LedgerStatus
		if *full {
			status = w.LedgerStatusFull
		}
		n, err := status(ctx)
		var ce *app.ChainBreakError
		if errors.As(err, &ce) {
			fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "err."+app.CodeLedgerBroken, ce.Seq, ce.Reason))
			return exitRefused
		}
		if err != nil {
			return c.fail(err)
		}
		if c.lang == assets.LangZH {
			fmt.Fprintf(c.stdout, "台账完整：%d 条记录，哈希链无断裂\n", n)
		} else {
			fmt.Fprintf(c.stdout, "ledger intact: %d entries, hash chain unbroken\n", n)
		}
		return exitOK
	})
}
