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
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/safefile"
	"sealdesk/internal/secret"
	"sealdesk/pdfview"
	"sealdesk/place"
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

	// parsing, when set, is shown every flag set before it is parsed: the
	// hostile-input test's census of the flags each command takes.
	parsing func(*flag.FlagSet)
}

func main() {
	c := &cli{stdout: os.Stdout, stderr: os.Stderr, lang: assets.DetectLang(), now: time.Now}
	os.Exit(c.run(context.Background(), os.Args[1:]))
}

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
	switch {
	case len(args) == 0 || isHelpFlag(args[0]):
		return c.help("")
	case args[0] == "help":
		if len(args) == 1 {
			return c.help("")
		}
		return c.help(args[1])
	case wantsHelp(args[1:]):
		return c.help(strings.TrimLeft(args[0], "-"))
	case args[0] == "version" || args[0] == "--version" || args[0] == "-version":
		return c.printVersion()
	}
	fn, ok := c.commands()[args[0]]
	if !ok {
		return c.unknownCommand(args[0])
	}
	return fn(ctx, args[1:])
}

// commands maps each top-level command to its function; each has a help
// text "cli.help.NAME" in the catalog (TestHelpEveryCommand).
func (c *cli) commands() map[string]func(context.Context, []string) int {
	return map[string]func(context.Context, []string) int{
		"init-demo": c.initDemo, "seals": c.seals, "request": c.request, "requests": c.requests,
		"approve": c.approve, "reject": c.reject, "withdraw": c.withdraw, "stamp": c.stamp, "verify": c.verify, "ledger": c.ledger,
		"seal": c.sealCmd, "keys": c.keysCmd,
		"approval": c.approvalImport, "grant": c.grant, "rule": c.rule,
		"print-request": c.printRequest, "print": c.print, "verify-copy": c.verifyCopy,
		"settings": c.settings, "audit": c.audit, "trust": c.trust, "user": c.user, "find": c.find,
	}
}

func normLang(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return assets.LangEN
	}
	return assets.LangZH
}

// parse parses flags that may be mixed with positional arguments. Go's flag
// package says nothing itself: a usage error is said from the catalog, with
// the command whose help to read.
func (c *cli) parse(fs *flag.FlagSet, args []string) ([]string, bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.parsing != nil {
		c.parsing(fs)
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			c.usageError(fs.Name(), c.flagError(err))
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
	if what, ok := cliArgument(err); ok {
		err = app.NewError(app.CodeBadArgument, err, what)
	}
	fmt.Fprintln(c.stderr, "sealctl: "+app.Message(err, c.lang))
	return exitCode(err)
}

// cliArgument words, in sealctl's flags, the input errors app reports by
// code alone (app does not know it runs under a command line).
func cliArgument(err error) (string, bool) {
	var ae *app.Error
	if !errors.As(err, &ae) {
		return "", false
	}
	switch ae.Code {
	case app.CodePrintDestination:
		return "--out DIR or --printer NAME", true
	case app.CodeSealIDAlphabet:
		return fmt.Sprintf("--id %v (a-z 0-9 - _)", ae.Args...), true
	}
	return "", false
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
		return nil, c.missing("", "--home")
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

// ask reads a secret from env, else from the terminal with echo off; when
// neither gives one it says why, and the code is exitBadInput.
func (c *cli) ask(env, prompt string) (string, int) {
	v, err := secret.Read(env, prompt)
	if err != nil {
		fmt.Fprintln(c.stderr, "sealctl:", err)
		return "", exitBadInput
	}
	return v, exitOK
}

func (c *cli) login(ctx context.Context, w *app.Workspace, user string) (*app.Session, int) {
	if user == "" {
		return nil, c.missing("", "--as")
	}
	pw, code := c.ask("SEALDESK_PASSWORD", user+" 的密码 / password: ")
	if code != exitOK {
		return nil, code
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
	hqHome := fs.String("field-of", "", "headquarters workspace to pair the new one with")
	hqAdmin := fs.String("as", "admin", "headquarters administrator (with --field-of)")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	if *home == "" {
		return c.missing("init-demo", "--home")
	}
	if *hqHome == "" {
		asGiven := false
		fs.Visit(func(f *flag.Flag) { asGiven = asGiven || f.Name == "as" })
		if asGiven { // --as names headquarters' administrator: alone it would be silently ignored
			return c.usageError("init-demo", assets.T(c.lang, "cli.err.as_needs_field_of"))
		}
		if err := app.InitDemo(ctx, *home, rand.Reader, c.now()); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, *home)
		c.say("cli.did.init_demo", *home)
		return exitOK
	}
	return c.initField(ctx, *home, *hqHome, *hqAdmin)
}

// initField creates a demo field workstation at home and pairs it with the
// headquarters workspace hqHome: each side's administrator adds the other's
// own roots, the very acts `sealctl trust add` records, so approvals travel
// to the field and ledger extracts to headquarters. Headquarters is signed
// into first, so a wrong password or a workspace without roots of its own
// creates nothing.
func (c *cli) initField(ctx context.Context, home, hqHome, hqAdmin string) int {
	hq, hs, code := c.signIn(ctx, hqHome, hqAdmin)
	if hs == nil {
		return code
	}
	defer hq.Close()
	hqRoots, err := hq.OwnRootFiles(ctx)
	if err != nil {
		return c.fail(err)
	}
	if err := app.InitDemo(ctx, home, rand.Reader, c.now()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, home)
	c.say("cli.did.init_demo", home)
	field, code := c.open(home)
	if field == nil {
		return code
	}
	defer field.Close()
	// The field workspace is new: its administrator's password is the demo's published one.
	fsess, err := field.Login(ctx, "admin", app.DemoPassword)
	if err != nil {
		return c.pairFailed(home, err)
	}
	for _, f := range hqRoots {
		if _, err := field.AddTrustAnchors(ctx, fsess, f); err != nil {
			return c.pairFailed(home, err)
		}
	}
	fieldRoots, err := field.OwnRootFiles(ctx)
	if err != nil {
		return c.pairFailed(home, err)
	}
	for _, f := range fieldRoots {
		if _, err := hq.AddTrustAnchors(ctx, hs, f); err != nil {
			return c.pairFailed(home, err)
		}
	}
	c.say("cli.did.paired", hqHome, len(hqRoots), len(fieldRoots))
	return exitOK
}

// pairFailed says that the field workspace exists but is not (fully) paired;
// the administrators can finish with `sealctl trust add`.
func (c *cli) pairFailed(home string, err error) int {
	fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "cli.err.pair", home, app.Message(err, c.lang)))
	return exitCode(err)
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
	var docs multiFlag
	f.Var(&docs, "doc", "PDF document (repeat for a batch)")
	docsDir := f.String("docs", "", "a folder: one batch over every PDF in it")
	var page pagesFlag
	f.Var(&page, "page", "page number, from 1, or pages such as 2,4-6")
	x := f.Float64("x", -1, "seal centre, mm from the left edge")
	y := f.Float64("y", -1, "seal centre, mm from the top edge")
	var at multiFlag
	f.Var(&at, "at", "one more spot, PAGE:X:Y in mm (repeatable)")
	seam := f.String("seam", "", "cross-page seal at this edge: right, left, top or bottom")
	seamPages := f.String("pages", "", "the cross-page seal's pages, such as 1-5 (default all)")
	offset := f.Float64("offset", 0, "the cross-page seal's position along the edge, mm (default the middle)")
	keyword := f.String("keyword", "", "put the seal's centre on this text of the document")
	kwIndex := f.String("keyword-index", "", "which match of the keyword: N, or all")
	dx := f.Float64("dx", 0, "move the keyword's spot right by MM")
	dy := f.Float64("dy", 0, "move the keyword's spot down by MM")
	reason := f.String("reason", "", "reason for the stamp")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	switch {
	case *sealRef == "":
		return c.missing("request", "--seal")
	case len(docs) == 0 && *docsDir == "":
		return c.missing("request", "--doc")
	case len(page) == 0 && len(at) == 0 && *seam == "" && *keyword == "":
		return c.missing("request", "--page")
	case *keyword != "" && (len(page) > 0 || len(at) > 0 || *seam != ""):
		return c.badArg("--keyword with --page, --at or --seam")
	}
	if *docsDir != "" {
		found, err := batchDocs(*docsDir)
		if err != nil {
			return c.fail(err)
		}
		docs = append(docs, found...)
	}
	in := app.RequestInput{Seal: *sealRef, DocPath: docs[0], Reason: *reason}
	if *keyword != "" {
		rule := pdfview.KeywordRule{Keyword: *keyword, DXMM: *dx, DYMM: *dy}
		switch *kwIndex {
		case "":
		case "all":
			rule.Index = pdfview.AllMatches
		default:
			n, err := strconv.Atoi(*kwIndex)
			if err != nil || n < 1 {
				return c.badArg("--keyword-index " + *kwIndex)
			}
			rule.Index = n
		}
		in.Keyword = &rule
	}
	if *seam != "" {
		if len(page) > 0 || len(at) > 0 {
			return c.badArg("--seam with --page or --at")
		}
		edge, err := place.ParseEdge(*seam)
		if err != nil {
			return c.badArg("--seam " + *seam)
		}
		in.Seam = &app.SeamInput{Edge: edge, Pages: *seamPages, OffsetMM: *offset}
	}
	for _, p := range page {
		in.Placements = append(in.Placements, place.Placement{Page: p, XMM: *x, YMM: *y})
	}
	for _, a := range at {
		p, err := place.Parse(a)
		if err != nil || p.Seam != nil {
			return c.badArg("--at " + a)
		}
		in.Placements = append(in.Placements, p)
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		if len(docs) > 1 || *docsDir != "" {
			batch, ids, err := w.RequestBatch(ctx, s, in, docs)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintln(c.stdout, batch)
			c.say("cli.did.request.batch", batch, len(ids))
			return exitOK
		}
		id, err := w.Request(ctx, s, in)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, id)
		c.say("cli.did.request", id)
		return exitOK
	})
}

// batchDocs lists the PDF and OFD files of dir (--docs), by name.
func batchDocs(dir string) ([]string, error) {
	docs, err := app.BatchDocuments(dir)
	if err == nil && len(docs) == 0 {
		err = app.NewError(app.CodeBadArgument, nil, "--docs "+dir+": no PDF or OFD")
	}
	return docs, err
}

// pagesFlag is --page: one page or a range such as 2,4-6, checked against the
// document later (the flag cannot know its page count).
type pagesFlag []int

func (p *pagesFlag) String() string { return fmt.Sprint([]int(*p)) }

func (p *pagesFlag) Set(v string) error {
	pages, err := place.ParsePages(v, 0)
	if err != nil {
		return err
	}
	*p = pages
	return nil
}

func (c *cli) requests(ctx context.Context, args []string) int {
	f := c.command("requests", "")
	status := f.String("status", "", "only requests in this status")
	mine := f.String("mine", "", "only the requests this user made")
	asJSON := f.Bool("json", false, "print JSON")
	return f.run(ctx, args, func(w *app.Workspace, _ *app.Session) int {
		reqs, err := w.Requests(ctx, *status)
		if err != nil {
			return c.fail(err)
		}
		if *mine != "" {
			var own []app.StampRequest
			for _, r := range reqs {
				if r.Requester == *mine {
					own = append(own, r)
				}
			}
			reqs = own
		}
		if *asJSON {
			if reqs == nil {
				reqs = []app.StampRequest{}
			}
			return c.printJSON(reqs)
		}
		if len(reqs) == 0 {
			fmt.Fprintln(c.stderr, assets.T(c.lang, "cli.no_entries"))
			return exitOK
		}
		tw := newTable(c.stdout)
		fmt.Fprintln(tw, assets.T(c.lang, "cli.requests.header"))
		for _, r := range reqs {
			status := c.label("ui.reqstatus.", r.Status)
			if r.Status == app.RequestPending {
				have, need, err := w.ApprovalProgress(ctx, r.ID)
				if err != nil {
					return c.fail(err)
				}
				if need > 1 {
					status = assets.T(c.lang, "cli.request.status.progress", have, need)
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, status, r.Requester, r.SealID, r.DocName,
				app.PlacementsText(c.lang, r), r.Reason)
		}
		tw.Flush()
		return exitOK
	})
}

// withdraw takes back a request its requester made (pending or approved, unused).
func (c *cli) withdraw(ctx context.Context, args []string) int {
	f := c.command("withdraw", "the custodian who made the request")
	return f.withOne(ctx, args, "request ID", func(w *app.Workspace, s *app.Session, id string) int {
		if err := w.Withdraw(ctx, s, id); err != nil {
			return c.fail(err)
		}
		c.say("cli.did.withdraw", id)
		return exitOK
	})
}

func (c *cli) approve(ctx context.Context, args []string) int { return c.decide(ctx, "approve", args) }
func (c *cli) reject(ctx context.Context, args []string) int  { return c.decide(ctx, "reject", args) }

func (c *cli) decide(ctx context.Context, what string, args []string) int {
	f := c.command(what, "user")
	comment := f.String("comment", "", "comment")
	return f.withOne(ctx, args, "request ID", func(w *app.Workspace, s *app.Session, arg string) int {
		if what == "reject" {
			if err := w.Reject(ctx, s, arg, *comment); err != nil {
				return c.fail(err)
			}
			c.say("cli.did.reject", arg)
			return exitOK
		}
		if app.IsBatch(arg) {
			n, err := w.ApproveBatch(ctx, s, arg, *comment)
			if err != nil {
				return c.fail(err)
			}
			c.say("cli.did.approve.batch", arg, n)
			return exitOK
		}
		if err := w.Approve(ctx, s, arg, *comment); err != nil {
			return c.fail(err)
		}
		// A print request is no stamp request and has no rule (ApprovalProgress
		// does not find it): it is said plainly.
		if have, need, err := w.ApprovalProgress(ctx, arg); err == nil && need > 1 {
			if have < need {
				c.say("cli.did.approve.more", arg, have, need, need-have)
			} else {
				c.say("cli.did.approve.done", arg, have, need)
			}
			return exitOK
		}
		c.say("cli.did.approve", arg)
		return exitOK
	})
}

func (c *cli) stamp(ctx context.Context, args []string) int {
	f := c.command("stamp", "user")
	req := f.required("request", "approved request id")
	out := f.required("out", "stamped PDF to write")
	doc := f.String("doc", "", "the document (default: the path recorded in the request)")
	key := f.String("key", "", "pkcs11: URI of the USB key to sign with (must hold the seal's certified key)")
	asJSON := f.Bool("json", false, "print a batch's summary as JSON")
	return f.run(ctx, args, func(w *app.Workspace, s *app.Session) int {
		pin, code := c.ask("SEALDESK_PIN", "印章密钥保护口令 / key PIN: ")
		if code != exitOK {
			return code
		}
		if app.IsBatch(*req) {
			return c.stampBatch(ctx, w, s, app.BatchStampInput{Batch: *req, OutDir: *out, PIN: pin, Key: *key}, *asJSON)
		}
		res, err := w.Stamp(ctx, s, app.StampInput{RequestID: *req, DocPath: *doc, OutPath: *out, PIN: pin, Key: *key})
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, res.OutPath)
		c.say("cli.did.stamp", res.OutPath)
		return exitOK
	})
}

// stampBatch stamps a batch into a new or empty folder: a line for each
// document, a summary, exit 1 when any was refused.
func (c *cli) stampBatch(ctx context.Context, w *app.Workspace, s *app.Session, in app.BatchStampInput, asJSON bool) int {
	res, err := w.StampBatch(ctx, s, in)
	if err != nil {
		return c.fail(err)
	}
	if asJSON {
		if code := c.printJSON(res); code != exitOK {
			return code
		}
	} else {
		for _, it := range res.Items {
			if it.Err != nil {
				fmt.Fprintln(c.stderr, assets.T(c.lang, "cli.batch.refused", it.DocName, app.Message(it.Err, c.lang)))
				continue
			}
			fmt.Fprintln(c.stdout, it.OutPath)
		}
	}
	c.say("cli.did.stamp.batch", res.Batch, res.Stamped, res.Refused)
	if res.Refused > 0 || res.Cancelled {
		return exitRefused
	}
	return exitOK
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
	switch {
	case len(pos) == 0:
		return c.missing("verify", "FILE")
	case len(pos) > 1:
		return c.usageError("verify", assets.T(c.lang, "cli.err.extra_args", strings.Join(pos[1:], " ")))
	}
	if *extract != 0 || *out != "" {
		return c.extractRevision(pos[0], *extract, *out)
	}
	if *reportPath != "" && *home == "" {
		return c.usageError("verify", assets.T(c.lang, "cli.err.requires", "--report", "--home"))
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
		o, err := w.VerifyOptions(ctx)
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
		data, err := app.ReadUserFile(pos[0], opts.MaxFileSize)
		if err != nil {
			return c.fail(err)
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
		return c.usageError("verify", assets.T(c.lang, "cli.err.requires", "--extract-revision", "--out"))
	}
	if err := app.CheckNewFile(out); err != nil {
		return c.fail(err)
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
	overall := c.word(app.Valid)
	if !r.Valid {
		overall = c.word(app.Invalid)
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", r.File, overall)
	switch r.Kind {
	case app.KindSeal, app.KindSig:
		if r.Kind == app.KindSig {
			fmt.Fprintf(c.stdout, "  %s: %s\n", assets.T(c.lang, "cli.verify.document_signature"), c.word(r.Signature))
		}
		fmt.Fprintf(c.stdout, "  %s: V%d\n", assets.T(c.lang, "cli.verify.seal_data_version"), r.Version)
		fmt.Fprintf(c.stdout, "  %s: %s\n", assets.T(c.lang, "cli.verify.seal_name"), r.Name)
		fmt.Fprintf(c.stdout, "  %s: %s\n", assets.T(c.lang, "cli.verify.seal_code"), r.Code)
		fmt.Fprintf(c.stdout, "  %s: %s\n", assets.T(c.lang, "cli.verify.maker_signature"), c.word(r.MakerSignature))
		if r.ValidFrom != nil && r.ValidTo != nil {
			state := ""
			switch {
			case r.Expired:
				state = " (" + c.word("expired") + ")"
			case r.NotYetValid:
				state = " (" + c.word("not_yet_valid") + ")"
			}
			fmt.Fprintf(c.stdout, "  %s: %s — %s%s\n", assets.T(c.lang, "cli.verify.validity"), r.ValidFrom.Format(time.DateOnly), r.ValidTo.Format(time.DateOnly), state)
		}
	case app.KindPDF, app.KindOFD:
		for i, s := range r.Signatures {
			fmt.Fprintf(c.stdout, "  #%d %s (%s)\n", i+1, s.Field, assets.T(c.lang, "cli.page", s.Page))
			fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.integrity"), c.word(s.Integrity))
			cover := c.word("whole")
			if s.ModifiedAfter {
				// s.Modification is pdfsign's English summary; the changes
				// follow below as findings, each in the user's language.
				cover = c.word("modified_after")
			} else if !s.CoversWholeDocument {
				cover = c.word("later_sigs")
			}
			fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.coverage"), cover)
			fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.signer"), s.Signer)
			if s.SealCheck == app.NoSeal {
				fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.seal"), c.word(s.SealCheck))
			} else {
				fmt.Fprintf(c.stdout, "     %s: %s %s (%s)\n", assets.T(c.lang, "cli.verify.seal"), s.SealName, s.SealCode, c.word(s.SealCheck))
			}
			fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.algorithm"), s.Algorithm)
			fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.signing_time"), s.SigningTime.Local().Format(time.DateTime))
			fmt.Fprintf(c.stdout, "     %s: %s\n", assets.T(c.lang, "cli.verify.trust"), c.word(s.Trust))
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
		if d := app.DescribeFinding(f, c.lang); d != "" {
			fmt.Fprintf(c.stdout, " — %s", d)
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
		if err := app.CheckNewFile(*outFile); err != nil {
			return c.fail(err)
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
		if len(rs) == 0 {
			fmt.Fprintln(c.stderr, assets.T(c.lang, "cli.no_entries"))
		}
		write := func(out io.Writer) error {
			switch *format {
			case "csv":
				return app.WriteLedgerCSV(out, rs, c.lang)
			case "json":
				return app.WriteLedgerJSON(out, rs)
			}
			if len(rs) == 0 {
				return nil
			}
			tw := newTable(out)
			fmt.Fprintln(tw, assets.T(c.lang, "cli.ledger.header"))
			for _, r := range rs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.At.Local().Format(time.DateTime), r.Actor,
					c.label("ui.kind.", r.Kind), c.label("ui.outcome.", r.Outcome), r.SealID, r.RequestID, r.DocName,
					strings.TrimSpace(r.Workstation+" "+r.IP), r.Description(c.lang))
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
		c.say("cli.ledger.exported", len(rs), *outFile)
		return exitOK
	})
}

func (c *cli) ledgerVerify(ctx context.Context, args []string) int {
	f := c.command("ledger verify", "")
	full := f.Bool("full", false, "also check the signature of every signed head, on all cores")
	var witnesses multiFlag
	f.Var(&witnesses, "witness", "a stamped PDF, audit report, ledger extract or request file whose ledger head must still be in the ledger (repeatable)")
	return f.run(ctx, args, func(w *app.Workspace, _ *app.Session) int {
		status := w.LedgerStatus
		if *full {
			status = w.LedgerStatusFull
		}
		// Witnesses first: a ledger cut or rewritten behind them is told
		// even when the ledger on its own looks intact.
		checks, err := w.CheckWitnesses(ctx, witnesses)
		if err != nil {
			return c.fail(err)
		}
		code := exitOK
		for _, wc := range checks {
			if wc.Err != nil {
				fmt.Fprintln(c.stderr, "sealctl: "+app.Message(wc.Err, c.lang))
				code = max(code, exitCode(wc.Err))
				continue
			}
			fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.witness.ok", wc.File, wc.Witness.Seq))
		}
		n, err := status(ctx)
		var ce *app.ChainBreakError
		if errors.As(err, &ce) {
			fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "err."+app.CodeLedgerBroken, ce.Seq, ce.Describe(c.lang)))
			return exitRefused
		}
		if err != nil {
			return c.fail(err)
		}
		if code != exitOK {
			return code
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.ledger.intact", n))
		return exitOK
	})
}
