package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"sealdesk/assets"
)

// sealctlLang runs sealctl in-process in lang.
func sealctlLang(t *testing.T, lang string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, lang: lang, now: time.Now}
	code := c.run(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

// rawFlagOutput is what Go's flag package prints by itself.
var rawFlagOutput = regexp.MustCompile(`Usage of |(?m)^\s+-[a-z-]+ (string|int|float)|flag provided but not defined|flag needs an argument|invalid value "|invalid boolean`)

// hasExample reports whether help has an example section whose first line runs cmd.
func hasExample(help, lang, cmd string) bool {
	head := "\n示例：\n"
	if lang == assets.LangEN {
		head = "\nExamples:\n"
	}
	_, ex, ok := strings.Cut(help, head)
	if !ok {
		return false
	}
	first, _, _ := strings.Cut(ex, "\n")
	return strings.Contains(first, "sealctl "+cmd) || (cmd == "version" && strings.Contains(first, "sealctl --version"))
}

// TestHelpEveryCommand: every top-level command has its own help, asked for
// in any of the ways people type, in the user's language, on standard output
// with exit 0, with an example; Go's raw flag list never shows.
func TestHelpEveryCommand(t *testing.T) {
	names := []string{"version"}
	for n := range (&cli{}).commands() {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) < 22 {
		t.Fatalf("only %d commands: %v", len(names), names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			texts := map[string]string{}
			for _, lang := range []string{assets.LangZH, assets.LangEN} {
				var first string
				for _, args := range [][]string{{"help", name}, {name, "--help"}, {name, "-h"}, {name, "-help"}, {"--lang", lang, name, "--help"}} {
					r := sealctlLang(t, lang, args...)
					if r.code != exitOK || r.stderr != "" {
						t.Fatalf("%s %v: %+v", lang, args, r)
					}
					if !strings.HasPrefix(r.stdout, "sealctl "+name+" - ") {
						t.Errorf("%s %v does not start with the command's name:\n%s", lang, args, r.stdout)
					}
					if !hasExample(r.stdout, lang, name) {
						t.Errorf("%s %v has no example running sealctl %s:\n%s", lang, args, name, r.stdout)
					}
					if rawFlagOutput.MatchString(r.stdout) {
						t.Errorf("%s %v shows Go's raw flag output:\n%s", lang, args, r.stdout)
					}
					if first == "" {
						first = r.stdout
					} else if r.stdout != first {
						t.Errorf("%s %v differs from sealctl help %s", lang, args, name)
					}
				}
				texts[lang] = first
			}
			if texts[assets.LangZH] == texts[assets.LangEN] {
				t.Error("the Chinese and English help are the same")
			}
			if !strings.Contains(texts[assets.LangZH], "用法") || !strings.Contains(texts[assets.LangEN], "Usage") {
				t.Error("a help lacks its usage heading")
			}
		})
	}
}

// TestHelpAfterSubcommand: --help after a subcommand (or among other flags)
// prints the help of the command, not a parse error.
func TestHelpAfterSubcommand(t *testing.T) {
	for _, args := range [][]string{
		{"ledger", "verify", "--help"}, {"seal", "make", "--kind", "finance", "-h"}, {"user", "add", "-help"},
		{"keys", "pin", "change", "--help"}, {"grant", "list", "--help"}, {"audit", "report", "--help"},
		{"stamp", "--home", "x", "--help"}, {"seal", "help"}, {"user"},
	} {
		r := sealctl(t, args...)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "sealctl "+args[0]+" - ") || r.stderr != "" {
			t.Errorf("%v: %+v", args, r)
		}
	}
	// The general help lists every command and says how to get each one's.
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		for _, args := range [][]string{nil, {"help"}, {"--help"}, {"-h"}} {
			r := sealctlLang(t, lang, args...)
			if r.code != exitOK || !strings.Contains(r.stdout, "sealctl help") {
				t.Fatalf("%s %v: %+v", lang, args, r)
			}
			for n := range (&cli{}).commands() {
				if !strings.Contains(r.stdout, "\n  "+n+" ") {
					t.Errorf("%s general help does not list %s", lang, n)
				}
			}
		}
	}
}

// TestUsageErrors: flag errors, unknown commands and missing flags are said
// from the catalog, name the flag or command, point to the command's help
// and exit 2; Go's own English messages and usage never show.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		zh, en string // in standard error
		help   string // the command whose help it points to; "" for the general help
	}{
		{"unknown flag", []string{"stamp", "-x"}, "未知参数：--x", "unknown flag: --x", "stamp"},
		{"unknown long flag", []string{"ledger", "verify", "--fast"}, "未知参数：--fast", "unknown flag: --fast", "ledger"},
		{"flag needs a value", []string{"request", "--page"}, "参数 --page 需要一个值", "flag --page needs a value", "request"},
		{"invalid int", []string{"request", "--page", "two"}, `参数 --page 的值无效："two"`, `invalid value for flag --page: "two"`, "request"},
		{"invalid bool", []string{"verify", "--json=maybe", "f.pdf"}, `参数 --json 的值无效："maybe"`, `invalid value for flag --json: "maybe"`, "verify"},
		{"invalid float", []string{"request", "--x", "left"}, `参数 --x 的值无效："left"`, `invalid value for flag --x: "left"`, "request"},
		{"unknown command", []string{"stmap"}, "未知命令：stmap", "unknown command: stmap", ""},
		{"help of unknown command", []string{"help", "stmap"}, "未知命令：stmap", "unknown command: stmap", ""},
		{"unknown subcommand", []string{"seal", "frobnicate"}, "未知的子命令：seal frobnicate", "unknown subcommand: seal frobnicate", "seal"},
		{"unknown trust subcommand", []string{"trust", "remove"}, "未知的子命令：trust remove", "unknown subcommand: trust remove", "trust"},
		{"missing --page", []string{"request", "--home", "h", "--as", "u", "--seal", "contract", "--doc", "a.pdf"}, "缺少必需的参数 --page", "missing required flag --page", "request"},
		{"missing --seal", []string{"request", "--home", "h", "--as", "u"}, "缺少必需的参数 --seal", "missing required flag --seal", "request"},
		{"missing --request", []string{"stamp", "--home", "h", "--as", "u", "--out", "o.pdf"}, "缺少必需的参数 --request", "missing required flag --request", "stamp"},
		{"missing --out", []string{"stamp", "--home", "h", "--as", "u", "--request", "1"}, "缺少必需的参数 --out", "missing required flag --out", "stamp"},
		{"missing --home", []string{"requests"}, "缺少必需的参数 --home", "missing required flag --home", "requests"},
		{"missing --as", []string{"approve", "--home", "h", "1"}, "缺少必需的参数 --as", "missing required flag --as", "approve"},
		{"missing ID", []string{"approve", "--home", "h", "--as", "approver"}, "缺少必需的参数 request ID", "missing required argument request ID", "approve"},
		{"extra argument", []string{"reject", "--home", "h", "--as", "approver", "1", "2"}, "多余的参数：2", "unexpected arguments: 2", "reject"},
		{"missing FILE", []string{"verify"}, "缺少必需的参数 FILE", "missing required argument FILE", "verify"},
		{"report needs home", []string{"verify", "--report", "r.pdf", "f.pdf"}, "参数 --report 需要同时指定 --home", "flag --report requires --home", "verify"},
		{"missing --user", []string{"grant", "--home", "h", "--as", "admin", "--seal", "finance"}, "缺少必需的参数 --user", "missing required flag --user", "grant"},
		{"missing rule --seal", []string{"rule", "--home", "h", "--as", "admin", "--required", "2"}, "缺少必需的参数 --seal", "missing required flag --seal", "rule"},
		{"missing --doc", []string{"print-request", "--home", "h", "--as", "printer"}, "缺少必需的参数 --doc", "missing required flag --doc", "print-request"},
		{"missing audit --from", []string{"audit", "report", "--home", "h", "--as", "auditor", "--out", "a.pdf"}, "缺少必需的参数 --from", "missing required flag --from", "audit"},
		{"missing seal --kind", []string{"seal", "make", "--home", "h", "--as", "admin"}, "缺少必需的参数 --kind", "missing required flag --kind", "seal"},
		{"missing user --roles", []string{"user", "add", "--home", "h", "--as", "admin", "--name", "zhouli"}, "缺少必需的参数 --roles", "missing required flag --roles", "user"},
		{"missing keys --key", []string{"keys", "pin", "change"}, "缺少必需的参数 --key", "missing required flag --key", "keys"},
		{"missing init-demo --home", []string{"init-demo"}, "缺少必需的参数 --home", "missing required flag --home", "init-demo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, lang := range []string{assets.LangZH, assets.LangEN} {
				want, see := tc.zh, "参见：sealctl help"
				if lang == assets.LangEN {
					want, see = tc.en, "see: sealctl help"
				}
				if tc.help != "" {
					see += " " + tc.help
				}
				r := sealctlLang(t, lang, tc.args...)
				if r.code != exitBadInput || r.stdout != "" {
					t.Fatalf("%s %v: %+v", lang, tc.args, r)
				}
				if r.stderr != "sealctl: "+want+"\n"+see+"\n" {
					t.Errorf("%s %v: stderr\n%q\nwant\n%q", lang, tc.args, r.stderr, "sealctl: "+want+"\n"+see+"\n")
				}
				if rawFlagOutput.MatchString(r.stderr) || strings.Contains(r.stderr, "参数错误") {
					t.Errorf("%s %v: raw flag output or a vague message: %q", lang, tc.args, r.stderr)
				}
			}
		})
	}
}

// TestVersion: --version and version print the version, with the VCS
// revision when the build recorded one.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		r := sealctl(t, args...)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "sealctl "+version) || r.stderr != "" {
			t.Errorf("%v: %+v", args, r)
		}
	}
	defer func(f func() (*debug.BuildInfo, bool)) { readBuildInfo = f }(readBuildInfo)
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "6c26881f0123456789abcdef0123456789abcdef"}, {Key: "vcs.modified", Value: "true"},
		}}, true
	}
	if r := sealctl(t, "--version"); r.stdout != "sealctl "+version+" (6c26881f0123+dirty)\n" {
		t.Errorf("with a revision: %q", r.stdout)
	}
}

// TestVersionMatchesFyneApp: the CLI's version is the desktop's.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if string(m[1]) != version {
		t.Fatalf("sealctl says %s, FyneApp.toml %s", version, m[1])
	}
}
