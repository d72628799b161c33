// Command sealdesk is the SealDesk desktop workstation. On first start it creates
// a demo workspace so a newcomer can try every workflow at once.
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/ui"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sealdesk:", err)
		os.Exit(1)
	}
}

func defaultHome() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sealdesk", "demo")
	}
	h, _ := os.UserHomeDir()
	return filepath.Join(h, ".local", "share", "sealdesk", "demo")
}

func run(args []string) error {
	fs := flag.NewFlagSet("sealdesk", flag.ContinueOnError)
	home := fs.String("home", defaultHome(), "workspace folder (a demo workspace is created there on first start)")
	lang := fs.String("lang", assets.DetectLang(), "interface language: zh-CN or en")
	smoke := fs.Duration("smoke", 0, "start, show the window, and quit after this long (for the start-up test)")
	smokeDoc := fs.String("smoke-open", "", "with --smoke: sign in as the demo custodian and open this PDF first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	if !app.Exists(*home) {
		fmt.Fprintf(os.Stderr, "sealdesk: creating the demo workspace in %s\n", *home)
		if err := app.InitDemo(ctx, *home, rand.Reader, time.Now()); err != nil {
			return err
		}
	}
	ws, err := app.Open(*home)
	if err != nil {
		return err
	}
	defer ws.Close()

	a := fyneapp.NewWithID("cn.sealdesk.workstation")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	l := assets.LangZH
	if *lang == assets.LangEN || *lang == "en-US" {
		l = assets.LangEN
	}
	w, err := ui.New(a, ws, l)
	if err != nil {
		return err
	}
	if *smoke > 0 {
		a.Lifecycle().SetOnStarted(func() {
			fmt.Println("smoke: window shown")
			go func() {
				defer fyne.Do(a.Quit)
				// The first frame: Capture lays out and draws the whole canvas
				// (every text measured, every font parsed), which is what a
				// person waits for; BenchmarkStartToWindow times this line.
				fyne.DoAndWait(func() { w.Window.Canvas().Capture() })
				fmt.Println("smoke: window painted")
				if *smokeDoc != "" {
					ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
					defer cancel()
					pages, err := w.Smoke(ctx, "custodian", app.DemoPassword, *smokeDoc)
					if err != nil {
						fmt.Println("smoke: document not opened:", err)
						return
					}
					fmt.Printf("smoke: document opened, %d pages, page 1 rendered\n", pages)
				}
				time.Sleep(*smoke)
			}()
		})
	}
	w.Window.ShowAndRun()
	return nil
}
