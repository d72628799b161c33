package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// auditHome makes a demo workspace with one stamped request and one refusal.
func auditHome(t *testing.T) (home, id, stamped string) {
	t.Helper()
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home = filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r := sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "销售合同")
	id = strings.TrimSpace(r.stdout)
	stamped = filepath.Join(t.TempDir(), "stamped.pdf")
	sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", stamped) // refused: not approved
	if r := sealctl(t, "approve", "--home", home, "--as", "approver", "--comment", "同意", id); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", stamped); r.code != 0 {
		t.Fatalf("stamp: %+v", r)
	}
	return home, id, stamped
}

// TestLedgerExportFormats: the ledger filtered by seal, user, kind, outcome,
// date and document hash (before or after stamping), as CSV (BOM, header,
// RFC 4180) and JSON, written atomically to a new file, never over one.
func TestLedgerExportFormats(t *testing.T) {
	home, id, _ := auditHome(t)
	csvPath := filepath.Join(t.TempDir(), "stamps.csv")
	r := sealctl(t, "ledger", "--home", home, "--kind", "stamp", "--format", "csv", "--out", csvPath)
	if r.code != 0 || !strings.Contains(r.stderr, "已导出 2 条") {
		t.Fatalf("ledger --format csv --out: %+v", r)
	}
	b, _ := os.ReadFile(csvPath)
	if !strings.HasPrefix(string(b), "\ufeff") {
		t.Fatal("CSV without a byte-order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"seq", "at", "actor", "kind", "outcome", "seal_name", "doc_hash", "out_hash", "workstation", "ip", "hash"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("CSV lacks column %s: %v", h, rows[0])
		}
	}
	if rows[1][col["outcome"]] != "refused" || rows[2][col["outcome"]] != "ok" || rows[2][col["request_id"]] != id ||
		rows[2][col["seal_name"]] != "示例科技有限公司合同专用章" || len(rows[2][col["out_hash"]]) != 64 {
		t.Fatalf("CSV rows %v", rows[1:])
	}
	if r := sealctl(t, "ledger", "--home", home, "--format", "csv", "--out", csvPath); r.code == 0 || !strings.Contains(r.stderr, "已存在") {
		t.Fatalf("ledger --out over an existing file: %+v", r)
	}

	decode := func(args ...string) []map[string]any {
		t.Helper()
		r := sealctl(t, append([]string{"ledger", "--home", home, "--format", "json"}, args...)...)
		var es []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &es); err != nil || r.code != 0 {
			t.Fatalf("ledger %v: %v %+v", args, err, r)
		}
		return es
	}
	if es := decode("--outcome", "refused", "--user", "custodian"); len(es) != 1 || es[0]["kind"] != "stamp" {
		t.Fatalf("refused entries of custodian: %v", es)
	}
	docHash := decode("--kind", "request")[0]["doc_hash"].(string)
	outHash := decode("--kind", "stamp", "--outcome", "ok")[0]["out_hash"].(string)
	if es := decode("--doc-hash", docHash, "--seal", "contract"); len(es) != 5 { // request, approve, stamp.start, stamp, one refusal
		t.Fatalf("entries of the original document: %d", len(es))
	}
	if es := decode("--doc-hash", outHash); len(es) != 1 || es[0]["kind"] != "stamp" {
		t.Fatalf("entries of the stamped document: %v", es)
	}
	if es := decode("--from", "2000-01-01", "--to", "2000-12-31"); len(es) != 0 {
		t.Fatalf("%d entries in 2000", len(es))
	}
	if r := sealctl(t, "ledger", "--home", home, "--format", "xml"); r.code != 2 {
		t.Fatalf("--format xml: %+v", r)
	}
}

// TestSettingsCLI: settings are shown to anyone, changed only by an
// administrator, and never below the retention minimums.
func TestSettingsCLI(t *testing.T) {
	home, _, _ := auditHome(t)
	r := sealctl(t, "settings", "--home", home)
	if r.code != 0 || !strings.Contains(r.stdout, "空闲自动退出：10 分钟") || !strings.Contains(r.stdout, "签章记录保存：60 个月") {
		t.Fatalf("settings: %+v", r)
	}
	if r := sealctl(t, "settings", "set", "--home", home, "--as", "admin", "--evidence-months", "24"); r.code != 1 || !strings.Contains(r.stderr, "最短期限 60 个月") {
		t.Fatalf("evidence below the minimum: %+v", r)
	}
	if r := sealctl(t, "--lang", "en", "settings", "set", "--home", home, "--as", "admin", "--operation-logs-months", "3"); r.code != 1 || !strings.Contains(r.stderr, "minimum of 6 months") {
		t.Fatalf("operation logs below the minimum: %+v", r)
	}
	if r := sealctl(t, "settings", "set", "--home", home, "--as", "auditor", "--idle-minutes", "5"); r.code == 0 {
		t.Fatalf("auditor changed a setting: %+v", r)
	}
	r = sealctl(t, "settings", "set", "--home", home, "--as", "admin", "--idle-minutes", "5", "--operation-logs-months", "12", "--evidence-months", "120", "--usb-vendors", "1d99 本单位密钥", "--json")
	var got struct {
		IdleMinutes int `json:"idle_minutes"`
		Retention   struct {
			Ops      int `json:"operation_log_months"`
			Evidence int `json:"evidence_months"`
		} `json:"retention"`
		USBVendors []struct{ ID, Name string } `json:"usb_vendors"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 {
		t.Fatalf("settings set: %v %+v", err, r)
	}
	found := false
	for _, v := range got.USBVendors {
		found = found || v.ID == "1d99" && v.Name == "本单位密钥"
	}
	if got.IdleMinutes != 5 || got.Retention.Ops != 12 || got.Retention.Evidence != 120 || !found {
		t.Fatalf("settings after set: %+v", got)
	}
	es := sealctl(t, "ledger", "--home", home, "--kind", "settings", "--format", "json")
	var entries []map[string]any
	json.Unmarshal([]byte(es.stdout), &entries)
	if len(entries) != 6 { // 3 refused (2 minimums, 1 role) + 3 changes
		t.Fatalf("%d settings entries: %s", len(entries), es.stdout)
	}
}

// TestLedgerArchiveCLI: on a workspace made five and a half years ago the
// demo's first entries are past retention and move to a signed archive that
// headquarters imports; the ledger still verifies; on a fresh workspace
// nothing may be archived yet and the message says until when.
func TestLedgerArchiveCLI(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	home := filepath.Join(t.TempDir(), "old")
	var out, errb strings.Builder
	old := &cli{stdout: &out, stderr: &errb, lang: "zh-CN", now: func() time.Time { return time.Now().AddDate(-5, -6, 0) }}
	if code := old.run(context.Background(), []string{"init-demo", "--home", home}); code != 0 {
		t.Fatalf("init-demo in the past: %s", errb.String())
	}
	archive := filepath.Join(t.TempDir(), "archive.json")
	tomorrow := time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
	r := sealctl(t, "ledger", "archive", "--home", home, "--as", "auditor", "--before", tomorrow, "--out", archive, "--json")
	var res struct{ First, Last int64 }
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || res.First != 1 || res.Last < 10 {
		t.Fatalf("archive: %v %+v", err, r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify after the archive: %+v", r)
	}
	hq := filepath.Join(t.TempDir(), "hq")
	sealctl(t, "init-demo", "--home", hq)
	trustRoots(t, hq, home)
	if r := sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", archive); r.code != 0 {
		t.Fatalf("import the archive at headquarters: %+v", r)
	}

	fresh, _, _ := auditHome(t)
	r = sealctl(t, "ledger", "archive", "--home", fresh, "--as", "auditor", "--before", tomorrow, "--out", filepath.Join(t.TempDir(), "a.json"))
	if r.code != 1 || !strings.Contains(r.stderr, "保存期限至") {
		t.Fatalf("archive of a fresh workspace: %+v", r)
	}
}
