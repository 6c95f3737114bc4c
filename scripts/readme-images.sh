#!/bin/sh
# `make readme-images`: the README's fan chart and heat map, drawn by the tool
# from the shipped Den Haag stress sweep with 1,000 replications (about 2 minutes
# on 2 cores in a release build).
set -eu
cd "$(dirname "$0")/.."
tool=.build/release/doorstroom
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$tool" batch Sweeps/den-haag-stress.yaml --replications 1000 --output "$out" --batch-id den-haag-stress --quiet --no-report
b="$out/den-haag-stress"
"$tool" chart "$b" --stress --scenario den-haag-stress-base --scenario den-haag-stress-years-5-profile-linear \
    --scenario den-haag-stress-years-15-profile-linear --scenario den-haag-stress-wlz-low \
    --output docs/images/den-haag-stress-heat-map.svg
"$tool" chart "$b" --metric balance_cumulative --municipality Zoetermeer --scenario den-haag-stress-base \
    --scenario den-haag-stress-years-5-profile-linear --scenario den-haag-stress-years-15-profile-linear \
    --output docs/images/zoetermeer-balance-fan.svg
