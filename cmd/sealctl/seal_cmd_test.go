package main

import (
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/seal"
)

type sealJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Code       string `json:"code"`
	Algorithm  string `json:"algorithm"`
	Status     string `json:"status"`
	Origin     string `json:"origin"`
	VendorID   string `json:"vendor_id"`
	Replaces   string `json:"replaces"`
	ReplacedBy string `json:"replaced_by"`
	Reason     string `json:"status_reason"`
	Events     []struct {
		Event string `json:"event"`
	} `json:"events"`
}

func decode[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &v) != nil {
		t.Fatalf("want JSON, got %+v", r)
	}
	return v
}

// TestSealLifecycleCLI runs make, list, show, export, verify, suspend, resume,
// revoke, reissue and import through sealctl, with the refusals a person sees.
func TestSealLifecycleCLI(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	as := []string{"--home", home, "--as", "admin"}
	seal_ := func(args ...string) result { return sealctl(t, append([]string{"seal"}, args...)...) }

	// make
	made := decode[sealJSON](t, seal_(append([]string{"make", "--kind", "business", "--purpose", "报关专用章", "--alg", "ECDSA-P256", "--json"}, as...)...))
	if made.Status != "active" || made.Origin != "made" || made.Algorithm != "ECDSA-P256" || made.Name != "示例科技有限公司报关专用章" || len(made.Code) != 13 {
		t.Fatalf("made %+v", made)
	}
	r := seal_(append([]string{"make", "--kind", "contract", "--code", made.Code}, as...)...)
	if r.code != exitRefused || !strings.Contains(r.stderr, made.Code) || !strings.Contains(r.stderr, "不能重复") {
		t.Fatalf("duplicate code: %+v", r)
	}
	r = sealctl(t, append([]string{"--lang", "en", "seal", "make", "--kind", "contract", "--code", made.Code}, as...)...)
	if r.code != exitRefused || !strings.Contains(r.stderr, "already used by the seal") {
		t.Fatalf("duplicate code (en): %+v", r)
	}
	if r := seal_("make", "--home", home, "--as", "custodian", "--kind", "contract"); r.code != exitRefused || !strings.Contains(r.stderr, "admin") {
		t.Fatalf("make as custodian: %+v", r)
	}
	if r := seal_(append([]string{"make", "--kind", "contract", "--color", "green"}, as...)...); r.code != exitBadInput {
		t.Fatalf("bad colour: %+v", r)
	}
	small := decode[sealJSON](t, seal_(append([]string{"make", "--kind", "contract", "--width", "36", "--height", "36", "--color", "blue", "--no-star", "--json"}, as...)...))

	// issue to the custodian, who collects it; nothing is due for revocation yet
	if r := seal_(append([]string{"issue", "--to", "custodian", small.ID}, as...)...); r.code != 0 || !strings.Contains(r.stdout, "已发放给 custodian") {
		t.Fatalf("issue: %+v", r)
	}
	if r := seal_("collect", "--home", home, "--as", "approver", small.ID); r.code != exitRefused {
		t.Fatalf("collect by an approver: %+v", r)
	}
	if r := seal_("collect", "--home", home, "--as", "custodian", small.ID); r.code != 0 || !strings.Contains(r.stdout, "已领取") {
		t.Fatalf("collect: %+v", r)
	}
	if r := seal_(append([]string{"sweep"}, as...)...); r.code != 0 || !strings.Contains(r.stdout, "已注销 0 枚") {
		t.Fatalf("sweep: %+v", r)
	}

	// list
	list := decode[[]sealJSON](t, seal_("list", "--home", home, "--json"))
	if len(list) != 7 || list[5].ID != made.ID || list[6].ID != small.ID {
		t.Fatalf("list: %+v", list)
	}
	if r := seal_("list", "--home", home); r.code != 0 || !strings.Contains(r.stdout, "本工作区制作") || !strings.Contains(r.stdout, "报关专用章") {
		t.Fatalf("list table:\n%+v", r)
	}

	// export, then verify the exported file with `sealctl verify`: a valid V4 seal.
	out := filepath.Join(t.TempDir(), "customs.esl")
	if r := seal_(append([]string{"export", "--out", out, made.ID}, as...)...); r.code != 0 || !strings.Contains(r.stdout, out) {
		t.Fatalf("export: %+v", r)
	}
	rep := decode[struct {
		Kind           string `json:"kind"`
		Valid          bool   `json:"valid"`
		Version        int    `json:"version"`
		MakerSignature string `json:"maker_signature"`
		Code           string `json:"code"`
	}](t, sealctl(t, "verify", "--json", out))
	if rep.Kind != "seal" || !rep.Valid || rep.Version != 4 || rep.MakerSignature != "valid" || rep.Code != made.Code {
		t.Fatalf("verify exported seal: %+v", rep)
	}
	if r := seal_(append([]string{"export", "--out", out, made.ID}, as...)...); r.code != exitBadInput || !strings.Contains(r.stderr, "不会覆盖") {
		t.Fatalf("export over a file: %+v", r)
	}

	// suspend, resume, revoke
	if r := seal_(append([]string{"suspend", "--reason", "核查", made.Code}, as...)...); r.code != 0 || !strings.Contains(r.stdout, "已暂停") {
		t.Fatalf("suspend: %+v", r)
	}
	if s := decode[sealJSON](t, seal_("show", "--home", home, "--json", made.ID)); s.Status != "suspended" || s.Reason != "核查" {
		t.Fatalf("after suspend: %+v", s)
	}
	if r := seal_(append([]string{"resume", made.ID}, as...)...); r.code != 0 {
		t.Fatalf("resume: %+v", r)
	}
	if r := seal_(append([]string{"revoke", made.ID}, as...)...); r.code != exitRefused || !strings.Contains(r.stderr, "必须说明理由") {
		t.Fatalf("revoke without a reason: %+v", r)
	}
	if r := seal_(append([]string{"revoke", "--reason", "业务调整", made.ID}, as...)...); r.code != 0 {
		t.Fatalf("revoke: %+v", r)
	}
	if r := sealctl(t, append([]string{"--lang", "en", "seal", "resume", made.ID}, as...)...); r.code != exitRefused || !strings.Contains(r.stderr, "revocation is final") {
		t.Fatalf("resume a revoked seal: %+v", r)
	}
	s := decode[sealJSON](t, seal_("show", "--home", home, "--json", made.ID))
	var events []string
	for _, e := range s.Events {
		events = append(events, e.Event)
	}
	if s.Status != "revoked" || strings.Join(events, " ") != "make export suspend resume revoke" {
		t.Fatalf("history: %s %v", s.Status, events)
	}
	if r := seal_("show", "--home", home, made.ID); r.code != 0 || !strings.Contains(r.stdout, "注销") || !strings.Contains(r.stdout, "业务调整") {
		t.Fatalf("show:\n%+v", r)
	}

	// reissue after the legal representative changed
	re := decode[sealJSON](t, seal_(append([]string{"reissue", "--holder", "王建国", "--reason", "法定代表人变更", "--json", "legal-rep"}, as...)...))
	if re.Name != "王建国" || re.Replaces != "legal-rep" || re.Kind != "legal-rep" {
		t.Fatalf("reissue: %+v", re)
	}
	if old := decode[sealJSON](t, seal_("show", "--home", home, "--json", "legal-rep")); old.Status != "revoked" || old.ReplacedBy != re.ID {
		t.Fatalf("old seal after reissue: %+v", old)
	}

	// import the exported seal into a second workspace, bound to its own key
	home2 := filepath.Join(t.TempDir(), "other")
	if r := sealctl(t, "init-demo", "--home", home2); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	data, _ := os.ReadFile(out)
	sd, err := seal.Parse(data)
	if err != nil || len(sd.Certs) != 1 {
		t.Fatalf("exported seal: %v", err)
	}
	certFile := filepath.Join(t.TempDir(), "holder.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: sd.Certs[0]}), 0o600)
	as2 := []string{"--home", home2, "--as", "admin"}
	wrongKey := filepath.Join(home, "keys", "finance.key")
	if r := seal_(append([]string{"import", "--file", out, "--cert", certFile, "--key", wrongKey}, as2...)...); r.code != exitRefused || !strings.Contains(r.stderr, "不一致") {
		t.Fatalf("import with another key: %+v", r)
	}
	notListed := filepath.Join(t.TempDir(), "finance.pem")
	finOut := filepath.Join(t.TempDir(), "finance.esl")
	if r := seal_(append([]string{"export", "--out", finOut, "finance"}, as...)...); r.code != 0 {
		t.Fatalf("export finance: %+v", r)
	}
	finData, _ := os.ReadFile(finOut)
	finSD, _ := seal.Parse(finData)
	os.WriteFile(notListed, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: finSD.Certs[0]}), 0o600)
	if r := sealctl(t, append([]string{"--lang", "en", "seal", "import", "--file", out, "--cert", notListed, "--key", wrongKey}, as2...)...); r.code != exitRefused || !strings.Contains(r.stderr, "is not in the certificate list") {
		t.Fatalf("import with an unlisted certificate: %+v", r)
	}
	key := filepath.Join(home, "keys", made.ID+".key")
	imp := decode[sealJSON](t, seal_(append([]string{"import", "--file", out, "--cert", certFile, "--key", key, "--json"}, as2...)...))
	if imp.Origin != "imported" || imp.Code != made.Code || imp.VendorID != "SealDesk" || imp.Status != "active" {
		t.Fatalf("import: %+v", imp)
	}
	if r := seal_(append([]string{"import", "--file", out, "--cert", certFile, "--key", key}, as2...)...); r.code != exitRefused || !strings.Contains(r.stderr, "不能重复") {
		t.Fatalf("import twice: %+v", r)
	}
	if r := seal_("import", "--home", home2, "--as", "admin", "--file", out); r.code != exitBadInput {
		t.Fatalf("import without --cert: %+v", r)
	}

	for _, h := range []string{home, home2} {
		if r := sealctl(t, "ledger", "verify", "--home", h); r.code != 0 {
			t.Fatalf("ledger verify: %+v", r)
		}
	}
	r = sealctl(t, "ledger", "--home", home, "--json", "--seal", made.ID)
	kinds := map[string]bool{}
	for _, e := range decode[[]struct {
		Kind string `json:"kind"`
	}](t, r) {
		kinds[e.Kind] = true
	}
	for _, k := range []string{"seal.make", "seal.export", "seal.suspend", "seal.resume", "seal.revoke"} {
		if !kinds[k] {
			t.Errorf("no %s entry in the ledger: %v", k, kinds)
		}
	}
}

func TestSealUsage(t *testing.T) {
	if r := sealctl(t, "seal"); r.code != 0 || !strings.Contains(r.stdout, "seal reissue") {
		t.Fatalf("seal usage: %+v", r)
	}
	if r := sealctl(t, "seal", "frobnicate"); r.code != exitBadInput {
		t.Fatalf("unknown seal command: %+v", r)
	}
}
