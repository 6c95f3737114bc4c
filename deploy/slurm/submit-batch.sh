#!/usr/bin/env bash
# Submits a Doorstroom batch or sweep as a Slurm array of N batch shards (each
# runs the I-th block of the replications of every scenario) and a merge job
# that starts when every shard has succeeded (afterok; cancelled if one
# fails), and prints the two job ids.
#
#   deploy/slurm/submit-batch.sh N OUTPUT BATCH_PREFIX INPUT… [BATCH OPTIONS…] [-- MERGE OPTIONS…]
#
# e.g. deploy/slurm/submit-batch.sh 16 /scratch/out stress Sweeps/den-haag-stress.yaml --replications 1000 -- --keep-replications
# INPUT… are what `doorstroom batch` takes (scenario files, folders, sweep
# files): every argument up to the first option. Batch options (--replications,
# --seed, --reference, --pilot-replications; --strict checks the scenarios at
# load) go to every shard; after `--`, the merge's options (--csv-dialect,
# --keep-replications, --no-report, --lang, --metrics, --years, --regions-only,
# --strict) go to the merge, which writes the batch folder OUTPUT/BATCH_PREFIX/
# (a shard refuses those options: the merge writes the files). --output,
# --batch-id and --threads are the scripts' own. BATCH_PREFIX must be a batch id
# (A–Z a–z 0–9 . _ -, not starting with `.`) short enough for the shards' ids
# BATCH_PREFIX-shard<I>of<N> (100 characters); N is 1…9999. Both are checked,
# and the scenario and sweep files validated, before anything is queued (exit 2).
# The jobs run in this folder: relative inputs are read from it, by the shards
# and the merge. Prints the array job's id and the merge job's id (without a
# `;cluster` suffix).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: submit-batch.sh N OUTPUT BATCH_PREFIX INPUT… [BATCH OPTIONS…] [-- MERGE OPTIONS…]"
[ $# -ge 4 ] || { echo "$usage" >&2; exit 2; }
count=$1 output=$2 prefix=$3
shift 3
[[ "$count" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "submit-batch.sh: N: expected a number of shards in 1…9999, found \`$count\`" >&2; exit 2; }
# The batch ids of the shards (PREFIX-shard<I>of<N>) and of the merge (PREFIX) follow `batch --batch-id`'s rules.
suffix="-shard${count}of${count}"
others=$(printf '%s' "$prefix" | LC_ALL=C tr -d 'A-Za-z0-9._-')
if [ -z "$prefix" ] || [ -n "$others" ] || [ "${prefix:0:1}" = . ] || [ $(( ${#prefix} + ${#suffix} )) -gt 100 ]; then
    echo "submit-batch.sh: BATCH_PREFIX: expected 1 to $(( 100 - ${#suffix} )) characters of A–Z a–z 0–9 . _ - not starting with \`.\` (the shards' batch ids are BATCH_PREFIX-shard<I>of$count), found \`$prefix\`" >&2
    exit 2
fi
inputs=() batch=() merge=()
while [ $# -gt 0 ] && [[ "$1" != -* ]]; do inputs+=("$1"); shift; done
[ ${#inputs[@]} -gt 0 ] || { echo "submit-batch.sh: expected at least one INPUT before the options; $usage" >&2; exit 2; }
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; merge=("$@"); break; fi
    batch+=("$1"); shift
done
# Fails early, before anything is queued, when a scenario or sweep file does not validate (folders are checked by the shards).
files=()
for input in "${inputs[@]}"; do [ -d "$input" ] || files+=("$input"); done
[ ${#files[@]} -eq 0 ] || "${DOORSTROOM:-doorstroom}" validate --quiet "${files[@]}" >/dev/null
mkdir -p "$output"
array=$(sbatch --parsable --export=ALL --array=1-"$count" "$here/doorstroom-batch-shard.sbatch" "$output" "$prefix" \
    "${inputs[@]}" ${batch[@]+"${batch[@]}"})
job=$(sbatch --parsable --export=ALL --dependency=afterok:"${array%%;*}" --kill-on-invalid-dep=yes \
    "$here/doorstroom-batch-merge.sbatch" "$output" "$prefix" "$count" ${merge[@]+"${merge[@]}"})
echo "${array%%;*} ${job%%;*}"
