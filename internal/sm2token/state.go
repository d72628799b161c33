package main

import (
	"encoding/asn1"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// envDir names the folder holding stateFile. It is read at C_Initialize.
const envDir = "SEALDESK_SM2TOKEN_DIR"

// stateFile is the token's whole state, in the folder envDir names.
const stateFile = "token.json"

// state is what a test writes before loading the module. Failures and UserPIN
// are written back (wrong PINs, C_SetPIN), so a lock survives C_Finalize and a
// new process, as on a real key. tokentest.State is the same record for the
// tests that write it (a package main cannot be imported).
type state struct {
	Label    string `json:"label"`
	Serial   string `json:"serial"`
	UserPIN  string `json:"user_pin"`
	SOPIN    string `json:"so_pin"`
	MaxTries int    `json:"max_tries"`
	Failures int    `json:"failures"`
	Key      []byte `json:"key"`  // PKCS#8 DER, or the raw 32-byte scalar
	Cert     []byte `json:"cert"` // X.509 DER
	ID       []byte `json:"id"`   // CKA_ID of the key pair and the certificate
	KeyLabel string `json:"key_label"`
}

// loaded is the state with its key and certificate parsed.
type loaded struct {
	path  string
	st    state
	priv  *sm2.PrivateKey
	point []byte // uncompressed public point 04‖x‖y
	cert  *smx509.Certificate
}

func load(dir string) (*loaded, error) {
	path := filepath.Join(dir, stateFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	l := &loaded{path: path}
	if err := json.Unmarshal(b, &l.st); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if l.st.MaxTries <= 0 {
		return nil, errors.New("max_tries must be positive")
	}
	if len(l.st.Key) == 32 {
		l.priv, err = sm2.NewPrivateKey(l.st.Key)
	} else {
		var k any
		if k, err = smx509.ParsePKCS8PrivateKey(l.st.Key); err == nil {
			var ok bool
			if l.priv, ok = k.(*sm2.PrivateKey); !ok {
				err = fmt.Errorf("key is %T, not SM2", k)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	pub, err := sm2.PublicKeyToECDH(&l.priv.PublicKey)
	if err != nil {
		return nil, err
	}
	l.point = pub.Bytes()
	if len(l.st.Cert) > 0 {
		if l.cert, err = smx509.ParseCertificate(l.st.Cert); err != nil {
			return nil, fmt.Errorf("read certificate: %w", err)
		}
	}
	return l, nil
}

// save writes the state back through a temporary file and a rename, so a
// crash never leaves half a state file.
func (l *loaded) save() error {
	b, err := json.MarshalIndent(&l.st, "", "  ")
	if err != nil {
		return err
	}
	tmp := l.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, l.path)
}

// The objects of the token, by handle. The private key is visible only to a
// logged-in user (CKA_PRIVATE true).
const (
	objCert = 1
	objPub  = 2
	objPriv = 3
)

// derSM2Params is CKA_EC_PARAMS for SM2: the curve OID 1.2.156.10197.1.301.
var derSM2Params, _ = asn1.Marshal(asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301})

// attrs returns the attributes of an object; a nil value for a present but
// sensitive attribute.
func (l *loaded) attrs(obj uint) map[uint][]byte {
	common := func(class uint, private bool) map[uint][]byte {
		return map[uint][]byte{
			ckaClass: ulong(class), ckaToken: boolean(true), ckaPrivate: boolean(private),
			ckaID: l.st.ID, ckaLabel: []byte(l.st.KeyLabel), ckaModifiable: boolean(false),
		}
	}
	// The attributes every SM2 key object has (PKCS#11 v2.40 §4.7, §4.8, §2.3).
	key := func(m map[uint][]byte) map[uint][]byte {
		m[ckaKeyType], m[ckaECParams], m[ckaDerive], m[ckaLocal] = ulong(ckkSM2), derSM2Params, boolean(false), boolean(false)
		return m
	}
	switch obj {
	case objCert:
		if l.cert == nil {
			return nil
		}
		m := common(ckoCertificate, false)
		m[ckaCertificateType] = ulong(ckcX509)
		m[ckaValue] = l.st.Cert
		m[ckaSubject] = l.cert.RawSubject
		m[ckaIssuer] = l.cert.RawIssuer
		return m
	case objPub:
		m := key(common(ckoPublicKey, false))
		point, _ := asn1.Marshal(l.point) // DER OCTET STRING (PKCS#11 v2.40 §2.3.3)
		m[ckaECPoint], m[ckaVerify], m[ckaEncrypt], m[ckaWrap] = point, boolean(true), boolean(false), boolean(false)
		return m
	case objPriv:
		m := key(common(ckoPrivateKey, true))
		m[ckaSign], m[ckaDecrypt], m[ckaUnwrap], m[ckaAlwaysAuthenticate] = boolean(true), boolean(false), boolean(false), boolean(false)
		m[ckaSensitive], m[ckaAlwaysSensitive], m[ckaExtractable], m[ckaNeverExtractable] = boolean(true), boolean(true), boolean(false), boolean(true)
		m[ckaValue] = nil
		return m
	}
	return nil
}
