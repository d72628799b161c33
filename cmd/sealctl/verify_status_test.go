package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestVerifySealStatusAtSigning: with --home, a signature made with a seal the
// workspace recorded as suspended or revoked at the signing time is exit 1 with a
// named finding; a seal suspended only after signing is fine, and one revoked since
// is a warning. A signature made while the seal was suspended can only come from
// its key used outside SealDesk (SealDesk refuses to stamp with it); the test
// makes one by recording the suspension with a clock set before the stamp.
func TestVerifySealStatusAtSigning(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)
	at := func(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }
	newHome := func() string {
		home := filepath.Join(t.TempDir(), "demo")
		if r := sealctlAt(t, t0, "init-demo", "--home", home); r.code != 0 {
			t.Fatalf("init-demo: %+v", r)
		}
		return home
	}
	stamp := func(home string, h float64) string {
		t.Helper()
		doc := filepath.Join(home, "documents", "示例合同.pdf")
		r := sealctlAt(t, at(h), "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "销售合同")
		id := strings.TrimSpace(r.stdout)
		if r := sealctlAt(t, at(h), "approve", "--home", home, "--as", "approver", "--comment", "同意", id); r.code != 0 {
			t.Fatalf("approve: %+v", r)
		}
		out := filepath.Join(t.TempDir(), "stamped.pdf")
		if r := sealctlAt(t, at(h), "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
			t.Fatalf("stamp: %+v", r)
		}
		return out
	}
	status := func(home, event string, h float64) {
		t.Helper()
		if r := sealctlAt(t, at(h), "seal", event, "--home", home, "--as", "admin", "--reason", "核查", "contract"); r.code != 0 {
			t.Fatalf("seal %s: %+v", event, r)
		}
	}
	check := func(name, home, doc string, code int, errs, warns []string) {
		t.Helper()
		r := sealctlAt(t, at(10), "verify", "--json", "--home", home, doc)
		var rep verifyJSON
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%s: %v: %+v", name, err, r)
		}
		if r.code != code || !slices.Equal(rep.codes("error"), errs) || !slices.Equal(rep.codes("warning"), warns) {
			t.Errorf("%s: exit %d errors %v warnings %v, want %d %v %v\n%s", name, r.code, rep.codes("error"), rep.codes("warning"), code, errs, warns, r.stdout)
		}
	}

	home := newHome()
	early := stamp(home, 1)
	inPause := stamp(home, 5)
	status(home, "suspend", 4)
	status(home, "resume", 6)
	check("suspended after signing", home, early, 0, nil, nil)
	check("suspended when used", home, inPause, 1, []string{"seal_suspended_at_signing"}, nil)
	status(home, "revoke", 7)
	check("revoked since signing", home, early, 0, nil, []string{"seal_revoked_since"})
	// Without the workspace nobody knows: the same file verifies (signer trust unknown).
	if r := sealctlAt(t, at(10), "verify", "--json", inPause); r.code != 0 {
		t.Errorf("without --home: %+v", r)
	}

	home2 := newHome()
	signed := stamp(home2, 2)
	status(home2, "revoke", 1)
	check("revoked when used", home2, signed, 1, []string{"seal_revoked_at_signing"}, nil)
	r := sealctlAt(t, at(10), "verify", "--home", home2, signed)
	if !strings.Contains(r.stdout, "the seal was revoked when it was used") {
		t.Errorf("text output lacks the finding: %s", r.stdout)
	}
}
