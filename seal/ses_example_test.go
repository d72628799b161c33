package seal_test

import (
	"crypto/rand"
	"crypto/x509/pkix"
	"fmt"
	"log"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/seal"
)

func ExampleMake() {
	// The maker's key and certificate; in SealDesk they come from a USB key.
	maker, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	tmpl := &smx509.Certificate{
		SerialNumber:       big.NewInt(1),
		Subject:            pkix.Name{CommonName: "Seal maker"},
		NotBefore:          time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:           time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		SignatureAlgorithm: smx509.SM2WithSM3,
	}
	makerCert, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, maker.Public(), maker)
	if err != nil {
		log.Fatal(err)
	}

	data, err := seal.Make(seal.Info{
		VendorID:     "SealDesk",
		Code:         "3201060000001",
		Type:         1,
		Name:         "示例公司 合同专用章",
		CertListType: 1,
		Certs:        [][]byte{makerCert},
		Created:      time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC),
		ValidFrom:    time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
		ValidTo:      time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC),
		Picture:      seal.Picture{Data: []byte("\x89PNG\r\n\x1a\n..."), WidthMM: 42, HeightMM: 42},
	}, makerCert, maker, rand.Reader)
	if err != nil {
		log.Fatal(err)
	}

	s, err := seal.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Version, s.HeaderID, s.VendorID, s.Code, s.Name)
	fmt.Println(s.Picture.Type, s.Picture.WidthMM, "mm")
	fmt.Println("maker signature:", s.VerifyMaker())
	fmt.Println("valid on 2026-01-01:", s.ValidAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	// Output:
	// 4 ES SealDesk 3201060000001 示例公司 合同专用章
	// PNG 42 mm
	// maker signature: <nil>
	// valid on 2026-01-01: true
}

func ExampleSignDocument() {
	// The holder's key and certificate, and a seal listing that certificate.
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	tmpl := &smx509.Certificate{
		SerialNumber:       big.NewInt(2),
		Subject:            pkix.Name{CommonName: "Seal holder"},
		NotBefore:          time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:           time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		SignatureAlgorithm: smx509.SM2WithSM3,
	}
	cert, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		log.Fatal(err)
	}
	sealData, err := seal.Make(seal.Info{
		VendorID: "SealDesk", Code: "3201060000002", Type: 1, Name: "示例公司 公章", CertListType: 1,
		Certs:   [][]byte{cert},
		Created: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), ValidFrom: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
		ValidTo: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC),
		Picture: seal.Picture{Data: []byte("\x89PNG\r\n\x1a\n..."), WidthMM: 40, HeightMM: 40},
	}, cert, key, rand.Reader)
	if err != nil {
		log.Fatal(err)
	}

	// In OFD the signed data is the Signature.xml bytes (GB/T 33190 §18).
	signatureXML := []byte(`<ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016">…</ofd:Signature>`)
	dataHash := sm3.Sum(signatureXML)
	der, err := seal.SignDocument(sealData, cert, key, dataHash[:], "/Doc_0/Signs/Sign_0/Signature.xml",
		time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}

	sig, err := seal.ParseSignature(der)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sig.Version, sig.PropertyInfo, sig.Time.Format(time.RFC3339))
	fmt.Println("document signature:", sig.Verify())
	fmt.Println("data:", sig.VerifyData(signatureXML))
	fmt.Println("signer in the seal's list:", sig.Seal.ContainsCert(sig.SignerCert))
	// Output:
	// 4 /Doc_0/Signs/Sign_0/Signature.xml 2026-03-02T09:00:00Z
	// document signature: <nil>
	// data: <nil>
	// signer in the seal's list: true
}
