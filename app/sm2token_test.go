package app

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/internal/osslofd"
	"sealdesk/internal/sm2token/tokentest"
	"sealdesk/store"
)

// TestStampSM2ThroughToken binds the SM2 official seal to a key on a PKCS#11
// module that really signs SM2 (the test module internal/sm2token: SoftHSM2
// cannot) and runs request → approve → stamp → verify through its C
// interface. A wrong PIN is refused with a ledger entry and no file; once the
// token locks, the right PIN is refused with the locked message.
//
// It is the only test in this package that loads the module, so the module is
// built into its own temporary folder (a process holds one copy of a Go
// c-shared library: see package tokentest).
func TestStampSM2ThroughToken(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	sl, err := w.FindSeal(ctx, "official")
	if err != nil {
		t.Fatal(err)
	}
	if sl.Algorithm != device.AlgSM2 {
		t.Fatalf("official seal is %s, want SM2", sl.Algorithm)
	}

	// A new SM2 key for the token, certified by the demo SM2 root.
	priv, pkcs8 := tokentest.NewKey(t)
	rootKey, err := device.OpenSoftKey(filepath.Join(w.Home, "ca", "sm2-root.key"))
	if err != nil {
		t.Fatal(err)
	}
	rootSigner, err := rootKey.Unlock(w.demoCAPIN)
	if err != nil {
		t.Fatal(err)
	}
	root := &issuer{cert: readPEMCert(t, filepath.Join(w.Home, trustDir, "demo-sm2-root.pem")), key: rootSigner}
	cert, err := root.issue(rand.Reader, &priv.PublicKey, DemoOrganisation, sl.Name, testNow, 5)
	if err != nil {
		t.Fatal(err)
	}

	lib := tokentest.Build(t, t.TempDir())
	const label = "公章 SM2 USB"
	stateDir := tokentest.Install(t, tokentest.State{Label: label, Serial: "SD2026000001", UserPIN: tokenPIN, SOPIN: "97531086",
		MaxTries: 3, Key: pkcs8, Cert: cert.Raw, ID: []byte{0x01}, KeyLabel: "official"})
	m, err := device.OpenModule(lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	uri := device.URI{Token: label, ID: []byte{0x01}, Type: "private", ModulePath: lib}.String()

	remakeSealData(t, w, sl, cert)
	if err := w.BindKey(ctx, login(t, w, "admin"), "official", uri); err != nil {
		t.Fatal(err)
	}
	sl, _ = w.FindSeal(ctx, "official")
	if !strings.HasPrefix(sl.KeyRef, TokenKeyPrefix) || string(sl.Cert) != string(cert.Raw) || len(sl.Chain) == 0 {
		t.Fatalf("seal after bind: key %s, chain %d bytes", sl.KeyRef, len(sl.Chain))
	}

	cust := login(t, w, "custodian")
	doc := demoDoc(w)
	stamp := func(id, out, pin string) (*StampResult, error) {
		return w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: pin})
	}
	refused := func(t *testing.T, err error, code, out string) {
		t.Helper()
		if Code(err) != code {
			t.Fatalf("got %v (code %q), want code %q", err, Code(err), code)
		}
		if e := lastEntry(t, w); e.Kind != "stamp" || e.Outcome != store.OutcomeRefused || e.SealID != sl.ID {
			t.Fatalf("ledger after %s: %+v", code, e)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("output written despite %s", code)
		}
	}

	// A wrong PIN goes to the token, is counted there and refused here.
	id := approved(t, w, "official", doc, 2, 60, 90)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	_, err = stamp(id, out, "999999")
	if !errors.Is(err, device.ErrPINIncorrect) {
		t.Fatalf("wrong PIN: %v", err)
	}
	refused(t, err, "pin_incorrect_unknown", out)
	if st := tokentest.Read(t, stateDir); st.Failures != 1 {
		t.Fatalf("failures on the token after a wrong PIN: %d", st.Failures)
	}

	// The right PIN: the token signs e, the document verifies as SM2, trusted.
	res, err := stamp(id, out, tokenPIN)
	if err != nil {
		t.Fatal(err)
	}
	roots, err := w.Roots()
	if err != nil {
		t.Fatal(err)
	}
	v, err := VerifyFile(ctx, res.OutPath, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || len(v.Signatures) != 1 {
		t.Fatalf("verify: %+v", v)
	}
	if s := v.Signatures[0]; s.Algorithm != "SM2" || s.Integrity != Valid || s.Trust != Trusted || !s.CoversWholeDocument ||
		s.SealName != sl.Name || s.SealCheck != Valid {
		t.Fatalf("signature: %+v", s)
	}
	if st := tokentest.Read(t, stateDir); st.Failures != 0 {
		t.Fatalf("failures on the token after the right PIN: %d", st.Failures)
	}
	qpdfCheck(t, res.OutPath)

	// An OFD through the same token (issue 15): the SES_Signature is made
	// on the token, and verifies with ours and with OpenSSL.
	ofdDoc := ofdLetter(t, t.TempDir(), "通知.ofd")
	ores, err := stamp(approved(t, w, "official", ofdDoc, 1, 150, 240), filepath.Join(t.TempDir(), "通知-盖章.ofd"), tokenPIN)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := VerifyFile(ctx, ores.OutPath, VerifyOptions{Roots: roots, At: testNow}); err != nil || !v.Valid || v.Kind != KindOFD || v.Signatures[0].Trust != Trusted {
		t.Fatalf("OFD stamped through the token: %v %+v", err, v)
	}
	osslofd.Verify(t, ores.OutPath, 1)

	// Three wrong PINs lock the token; then the right one is refused too.
	id = approved(t, w, "official", doc, 2, 60, 90)
	out = filepath.Join(t.TempDir(), "locked.pdf")
	_, err = stamp(id, out, "999999")
	refused(t, err, "pin_incorrect_unknown", out)
	_, err = stamp(id, out, "999998")
	refused(t, err, "pin_final", out)
	_, err = stamp(id, out, "999997")
	refused(t, err, "pin_locked", out)
	_, err = stamp(id, out, tokenPIN)
	refused(t, err, "pin_locked", out)
	if !errors.Is(err, device.ErrPINLocked) || Message(err, assets.LangEN) != assets.T(assets.LangEN, "err.pin_locked") {
		t.Fatalf("locked: %v, message %q", err, Message(err, assets.LangEN))
	}
	if st := tokentest.Read(t, stateDir); st.Failures != 3 {
		t.Fatalf("failures on the token after the lock: %d", st.Failures)
	}
}
