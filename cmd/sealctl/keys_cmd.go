package main

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// keysCmd runs `sealctl keys list|pin change|bind|workstation`.
func (c *cli) keysCmd(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || isHelpFlag(args[0]) {
		return c.help("keys")
	}
	switch {
	case args[0] == "list":
		return c.keysList(args[1:])
	case args[0] == "pin" && len(args) > 1 && args[1] == "change":
		return c.keysPINChange(args[2:])
	case args[0] == "bind":
		return c.keysBind(ctx, args[1:])
	case args[0] == "workstation":
		return c.keysWorkstation(ctx, args[1:])
	}
	return c.unknownSub("keys", args)
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

type jsonPIN struct {
	TriesLeft  *int `json:"tries_left,omitempty"` // absent when the token does not tell
	FinalTry   bool `json:"final_try"`
	Locked     bool `json:"locked"`
	CountLow   bool `json:"count_low"`
	MustChange bool `json:"must_change"`
}

type jsonCert struct {
	ID       string    `json:"id"`
	Label    string    `json:"label"`
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	NotAfter time.Time `json:"not_after"`
}

type jsonKey struct {
	ID        string    `json:"id"`
	Label     string    `json:"label"`
	Algorithm string    `json:"algorithm"`
	URI       string    `json:"uri"`
	Cert      *jsonCert `json:"certificate,omitempty"`
}

type jsonToken struct {
	Slot         uint       `json:"slot"`
	Label        string     `json:"label"`
	Manufacturer string     `json:"manufacturer"`
	Model        string     `json:"model"`
	Serial       string     `json:"serial"`
	URI          string     `json:"uri"`
	PIN          jsonPIN    `json:"pin"`
	Keys         []jsonKey  `json:"keys"`
	Certs        []jsonCert `json:"certificates"`
	Error        string     `json:"error,omitempty"`
}

type jsonModule struct {
	Path   string      `json:"path"`
	Error  string      `json:"error,omitempty"`
	Tokens []jsonToken `json:"tokens"`
}

func (c *cli) keysList(args []string) int {
	fs := flag.NewFlagSet("keys list", flag.ContinueOnError)
	var mods multiFlag
	fs.Var(&mods, "module", "PKCS#11 module to read (repeatable)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	var out []jsonModule
	for _, m := range app.ListTokens(mods...) {
		if len(mods) > 0 && app.BadInput(m.Err) { // the person named this module: it must be one
			return c.fail(m.Err)
		}
		jm := jsonModule{Path: m.Path, Tokens: []jsonToken{}}
		if m.Err != nil {
			jm.Error = app.Message(m.Err, c.lang)
		}
		for _, t := range m.Tokens {
			tu := t.Token.URI()
			tu.ModulePath = m.Path
			jt := jsonToken{Slot: t.Token.Slot, Label: t.Token.Label, Manufacturer: t.Token.Manufacturer, Model: t.Token.Model,
				Serial: t.Token.Serial, URI: tu.String(), Keys: []jsonKey{}, Certs: []jsonCert{},
				PIN: jsonPIN{FinalTry: t.Token.PIN.FinalTry, Locked: t.Token.PIN.Locked, CountLow: t.Token.PINCountLow, MustChange: t.Token.MustChangePIN}}
			if t.Token.PIN.TriesLeft != app.TriesUnknown {
				n := t.Token.PIN.TriesLeft
				jt.PIN.TriesLeft = &n
			}
			if t.Err != nil {
				jt.Error = app.Message(t.Err, c.lang)
			}
			for _, k := range t.Keys {
				ku := k.URI()
				ku.ModulePath = m.Path
				jk := jsonKey{ID: hex.EncodeToString(k.ID), Label: k.Label, Algorithm: k.Algorithm, URI: ku.String()}
				if k.Cert != nil {
					jk.Cert = &jsonCert{ID: jk.ID, Label: k.Label, Subject: k.Cert.Subject.String(), Issuer: k.Cert.Issuer.String(), NotAfter: k.Cert.NotAfter.UTC()}
				}
				jt.Keys = append(jt.Keys, jk)
			}
			for _, ce := range t.Certs {
				jt.Certs = append(jt.Certs, jsonCert{ID: hex.EncodeToString(ce.ID), Label: ce.Label, Subject: ce.Cert.Subject.String(),
					Issuer: ce.Cert.Issuer.String(), NotAfter: ce.Cert.NotAfter.UTC()})
			}
			jm.Tokens = append(jm.Tokens, jt)
		}
		out = append(out, jm)
	}
	if out == nil {
		out = []jsonModule{}
	}
	if *asJSON {
		return c.printJSON(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.stdout, assets.T(c.lang, "cli.keys.none"))
		return exitOK
	}
	tw := newTable(c.stdout)
	for _, m := range out {
		fmt.Fprint(tw, assets.T(c.lang, "cli.keys.module", m.Path))
		if m.Error != "" {
			fmt.Fprintf(tw, "  (%s)", m.Error)
		}
		fmt.Fprintln(tw)
		for _, t := range m.Tokens {
			fmt.Fprintln(tw, assets.T(c.lang, "cli.keys.token", t.Label, t.Manufacturer, t.Model, t.Serial, c.pinWords(t.PIN)))
			for _, k := range t.Keys {
				cert := assets.T(c.lang, "cli.keys.no_cert")
				if k.Cert != nil {
					cert = k.Cert.Subject
				}
				fmt.Fprintln(tw, assets.T(c.lang, "cli.keys.key", k.ID, k.Algorithm, k.Label, cert, k.URI))
			}
		}
	}
	tw.Flush()
	return exitOK
}

func (c *cli) pinWords(p jsonPIN) string {
	key := "cli.keys.pin.ok"
	switch {
	case p.Locked:
		key = "cli.keys.pin.locked"
	case p.MustChange:
		key = "cli.keys.pin.must_change"
	case p.FinalTry:
		key = "cli.keys.pin.final_try"
	case p.CountLow:
		key = "cli.keys.pin.count_low"
	}
	return assets.T(c.lang, key)
}

func (c *cli) keysPINChange(args []string) int {
	fs := flag.NewFlagSet("keys pin change", flag.ContinueOnError)
	key := fs.String("key", "", "pkcs11: URI of the token")
	if _, ok := c.parse(fs, args); !ok {
		return exitBadInput
	}
	if *key == "" {
		return c.missing("keys", "--key")
	}
	if err := app.FindToken(*key); err != nil {
		return c.fail(err) // before anyone types a PIN for a key that is not there
	}
	old, newPIN, code := c.askPINChange()
	if code != exitOK {
		return code
	}
	if err := app.ChangeTokenPIN(*key, old, newPIN); err != nil {
		return c.fail(err)
	}
	c.say("cli.did.keys.pin", *key)
	return exitOK
}

// askPINChange reads the current PIN (SEALDESK_PIN) and the new one
// (SEALDESK_NEW_PIN), asking with echo off for what the environment lacks.
func (c *cli) askPINChange() (old, newPIN string, code int) {
	if old, code = c.ask("SEALDESK_PIN", "当前保护口令 / current PIN: "); code != exitOK {
		return "", "", code
	}
	newPIN, code = c.ask("SEALDESK_NEW_PIN", "新保护口令 / new PIN: ")
	return old, newPIN, code
}

func (c *cli) keysBind(ctx context.Context, args []string) int {
	f := c.command("keys bind", "user")
	sealRef := f.required("seal", "seal id, code or name")
	key := f.required("key", "pkcs11: URI of the key")
	return f.run(ctx, args, func(w *app.Workspace, s *app.Session) int {
		if err := w.BindKey(ctx, s, *sealRef, *key); err != nil {
			return c.fail(err)
		}
		c.say("cli.did.keys.bind", *sealRef, *key)
		return exitOK
	})
}

// keysWorkstation moves the workstation key onto a USB key (issue 12 point
// 4): the token's PIN from SEALDESK_PIN (else asked), the CA's from
// SEALDESK_CA_PIN (the demo needs none).
func (c *cli) keysWorkstation(ctx context.Context, args []string) int {
	f := c.command("keys workstation", "user")
	key := f.required("key", "pkcs11: URI of the SM2 key")
	return f.run(ctx, args, func(w *app.Workspace, s *app.Session) int {
		pin, code := c.ask("SEALDESK_PIN", "USB 密钥保护口令 / USB key PIN: ")
		if code != exitOK {
			return code
		}
		if err := w.HoldWorkstationKeyOnToken(ctx, s, *key, pin, os.Getenv("SEALDESK_CA_PIN")); err != nil {
			return c.fail(err)
		}
		c.say("cli.did.keys.workstation", *key)
		return exitOK
	})
}
