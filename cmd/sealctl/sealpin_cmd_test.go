package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSealPINBinary: four real `sealctl seal pin` processes change the
// contract seal's PIN at once, each with the right current PIN and a new PIN
// of its own: exactly one succeeds, the others are told the PIN was wrong.
// The seal then stamps with the winner's PIN only; `seal show` states when
// the PIN was set and when it must change; the rule is bounded in `settings
// set`; the ledger verifies.
func TestSealPINBinary(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	pins := []string{"246801", "357912", "468023", "579134"}
	res := make([]procResult, len(pins))
	var wg sync.WaitGroup
	for i, p := range pins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = runBinary(bin, []string{"SEALDESK_NEW_PIN=" + p}, "seal", "pin", "--home", home, "--as", "custodian", "contract")
		}()
	}
	wg.Wait()
	winner := ""
	for i, r := range res {
		switch {
		case r.code == 0 && winner == "":
			winner = pins[i]
		case r.code == 0:
			t.Fatalf("both %s and %s were accepted", winner, pins[i])
		case r.killed || !strings.Contains(r.stderr, "保护口令错误"):
			t.Fatalf("change to %s: %+v", pins[i], r)
		}
	}
	if winner == "" {
		t.Fatalf("no change succeeded: %+v", res)
	}

	r := sealctl(t, "seal", "show", "--home", home, "--json", "contract")
	var shown struct {
		PIN struct {
			Set, Due time.Time
			Overdue  bool
		} `json:"pin"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || r.code != 0 {
		t.Fatalf("seal show: %v %+v", err, r)
	}
	if time.Since(shown.PIN.Set) > time.Minute || !shown.PIN.Due.Equal(shown.PIN.Set.AddDate(0, 0, 60)) || shown.PIN.Overdue {
		t.Fatalf("seal show: %+v", shown.PIN)
	}
	if r := sealctl(t, "seal", "show", "--home", home, "contract"); !strings.Contains(r.stdout, "须于 "+shown.PIN.Due.Local().Format(time.DateOnly)+" 前修改（还有 60 天）") {
		t.Fatalf("seal show:\n%s", r.stdout)
	}

	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r = sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "100")
	id := strings.TrimSpace(r.stdout)
	if r.code != 0 || sealctl(t, "approve", "--home", home, "--as", "approver", id).code != 0 {
		t.Fatalf("request: %+v", r)
	}
	out := filepath.Join(t.TempDir(), "out.pdf")
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code == 0 || !strings.Contains(r.stderr, "保护口令错误") {
		t.Fatalf("stamp with the old PIN: %+v", r)
	}
	t.Setenv("SEALDESK_PIN", winner)
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
		t.Fatalf("stamp with the new PIN: %+v", r)
	}

	if r := sealctl(t, "settings", "set", "--home", home, "--as", "admin", "--pin-max-days", "3"); r.code == 0 || !strings.Contains(r.stderr, "7 至 366 天") {
		t.Fatalf("a 3-day rule: %+v", r)
	}
	if r := sealctl(t, "settings", "set", "--home", home, "--as", "admin", "--pin-max-days", "0"); r.code != 0 || !strings.Contains(r.stdout, "印章保护口令修改周期：不限") {
		t.Fatalf("no rule: %+v", r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify: %+v", r)
	}
}

// TestSealPINCrash: `sealctl seal pin` killed after the key file holds the
// new PIN and before its ledger entry: the new PIN opens the key (a change
// from it succeeds, the old one is refused), nothing in the ledger claims a
// change that did not finish, the ledger verifies, and the PIN's age still
// counts from the seal's making (the rule asks for a change sooner, never
// later).
func TestSealPINCrash(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	r := runBinary(bin, []string{"SEALDESK_NEW_PIN=246801", "SEALDESK_CRASH_AT=seal-pin-resealed"}, "seal", "pin", "--home", home, "--as", "custodian", "contract")
	if !r.killed {
		t.Fatalf("not killed at seal-pin-resealed: %+v", r)
	}
	if r := sealctl(t, "ledger", "--home", home, "--kind", "seal.pin", "--format", "json"); r.code != 0 || strings.Contains(r.stdout, `"ok"`) {
		t.Fatalf("ledger after the crash: %+v", r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify: %+v", r)
	}
	if r := sealctl(t, "seal", "show", "--home", home, "contract"); !strings.Contains(r.stdout, "（还有 60 天）") {
		t.Fatalf("seal show after the crash:\n%s", r.stdout)
	}
	if r := runBinary(bin, []string{"SEALDESK_NEW_PIN=357912"}, "seal", "pin", "--home", home, "--as", "custodian", "contract"); r.code == 0 || !strings.Contains(r.stderr, "保护口令错误") {
		t.Fatalf("the old PIN after the crash: %+v", r)
	}
	if r := runBinary(bin, []string{"SEALDESK_PIN=246801", "SEALDESK_NEW_PIN=357912"}, "seal", "pin", "--home", home, "--as", "custodian", "contract"); r.code != 0 {
		t.Fatalf("the new PIN after the crash: %+v", r)
	}
}
