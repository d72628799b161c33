package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sealdesk/device"
	"sealdesk/internal/kdf"
	"sealdesk/store"
)

// TestSignInRunsOneKDF: every demo user (administrator, custodian, printer
// too) signs in with one scrypt run, which both checks the password and opens
// the user's own key; the session holds that key and the certificate naming
// the user (issue 12 point 3, issue 18 point 3).
func TestSignInRunsOneKDF(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	// The workstation key, which signs the sign-in entry's head, is opened
	// once a process (its own derivation, counted by the CLI's
	// TestStampDerivesEachSecretOnce): open it before counting.
	if _, _, err := w.workstationSigner(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"admin", "custodian", "approver", "auditor", "printer"} {
		before := kdf.Runs()
		s, err := w.Login(ctx, name, DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		if n := kdf.Runs() - before; n != 1 {
			t.Fatalf("sign-in of %s ran %d key derivations, want 1", name, n)
		}
		if s.signer == nil || s.cert == nil || s.cert.Subject.SerialNumber != userSerialPrefix+name {
			t.Fatalf("session of %s holds no key of theirs: %v", name, s.cert)
		}
		if e := lastEntry(t, w); e.Kind != "login" || e.Actor != name {
			t.Fatalf("last entry %+v", e)
		}
	}
	if _, err := w.VerifyLedgerFull(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestOlderUserMovesToOneKDF: a user from before (a password hash of the
// older format, no key) gets a key sealed under the new hash at the first
// sign-in, which costs two derivations once; from then on one.
func TestOlderUserMovesToOneKDF(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	salt := []byte("0123456789abcdef")
	h, err := kdf.Scrypt([]byte(DemoPassword), salt, pwN, pwR, pwP, 32)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawStdEncoding
	old := fmt.Sprintf("scrypt$%d$%d$%d$%s$%s", pwN, pwR, pwP, enc.EncodeToString(salt), enc.EncodeToString(h))
	setupSQL(t, w, "UPDATE users SET password_hash = ?, key_ref = '', cert = x'' WHERE name = 'printer'", old)
	if _, _, err := w.workstationSigner(); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int64{2, 1} {
		before := kdf.Runs()
		s, err := w.Login(ctx, "printer", DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		if n := kdf.Runs() - before; n != want || s.signer == nil {
			t.Fatalf("sign-in %d ran %d key derivations (want %d), key %v", i+1, n, want, s.signer)
		}
	}
	u, _ := w.db.User(ctx, "printer")
	if !strings.HasPrefix(u.PasswordHash, pwFormat+"$") || !strings.HasPrefix(u.KeyRef, userKeyPrefix) {
		t.Fatalf("not moved: %s %s", u.PasswordHash[:8], u.KeyRef)
	}
}

// TestWeakenedHashDoesNotOpenTheKey: a password hash copied from another
// user (whose password the attacker knows) checks, but yields another KEK:
// the user's key does not open and sign-in is refused with the reason.
func TestWeakenedHashDoesNotOpenTheKey(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	setupSQL(t, w, "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE name = 'auditor') WHERE name = 'admin'")
	if _, err := w.Login(ctx, "admin", DemoPassword); Code(err) != "user_key_broken" {
		t.Fatalf("sign-in with a copied hash = %v", err)
	}
}

// rechain recomputes the SM3 chain from seq on, after the caller's edit,
// and re-signs every head from there with the workstation key, as an
// attacker holding the workstation key would.
func rechain(t *testing.T, w *Workspace, from int64) {
	t.Helper()
	ctx := context.Background()
	es, err := w.db.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	signer, cert, err := w.workstationSigner()
	if err != nil || signer == nil {
		t.Fatalf("workstation key: %v", err)
	}
	var prev []byte
	for i := range es {
		e := &es[i]
		if e.Seq < from {
			prev = e.Hash
			continue
		}
		e.PrevHash, e.Hash = prev, e.ComputeHash(prev)
		prev = e.Hash
		sqlExec(t, w, "UPDATE ledger SET prev_hash = ?, hash = ? WHERE seq = ?", e.PrevHash, e.Hash, e.Seq)
		h := store.Head{Seq: e.Seq, Hash: e.Hash, At: e.At, Workstation: w.workstation, Cert: cert.Raw}
		if h.Signature, err = signMessage(signer, headStatement(h), w.Rand); err != nil {
			t.Fatal(err)
		}
		if err := w.db.Update(ctx, func(tx store.Txn) error { return tx.AddHead(ctx, h) }); err != nil {
			t.Fatal(err)
		}
	}
}

func entryOf(t *testing.T, w *Workspace, kind, actor string) store.Entry {
	t.Helper()
	es, _ := w.db.Ledger(context.Background(), store.LedgerFilter{})
	for _, e := range es {
		if e.Kind == kind && e.Actor == actor && e.Outcome == store.OutcomeOK {
			return e
		}
	}
	t.Fatalf("no %s entry of %s", kind, actor)
	return store.Entry{}
}

// TestRechainAttackCaughtByActorSignatures: an entry in the middle (the
// approval) is edited with SQL, the SM3 chain recomputed and every head
// re-signed with the workstation key. Heads and chain agree again; the
// approver's signature, and every later user's, no longer match.
func TestRechainAttackCaughtByActorSignatures(t *testing.T) {
	ctx := context.Background()
	for _, full := range []bool{false, true} {
		t.Run(fmt.Sprintf("full=%v", full), func(t *testing.T) {
			w := demo(t)
			approved(t, w, "contract", demoDoc(w), 1, 100, 200)
			login(t, w, "auditor") // a later signed act
			verify := w.VerifyLedger
			if full {
				verify = w.VerifyLedgerFull
			}
			if _, err := verify(ctx); err != nil {
				t.Fatalf("before: %v", err)
			}
			e := entryOf(t, w, "approve", "approver")
			sqlExec(t, w, "UPDATE ledger SET detail = 'rewritten' WHERE seq = ?", e.Seq)
			rechain(t, w, e.Seq)
			if _, err := w.db.VerifyLedger(ctx); err != nil {
				t.Fatalf("the plain chain should verify after re-chaining: %v", err)
			}
			_, err := verify(ctx)
			var ce *store.ChainError
			if !errors.As(err, &ce) || !strings.Contains(ce.Reason, "does not match the entry: it was rewritten") {
				t.Fatalf("VerifyLedger after re-chain = %v", err)
			}
			if full && ce.Seq != e.Seq {
				t.Fatalf("full check names entry %d, want the edited %d", ce.Seq, e.Seq)
			}
		})
	}
}

// TestEntryResignedByAnotherCertificateRefused: the approver's entry
// re-signed by the SM2 official seal's key with its certificate, or by
// another user's key,
// and a head re-signed by a seal's key, are refused by the local check:
// they chain to the workspace's roots but are not the certificates that
// must sign there.
func TestEntryResignedByAnotherCertificateRefused(t *testing.T) {
	ctx := context.Background()
	resign := func(t *testing.T, w *Workspace, e store.Entry, by string) {
		t.Helper()
		var sig, raw []byte
		var err error
		if by == "seal" {
			sl, err := w.db.Seal(ctx, "official")
			if err != nil {
				t.Fatal(err)
			}
			key, err := device.OpenKey(sl.KeyRef, DemoPIN, device.OpenOptions{Dir: w.Home, Cert: sl.Cert, Chain: sl.Chain})
			if err != nil {
				t.Fatal(err)
			}
			signer, chain := key.Signer, key.Chain
			sig, err = signMessage(signer, entryStatement(&e), w.Rand)
			if err != nil {
				t.Fatal(err)
			}
			raw = chain[0].Raw
		} else {
			s := login(t, w, by)
			if sig, err = signMessage(s.signer, entryStatement(&e), w.Rand); err != nil {
				t.Fatal(err)
			}
			raw = s.cert.Raw
		}
		sqlExec(t, w, "UPDATE ledger_sigs SET signature = ?, cert = ? WHERE seq = ?", sig, raw, e.Seq)
	}
	for _, by := range []string{"seal", "auditor"} {
		t.Run("entry by "+by, func(t *testing.T) {
			w := demo(t)
			approved(t, w, "contract", demoDoc(w), 1, 100, 200)
			e := entryOf(t, w, "approve", "approver")
			resign(t, w, e, by)
			_, err := w.VerifyLedger(ctx)
			var ce *store.ChainError
			if !errors.As(err, &ce) || ce.Seq != e.Seq || !strings.Contains(ce.Reason, "not of the user approver") {
				t.Fatalf("VerifyLedger = %v", err)
			}
		})
	}
	t.Run("head by seal", func(t *testing.T) {
		w := demo(t)
		approved(t, w, "contract", demoDoc(w), 1, 100, 200)
		sl, _ := w.db.Seal(ctx, "official")
		key, err := device.OpenKey(sl.KeyRef, DemoPIN, device.OpenOptions{Dir: w.Home, Cert: sl.Cert, Chain: sl.Chain})
		if err != nil {
			t.Fatal(err)
		}
		signer, chain := key.Signer, key.Chain
		heads, _ := w.db.Heads(ctx)
		h := heads[len(heads)-1]
		h.Cert = chain[0].Raw
		if h.Signature, err = signMessage(signer, headStatement(h), w.Rand); err != nil {
			t.Fatal(err)
		}
		if err := w.db.Update(ctx, func(tx store.Txn) error { return tx.AddHead(ctx, h) }); err != nil {
			t.Fatal(err)
		}
		_, err = w.VerifyLedger(ctx)
		if err == nil || !strings.Contains(err.Error(), "not the workstation's") {
			t.Fatalf("VerifyLedger = %v", err)
		}
	})
}

// olderWorkspace turns the demo into a workspace from before every user had
// a key: no "actors signed" entry in the ledger (its kind edited and the chain
// and heads redone, as rechain does), every user with a password hash of the
// older format and no key.
func olderWorkspace(t *testing.T) *Workspace {
	t.Helper()
	w := demo(t)
	e := entryOf(t, w, kindActorsSigned, "init-demo")
	sqlExec(t, w, "UPDATE ledger SET kind = 'note' WHERE seq = ?", e.Seq)
	rechain(t, w, e.Seq)
	salt := []byte("0123456789abcdef")
	h, err := kdf.Scrypt([]byte(DemoPassword), salt, pwN, pwR, pwP, 32)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawStdEncoding
	old := fmt.Sprintf("scrypt$%d$%d$%d$%s$%s", pwN, pwR, pwP, enc.EncodeToString(salt), enc.EncodeToString(h))
	setupSQL(t, w, "UPDATE users SET password_hash = ?, key_ref = '', cert = x''", old)
	if _, err := w.VerifyLedgerFull(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestCertifyUserKeysUpgradesAnOlderWorkspace: the upgrade step is refused,
// naming the user, while someone has not signed in since (nothing written);
// once all have, their keys are certified, and from then on every user's act
// carries their signature: sessions opened before the upgrade sign too, and
// an entry whose signature is deleted is caught.
func TestCertifyUserKeysUpgradesAnOlderWorkspace(t *testing.T) {
	w := olderWorkspace(t)
	ctx := context.Background()
	admin := login(t, w, "admin")
	before := ledgerCount(t, w)
	_, err := w.CertifyUserKeys(ctx, admin, "")
	if Code(err) != "user_key_missing" || !strings.Contains(err.Error(), "approver") {
		t.Fatalf("certify with users not signed in = %v", err)
	}
	if done, _ := w.db.HasLedgerKind(ctx, kindActorsSigned); done || ledgerCount(t, w) != before+1 {
		t.Fatal("a refused upgrade wrote more than its refusal")
	}
	if _, err := w.CertifyUserKeys(ctx, login(t, w, "auditor"), ""); Code(err) != "role" {
		t.Fatalf("certify by the auditor = %v", err)
	}
	cust := login(t, w, "custodian")
	login(t, w, "approver")
	login(t, w, "printer")
	names, err := w.CertifyUserKeys(ctx, admin, "")
	if err != nil || len(names) != 5 {
		t.Fatalf("certify = %v, %v", names, err)
	}
	if done, _ := w.db.HasLedgerKind(ctx, kindActorsSigned); !done {
		t.Fatal("no actors-signed entry")
	}
	// The custodian's session dates from before the upgrade.
	id, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.VerifyLedgerFull(ctx); err != nil {
		t.Fatalf("after the upgrade: %v", err)
	}
	e := entryOf(t, w, "request", "custodian")
	sqlExec(t, w, "DELETE FROM ledger_sigs WHERE seq = ?", e.Seq)
	_, err = w.VerifyLedger(ctx)
	var ce *store.ChainError
	if !errors.As(err, &ce) || ce.Seq != e.Seq || !strings.Contains(ce.Reason, "carries no signature") {
		t.Fatalf("unsigned act after the upgrade: %v", err)
	}
}

// TestExtractEntrySignedByAnotherRefused: headquarters refuses an extract
// whose approval entry was re-signed by the auditor's own key, or whose
// signature was removed; the untouched extract imports.
func TestExtractEntrySignedByAnotherRefused(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	approved(t, field, "contract", demoDoc(field), 1, 100, 200)
	aud := login(t, field, "auditor")
	path := filepath.Join(t.TempDir(), "x.json")
	if _, err := field.ExportLedger(ctx, aud, ExportOptions{}, path); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, want string }{
		{"re-signed by the auditor", "not of the user approver"},
		{"signature removed", "carries no signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var x LedgerExtract
			b, _ := os.ReadFile(path)
			if err := json.Unmarshal(b, &x); err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(x.Entries, func(e store.Entry) bool { return e.Kind == "approve" && e.Actor == "approver" })
			e := &x.Entries[i]
			if len(e.Signature) == 0 {
				t.Fatal("the exported approval carries no signature")
			}
			if tc.name == "signature removed" {
				e.Signature, e.SignerCert = nil, nil
			} else {
				sig, err := signMessage(aud.signer, entryStatement(e), field.Rand)
				if err != nil {
					t.Fatal(err)
				}
				e.Signature, e.SignerCert = sig, aud.cert.Raw
			}
			out := filepath.Join(t.TempDir(), "edited.json")
			b, _ = json.Marshal(&x)
			os.WriteFile(out, b, 0o600)
			if _, err := center.ImportLedger(ctx, login(t, center, "auditor"), out); Code(err) != "extract_broken" || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("import = %v", err)
			}
		})
	}
	if rep, err := center.ImportLedger(ctx, login(t, center, "auditor"), path); err != nil || !rep.Clean() {
		t.Fatalf("untouched extract: %+v %v", rep, err)
	}
}
