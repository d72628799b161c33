package seal

import "testing"

func BenchmarkParseVerify(b *testing.B) {
	raw := readVector(b, "ofdrw/UserV4.esl")
	for b.Loop() {
		s, err := Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.VerifyMaker(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSignatureNOFD(b *testing.B) {
	raw := ofdSignatures(b, "ofd.js/n.ofd")[0].value
	for b.Loop() {
		s, err := ParseSignature(raw)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Verify()
	}
}
