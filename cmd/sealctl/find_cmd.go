package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/pdfview"
)

// find lists where a keyword is in a PDF (issue 16, point 2): the seal
// centres a keyword placement would start from, without filing a request or
// opening a workspace. Read-only. No match is exit 1, like grep.
func (c *cli) find(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("find", flag.ContinueOnError)
	doc := fs.String("doc", "", "PDF document")
	keyword := fs.String("keyword", "", "text to find")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, ok := c.parse(fs, args)
	switch {
	case !ok:
		return exitBadInput
	case len(pos) > 0:
		return c.usageError("find", assets.T(c.lang, "cli.err.extra_args", strings.Join(pos, " ")))
	case *doc == "":
		return c.missing("find", "--doc")
	case *keyword == "":
		return c.missing("find", "--keyword")
	}
	ms, err := app.FindKeywordFile(ctx, *doc, *keyword, nil)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if ms == nil {
			ms = []pdfview.TextMatch{}
		}
		c.printJSON(ms)
	} else if len(ms) > 0 {
		tw := newTable(c.stdout)
		fmt.Fprintln(tw, assets.T(c.lang, "cli.find.header"))
		for i, m := range ms {
			fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.1f\t%s\n", i+1, m.Page, m.CenterXMM, m.CenterYMM, m.Text)
		}
		tw.Flush()
	}
	if len(ms) == 0 {
		// The same refusal a keyword placement would meet.
		_, err := app.ResolveKeyword(pdfview.KeywordRule{Keyword: *keyword}, ms)
		fmt.Fprintln(c.stderr, "sealctl: "+app.Message(err, c.lang))
		return exitRefused
	}
	return exitOK
}
