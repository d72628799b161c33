package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestGrantAndRuleCLI: an approval rule of two named approvers, set by the
// admin; a grant listed and withdrawn, after which the custodian is refused.
func TestGrantAndRuleCLI(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatal(r)
	}
	if r := sealctl(t, "rule", "--home", home, "--as", "admin", "--seal", "contract", "--required", "2", "--approvers", "approver"); r.code != 1 || !strings.Contains(r.stderr, "审批规则无效") {
		t.Fatalf("2 of 1 named approvers: %+v", r)
	}
	if r := sealctl(t, "grant", "--home", home, "--as", "custodian", "--user", "custodian", "--seal", "contract"); r.code != 1 {
		t.Fatalf("grant by a custodian: %+v", r)
	}
	r := sealctl(t, "grant", "list", "--home", home)
	if r.code != 0 || strings.Count(r.stdout, "custodian") != 5 {
		t.Fatalf("grant list: %+v", r)
	}
	id := strings.Fields(strings.Split(r.stdout, "\n")[2])[0] // the contract seal's grant, after the header
	if r := sealctl(t, "grant", "withdraw", "--home", home, "--as", "admin", id); r.code != 0 {
		t.Fatalf("withdraw: %+v", r)
	}
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r = sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200")
	if r.code != 1 || !strings.Contains(r.stderr, "未获授权") {
		t.Fatalf("request after withdrawal: %+v", r)
	}
	if r := sealctl(t, "grant", "--home", home, "--as", "admin", "--user", "custodian", "--seal", "contract", "--to", "2099-01-01"); r.code != 1 || !strings.Contains(r.stderr, "授权期限无效") {
		t.Fatalf("grant past 3 years: %+v", r)
	}
}
