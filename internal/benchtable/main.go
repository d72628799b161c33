// Command benchtable turns the BENCHROW lines that the peer benchmarks print
// (make bench) into the Markdown table of README's "Speed" section. It copies
// its input through, so the whole log stays visible, and prints the table at
// the end.
//
//	go test -bench ... | go run ./internal/benchtable
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	var rows [][]string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Println(line)
		if rest, ok := strings.CutPrefix(line, "BENCHROW|"); ok {
			rows = append(rows, strings.Split(rest, "|"))
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no BENCHROW lines")
		os.Exit(1)
	}
	fmt.Println()
	fmt.Println("| measure | SealDesk | peer | ratio |")
	fmt.Println("|---|---|---|---|")
	for _, r := range rows {
		for len(r) < 4 {
			r = append(r, "")
		}
		fmt.Printf("| %s |\n", strings.Join(r[:4], " | "))
	}
}
