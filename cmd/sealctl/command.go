package main

import (
	"context"
	"flag"
	"strings"

	"sealdesk/app"
	"sealdesk/assets"
)

// command is the set-up every workspace command shares: a flag set with
// --home (and --as for a command that acts as a signed-in user), flags mixed
// with positional arguments, and the workspace opened, signed into and
// closed again around the command's work.
type command struct {
	*flag.FlagSet
	c    *cli
	home *string
	as   *string  // nil: the command reads without signing anyone in
	need []string // required flags, in the order they are reported missing
}

// command starts the flags of a workspace command. asHelp is the help of
// --as, naming who may run it; "" for a command that only reads.
func (c *cli) command(name, asHelp string) *command {
	f := &command{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), c: c}
	f.home = f.String("home", "", "workspace folder")
	if asHelp != "" {
		f.as = f.String("as", "", asHelp)
	}
	return f
}

// required declares a string flag the command cannot run without; parse
// (after parseOne's argument) reports the first one not given.
func (f *command) required(name, usage string) *string {
	f.need = append(f.need, name)
	return f.String(name, "", usage)
}

// parse parses args; on a usage error it has already said so.
func (f *command) parse(args []string) ([]string, bool) {
	pos, ok := f.c.parse(f.FlagSet, args)
	return pos, ok && f.given()
}

// given reports the first required flag without a value, if any.
func (f *command) given() bool {
	for _, name := range f.need {
		if f.Lookup(name).Value.String() == "" {
			f.c.missing(f.Name(), "--"+name)
			return false
		}
	}
	return true
}

// parseOne parses args that must hold exactly one positional argument, named
// what in the error, and returns it.
func (f *command) parseOne(args []string, what string) (string, bool) {
	pos, ok := f.c.parse(f.FlagSet, args)
	if !ok {
		return "", false
	}
	switch {
	case len(pos) == 0:
		f.c.missing(f.Name(), what)
		return "", false
	case len(pos) > 1:
		f.c.usageError(f.Name(), assets.T(f.c.lang, "cli.err.extra_args", strings.Join(pos[1:], " ")))
		return "", false
	}
	return pos[0], f.given()
}

// with opens the workspace of --home, signs --as in when the command has it
// (s is nil otherwise), runs body and closes the workspace. A workspace that
// cannot be opened or a sign-in that fails is reported and body never runs.
func (f *command) with(ctx context.Context, body func(w *app.Workspace, s *app.Session) int) int {
	switch {
	case *f.home == "":
		return f.c.missing(f.Name(), "--home")
	case f.as != nil && *f.as == "":
		return f.c.missing(f.Name(), "--as")
	}
	if f.as == nil {
		w, code := f.c.open(*f.home)
		if w == nil {
			return code
		}
		defer w.Close()
		return body(w, nil)
	}
	w, s, code := f.c.signIn(ctx, *f.home, *f.as)
	if s == nil {
		return code
	}
	defer w.Close()
	return body(w, s)
}

// run parses args and runs body in the workspace (with): the whole set-up of
// a command without positional arguments.
func (f *command) run(ctx context.Context, args []string, body func(w *app.Workspace, s *app.Session) int) int {
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	return f.with(ctx, body)
}

// withOne parses args holding one positional argument, named what in the
// error, and runs body with it in the workspace (with).
func (f *command) withOne(ctx context.Context, args []string, what string, body func(w *app.Workspace, s *app.Session, arg string) int) int {
	arg, ok := f.parseOne(args, what)
	if !ok {
		return exitBadInput
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int { return body(w, s, arg) })
}
