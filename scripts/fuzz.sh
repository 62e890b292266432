#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS]: fuzz the YAML front end (docs/fuzzing.md).
# Installs clang and libFuzzer if missing, builds build-fuzz/ with clang,
# libFuzzer, ASan and UBSan (-Dfuzz=true), seeds a corpus per target from the
# shipped and test YAML, then runs both targets side by side for SECONDS each
# (default 60). Exits nonzero on any crash, sanitizer report, leak, timeout
# or out-of-memory; the input that caused it is left in build-fuzz/artifacts/.
# The corpora in build-fuzz/corpus/ grow from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

seconds=${1:-60}
case $seconds in
'' | *[!0-9]*)
	echo "usage: scripts/fuzz.sh [SECONDS]" >&2
	exit 2
	;;
esac

cmasim_install_deps "${CMASIM_DEBS[@]}" "${CMASIM_FUZZ_DEBS[@]}"
CC=clang-14 cmasim_build build-fuzz -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
	-Db_lundef=false -Dbuildtype=debugoptimized >/dev/null

out=build-fuzz
mkdir -p "$out/artifacts"
# seeds: every workload, preset, profile and test input; events targets
# also get the trace files. The corpus directory is the fuzzer's own.
rm -rf "$out/seeds"
mkdir -p "$out/seeds/workload" "$out/seeds/event-stream" \
	"$out/corpus/workload" "$out/corpus/event-stream"
seed() {
	local target=$1
	shift
	local f
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$out/seeds/$target/$(echo "$f" | tr / _)"
	done
	return 0
}
shopt -s nullglob globstar
seed workload tests/fuzz/seeds/*.yaml tests/data/bad/*.yaml workloads/**/*.yaml configs/**/*.yaml tests/data/**/*.yaml
seed event-stream workloads/**/*.events.yml tests/data/good/_trace-*.yaml \
	tests/data/bad/events-*.yaml tests/data/scenario/*.yaml

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export G_SLICE=always-malloc G_DEBUG=fatal-criticals

pids=()
for target in workload event-stream; do
	"$out/tests/fuzz/fuzz-$target" \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
		-max_len=8192 -dict=tests/fuzz/yaml.dict -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$target-" \
		"$out/corpus/$target" "$out/seeds/$target" >"$out/fuzz-$target.log" 2>&1 &
	pids+=($!)
done
status=0
i=0
for target in workload event-stream; do
	if wait "${pids[$i]}"; then
		grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' \
			"$out/fuzz-$target.log" | sed "s/^/fuzz-$target: /"
	else
		status=1
		echo "cmasim: fuzz-$target found a problem ($out/fuzz-$target.log):" >&2
		tail -n 60 "$out/fuzz-$target.log" >&2
	fi
	i=$((i + 1))
done
[ $status -eq 0 ] && echo "cmasim: fuzzing found nothing in ${seconds}s per target"
exit $status
