package main

// Every file path a person can give sealctl is attacked here (issue 11):
// TestHostileInputsCensus finds every flag and positional argument of every
// command and fails when one that could name a file is neither attacked in
// hostileInputs nor listed in notPaths; TestHostileInputs runs the real
// binary on each with a FIFO, /dev/zero, symbolic links to both, a folder, a
// file over the input's size limit and garbage of the right extension (or,
// for an output, an existing FIFO, a folder and a path in a missing folder).
// Each must end at once with exit 2 and a message in the person's language
// naming the problem and the file: no hang, no crash, no half-written file.

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sealdesk/copies"
	"sealdesk/seal"
)

// inputKind is what a path names, which decides how it is attacked.
type inputKind int

const (
	readFile inputKind = iota // a file read whole or streamed
	outFile                   // a file written (never over an existing one)
	outDir                    // a folder written into (new or empty)
	readDir                   // a folder whose files are read
	homeDir                   // a workspace folder
	module                    // a PKCS#11 module, loaded by the dynamic linker
)

// hostileInput is one path a person names: the census key ("stamp --doc",
// "verify FILE"), what it is, and the command line with the path in it.
type hostileInput struct {
	key   string
	kind  inputKind
	ext   string // the extension a file of the right kind has
	limit int64  // readFile: its size limit; 0: the workspace's (1 MiB here)
	// garbageExit is the exit code for garbage of the right extension when
	// it is not 2: a document that is not the one approved, a file that is
	// not a stamped document, an exchange file that does not check, are
	// refusals by the rules (exit 1), as they are for a real but wrong file.
	// The refusal of a document that is not the approved one names the two
	// hashes, not the file.
	garbageExit int
	args        func(f *hostileFixture, path string) []string
}

// hostileFixture is the workspace the attacks run in and what they need in it.
type hostileFixture struct {
	home, doc, stamped string
	stampReq, printReq string        // approved, left approved by every attack
	batch              string        // an approved batch for the batch output
	fresh              func() string // an approved request not used before (a stamp output attack may use it up)
	qr                 string        // a well-formed copy QR text
}

func pkcs11URI(path string) string { return "pkcs11:token=none?module-path=" + path }

// hostileInputs is every path sealctl reads or writes for a person.
var hostileInputs = []hostileInput{
	{key: "request --doc", ext: ".pdf", args: func(f *hostileFixture, p string) []string {
		return []string{"request", "--home", f.home, "--as", "custodian", "--seal", "official", "--doc", p, "--page", "1", "--x", "100", "--y", "100"}
	}},
	{key: "request --docs", kind: readDir, args: func(f *hostileFixture, p string) []string {
		return []string{"request", "--home", f.home, "--as", "custodian", "--seal", "official", "--docs", p, "--page", "1", "--x", "100", "--y", "100"}
	}},
	{key: "request export --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"request", "export", "--home", f.home, "--as", "custodian", "--out", p, f.stampReq}
	}},
	{key: "stamp --doc", ext: ".pdf", garbageExit: 1, args: func(f *hostileFixture, p string) []string {
		return []string{"stamp", "--home", f.home, "--as", "custodian", "--request", f.stampReq, "--doc", p, "--out", p + ".out.pdf"}
	}},
	{key: "stamp --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"stamp", "--home", f.home, "--as", "custodian", "--request", f.fresh(), "--out", p}
	}},
	{key: "stamp --out (batch)", kind: outDir, args: func(f *hostileFixture, p string) []string {
		return []string{"stamp", "--home", f.home, "--as", "custodian", "--request", f.batch, "--out", p}
	}},
	{key: "stamp --key", kind: module, args: func(f *hostileFixture, p string) []string {
		return []string{"stamp", "--home", f.home, "--as", "custodian", "--request", f.stampReq, "--key", pkcs11URI(p), "--out", p + ".out.pdf"}
	}},
	{key: "verify FILE", ext: ".pdf", limit: 2 << 30, args: func(f *hostileFixture, p string) []string { return []string{"verify", p} }},
	{key: "verify FILE (--home)", ext: ".pdf", args: func(f *hostileFixture, p string) []string { return []string{"verify", "--home", f.home, p} }},
	{key: "verify FILE (--extract-revision)", ext: ".pdf", limit: 2 << 30, args: func(f *hostileFixture, p string) []string {
		return []string{"verify", "--extract-revision", "1", "--out", p + ".rev.pdf", p}
	}},
	{key: "verify --trust", ext: ".pem", limit: 16 << 20, args: func(f *hostileFixture, p string) []string { return []string{"verify", "--trust", p, f.stamped} }},
	{key: "verify --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"verify", "--extract-revision", "1", "--out", p, f.stamped}
	}},
	{key: "verify --report", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"verify", "--home", f.home, "--report", p, f.stamped}
	}},
	{key: "find --doc", ext: ".pdf", limit: 2 << 30, args: func(f *hostileFixture, p string) []string { return []string{"find", "--doc", p, "--keyword", "甲方"} }},
	{key: "ledger --out", kind: outFile, args: func(f *hostileFixture, p string) []string { return []string{"ledger", "--home", f.home, "--out", p} }},
	{key: "ledger verify --witness", ext: ".pdf", args: func(f *hostileFixture, p string) []string {
		return []string{"ledger", "verify", "--home", f.home, "--witness", p}
	}},
	{key: "ledger export --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"ledger", "export", "--home", f.home, "--as", "auditor", "--out", p}
	}},
	{key: "ledger import FILE", ext: ".json", garbageExit: 1, args: func(f *hostileFixture, p string) []string {
		return []string{"ledger", "import", "--home", f.home, "--as", "auditor", p}
	}},
	{key: "ledger archive --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"ledger", "archive", "--home", f.home, "--as", "auditor", "--before", "2000-01-01", "--out", p}
	}},
	{key: "seal export --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		return []string{"seal", "export", "--home", f.home, "--as", "admin", "--out", p, "official"}
	}},
	{key: "seal import --file", ext: ".esl", args: func(f *hostileFixture, p string) []string {
		return []string{"seal", "import", "--home", f.home, "--as", "admin", "--file", p, "--cert", p, "--key", p}
	}},
	{key: "seal import --cert", ext: ".pem", limit: 1 << 20, args: func(f *hostileFixture, p string) []string {
		return []string{"seal", "import", "--home", f.home, "--as", "admin", "--file", f.esl(), "--cert", p, "--key", p}
	}},
	{key: "seal import --key", ext: ".key", limit: 1 << 20, args: func(f *hostileFixture, p string) []string {
		return []string{"seal", "import", "--home", f.home, "--as", "admin", "--file", f.esl(), "--cert", f.esl() + ".cer", "--key", p}
	}},
	{key: "keys list --module", kind: module, args: func(f *hostileFixture, p string) []string { return []string{"keys", "list", "--module", p} }},
	{key: "keys pin change --key", kind: module, args: func(f *hostileFixture, p string) []string {
		return []string{"keys", "pin", "change", "--key", pkcs11URI(p)}
	}},
	{key: "keys bind --key", kind: module, args: func(f *hostileFixture, p string) []string {
		return []string{"keys", "bind", "--home", f.home, "--as", "admin", "--seal", "official", "--key", pkcs11URI(p)}
	}},
	{key: "keys workstation --key", kind: module, args: func(f *hostileFixture, p string) []string {
		return []string{"keys", "workstation", "--home", f.home, "--as", "admin", "--key", pkcs11URI(p)}
	}},
	{key: "approval import FILE", ext: ".json", garbageExit: 1, args: func(f *hostileFixture, p string) []string {
		return []string{"approval", "import", "--home", f.home, "--as", "custodian", p}
	}},
	{key: "trust add FILE.pem", ext: ".pem", limit: 16 << 20, args: func(f *hostileFixture, p string) []string {
		return []string{"trust", "add", "--home", f.home, "--as", "admin", p}
	}},
	{key: "print-request --doc", ext: ".pdf", garbageExit: 1, args: func(f *hostileFixture, p string) []string {
		return []string{"print-request", "--home", f.home, "--as", "printer", "--doc", p, "--copies", "1"}
	}},
	{key: "print --doc", ext: ".pdf", garbageExit: 1, args: func(f *hostileFixture, p string) []string {
		return []string{"print", "--home", f.home, "--as", "printer", "--request", f.printReq, "--doc", p, "--out", p + ".copies"}
	}},
	{key: "print --out", kind: outDir, args: func(f *hostileFixture, p string) []string {
		return []string{"print", "--home", f.home, "--as", "printer", "--request", f.printReq, "--out", p}
	}},
	{key: "verify-copy --image", ext: ".png", limit: 256 << 20, args: func(f *hostileFixture, p string) []string { return []string{"verify-copy", "--image", p} }},
	{key: "verify-copy --original", ext: ".pdf", limit: 2 << 30, args: func(f *hostileFixture, p string) []string {
		return []string{"verify-copy", "--qr", f.qr, "--original", p}
	}},
	{key: "audit report --out", kind: outFile, args: func(f *hostileFixture, p string) []string {
		day := time.Now().Format(time.DateOnly)
		return []string{"audit", "report", "--home", f.home, "--as", "auditor", "--from", day, "--to", day, "--out", p}
	}},
	{key: "--home", kind: homeDir, args: func(f *hostileFixture, p string) []string { return []string{"seal", "list", "--home", p} }},
	{key: "init-demo --home", kind: homeDir, args: func(f *hostileFixture, p string) []string { return []string{"init-demo", "--home", p} }},
	{key: "init-demo --field-of", kind: homeDir, args: func(f *hostileFixture, p string) []string {
		return []string{"init-demo", "--home", p + ".field", "--field-of", p}
	}},
}

// esl is a real seal file of the workspace, for the attacks on --cert and
// --key; esl()+".cer" is its certificate.
func (f *hostileFixture) esl() string { return filepath.Join(filepath.Dir(f.stamped), "official.esl") }

// notPaths are the flags (by name, in every command) and positional
// arguments (by their placeholder in the help) that name no file. A flag
// named here must not name a file in any command.
var notPaths = map[string]bool{
	"--as": true, "--seal": true, "--page": true, "--at": true, "--seam": true, "--pages": true, "--keyword": true,
	"--keyword-index": true, "--reason": true, "--request": true, "--comment": true, "--status": true, "--mine": true,
	"--format": true, "--user": true, "--kind": true, "--outcome": true, "--doc-hash": true, "--from": true, "--to": true,
	"--since": true, "--before": true, "--name": true, "--code": true, "--id": true, "--alg": true, "--org": true,
	"--purpose": true, "--tax-id": true, "--holder": true, "--valid-from": true, "--valid-to": true, "--color": true,
	"--roles": true, "--display": true, "--approvers": true, "--qr": true, "--printer": true, "--usb-vendors": true,
	"SEAL": true, "ID": true, "NAME": true,
}

// usageLine is a usage or example line of a command's help: "  sealctl WORDS …".
var usageLine = regexp.MustCompile(`(?m)^ {2,}sealctl ([a-z][a-z-]*(?: [a-z][a-z-]*)*)(.*)$`)

// placeholder is a positional argument's placeholder in a usage line.
var placeholder = regexp.MustCompile(`^[A-Z][A-Z_]*(\.[a-z]+)?$`)

// census returns, for every command named in the usage lines of the help,
// the flags it takes that hold text (booleans and numbers name no file) and
// the placeholders of its positional arguments, as "cmd --flag" and "cmd ARG".
func census(t *testing.T) []string {
	t.Helper()
	var found []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			found = append(found, k)
		}
	}
	topLevel := map[string]bool{}
	for name := range (&cli{}).commands() {
		if !hasUsage(name) {
			t.Errorf("the help of %s has no usage line (sealctl %s …): its flags cannot be counted", name, name)
		}
		topLevel[name] = true
	}
	for name := range topLevel {
		for _, m := range usageLine.FindAllStringSubmatch(helpText(name), -1) {
			words, rest := strings.Fields(m[1]), m[2]
			if words[0] != name {
				continue
			}
			cmd := strings.Join(words, " ")
			var flags []*flag.Flag
			c := &cli{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, lang: "en", now: time.Now,
				parsing: func(fs *flag.FlagSet) { fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) }) }}
			c.run(context.Background(), append(words, "--census-probe"))
			if flags == nil && !seen["parsed "+cmd] {
				t.Errorf("%s parses no flags: the census cannot see them", cmd)
			}
			seen["parsed "+cmd] = true
			for _, f := range flags {
				if takesText(f) {
					add(cmd + " --" + f.Name)
				}
			}
			// Positional placeholders: words that are no flag's value.
			if i := strings.Index(rest, "   ("); i >= 0 {
				rest = rest[:i] // a remark after the usage
			}
			toks := strings.Fields(strings.NewReplacer("[", " ", "]", " ", "(", " ", ")", " ", "|", " ", "…", " ", "...", " ").Replace(rest))
			for i, tok := range toks {
				if strings.HasPrefix(tok, "-") || (i > 0 && strings.HasPrefix(toks[i-1], "--") && !isBoolFlag(flags, toks[i-1])) {
					continue
				}
				if placeholder.MatchString(tok) {
					add(cmd + " " + tok)
				}
			}
		}
	}
	slices.Sort(found)
	return found
}

// takesText reports whether f's value is text (a string or a repeatable
// list), which may name a file; booleans and numbers cannot.
func takesText(f *flag.Flag) bool {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	if g, ok := f.Value.(flag.Getter); ok {
		_, isString := g.Get().(string)
		return isString
	}
	return true
}

// isBoolFlag reports whether name ("--json") is a boolean flag, which takes no value.
func isBoolFlag(flags []*flag.Flag, name string) bool {
	for _, f := range flags {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && "--"+f.Name == name {
			return b.IsBoolFlag()
		}
	}
	return false
}

func helpText(name string) string {
	var out bytes.Buffer
	(&cli{stdout: &out, stderr: &bytes.Buffer{}, lang: "en"}).help(name)
	return out.String()
}

func hasUsage(name string) bool {
	for _, m := range usageLine.FindAllStringSubmatch(helpText(name), -1) {
		if strings.Fields(m[1])[0] == name {
			return true
		}
	}
	return false
}

// TestHostileInputsCensus fails when a command takes a path that
// hostileInputs does not attack: a path flag added later cannot escape.
func TestHostileInputsCensus(t *testing.T) {
	attacked := map[string]bool{}
	for _, in := range hostileInputs {
		attacked[strings.SplitN(in.key, " (", 2)[0]] = true // "verify FILE (--home)" attacks "verify FILE" once more
	}
	taken := map[string]bool{"--home": true}
	for _, k := range census(t) {
		taken[k] = true
		i := strings.LastIndex(k, " ")
		cmd, arg := k[:i], k[i+1:]
		switch {
		case attacked[k] && notPaths[arg]:
			t.Errorf("%s is attacked but %s is listed in notPaths: a flag name means one thing in every command", k, arg)
		case attacked[k], notPaths[arg], arg == "--home" && attacked["--home"]:
		default:
			t.Errorf("%s of %q may name a file but is not attacked in hostileInputs (or, if it names none, listed in notPaths)", arg, cmd)
		}
	}
	for k := range attacked {
		if !taken[k] {
			t.Errorf("hostileInputs attacks %q, which no command takes", k)
		}
	}
}

// attack is one hostile path: its name and how to make it in dir.
type attack struct {
	name string
	make func(t *testing.T, dir string, in hostileInput) string
	want string // what the zh-CN message must say
}

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func symlink(t *testing.T, to, path string) string {
	t.Helper()
	if err := os.Symlink(to, path); err != nil {
		t.Fatal(err)
	}
	return path
}

func attacksOn(in hostileInput) []attack {
	name := func(in hostileInput, dir, what string) string { return filepath.Join(dir, what+in.ext) }
	fifo := attack{"fifo", func(t *testing.T, dir string, in hostileInput) string { return mkfifo(t, name(in, dir, "pipe")) }, ""}
	zero := attack{"/dev/zero", func(*testing.T, string, hostileInput) string { return "/dev/zero" }, ""}
	fifoLink := attack{"link to fifo", func(t *testing.T, dir string, in hostileInput) string {
		return symlink(t, mkfifo(t, filepath.Join(dir, "target")), name(in, dir, "link"))
	}, ""}
	zeroLink := attack{"link to /dev/zero", func(t *testing.T, dir string, in hostileInput) string {
		return symlink(t, "/dev/zero", name(in, dir, "zero"))
	}, ""}
	folder := attack{"folder", func(t *testing.T, dir string, in hostileInput) string {
		p := name(in, dir, "folder")
		os.Mkdir(p, 0o700)
		return p
	}, ""}
	garbage := attack{"garbage", func(t *testing.T, dir string, in hostileInput) string {
		p := name(in, dir, "garbage")
		os.WriteFile(p, []byte("garbage\x00\xff not what it claims"), 0o600)
		return p
	}, ""}
	if in.kind == readFile || in.kind == module {
		for _, a := range []*attack{&fifo, &zero, &fifoLink, &zeroLink, &folder} {
			a.want = "不是普通文件"
		}
	}
	switch in.kind {
	case readFile:
		big := attack{"too large", func(t *testing.T, dir string, in hostileInput) string {
			p := name(in, dir, "big")
			limit := in.limit
			if limit == 0 {
				limit = 1 << 20
			}
			if err := os.WriteFile(p, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(p, limit+1); err != nil { // sparse: costs nothing unless read
				t.Fatal(err)
			}
			return p
		}, "超过大小上限"}
		return []attack{fifo, zero, fifoLink, zeroLink, folder, big, garbage}
	case module: // no size limit: the linker maps a module, it does not read it into memory
		return []attack{fifo, zero, fifoLink, zeroLink, folder, garbage}
	case readDir, homeDir:
		return []attack{fifo, zero, fifoLink, zeroLink, garbage}
	}
	// Outputs: an existing FIFO, an existing folder, a path in a missing folder.
	missing := attack{"in a missing folder", func(t *testing.T, dir string, in hostileInput) string {
		return filepath.Join(dir, "no-such-folder", "out"+in.ext)
	}, ""}
	if in.kind == outDir {
		existing := attack{"a file", garbage.make, ""}
		return []attack{fifo, zeroLink, existing}
	}
	return []attack{fifo, folder, missing}
}

// newHostileFixture makes the workspace the attacks run in: a limit of
// 1 MiB on the files it reads, an approved stamp request, a stamped
// document with an approved print request, an approved batch.
func newHostileFixture(t *testing.T) *hostileFixture {
	home := procWorkspace(t)
	must := func(r result) string {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("fixture: %+v", r)
		}
		return strings.TrimSpace(r.stdout)
	}
	must(sealctl(t, "settings", "set", "--home", home, "--as", "admin", "--max-file-mb", "1"))
	f := &hostileFixture{home: home, doc: filepath.Join(home, "documents", "示例合同.pdf")}
	out := t.TempDir()
	f.stamped = filepath.Join(out, "stamped.pdf")
	must(sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", approvedRequest(t, home, f.doc), "--out", f.stamped))
	must(sealctl(t, "seal", "export", "--home", home, "--as", "admin", "--out", f.esl(), "official"))
	b, _ := os.ReadFile(f.esl())
	sd, err := seal.Parse(b)
	if err != nil || len(sd.Certs) == 0 {
		t.Fatalf("the exported seal: %v", err)
	}
	os.WriteFile(f.esl()+".cer", sd.Certs[0], 0o600)
	f.stampReq = approvedRequest(t, home, f.doc)
	f.printReq = must(sealctl(t, "print-request", "--home", home, "--as", "printer", "--doc", f.stamped, "--copies", "9"))
	must(sealctl(t, "approve", "--home", home, "--as", "approver", f.printReq))
	docs := t.TempDir()
	b, _ = os.ReadFile(f.doc)
	os.WriteFile(filepath.Join(docs, "a.pdf"), b, 0o600)
	f.batch = must(sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--docs", docs, "--page", "1", "--x", "50", "--y", "50"))
	must(sealctl(t, "approve", "--home", home, "--as", "approver", f.batch))
	// Approved here, not in the attacks: a subtest must not fail its parent.
	var fresh []string
	for range attacksOn(hostileInput{kind: outFile}) {
		fresh = append(fresh, approvedRequest(t, home, f.doc))
	}
	var mu sync.Mutex
	f.fresh = func() string {
		mu.Lock()
		defer mu.Unlock()
		id := fresh[0]
		fresh = fresh[1:]
		return id
	}
	f.qr = copies.Payload{DocHash: strings.Repeat("ab", 32), Copy: 1, Of: 1, Request: "P1", Signatures: []string{"AB"},
		Workstation: "AB", Printed: time.Now()}.String()
	return f
}

// hostileRun runs the binary with a timeout: a hang fails the case, not the suite.
func hostileRun(t *testing.T, bin string, args ...string) (code int, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("hung (killed after 20 s): sealctl %s", strings.Join(args, " "))
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), errb.String()
	}
	return 0, errb.String()
}

// TestHostileInputs attacks every path of hostileInputs with the real binary.
func TestHostileInputs(t *testing.T) {
	bin := realBinary(t)
	f := newHostileFixture(t)
	sem := make(chan struct{}, 4)
	t.Run("cases", func(t *testing.T) {
		for _, in := range hostileInputs {
			for _, a := range attacksOn(in) {
				t.Run(in.key+"/"+a.name, func(t *testing.T) {
					t.Parallel()
					sem <- struct{}{}
					defer func() { <-sem }()
					dir := t.TempDir()
					path := a.make(t, dir, in)
					before := listDir(dir)
					args := in.args(f, path)
					code, stderr := hostileRun(t, bin, args...)
					want := 2
					if a.name == "garbage" && in.garbageExit != 0 {
						want = in.garbageExit
					}
					switch {
					case code != want:
						t.Errorf("exit %d, want %d: sealctl %s\n%s", code, want, strings.Join(args, " "), stderr)
					case !strings.Contains(stderr, path) && !strings.Contains(stderr, filepath.Base(path)) && !strings.Contains(stderr, "文档与批准的不一致"):
						t.Errorf("the message does not name %s: %s", path, stderr)
					case a.want != "" && !strings.Contains(stderr, a.want):
						t.Errorf("the message does not say %q: %s", a.want, stderr)
					case strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine "):
						t.Errorf("crashed: %s", stderr)
					}
					if after := listDir(dir); !slices.Equal(before, after) {
						t.Errorf("left files behind: %v, before %v", after, before)
					}
				})
			}
		}
	})
	// English when asked.
	p := mkfifo(t, filepath.Join(t.TempDir(), "x.pdf"))
	if code, stderr := hostileRun(t, bin, "--lang", "en", "verify", p); code != 2 || !strings.Contains(stderr, "is not a regular file (FIFO)") {
		t.Errorf("--lang en: exit %d, %s", code, stderr)
	}
}

// listDir lists the names under dir, folders included, sorted.
func listDir(dir string) []string {
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if p != dir {
			names = append(names, strings.TrimPrefix(p, dir))
		}
		return nil
	})
	return names
}
