#!/usr/bin/env bash
# Makes sure the GNU Scientific Library (libgsl-dev) and pkg-config are installed.
# As root it installs them with apt-get; otherwise it prints the command to run.
set -euo pipefail

have_gsl() {
    [ -f /usr/include/gsl/gsl_rng.h ] || { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl; }
}
have_pkgconfig() { command -v pkg-config >/dev/null 2>&1; }

if have_gsl && have_pkgconfig; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "doorstroom: installing libgsl-dev and pkg-config with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq libgsl-dev pkg-config >/dev/null
    have_gsl || { echo "doorstroom: libgsl-dev did not install" >&2; exit 1; }
    exit 0
fi

cat >&2 <<'MSG'
doorstroom needs the GNU Scientific Library (GSL) development files and pkg-config.
Install them, then run the command again:

    sudo apt-get install libgsl-dev pkg-config

(On macOS with Homebrew: brew install gsl pkg-config)
MSG
exit 1
