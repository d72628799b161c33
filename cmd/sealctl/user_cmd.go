package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"sealdesk/app"
	"sealdesk/assets"
)

// user runs the `sealctl user …` commands.
func (c *cli) user(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || isHelpFlag(args[0]) {
		return c.help("user")
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	home := fs.String("home", "", "workspace folder")
	as := fs.String("as", "", "administrator")
	name := fs.String("name", "", "new user's name")
	roles := fs.String("roles", "", "comma-separated roles")
	display := fs.String("display", "", "name shown to people")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, ok := c.parse(fs, args[1:])
	if !ok {
		return exitBadInput
	}
	needName := func() (string, int) {
		if len(pos) == 0 {
			return "", c.missing("user", "NAME")
		}
		if len(pos) > 1 {
			return "", c.usageError("user", assets.T(c.lang, "cli.err.extra_args", strings.Join(pos[1:], " ")))
		}
		return pos[0], exitOK
	}
	switch sub {
	case "list":
		w, s, code := c.signIn(ctx, *home, *as)
		if s == nil {
			return code
		}
		defer w.Close()
		us, err := w.Users(ctx, s)
		if err != nil {
			return c.fail(err)
		}
		return printList(c, us, *asJSON, "cli.user.header", func(u app.UserInfo) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%d", u.Name, u.DisplayName, strings.Join(u.Roles, ","), userState(c.lang, u), u.FailedLogins)
		})
	case "add":
		if *name == "" {
			return c.missing("user", "--name")
		}
		if *roles == "" {
			return c.missing("user", "--roles")
		}
		w, s, code := c.signIn(ctx, *home, *as)
		if s == nil {
			return code
		}
		defer w.Close()
		pw, code := c.newPassword(*name)
		if code != exitOK {
			return code
		}
		in := app.UserInput{Name: *name, DisplayName: *display, Roles: strings.Split(*roles, ","), Password: pw, CAPIN: os.Getenv("SEALDESK_CA_PIN")}
		if err := w.AddUser(ctx, s, in); err != nil {
			return c.fail(err)
		}
		c.say("cli.did.user.add", *name)
		return exitOK
	case "password", "disable", "enable", "unlock":
		target, code := needName()
		if target == "" {
			return code
		}
		w, s, code := c.signIn(ctx, *home, *as)
		if s == nil {
			return code
		}
		defer w.Close()
		var err error
		switch sub {
		case "password":
			pw, code := c.newPassword(target)
			if code != exitOK {
				return code
			}
			err = w.SetUserPassword(ctx, s, target, pw, os.Getenv("SEALDESK_CA_PIN"))
		case "disable", "enable":
			err = w.DisableUser(ctx, s, target, sub == "disable")
		case "unlock":
			err = w.UnlockUser(ctx, s, target)
		}
		if err != nil {
			return c.fail(err)
		}
		c.say("cli.did.user."+sub, target)
		return exitOK
	case "certify":
		w, s, code := c.signIn(ctx, *home, *as)
		if s == nil {
			return code
		}
		defer w.Close()
		names, err := w.CertifyUserKeys(ctx, s, os.Getenv("SEALDESK_CA_PIN"))
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.user.certified", strings.Join(names, " ")))
		return exitOK
	case "recover-admin":
		target, code := needName()
		if target == "" {
			return code
		}
		w, code := c.open(*home)
		if w == nil {
			return code
		}
		defer w.Close()
		pw, code := c.newPassword(target)
		if code != exitOK {
			return code
		}
		if err := w.RecoverAdmin(ctx, target, pw, os.Getenv("SEALDESK_CA_PIN")); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.user.recovered", target))
		return exitOK
	}
	return c.unknownSub("user", args)
}

// newPassword reads a new password: SEALDESK_NEW_PASSWORD, else asked twice.
func (c *cli) newPassword(user string) (string, int) {
	if pw, ok := os.LookupEnv("SEALDESK_NEW_PASSWORD"); ok {
		return pw, exitOK
	}
	pw, code := c.ask("SEALDESK_NEW_PASSWORD", user+" 的新密码 / new password: ")
	if code != exitOK {
		return "", code
	}
	again, code := c.ask("SEALDESK_NEW_PASSWORD", "再次输入 / again: ")
	if code != exitOK {
		return "", code
	}
	if pw != again {
		fmt.Fprintln(c.stderr, "sealctl: "+assets.T(c.lang, "cli.user.mismatch"))
		return "", exitBadInput
	}
	return pw, exitOK
}

// userState is a user's sign-in state in words.
func userState(lang string, u app.UserInfo) string {
	switch {
	case u.Disabled:
		return assets.T(lang, "ui.user.disabled")
	case u.Locked:
		return assets.T(lang, "ui.user.locked")
	case !u.NotBefore.IsZero():
		return assets.T(lang, "ui.user.wait", u.NotBefore.Local().Format("2006-01-02 15:04:05"))
	}
	return assets.T(lang, "ui.user.active")
}
