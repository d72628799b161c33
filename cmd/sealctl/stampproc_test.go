package main

// Tests of the one-approval-one-stamp invariant (issue 11) against the real
// binary: many processes at once, and crashes at every named step. They
// prove the invariant by what is on disk and in the ledger, not by timing:
//
//   - at most one valid signed output per approval ever exists, temporary
//     files included (a watcher hard-links every file the moment it appears);
//   - a valid output at its final name always has its "stamp ok" entry;
//   - the next command recovers an interrupted stamp: a complete temporary
//     file rolls forward, anything else is removed and recorded as failed.

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"sealdesk/pdfsign"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// realBinary builds sealctl once per test run, with the crash points compiled
// in (inert unless SEALDESK_CRASH_AT names one).
func realBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sealctl-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "sealctl")
		out, err := exec.Command("go", "build", "-tags", "crashpoints", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// procWorkspace makes a demo workspace and returns its home; the password and
// PIN go to every process through the environment.
func procWorkspace(t *testing.T) string {
	t.Helper()
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	t.Setenv("SEALDESK_LANG", "zh-CN")
	home := filepath.Join(t.TempDir(), "ws")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	return home
}

// approvedRequest files and approves a stamp request on doc.
// requestSpot numbers the requests approvedRequest makes: each asks for
// another spot, since the same stamp asked for again while an earlier request
// for it is open (approved, say, by a round whose stamp was killed before it
// reserved) is refused as a duplicate.
var requestSpot atomic.Int32

func approvedRequest(t *testing.T, home, doc string) string {
	t.Helper()
	x := strconv.Itoa(60 + int(requestSpot.Add(1))%100)
	r := sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc, "--page", "1", "--x", x, "--y", "100", "--reason", "并发测试")
	id := strings.TrimSpace(r.stdout)
	if r.code != 0 || id == "" {
		t.Fatalf("request: %+v", r)
	}
	if r := sealctl(t, "approve", "--home", home, "--as", "approver", id); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}
	return id
}

type procResult struct {
	code   int
	killed bool
	stderr string
}

func runBinary(bin string, env []string, args ...string) procResult {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	res := procResult{stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.killed = true
		}
	} else if err != nil {
		res.code = -1
		res.stderr += err.Error()
	}
	return res
}

// watcher hard-links every file that appears in dir into keep, the moment
// inotify reports it, as an attacker collecting signed files would.
type watcher struct {
	fd   int
	dir  string
	keep string
	n    int
	stop chan struct{}
	done chan struct{}
}

func watch(t *testing.T, dir string) *watcher {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_CREATE|unix.IN_MOVED_TO|unix.IN_CLOSE_WRITE); err != nil {
		t.Fatal(err)
	}
	w := &watcher{fd: fd, dir: dir, keep: t.TempDir(), stop: make(chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *watcher) loop() {
	defer close(w.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := unix.Read(w.fd, buf)
		if err == unix.EAGAIN || n <= 0 {
			select {
			case <-w.stop:
				return
			default:
				time.Sleep(100 * time.Microsecond)
				continue
			}
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafePointer(&buf[off]))
			name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)]), "\x00")
			off += unix.SizeofInotifyEvent + int(ev.Len)
			if name == "" {
				continue
			}
			w.n++
			os.Link(filepath.Join(w.dir, name), filepath.Join(w.keep, fmt.Sprintf("%04d-%s", w.n, name)))
		}
	}
}

// collected stops the watcher and returns the distinct valid signed PDFs it
// kept, by SHA-256 of their bytes, plus what is in dir now.
func (w *watcher) collected(t *testing.T) map[[32]byte]string {
	t.Helper()
	close(w.stop)
	<-w.done
	unix.Close(w.fd)
	valid := map[[32]byte]string{}
	for _, d := range []string{w.keep, w.dir} {
		es, _ := os.ReadDir(d)
		for _, e := range es {
			p := filepath.Join(d, e.Name())
			if isValidSigned(p) {
				b, _ := os.ReadFile(p)
				valid[sha256.Sum256(b)] = p
			}
		}
	}
	return valid
}

// isValidSigned: a PDF whose every signature is intact and whose last one
// covers the whole file, i.e. a usable stamped document.
func isValidSigned(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return false
	}
	rep, err := pdfsign.Verify(bytes.NewReader(b), int64(len(b)), pdfsign.VerifyOptions{})
	if err != nil || len(rep.Signatures) == 0 {
		return false
	}
	whole := false
	for _, s := range rep.Signatures {
		if !s.Intact {
			return false
		}
		whole = whole || s.CoversWholeDocument
	}
	return whole
}

type ledgerRow struct {
	Seq     int64  `json:"seq"`
	Kind    string `json:"kind"`
	Outcome string `json:"outcome"`
	Request string `json:"request_id"`
	OutHash string `json:"out_hash"`
}

func ledgerOf(t *testing.T, home, request string) []ledgerRow {
	t.Helper()
	r := sealctl(t, "ledger", "--home", home, "--request", request, "--format", "json")
	if r.code != 0 {
		t.Fatalf("ledger: %+v", r)
	}
	var rows []ledgerRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("ledger json: %v\n%s", err, r.stdout)
	}
	return rows
}

func count(rows []ledgerRow, kind, outcome string) int {
	n := 0
	for _, r := range rows {
		if r.Kind == kind && r.Outcome == outcome {
			n++
		}
	}
	return n
}

func requestStatus(t *testing.T, home, id string) string {
	t.Helper()
	r := sealctl(t, "requests", "--home", home, "--json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("requests json: %v\n%s", err, r.stdout)
	}
	for _, row := range rows {
		if row["id"] == id || row["ID"] == id {
			if s, ok := row["status"].(string); ok {
				return s
			}
			s, _ := row["Status"].(string)
			return s
		}
	}
	t.Fatalf("request %s not listed: %s", id, r.stdout)
	return ""
}

// TestParallelStampsOneApproval starts N real sealctl processes on one
// approval, round after round, half the rounds with one shared --out and half
// with an --out per process, while a watcher hard-links every file that
// appears. Exactly one process exits 0, the others exit 1 with the reason,
// exactly one valid signed PDF ever appears, and the ledger has one "stamp ok".
func TestParallelStampsOneApproval(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	const rounds, procs = 6, 6
	for round := 0; round < rounds; round++ {
		shared := round%2 == 0
		id := approvedRequest(t, home, doc)
		outDir := t.TempDir()
		w := watch(t, outDir)
		var wg sync.WaitGroup
		results := make([]procResult, procs)
		for i := range results {
			out := filepath.Join(outDir, "stamped.pdf")
			if !shared {
				out = filepath.Join(outDir, fmt.Sprintf("stamped-%d.pdf", i))
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = runBinary(bin, nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
			}()
		}
		wg.Wait()
		valid := w.collected(t)
		ok := 0
		for i, r := range results {
			switch {
			case r.code == 0:
				ok++
			case r.code == 1 && (strings.Contains(r.stderr, "正在另一个进程中盖章") || strings.Contains(r.stderr, "已使用过")):
			case r.code == 2 && strings.Contains(r.stderr, "输出文件已存在"): // an output is bad input, whoever wrote it first
			default:
				t.Errorf("round %d process %d: exit %d, stderr %q", round, i, r.code, r.stderr)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d (shared out %v): %d processes succeeded, want exactly 1: %+v", round, shared, ok, results)
		}
		if len(valid) != 1 {
			t.Fatalf("round %d (shared out %v): %d distinct valid signed PDFs appeared, want 1: %v", round, shared, len(valid), valid)
		}
		rows := ledgerOf(t, home, id)
		if n := count(rows, "stamp", "ok"); n != 1 {
			t.Fatalf("round %d: %d stamp ok entries, want 1: %+v", round, n, rows)
		}
		if st := requestStatus(t, home, id); st != "used" {
			t.Fatalf("round %d: request is %s", round, st)
		}
		left, _ := filepath.Glob(filepath.Join(outDir, ".*partial"))
		if len(left) != 0 {
			t.Fatalf("round %d: temporary files left: %v", round, left)
		}
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify after the races: %+v", r)
	}
}

// TestCrashAtEveryStep kills the real binary at each named point of reserve,
// sign, commit and move, then runs another command and checks the recovery.
func TestCrashAtEveryStep(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	for _, tc := range []struct {
		point  string
		status string // request status after recovery
		output bool   // a valid output at its final name after recovery
	}{
		{"reserved", "failed", false}, // nothing written yet
		{"midwrite", "failed", false}, // half the signed file written
		{"signed", "used", true},      // complete and synced, not committed: rolls forward
		{"committed", "used", true},   // committed, not moved into place
		{"linked", "used", true},      // at its final name, temporary name not yet removed
	} {
		t.Run(tc.point, func(t *testing.T) {
			id := approvedRequest(t, home, doc)
			outDir := t.TempDir()
			out := filepath.Join(outDir, "stamped.pdf")
			r := runBinary(bin, []string{"SEALDESK_CRASH_AT=" + tc.point}, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
			if !r.killed {
				t.Fatalf("the process was not killed at %s: %+v", tc.point, r)
			}
			// Before recovery: a valid file at the final name only with its entry committed.
			if isValidSigned(out) && count(ledgerOfRaw(t, home, id), "stamp", "ok") != 1 {
				t.Fatalf("a valid output is in place without its stamp ok entry")
			}
			if st := rawStatus(t, home, id); st != "stamping" && st != "used" {
				t.Fatalf("status before recovery = %s", st)
			}
			// Any command recovers.
			rr := runBinary(bin, nil, "seals", "--home", home)
			if rr.code != 0 {
				t.Fatalf("command after the crash: %+v", rr)
			}
			if st := requestStatus(t, home, id); st != tc.status {
				t.Fatalf("status after recovery = %s, want %s (stderr %q)", st, tc.status, rr.stderr)
			}
			if got := isValidSigned(out); got != tc.output {
				t.Fatalf("valid output after recovery = %v, want %v", got, tc.output)
			}
			if left, _ := filepath.Glob(filepath.Join(outDir, ".*")); len(left) != 0 {
				t.Fatalf("temporary files left: %v", left)
			}
			rows := ledgerOf(t, home, id)
			wantOK, wantFailed := 0, 1
			if tc.output {
				wantOK, wantFailed = 1, 0
			}
			if count(rows, "stamp", "ok") != wantOK || count(rows, "stamp", "failed") != wantFailed || count(rows, "stamp.start", "ok") != 1 {
				t.Fatalf("ledger after recovery: %+v", rows)
			}
			// The approval is spent either way.
			again := runBinary(bin, nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", filepath.Join(outDir, "again.pdf"))
			if again.code != 1 {
				t.Fatalf("second stamp after recovery: %+v", again)
			}
			if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
				t.Fatalf("ledger verify: %+v", r)
			}
		})
	}
}

// ledgerOfRaw and rawStatus read without running recovery (the in-process
// CLI opens the workspace, which recovers): they read the SQLite file.
func ledgerOfRaw(t *testing.T, home, id string) []ledgerRow {
	t.Helper()
	db := openRaw(t, home)
	defer db.Close()
	rows, err := db.Query("SELECT seq, kind, outcome, request_id, out_hash FROM ledger WHERE request_id = ? ORDER BY seq", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []ledgerRow
	for rows.Next() {
		var r ledgerRow
		rows.Scan(&r.Seq, &r.Kind, &r.Outcome, &r.Request, &r.OutHash)
		out = append(out, r)
	}
	return out
}

func rawStatus(t *testing.T, home, id string) string {
	t.Helper()
	db := openRaw(t, home)
	defer db.Close()
	var st string
	if err := db.QueryRow("SELECT status FROM requests WHERE id = ?", id).Scan(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestKillDuringLargeStamps kills the real binary at random moments while it
// stamps a large PDF, round after round. After each round and a recovering
// command: either exactly one valid output with one stamp ok entry and the
// request used, or no output, no temporary file and the request failed (or
// still approved when the kill came before the reservation).
func TestKillDuringLargeStamps(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	doc := filepath.Join(t.TempDir(), "large.pdf")
	if err := os.WriteFile(doc, largePDF(24<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	// One stamp run to the end tells how long a stamp takes here; the kills
	// then fall anywhere in the second half of it, where reserve, sign, commit
	// and move happen (the first half is sign-in and the PIN's KDF).
	id := approvedRequest(t, home, doc)
	start := time.Now()
	if r := runBinary(bin, nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", filepath.Join(t.TempDir(), "full.pdf")); r.code != 0 {
		t.Fatalf("uninterrupted stamp: %+v", r)
	}
	full := time.Since(start)
	rng := rand.New(rand.NewSource(11))
	seen := map[string]int{}
	for round := 0; round < 10; round++ {
		id := approvedRequest(t, home, doc)
		outDir := t.TempDir()
		out := filepath.Join(outDir, "stamped.pdf")
		w := watch(t, outDir)
		cmd := exec.Command(bin, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
		cmd.Env = os.Environ()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full/3 + time.Duration(rng.Int63n(int64(full*3/4))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if rr := runBinary(bin, nil, "seals", "--home", home); rr.code != 0 {
			t.Fatalf("command after the kill: %+v", rr)
		}
		valid := w.collected(t)
		st := requestStatus(t, home, id)
		seen[st]++
		rows := ledgerOf(t, home, id)
		if left, _ := filepath.Glob(filepath.Join(outDir, ".*")); len(left) != 0 {
			t.Fatalf("round %d: temporary files left: %v", round, left)
		}
		switch st {
		case "used":
			if len(valid) != 1 || !isValidSigned(out) || count(rows, "stamp", "ok") != 1 {
				t.Fatalf("round %d used: %d valid files, ledger %+v", round, len(valid), rows)
			}
		case "failed", "approved":
			if len(valid) != 0 || count(rows, "stamp", "ok") != 0 {
				t.Fatalf("round %d %s: %d valid files appeared, ledger %+v", round, st, len(valid), rows)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatalf("round %d %s: an output exists", round, st)
			}
		default:
			t.Fatalf("round %d: status %s after recovery", round, st)
		}
	}
	t.Logf("a whole stamp took %v; outcomes of the random kills: %v", full, seen)
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify: %+v", r)
	}
}

// largePDF writes a one-page PDF of about size bytes: the page's content
// stream is mostly comment lines, which every reader skips.
func largePDF(size int) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 24 Tf 72 720 Td (Large test document) Tj ET\n")
	line := "% " + strings.Repeat("0123456789abcdef", 7) + "\n"
	for content.Len() < size {
		content.WriteString(line)
	}
	var b bytes.Buffer
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	b.WriteString("%PDF-1.7\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, x)
	return b.Bytes()
}

func openRaw(t *testing.T, home string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(home, "workspace.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func unsafePointer(b *byte) unsafe.Pointer { return unsafe.Pointer(b) }
