package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"sealdesk/assets"
)

// displayWidth is the number of terminal columns s takes: East Asian Wide
// and Fullwidth characters (UAX #11: hanzi, kana, fullwidth punctuation such
// as “（”) take two, combining marks and format characters none, everything
// else one. text/tabwriter counts runes, so a column of Chinese text pushes
// the next one out of line; Ambiguous characters (“×”, “—”) are counted
// narrow, as terminals outside CJK locales draw them.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case r < 0x20 || r == 0x7f:
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}

// table is text/tabwriter's use here (cells ended by '\t', rows by '\n',
// written then flushed) with columns aligned by display width. Each cell
// but a row's last is padded to its column's widest cell plus two spaces.
type table struct {
	w   io.Writer
	buf bytes.Buffer
}

func newTable(w io.Writer) *table { return &table{w: w} }

func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush writes the rows written so far, aligned.
func (t *table) Flush() error {
	text := strings.TrimSuffix(t.buf.String(), "\n")
	t.buf.Reset()
	if text == "" {
		return nil
	}
	var rows [][]string
	var widths []int
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(line, "\t")
		for j, c := range cells[:len(cells)-1] {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], displayWidth(c))
		}
		rows = append(rows, cells)
	}
	var out strings.Builder
	for _, cells := range rows {
		var line strings.Builder
		for j, c := range cells {
			line.WriteString(c)
			if j < len(cells)-1 {
				line.WriteString(strings.Repeat(" ", widths[j]-displayWidth(c)+2))
			}
		}
		out.WriteString(strings.TrimRight(line.String(), " "))
		out.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, out.String())
	return err
}

// printList prints items as JSON or as a table under the catalog's header,
// one row per item.
func printList[T any](c *cli, items []T, asJSON bool, header string, row func(T) string) int {
	if asJSON {
		return c.printJSON(items)
	}
	tw := newTable(c.stdout)
	fmt.Fprintln(tw, assets.T(c.lang, header))
	for _, it := range items {
		fmt.Fprintln(tw, row(it))
	}
	tw.Flush()
	return exitOK
}
