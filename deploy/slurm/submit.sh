#!/usr/bin/env bash
# Submits a Doorstroom run as a Slurm array of N shards and a merge job that
# starts when every shard has succeeded (afterok; cancelled if one fails), and
# prints the two job ids.
#
#   deploy/slurm/submit.sh SCENARIO N OUTPUT RUN_PREFIX [RUN OPTIONS…] [-- MERGE OPTIONS…]
#
# e.g. deploy/slurm/submit.sh Scenarios/den-haag/baseline.yaml 8 /scratch/out dh --replications 1000 -- --csv-dialect excel-nl
# Run options (--replications, --seed, --set, --pilot-replications; --strict
# checks the scenario at load) go to every shard; after `--`, the merge's options (--csv-dialect,
# --keep-replications, --no-report, --lang, --metrics, --years,
# --regions-only, --strict) go to the merge, which writes the files (a shard
# refuses those options). --output, --run-id and --threads are the scripts'
# own. RUN_PREFIX must be a run id (A–Z a–z 0–9 . _ -, not starting with `.`)
# short enough for the shards' ids RUN_PREFIX-shard<I>of<N> (100 characters);
# N is 1…9999. Both are checked, and the scenario validated, before anything is
# queued (exit 2). Prints the array job's id and the merge job's id (without a
# `;cluster` suffix).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 4 ] || { echo "usage: submit.sh SCENARIO N OUTPUT RUN_PREFIX [RUN OPTIONS…] [-- MERGE OPTIONS…]" >&2; exit 2; }
scenario=$1 count=$2 output=$3 prefix=$4
shift 4
[[ "$count" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "submit.sh: N: expected a number of shards in 1…9999, found \`$count\`" >&2; exit 2; }
# The run ids of the shards (PREFIX-shard<I>of<N>) and of the merge (PREFIX) follow `run --run-id`'s rules.
suffix="-shard${count}of${count}"
others=$(printf '%s' "$prefix" | LC_ALL=C tr -d 'A-Za-z0-9._-')
if [ -z "$prefix" ] || [ -n "$others" ] || [ "${prefix:0:1}" = . ] || [ $(( ${#prefix} + ${#suffix} )) -gt 100 ]; then
    echo "submit.sh: RUN_PREFIX: expected 1 to $(( 100 - ${#suffix} )) characters of A–Z a–z 0–9 . _ - not starting with \`.\` (the shards' run ids are RUN_PREFIX-shard<I>of$count), found \`$prefix\`" >&2
    exit 2
fi
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
echo "${array%%;*} ${job%%;*}"
