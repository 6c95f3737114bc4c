#!/usr/bin/env bash
# A real single-node Slurm on localhost: installs Debian's slurm-wlm and munge
# if needed, starts munged, slurmctld and slurmd with a generated
# configuration in a fresh folder, submits a scenario as an array job of
# shards with a dependent merge job (deploy/slurm/submit.sh), and a small
# sweep of the scenario (two ingroeipad lengths that share its client
# simulation and a point with another Wlz outflow; differences.csv and
# stress.csv) as an array of batch shards with a dependent merge job
# (deploy/slurm/submit-batch.sh), waits, checks the merged files (written in
# the excel-nl dialect, a merge option, to check that the merge job gets its
# options) against a single-process run and batch byte for byte (index.csv
# but for wall_seconds; the manifests hold the command and clock times), and
# shuts everything down. Needs root (as the measured recipe in
# ../shared/notes/slurm-single-node.md) and the ports 6817/6818 free.
#
#   scripts/slurm-test.sh [SCENARIO] [SHARDS] [REPLICATIONS] [SWEEP SHARDS]
#
# Exit status: 0 when the merged files equal the single run's; 1 when they do
# not, or a job failed; 77 when this machine cannot run Slurm (not root, the
# ports taken, no packages, daemons that do not start): skipped, with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scenario=${1:-Scenarios/den-haag/baseline.yaml}
shards=${2:-4}
replications=${3:-12}
sweep_shards=${4:-3}
start=$(date +%s)
skip() { echo "slurm-test: SKIPPED: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (it installs packages and starts the daemons)"
if ss -ltn 2>/dev/null | grep -qE ':(6817|6818)\b'; then skip "port 6817 or 6818 is in use (another Slurm?)"; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null; } \
        || skip "could not install slurmctld, slurmd, slurm-client and munge with apt-get"
fi
scripts/ensure-gsl.sh
swift build -c release --product doorstroom >/dev/null 2>&1 || swift build -c release --product doorstroom
export DOORSTROOM=$root/.build/release/doorstroom

base=$(mktemp -d /tmp/doorstroom-slurm.XXXXXX)
mkdir -p "$base"/{etc,state,spool,log,run,out}
teardown() {
    set +e
    scancel --user=root >/dev/null 2>&1
    scontrol shutdown >/dev/null 2>&1
    for pid in "$base/run/slurmd.pid" "$base/run/ctld.pid" "$base/run/munged.pid"; do
        [ -s "$pid" ] && kill "$(cat "$pid")" >/dev/null 2>&1
    done
    [ -s /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" >/dev/null 2>&1
    sleep 0.5
}
trap teardown EXIT

[ -s /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key; }
install -d -o munge -g munge -m 0755 /run/munge
runuser -u munge -- /usr/sbin/munged || skip "munged did not start"
memory=$(( $(free -m | awk '/^Mem:/ {print $2}') - 512 ))
sed -e "s|BASE|$base|g" -e "s|<nproc>|$(nproc)|" -e "s|<MB>|$memory|" > "$base/etc/slurm.conf" <<'CONF'
ClusterName=local
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=BASE/state
SlurmdSpoolDir=BASE/spool
SlurmctldPidFile=BASE/run/slurmctld.pid
SlurmdPidFile=BASE/run/slurmd.pid
SlurmctldLogFile=BASE/log/slurmctld.log
SlurmdLogFile=BASE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
NodeName=localhost NodeAddr=127.0.0.1 CPUs=<nproc> RealMemory=<MB> State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$base/etc/slurm.conf
setsid slurmctld -D -f "$SLURM_CONF" >"$base/log/slurmctld.out" 2>&1 </dev/null & echo $! >"$base/run/ctld.pid"
deadline=$(( $(date +%s) + 30 ))
until scontrol ping 2>/dev/null | grep -q 'is UP'; do
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$base/log/slurmctld.out" >&2; skip "slurmctld did not come up"; }
    sleep 0.1
done
setsid slurmd -D -N localhost -f "$SLURM_CONF" >"$base/log/slurmd.out" 2>&1 </dev/null & echo $! >"$base/run/slurmd.pid"
until [ "$(sinfo -h -n localhost -o %t 2>/dev/null)" = idle ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$base/log/slurmd.out" >&2; skip "slurmd did not come up"; }
    sleep 0.2
done
echo "slurm-test: Slurm up after $(( $(date +%s) - start )) s"

options=(--replications "$replications" --pilot-replications 10)
cd "$base/out"
read -r array merge < <("$root/deploy/slurm/submit.sh" "$root/$scenario" "$shards" "$base/out/runs" sharded "${options[@]}" \
    -- --csv-dialect excel-nl --no-report)
echo "slurm-test: array job $array ($shards shards), merge job $merge"
# The sweep: the scenario under two ingroeipad lengths (money only: one client simulation with the base)
# and another Wlz outflow (a client simulation of its own); the base is the reference.
cat > "$base/out/sweep.yaml" <<SWEEP
sweep: slurm-sweep
base: $root/$scenario
grid:
  finance.ingroeipad.years: [5, 15]
points:
  - {name: wlz-high, set: {stay.intramural.wlz.exponential.mean_years: 10}}
SWEEP
read -r sweep_array sweep_merge < <("$root/deploy/slurm/submit-batch.sh" "$sweep_shards" batches sweep sweep.yaml "${options[@]}" \
    -- --csv-dialect excel-nl --no-report --keep-replications)
echo "slurm-test: sweep array job $sweep_array ($sweep_shards batch shards), merge job $sweep_merge"
wait_for() {
    local deadline=$(( $(date +%s) + 600 )) state
    while true; do
        state=$(scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
        case "$state" in
            COMPLETED) return ;;
            FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY)
                echo "slurm-test: the merge job $1 ended $state" >&2; cat "$base"/out/slurm-*.out >&2; exit 1 ;;
        esac
        [ "$(date +%s)" -lt "$deadline" ] || { echo "slurm-test: gave up waiting for $1 (state ${state:-unknown})" >&2; exit 1; }
        sleep 0.5
    done
}
wait_for "$merge"
wait_for "$sweep_merge"

"$DOORSTROOM" run "$root/$scenario" "${options[@]}" --csv-dialect excel-nl --no-report --output "$base/out/single" --run-id single --quiet
name=$(basename "$(dirname "$(ls -d "$base"/out/runs/*/sharded)")")
merged=$base/out/runs/$name/sharded single=$base/out/single/$name/single
compared=0
for f in "$single"/*.csv; do
    cmp "$f" "$merged/$(basename "$f")" || { echo "slurm-test: $(basename "$f") differs from the single run" >&2; exit 1; }
    compared=$((compared + 1))
done
[ "$compared" -gt 0 ] || { echo "slurm-test: the single run wrote no CSV" >&2; exit 1; }
echo "slurm-test: $shards shards on Slurm merged into files byte-identical to the single run ($compared CSV files: $(cd "$single" && ls *.csv | tr '\n' ' ')) in $(( $(date +%s) - start )) s"

# The sweep: every file of the single-process batch, byte for byte, in the merged batch folder.
"$DOORSTROOM" batch sweep.yaml "${options[@]}" --csv-dialect excel-nl --no-report --keep-replications --output single --batch-id sweep --quiet
merged=$base/out/batches/sweep single=$base/out/single/sweep
without_wall() { sed -E 's/;[^;]*$//; t; s/,[^,]*$//' "$1"; }
compared=0
while IFS= read -r f; do
    [ -e "$merged/$f" ] || { echo "slurm-test: sweep: $f is missing from the merged batch" >&2; exit 1; }
    case "$f" in
        */manifest.json|manifest.json) continue ;;  # the command, threads and clock times: the merge's own
        index.csv) cmp <(without_wall "$single/$f") <(without_wall "$merged/$f") \
                       || { echo "slurm-test: sweep: index.csv differs from the single batch's (but for wall_seconds)" >&2; exit 1; } ;;
        *) cmp "$single/$f" "$merged/$f" || { echo "slurm-test: sweep: $f differs from the single batch's" >&2; exit 1; } ;;
    esac
    compared=$((compared + 1))
done < <(cd "$single" && find . -type f | sed 's|^\./||' | sort)
[ "$(cd "$single" && find . -type f | wc -l)" = "$(cd "$merged" && find . -type f | wc -l)" ] \
    || { echo "slurm-test: sweep: the merged batch has other files than the single batch" >&2; exit 1; }
for f in differences.csv stress.csv index.csv summary.csv; do
    [ -s "$merged/$f" ] || { echo "slurm-test: sweep: the merged batch has no $f" >&2; exit 1; }
done
echo "slurm-test: a sweep of $(grep -c . "$single/index.csv" | awk '{print $1 - 1}') scenarios in $sweep_shards batch shards on Slurm merged into a batch folder byte-identical to the single batch ($compared files compared) in $(( $(date +%s) - start )) s"
