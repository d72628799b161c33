package ofd

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/smx509"
)

// signCMSPackage builds a package with a Type="Sign" signature whose
// SignedValue is a detached SM2 CMS SignedData over the Signature.xml bytes
// (the form of several digital-signature products), with SHA-256 References.
func signCMSPackage(t *testing.T, s stamper, tamper, noSlash bool) []byte {
	t.Helper()
	page := []byte(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>`)
	sumOf := func(b []byte) string { h := sha256.Sum256(b); return base64.StdEncoding.EncodeToString(h[:]) }
	ofdXML := []byte(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>`)
	sigXML := []byte(`<ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo><ofd:Provider ProviderName="test"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:SignatureDateTime>2026-03-02 10:00:00</ofd:SignatureDateTime>` +
		`<ofd:References CheckMethod="SHA-256"><ofd:Reference FileRef="/OFD.xml"><ofd:CheckValue>` + sumOf(ofdXML) + `</ofd:CheckValue></ofd:Reference>` +
		`<ofd:Reference FileRef="/Doc_0/Document.xml"><ofd:CheckValue>` + sumOf([]byte(minimalDoc)) + `</ofd:CheckValue></ofd:Reference>` +
		`<ofd:Reference FileRef="/Doc_0/Pages/Page_0/Content.xml"><ofd:CheckValue>` + sumOf(page) + `</ofd:CheckValue></ofd:Reference></ofd:References>` +
		`</ofd:SignedInfo><ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>`)
	if noSlash {
		// Package-absolute paths written without their leading "/".
		sigXML = bytes.ReplaceAll(sigXML, []byte(`FileRef="/`), []byte(`FileRef="`))
	}
	sd, err := pkcs7.NewSMSignedData(sigXML)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := smx509.ParseCertificate(s.cert)
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.AddSigner(cert, s.key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	sd.Detach()
	value, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if tamper {
		sigXML = bytes.Replace(sigXML, []byte(`ProviderName="test"`), []byte(`ProviderName="best"`), 1)
	}
	return zipOf(t,
		zfile{"OFD.xml", ofdXML}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}, zfile{"Doc_0/Pages/Page_0/Content.xml", page},
		zfile{"Doc_0/Signs/Signatures.xml", []byte(`<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Signature ID="1" Type="Sign" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>`)},
		zfile{"Doc_0/Signs/Sign_0/Signature.xml", sigXML}, zfile{"Doc_0/Signs/Sign_0/SignedValue.dat", value})
}

func TestVerifyCMS(t *testing.T) {
	s := newStamper(t, "王五")
	for _, tc := range []struct{ tamper, noSlash bool }{{false, false}, {true, false}, {false, true}} {
		tamper := tc.tamper
		rep := verifyBytes(t, signCMSPackage(t, s, tc.tamper, tc.noSlash), VerifyOptions{})
		if len(rep.Signatures) != 1 {
			t.Fatalf("%d signatures", len(rep.Signatures))
		}
		sr := rep.Signatures[0]
		if sr.Form != FormCMS || sr.Type != "Sign" || sr.Signer != "王五" || len(sr.References) != 3 || !sr.CoversWholeDocument {
			t.Errorf("tamper %v: %+v", tamper, sr)
		}
		if sr.Intact == tamper {
			t.Errorf("tamper %v: intact %v (%v)", tamper, sr.Intact, sr.IntegrityErr)
		}
		if tamper && errors.Is(sr.IntegrityErr, ErrReference) {
			t.Errorf("the references did not change: %v", sr.IntegrityErr)
		}
	}
}
