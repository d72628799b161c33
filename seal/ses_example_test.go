package seal_test

import (
	"crypto/rand"
	"crypto/x509/pkix"
	"fmt"
	"log"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/sm2"
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
