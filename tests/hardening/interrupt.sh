#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# TAP test: SIGINT and SIGTERM stop a running simulation at an event
# boundary; cmasim writes every file of the run directory with
# `partial: true` in summary.yaml, leaves no temporary file, and exits
# 128 + the signal number.
# usage: interrupt.sh CMASIM WORKLOAD WORKDIR
set -u
cmasim=$1
workload=$2
work=$3
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }

interrupt() { # interrupt SIGNAL EXPECTED_EXIT
	local sig=$1 want=$2 out="$work/$1" pid rc waited=0
	rm -rf "$out"
	# long enough that it is still running when the signal comes
	"$cmasim" run --quiet --set duration=100000s --out "$out" "$workload" \
		>"$work/$sig.stdout" 2>"$work/$sig.stderr" &
	pid=$!
	# the streamed timeline's temporary file shows the run loop has started
	until ls "$out" 2>/dev/null | grep -q '^timeline\.tsv\.tmp\.'; do
		sleep 0.1
		waited=$((waited + 1))
		if [ $waited -gt 600 ]; then
			kill -KILL $pid
			not_ok "$sig: the run never started"
			return
		fi
	done
	sleep 0.5
	kill -"$sig" $pid
	wait $pid
	rc=$?
	[ $rc -eq "$want" ] && ok "$sig: exit $want" || not_ok "$sig: exit $rc, expected $want"
	if grep -q '^partial: true$' "$out/summary.yaml" 2>/dev/null; then
		ok "$sig: summary.yaml says partial: true"
	else
		not_ok "$sig: summary.yaml missing or not partial"
	fi
	local missing=""
	for f in config.effective.yaml summary.yaml requests.tsv timeline.tsv pfnmap.tsv \
		buddyinfo.txt pagetypeinfo.txt unusable_index extfrag_index run-info.yaml; do
		[ -s "$out/$f" ] || missing="$missing $f"
	done
	[ -z "$missing" ] && ok "$sig: every file written" || not_ok "$sig: missing:$missing"
	if ls "$out" | grep -q '\.tmp\.'; then
		not_ok "$sig: temporary files left: $(ls "$out" | grep '\.tmp\.' | tr '\n' ' ')"
	else
		ok "$sig: no temporary file left"
	fi
	# the timeline ends with a whole row
	if [ "$(tail -c 1 "$out/timeline.tsv" | od -An -c | tr -d ' ')" = '\n' ]; then
		ok "$sig: timeline.tsv ends with a whole row"
	else
		not_ok "$sig: timeline.tsv ends mid-row"
	fi
}

mkdir -p "$work"
interrupt INT 130
interrupt TERM 143
echo "1..$n"
exit $fail
