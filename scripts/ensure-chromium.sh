#!/usr/bin/env bash
# Makes sure a headless Chromium (and a font, without which SVG text is not
# drawn) is installed, for the tests that render charts and reports in a browser.
# As root it installs chromium and fonts-dejavu-core with apt-get; otherwise it
# prints the command to run and exits non-zero. Prints nothing when all is there.
set -euo pipefail

find_chromium() {
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    [ -x "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" ] || [ -x "/Applications/Chromium.app/Contents/MacOS/Chromium" ]
}
have_font() {
    # macOS has its own fonts; elsewhere fontconfig must know at least one.
    [ "$(uname)" = Darwin ] || { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ]; }
}

if find_chromium && have_font; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "doorstroom: installing chromium and fonts-dejavu-core with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
    find_chromium || { echo "doorstroom: chromium did not install" >&2; exit 1; }
    exit 0
fi

cat >&2 <<'MSG'
The browser tests need a headless Chromium and a font. Install them, then run the tests again:

    sudo apt-get install --no-install-recommends chromium fonts-dejavu-core

(On macOS: install Google Chrome or Chromium in /Applications.)
MSG
exit 1
