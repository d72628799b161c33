package app

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/seal"
	"sealdesk/store"
)

// makeSeal makes a seal as the admin, failing the test on error.
func makeSeal(t testing.TB, w *Workspace, in MakeSealInput) store.Seal {
	t.Helper()
	if in.PIN == "" {
		in.PIN = DemoPIN
	}
	s, err := w.MakeSeal(context.Background(), login(t, w, "admin"), in)
	if err != nil {
		t.Fatalf("MakeSeal: %v", err)
	}
	grantCustodian(t, w, s.ID)
	return s
}

// grantCustodian lets the demo custodian use a seal for the whole span the
// lifecycle tests move the clock through (set up directly in the store: the
// 3-year limit of GrantSeal is tested on its own).
func grantCustodian(t testing.TB, w *Workspace, sealID string) {
	t.Helper()
	err := w.db.Update(context.Background(), func(tx store.Txn) error {
		_, err := tx.AddGrant(context.Background(), store.Grant{User: "custodian", SealID: sealID, From: testNow.AddDate(-1, 0, 0),
			To: testNow.AddDate(10, 0, 0), GrantedBy: "test", GrantedAt: testNow})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkLast checks the newest ledger entry's kind, outcome and, for a
// refusal, the code its detail starts with.
func checkLast(t testing.TB, w *Workspace, kind, outcome, code string) store.Entry {
	t.Helper()
	e := lastEntry(t, w)
	if e.Kind != kind || e.Outcome != outcome || (code != "" && !strings.HasPrefix(e.Detail, code+":")) {
		t.Fatalf("last ledger entry %s %s %q, want %s %s %s", e.Kind, e.Outcome, e.Detail, kind, outcome, code)
	}
	return e
}

// TestMakeSeal makes seals of each algorithm and certificate list type and
// reads them back: the maker's signature verifies, the certificate is listed,
// the row matches the data, the key opens with its PIN and signs, and the
// making is in the ledger and the seal's history.
func TestMakeSeal(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		in   MakeSealInput
		kind string
	}{
		{"customs seal SM2, certificates", MakeSealInput{Kind: "business", Purpose: "报关专用章"}, "business"},
		{"contract seal ECDSA, digests", MakeSealInput{Kind: "contract", Algorithm: device.AlgECDSAP256, CertListType: 2}, "contract"},
		{"personal seal, own picture", MakeSealInput{Kind: "personal", Holder: "张三", ID: "zhang-san",
			Picture: &seal.PictureSpec{Shape: seal.Square, WidthMM: 18, HeightMM: 18, Color: seal.SealRed, Text: "张三之印"}}, "personal"},
		{"invoice seal", MakeSealInput{Kind: "invoice", TaxID: "91330106MA2DEMO01X", Code: "3301069990001"}, "invoice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			got := makeSeal(t, w, tc.in)
			sd, err := seal.Parse(got.SealData)
			if err != nil {
				t.Fatal(err)
			}
			if err := sd.VerifyMaker(); err != nil {
				t.Fatal(err)
			}
			wantCLT := max(tc.in.CertListType, 1)
			if !sd.ContainsCert(got.Cert) || sd.CertListType != wantCLT || sd.Version != 4 || sd.VendorID != VendorID {
				t.Fatalf("seal data: certListType %d version %d vendor %q, certificate listed %v", sd.CertListType, sd.Version, sd.VendorID, sd.ContainsCert(got.Cert))
			}
			if sd.Code != got.Code || sd.Name != got.Name || !sd.ValidFrom.Equal(got.ValidFrom) || !sd.ValidTo.Equal(got.ValidTo) ||
				sd.Picture.WidthMM != got.WidthMM || got.Kind != tc.kind || got.Status != store.SealActive {
				t.Fatalf("row %+v does not match the data %s %s %v %v", got, sd.Code, sd.Name, sd.ValidFrom, sd.ValidTo)
			}
			if tc.in.Code != "" && got.Code != tc.in.Code || tc.in.ID != "" && got.ID != tc.in.ID {
				t.Fatalf("asked for id %q code %q, got %q %q", tc.in.ID, tc.in.Code, got.ID, got.Code)
			}
			stored, err := w.db.Seal(ctx, got.ID)
			if err != nil || stored.Code != got.Code {
				t.Fatalf("stored %+v %v", stored, err)
			}
			key, err := device.OpenKey(stored.KeyRef, DemoPIN, device.OpenOptions{Dir: w.Home, Cert: stored.Cert, Chain: stored.Chain})
			if err != nil {
				t.Fatal(err)
			}
			alg, _ := device.AlgorithmOf(key.Signer.Public())
			if alg != got.Algorithm {
				t.Fatalf("key is %s, seal says %s", alg, got.Algorithm)
			}
			e := checkLast(t, w, "seal.make", store.OutcomeOK, "")
			if e.SealID != got.ID || e.Actor != "admin" {
				t.Fatalf("ledger entry %+v", e)
			}
			ev, _ := w.db.SealEvents(ctx, got.ID)
			if len(ev) != 1 || ev[0].Event != "make" {
				t.Fatalf("events %+v", ev)
			}
			if _, err := w.VerifyLedger(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestMakeSealRefusals: each bad request is refused with its own message,
// in the ledger, and leaves no key file and no seal behind.
func TestMakeSealRefusals(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		as   string
		in   MakeSealInput
		code string
	}{
		{"duplicate code", "admin", MakeSealInput{Kind: "contract", Code: "3301060001002"}, "seal_code_taken"},
		{"duplicate id", "admin", MakeSealInput{Kind: "contract", ID: "finance"}, "seal_id_taken"},
		{"not an admin", "custodian", MakeSealInput{Kind: "contract"}, "role"},
		{"unknown kind", "admin", MakeSealInput{Kind: "stamp"}, "seal_kind"},
		{"RSA", "admin", MakeSealInput{Kind: "contract", Algorithm: device.AlgRSA}, "seal_algorithm"},
		{"certListType 3", "admin", MakeSealInput{Kind: "contract", CertListType: 3}, "seal_cert_list_type"},
		{"name seal without a holder", "admin", MakeSealInput{Kind: "legal-rep"}, "seal_field_required"},
		{"validity beyond the certificate", "admin", MakeSealInput{Kind: "contract", CertYears: 1, ValidTo: testNow.AddDate(3, 0, 0)}, "seal_validity"},
		{"weak PIN", "admin", MakeSealInput{Kind: "contract", PIN: "123456"}, "pin_policy"},
		{"wrong CA PIN", "admin", MakeSealInput{Kind: "contract", CAPIN: "000001"}, "pin_incorrect"},
		{"picture too large", "admin", MakeSealInput{Kind: "contract", Picture: &seal.PictureSpec{Shape: seal.Round, WidthMM: 400, HeightMM: 400, Color: seal.SealRed, Upper: "x"}}, "seal_picture"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			if tc.in.PIN == "" {
				tc.in.PIN = DemoPIN
			}
			before, _ := w.db.Seals(ctx)
			keys, _ := os.ReadDir(filepath.Join(w.Home, keysDir))
			_, err := w.MakeSeal(ctx, login(t, w, tc.as), tc.in)
			if Code(err) != tc.code {
				t.Fatalf("MakeSeal = %v (code %q), want %q", err, Code(err), tc.code)
			}
			checkLast(t, w, "seal.make", store.OutcomeRefused, tc.code)
			after, _ := w.db.Seals(ctx)
			keysAfter, _ := os.ReadDir(filepath.Join(w.Home, keysDir))
			if len(after) != len(before) || len(keysAfter) != len(keys) {
				t.Fatalf("a refused making left %d seals (was %d), %d key files (was %d)", len(after), len(before), len(keysAfter), len(keys))
			}
			for _, lang := range []string{assets.LangZH, assets.LangEN} {
				if m := Message(err, lang); m == "" || strings.HasPrefix(m, "err.") || strings.Contains(m, "%!") {
					t.Errorf("%s message %q", lang, m)
				}
			}
		})
	}
	// The duplicate's message names the seal that holds the code.
	w := demo(t)
	_, err := w.MakeSeal(ctx, login(t, w, "admin"), MakeSealInput{Kind: "contract", Code: "3301060001002", PIN: DemoPIN})
	if m := Message(err, assets.LangZH); !strings.Contains(m, "3301060001002") || !strings.Contains(m, "合同专用章") {
		t.Fatalf("duplicate code message %q", m)
	}
}

// TestMakeExportVerify is the application-level round trip: a made seal,
// exported, verifies as a valid GB/T 38540 (V4) seal, and exporting over an
// existing file is refused.
func TestMakeExportVerify(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	for _, alg := range []string{device.AlgSM2, device.AlgECDSAP256} {
		s := makeSeal(t, w, MakeSealInput{Kind: "contract", Algorithm: alg})
		out := filepath.Join(t.TempDir(), s.ID+".esl")
		if err := w.ExportSeal(ctx, login(t, w, "admin"), s.ID, out); err != nil {
			t.Fatal(err)
		}
		e := checkLast(t, w, "seal.export", store.OutcomeOK, "")
		if e.SealID != s.ID || e.OutHash == "" {
			t.Fatalf("export entry %+v", e)
		}
		rep, err := VerifyFile(ctx, out, VerifyOptions{At: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Valid || rep.Kind != KindSeal || rep.Version != 4 || rep.MakerSignature != Valid || rep.Code != s.Code || rep.Name != s.Name {
			t.Fatalf("%s: report %+v", alg, rep)
		}
		if err := w.ExportSeal(ctx, login(t, w, "admin"), s.ID, out); Code(err) != "out_exists" {
			t.Fatalf("export over an existing file: %v", err)
		}
		checkLast(t, w, "seal.export", store.OutcomeRefused, "out_exists")
	}
}

// TestLifecycleTransitions walks suspend → resume → revoke and checks every
// refusal on the way, each in the ledger under the event's kind.
func TestLifecycleTransitions(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	admin := login(t, w, "admin")
	steps := []struct {
		name   string
		do     func() error
		kind   string
		code   string // "" for success
		status string
	}{
		{"custodian cannot suspend", func() error { return w.SuspendSeal(ctx, login(t, w, "custodian"), "finance", "") }, "seal.suspend", "role", store.SealActive},
		{"resume an active seal", func() error { return w.ResumeSeal(ctx, admin, "finance", "") }, "seal.resume", "seal_not_suspended", store.SealActive},
		{"suspend", func() error { return w.SuspendSeal(ctx, admin, "finance", "保管人休假") }, "seal.suspend", "", store.SealSuspended},
		{"suspend again", func() error { return w.SuspendSeal(ctx, admin, "finance", "") }, "seal.suspend", "seal_not_active", store.SealSuspended},
		{"resume", func() error { return w.ResumeSeal(ctx, admin, "finance", "") }, "seal.resume", "", store.SealActive},
		{"revoke without a reason", func() error { return w.RevokeSeal(ctx, admin, "finance", " ") }, "seal.revoke", "seal_reason_required", store.SealActive},
		{"revoke by code", func() error { return w.RevokeSeal(ctx, admin, "3301060001003", "印章遗失") }, "seal.revoke", "", store.SealRevoked},
		{"resume a revoked seal", func() error { return w.ResumeSeal(ctx, admin, "finance", "") }, "seal.resume", "seal_already_revoked", store.SealRevoked},
		{"revoke twice", func() error { return w.RevokeSeal(ctx, admin, "finance", "again") }, "seal.revoke", "seal_already_revoked", store.SealRevoked},
		{"unknown seal", func() error { return w.SuspendSeal(ctx, admin, "nope", "") }, "seal.suspend", "seal_missing", store.SealRevoked},
	}
	for _, st := range steps {
		err := st.do()
		if Code(err) != st.code {
			t.Fatalf("%s: %v (code %q), want %q", st.name, err, Code(err), st.code)
		}
		outcome := store.OutcomeOK
		if st.code != "" {
			outcome = store.OutcomeRefused
		}
		checkLast(t, w, st.kind, outcome, st.code)
		if s, _ := w.db.Seal(ctx, "finance"); s.Status != st.status {
			t.Fatalf("%s: status %s, want %s", st.name, s.Status, st.status)
		}
	}
	d, err := w.SealInfo(ctx, "finance")
	if err != nil {
		t.Fatal(err)
	}
	if d.Lifecycle.StatusReason != "印章遗失" || d.Lifecycle.RevokedAt.IsZero() || len(d.Events) != 3 {
		t.Fatalf("detail %+v %+v", d.Lifecycle, d.Events)
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestLifecycleRefusesStamp: a suspended, revoked, expired or not yet valid
// seal, or one whose certificate has expired, cannot stamp; the refusal goes
// through Stamp and its ledger entry names which.
func TestLifecycleRefusesStamp(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// setup makes the seal state and returns the seal and the clock of the stamp.
		setup func(t *testing.T, w *Workspace) (sealID string, stampAt time.Time)
		code  string
	}{
		{"suspended", func(t *testing.T, w *Workspace) (string, time.Time) {
			return "finance", testNow
		}, "seal_suspended"},
		{"revoked", func(t *testing.T, w *Workspace) (string, time.Time) {
			return "finance", testNow
		}, "seal_revoked"},
		{"expired", func(t *testing.T, w *Workspace) (string, time.Time) {
			s := makeSeal(t, w, MakeSealInput{Kind: "contract", ValidTo: testNow.Add(48 * time.Hour)})
			return s.ID, testNow.Add(72 * time.Hour)
		}, "seal_expired"},
		{"not yet valid", func(t *testing.T, w *Workspace) (string, time.Time) {
			s := makeSeal(t, w, MakeSealInput{Kind: "contract", ValidFrom: testNow.Add(24 * time.Hour)})
			return s.ID, testNow
		}, "seal_not_yet_valid"},
		{"certificate expired", func(t *testing.T, w *Workspace) (string, time.Time) {
			// A vendor seal may outlast its certificate: model one by moving
			// the seal's end past the certificate's one-year life.
			s := makeSeal(t, w, MakeSealInput{Kind: "contract", CertYears: 1})
			setupSQL(t, w, "UPDATE seals SET valid_to = ? WHERE id = ?", testNow.AddDate(5, 0, 0).UTC().Format(time.RFC3339Nano), s.ID)
			return s.ID, testNow.AddDate(2, 0, 0)
		}, "cert_expired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			id, at := tc.setup(t, w)
			// Request and approve while the seal is usable…
			if tc.code == "seal_not_yet_valid" {
				w.Now = func() time.Time { return testNow.Add(48 * time.Hour) }
			}
			req := approved(t, w, id, demoDoc(w), 1, 100, 200)
			w.Now = func() time.Time { return testNow }
			// …then change it through the lifecycle, or let the clock move.
			admin := login(t, w, "admin")
			switch tc.code {
			case "seal_suspended":
				if err := w.SuspendSeal(ctx, admin, id, "核查"); err != nil {
					t.Fatal(err)
				}
			case "seal_revoked":
				if err := w.RevokeSeal(ctx, admin, id, "印章遗失"); err != nil {
					t.Fatal(err)
				}
			}
			w.Now = func() time.Time { return at }
			out := filepath.Join(t.TempDir(), "out.pdf")
			_, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: req, OutPath: out, PIN: DemoPIN})
			if Code(err) != tc.code {
				t.Fatalf("Stamp = %v (code %q), want %q", err, Code(err), tc.code)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Fatal("an output file was written")
			}
			e := checkLast(t, w, "stamp", store.OutcomeRefused, tc.code)
			if e.SealID != id || e.RequestID != req {
				t.Fatalf("ledger entry %+v", e)
			}
		})
	}
}

// TestReissueSeal: after the legal representative changes, the new name seal
// is made and the old one revoked in one transaction, linked both ways, and
// the new one stamps.
func TestReissueSeal(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	admin := login(t, w, "admin")
	if _, err := w.ReissueSeal(ctx, admin, ReissueInput{Seal: "legal-rep", New: MakeSealInput{Holder: "王建国", PIN: DemoPIN}}); Code(err) != "seal_reason_required" {
		t.Fatalf("re-issue without a reason: %v", err)
	}
	checkLast(t, w, "seal.reissue", store.OutcomeRefused, "seal_reason_required")
	n := ledgerCount(t, w)
	ns, err := w.ReissueSeal(ctx, admin, ReissueInput{Seal: "legal-rep", Reason: "法定代表人变更", New: MakeSealInput{Holder: "王建国", PIN: DemoPIN}})
	if err != nil {
		t.Fatal(err)
	}
	if ns.Name != "王建国" || ns.Kind != "legal-rep" || ns.Algorithm != device.AlgECDSAP256 || ns.ID == "legal-rep" {
		t.Fatalf("new seal %+v", ns)
	}
	es := actEntries(t, w)
	if len(es) != n+2 || es[n].Kind != "seal.reissue" || es[n].SealID != ns.ID || es[n+1].Kind != "seal.revoke" || es[n+1].SealID != "legal-rep" {
		t.Fatalf("ledger after re-issue: %+v", es[n:])
	}
	old, _ := w.SealInfo(ctx, "legal-rep")
	nu, _ := w.SealInfo(ctx, ns.ID)
	if old.Seal.Status != store.SealRevoked || old.Lifecycle.ReplacedBy != ns.ID || nu.Lifecycle.Replaces != "legal-rep" || old.Lifecycle.StatusReason != "法定代表人变更" {
		t.Fatalf("links: old %+v %+v, new %+v", old.Seal.Status, old.Lifecycle, nu.Lifecycle)
	}
	if _, err := w.ReissueSeal(ctx, admin, ReissueInput{Seal: "legal-rep", Reason: "again", New: MakeSealInput{Holder: "赵六", PIN: DemoPIN}}); Code(err) != "seal_already_revoked" {
		t.Fatalf("re-issue of a revoked seal: %v", err)
	}
	req := approved(t, w, ns.ID, demoDoc(w), 2, 60, 90)
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: req, OutPath: filepath.Join(t.TempDir(), "new.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatalf("stamp with the re-issued seal: %v", err)
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
}

// vendor is a seal maker outside the workspace, with a holder's key and certificate.
type vendor struct {
	makerCert []byte
	maker     crypto.Signer
	certPEM   string // the holder's certificate, in a file
	certDER   []byte
	keyFile   string // the holder's key, a SealDesk key file under DemoPIN
}

func newVendor(t *testing.T, alg string) *vendor {
	t.Helper()
	dir := t.TempDir()
	mk, _ := device.GenerateKey(device.AlgSM2, rand.Reader)
	makerRoot, err := newRoot(rand.Reader, mk, "某制章厂", "Vendor maker", testNow, 10)
	if err != nil {
		t.Fatal(err)
	}
	caKey, _ := device.GenerateKey(alg, rand.Reader)
	ca, err := newRoot(rand.Reader, caKey, "某 CA", "Vendor CA", testNow, 10)
	if err != nil {
		t.Fatal(err)
	}
	hk, _ := device.GenerateKey(alg, rand.Reader)
	hc, err := ca.issue(rand.Reader, hk.Public(), "外部单位", "外部单位合同专用章", testNow, 3)
	if err != nil {
		t.Fatal(err)
	}
	v := &vendor{makerCert: makerRoot.cert.Raw, maker: mk, certDER: hc.Raw,
		certPEM: filepath.Join(dir, "holder.pem"), keyFile: filepath.Join(dir, "holder.key")}
	if err := os.WriteFile(v.certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: hc.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := device.CreateSoftKey(v.keyFile, hk, DemoPIN); err != nil {
		t.Fatal(err)
	}
	return v
}

// file writes a seal of this vendor listing certs, with the picture given.
func (v *vendor) file(t *testing.T, code string, certs [][]byte, pic seal.Picture) string {
	t.Helper()
	data, err := seal.Make(seal.Info{VendorID: "VENDOR-X", Code: code, Type: 1, Name: "外部单位合同专用章", CertListType: 1, Certs: certs,
		Created: testNow, ValidFrom: testNow, ValidTo: testNow.AddDate(2, 0, 0), Picture: pic}, v.makerCert, v.maker, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), code+".esl")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportSeal imports vendor seals: a good one binds to its key and
// stamps; a bad maker signature, a certificate not in the list, a key that is
// not the certificate's and a duplicate code are refused with the reason; an
// OFD picture is imported and reported as undrawable; a JPEG picture is
// converted for stamping.
func TestImportSeal(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	admin := login(t, w, "admin")
	v := newVendor(t, device.AlgSM2)
	other := newVendor(t, device.AlgECDSAP256)
	img, err := seal.DrawPicture(seal.BusinessSeal("外部单位", "合同专用章", "4401001000001"), 300)
	if err != nil {
		t.Fatal(err)
	}
	pngData, _ := seal.EncodePNG(img, 300)
	png := seal.Picture{Type: "PNG", Data: pngData, WidthMM: 38, HeightMM: 38}

	good := v.file(t, "4401001000001", [][]byte{v.certDER}, png)
	res, err := w.ImportSeal(ctx, admin, ImportSealInput{File: good, CertFile: v.certPEM, KeyFile: v.keyFile, Kind: "contract"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Note != nil || res.Seal.Code != "4401001000001" || res.Seal.Algorithm != device.AlgSM2 || res.Seal.Kind != "contract" {
		t.Fatalf("import result %+v", res)
	}
	checkLast(t, w, "seal.import", store.OutcomeOK, "")
	d, _ := w.SealInfo(ctx, res.Seal.ID)
	if d.Lifecycle.Origin != store.OriginImported || d.Lifecycle.VendorID != "VENDOR-X" {
		t.Fatalf("lifecycle %+v", d.Lifecycle)
	}
	grantCustodian(t, w, res.Seal.ID)
	req := approved(t, w, res.Seal.ID, demoDoc(w), 2, 60, 90)
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: req, OutPath: filepath.Join(t.TempDir(), "imported.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatalf("stamp with the imported seal: %v", err)
	}

	tampered := v.file(t, "4401001000002", [][]byte{v.certDER}, png)
	b, _ := os.ReadFile(tampered)
	b[len(b)-1] ^= 0x01 // the last byte of the maker's signature value
	os.WriteFile(tampered, b, 0o600)

	refusals := []struct {
		name string
		in   ImportSealInput
		code string
	}{
		{"maker signature invalid", ImportSealInput{File: tampered, CertFile: v.certPEM, KeyFile: v.keyFile}, "seal_maker_invalid"},
		{"certificate not in the list", ImportSealInput{File: v.file(t, "4401001000003", [][]byte{other.certDER}, png), CertFile: v.certPEM, KeyFile: v.keyFile}, "seal_cert_not_listed"},
		{"key of another certificate", ImportSealInput{File: v.file(t, "4401001000004", [][]byte{v.certDER}, png), CertFile: v.certPEM, KeyFile: other.keyFile}, "seal_key_mismatch"},
		{"code already in the workspace", ImportSealInput{File: good, CertFile: v.certPEM, KeyFile: v.keyFile}, "seal_code_taken"},
		{"not a seal", ImportSealInput{File: demoDoc(w), CertFile: v.certPEM, KeyFile: v.keyFile}, "seal_unreadable"},
	}
	for _, tc := range refusals {
		before, _ := w.db.Seals(ctx)
		_, err := w.ImportSeal(ctx, admin, tc.in)
		if Code(err) != tc.code {
			t.Fatalf("%s: %v (code %q), want %q", tc.name, err, Code(err), tc.code)
		}
		checkLast(t, w, "seal.import", store.OutcomeRefused, tc.code)
		if after, _ := w.db.Seals(ctx); len(after) != len(before) {
			t.Fatalf("%s: a refused import added a seal", tc.name)
		}
		if m := Message(err, assets.LangEN); strings.Contains(m, "%!") {
			t.Fatalf("%s: message %q", tc.name, m)
		}
	}

	// A JPEG picture is converted to PNG for stamping.
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, img, nil); err != nil {
		t.Fatal(err)
	}
	jpg := seal.Picture{Type: "JPG", Data: jb.Bytes(), WidthMM: 38, HeightMM: 38}
	res, err = w.ImportSeal(ctx, admin, ImportSealInput{File: v.file(t, "4401001000006", [][]byte{v.certDER}, jpg), CertFile: v.certPEM, KeyFile: v.keyFile, ID: "vendor-jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Note != nil || seal.SniffPicture(res.Seal.Picture) != "png" || res.Seal.ID != "vendor-jpeg" {
		t.Fatalf("JPEG picture: note %v, stored %q, id %s", res.Note, seal.SniffPicture(res.Seal.Picture), res.Seal.ID)
	}
	if d, _ := w.SealInfo(ctx, "vendor-jpeg"); d.Lifecycle.PictureFormat != "jpeg" {
		t.Fatalf("JPEG seal lifecycle %+v", d.Lifecycle)
	}

	// A tax seal's picture is a small OFD package: kept, reported, not drawn.
	ofd := seal.Picture{Type: "OFD", Data: []byte("PK\x03\x04 an OFD package"), WidthMM: 40, HeightMM: 30}
	res, err = w.ImportSeal(ctx, admin, ImportSealInput{File: v.file(t, "4401001000005", [][]byte{v.certDER}, ofd), CertFile: v.certPEM, KeyFile: v.keyFile})
	if err != nil {
		t.Fatal(err)
	}
	if Code(res.Note) != "seal_picture_undrawable" || !strings.Contains(Message(res.Note, assets.LangEN), "OFD") {
		t.Fatalf("OFD picture note: %v", res.Note)
	}
	if e := checkLast(t, w, "seal.import", store.OutcomeOK, ""); !strings.Contains(e.Detail, "seal_picture_undrawable") {
		t.Fatalf("ledger entry %q does not report the picture", e.Detail)
	}
	if d, _ := w.SealInfo(ctx, res.Seal.ID); d.Lifecycle.PictureFormat != "ofd" || len(d.Seal.Picture) != 0 {
		t.Fatalf("OFD seal stored with picture %q (%d bytes)", d.Lifecycle.PictureFormat, len(d.Seal.Picture))
	}
	// Such a seal cannot stamp a PDF: the request is refused with the reason, and recorded.
	_, err = w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: res.Seal.ID, DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 100})
	if Code(err) != "seal_picture_undrawable" || !strings.Contains(Message(err, assets.LangZH), "OFD") {
		t.Fatalf("request with an OFD-picture seal: %v", err)
	}
	checkLast(t, w, "request", store.OutcomeRefused, "")
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestSealMessages: the lifecycle's messages exist in both languages.
func TestSealMessages(t *testing.T) {
	for _, k := range []string{"err.seal_code_taken", "err.seal_maker_invalid", "err.seal_cert_not_listed", "err.seal_picture_undrawable",
		"err.seal_already_revoked", "err.seal_reason_required", "seal.made", "seal.reissued", "kind.business", "kind.personal", "origin.imported",
		"seal.event.make", "seal.event.import", "seal.event.export", "seal.event.suspend", "seal.event.resume", "seal.event.revoke", "seal.event.reissue"} {
		if !assets.HasMessage(k) || assets.T(assets.LangZH, k) == assets.T(assets.LangEN, k) {
			t.Errorf("message %s missing or untranslated", k)
		}
	}
}

// TestImportVendorVectors runs real vendors' seal files through ImportSeal: a
// seal whose maker signature does not verify is refused as such; a valid
// GB/T 38540 seal passes the maker check and the certificate-list check with
// its listed certificate, and is refused with another certificate or with a
// key that is not the listed certificate's.
func TestImportVendorVectors(t *testing.T) {
	dir, _ := filepath.Abs("../../shared/vectors/ofdrw")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the shared test vectors are not beside the project (%s): %v", dir, err)
	}
	ctx := context.Background()
	w := demo(t)
	admin := login(t, w, "admin")
	ours := filepath.Join(w.Home, keysDir, "finance.key") // a SealDesk key file that is no vendor's
	v4 := filepath.Join(dir, "UserV4.esl")
	data, err := os.ReadFile(v4)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := seal.Parse(data)
	if err != nil || len(sd.Certs) == 0 {
		t.Fatalf("UserV4.esl: %v", err)
	}
	listed := filepath.Join(t.TempDir(), "listed.pem")
	os.WriteFile(listed, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: sd.Certs[0]}), 0o600)

	tests := []struct {
		name string
		in   ImportSealInput
		code string
	}{
		{"maker signature does not verify", ImportSealInput{File: filepath.Join(dir, "SESealData.DER"), CertFile: listed, KeyFile: ours}, "seal_maker_invalid"},
		{"certificate not in the list", ImportSealInput{File: v4, CertFile: filepath.Join(dir, "sign_cert.pem"), KeyFile: ours}, "seal_cert_not_listed"},
		{"listed certificate, another key", ImportSealInput{File: v4, CertFile: listed, KeyFile: ours}, "seal_key_mismatch"},
	}
	for _, tc := range tests {
		_, err := w.ImportSeal(ctx, admin, tc.in)
		if Code(err) != tc.code {
			t.Fatalf("%s: %v (code %q), want %q", tc.name, err, Code(err), tc.code)
		}
		checkLast(t, w, "seal.import", store.OutcomeRefused, tc.code)
		t.Logf("%s: %s", tc.name, Message(err, assets.LangEN))
	}
}

// TestIssueCollect: a made seal is issued to a custodian and collected by that
// custodian only; one left uncollected for three months is revoked, and the
// demo's seals (made before the lifecycle was recorded) are not touched.
func TestIssueCollect(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	admin, custodian := login(t, w, "admin"), login(t, w, "custodian")
	kept := makeSeal(t, w, MakeSealInput{Kind: "contract"})
	left := makeSeal(t, w, MakeSealInput{Kind: "contract"})
	if err := w.IssueSeal(ctx, admin, kept.ID, "approver"); Code(err) != "role" {
		t.Fatalf("issue to an approver: %v", err)
	}
	checkLast(t, w, "seal.issue", store.OutcomeRefused, "role")
	for _, id := range []string{kept.ID, left.ID} {
		if err := w.IssueSeal(ctx, admin, id, "custodian"); err != nil {
			t.Fatal(err)
		}
		checkLast(t, w, "seal.issue", store.OutcomeOK, "")
	}
	if err := w.CollectSeal(ctx, login(t, w, "approver"), kept.ID); Code(err) != "role" {
		t.Fatalf("collect by an approver: %v", err)
	}
	if err := w.CollectSeal(ctx, custodian, "finance"); Code(err) != "seal_not_issued_to" {
		t.Fatalf("collect a seal never issued: %v", err)
	}
	if err := w.CollectSeal(ctx, custodian, kept.ID); err != nil {
		t.Fatal(err)
	}
	checkLast(t, w, "seal.collect", store.OutcomeOK, "")
	if err := w.CollectSeal(ctx, custodian, kept.ID); Code(err) != "seal_not_issued_to" {
		t.Fatalf("collect twice: %v", err)
	}

	w.Now = func() time.Time { return testNow.AddDate(0, 2, 0) }
	if ids, err := w.RevokeUncollected(ctx, admin); err != nil || len(ids) != 0 {
		t.Fatalf("after two months: %v %v", ids, err)
	}
	w.Now = func() time.Time { return testNow.AddDate(0, 3, 1) }
	if _, err := w.RevokeUncollected(ctx, custodian); Code(err) != "role" {
		t.Fatalf("sweep by a custodian: %v", err)
	}
	ids, err := w.RevokeUncollected(ctx, admin)
	if err != nil || len(ids) != 1 || ids[0] != left.ID {
		t.Fatalf("after three months: %v %v", ids, err)
	}
	e := checkLast(t, w, "seal.revoke", store.OutcomeOK, "")
	if e.SealID != left.ID || !strings.Contains(e.Detail, "not collected") {
		t.Fatalf("ledger entry %+v", e)
	}
	seals, _ := w.db.Seals(ctx)
	for _, s := range seals {
		if (s.Status == store.SealRevoked) != (s.ID == left.ID) {
			t.Errorf("seal %s is %s", s.ID, s.Status)
		}
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
}
