#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# cli-kref.sh CMASIM OUTDIR: `cmasim import-kernel`, `cmasim run` and `cmasim agree` end to
# end on a small hand-made capture written here (no partial frees, so that it imports with any
# cma_release), and their exit statuses: agree 0 when every op agrees, 1 when one does not,
# 2 on bad input. TAP on stdout, the commands' output on stderr.
cmasim=$1
out=$2
rm -rf "$out"
mkdir -p "$out/cap" || exit 1
n=0
failed=0
check() { # check EXPECTED DESCRIPTION CMD...
	expected=$1
	what=$2
	shift 2
	"$@" 1>&2
	status=$?
	n=$((n + 1))
	if [ "$status" -eq "$expected" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what (exit $status, expected $expected)"
		failed=1
	fi
}

write_capture() { # write_capture DIR PFN_OF_OP2
	cat > "$1/ops.log" <<EOC
# cmasim-kref 1
# hand-made for tests/kref/cli-kref.sh; the arm64 DMA atomic pools hold the first 96 pages
arch arm64
kernel 6.1.0-synthetic
cmdline console=ttyAMA0
scenario idle
page_size 4096
pageblock_order 9
ram_bytes 268435456
zone name=DMA start_pfn=262144 spanned=65536 present=65536 managed=60000
area name=reserved base_pfn=0x48000 count=8192 order_per_bit=0
boot used=96 maxchunk=8096 nr_free_pages=50000 nr_free_cma=8192 nr_file_pages=900 nr_anon_pages=50
background kind=none bytes=0
ready used=96 maxchunk=8096 nr_free_pages=50000 nr_free_cma=8192 nr_file_pages=900 nr_anon_pages=50
op seq=1 cmd=alloc count=1024 rc=0 pfn=0x48060 released=none used=1120 maxchunk=7072 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0
op seq=2 cmd=alloc count=512 rc=0 pfn=$2 released=none used=1632 maxchunk=6560 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0
op seq=3 cmd=free count=2000 rc=0 pfn=none released=$2+512,0x48060+1024 used=96 maxchunk=8096 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0
op seq=4 cmd=alloc count=100000 rc=-12 pfn=none released=none used=96 maxchunk=8096 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0
end used=96 maxchunk=8096 nr_free_pages=50000 nr_free_cma=8192 nr_file_pages=900 nr_anon_pages=50
EOC
}

write_capture "$out/cap" 0x48460
check 0 "import-kernel" "$cmasim" import-kernel "$out/cap" -o "$out/w.yaml"
check 0 "import-kernel to stdout" "$cmasim" import-kernel "$out/cap"
check 0 "the workload validates" "$cmasim" validate "$out/w.yaml"
check 0 "run" "$cmasim" run --quiet --out "$out/run" "$out/w.yaml"
check 0 "agree: every op agrees" "$cmasim" agree "$out/cap" "$out/run"
check 0 "agree --tolerance 5% --quiet" "$cmasim" agree --tolerance 5% --quiet "$out/cap" "$out/run"
mkdir -p "$out/cap2" && write_capture "$out/cap2" 0x48860
check 1 "agree: a pfn differs" "$cmasim" agree "$out/cap2" "$out/run"
check 2 "agree: bad --tolerance" "$cmasim" agree --tolerance lots "$out/cap" "$out/run"
check 2 "agree: no run directory" "$cmasim" agree "$out/cap" "$out/no-such-run"
check 2 "agree: one argument" "$cmasim" agree "$out/cap"
sed 's/^op seq=2 /op seq=3 /' "$out/cap/ops.log" > "$out/bad.log"
check 2 "agree: a malformed capture" "$cmasim" agree "$out/bad.log" "$out/run"
check 1 "import-kernel: a malformed capture" "$cmasim" import-kernel "$out/bad.log"
check 1 "import-kernel: no capture" "$cmasim" import-kernel "$out/no-such-capture"
check 2 "import-kernel: no argument" "$cmasim" import-kernel
check 2 "import-kernel: an unknown option" "$cmasim" import-kernel --frob "$out/cap"
check 0 "import-kernel --spacing 50ms" "$cmasim" import-kernel --spacing 50ms "$out/cap" -o "$out/w50.yaml"
grep -q '^  - {at: 100ms, op: cma_alloc, id: 2,' "$out/w50.yaml"
status=$?
n=$((n + 1))
if [ "$status" -eq 0 ]; then echo "ok $n - --spacing 50ms: op 2 at 100 ms"; else echo "not ok $n - --spacing 50ms"; failed=1; fi
check 2 "import-kernel --spacing 0" "$cmasim" import-kernel --spacing 0 "$out/cap"
check 0 "import-kernel --help" "$cmasim" import-kernel --help
check 0 "agree --help" "$cmasim" agree --help
"$cmasim" --help | grep -q '^  import-kernel ' && "$cmasim" --help | grep -q '^  agree '
status=$?
n=$((n + 1))
if [ "$status" -eq 0 ]; then echo "ok $n - --help lists import-kernel and agree"; else echo "not ok $n - --help"; failed=1; fi
echo "1..$n"
exit $failed
