package app

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/internal/safefile"
	"sealdesk/ofd"
	"sealdesk/seal"
	"sealdesk/store"
)

// Demo workspace facts, printed by the README's tour.
const (
	DemoOrganisation = "示例科技有限公司"
	DemoPIN          = "135790"
	DemoPassword     = "demo"
	DemoDocument     = "示例合同.pdf"
	DemoOFD          = "关于启用电子印章的通知.ofd" // an electronic official document (电子公文), GB/T 33190
	demoTaxID        = "91330106MA2DEMO01X"
	demoLegalRep     = "李明华"
	demoAreaCode     = "330106" // 杭州市西湖区: the first six digits of a seal code
)

// demoSeal describes one of the five seals a new company gets (REFERENCE §1).
type demoSeal struct {
	id, kind, alg string
	sesType       int // GB/T 38540 seal type: 1 organisation, 2 personal
	name          func(org string) string
}

var demoSeals = []demoSeal{
	{"official", "official", device.AlgSM2, 1, func(org string) string { return org }},
	{"contract", "contract", device.AlgECDSAP256, 1, func(org string) string { return org + "合同专用章" }},
	{"finance", "finance", device.AlgSM2, 1, func(org string) string { return org + "财务专用章" }},
	{"invoice", "invoice", device.AlgSM2, 1, func(org string) string { return org + "发票专用章" }},
	{"legal-rep", "legal-rep", device.AlgECDSAP256, 2, func(string) string { return demoLegalRep }},
}

// demoUsers are the five roles, one person each.
var demoUsers = []struct{ name, display, role string }{
	{"admin", "系统管理员", RoleAdmin},
	{"custodian", "王印管", RoleCustodian},
	{"approver", "赵审批", RoleApprover},
	{"printer", "钱打印", RolePrinter},
	{"auditor", "孙审计", RoleAuditor},
}

// InitDemo creates a demo workspace in home: the organisation, a demo CA (SM2
// and ECDSA P-256 roots) and seal maker, five users with password "demo", the
// five standard seals with PIN-protected software keys, and a document to stamp.
func InitDemo(ctx context.Context, home string, r io.Reader, now time.Time) error {
	if Exists(home) {
		return errf("workspace_exists", nil, home)
	}
	if e := checkFolder(home); e != nil {
		return e
	}
	for _, d := range []string{home, filepath.Join(home, keysDir), filepath.Join(home, trustDir), filepath.Join(home, docsDir), filepath.Join(home, "ca")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create workspace folder: %w", err)
		}
		if err := os.Chmod(d, 0o700); err != nil { // MkdirAll leaves an existing folder as it was
			return fmt.Errorf("create workspace folder: %w", err)
		}
	}
	w, err := openDB(home)
	if err != nil {
		return err
	}
	defer w.Close()
	w.Rand, w.Now = r, func() time.Time { return now }
	if err := w.initDemo(ctx, r, now); err != nil {
		// Leave no half-made workspace behind: the next init-demo starts clean.
		w.Close()
		os.Remove(filepath.Join(home, dbFile))
		os.Remove(filepath.Join(home, dbFile+"-wal"))
		os.Remove(filepath.Join(home, dbFile+"-shm"))
		return err
	}
	// Certificates and the demo document were written readable; the whole
	// workspace is the OS account's alone.
	_, err = privatise(home)
	return err
}

func (w *Workspace) initDemo(ctx context.Context, r io.Reader, now time.Time) error {
	org := DemoOrganisation
	wsID := make([]byte, 4)
	if _, err := io.ReadFull(r, wsID); err != nil {
		return err
	}
	host, _ := os.Hostname()
	w.workstation = hex.EncodeToString(wsID) + "@" + host
	if err := w.useHostSecret(hex.EncodeToString(wsID)); err != nil {
		return err
	}

	// Certificate authorities and the seal maker.
	sm2Key, err := device.GenerateKey(device.AlgSM2, r)
	if err != nil {
		return err
	}
	sm2Root, err := newRoot(r, sm2Key, org, "示例电子印章 SM2 根 CA", now, 20)
	if err != nil {
		return err
	}
	ecKey, err := device.GenerateKey(device.AlgECDSAP256, r)
	if err != nil {
		return err
	}
	ecRoot, err := newRoot(r, ecKey, org, "SealDesk Demo ECDSA Root CA", now, 20)
	if err != nil {
		return err
	}
	makerKey, err := device.GenerateKey(device.AlgSM2, r)
	if err != nil {
		return err
	}
	makerCert, err := sm2Root.issue(r, makerKey.Public(), org, "示例制章单位（演示）", now, 10)
	if err != nil {
		return err
	}
	for name, c := range map[string]*smx509.Certificate{"demo-sm2-root.pem": sm2Root.cert, "demo-ecdsa-root.pem": ecRoot.cert} {
		if err := writePEM(filepath.Join(w.Home, trustDir, name), c.Raw); err != nil {
			return err
		}
	}
	if err := writePEM(filepath.Join(w.Home, "ca", "maker.pem"), makerCert.Raw); err != nil {
		return err
	}
	if err := w.newWorkstationKey(sm2Root, org, hex.EncodeToString(wsID), now); err != nil {
		return err
	}
	// (after the workstation key, which signs the ledger heads) The workspace trusts its own roots through recorded anchors; the PEM
	// files are there for people to hand to others.
	if _, err := w.addAnchors(ctx, "init-demo", EntryTrustAdd, []*smx509.Certificate{sm2Root.cert, ecRoot.cert}, ""); err != nil {
		return err
	}
	// The CA keys have their own secret, kept outside the workspace
	// (hostkeys.go), not the demo seal PIN (issue 12).
	for name, k := range map[string]crypto.Signer{"sm2-root.key": sm2Key, "ecdsa-root.key": ecKey, makerFile: makerKey} {
		if err := device.CreateSoftKey(filepath.Join(w.Home, "ca", name), k, w.demoCAPIN); err != nil {
			return err
		}
	}

	var seals []store.Seal
	for i, d := range demoSeals {
		code := fmt.Sprintf("%s%07d", demoAreaCode, 1000+i+1)
		s, err := w.makeDemoSeal(r, d, org, code, now, makerCert, makerKey, map[string]*issuer{device.AlgSM2: sm2Root, device.AlgECDSAP256: ecRoot})
		if err != nil {
			return fmt.Errorf("make seal %s: %w", d.id, err)
		}
		seals = append(seals, s)
	}

	// The document a newcomer stamps in the README's tour (written once by testpdf, embedded).
	if err := safefile.WriteBytes(filepath.Join(w.Home, docsDir, DemoDocument), 0o644, assets.DemoContract); err != nil {
		return err
	}
	// A short 公文 in OFD beside it, for the OFD workflow (issue 15).
	var letter bytes.Buffer
	if err := ofd.WriteLetter(&letter, ofd.Letter{Header: DemoOrganisation, Number: "示科发〔2026〕7号", Title: "关于启用电子印章的通知",
		Body: []string{"各部门：", "经研究决定，自即日起公司公文、合同和票据统一使用电子印章，用印须经审批，全程记入用印台账。",
			"纸质印章自本通知印发之日起停止使用，由办公室统一封存。", "特此通知。"},
		Closing: []string{DemoOrganisation, "2026年12月1日"}}); err != nil {
		return err
	}
	if err := safefile.WriteBytes(filepath.Join(w.Home, docsDir, DemoOFD), 0o644, letter.Bytes()); err != nil {
		return err
	}

	// The people; each gets an SM2 key sealed under their password, which signs the ledger entries of their acts.
	if err := os.MkdirAll(filepath.Join(w.Home, "users"), 0o700); err != nil {
		return err
	}
	var users []store.User
	for _, du := range demoUsers {
		h, kek, err := newPassword(DemoPassword, r)
		if err != nil {
			return err
		}
		u := store.User{Name: du.name, DisplayName: du.display, Roles: []string{du.role}, PasswordHash: h, CreatedAt: now}
		if err := w.newUserKey(sm2Root, org, &u, kek, now); err != nil {
			return err
		}
		users = append(users, u)
	}

	return w.db.Update(ctx, func(tx store.Txn) error {
		for k, v := range map[string]string{"organisation": org, "workstation_id": hex.EncodeToString(wsID), "created": now.UTC().Format(time.RFC3339), "demo": "true",
			// One organisation's rule (REFERENCE §1): seal PINs changed every 60 days.
			metaPINMaxDays: "60"} {
			if err := tx.SetMeta(ctx, k, v); err != nil {
				return err
			}
		}
		// From the first entry on, every act of a user carries that user's signature.
		if err := w.ledger(ctx, tx, store.Entry{Actor: "init-demo", Kind: kindActorsSigned, Outcome: store.OutcomeOK,
			Detail: "every act of a user is signed by that user's key from here on"}); err != nil {
			return err
		}
		for _, u := range users {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := w.ledger(ctx, tx, store.Entry{Actor: "init-demo", Kind: EntryUserCreate, Outcome: store.OutcomeOK, Detail: u.Name + " " + u.Roles[0]}); err != nil {
				return err
			}
		}
		// The custodian may use every seal for the longest grant, from today.
		y, m, d := now.In(time.Local).Date()
		from := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
		to := from.AddDate(MaxGrantYears, 0, 0).Add(-time.Second)
		for _, s := range seals {
			if err := tx.CreateSeal(ctx, s); err != nil {
				return err
			}
			if err := w.ledger(ctx, tx, store.Entry{Actor: "init-demo", Kind: EntrySealMake, Outcome: store.OutcomeOK, SealID: s.ID,
				Detail: fmt.Sprintf("%s %s %s", s.Name, s.Code, s.Algorithm)}); err != nil {
				return err
			}
			id, err := tx.AddGrant(ctx, store.Grant{User: "custodian", SealID: s.ID, From: from, To: to, GrantedBy: "init-demo", GrantedAt: now})
			if err != nil {
				return err
			}
			if err := w.ledger(ctx, tx, store.Entry{Actor: "init-demo", Kind: EntryGrant, Outcome: store.OutcomeOK, SealID: s.ID,
				Detail: fmt.Sprintf("grant %d: custodian may use %s until %s", id, s.Name, to.Format(time.DateTime))}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (w *Workspace) makeDemoSeal(r io.Reader, d demoSeal, org, code string, now time.Time, makerCert *smx509.Certificate, makerKey crypto.Signer, cas map[string]*issuer) (store.Seal, error) {
	key, err := device.GenerateKey(d.alg, r)
	if err != nil {
		return store.Seal{}, err
	}
	name := d.name(org)
	ca := cas[d.alg]
	cert, err := ca.issue(r, key.Public(), org, name, now, 5)
	if err != nil {
		return store.Seal{}, err
	}
	keyPath := filepath.Join(keysDir, d.id+".key")
	if err := device.CreateSoftKey(filepath.Join(w.Home, keyPath), key, DemoPIN); err != nil {
		return store.Seal{}, err
	}
	spec := SealPicture(SealPictureInput{Kind: d.kind, Organisation: org, TaxID: demoTaxID, Holder: demoLegalRep, Code: code})
	img, err := seal.DrawPicture(spec, 600)
	if err != nil {
		return store.Seal{}, err
	}
	png, err := seal.EncodePNG(img, 600)
	if err != nil {
		return store.Seal{}, err
	}
	validTo := cert.NotAfter
	data, err := seal.Make(seal.Info{
		VendorID:     "SealDesk",
		Code:         code,
		Type:         d.sesType,
		Name:         name,
		CertListType: 1,
		Certs:        [][]byte{cert.Raw},
		Created:      now,
		ValidFrom:    now,
		ValidTo:      validTo,
		Picture:      seal.Picture{Type: "PNG", Data: png, WidthMM: spec.WidthMM, HeightMM: spec.HeightMM},
	}, makerCert.Raw, makerKey, r)
	if err != nil {
		return store.Seal{}, err
	}
	return store.Seal{
		ID: d.id, Name: name, Kind: d.kind, Code: code, Algorithm: d.alg, Status: store.SealActive,
		KeyRef: device.SoftKeyRef(keyPath), Cert: cert.Raw, Chain: ca.cert.Raw, SealData: data, Picture: png,
		WidthMM: spec.WidthMM, HeightMM: spec.HeightMM, ValidFrom: now, ValidTo: validTo, CreatedAt: now,
	}, nil
}

func writePEM(path string, der []byte) error {
	return safefile.WriteBytes(path, 0o644, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
