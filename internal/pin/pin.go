//go:build tools

// Package pin keeps every pinned dependency in go.mod before the code that uses it
// lands, so `go mod tidy` does not drop it. It is never built.
package pin

import (
	_ "fyne.io/fyne/v2"
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/canvas"
	_ "fyne.io/fyne/v2/container"
	_ "fyne.io/fyne/v2/dialog"
	_ "fyne.io/fyne/v2/test"
	_ "fyne.io/fyne/v2/widget"
	_ "github.com/emmansun/gmsm/pkcs7"
	_ "github.com/emmansun/gmsm/sm2"
	_ "github.com/emmansun/gmsm/smx509"
	_ "github.com/google/gousb"
	_ "github.com/klippa-app/go-pdfium/webassembly"
	_ "github.com/mattn/go-sqlite3"
	_ "github.com/miekg/pkcs11"
	_ "github.com/pdfcpu/pdfcpu/pkg/api"
	_ "github.com/tetratelabs/wazero"
	_ "golang.org/x/crypto/scrypt"
	_ "golang.org/x/image/font/gofont/goregular"
	_ "golang.org/x/image/font/opentype"
	_ "golang.org/x/sys/unix"
	_ "golang.org/x/text/encoding/simplifiedchinese"
)
