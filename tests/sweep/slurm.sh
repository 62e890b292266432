#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# `cmasim sweep --emit slurm` on a real single-node Slurm that this script
# starts itself (munged, slurmctld, slurmd with their own config, state, pid
# files and ports under WORKDIR) and stops on exit. Skips with a reason when
# Slurm is not installed or does not start. TAP on stdout.
# usage: slurm.sh CMASIM WORKLOAD WORKDIR
set -u
cmasim=$1 workload=$2 work=$3
total=4
skip_all() {
	echo "1..$total"
	for i in $(seq 1 $total); do echo "ok $i # SKIP $1"; done
	exit 0
}
for p in munged mungekey slurmctld slurmd sbatch squeue; do
	command -v "$p" >/dev/null 2>&1 || skip_all "$p not installed (scripts/common.sh: CMASIM_SLURM_DEBS)"
done
[ "$(id -u)" -eq 0 ] || skip_all "needs root to start slurmd"

rm -rf "$work"
mkdir -p "$work/state/ctld" "$work/state/d" "$work/munge"
chmod 700 "$work/munge"
state=$work/state
cleanup() {
	for f in "$state/ctld.pid" "$state/d.pid" "$work/munge/munged.pid"; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	# the daemons remove their pid files as they exit
	for _ in $(seq 1 20); do
		[ -e "$state/ctld.pid" ] || [ -e "$state/d.pid" ] || break
		sleep 0.25
	done
}
trap cleanup EXIT

mungekey -c -k "$work/munge/munge.key" >/dev/null 2>&1 || skip_all "mungekey failed"
munged --force --socket="$work/munge/sock" --key-file="$work/munge/munge.key" \
	--pid-file="$work/munge/munged.pid" --log-file="$work/munge/log" \
	--seed-file="$work/munge/seed" >/dev/null 2>&1 || skip_all "munged does not start"

export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=cmasim-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/sock
SlurmctldPort=26817
SlurmdPort=26818
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/ctld.pid
SlurmdPidFile=$state/d.pid
SlurmctldLogFile=$state/ctld.log
SlurmdLogFile=$state/d.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -i >/dev/null 2>&1 || skip_all "slurmctld does not start (see $state/ctld.log)"
slurmd -N localhost >/dev/null 2>&1 || skip_all "slurmd does not start (see $state/d.log)"
up=0
for _ in $(seq 1 40); do
	if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then up=1; break; fi
	sleep 0.5
done
[ $up -eq 1 ] || skip_all "the Slurm node did not come up in 20 s (see $state/*.log)"

echo "1..$total"
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

"$cmasim" sweep "$workload" --seeds 1..2 --set duration=1s,2s --policies cma \
	--emit slurm --shards 2 --out "$work/sweep" >"$work/emit.out" 2>&1
check "--emit slurm writes the job array and the merge job" \
	"grep -q '^#SBATCH --array=0-1' '$work/sweep/sweep.sbatch' && [ -s '$work/sweep/sweep-merge.sbatch' ]"
jid=$(cd "$work" && sbatch --parsable "$work/sweep/sweep.sbatch" 2>>"$work/sbatch.err")
mid=$(cd "$work" && sbatch --parsable --dependency="afterok:$jid" "$work/sweep/sweep-merge.sbatch" 2>>"$work/sbatch.err")
check "sbatch accepts both (array $jid, merge $mid)" "[ -n '$jid' ] && [ -n '$mid' ]"
for _ in $(seq 1 90); do
	[ -z "$(squeue -h 2>/dev/null)" ] && break
	sleep 0.5
done
check "every job left the queue within 45 s" "[ -z \"\$(squeue -h 2>/dev/null)\" ]"
check "the merge wrote sweep.tsv with 4 ok rows" \
	"[ -s '$work/sweep/sweep.tsv' ] && [ \$(grep -c '	ok	' '$work/sweep/sweep.tsv') -eq 4 ]"
