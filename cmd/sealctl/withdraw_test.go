package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWithdrawCLI: `requests --mine USER` lists that user's requests only;
// `withdraw` takes one back, says so on standard error, and an approval of it
// is then refused; someone else's request cannot be withdrawn; asking twice
// for the same stamp is refused naming the open request (issue 17, point 2).
func TestWithdrawCLI(t *testing.T) {
	home := procWorkspace(t)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	req := func(x string) result {
		return sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", x, "--y", "100")
	}
	first := req("100")
	id := strings.TrimSpace(first.stdout)
	if first.code != 0 || id == "" {
		t.Fatalf("request: %+v", first)
	}
	if again := req("100"); again.code != 1 || !strings.Contains(again.stderr, id) {
		t.Fatalf("the same request again: %+v", again)
	}
	if r := sealctl(t, "requests", "--home", home, "--mine", "custodian"); r.code != 0 || !strings.Contains(r.stdout, id) {
		t.Fatalf("requests --mine custodian: %+v", r)
	}
	if r := sealctl(t, "requests", "--home", home, "--mine", "approver"); r.code != 0 || strings.Contains(r.stdout, id) {
		t.Fatalf("requests --mine approver lists the custodian's: %+v", r)
	}
	if r := sealctl(t, "withdraw", "--home", home, "--as", "approver", id); r.code != 1 {
		t.Fatalf("withdrawn by someone else: %+v", r)
	}
	r := sealctl(t, "withdraw", "--home", home, "--as", "custodian", id)
	if r.code != 0 || !strings.Contains(r.stderr, "已撤回用印申请 "+id) || r.stdout != "" {
		t.Fatalf("withdraw: %+v", r)
	}
	if r := sealctl(t, "approve", "--home", home, "--as", "approver", id); r.code != 1 {
		t.Fatalf("approving a withdrawn request: %+v", r)
	}
	if r := sealctl(t, "requests", "--home", home, "--mine", "custodian"); !strings.Contains(r.stdout, "已撤回") {
		t.Fatalf("the list does not say withdrawn: %+v", r)
	}
}
