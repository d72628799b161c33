package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// grant runs `sealctl grant --home DIR --as ADMIN --user USER --seal SEAL [--from DATE] [--to DATE]`,
// `sealctl grant withdraw --home DIR --as ADMIN ID` and `sealctl grant list --home DIR [--json]`.
func (c *cli) grant(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "list" {
		return c.grantList(ctx, args[1:])
	}
	withdraw := len(args) > 0 && args[0] == "withdraw"
	if withdraw {
		args = args[1:]
	}
	f := c.command("grant", "administrator")
	user := f.String("user", "", "user to authorise")
	sealRef := f.String("seal", "", "seal id, code or name")
	from := f.String("from", "", "first day (YYYY-MM-DD, default today)")
	to := f.String("to", "", "last day (YYYY-MM-DD, default the longest allowed: 3 years)")
	pos, ok := f.parse(args)
	if !ok {
		return exitBadInput
	}
	var first, last time.Time
	var err error
	if !withdraw {
		switch {
		case *user == "":
			return c.missing("grant", "--user")
		case *sealRef == "":
			return c.missing("grant", "--seal")
		}
		if *from != "" {
			if first, err = time.ParseInLocation(time.DateOnly, *from, time.Local); err != nil {
				return c.badArg("--from " + *from)
			}
		}
		if *to != "" {
			if last, err = time.ParseInLocation(time.DateOnly, *to, time.Local); err != nil {
				return c.badArg("--to " + *to)
			}
		}
	} else if len(pos) == 0 {
		return c.missing("grant", "ID")
	} else if len(pos) > 1 {
		return c.usageError("grant", assets.T(c.lang, "cli.err.extra_args", strings.Join(pos[1:], " ")))
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		if withdraw {
			id, err := strconv.ParseInt(pos[0], 10, 64)
			if err != nil {
				return c.badArg("grant ID " + pos[0])
			}
			if err := w.WithdrawGrant(ctx, s, id); err != nil {
				return c.fail(err)
			}
			c.say("cli.did.grant.withdraw", id)
			return exitOK
		}
		g, err := w.GrantSeal(ctx, s, *user, *sealRef, first, last)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, g.ID)
		c.say("cli.did.grant", g.User, g.SealID, g.ID, g.From.Local().Format(time.DateOnly), g.To.Local().Format(time.DateOnly))
		return exitOK
	})
}

func (c *cli) grantList(ctx context.Context, args []string) int {
	f := c.command("grant list", "")
	asJSON := f.Bool("json", false, "print JSON")
	return f.run(ctx, args, func(w *app.Workspace, _ *app.Session) int {
		gs, err := w.Grants(ctx, "", "")
		if err != nil {
			return c.fail(err)
		}
		if gs == nil {
			gs = []app.Grant{} // JSON [], not null
		}
		return printList(c, gs, *asJSON, "cli.grants.header", func(g app.Grant) string {
			state := assets.T(c.lang, "cli.grant.active")
			if !g.WithdrawnAt.IsZero() {
				state = assets.T(c.lang, "cli.grant.withdrawn", g.WithdrawnAt.Local().Format(time.DateOnly))
			}
			return fmt.Sprintf("%d\t%s\t%s\t%s — %s\t%s", g.ID, g.User, g.SealID, g.From.Local().Format(time.DateOnly), g.To.Local().Format(time.DateTime), state)
		})
	})
}

// rule runs `sealctl rule --home DIR --as ADMIN --seal SEAL --required N [--approvers a,b]`.
func (c *cli) rule(ctx context.Context, args []string) int {
	f := c.command("rule", "administrator")
	sealRef := f.required("seal", "seal id, code or name")
	required := f.Int("required", 1, "approvals required")
	approvers := f.String("approvers", "", "comma-separated approvers who may approve (default: any approver)")
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	var names []string
	for _, n := range strings.Split(*approvers, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		if err := w.SetApprovalRule(ctx, s, *sealRef, *required, names); err != nil {
			return c.fail(err)
		}
		if len(names) > 0 {
			c.say("cli.did.rule.named", *sealRef, *required, strings.Join(names, ", "))
		} else {
			c.say("cli.did.rule", *sealRef, *required)
		}
		return exitOK
	})
}
