package pdfsign

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

var berCases = []struct {
	name, in, want string // hex
	bad            bool
}{
	{"DER unchanged", "3006020101020102", "3006020101020102", false},
	{"indefinite sequence", "30800201010201020000", "3006020101020102", false},
	{"nested indefinite", "3080a080308002010100000000" + "0000", "3007a0053003020101", false},
	{"non-minimal long length", "30810602010102010200", "3006020101020102", false},
	{"constructed OCTET STRING", "24800402aabb0401cc0000", "0403aabbcc", false},
	{"constructed BIT STRING", "23800302" + "00aa" + "030204f0" + "0000", "030304aaf0", false},
	{"high tag number", "9f2001ff", "9f2001ff", false},
	{"trailing bytes kept apart", "0500" + "0000", "0500", false},
	{"indefinite primitive", "0480aa0000", "", true},
	{"no end of contents", "308002010102", "", true},
	{"too long", "3005020101", "", true},
	{"truncated", "30", "", true},
}

func TestBERToDER(t *testing.T) {
	for _, c := range berCases {
		t.Run(c.name, func(t *testing.T) {
			in, _ := hex.DecodeString(c.in)
			der, _, err := berToDER(in)
			if c.bad {
				if !errors.Is(err, errBER) {
					t.Fatalf("got %x, %v; want errBER", der, err)
				}
				return
			}
			if err != nil || hex.EncodeToString(der) != c.want {
				t.Fatalf("got %x, %v; want %s", der, err, c.want)
			}
		})
	}
}

// FuzzBERToDER: never panics; what it returns is DER, so normalising it again changes nothing.
func FuzzBERToDER(f *testing.F) {
	if len(berCases) == 0 {
		f.Fatal("no seeds")
	}
	for _, c := range berCases {
		b, _ := hex.DecodeString(c.in)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		der, _, err := berToDER(b)
		if err != nil {
			if !errors.Is(err, errBER) {
				t.Fatalf("foreign error %v", err)
			}
			return
		}
		again, rest, err := berToDER(der)
		if err != nil || len(rest) != 0 || !bytes.Equal(again, der) {
			t.Fatalf("not stable: %x → %x (%v, %d left)", der, again, err, len(rest))
		}
	})
}
