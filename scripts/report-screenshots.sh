#!/bin/sh
# `make report`: report.html for the shipped Den Haag baseline and the shipped
# Den Haag stress sweep (200 replications each), and a full-page PNG screenshot
# of each in headless Chromium, in Output/report-example/.
set -eu
cd "$(dirname "$0")/.."
scripts/ensure-chromium.sh
tool=.build/release/doorstroom
out=Output/report-example
rm -rf "$out"
mkdir -p "$out"
"$tool" run Scenarios/den-haag/baseline.yaml --replications 200 --output "$out" --run-id baseline --quiet
"$tool" batch Sweeps/den-haag-stress.yaml --replications 200 --output "$out" --batch-id den-haag-stress --quiet
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
shoot() {
    HOME="$home" chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --screenshot="$PWD/$2" --window-size=1100,"$3" "file://$PWD/$1" 2>/dev/null
    test -s "$2" || { echo "no screenshot of $1" >&2; exit 1; }
    echo "$2"
}
shoot "$out/den-haag-baseline/baseline/report.html" "$out/baseline.png" 9000
shoot "$out/den-haag-stress/report.html" "$out/den-haag-stress.png" 9000
