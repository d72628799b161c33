package pdfsign

import (
	"bytes"
	"crypto"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
)

func encrypted(t *testing.T, userPW string) []byte {
	t.Helper()
	in := writeTemp(t, "plain.pdf", testpdf.Simple(1))
	out := filepath.Join(t.TempDir(), "enc.pdf")
	if msg, err := tool(t, "qpdf", "--encrypt", userPW, "o", "256", "--", in, out); err != nil {
		t.Fatalf("qpdf --encrypt: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBadInput(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	two := testpdf.Simple(2)
	cases := []struct {
		name  string
		input []byte
		opts  func(*Options)
		check func(error) bool
	}{
		{"not a PDF", []byte("GIF89a this is not a PDF at all"), nil, func(err error) bool { return errors.Is(err, ErrNotPDF) }},
		{"empty", nil, nil, func(err error) bool { return errors.Is(err, ErrNotPDF) }},
		{"truncated", two[:len(two)/2], nil, func(err error) bool { return errors.Is(err, ErrDamaged) }},
		{"encrypted", encrypted(t, "u"), nil, func(err error) bool { return errors.Is(err, ErrEncrypted) }},
		{"encrypted, empty user password", encrypted(t, ""), nil, func(err error) bool { return errors.Is(err, ErrEncrypted) }},
		{"page 0", two, func(o *Options) { o.Page = 0 }, func(err error) bool {
			var pe *PageError
			return errors.As(err, &pe) && pe.Page == 0 && pe.Count == 2
		}},
		{"page 3 of 2", two, func(o *Options) { o.Page = 3 }, func(err error) bool {
			var pe *PageError
			return errors.As(err, &pe) && pe.Page == 3 && pe.Count == 2
		}},
		{"off the page", two, func(o *Options) { o.CenterXMM = 200 }, func(err error) bool {
			var pe *pdfview.PlaceError
			return errors.As(err, &pe)
		}},
		{"field exists", mustSign(t, two, pki.options(1, 50, 50)), func(o *Options) { o.FieldName = "Seal1" }, func(err error) bool {
			var fe *FieldError
			return errors.As(err, &fe)
		}},
		{"wrong certificate", two, func(o *Options) { o.Chain = o.Chain[1:] }, func(err error) bool { return err != nil }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := pki.options(1, 105, 60)
			if c.opts != nil {
				c.opts(&o)
			}
			var out bytes.Buffer
			_, err := Sign(bytes.NewReader(c.input), &out, o)
			if !c.check(err) {
				t.Fatalf("Sign: unexpected error %v", err)
			}
			if c.opts == nil { // reading errors: Inspect and Verify agree with Sign
				if _, err := Inspect(bytes.NewReader(c.input)); !c.check(err) {
					t.Errorf("Inspect: unexpected error %v", err)
				}
				if _, err := Verify(bytes.NewReader(c.input), int64(len(c.input)), VerifyOptions{}); !c.check(err) {
					t.Errorf("Verify: unexpected error %v", err)
				}
			}
			dir := t.TempDir()
			in, outPath := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
			os.WriteFile(in, c.input, 0o600)
			before, _ := os.Stat(in)
			if _, err := SignFile(in, outPath, o); !c.check(err) {
				t.Fatalf("SignFile: unexpected error %v", err)
			}
			assertOnlyInput(t, dir, in, c.input, before)
		})
	}
}

func mustSign(t *testing.T, in []byte, o Options) []byte {
	b, _ := signBytes(t, in, o)
	return b
}

// assertOnlyInput checks that dir holds nothing but the untouched input file.
func assertOnlyInput(t *testing.T, dir, in string, content []byte, before os.FileInfo) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only the input", names)
	}
	after, err := os.Stat(in)
	got, _ := os.ReadFile(in)
	if err != nil || !after.ModTime().Equal(before.ModTime()) || !bytes.Equal(got, content) {
		t.Errorf("input file was changed")
	}
}

// failingSigner is a USB key whose PIN was wrong.
type failingSigner struct{ crypto.Signer }

var errPIN = errors.New("device: PIN incorrect")

func (failingSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) { return nil, errPIN }

// liarSigner returns a signature that does not verify (a token that signs the wrong hash).
type liarSigner struct{ crypto.Signer }

func (s liarSigner) Sign(r io.Reader, d []byte, o crypto.SignerOpts) ([]byte, error) {
	return s.Signer.Sign(r, []byte("something else entirely, 32 byt"), o)
}

func TestSignFile(t *testing.T) {
	pki := newPKI(t, "sm2")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	orig := testpdf.Simple(1)
	os.WriteFile(in, orig, 0o600)
	before, _ := os.Stat(in)

	t.Run("same file", func(t *testing.T) {
		for _, out := range []string{in, filepath.Join(dir, ".", "in.pdf"), filepath.Join(dir, "sub", "..", "in.pdf")} {
			if _, err := SignFile(in, out, pki.options(1, 105, 60)); err == nil {
				t.Errorf("SignFile(%s, %s) accepted", in, out)
			}
		}
		assertOnlyInput(t, dir, in, orig, before)
	})
	t.Run("signer fails", func(t *testing.T) {
		for _, s := range []crypto.Signer{failingSigner{pki.key}, liarSigner{pki.key}} {
			o := pki.options(1, 105, 60)
			o.Signer = s
			_, err := SignFile(in, filepath.Join(dir, "out.pdf"), o)
			if err == nil {
				t.Fatalf("%T: no error", s)
			}
			if _, ok := s.(failingSigner); ok && !errors.Is(err, errPIN) {
				t.Errorf("error %v does not wrap the signer's error", err)
			}
			assertOnlyInput(t, dir, in, orig, before)
		}
	})
	t.Run("ok", func(t *testing.T) {
		out := filepath.Join(dir, "out.pdf")
		res, err := SignFile(in, out, pki.options(1, 105, 60))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(out)
		if int64(len(b)) != res.Size || !bytes.HasPrefix(b, orig) {
			t.Fatalf("output of %d bytes, result says %d", len(b), res.Size)
		}
		if rep := verifyBytes(t, b, VerifyOptions{Roots: pki.roots, At: testTime}); !rep.Signatures[0].Intact {
			t.Fatal(rep.Signatures[0].IntegrityErr)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			t.Errorf("%d entries in the directory, want in.pdf and out.pdf", len(entries))
		}
	})
}
