package main

import (
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/app"
)

// TestCommandsSayWhatTheyDid: a command that acts says so in a sentence on
// standard error, in the user's language; standard output keeps what scripts
// read (request and grant print their id alone). Under a two-approver rule,
// approve and requests say how many approvals there are of how many.
func TestCommandsSayWhatTheyDid(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	t.Setenv("SEALDESK_NEW_PASSWORD", "second-2026!")
	home := filepath.Join(t.TempDir(), "demo")
	step := func(args []string, stdout, stderr string) result {
		t.Helper()
		r := sealctl(t, args...)
		if r.code != 0 || (stdout != "*" && r.stdout != stdout) || !strings.Contains(r.stderr, stderr) {
			t.Fatalf("%v: %+v\nwant stdout %q, stderr containing %q", args, r, stdout, stderr)
		}
		return r
	}
	step([]string{"init-demo", "--home", home}, home+"\n", "演示工作区已建立："+home)
	step([]string{"user", "add", "--home", home, "--as", "admin", "--name", "approver2", "--roles", "approver"}, "", "已添加用户 approver2")
	step([]string{"rule", "--home", home, "--as", "admin", "--seal", "contract", "--required", "2"}, "", "印章“contract”的用印申请今后需要 2 人批准")
	r := step([]string{"grant", "--home", home, "--as", "admin", "--user", "custodian", "--seal", "finance", "--to", "2027-06-30"}, "*", "已授权 custodian 使用印章“finance”")
	gid := strings.TrimSpace(r.stdout)
	if r.stdout != gid+"\n" || !strings.Contains(r.stderr, "授权编号 "+gid) {
		t.Fatalf("grant must print its id alone: %+v", r)
	}
	step([]string{"grant", "withdraw", "--home", home, "--as", "admin", gid}, "", "已撤销授权 "+gid)

	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r = step([]string{"request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200"}, "*", "已提交用印申请 ")
	id := strings.TrimSpace(r.stdout)
	if r.stdout != id+"\n" || !strings.Contains(r.stderr, id) {
		t.Fatalf("request must print the id alone: %+v", r)
	}
	step([]string{"approve", "--home", home, "--as", "approver", id}, "", "已批准用印申请 "+id+"：1 / 2 人已批准，还需 1 人")
	step([]string{"requests", "--home", home}, "*", "")
	if r := sealctl(t, "requests", "--home", home); !strings.Contains(r.stdout, "待审批（1 / 2 人已批准）") {
		t.Fatalf("requests under a two-approver rule:\n%s", r.stdout)
	}
	if r := sealctl(t, "--lang", "en", "requests", "--home", home); !strings.Contains(r.stdout, "pending (1 / 2 approved)") {
		t.Fatalf("requests (en):\n%s", r.stdout)
	}
	t.Setenv("SEALDESK_PASSWORD", "second-2026!")
	step([]string{"--lang", "en", "approve", "--home", home, "--as", "approver2", id}, "", "stamp request "+id+" approved: 2 / 2 approvals, it may be stamped")
	t.Setenv("SEALDESK_PASSWORD", "demo")
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	step([]string{"stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out}, out+"\n", "已盖章，签章文件："+out)

	r = step([]string{"request", "--home", home, "--as", "custodian", "--seal", "finance", "--doc", doc, "--page", "1", "--x", "100", "--y", "200"}, "*", "")
	id2 := strings.TrimSpace(r.stdout)
	step([]string{"reject", "--home", home, "--as", "approver", "--comment", "金额有误", id2}, "", "已驳回申请 "+id2)
}

// TestCLIWordsAppInput: app reports an input error by code alone; sealctl
// words it with its own flags, as before app stopped naming them (issue 14),
// and exits 2 for it.
func TestCLIWordsAppInput(t *testing.T) {
	for code, want := range map[string]string{
		app.CodePrintDestination: "--out DIR or --printer NAME",
		app.CodeSealIDAlphabet:   "--id Bad! (a-z 0-9 - _)",
	} {
		err := app.NewError(code, nil, "Bad!")
		got, ok := cliArgument(err)
		if !ok || got != want {
			t.Errorf("%s: worded %q, want %q", code, got, want)
		}
		if exitCode(err) != exitBadInput {
			t.Errorf("%s: exit %d", code, exitCode(err))
		}
	}
	if _, ok := cliArgument(app.NewError(app.CodeNotPDF, nil, "x")); ok {
		t.Error("a code app words itself was reworded")
	}
}
