package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"sealdesk/assets"
)

// version is sealctl's version: the one place it is written besides
// FyneApp.toml, whose Version TestVersionMatchesFyneApp holds it equal to.
const version = "0.1.0"

// readBuildInfo is debug.ReadBuildInfo; tests replace it to give a revision.
var readBuildInfo = debug.ReadBuildInfo

// isHelpFlag reports whether a is one of the spellings of help that Go's
// flag package would take (-h, --h, -help, --help).
func isHelpFlag(a string) bool {
	switch a {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// wantsHelp reports whether args ask for help anywhere before a "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if isHelpFlag(a) {
			return true
		}
	}
	return false
}

// help prints the help of the top-level command name ("" for the general
// help) on standard output. An unknown name is a usage error.
func (c *cli) help(name string) int {
	if name == "" {
		fmt.Fprint(c.stdout, assets.T(c.lang, "cli.help"))
		return exitOK
	}
	key := "cli.help." + name
	if name == "help" || !assets.HasMessage(key) {
		return c.unknownCommand(name)
	}
	fmt.Fprint(c.stdout, assets.T(c.lang, key))
	return exitOK
}

func (c *cli) unknownCommand(name string) int {
	fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "cli.err.unknown_command", name))
	fmt.Fprintln(c.stderr, assets.T(c.lang, "cli.see_help_all"))
	return exitBadInput
}

// unknownSub reports an unknown subcommand of cmd and points to cmd's help.
func (c *cli) unknownSub(cmd string, args []string) int {
	what := cmd
	if len(args) > 0 {
		what += " " + args[0]
	}
	return c.usageError(cmd, assets.T(c.lang, "cli.err.unknown_sub", what))
}

// usageError says msg and where to read the command's usage; exit code 2.
func (c *cli) usageError(cmd, msg string) int {
	fmt.Fprintln(c.stderr, "sealctl: "+msg)
	if top := topCommand(cmd); top != "" {
		fmt.Fprintln(c.stderr, assets.T(c.lang, "cli.see_help", top))
	} else {
		fmt.Fprintln(c.stderr, assets.T(c.lang, "cli.see_help_all"))
	}
	return exitBadInput
}

// missing names a required flag (or argument, without the leading --) the
// command was not given.
func (c *cli) missing(cmd, what string) int {
	key := "cli.err.missing"
	if !strings.HasPrefix(what, "-") {
		key = "cli.err.missing_arg"
	}
	return c.usageError(cmd, assets.T(c.lang, key, what))
}

// topCommand is the top-level command of a flag set's name ("ledger verify" → "ledger").
func topCommand(name string) string {
	top, _, _ := strings.Cut(name, " ")
	return top
}

// flagError turns an error of Go's flag package, whose text is English and
// fixed by the package (flag.FlagSet.failf), into a catalog message naming
// the flag as our help writes it (--page).
func (c *cli) flagError(err error) string {
	msg := err.Error()
	if v, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return assets.T(c.lang, "cli.err.unknown_flag", dashes(v))
	}
	if v, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return assets.T(c.lang, "cli.err.flag_needs_arg", dashes(v))
	}
	if v, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return assets.T(c.lang, "cli.err.flag_syntax", v)
	}
	// invalid value "x" for flag -page: parse error
	// invalid boolean value "x" for -json: parse error
	if strings.HasPrefix(msg, "invalid ") {
		if i := strings.Index(msg, " for "); i > 0 {
			value := msg[strings.Index(msg, "value ")+len("value ") : i]
			rest := strings.TrimPrefix(msg[i+len(" for "):], "flag ")
			name, _, _ := strings.Cut(rest, ":")
			return assets.T(c.lang, "cli.err.flag_value", dashes(name), value)
		}
	}
	return assets.T(c.lang, "cli.err.flag_syntax", msg)
}

// dashes writes a flag as --name, however it was typed.
func dashes(f string) string { return "--" + strings.TrimLeft(f, "-") }

// printVersion prints "sealctl 0.1.0" and, when the build recorded it, the
// VCS revision (with "+dirty" for a modified tree).
func (c *cli) printVersion() int {
	line := "sealctl " + version
	if bi, ok := readBuildInfo(); ok {
		var rev string
		var dirty bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "+dirty"
			}
			line += " (" + rev + ")"
		}
	}
	fmt.Fprintln(c.stdout, line)
	return exitOK
}
