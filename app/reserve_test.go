package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/store"
)

// TestApprovalBoundToWorkstation: an approval names the workstation the
// request came from (by its certificate), inside what the approver signs.
// Carried to a second workstation of the same organisation it is refused
// there; editing the row to name the second workstation breaks the signature.
func TestApprovalBoundToWorkstation(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	trust(t, field, center)
	other := demo(t)
	trust(t, other, center)
	// The second field workstation gets a workstation key of its own.
	ca, _, _, err := other.loadCA(ctx, device.AlgSM2, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.newWorkstationKey(ca, other.Organisation(ctx), "field-2", testNow); err != nil {
		t.Fatal(err)
	}
	mine, _ := field.WorkstationID()
	theirs, _ := other.WorkstationID()
	if mine == "" || theirs == "" || mine == theirs {
		t.Fatalf("workstation ids %q and %q", mine, theirs)
	}

	dir := t.TempDir()
	cust := login(t, field, "custodian")
	id, err := field.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(field), Page: 2, XMM: 60, YMM: 90, Reason: "外勤合同"})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := field.db.Request(ctx, id); r.Workstation != mine {
		t.Fatalf("the request names workstation %q, want %q", r.Workstation, mine)
	}
	field.ExportRequest(ctx, cust, id, filepath.Join(dir, "req.json"))
	if _, err := center.ImportRequest(ctx, login(t, center, "approver"), filepath.Join(dir, "req.json")); err != nil {
		t.Fatal(err)
	}
	if err := center.Approve(ctx, login(t, center, "approver"), id, "总部同意"); err != nil {
		t.Fatal(err)
	}
	approved := filepath.Join(dir, "approved.json")
	if err := center.ExportRequest(ctx, login(t, center, "approver"), id, approved); err != nil {
		t.Fatal(err)
	}

	// The second workstation imports the same approval and may not stamp.
	ocust := login(t, other, "custodian")
	if _, err := other.ImportRequest(ctx, ocust, approved); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "elsewhere.pdf")
	_, err = other.Stamp(ctx, ocust, StampInput{RequestID: id, DocPath: demoDoc(other), OutPath: out, PIN: DemoPIN})
	if Code(err) != "wrong_workstation" {
		t.Fatalf("stamp on another workstation = %v", err)
	}
	if zh := Message(err, assets.LangZH); !strings.Contains(zh, "提出申请的工作站") {
		t.Errorf("zh message %q", zh)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a file was written on the wrong workstation")
	}
	// Rewriting the row to name this workstation breaks the approver's signature.
	if _, err := other.sqlite().SQL().Exec("UPDATE requests SET workstation = ? WHERE id = ?", theirs, id); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Stamp(ctx, ocust, StampInput{RequestID: id, DocPath: demoDoc(other), OutPath: out, PIN: DemoPIN}); Code(err) != "approval_signature" {
		t.Fatalf("stamp after rewriting the workstation = %v", err)
	}
	// A file whose request names another workstation than the approval signed is refused at import.
	var f RequestFile
	b, _ := os.ReadFile(approved)
	json.Unmarshal(b, &f)
	f.Request.Workstation = theirs
	b, _ = json.Marshal(&f)
	forged := filepath.Join(dir, "forged.json")
	os.WriteFile(forged, b, 0o600)
	third := demo(t)
	trust(t, third, center)
	if _, err := third.ImportRequest(ctx, login(t, third, "custodian"), forged); Code(err) != "approval_signature" {
		t.Fatalf("import of a rebound approval = %v", err)
	}

	// The workstation it came from stamps.
	if _, err := field.ImportRequest(ctx, cust, approved); err != nil {
		t.Fatal(err)
	}
	if _, err := field.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "ok.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatalf("stamp on the requesting workstation: %v", err)
	}
}

// TestHostileInputFiles: a FIFO, /dev/zero, symlinks to them and a folder
// given as the document get a clear error at once (no hang, no
// out-of-memory crash), and so does a file over the workspace's size limit,
// which names the limit. Nothing is written and nothing is requested.
func TestHostileInputFiles(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	cust := login(t, w, "custodian")
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zeroLink := filepath.Join(dir, "zero.pdf")
	os.Symlink("/dev/zero", zeroLink)
	fifoLink := filepath.Join(dir, "pipe.pdf")
	os.Symlink(fifo, fifoLink)
	admin := login(t, w, "admin")
	before := ledgerCount(t, w)
	for name, path := range map[string]string{"fifo": fifo, "dev-zero": "/dev/zero", "link-to-zero": zeroLink, "link-to-fifo": fifoLink, "folder": dir} {
		_, err := w.Request(ctx, cust, RequestInput{Seal: "official", DocPath: path, Page: 1, XMM: 100, YMM: 100})
		if Code(err) != "not_regular" {
			t.Errorf("%s: request = %v", name, err)
		}
		if zh := Message(err, assets.LangZH); !strings.Contains(zh, "不是普通文件") {
			t.Errorf("%s: zh message %q", name, zh)
		}
	}
	// The size limit, set by an administrator, is named in the refusal.
	if err := w.SetMaxFileSize(ctx, admin, 1); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.pdf")
	data, _ := os.ReadFile(demoDoc(w))
	for len(data) <= 1<<20 {
		data = append(data, []byte("% padding after the end of the file\n")...)
	}
	os.WriteFile(big, data, 0o600)
	_, err := w.Request(ctx, cust, RequestInput{Seal: "official", DocPath: big, Page: 1, XMM: 100, YMM: 100})
	if Code(err) != "too_large" || !strings.Contains(Message(err, assets.LangEN), "1 MB") {
		t.Fatalf("over the limit: %v (%s)", err, Message(err, assets.LangEN))
	}
	if err := w.SetMaxFileSize(ctx, cust, 4096); Code(err) != "role" {
		t.Fatalf("a custodian changed the limit: %v", err)
	}
	if err := w.SetMaxFileSize(ctx, admin, 0); Code(err) != "max_file_bounds" {
		t.Fatalf("limit 0: %v", err)
	}
	if n := ledgerCount(t, w); n != before+3 { // the setting, and the two refusals of the settings
		t.Fatalf("ledger grew by %d entries", n-before)
	}
	reqs, _ := w.db.Requests(ctx, "")
	for _, r := range reqs {
		if strings.Contains(r.DocPath, dir) {
			t.Fatalf("a request was filed for %s", r.DocPath)
		}
	}
}

// TestWorkspaceIsPrivate: a workspace made in a folder that already existed
// with 0755 ends up 0700 with the database, its WAL and shared-memory files
// and every key 0600; loosened modes are tightened, and reported, on open.
func TestWorkspaceIsPrivate(t *testing.T) {
	home := filepath.Join(t.TempDir(), "ws")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(home, 0o755)
	if err := InitDemo(context.Background(), home, rand.Reader, testNow); err != nil {
		t.Fatal(err)
	}
	w, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	login(t, w, "custodian") // writes: the WAL and shared-memory files exist now
	checkPrivate := func() {
		t.Helper()
		n := 0
		filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			n++
			if d.IsDir() && fi.Mode().Perm() != 0o700 || !d.IsDir() && fi.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s has mode %04o", p, fi.Mode().Perm())
			}
			return nil
		})
		for _, f := range []string{dbFile, dbFile + "-wal", dbFile + "-shm"} {
			if _, err := os.Stat(filepath.Join(home, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	checkPrivate()
	if len(w.PermissionFixes()) != 0 {
		t.Errorf("a fresh workspace needed fixes: %+v", w.PermissionFixes())
	}
	// Someone loosens the modes; the next open tightens them and says which.
	os.Chmod(home, 0o755)
	os.Chmod(filepath.Join(home, dbFile), 0o644)
	os.Chmod(filepath.Join(home, "ca", "workstation.key"), 0o644)
	w2, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	fixed := map[string]bool{}
	for _, f := range w2.PermissionFixes() {
		fixed[f.Path] = true
	}
	for _, p := range []string{home, filepath.Join(home, dbFile), filepath.Join(home, "ca", "workstation.key")} {
		if !fixed[p] {
			t.Errorf("%s not reported as fixed: %+v", p, w2.PermissionFixes())
		}
	}
	checkPrivate()
}

// TestStampRecordsReservation: a stamp writes "stamp.start" before "stamp",
// and leaves no temporary file and no reservation behind.
func TestStampRecordsReservation(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "stamped.pdf")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	es, _ := w.db.Ledger(ctx, store.LedgerFilter{RequestID: id})
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Kind+"/"+e.Outcome)
	}
	if got := strings.Join(kinds, " "); !strings.HasSuffix(got, "stamp.start/ok stamp/ok") {
		t.Fatalf("ledger of the request: %s", got)
	}
	if left, _ := filepath.Glob(filepath.Join(outDir, ".*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	if rs, _ := w.db.Reservations(ctx); len(rs) != 0 {
		t.Fatalf("reservations left: %+v", rs)
	}
}

// TestCompleteStampRollsForwardOnlyAWholeSignature: recovery rolls a stamp's
// temporary file forward only when it is the approved bytes followed by a
// complete update whose signature is intact and covers it whole. The crash
// tests die half-way through the original's bytes, which the length check
// alone refuses; here the update itself is cut, altered or missing.
func TestCompleteStampRollsForwardOnlyAWholeSignature(t *testing.T) {
	w := demo(t)
	out := stampedDemo(t, w)
	orig, err := os.ReadFile(demoDoc(w))
	if err != nil {
		t.Fatal(err)
	}
	full, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(full, orig) {
		t.Fatal("the stamped file does not start with the original (the test is wrong)")
	}
	n := len(orig)
	typ := bytes.Index(full[n:], []byte("/Type"))
	if typ < 0 {
		t.Fatal("no /Type in the update (the test is wrong)")
	}
	altered := bytes.Clone(full)
	altered[n+typ+4] = 'E' // "/TypE": inside the signed range
	origSum := sm3.Sum(orig)
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		data []byte
		ok   bool
	}{
		{"complete", full, true},
		{"update cut half-way", full[:n+(len(full)-n)/2], false},
		{"update without its last 100 bytes", full[:len(full)-100], false},
		{"a byte of the signed update changed", altered, false},
		{"the original and junk", append(bytes.Clone(orig), []byte("\n% junk\n")...), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			if err := os.WriteFile(tmp, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			hash, ok := completeStamp(store.Reservation{TmpPath: tmp, DocHash: hex.EncodeToString(origSum[:]), DocSize: int64(n)})
			if ok != c.ok {
				t.Fatalf("completeStamp = %v, want %v", ok, c.ok)
			}
			if sum := sm3.Sum(c.data); ok && hash != hex.EncodeToString(sum[:]) {
				t.Errorf("hash %s is not the file's SM3", hash)
			}
		})
	}
}
