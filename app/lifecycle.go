package app

// The seal lifecycle (REFERENCE §1): make (制作), issue (发放) and collect
// (领取, else revoked after three months), import a vendor's seal, export,
// suspend (暂停), resume (恢复), revoke (注销, final) and re-issue on a change
// of name or legal representative (the old seal is revoked in the same
// transaction). Only an administrator changes seals; every change, and every
// refusal, is a ledger entry written with it.

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // decodes GIF seal pictures of imported seals
	_ "image/jpeg" // decodes JPEG seal pictures of imported seals
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	_ "golang.org/x/image/bmp" // decodes BMP seal pictures of imported seals

	"sealdesk/device"
	"sealdesk/internal/safefile"
	"sealdesk/seal"
	"sealdesk/store"
)

// VendorID is SES_Header.Vid of the seals this workspace makes.
const VendorID = "SealDesk"

// pictureDPI is the resolution of the seal pictures we draw and store.
const pictureDPI = 600

// MakeSealInput describes a seal to make. Zero fields take the defaults noted.
type MakeSealInput struct {
	ID           string // workspace id; default: the kind, numbered when taken
	Kind         string // one of SealKinds
	Name         string // seal name; default from the kind and the organisation or holder
	Code         string // seal code (印章编码); default: the next free 13-digit code
	Algorithm    string // device.AlgSM2 (default) or device.AlgECDSAP256
	Organisation string // default: the workspace's organisation
	Purpose      string // 横向文 of a business seal, e.g. 报关专用章; contract and finance have theirs
	TaxID        string // the taxpayer id in the middle of an invoice seal (required for invoice)
	Holder       string // the name on a legal-rep or personal seal (required for those)
	// Picture, when set, replaces the kind's preset picture (any style
	// seal.DrawPicture draws). Its size must be whole millimetres.
	Picture *seal.PictureSpec
	// Adjust, when set, changes the preset picture before it is drawn (a
	// size, a colour, no star) without restating the preset's text.
	Adjust       func(*seal.PictureSpec)
	ValidFrom    time.Time // default: now
	ValidTo      time.Time // default: the end of the certificate's validity, which it may not pass
	CertYears    int       // validity of the seal's certificate; default 5
	CertListType int       // 1 (certificates, default) or 2 (SM3 digests)
	PIN          string    // protection PIN of the new key (device.CheckPIN policy)
	CAPIN        string    // PIN of the CA and maker keys; in a demo workspace, empty: its own secret kept outside the folder (hostkeys.go)
}

// MakeSeal makes a seal: a new software key under in.PIN, its certificate from
// the workspace's CA, the picture, and GB/T 38540 seal data signed by the
// workspace's maker. Seal codes are unique.
func (w *Workspace) MakeSeal(ctx context.Context, s *Session, in MakeSealInput) (store.Seal, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealMake, SealID: in.ID}
	if e := need(s, RoleAdmin); e != nil {
		return store.Seal{}, w.refuse(ctx, entry, e)
	}
	m, err := w.prepareSeal(ctx, in)
	if err != nil {
		return store.Seal{}, w.refuseOrFail(ctx, entry, err)
	}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		return w.commitMade(ctx, tx, s, m, "make", EntrySealMake, "", "")
	})
	if err != nil {
		os.Remove(m.keyPath)
		return store.Seal{}, w.refuseOrFail(ctx, entry, w.codeConflict(ctx, m.row, err))
	}
	return m.row, nil
}

// refuseOrFail records err in the ledger when it is a refusal; other errors
// are failures of the machine, returned as they are.
func (w *Workspace) refuseOrFail(ctx context.Context, entry store.Entry, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return w.refuse(ctx, entry, e)
	}
	return err
}

// codeConflict explains a failed insert whose cause is the UNIQUE seal code
// (another administrator took it between our check and our write).
func (w *Workspace) codeConflict(ctx context.Context, row store.Seal, err error) error {
	if other, e := w.db.SealByCode(ctx, row.Code); e == nil && other.ID != row.ID {
		return errf("seal_code_taken", err, row.Code, other.Name)
	}
	return err
}

// madeSeal is a seal ready to be written: its row, its lifecycle columns and
// the key file already on disk (removed again if the write fails).
type madeSeal struct {
	row     store.Seal
	life    store.Lifecycle
	keyPath string
}

func (w *Workspace) prepareSeal(ctx context.Context, in MakeSealInput) (*madeSeal, error) {
	now := w.Now()
	kind, ok := sealKinds[in.Kind]
	if !ok {
		return nil, errf("seal_kind", nil, in.Kind)
	}
	alg := in.Algorithm
	if alg == "" {
		alg = device.AlgSM2
	}
	if alg != device.AlgSM2 && alg != device.AlgECDSAP256 {
		return nil, errf("seal_algorithm", nil, alg)
	}
	clt := in.CertListType
	if clt == 0 {
		clt = 1
	}
	if clt != 1 && clt != 2 {
		return nil, errf("seal_cert_list_type", nil, clt)
	}
	org := in.Organisation
	if org == "" {
		org = w.Organisation(ctx)
	}
	required := func(what string) error { return errf("seal_field_required", nil, in.Kind, what) }
	purpose := in.Purpose
	if purpose == "" {
		purpose = kind.purpose
	}
	var name string
	switch in.Kind {
	case "official":
		name = org
	case "contract", "finance", "business":
		if purpose == "" {
			return nil, required("purpose")
		}
		name = org + purpose
	case "invoice":
		if in.TaxID == "" && in.Picture == nil {
			return nil, required("tax id")
		}
		name = org + purpose
	case "legal-rep", "personal":
		if in.Holder == "" {
			return nil, required("holder")
		}
		name = in.Holder
	}
	if in.Name != "" {
		name = in.Name
	}
	if strings.TrimSpace(name) == "" {
		return nil, required("name")
	}

	code := in.Code
	if code == "" {
		var err error
		if code, err = w.nextCode(ctx); err != nil {
			return nil, err
		}
	}
	if other, err := w.db.SealByCode(ctx, code); err == nil {
		return nil, errf("seal_code_taken", nil, code, other.Name)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	id, err := w.sealID(ctx, in.ID, in.Kind)
	if err != nil {
		return nil, err
	}
	keyRel := filepath.Join(keysDir, id+".key")
	keyPath := filepath.Join(w.Home, keyRel)

	var spec seal.PictureSpec
	if in.Picture != nil {
		spec = *in.Picture
	} else {
		spec = SealPicture(SealPictureInput{Kind: in.Kind, Organisation: org, Purpose: purpose, TaxID: in.TaxID, Holder: in.Holder, Code: code})
		if in.Adjust != nil {
			in.Adjust(&spec)
		}
	}
	img, err := seal.DrawPicture(spec, pictureDPI)
	if err != nil {
		return nil, errf("seal_picture", err, err)
	}
	png, err := seal.EncodePNG(img, pictureDPI)
	if err != nil {
		return nil, err
	}
	if err := device.CheckPIN(in.PIN); err != nil {
		return nil, wrapDevice(err)
	}

	ca, makerCert, maker, err := w.loadCA(ctx, alg, in.CAPIN)
	if err != nil {
		return nil, err
	}
	key, err := device.GenerateKey(alg, w.Rand)
	if err != nil {
		return nil, err
	}
	years := in.CertYears
	if years <= 0 {
		years = 5
	}
	cert, err := ca.issue(w.Rand, key.Public(), org, name, now, years)
	if err != nil {
		return nil, err
	}
	// GB/T 38540 stores times to the second: keep the row equal to the data.
	from, to := in.ValidFrom, in.ValidTo
	if from.IsZero() {
		from = now
	}
	if to.IsZero() {
		to = cert.NotAfter
	}
	from, to = from.Truncate(time.Second), to.Truncate(time.Second)
	// The seal's validity lies within its certificate's (REFERENCE §1).
	if !to.After(from) || from.Before(cert.NotBefore) || to.After(cert.NotAfter) {
		return nil, errf("seal_validity", nil, day(from), day(to), day(cert.NotBefore), day(cert.NotAfter))
	}
	data, err := seal.Make(seal.Info{
		VendorID: VendorID, Code: code, Type: kind.sesType, Name: name, CertListType: clt,
		Certs: [][]byte{cert.Raw}, Created: now, ValidFrom: from, ValidTo: to,
		Picture: seal.Picture{Type: "PNG", Data: png, WidthMM: spec.WidthMM, HeightMM: spec.HeightMM},
	}, makerCert.Raw, maker, w.Rand)
	if errors.Is(err, seal.ErrInvalidInfo) {
		return nil, errf("seal_make_failed", err, err)
	}
	if err != nil {
		return nil, err
	}
	if err := device.CreateSoftKey(keyPath, key, in.PIN); err != nil {
		return nil, wrapDevice(err)
	}
	return &madeSeal{
		row: store.Seal{
			ID: id, Name: name, Kind: in.Kind, Code: code, Algorithm: alg, Status: store.SealActive,
			KeyRef: device.SoftKeyRef(keyRel), Cert: cert.Raw, Chain: ca.cert.Raw, SealData: data, Picture: png,
			WidthMM: spec.WidthMM, HeightMM: spec.HeightMM, ValidFrom: from, ValidTo: to, CreatedAt: now,
		},
		life:    store.Lifecycle{VendorID: VendorID, Origin: store.OriginMade, PictureFormat: "png"},
		keyPath: keyPath,
	}, nil
}

func day(t time.Time) string { return t.Local().Format(time.DateOnly) }

// commitMade writes a prepared seal, its first event and its ledger entry.
func (w *Workspace) commitMade(ctx context.Context, tx store.Txn, s *Session, m *madeSeal, event, kind, reason, related string) error {
	if err := tx.CreateSeal(ctx, m.row); err != nil {
		return err
	}
	if err := tx.SetLifecycle(ctx, m.row.ID, m.life); err != nil {
		return err
	}
	if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: m.row.ID, At: w.Now(), Actor: actor(s), Event: event,
		ToStatus: store.SealActive, Reason: reason, Related: related}); err != nil {
		return err
	}
	detail := fmt.Sprintf("%s %s %s %s-%s", m.row.Name, m.row.Code, m.row.Algorithm, day(m.row.ValidFrom), day(m.row.ValidTo))
	if related != "" {
		detail += "; replaces " + related + "; reason: " + reason
	}
	return w.ledger(ctx, tx, store.Entry{Actor: actor(s), Kind: kind, Outcome: store.OutcomeOK, SealID: m.row.ID, Detail: detail})
}

// nextCode returns the next free seal code: the six-digit area prefix of the
// workspace's seals (the demo's otherwise) and a seven-digit sequence.
func (w *Workspace) nextCode(ctx context.Context) (string, error) {
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return "", err
	}
	prefix := demoAreaCode
	for _, s := range seals {
		if isDigits(s.Code) && len(s.Code) == 13 {
			prefix = s.Code[:6]
			break
		}
	}
	next := 1001
	for _, s := range seals {
		if len(s.Code) == 13 && isDigits(s.Code) && strings.HasPrefix(s.Code, prefix) {
			if n, _ := strconv.Atoi(s.Code[6:]); n >= next {
				next = n + 1
			}
		}
	}
	return fmt.Sprintf("%s%07d", prefix, next), nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// sealID checks a given id (it names the key file, so it is kept to a safe
// alphabet) or numbers the kind until it is free.
func (w *Workspace) sealID(ctx context.Context, want, kind string) (string, error) {
	if want != "" {
		for _, r := range want {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", errf(CodeSealIDAlphabet, nil, want)
			}
		}
		_, err := w.db.Seal(ctx, want)
		_, statErr := os.Stat(filepath.Join(w.Home, keysDir, want+".key"))
		if err == nil || statErr == nil {
			// Never write over a key file, even one no seal names any more.
			return "", errf("seal_id_taken", nil, want)
		}
		return want, nil
	}
	for i := 1; ; i++ {
		id := kind
		if i > 1 {
			id = fmt.Sprintf("%s-%d", kind, i)
		}
		_, err := w.db.Seal(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			if _, err := os.Stat(filepath.Join(w.Home, keysDir, id+".key")); errors.Is(err, os.ErrNotExist) {
				return id, nil
			}
			continue
		}
		if err != nil {
			return "", err
		}
	}
}

// loadCA opens the workspace's CA for alg and its seal maker (demo.go writes
// them: roots in trust/, keys and the maker's certificate in ca/).
func (w *Workspace) loadCA(ctx context.Context, alg, pin string) (*issuer, *smx509.Certificate, crypto.Signer, error) {
	if pin == "" {
		if demo, _ := w.db.Meta(ctx, "demo"); demo == "true" {
			pin = w.demoCAPIN
		}
	}
	rootPEM, rootKey := "demo-sm2-root.pem", "sm2-root.key"
	if alg == device.AlgECDSAP256 {
		rootPEM, rootKey = "demo-ecdsa-root.pem", "ecdsa-root.key"
	}
	missing := func(err error) error { return errf("seal_ca_missing", err, alg, err) }
	rootCert, err := readCert(filepath.Join(w.Home, trustDir, rootPEM))
	if err != nil {
		return nil, nil, nil, missing(err)
	}
	makerCert, err := readCert(filepath.Join(w.Home, "ca", "maker.pem"))
	if err != nil {
		return nil, nil, nil, missing(err)
	}
	unlock := func(name string) (crypto.Signer, error) {
		k, err := device.OpenSoftKey(filepath.Join(w.Home, "ca", name))
		if err != nil {
			return nil, missing(err)
		}
		sg, err := k.Unlock(pin)
		if err != nil {
			return nil, wrapDevice(err)
		}
		return sg, nil
	}
	rk, err := unlock(rootKey)
	if err != nil {
		return nil, nil, nil, err
	}
	mk, err := unlock(makerFile)
	if err != nil {
		return nil, nil, nil, err
	}
	return &issuer{cert: rootCert, key: rk}, makerCert, mk, nil
}

// readCert reads one certificate, PEM or DER.
func readCert(path string) (*smx509.Certificate, error) {
	b, err := readUserFile(path, 1<<20)
	if err != nil {
		return nil, err
	}
	if p, _ := pem.Decode(b); p != nil {
		b = p.Bytes
	}
	return smx509.ParseCertificate(b)
}

// SuspendSeal suspends an active seal: it cannot stamp until resumed.
func (w *Workspace) SuspendSeal(ctx context.Context, s *Session, ref, reason string) error {
	return w.changeStatus(ctx, s, ref, "suspend", reason)
}

// ResumeSeal puts a suspended seal back into use.
func (w *Workspace) ResumeSeal(ctx context.Context, s *Session, ref, reason string) error {
	return w.changeStatus(ctx, s, ref, "resume", reason)
}

// RevokeSeal revokes a seal for good; the reason is required.
func (w *Workspace) RevokeSeal(ctx context.Context, s *Session, ref, reason string) error {
	return w.changeStatus(ctx, s, ref, "revoke", reason)
}

// transition checks that event may happen to a seal in status from and
// returns the status it leads to, or the refusal.
func transition(sl store.Seal, event, reason string) (string, *Error) {
	if sl.Status == store.SealRevoked {
		return "", errf("seal_already_revoked", nil, sl.Name)
	}
	switch event {
	case "suspend":
		if sl.Status != store.SealActive {
			return "", errf("seal_not_active", nil, sl.Name, sl.Status)
		}
		return store.SealSuspended, nil
	case "resume":
		if sl.Status != store.SealSuspended {
			return "", errf("seal_not_suspended", nil, sl.Name, sl.Status)
		}
		return store.SealActive, nil
	case "revoke", "reissue":
		if strings.TrimSpace(reason) == "" {
			return "", errf("seal_reason_required", nil)
		}
		return store.SealRevoked, nil
	}
	return "", errf("bad_argument", nil, event)
}

// adminSeal is the opening of an administrator's act on one seal: the
// session must be an administrator's and ref must name a seal, whose id then
// goes into entry. A refusal is in the ledger already when it returns.
func (w *Workspace) adminSeal(ctx context.Context, s *Session, entry *store.Entry, ref string) (store.Seal, error) {
	return w.roleSeal(ctx, s, RoleAdmin, entry, ref)
}

// roleSeal finds the seal ref for an act that needs role, recording a
// refusal (no such role, no such seal) in entry's name; entry gets the seal.
func (w *Workspace) roleSeal(ctx context.Context, s *Session, role string, entry *store.Entry, ref string) (store.Seal, error) {
	if e := need(s, role); e != nil {
		return store.Seal{}, w.refuse(ctx, *entry, e)
	}
	sl, err := w.FindSeal(ctx, ref)
	if err != nil {
		return store.Seal{}, w.refuseOrFail(ctx, *entry, err)
	}
	entry.SealID = sl.ID
	return sl, nil
}

// statusKinds are the ledger kinds of the status changes changeStatus makes.
var statusKinds = map[string]string{"suspend": EntrySealSuspend, "resume": EntrySealResume, "revoke": EntrySealRevoke}

func (w *Workspace) changeStatus(ctx context.Context, s *Session, ref, event, reason string) error {
	entry := store.Entry{Actor: actor(s), Kind: statusKinds[event]}
	sl, err := w.adminSeal(ctx, s, &entry, ref)
	if err != nil {
		return err
	}
	to, e := transition(sl, event, reason)
	if e != nil {
		return w.refuse(ctx, entry, e)
	}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.ChangeSealStatus(ctx, sl.ID, sl.Status, to, reason, w.Now()); err != nil {
			return err
		}
		if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: sl.ID, At: w.Now(), Actor: actor(s), Event: event,
			FromStatus: sl.Status, ToStatus: to, Reason: reason}); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, fmt.Sprintf("%s %s → %s; reason: %s", sl.Name, sl.Status, to, reason)
		return w.ledger(ctx, tx, entry)
	})
	if errors.Is(err, store.ErrStatusChanged) {
		return w.refuse(ctx, entry, errf("seal_status_changed", err, sl.Name))
	}
	return err
}

// ReissueInput names the seal to replace, why, and the new seal. Kind and
// Algorithm default to the old seal's; give the new Name, Holder or
// Organisation that changed.
type ReissueInput struct {
	Seal   string // id, code or name of the seal to replace
	Reason string // required, e.g. 法定代表人变更
	New    MakeSealInput
}

// ReissueSeal makes the new seal and revokes the old one in one transaction,
// linking them both ways (REFERENCE §1: re-issue on a change of name or legal
// representative; the old seal is revoked).
func (w *Workspace) ReissueSeal(ctx context.Context, s *Session, in ReissueInput) (store.Seal, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealReissue}
	old, err := w.adminSeal(ctx, s, &entry, in.Seal)
	if err != nil {
		return store.Seal{}, err
	}
	if _, e := transition(old, "reissue", in.Reason); e != nil {
		return store.Seal{}, w.refuse(ctx, entry, e)
	}
	n := in.New
	if n.Kind == "" {
		n.Kind = old.Kind
	}
	if n.Algorithm == "" {
		n.Algorithm = old.Algorithm
	}
	m, err := w.prepareSeal(ctx, n)
	if err != nil {
		return store.Seal{}, w.refuseOrFail(ctx, entry, err)
	}
	m.life.Replaces = old.ID
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := w.commitMade(ctx, tx, s, m, "reissue", EntrySealReissue, in.Reason, old.ID); err != nil {
			return err
		}
		if err := tx.ChangeSealStatus(ctx, old.ID, old.Status, store.SealRevoked, in.Reason, w.Now()); err != nil {
			return err
		}
		life, err := tx.Lifecycle(ctx, old.ID)
		if err != nil {
			return err
		}
		life.ReplacedBy = m.row.ID
		if err := tx.SetLifecycle(ctx, old.ID, life); err != nil {
			return err
		}
		// The re-issued seal serves the same people for the same periods.
		if err := tx.CopyGrants(ctx, old.ID, m.row.ID, actor(s), w.Now()); err != nil {
			return err
		}
		if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: old.ID, At: w.Now(), Actor: actor(s), Event: "revoke",
			FromStatus: old.Status, ToStatus: store.SealRevoked, Reason: in.Reason, Related: m.row.ID}); err != nil {
			return err
		}
		return w.ledger(ctx, tx, store.Entry{Actor: actor(s), Kind: EntrySealRevoke, Outcome: store.OutcomeOK, SealID: old.ID,
			Detail: fmt.Sprintf("%s %s → %s; re-issued as %s; reason: %s", old.Name, old.Status, store.SealRevoked, m.row.ID, in.Reason)})
	})
	if err != nil {
		os.Remove(m.keyPath)
		if errors.Is(err, store.ErrStatusChanged) {
			return store.Seal{}, w.refuse(ctx, entry, errf("seal_status_changed", err, old.Name))
		}
		return store.Seal{}, w.refuseOrFail(ctx, entry, w.codeConflict(ctx, m.row, err))
	}
	return m.row, nil
}

// ExportSeal writes the seal's GB/T 38540 data (DER SESeal) to out, which must
// not exist; the file appears whole or not at all.
func (w *Workspace) ExportSeal(ctx context.Context, s *Session, ref, out string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealExport}
	sl, err := w.adminSeal(ctx, s, &entry, ref)
	if err != nil {
		return err
	}
	if out == "" {
		return errf(CodeOutMissing, nil)
	}
	if e := checkNewFile(out); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if err := safefile.WriteBytes(out, 0o644, sl.SealData); err != nil {
		return errf("seal_write", err, out, err)
	}
	sum := sm3.Sum(sl.SealData)
	entry.OutHash = hex.EncodeToString(sum[:])
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: sl.ID, At: w.Now(), Actor: actor(s), Event: "export",
			FromStatus: sl.Status, ToStatus: sl.Status, Related: filepath.Base(out)}); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, fmt.Sprintf("%s %s → %s", sl.Name, sl.Code, filepath.Base(out))
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		// An export that is not in the ledger must not exist.
		os.Remove(out)
		return err
	}
	return nil
}

// ImportSealInput names a vendor's seal file and the key it is bound to.
type ImportSealInput struct {
	File     string // DER SESeal (GB/T 38540 or GM/T 0031)
	CertFile string // the key's certificate, PEM or DER: it must be in the seal's certificate list
	KeyFile  string // a SealDesk key file holding the certificate's key; copied into the workspace
	ID       string // default: the kind, numbered
	Kind     string // default: business for an organisation's seal, personal for a person's
}

// ImportResult is an imported seal and what the person should know about it.
type ImportResult struct {
	Seal store.Seal
	// Note is set when the seal was imported but cannot stamp a PDF: its
	// picture is a format we cannot draw on a page (an OFD package, SVG).
	Note *Error
}

// ImportSeal binds a vendor's seal to a key: the maker's signature must verify
// (GB/T 38540 §7.3) and the key's certificate must be in the seal's
// certificate list; each failure is refused with its reason. JPEG, GIF and
// BMP pictures are converted to PNG for stamping; OFD and SVG pictures are
// kept in the seal data and reported as undrawable.
func (w *Workspace) ImportSeal(ctx context.Context, s *Session, in ImportSealInput) (*ImportResult, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealImport, DocName: filepath.Base(in.File)}
	if e := need(s, RoleAdmin); e != nil {
		return nil, w.refuse(ctx, entry, e)
	}
	doc, err := OpenDocument(in.File, w.MaxFileSize(ctx))
	if err != nil {
		return nil, err
	}
	data := doc.data
	entry.DocHash = doc.SM3
	sd, err := seal.Parse(data)
	if err != nil {
		return nil, w.refuse(ctx, entry, errf("seal_unreadable", err, in.File, err))
	}
	if err := sd.VerifyMaker(); err != nil {
		return nil, w.refuse(ctx, entry, errf("seal_maker_invalid", err, err))
	}
	cert, err := readCert(in.CertFile)
	if err != nil {
		if Code(err) != "" { // the file itself: missing, not a regular file, too large
			return nil, err
		}
		return nil, errf("seal_cert_unreadable", err, in.CertFile, err)
	}
	// Every file named is read before any is judged, so a key file that is
	// no file is said as such whatever the others hold.
	keyData, err := readUserFile(in.KeyFile, 1<<20)
	if err != nil {
		return nil, err
	}
	if !sd.ContainsCert(cert.Raw) {
		return nil, w.refuse(ctx, entry, errf("seal_cert_not_listed", nil, cert.Subject.CommonName, sd.Name))
	}
	k, err := device.OpenSoftKey(in.KeyFile)
	if err != nil {
		return nil, errf("seal_key_unreadable", err, in.KeyFile, err)
	}
	pub, err := k.Public()
	if err != nil {
		return nil, errf("seal_key_unreadable", err, in.KeyFile, err)
	}
	if eq, ok := pub.(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(cert.PublicKey) {
		return nil, w.refuse(ctx, entry, errf("seal_key_mismatch", nil, filepath.Base(in.KeyFile), cert.Subject.CommonName))
	}
	alg, err := device.AlgorithmOf(cert.PublicKey)
	if err != nil {
		return nil, errf("seal_key_unreadable", err, in.KeyFile, err)
	}
	if other, err := w.db.SealByCode(ctx, sd.Code); err == nil {
		return nil, w.refuse(ctx, entry, errf("seal_code_taken", nil, sd.Code, other.Name))
	}
	kind := in.Kind
	if kind == "" {
		kind = "business"
		if sd.Type == 2 {
			kind = "personal"
		}
	}
	id, err := w.sealID(ctx, in.ID, kind)
	if err != nil {
		return nil, w.refuseOrFail(ctx, entry, err)
	}
	res := &ImportResult{}
	picture, note := stampPicture(sd.Picture)
	res.Note = note

	keyRel := filepath.Join(keysDir, id+".key")
	keyPath := filepath.Join(w.Home, keyRel)
	if err := safefile.WriteBytes(keyPath, 0o600, keyData); err != nil {
		return nil, fmt.Errorf("copy key file: %w", err)
	}
	row := store.Seal{
		ID: id, Name: sd.Name, Kind: kind, Code: sd.Code, Algorithm: alg, Status: store.SealActive,
		KeyRef: device.SoftKeyRef(keyRel), Cert: cert.Raw, Chain: []byte{}, SealData: sd.Raw, Picture: picture,
		WidthMM: sd.Picture.WidthMM, HeightMM: sd.Picture.HeightMM, ValidFrom: sd.ValidFrom, ValidTo: sd.ValidTo, CreatedAt: w.Now(),
	}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.CreateSeal(ctx, row); err != nil {
			return err
		}
		if err := tx.SetLifecycle(ctx, id, store.Lifecycle{VendorID: sd.VendorID, Origin: store.OriginImported, PictureFormat: sd.Picture.Format}); err != nil {
			return err
		}
		if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: id, At: w.Now(), Actor: actor(s), Event: "import",
			ToStatus: store.SealActive, Related: filepath.Base(in.File)}); err != nil {
			return err
		}
		entry.Outcome, entry.SealID = store.OutcomeOK, id
		entry.Detail = fmt.Sprintf("%s %s V%d maker %s; picture %s", sd.Name, sd.Code, sd.Version, sd.VendorID, sd.Picture.Format)
		if note != nil {
			entry.Detail += "; " + note.Code
		}
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		os.Remove(keyPath)
		return nil, w.refuseOrFail(ctx, entry, w.codeConflict(ctx, row, err))
	}
	res.Seal = row
	return res, nil
}

// stampPicture returns the PNG to stamp with for a seal picture, or a note
// saying why there is none.
func stampPicture(p seal.Picture) ([]byte, *Error) {
	switch p.Format {
	case "png":
		return p.Data, nil
	case "jpeg", "gif", "bmp":
		img, _, err := image.Decode(bytes.NewReader(p.Data))
		if err != nil {
			return []byte{}, errf("seal_picture_undrawable", err, strings.ToUpper(p.Format))
		}
		dpi := pictureDPI * 1.0
		if p.WidthMM > 0 {
			dpi = float64(img.Bounds().Dx()) / (p.WidthMM / 25.4)
		}
		dpi = min(max(dpi, 1), seal.MaxPictureDPI)
		png, err := seal.EncodePNG(img, dpi)
		if err != nil {
			return []byte{}, errf("seal_picture_undrawable", err, strings.ToUpper(p.Format))
		}
		return png, nil
	}
	format := strings.ToUpper(p.Format)
	if format == "" {
		format = p.Type
	}
	return []byte{}, errf("seal_picture_undrawable", nil, format)
}

// SealDetail is a seal with its lifecycle and history, for `seal show`.
type SealDetail struct {
	Seal      store.Seal
	Lifecycle store.Lifecycle
	Events    []store.SealEvent
	CertCN    string
	CertFrom  time.Time
	CertTo    time.Time
}

// SealInfo returns a seal with its lifecycle and events.
func (w *Workspace) SealInfo(ctx context.Context, ref string) (*SealDetail, error) {
	sl, err := w.FindSeal(ctx, ref)
	if err != nil {
		return nil, err
	}
	d := &SealDetail{Seal: sl}
	if d.Lifecycle, err = w.db.Lifecycle(ctx, sl.ID); err != nil {
		return nil, err
	}
	if d.Events, err = w.db.SealEvents(ctx, sl.ID); err != nil {
		return nil, err
	}
	if c, err := smx509.ParseCertificate(sl.Cert); err == nil {
		d.CertCN, d.CertFrom, d.CertTo = c.Subject.CommonName, c.NotBefore, c.NotAfter
	}
	return d, nil
}

// collectWithin is how long an issued seal may wait for its custodian: a seal
// not collected within three months is revoked (REFERENCE §1).
const collectWithin = 3 // months

// IssueSeal hands a seal made here to a custodian (发放): it is recorded as
// waiting for that person to collect it.
func (w *Workspace) IssueSeal(ctx context.Context, s *Session, ref, custodian string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealIssue}
	sl, err := w.adminSeal(ctx, s, &entry, ref)
	if err != nil {
		return err
	}
	if sl.Status != store.SealActive {
		return w.refuse(ctx, entry, errf("seal_not_active_issue", nil, sl.Name, sl.Status))
	}
	u, err := w.db.User(ctx, custodian)
	if err != nil || !u.HasRole(RoleCustodian) || u.Disabled {
		return w.refuse(ctx, entry, errf("role", err, custodian, RoleCustodian))
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: sl.ID, At: w.Now(), Actor: actor(s), Event: "issue",
			FromStatus: sl.Status, ToStatus: sl.Status, Related: custodian}); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, fmt.Sprintf("%s issued to %s", sl.Name, custodian)
		return w.ledger(ctx, tx, entry)
	})
}

// CollectSeal records that the custodian a seal was issued to has collected it (领取).
func (w *Workspace) CollectSeal(ctx context.Context, s *Session, ref string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealCollect}
	sl, err := w.roleSeal(ctx, s, RoleCustodian, &entry, ref)
	if err != nil {
		return err
	}
	evs, err := w.db.SealEvents(ctx, sl.ID)
	if err != nil {
		return err
	}
	to := ""
	for _, e := range evs {
		switch e.Event {
		case "issue":
			to = e.Related
		case "collect":
			to = ""
		}
	}
	if to != s.User.Name || sl.Status == store.SealRevoked {
		return w.refuse(ctx, entry, errf("seal_not_issued_to", nil, sl.Name, s.User.Name))
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: sl.ID, At: w.Now(), Actor: actor(s), Event: "collect",
			FromStatus: sl.Status, ToStatus: sl.Status}); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, sl.Name+" collected"
		return w.ledger(ctx, tx, entry)
	})
}

// RevokeUncollected revokes every seal made or re-issued here more than three
// months ago that nobody has collected, and returns their ids. Seals from
// before the lifecycle was recorded (no "make" event) and imported seals are
// not concerned.
func (w *Workspace) RevokeUncollected(ctx context.Context, s *Session) ([]string, error) {
	if e := need(s, RoleAdmin); e != nil {
		return nil, w.refuse(ctx, store.Entry{Actor: actor(s), Kind: EntrySealRevoke}, e)
	}
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return nil, err
	}
	deadline := w.Now().AddDate(0, -collectWithin, 0)
	var revoked []string
	for _, sl := range seals {
		if sl.Status == store.SealRevoked {
			continue
		}
		evs, err := w.db.SealEvents(ctx, sl.ID)
		if err != nil {
			return revoked, err
		}
		var made time.Time
		collected := false
		for _, e := range evs {
			switch e.Event {
			case "make", "reissue":
				made = e.At
			case "collect":
				collected = true
			}
		}
		if made.IsZero() || collected || !made.Before(deadline) {
			continue
		}
		reason := fmt.Sprintf("not collected within %d months of %s", collectWithin, day(made))
		err = w.db.Update(ctx, func(tx store.Txn) error {
			if err := tx.ChangeSealStatus(ctx, sl.ID, sl.Status, store.SealRevoked, reason, w.Now()); err != nil {
				return err
			}
			if err := tx.AddSealEvent(ctx, &store.SealEvent{SealID: sl.ID, At: w.Now(), Actor: actor(s), Event: "revoke",
				FromStatus: sl.Status, ToStatus: store.SealRevoked, Reason: reason}); err != nil {
				return err
			}
			return w.ledger(ctx, tx, store.Entry{Actor: actor(s), Kind: EntrySealRevoke, Outcome: store.OutcomeOK, SealID: sl.ID,
				Detail: fmt.Sprintf("%s %s → %s; reason: %s", sl.Name, sl.Status, store.SealRevoked, reason)})
		})
		if errors.Is(err, store.ErrStatusChanged) {
			continue // someone else changed it meanwhile; the next sweep sees it
		}
		if err != nil {
			return revoked, err
		}
		revoked = append(revoked, sl.ID)
	}
	return revoked, nil
}
