package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sealdesk/assets"
)

// readmeBlock is one fenced block of README.md: its language and its lines,
// first the line number of its first line (1-based).
type readmeBlock struct {
	lang  string
	first int
	lines []string
}

// readmeBlocks reads the fenced blocks of a Markdown file. Every block must
// say what it is: `sh` runs (TestReadmeRuns), `text` is only for reading; a
// bare fence or another language is an error, so nothing escapes the choice.
func readmeBlocks(t *testing.T, path string) []readmeBlock {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []readmeBlock
	var cur *readmeBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fence, isFence := strings.CutPrefix(strings.TrimSpace(line), "```")
		switch {
		case isFence && cur == nil:
			lang := strings.TrimSpace(fence)
			if lang != "sh" && lang != "text" {
				t.Errorf("%s:%d: a block fenced %q: fence it `sh` (runs, in order, in TestReadmeRuns) or `text` (only for reading)", path, n, "```"+lang)
			}
			cur = &readmeBlock{lang: lang, first: n + 1}
		case isFence:
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("%s: the block from line %d is never closed", path, cur.first-1)
	}
	return blocks
}

// readOnly are what a `sh` block must not hold: commands that need a display,
// a printer, a USB key or a workspace of the reader's own (issue 17 point 5).
var readOnly = []string{"make run", "make test", "--printer", "pkcs11:", "--module", "recover-admin", "/path/to/"}

// TestReadmeRuns: every block of README.md fenced `sh` runs as written, in
// order, in one `bash -euo pipefail`, as in a fresh clone after `make build`
// (issue 17 point 5). The clone is a temporary folder holding links to the
// repository's files and a bin/sealctl built here; HOME, TMPDIR, the XDG
// folders and the tour folder ($SEALDESK_TOUR) are private temporary folders.
// It runs twice, the second time over the first's tour folder with a stray
// file added: the first block empties the folder, so a rerun starts clean.
// It also fails when the README's blocks write into the clone, when a filter
// in them matches no ledger entry, or when a `sh` block holds a command only
// for reading.
func TestReadmeRuns(t *testing.T) {
	const readme = "../../README.md"
	var script []string // README's line n is script line n, so bash's $LINENO names the README line
	blocks := readmeBlocks(t, readme)
	lines := 0
	for _, b := range blocks {
		if b.lang != "sh" {
			continue
		}
		lines += len(b.lines)
		for len(script) < b.first-1 {
			script = append(script, "")
		}
		for i, l := range b.lines {
			code, _, _ := strings.Cut(l, " #")
			for _, bad := range readOnly {
				if strings.Contains(code, bad) {
					t.Errorf("%s:%d: %q belongs in a `text` block: %s", readme, b.first+i, bad, l)
				}
			}
		}
		script = append(script, b.lines...)
	}
	if lines == 0 {
		t.Fatalf("%s has no block fenced `sh`: nothing of the tour is checked", readme)
	}
	if t.Failed() {
		t.FailNow()
	}
	// Line 1 is the README's title, never inside a block: the trap goes there.
	script[0] = `trap 'echo "README.md:$LINENO: exit $?: $BASH_COMMAND" >&2' ERR`

	// The clone: the repository's top-level entries as links, bin/ of its own.
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "clone")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(clone, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	var cloneNames []string
	for _, e := range entries {
		if e.Name() == "bin" || e.Name() == ".git" {
			continue
		}
		if err := os.Symlink(filepath.Join(root, e.Name()), filepath.Join(clone, e.Name())); err != nil {
			t.Fatal(err)
		}
		cloneNames = append(cloneNames, e.Name())
	}
	cloneNames = append(cloneNames, "bin")
	slices.Sort(cloneNames)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build bin/sealctl: %v", err)
	}
	build := exec.Command(goTool, "build", "-o", filepath.Join(clone, "bin", "sealctl"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/sealctl: %v\n%s", err, out)
	}

	tour := filepath.Join(tmp, "tour")
	env := []string{"SEALDESK_TOUR=" + tour, "LANG=zh_CN.UTF-8"}
	for _, name := range []string{"home", "tmp", "config", "cache"} {
		if err := os.Mkdir(filepath.Join(tmp, name), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env = append(env, "HOME="+filepath.Join(tmp, "home"), "TMPDIR="+filepath.Join(tmp, "tmp"),
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"))
	for _, kv := range os.Environ() {
		// The reader's own settings stay out: the README sets what it needs.
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "SEALDESK_") && !strings.HasPrefix(k, "XDG_") &&
			!strings.HasPrefix(k, "LC_") && !slices.Contains([]string{"HOME", "TMPDIR", "LANG", "LANGUAGE"}, k) {
			env = append(env, kv)
		}
	}
	if !assets.HasMessage("cli.no_entries") {
		t.Fatal(`the catalog has no "cli.no_entries": this test looks for it in the tour's output`)
	}
	noEntries := []string{assets.T(assets.LangZH, "cli.no_entries"), assets.T(assets.LangEN, "cli.no_entries")}

	for run := 1; run <= 2; run++ {
		stray := filepath.Join(tour, "stray-from-an-earlier-run")
		if run == 2 {
			if err := os.WriteFile(stray, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", strings.Join(script, "\n"))
		cmd.Dir, cmd.Env = clone, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("run %d of the README's sh blocks: %v\n%s", run, err, tail(out.String(), 60))
		}
		for _, s := range noEntries {
			if strings.Contains(out.String(), s) {
				t.Errorf("run %d: a ledger filter in the README matches nothing (%q): its dates or kinds do not fit the demo's data", run, s)
			}
		}
		if _, err := os.Stat(stray); err == nil {
			t.Errorf("run %d: the tour folder was not emptied: %s is still there", run, stray)
		}
		for _, ws := range []string{"demo", "hq", "field"} {
			if _, err := os.Stat(filepath.Join(tour, ws, "workspace.db")); err != nil {
				t.Errorf("run %d: the tour's %s workspace is not under the tour folder: %v", run, ws, err)
			}
		}
		after, err := os.ReadDir(clone)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range after {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, cloneNames) {
			t.Errorf("run %d: the README's blocks wrote into the clone: %v, want only %v", run, names, cloneNames)
		}
		if entries, _ := os.ReadDir(filepath.Join(clone, "bin")); len(entries) != 1 {
			t.Errorf("run %d: bin/ holds %d entries, want sealctl alone", run, len(entries))
		}
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
