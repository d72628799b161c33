package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

type result struct {
	code           int
	stdout, stderr string
}

func sealctl(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, lang: "zh-CN", now: time.Now}
	code := c.run(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

func vectors(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../../../shared/vectors")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the shared test vectors are not beside the project (%s): %v", dir, err)
	}
	return dir
}

// TestTour walks the README's command-line tour in process and checks what
// each step says and refuses (TestReadmeRuns runs the README's blocks
// themselves, as written).
func TestTour(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	if r := sealctl(t, "init-demo", "--home", home); r.code == 0 {
		t.Fatal("init-demo over an existing workspace succeeded")
	}

	r := sealctl(t, "seals", "--home", home, "--json")
	var seals []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &seals); err != nil || r.code != 0 {
		t.Fatalf("seals --json: %v %+v", err, r)
	}
	algs := map[string]bool{}
	for _, s := range seals {
		for _, k := range []string{"id", "name", "kind", "algorithm", "status"} {
			if s[k] == nil || s[k] == "" {
				t.Errorf("seal %v lacks %s", s, k)
			}
		}
		algs[s["algorithm"].(string)] = true
	}
	if len(seals) != 5 || !algs["SM2"] || !algs["ECDSA-P256"] {
		t.Fatalf("seals: %v", seals)
	}
	if r := sealctl(t, "seals", "--home", home); !strings.Contains(r.stdout, "合同专用章") || !strings.Contains(r.stdout, "启用") {
		t.Fatalf("seals table:\n%s", r.stdout)
	}

	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r = sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "2", "--x", "60", "--y", "90", "--reason", "销售合同")
	id := strings.TrimSpace(r.stdout)
	if r.code != 0 || id == "" || strings.ContainsAny(id, " \n") || r.stdout != id+"\n" {
		t.Fatalf("request must print the id alone: %+v", r)
	}
	out := filepath.Join(t.TempDir(), "stamped.pdf")

	// Before approval: refused, nothing written, reason in Chinese and, with --lang en, in English.
	r = sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
	if r.code == 0 || !strings.Contains(r.stderr, "尚未获批") {
		t.Fatalf("stamp before approval: %+v", r)
	}
	r = sealctl(t, "--lang", "en", "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
	if r.code == 0 || !strings.Contains(r.stderr, "has not been approved") {
		t.Fatalf("stamp before approval (en): %+v", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("output written without approval")
	}

	if r := sealctl(t, "approve", "--home", home, "--as", "approver", id); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
		t.Fatalf("stamp: %+v", r)
	}
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out+".2"); r.code == 0 || !strings.Contains(r.stderr, "已使用") {
		t.Fatalf("second stamp with one approval: %+v", r)
	}

	r = sealctl(t, "verify", "--json", "--home", home, out)
	var rep struct {
		Kind       string `json:"kind"`
		Valid      bool   `json:"valid"`
		Signatures []struct {
			Integrity           string `json:"integrity"`
			CoversWholeDocument bool   `json:"covers_whole_document"`
			ModifiedAfter       bool   `json:"modified_after"`
			Trust               string `json:"trust"`
			Signer              string `json:"signer"`
			SealName            string `json:"seal_name"`
			Algorithm           string `json:"algorithm"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("verify --json: %v %+v", err, r)
	}
	s := rep.Signatures[0]
	if rep.Kind != "pdf" || !rep.Valid || s.Integrity != "valid" || !s.CoversWholeDocument || s.ModifiedAfter || s.Trust != "trusted" ||
		s.Signer == "" || s.SealName != "示例科技有限公司合同专用章" || s.Algorithm != "ECDSA-P256" {
		t.Fatalf("verify report: %s", r.stdout)
	}
	if r := sealctl(t, "verify", out); r.code != 0 || !strings.Contains(r.stdout, "未知") {
		t.Fatalf("verify without anchors: %+v", r)
	}

	// Tampering: one byte inside the signed range → exit 1.
	data, _ := os.ReadFile(out)
	i := bytes.Index(data, []byte("Party B"))
	data[i] = 'p'
	tampered := filepath.Join(t.TempDir(), "tampered.pdf")
	os.WriteFile(tampered, data, 0o600)
	if r := sealctl(t, "verify", tampered); r.code != 1 || !strings.Contains(r.stdout, "无效") {
		t.Fatalf("verify tampered: %+v", r)
	}
	junk := filepath.Join(t.TempDir(), "junk.bin")
	os.WriteFile(junk, []byte("hello"), 0o600)
	if r := sealctl(t, "verify", junk); r.code != 2 || !strings.Contains(r.stderr, "无法识别") {
		t.Fatalf("verify junk: %+v", r)
	}

	// The ledger lists every step and its chain is intact.
	r = sealctl(t, "ledger", "--home", home, "--json")
	var entries []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &entries); err != nil {
		t.Fatal(err)
	}
	kinds := []string{}
	for _, e := range entries {
		if e["request_id"] == id {
			kinds = append(kinds, e["kind"].(string)+"/"+e["outcome"].(string))
		}
	}
	want := "request/ok stamp/refused stamp/refused approve/ok stamp.start/ok stamp/ok stamp/refused" // stamp.start: the reservation (issue 11)
	if strings.Join(kinds, " ") != want {
		t.Fatalf("ledger for %s: %v, want %s", id, kinds, want)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify: %+v", r)
	}
	db, err := sql.Open("sqlite3", filepath.Join(home, "workspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE ledger SET outcome = 'ok' WHERE seq = (SELECT max(seq) FROM ledger)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r = sealctl(t, "ledger", "verify", "--home", home)
	if r.code != 1 || !strings.Contains(r.stderr, "第") {
		t.Fatalf("ledger verify after tampering: %+v", r)
	}
}

func TestVerifyVectors(t *testing.T) {
	dir := vectors(t)
	tests := []struct {
		file    string
		code    int
		version int
		maker   string
	}{
		{"ofdrw/UserV1.esl", 0, 1, "valid"},
		{"ofdrw/UserV4.esl", 0, 4, "valid"},
		{"ofdrw/UserV5.esl", 0, 4, "valid"}, // header says 5, but it has 4 fields and no timestamp: told apart by structure
		{"ofdrw/SESealData.DER", 1, 4, "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			r := sealctl(t, "verify", "--json", filepath.Join(dir, tc.file))
			var rep map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("%v: %+v", err, r)
			}
			if r.code != tc.code || rep["kind"] != "seal" || rep["maker_signature"] != tc.maker || int(rep["version"].(float64)) != tc.version ||
				rep["name"] == "" || rep["valid_from"] == nil || rep["valid_to"] == nil {
				t.Fatalf("exit %d, report %v", r.code, rep)
			}
		})
	}
	// A document signature file: the signature over TBS_Sign verifies.
	r := sealctl(t, "verify", "--json", filepath.Join(dir, "ofdrw/SignedValueV4.dat"))
	if r.code != 0 || !strings.Contains(r.stdout, `"kind": "signature"`) {
		t.Fatalf("SignedValueV4.dat: %+v", r)
	}
}

func TestBadInputExitCodes(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatal(r)
	}
	notPDF := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(notPDF, []byte("plain text"), 0o600)
	r := sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", notPDF, "--page", "1", "--x", "100", "--y", "100")
	if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, "不是 PDF") {
		t.Fatalf("not a PDF: %+v", r)
	}
	r = sealctl(t, "request", "--home", filepath.Join(t.TempDir(), "none"), "--as", "custodian", "--seal", "contract", "--doc", notPDF, "--page", "1")
	if r.code != 2 || !strings.Contains(r.stderr, "工作区不存在") {
		t.Fatalf("no workspace: %+v", r)
	}
	if r := sealctl(t, "frobnicate"); r.code != 2 {
		t.Fatalf("unknown command: %+v", r)
	}
}
