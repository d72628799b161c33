package app

import (
	"crypto"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

// issuer is a certificate authority the demo workspace runs for itself: an SM2
// root for the seal maker and SM2 seal keys, an ECDSA P-256 root for seal keys
// that international validators can check. A real deployment imports
// certificates from a licensed CA instead.
type issuer struct {
	cert *smx509.Certificate
	key  crypto.Signer
}

func serial(r io.Reader) (*big.Int, error) {
	b := make([]byte, 16)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	b[0] &= 0x7f // positive, RFC 5280 §4.1.2.2
	return new(big.Int).SetBytes(b), nil
}

// certTemplate returns a certificate template for subject cn of org, valid from an
// hour before now (clock skew between workstations) for the given years.
func certTemplate(r io.Reader, org, cn string, now time.Time, years int) (*smx509.Certificate, error) {
	sn, err := serial(r)
	if err != nil {
		return nil, err
	}
	return &smx509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{Country: []string{"CN"}, Organization: []string{org}, CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(years, 0, 0),
		BasicConstraintsValid: true,
	}, nil
}

func newRoot(r io.Reader, key crypto.Signer, org, cn string, now time.Time, years int) (*issuer, error) {
	tmpl, err := certTemplate(r, org, cn, now, years)
	if err != nil {
		return nil, err
	}
	tmpl.KeyUsage = smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign | smx509.KeyUsageDigitalSignature
	tmpl.IsCA = true
	der, err := smx509.CreateCertificate(r, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create root certificate %s: %w", cn, err)
	}
	cert, err := smx509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &issuer{cert: cert, key: key}, nil
}

// issue makes an end-entity signing certificate (digitalSignature, nonRepudiation)
// for pub, valid from now for the given years.
func (i *issuer) issue(r io.Reader, pub crypto.PublicKey, org, cn string, now time.Time, years int) (*smx509.Certificate, error) {
	tmpl, err := certTemplate(r, org, cn, now, years)
	if err != nil {
		return nil, err
	}
	tmpl.KeyUsage = smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment
	tmpl.ExtKeyUsage = []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}
	der, err := smx509.CreateCertificate(r, tmpl, i.cert, pub, i.key)
	if err != nil {
		return nil, fmt.Errorf("issue certificate %s: %w", cn, err)
	}
	return smx509.ParseCertificate(der)
}
