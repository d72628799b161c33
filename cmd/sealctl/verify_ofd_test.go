package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sealctl verify on OFD: the MANIFEST verdicts with the PDF exit codes and JSON shape.
func TestVerifyOFD(t *testing.T) {
	v := vectors(t)
	bomb := filepath.Join(t.TempDir(), "bomb.ofd")
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("OFD.xml")
	w.Write(bytes.Repeat([]byte(" "), 8<<20))
	zw.Close()
	if err := os.WriteFile(bomb, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file  string
		code  int
		valid bool
		sigs  int
		want  string // in the text output
	}{
		{filepath.Join(v, "ofdrw", "signedFile.ofd"), 0, true, 1, "国家税务总局江苏省税务局"},
		{filepath.Join(v, "ofd.js", "999.ofd"), 0, true, 1, "覆盖整个文档"},
		{filepath.Join(v, "ofd.js", "n.ofd"), 1, false, 1, "无效"},
		{filepath.Join(v, "ofdrw", "DigitalSign.ofd"), 1, false, 1, "no certificate"},
		{bomb, 2, false, 0, ""},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			r := sealctl(t, "verify", "--json", tc.file)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d: %+v", r.code, tc.code, r)
			}
			if tc.code == 2 {
				if !strings.Contains(r.stderr, "压缩炸弹") {
					t.Errorf("stderr %q does not say why", r.stderr)
				}
				return
			}
			var rep struct {
				Kind       string
				Valid      bool
				Signatures []struct {
					Field, Integrity, Trust, Signer string
					Page                            int
					SealCheck                       string `json:"seal_check"`
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Kind != "ofd" || rep.Valid != tc.valid || len(rep.Signatures) != tc.sigs {
				t.Fatalf("report %+v", rep)
			}
			if tc.valid && (rep.Signatures[0].SealCheck != "valid" || rep.Signatures[0].Trust != "unknown") {
				t.Errorf("signature %+v", rep.Signatures[0])
			}
			text := sealctl(t, "verify", tc.file)
			if text.code != tc.code || !strings.Contains(text.stdout, tc.want) {
				t.Errorf("text output lacks %q:\n%s", tc.want, text.stdout)
			}
		})
	}
}

// With the workspace's anchors, a vendor OFD whose signer does not chain to
// them is untrusted: exit 1, as for PDF.
func TestVerifyOFDUntrusted(t *testing.T) {
	v := vectors(t)
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	r := sealctl(t, "verify", "--home", home, filepath.Join(v, "ofdrw", "signedFile.ofd"))
	if r.code != 1 || !strings.Contains(r.stdout, "certificate chain") {
		t.Fatalf("%+v", r)
	}
}
