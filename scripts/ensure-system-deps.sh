#!/usr/bin/env bash
# Installs the few Debian/Ubuntu packages PySide6, the venv and write-back need, only when missing.
# Python packages come from pyproject.toml; this covers what pip cannot install.
set -euo pipefail

packages=(
  python3-venv        # `python3 -m venv` on Debian/Ubuntu
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3   # Qt, also offscreen
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0  # Qt on X11
  fonts-wqy-microhei  # a CJK font, so Chinese text renders in the window and PDF contact sheets
  libimage-exiftool-perl  # exiftool: write-back's independent fidelity check, tests' reference reader
  postgresql          # the archive's tests start a throw-away server (initdb, pg_ctl, pg_trgm)
)

command -v dpkg >/dev/null 2>&1 || exit 0   # not Debian-like: the README lists what to install

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# python3-venv is versioned on newer Ubuntu; accept any that makes a working venv.
if python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<< "${missing[*]:-}"
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Please install these packages (as root): apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
