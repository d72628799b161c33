package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"sealdesk/app"
	"sealdesk/assets"
)

// settings runs `sealctl settings [--json]` (show), and, as an administrator,
// `sealctl settings set --as ADMIN [--idle-minutes N] [--operation-logs-months N]
// [--evidence-months N] [--max-file-mb N] [--usb-vendors "vvvv name, ..."]`.
func (c *cli) settings(ctx context.Context, args []string) int {
	set := len(args) > 0 && args[0] == "set"
	if set {
		args = args[1:]
	}
	f := c.command("settings", "administrator (for set)")
	asJSON := f.Bool("json", false, "print JSON")
	idle := f.Int("idle-minutes", 0, "sign a desktop session out after this many idle minutes (1-480)")
	ops := f.Int("operation-logs-months", 0, "keep operation logs at least this many months (minimum 6)")
	evidence := f.Int("evidence-months", 0, "keep signing evidence at least this many months (minimum 60)")
	maxMB := f.Int64("max-file-mb", 0, "refuse files larger than this many MB (default 2048)")
	pinDays := f.Int("pin-max-days", -1, "seal PINs must be changed at least every this many days (7-366; 0: no limit)")
	vendors := f.String("usb-vendors", "\x00", `the workspace's own USB key vendors, "vvvv name" items separated by commas`)
	if _, ok := f.parse(args); !ok {
		return exitBadInput
	}
	if !set {
		w, code := c.open(*f.home)
		if w == nil {
			return code
		}
		defer w.Close()
		return c.showSettings(ctx, w, *asJSON)
	}
	return f.with(ctx, func(w *app.Workspace, s *app.Session) int {
		if *idle != 0 {
			if err := w.SetIdleLogout(ctx, s, time.Duration(*idle)*time.Minute); err != nil {
				return c.fail(err)
			}
		}
		if *ops != 0 || *evidence != 0 {
			r, err := w.Retention(ctx)
			if err != nil {
				return c.fail(err)
			}
			if *ops != 0 {
				r.OperationLogMonths = *ops
			}
			if *evidence != 0 {
				r.EvidenceMonths = *evidence
			}
			if err := w.SetRetention(ctx, s, r); err != nil {
				return c.fail(err)
			}
		}
		if *maxMB != 0 {
			if err := w.SetMaxFileSize(ctx, s, *maxMB); err != nil {
				return c.fail(err)
			}
		}
		if *pinDays != -1 {
			if err := w.SetPINMaxDays(ctx, s, *pinDays); err != nil {
				return c.fail(err)
			}
		}
		if *vendors != "\x00" {
			if err := w.SetUSBVendors(ctx, s, *vendors); err != nil {
				return c.fail(err)
			}
		}
		return c.showSettings(ctx, w, *asJSON)
	})
}

func (c *cli) showSettings(ctx context.Context, w *app.Workspace, asJSON bool) int {
	r, err := w.Retention(ctx)
	if err != nil {
		return c.fail(err)
	}
	vendors, err := w.USBVendors(ctx)
	if err != nil {
		return c.fail(err)
	}
	idle := w.IdleLogout(ctx)
	if asJSON {
		type vendor struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		out := struct {
			IdleMinutes int           `json:"idle_minutes"`
			Retention   app.Retention `json:"retention"`
			Minimums    app.Retention `json:"retention_minimums"`
			USBVendors  []vendor      `json:"usb_vendors"`
			MaxFileMB   int64         `json:"max_file_mb"`
			PINMaxDays  int           `json:"pin_max_days"`
		}{IdleMinutes: int(idle / time.Minute), MaxFileMB: w.MaxFileSize(ctx) >> 20, PINMaxDays: w.PINMaxDays(ctx), Retention: r, Minimums: app.Retention{OperationLogMonths: app.MinOperationLogMonths, EvidenceMonths: app.MinEvidenceMonths}}
		for _, id := range sortedVendorIDs(vendors) {
			out.USBVendors = append(out.USBVendors, vendor{fmt.Sprintf("%04x", id), vendors[id]})
		}
		return c.printJSON(out)
	}
	pinPeriod := assets.T(c.lang, "settings.pin_days.off")
	if n := w.PINMaxDays(ctx); n > 0 {
		pinPeriod = assets.T(c.lang, "settings.pin_days", n)
	}
	zh := c.lang != "en"
	if zh {
		fmt.Fprintf(c.stdout, "空闲自动退出：%d 分钟\n文件大小上限：%d MB\n操作日志保存：%d 个月（最短 %d）\n签章记录保存：%d 个月（最短 %d）\n印章保护口令修改周期：%s\nUSB 密钥厂商：\n",
			int(idle/time.Minute), w.MaxFileSize(ctx)>>20, r.OperationLogMonths, app.MinOperationLogMonths, r.EvidenceMonths, app.MinEvidenceMonths, pinPeriod)
	} else {
		fmt.Fprintf(c.stdout, "idle sign-out: %d minutes\nlargest file read: %d MB\noperation logs kept: %d months (minimum %d)\nsigning evidence kept: %d months (minimum %d)\nseal PINs changed at least every: %s\nUSB key vendors:\n",
			int(idle/time.Minute), w.MaxFileSize(ctx)>>20, r.OperationLogMonths, app.MinOperationLogMonths, r.EvidenceMonths, app.MinEvidenceMonths, pinPeriod)
	}
	for _, id := range sortedVendorIDs(vendors) {
		fmt.Fprintf(c.stdout, "  %04x  %s\n", id, vendors[id])
	}
	return exitOK
}

func sortedVendorIDs(m map[uint16]string) []uint16 {
	ids := make([]uint16, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
