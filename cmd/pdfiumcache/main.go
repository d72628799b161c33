// Command pdfiumcache compiles the PDFium WebAssembly module into wazero's
// compilation cache, so the desktop app and sealctl start PDFium without the
// 4–6 s compilation (issue 18). `make build` runs it with bin/pdfium-cache,
// the folder pdfview.DefaultCacheDir finds beside the executables; an
// installer runs it with the folder it installs beside them.
//
//	pdfiumcache [DIR]
//
// Without DIR it fills pdfview.DefaultCacheDir().
package main

import (
	"fmt"
	"os"
	"time"

	"sealdesk/pdfview"
)

func main() {
	dir := pdfview.DefaultCacheDir()
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	start := time.Now()
	if err := pdfview.Precompile(dir); err != nil {
		fmt.Fprintln(os.Stderr, "pdfiumcache:", err)
		os.Exit(1)
	}
	fmt.Printf("pdfiumcache: PDFium compiled into %s in %.1f s\n", dir, time.Since(start).Seconds())
}
