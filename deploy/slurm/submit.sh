#!/usr/bin/env bash
# Submits a Doorstroom run as a Slurm array of N shards and a merge job that
# starts when every shard has succeeded (afterok), and prints the two job ids.
#
#   deploy/slurm/submit.sh SCENARIO N OUTPUT RUN_PREFIX [RUN OPTIONS…]
#
# e.g. deploy/slurm/submit.sh Scenarios/den-haag/baseline.yaml 8 /scratch/out dh --replications 1000
# Run options (--replications, --seed, --set, --pilot-replications, …) go to
# every shard; the merge finds the scenario through the shards' manifests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scenario=$1 count=$2 output=$3 prefix=$4
shift 4
name=$("${DOORSTROOM:-doorstroom}" validate "$scenario" | sed -n 's/.*: ok — scenario \([^,]*\),.*/\1/p')
[ -n "$name" ] || { echo "submit.sh: $scenario does not validate" >&2; exit 2; }
mkdir -p "$output"
array=$(sbatch --parsable --export=ALL --array=1-"$count" "$here/doorstroom-shard.sbatch" "$scenario" "$output" "$prefix" "$@")
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"${array%%;*}" "$here/doorstroom-merge.sbatch" \
    "$name" "$output" "$prefix" "$count")
echo "$array $merge"
