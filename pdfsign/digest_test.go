package pdfsign

import (
	"crypto/sha256"
	"hash"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/internal/testpdf"
)

// TestSignWithDocumentDigest: a caller's SM3 of the input, computed on its
// own read, is what the SM2 signature goes on from (one pass over a large
// document); the output verifies as intact and trusted. A state of other
// bytes gives a signature that does not verify (so the state is used, not
// recomputed), and a hash of the wrong kind is ignored.
func TestSignWithDocumentDigest(t *testing.T) {
	pki := newPKI(t, "sm2")
	orig := testpdf.Simple(3)
	digestOf := func(newHash func() hash.Hash, b []byte) hash.Hash {
		h := newHash()
		h.Write(b)
		return h
	}
	cases := []struct {
		name   string
		digest hash.Hash
		intact bool
	}{
		{"SM3 of the input", digestOf(sm3.New, orig), true},
		{"SM3 of other bytes", digestOf(sm3.New, orig[1:]), false},
		{"SHA-256 for an SM2 signer: ignored", digestOf(sha256.New, orig[1:]), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := pki.options(1, 105, 60)
			o.DocumentDigest = c.digest
			signed, _ := signBytes(t, orig, o)
			s := verifyBytes(t, signed, VerifyOptions{Roots: pki.roots, At: testTime}).Signatures[0]
			if s.Intact != c.intact || (c.intact && (!s.CoversWholeDocument || !s.Trusted)) {
				t.Fatalf("intact %v (%v), want %v; %+v", s.Intact, s.IntegrityErr, c.intact, s)
			}
		})
	}
}
