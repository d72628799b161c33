#!/usr/bin/env bash
# Makes DroidSansFallbackUI.ttf, the subset of DroidSansFallbackFull.ttf that
# the desktop uses for bold and italic text (ui/theme.go): GB 2312 (the 6763
# hanzi and its symbols), ASCII, Latin-1, and every character of the message
# catalog (assets/i18n*.go). Parsing the full font costs ≈ 0.3 s per style at
# start (go-text parses every glyph outline); the subset, a seventh of the
# glyphs, a fraction of that. Run it after adding messages with new
# characters; TestUIFontCoversTheCatalog fails until it is run.
# Needs Debian's python3-fonttools (pyftsubset); not needed to build.
set -euo pipefail
cd "$(dirname "$0")"
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
/usr/bin/python3 - "$chars" ../i18n*.go <<'PY'
import sys
out, sources = sys.argv[1], sys.argv[2:]
cs = set(chr(c) for c in range(0x20, 0x7f)) | set(chr(c) for c in range(0xa0, 0x100))
for hi in range(0xa1, 0xf8):
    for lo in range(0xa1, 0xff):
        try:
            cs.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for src in sources:
    cs |= set(open(src, encoding="utf-8").read())
cs.discard("\n")
open(out, "w", encoding="utf-8").write("".join(sorted(cs)))
PY
/usr/bin/python3 -m fontTools.subset DroidSansFallbackFull.ttf --text-file="$chars" \
  --output-file=DroidSansFallbackUI.ttf --layout-features='*' --notdef-outline
ls -l DroidSansFallbackUI.ttf
