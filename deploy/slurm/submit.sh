#!/usr/bin/env bash
# Submits a Doorstroom run as a Slurm array of N shards and a merge job that
# starts when every shard has succeeded (afterok; cancelled if one fails), and
# prints the two job ids.
#
#   deploy/slurm/submit.sh SCENARIO N OUTPUT RUN_PREFIX [RUN OPTIONS…] [-- MERGE OPTIONS…]
#
# e.g. deploy/slurm/submit.sh Scenarios/den-haag/baseline.yaml 8 /scratch/out dh --replications 1000 -- --csv-dialect excel-nl
# Run options (--replications, --seed, --set, --pilot-replications, --csv-dialect)
# go to every shard; after `--`, the merge's options (--csv-dialect,
# --keep-replications, --no-report, --lang, --metrics, --years,
# --regions-only) go to the merge, which writes the files. --output, --run-id
# and --threads are the scripts' own.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 4 ] || { echo "usage: submit.sh SCENARIO N OUTPUT RUN_PREFIX [RUN OPTIONS…] [-- MERGE OPTIONS…]" >&2; exit 2; }
scenario=$1 count=$2 output=$3 prefix=$4
shift 4
[[ "$count" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "submit.sh: N: expected a number of shards in 1…9999, found \`$count\`" >&2; exit 2; }
run=() merge=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; merge=("$@"); break; fi
    run+=("$1"); shift
done
# Fails early, before anything is queued, when the scenario does not validate.
"${DOORSTROOM:-doorstroom}" validate "$scenario" >/dev/null
mkdir -p "$output"
array=$(sbatch --parsable --export=ALL --array=1-"$count" "$here/doorstroom-shard.sbatch" "$scenario" "$output" "$prefix" \
    ${run[@]+"${run[@]}"})
job=$(sbatch --parsable --export=ALL --dependency=afterok:"${array%%;*}" --kill-on-invalid-dep=yes \
    "$here/doorstroom-merge.sbatch" "$output" "$prefix" "$count" ${merge[@]+"${merge[@]}"})
echo "$array $job"
