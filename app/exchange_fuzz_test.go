package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// The exchange files (issue 12 point 6) are the only input SealDesk takes
// from another workstation: request files with their signed approvals, and
// ledger extracts. Whatever their bytes, an import never panics, refuses with
// one of our errors (a code, shown in the user's language, never "internal"),
// leaves nothing half-written, and the ledger still verifies afterwards.

// exchangeSeeds are named cases that seed both fuzz tests: real files
// exported by a field workstation and hand-made breakages of them.
func exchangeSeeds(t testing.TB, real []byte) map[string][]byte {
	t.Helper()
	if len(real) == 0 {
		t.Fatal("the real exchange file is empty: the seeds would test nothing")
	}
	return map[string][]byte{
		"real":              real,
		"empty":             {},
		"empty object":      []byte("{}"),
		"null":              []byte("null"),
		"array":             []byte("[]"),
		"truncated":         real[:len(real)/2],
		"trailing garbage":  append(append([]byte{}, real...), "}{"...),
		"format renamed":    bytes.Replace(real, []byte(`"sealdesk-`), []byte(`"other-`), 1),
		"numbers as text":   bytes.ReplaceAll(real, []byte(`"seq": 1`), []byte(`"seq": "1"`)),
		"huge sequence":     bytes.ReplaceAll(real, []byte(`"seq": 1,`), []byte(`"seq": 9223372036854775807,`)),
		"negative sequence": bytes.ReplaceAll(real, []byte(`"seq": 1,`), []byte(`"seq": -1,`)),
		"no signature":      bytes.ReplaceAll(real, []byte(`"signature": "`), []byte(`"signature": "AA`)),
		"not base64":        bytes.ReplaceAll(real, []byte(`"hash": "`), []byte(`"hash": "!`)),
		"nul bytes":         bytes.ReplaceAll(real, []byte(`"`), []byte("\x00\"")),
		"unknown field":     bytes.Replace(real, []byte("{"), []byte(`{"x": 1,`), 1),
	}
}

// importFuzz runs one import of data and checks the properties above.
func importFuzz(t *testing.T, w *Workspace, data []byte, imp func(path string) error, count func() int) {
	path := filepath.Join(t.TempDir(), "in.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	before := count()
	err := imp(path)
	if err != nil {
		if c := Code(err); c == "" || c == "internal" {
			t.Fatalf("import refused with an error that is not ours: %v", err)
		}
		if got := count(); got != before {
			t.Fatalf("a refused import changed %d rows", got-before)
		}
	}
	if _, err := w.VerifyLedger(context.Background()); err != nil {
		t.Fatalf("ledger after the import: %v", err)
	}
}

// FuzzImportRequestFile imports request files at a workstation that trusts
// the one that exported them.
func FuzzImportRequestFile(f *testing.F) {
	ctx := context.Background()
	field := demo(f)
	center := hq(f, field)
	id := approved(f, field, "contract", demoDoc(field), 1, 100, 200)
	path := filepath.Join(f.TempDir(), "req.json")
	if err := field.ExportRequest(ctx, login(f, field, "custodian"), id, path); err != nil {
		f.Fatal(err)
	}
	real, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range exchangeSeeds(f, real) {
		f.Add(s)
	}
	approver := login(f, center, "approver")
	if _, err := center.ImportRequest(ctx, approver, path); err != nil {
		f.Fatalf("the real request file is refused: %v", err) // the seeds would only test refusals
	}
	count := func() int {
		rs, err := center.db.Requests(ctx, "")
		if err != nil {
			f.Fatal(err)
		}
		n := len(rs)
		for _, r := range rs {
			as, _ := center.db.Approvals(ctx, r.ID)
			n += len(as)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		importFuzz(t, center, data, func(p string) error {
			_, err := center.ImportRequest(ctx, approver, p)
			return err
		}, count)
	})
}

// FuzzImportLedgerExtract imports ledger extracts at headquarters.
func FuzzImportLedgerExtract(f *testing.F) {
	ctx := context.Background()
	field := demo(f)
	center := hq(f, field)
	approved(f, field, "contract", demoDoc(field), 1, 100, 200)
	path := filepath.Join(f.TempDir(), "extract.json")
	if _, err := field.ExportLedger(ctx, login(f, field, "auditor"), ExportOptions{}, path); err != nil {
		f.Fatal(err)
	}
	real, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range exchangeSeeds(f, real) {
		f.Add(s)
	}
	auditor := login(f, center, "auditor")
	if _, err := center.ImportLedger(ctx, auditor, path); err != nil {
		f.Fatalf("the real extract is refused: %v", err) // the seeds would only test refusals
	}
	count := func() int {
		es, err := center.db.RemoteEntries(ctx, field.workstation)
		if err != nil {
			f.Fatal(err)
		}
		return len(es)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		importFuzz(t, center, data, func(p string) error {
			_, err := center.ImportLedger(ctx, auditor, p)
			return err
		}, count)
	})
}
