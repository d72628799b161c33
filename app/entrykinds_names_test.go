package app

import (
	"testing"

	"sealdesk/assets"
)

// TestEntryKindsHaveNames: every ledger entry kind has a name in both languages
// (catalog key ui.kind.<kind>), so the ledger screen, the CLI ledger and the
// audit report never show a kind in its internal spelling (issue 17, point 3).
func TestEntryKindsHaveNames(t *testing.T) {
	for kind, name := range entryKindValues(t) {
		key := "ui.kind." + kind
		if !assets.HasMessage(key) {
			t.Errorf("%s (%q) has no catalog name %s", name, kind, key)
			continue
		}
		if zh, en := assets.T(assets.LangZH, key), assets.T(assets.LangEN, key); zh == en || zh == kind {
			t.Errorf("%s: zh-CN %q and en %q are not both names", key, zh, en)
		}
	}
}
