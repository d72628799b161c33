#!/usr/bin/env bash
# Installs the Debian packages SealDesk needs to build, run and test.
# Idempotent: packages already present are skipped, and nothing runs apt when all are there.
set -euo pipefail

pkgs=(
  # cgo toolchain and Fyne's GLFW/OpenGL build deps
  gcc pkg-config libgl1-mesa-dev xorg-dev
  # gousb (USB key insertion watcher)
  libusb-1.0-0-dev
  # independent checkers used by the tests
  poppler-utils qpdf mupdf-tools openssl
  # OFD stamps checked without our code: unzip + openssl
  unzip
  # PKCS#11: SoftHSM2 token and OpenSC's pkcs11-tool
  softhsm2 opensc
  # start-up smoke test of the real GUI
  xvfb xauth libgl1-mesa-dri
  # authorised copies: CUPS queues for print tests
  cups-client cups-daemon
  # the workstation secret in the OS keyring: GNOME Keyring's Secret Service on
  # a private session bus, and libsecret's secret-tool to read its items back
  gnome-keyring dbus-daemon libsecret-tools
  # make bench: the peers (sqlite3 dump) and GNU time for peak memory
  sqlite3 time
  # signatures made by others: npm's @signpdf (pdfsign/testdata/signpdf); PDFs
  # with Chinese text made by others: npm's pdfkit (pdfview/testdata/pdfkit)
  nodejs
)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Debian's nodejs comes without npm; NodeSource's includes it (and conflicts with
# Debian's npm package), so npm is asked for only when no npm is on the PATH.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
