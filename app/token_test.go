package app

import (
	"context"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/softhsm"
	"sealdesk/seal"
	"sealdesk/store"
)

const tokenPIN = "246813"

func readPEMCert(t *testing.T, path string) *smx509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := pem.Decode(b)
	if p == nil {
		t.Fatalf("%s: no PEM", path)
	}
	c, err := smx509.ParseCertificate(p.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tokenSeal puts an ECDSA key on a SoftHSM2 token, has the demo ECDSA root
// certify it and returns the key's URI and certificate.
func tokenSeal(t *testing.T, w *Workspace, name string) (string, *smx509.Certificate) {
	t.Helper()
	h := softhsm.New(t)
	tk := h.InitToken(t, "合同章 USB", tokenPIN)
	tk.GenerateKey(t, "EC:prime256v1", "01", "contract")
	m, err := device.OpenModule(h.Module)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	tok, err := m.FindToken(device.URI{Token: "合同章 USB"})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := m.Keys(tok)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %+v, %v", keys, err)
	}
	rootKey, err := device.OpenSoftKey(filepath.Join(w.Home, "ca", "ecdsa-root.key"))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := rootKey.Unlock(w.demoCAPIN)
	if err != nil {
		t.Fatal(err)
	}
	root := &issuer{cert: readPEMCert(t, filepath.Join(w.Home, trustDir, "demo-ecdsa-root.pem")), key: signer}
	cert, err := root.issue(rand.Reader, keys[0].Public, DemoOrganisation, name, testNow, 5)
	if err != nil {
		t.Fatal(err)
	}
	tk.WriteCert(t, cert.Raw, "01", "contract")
	u := keys[0].URI()
	u.ModulePath = h.Module
	return u.String(), cert
}

// remakeSealData re-issues the seal's data with cert as its only certificate,
// signed by the demo seal maker, keeping the seal on its old key.
func remakeSealData(t *testing.T, w *Workspace, sl store.Seal, cert *smx509.Certificate) {
	t.Helper()
	sd, err := seal.Parse(sl.SealData)
	if err != nil {
		t.Fatal(err)
	}
	mk, err := device.OpenSoftKey(filepath.Join(w.Home, "ca", makerFile))
	if err != nil {
		t.Fatal(err)
	}
	maker, err := mk.Unlock(w.demoCAPIN)
	if err != nil {
		t.Fatal(err)
	}
	data, err := seal.Make(seal.Info{
		VendorID: sd.VendorID, Code: sd.Code, Type: sd.Type, Name: sd.Name, CertListType: 1, Certs: [][]byte{cert.Raw},
		Created: testNow, ValidFrom: sd.ValidFrom, ValidTo: sd.ValidTo, Picture: sd.Picture,
	}, readPEMCert(t, filepath.Join(w.Home, "ca", "maker.pem")).Raw, maker, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := w.db.Update(ctx, func(tx store.Txn) error {
		return tx.SetSealKey(ctx, sl.ID, sl.KeyRef, sl.Cert, sl.Chain, data)
	}); err != nil {
		t.Fatal(err)
	}
}

// TestStampThroughToken binds the contract seal to a key on a SoftHSM2 token
// and stamps through it: request → approve → stamp, checked by pdfsig and
// qpdf. A wrong PIN is refused in the ledger and leaves no file.
func TestStampThroughToken(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	sl, err := w.FindSeal(ctx, "contract")
	if err != nil {
		t.Fatal(err)
	}
	uri, cert := tokenSeal(t, w, sl.Name)
	admin := login(t, w, "admin")

	// Binding needs the admin role, and the certificate in the seal's list.
	if err := w.BindKey(ctx, login(t, w, "custodian"), "contract", uri); Code(err) != "role" {
		t.Fatalf("custodian binds: %v", err)
	}
	err = w.BindKey(ctx, admin, "contract", uri)
	if Code(err) != "key_not_in_seal" || !strings.Contains(err.Error(), "certificate list") {
		t.Fatalf("bind to a certificate not in the seal: %v", err)
	}
	if e := lastEntry(t, w); e.Kind != "seal.bind" || e.Outcome != store.OutcomeRefused {
		t.Fatalf("ledger after refused bind: %+v", e)
	}

	remakeSealData(t, w, sl, cert)
	if err := w.BindKey(ctx, admin, "contract", uri); err != nil {
		t.Fatal(err)
	}
	sl, _ = w.FindSeal(ctx, "contract")
	if !strings.HasPrefix(sl.KeyRef, TokenKeyPrefix) || string(sl.Cert) != string(cert.Raw) || len(sl.Chain) == 0 {
		t.Fatalf("seal after bind: key %s, chain %d bytes", sl.KeyRef, len(sl.Chain))
	}

	// Wrong PIN: refused, recorded, no output.
	doc := demoDoc(w)
	id := approved(t, w, "contract", doc, 2, 60, 90)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	_, err = w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: "999999"})
	if !errors.Is(err, device.ErrPINIncorrect) {
		t.Fatalf("wrong PIN: %v", err)
	}
	if e := lastEntry(t, w); e.Kind != "stamp" || e.Outcome != store.OutcomeRefused {
		t.Fatalf("ledger after wrong PIN: %+v", e)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("output written despite the wrong PIN")
	}

	// A factory-default PIN is refused before it reaches the token.
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: "123456"}); !errors.Is(err, device.ErrPINMustChange) {
		t.Fatalf("default PIN: %v", err)
	}

	res, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: tokenPIN})
	if err != nil {
		t.Fatal(err)
	}
	rep := pdfsig(t, res.OutPath)
	if strings.Count(rep, "Signature is Valid.") != 1 {
		t.Fatalf("pdfsig:\n%s", rep)
	}
	qpdfCheck(t, res.OutPath)
}

// TestStampWithKeyAndKeyPulled: --key names the token key for one stamp (only
// the seal's certified key is accepted), and a key pulled between the PIN and
// the signature ends in a clear error, no output file and a failure entry.
func TestStampWithKeyAndKeyPulled(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	sl, err := w.FindSeal(ctx, "contract")
	if err != nil {
		t.Fatal(err)
	}
	uri, cert := tokenSeal(t, w, sl.Name)
	cust := login(t, w, "custodian")
	doc := demoDoc(w)

	// The seal is still bound to its software key: a token key that is not the
	// seal's certified key is refused.
	id := approved(t, w, "contract", doc, 2, 60, 90)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: tokenPIN, Key: uri}); err == nil {
		t.Fatal("stamped with a token key that is not the seal's")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("output written")
	}

	// Certify the token key for the seal (seal data re-made), then --key works.
	remakeSealData(t, w, sl, cert)
	if err := w.BindKey(ctx, login(t, w, "admin"), "contract", uri); err != nil {
		t.Fatal(err)
	}
	setupSQL(t, w, "UPDATE seals SET key_ref = 'soft:keys/contract.key' WHERE id = 'contract'")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: tokenPIN, Key: uri}); err != nil {
		t.Fatalf("stamp with --key: %v", err)
	}
	if rep := pdfsig(t, out); !strings.Contains(rep, "Signature is Valid.") {
		t.Fatalf("pdfsig:\n%s", rep)
	}

	// Pull the key: the module goes away after the PIN was accepted.
	id2 := approved(t, w, "contract", doc, 2, 120, 90)
	out2 := filepath.Join(t.TempDir(), "pulled.pdf")
	u, _ := device.ParseURI(uri)
	testHookBeforeSign = func() {
		if m, err := device.OpenModule(u.ModulePath); err == nil {
			m.Close()
		}
	}
	defer func() { testHookBeforeSign = nil }()
	_, err = w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: out2, PIN: tokenPIN, Key: uri})
	if Code(err) != "no_token" {
		t.Fatalf("stamp with the key pulled = %v (code %q), want no_token", err, Code(err))
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Fatal("a partial output file was left")
	}
	if es := allEntries(t, w); es[len(es)-2].Kind != "stamp" || es[len(es)-2].Outcome != store.OutcomeFailed || es[len(es)-1].Kind != EntryStampRelease {
		t.Fatalf("ledger entries %+v, %+v", es[len(es)-2], es[len(es)-1])
	}
	if r, _ := w.db.Request(ctx, id2); r.Status != store.RequestApproved {
		t.Fatalf("the approval was consumed by a failed stamp: %s", r.Status)
	}
	// Usable indeed: with the key back, the same approval stamps once, and
	// only once (the row checks read the release entry, not just the status).
	testHookBeforeSign = nil
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: out2, PIN: tokenPIN, Key: uri}); err != nil {
		t.Fatalf("stamp after the key came back: %v", err)
	}
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: out2 + ".again.pdf", PIN: tokenPIN, Key: uri}); err == nil {
		t.Fatal("the given-back approval stamped twice")
	}
	if _, err := w.VerifyLedgerFull(ctx); err != nil {
		t.Fatal(err)
	}
}
