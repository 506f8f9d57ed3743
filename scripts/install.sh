#!/usr/bin/env bash
# Installs AnalogSim from this checkout: the Debian packages it needs, a release build, and a copy
# of the tool, the bundled device profiles and the docs under PREFIX (default /usr/local).
#
#   scripts/install.sh [PREFIX]
#
# Afterwards `analogsim` runs from PREFIX/bin and finds its profiles in
# PREFIX/share/analogsim/device-profiles.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"

sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

export DEBIAN_FRONTEND=noninteractive
sudo_if_needed apt-get update -qq
sudo_if_needed apt-get install -y -qq --no-install-recommends libgsl-dev libopenblas-dev zlib1g-dev libplplot-dev plplot-driver-cairo dataset-fashion-mnist

swift build -c release

install_root() {
    if [ -w "$prefix" ] || { [ ! -e "$prefix" ] && [ -w "$(dirname "$prefix")" ]; }; then "$@"; else sudo_if_needed "$@"; fi
}
install_root mkdir -p "$prefix/bin" "$prefix/share/analogsim/device-profiles"
install_root install -m 755 .build/release/analogsim "$prefix/bin/analogsim"
install_root install -m 644 device-profiles/*.json "$prefix/share/analogsim/device-profiles/"
# Messages refer to docs/profile-format.md and other pages; they go beside the profiles.
install_root cp -r docs "$prefix/share/analogsim/"
echo "installed $prefix/bin/analogsim and $(ls device-profiles/*.json | wc -l) profiles in $prefix/share/analogsim/device-profiles"
