package device

import (
	"bytes"
	"errors"
	"testing"
)

var uriCases = []struct {
	name string
	in   string
	want URI
	out  string // canonical form; "" when in already is
	bad  bool
}{
	{name: "token only", in: "pkcs11:token=SealKey", want: URI{Token: "SealKey"}},
	{name: "full", in: "pkcs11:token=A%20B;manufacturer=SoftHSM%20project;serial=5f3e;model=SoftHSM%20v2;object=seal;id=%01%AB;type=private?module-path=%2Fusr%2Flib%2Fsofthsm%2Flibsofthsm2.so",
		want: URI{Token: "A B", Manufacturer: "SoftHSM project", Serial: "5f3e", Model: "SoftHSM v2", Object: "seal", ID: []byte{1, 0xab}, Type: "private", ModulePath: "/usr/lib/softhsm/libsofthsm2.so"}},
	{name: "chinese label", in: "pkcs11:token=%E5%8D%B0%E7%AB%A0", want: URI{Token: "印章"}},
	{name: "unescaped chars decoded as is", in: "pkcs11:object=a b;id=1", want: URI{Object: "a b", ID: []byte("1")}, out: "pkcs11:object=a%20b;id=%31"},
	{name: "reserved chars escaped", in: "pkcs11:object=%3B%3F%26%3D%25", want: URI{Object: ";?&=%"}},
	{name: "lower-case escapes", in: "pkcs11:id=%ab", want: URI{ID: []byte{0xab}}, out: "pkcs11:id=%AB"},
	{name: "slot id", in: "pkcs11:slot-id=7;type=cert", want: URI{SlotID: ptr(7), Type: "cert"}},
	{name: "module name", in: "pkcs11:?module-name=softhsm2", want: URI{ModuleName: "softhsm2"}},
	{name: "empty", in: "pkcs11:", want: URI{}},
	{name: "ignored library attr", in: "pkcs11:library-manufacturer=x;token=t", want: URI{Token: "t"}, out: "pkcs11:token=t"},
	{name: "vendor attr", in: "pkcs11:x-foo=1;token=t?x-bar=2", want: URI{Token: "t"}, out: "pkcs11:token=t"},
	{name: "scheme case", in: "PKCS11:token=t", want: URI{Token: "t"}, out: "pkcs11:token=t"},
	{name: "not pkcs11", in: "soft:keys/a.key", bad: true},
	{name: "duplicate", in: "pkcs11:token=a;token=b", bad: true},
	{name: "unknown attr", in: "pkcs11:colour=red", bad: true},
	{name: "bad type", in: "pkcs11:type=secret", bad: true},
	{name: "bad escape", in: "pkcs11:id=%G1", bad: true},
	{name: "truncated escape", in: "pkcs11:id=%0", bad: true},
	{name: "trailing percent", in: "pkcs11:id=%", bad: true},
	{name: "no value", in: "pkcs11:token", bad: true},
	{name: "pin value refused", in: "pkcs11:token=t?pin-value=123456", bad: true},
	{name: "pin source refused", in: "pkcs11:token=t?pin-source=file:/pin", bad: true},
	{name: "fragment", in: "pkcs11:token=t?module-name=a#x", bad: true},
	{name: "bad slot", in: "pkcs11:slot-id=-1", bad: true},
}

func ptr(v uint) *uint { return &v }

func uriEqual(a, b URI) bool {
	sa, sb := a.SlotID, b.SlotID
	if (sa == nil) != (sb == nil) || (sa != nil && *sa != *sb) {
		return false
	}
	a.SlotID, b.SlotID = nil, nil
	return bytes.Equal(a.ID, b.ID) && a.Token == b.Token && a.Manufacturer == b.Manufacturer && a.Serial == b.Serial &&
		a.Model == b.Model && a.Object == b.Object && a.Type == b.Type && a.ModulePath == b.ModulePath && a.ModuleName == b.ModuleName
}

func TestParseURI(t *testing.T) {
	for _, tc := range uriCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseURI(tc.in)
			if tc.bad {
				if !errors.Is(err, ErrURI) {
					t.Fatalf("ParseURI(%q) = %+v, %v; want ErrURI", tc.in, got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !uriEqual(got, tc.want) {
				t.Fatalf("ParseURI(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
			want := tc.out
			if want == "" {
				want = tc.in
			}
			if s := got.String(); s != want {
				t.Errorf("String() = %q, want %q", s, want)
			}
			again, err := ParseURI(got.String())
			if err != nil || !uriEqual(again, got) {
				t.Errorf("round trip: %+v, %v", again, err)
			}
		})
	}
}

// FuzzParseURI: parsing never panics, fails only with ErrURI, and whatever
// parses formats to a URI that parses to the same value.
func FuzzParseURI(f *testing.F) {
	for _, tc := range uriCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURI(s)
		if err != nil {
			if !errors.Is(err, ErrURI) {
				t.Fatalf("error %v is not ErrURI", err)
			}
			return
		}
		again, err := ParseURI(u.String())
		if err != nil || !uriEqual(again, u) {
			t.Fatalf("%q -> %q -> %+v, %v", s, u.String(), again, err)
		}
	})
}
