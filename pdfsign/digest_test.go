package pdfsign

import (
	"bytes"
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

// TestPrepareFinish: a caller that writes the document's bytes itself gets an
// update from Finish that, appended, verifies (SM2 with an SM3 digest, ECDSA
// with SHA-256), byte for byte what Sign writes for the same options; a digest
// of other bytes gives a signature that does not verify, a digest of the wrong
// kind and a second Finish are refused.
func TestPrepareFinish(t *testing.T) {
	orig := testpdf.Simple(2)
	for _, alg := range []struct {
		name    string
		newHash func() hash.Hash
		other   func() hash.Hash
	}{{"sm2", sm3.New, sha256.New}, {"ecdsa", sha256.New, sm3.New}} {
		t.Run(alg.name, func(t *testing.T) {
			pki := newPKI(t, alg.name)
			o := pki.options(2, 80, 60)
			want, _ := signBytes(t, orig, o)
			p, err := Prepare(bytes.NewReader(orig), o)
			if err != nil {
				t.Fatal(err)
			}
			if p.Size() != int64(len(orig)) {
				t.Fatalf("Size %d, want %d", p.Size(), len(orig))
			}
			if _, _, err := p.Finish(alg.other()); err == nil {
				t.Fatal("a digest of the wrong kind was taken")
			}
			d := alg.newHash()
			d.Write(orig)
			upd, res, err := p.Finish(d)
			if err != nil {
				t.Fatal(err)
			}
			got := append(append([]byte(nil), orig...), upd...)
			if res.Size != int64(len(got)) {
				t.Fatalf("Result.Size %d, written %d", res.Size, len(got))
			}
			s := verifyBytes(t, got, VerifyOptions{Roots: pki.roots, At: testTime}).Signatures[0]
			if !s.Intact || !s.CoversWholeDocument || !s.Trusted {
				t.Fatalf("appended update: %+v", s)
			}
			if len(got) != len(want) {
				t.Fatalf("Prepare+Finish wrote %d bytes, Sign %d", len(got), len(want))
			}
			if _, _, err := p.Finish(alg.newHash()); err == nil {
				t.Fatal("a second Finish was allowed")
			}

			p, _ = Prepare(bytes.NewReader(orig), o)
			d = alg.newHash()
			d.Write(orig[1:])
			upd, _, err = p.Finish(d)
			if err != nil {
				t.Fatal(err)
			}
			bad := append(append([]byte(nil), orig...), upd...)
			if s := verifyBytes(t, bad, VerifyOptions{Roots: pki.roots, At: testTime}).Signatures[0]; s.Intact {
				t.Fatal("a digest of other bytes gave a signature that verifies")
			}
		})
	}
}
