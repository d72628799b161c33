package app

import (
	"crypto"
	"crypto/ecdsa"
	"fmt"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/store"
)

// Approvals are signed by the approver's own key (issue 6): the database alone
// cannot make one. The key opens when the approver signs in (it is sealed under
// their password), and its certificate names the user in the subject's
// serialNumber as "user:<name>", issued by a workspace trust anchor.

// userSerialPrefix marks the user a certificate belongs to.
const userSerialPrefix = "user:"

// approvalStatement is exactly what an approver signs: the decision and every
// fact of the request it covers, one "key=value" per line.
func approvalStatement(fields [][2]string) []byte {
	var b strings.Builder
	b.WriteString("sealdesk-approval-v1\n")
	for _, f := range fields {
		b.WriteString(f[0] + "=" + strings.ReplaceAll(f[1], "\n", "\\n") + "\n")
	}
	return []byte(b.String())
}

func decisionFields(a store.Approval) [][2]string {
	return [][2]string{{"request", a.RequestID}, {"decision", a.Decision}, {"approver", a.Approver},
		{"at", a.At.UTC().Format(time.RFC3339Nano)}, {"comment", a.Comment}}
}

func stampRequestFields(r store.Request) [][2]string {
	f := [][2]string{{"kind", "stamp"}, {"seal", r.SealID}, {"requester", r.Requester}, {"doc", r.DocHash},
		{"page", fmt.Sprint(r.Page)}, {"x_mm", fmt.Sprintf("%.3f", r.XMM)}, {"y_mm", fmt.Sprintf("%.3f", r.YMM)}}
	// The workstation that may stamp (issue 11): signed, so an approval
	// carried to another workstation of the same organisation is refused
	// there. Requests from before workstations were named sign without it.
	if r.Workstation != "" {
		f = append(f, [2]string{"workstation", r.Workstation})
	}
	// Several marks, or a seam (issue 16): the approver signs every one and
	// the rule that chose them. A request of one spot signs as before, so
	// approvals made before lists still verify.
	if (!r.Placements.Plain() && len(r.Placements) > 0) || r.Rule != "" {
		f = append(f, [2]string{"placements", r.Placements.String()}, [2]string{"rule", r.Rule})
	}
	return f
}

func printRequestFields(p store.PrintRequest) [][2]string {
	return [][2]string{{"kind", "print"}, {"requester", p.Requester}, {"doc", p.DocHash}, {"copies", fmt.Sprint(p.Copies)}}
}

// signApproval signs a decision with the session's approval key.
func (w *Workspace) signApproval(s *Session, a *store.Approval, request [][2]string) *Error {
	if s.signer == nil || s.cert == nil || !certHasRole(s.cert, RoleApprover) {
		return errf("approver_no_key", nil, s.User.Name)
	}
	msg := approvalStatement(append(decisionFields(*a), request...))
	sig, err := signMessage(s.signer, msg, w.Rand)
	if err != nil {
		return errf("sign_failed", err, err)
	}
	a.Signature, a.Cert = sig, s.cert.Raw
	return nil
}

// signMessage signs msg with the project's convention: SM2 signers take the
// message (Z with the default ID is theirs to compute), others a SHA-256 digest.
func signMessage(signer crypto.Signer, msg []byte, r interface{ Read([]byte) (int, error) }) ([]byte, error) {
	if pub, ok := signer.Public().(*ecdsa.PublicKey); ok && pub.Curve == sm2.P256() {
		return signer.Sign(r, msg, sm2.DefaultSM2SignerOpts)
	}
	d := crypto.SHA256.New()
	d.Write(msg)
	return signer.Sign(r, d.Sum(nil), crypto.SHA256)
}

// checkApprovalSignature verifies one approval row: the certificate chains to a
// workspace trust anchor, names the approver, was valid when they decided, and
// its key signed exactly this decision on exactly this request.
func (w *Workspace) checkApprovalSignature(a store.Approval, request [][2]string) error {
	if len(a.Signature) == 0 || len(a.Cert) == 0 {
		return fmt.Errorf("the approval by %s carries no signature", a.Approver)
	}
	cert, err := smx509.ParseCertificate(a.Cert)
	if err != nil {
		return fmt.Errorf("the approval certificate of %s is unreadable: %w", a.Approver, err)
	}
	if cert.Subject.SerialNumber != userSerialPrefix+a.Approver {
		return fmt.Errorf("the approval certificate belongs to %q, not to %s", cert.Subject.SerialNumber, a.Approver)
	}
	if !certHasRole(cert, RoleApprover) {
		return fmt.Errorf("the certificate of %s was not issued to an approver", a.Approver)
	}
	roots, err := w.Roots()
	if err != nil {
		return err
	}
	if _, err := cert.Verify(smx509.VerifyOptions{Roots: roots, CurrentTime: a.At, KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}}); err != nil {
		return fmt.Errorf("the approval certificate of %s is not trusted: %w", a.Approver, err)
	}
	msg := approvalStatement(append(decisionFields(a), request...))
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != sm2.P256() || !sm2.VerifyASN1WithSM2(pub, nil, msg, a.Signature) {
		return fmt.Errorf("the signature of %s does not match this approval or this request", a.Approver)
	}
	return nil
}

// unlockUserKey opens an approval key sealed by its own scrypt (before every
// user had a key under their password's KEK), to move it to the new scheme.
func (w *Workspace) unlockUserKey(u store.User, password string) (crypto.Signer, *smx509.Certificate, error) {
	path, ok := device.SoftKeyPath(w.Home, u.KeyRef)
	if !ok {
		return nil, nil, fmt.Errorf("approval key %s of %s is not a software key", u.KeyRef, u.Name)
	}
	k, err := device.OpenSoftKey(path)
	if err != nil {
		return nil, nil, err
	}
	signer, err := k.Unlock(password)
	if err != nil {
		return nil, nil, err
	}
	cert, err := smx509.ParseCertificate(u.Cert)
	if err != nil {
		return nil, nil, fmt.Errorf("read approval certificate of %s: %w", u.Name, err)
	}
	return signer, cert, nil
}
