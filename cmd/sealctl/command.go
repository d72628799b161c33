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
	as   *string // nil: the command reads without signing anyone in
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

// parse parses args; on a usage error it has already said so.
func (f *command) parse(args []string) ([]string, bool) { return f.c.parse(f.FlagSet, args) }

// parseOne parses args that must hold exactly one positional argument, named
// what in the error, and returns it.
func (f *command) parseOne(args []string, what string) (string, bool) {
	pos, ok := f.parse(args)
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
	return pos[0], true
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
