#!/usr/bin/env bash
# Shared by demo.sh and test.sh: install what is missing (Debian), then
# configure and build a Meson tree. Sourced, not run.

CMASIM_DEBS=(meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libglib2.0-dev-bin
	libyaml-dev libcmocka-dev gnuplot-nox)
# a single-node Slurm for tests/sweep/slurm.sh (scripts/test.sh installs them)
CMASIM_SLURM_DEBS=(slurmctld slurmd slurm-client munge)
# scripts/fuzz.sh only: clang with libFuzzer and the sanitizer runtimes
CMASIM_FUZZ_DEBS=(clang-14 libclang-rt-14-dev)

# cmasim_install_deps [PACKAGE...]: install the missing ones of the
# packages named (default: CMASIM_DEBS)
cmasim_install_deps() {
	local missing=()
	local pkg
	[ $# -gt 0 ] || set -- "${CMASIM_DEBS[@]}"
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "cmasim: installing ${missing[*]}" >&2
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || {
			echo "cmasim: need root or sudo to install: ${missing[*]}" >&2
			return 1
		}
		sudo=(sudo)
	fi
	# wait for another apt or dpkg (a fresh machine's first-boot updates) instead of failing
	local lock=(-o DPkg::Lock::Timeout=600)
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" update -qq &&
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq \
			--no-install-recommends "${missing[@]}" >/dev/null
}

# cmasim_build DIR [meson options...]: configure (or reconfigure) and compile
cmasim_build() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
	meson compile -C "$dir"
}
