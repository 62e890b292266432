#!/usr/bin/env bash
# run.sh ARCH SCENARIO OUTDIR: boot the reference kernel for ARCH under QEMU
# (TCG, -icount shift=0,sleep=off: the CMA outcome repeats run to run), replay an op script under
# the SCENARIO's background load and split the console into OUTDIR
# (ops.log, ops.txt, trace.txt, vmstat.*, pagetypeinfo.*, zoneinfo.before).
#
#   ARCH      arm32 | arm64 | x86-64
#   SCENARIO  idle (no load) | anon (256 MiB touched anon) |
#             pagecache (300 MiB read from an ext2 virtio disk) |
#             shmem (384 MiB written to a tmpfs file) |
#             anon-heavy (400 MiB anon) | pagecache-heavy (640 MiB read: more than RAM)
# Environment (all optional):
#   KREF_WORK      scratch dir outside the project (default /work/kernel)
#   KREF_OPS       op script to run instead of `gen-ops.sh $KREF_SEED $KREF_NOPS`
#   KREF_SEED      default 1;  KREF_NOPS default 200;  KREF_MAXCOUNT default 4096
#   KREF_BG_BYTES  override the background size in bytes
#   KREF_TIMEOUT   seconds before QEMU is killed (default 1500)
#   KREF_IMAGE     a kernel image to boot instead of building one
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KREF_WORK=${KREF_WORK:-/work/kernel}
usage() { echo "usage: run.sh arm32|arm64|x86-64 idle|anon|pagecache|shmem|anon-heavy|pagecache-heavy OUTDIR" >&2; exit 2; }
[ $# -eq 3 ] || usage
arch=$1 scenario=$2 outdir=$3
ram_mib=512
ram_bytes=$(( ram_mib * 1024 * 1024 ))

case "$arch" in
    x86-64) cc=gcc; console=ttyS0; qemu="qemu-system-x86_64"
            machine=(-M pc -cpu qemu64); blkdev=virtio-blk-pci ;;
    arm64)  cc=aarch64-linux-gnu-gcc; console=ttyAMA0; qemu="qemu-system-aarch64"
            machine=(-M virt -cpu cortex-a53); blkdev=virtio-blk-device ;;
    arm32)  cc=arm-linux-gnueabihf-gcc; console=ttyAMA0; qemu="qemu-system-arm"
            machine=(-M virt -cpu cortex-a15); blkdev=virtio-blk-device ;;
    *) usage ;;
esac
case "$scenario" in
    idle)      bg_kind=none;      bg_bytes=0 ;;
    anon)      bg_kind=anon;      bg_bytes=$(( 256 << 20 )) ;;
    pagecache) bg_kind=pagecache; bg_bytes=$(( 300 << 20 )) ;;
    shmem)     bg_kind=shmem;     bg_bytes=$(( 384 << 20 )) ;;
    # The kernel puts movable pages into CMA pageblocks only once free CMA
    # pages exceed half of all free pages, so on a 512 MiB guest 256 MiB of
    # anon or 300 MiB of page cache leave the area untouched (no migration).
    # These two load the guest far enough that CMA holds movable pages.
    anon-heavy)      bg_kind=anon;      bg_bytes=$(( 400 << 20 )) ;;
    pagecache-heavy) bg_kind=pagecache; bg_bytes=$(( 640 << 20 )) ;;
    *) usage ;;
esac
if [ -n "${KREF_BG_BYTES:-}" ] && [ "$bg_kind" != none ]; then bg_bytes=$KREF_BG_BYTES; fi
for t in "$qemu" "$cc"; do
    command -v "$t" >/dev/null || { echo "run.sh: $t not found (run scripts/kernel-ref/deps.sh)" >&2; exit 1; }
done

mkdir -p "$KREF_WORK"
work=$(mktemp -d "$KREF_WORK/run-$arch-$scenario.XXXXXX")
mkdir -p "$work/root"
t0=$(date +%s)

# 1. kernel
if [ -n "${KREF_IMAGE:-}" ]; then image=$KREF_IMAGE
else image=$("$here/build-kernel.sh" "$arch"); fi
[ -f "$image" ] || { echo "run.sh: no kernel image $image" >&2; exit 1; }
t1=$(date +%s)

# 2. guest init and initramfs
"$cc" -static -O2 -Wall -Wno-format-truncation -o "$work/root/init" "$here/guest/kref-init.c"
if [ -n "${KREF_OPS:-}" ]; then cp "$KREF_OPS" "$work/ops.txt"
else "$here/gen-ops.sh" "${KREF_SEED:-1}" "${KREF_NOPS:-200}" "${KREF_MAXCOUNT:-4096}" > "$work/ops.txt"; fi
printf 'arch %s\nscenario %s\nbackground %s %s\nram_bytes %s\n' \
    "$arch" "$scenario" "$bg_kind" "$bg_bytes" "$ram_bytes" > "$work/kref.conf"
gic=$KREF_WORK/tools/gen_init_cpio
if [ ! -x "$gic" ]; then
    mkdir -p "$KREF_WORK/tools"
    gcc -O2 -o "$gic" "$KREF_WORK/src/usr/gen_init_cpio.c"
fi
cat > "$work/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /mnt 0755 0 0
dir /shm 0755 0 0
file /init $work/root/init 0755 0 0
file /ops.txt $work/ops.txt 0644 0 0
file /kref.conf $work/kref.conf 0644 0 0
LIST
"$gic" "$work/initramfs.list" > "$work/initramfs.cpio"

# 3. disk for the page cache scenario (built once per size, outside the project)
drive=()
if [ "$bg_kind" = pagecache ]; then
    disk=$KREF_WORK/disk-$bg_bytes.img
    if [ ! -f "$disk" ]; then
        rm -rf "$KREF_WORK/disk-dir"; mkdir -p "$KREF_WORK/disk-dir"
        # a non-zero pattern: mke2fs -d would leave all-zero blocks as holes
        # (yes dies of SIGPIPE when head is done: not an error here)
        { yes 'cmasim kref page cache data' || true; } | head -c "$bg_bytes" > "$KREF_WORK/disk-dir/data"
        mke2fs -q -t ext2 -F -E root_owner=0:0 -d "$KREF_WORK/disk-dir" "$disk.tmp" \
            $(( bg_bytes / 1024 / 1024 + 32 ))M
        mv "$disk.tmp" "$disk"; rm -rf "$KREF_WORK/disk-dir"
    fi
    drive=(-drive "file=$disk,format=raw,if=none,id=d0,readonly=on" -device "$blkdev,drive=d0")
fi

# 4. boot
cmdline="console=$console cma=64M quiet loglevel=1"
log=$work/console.log
: > "$log"
qemu_cmd=("$qemu" "${machine[@]}" -icount "shift=0,sleep=off" -smp 1 -m "${ram_mib}M" -nographic -no-reboot
          -nic none -rtc "base=2026-01-01T00:00:00,clock=vm"
          -kernel "$image" -initrd "$work/initramfs.cpio" -append "$cmdline" "${drive[@]}")
printf '%q ' "${qemu_cmd[@]}" > "$work/qemu.cmd"; echo >> "$work/qemu.cmd"
"${qemu_cmd[@]}" < /dev/null > "$log" 2>&1 &
qpid=$!
timeout=${KREF_TIMEOUT:-1500}
status=timeout
for (( s = 0; s < timeout; s++ )); do
    if grep -aq '^KREF-DONE' "$log"; then status="done"; break; fi
    if grep -aq '^KREF-ERROR\|Kernel panic' "$log"; then status=error; break; fi
    if ! kill -0 "$qpid" 2>/dev/null; then status=exited; break; fi
    sleep 1
done
# give the guest a moment to power off by itself, then stop QEMU (x86 without
# ACPI halts instead of powering off)
for (( s = 0; s < 10; s++ )); do kill -0 "$qpid" 2>/dev/null || break; sleep 1; done
if kill -0 "$qpid" 2>/dev/null; then kill "$qpid"; fi
wait "$qpid" 2>/dev/null || true
t2=$(date +%s)
if [ "$status" != "done" ]; then
    echo "run.sh: $arch $scenario: guest did not finish ($status); console log: $log" >&2
    grep -a 'KREF-ERROR\|Kernel panic' "$log" >&2 || tail -n 20 "$log" >&2
    exit 1
fi

# 5. split the console into the capture directory
mkdir -p "$outdir"
rm -f "$outdir"/ops.log "$outdir"/trace.txt "$outdir"/vmstat.* "$outdir"/pagetypeinfo.* "$outdir"/zoneinfo.*
cp "$work/ops.txt" "$outdir/ops.txt"
# verbatim /proc copies end lines with a space: keep git from flagging them
printf '# verbatim kernel output: trailing spaces are data\n* -whitespace -text\n' > "$outdir/.gitattributes"
awk -v out="$outdir" '
    { sub(/\r$/, "") }
    /^KREF [^ ]+ / {
        f = $2
        if (f !~ /^[a-z.]+$/) next
        print substr($0, length("KREF ") + length(f) + 2) > (out "/" f)
    }' "$log"
summary=$(grep -a '^KREF-SUMMARY' "$log" | tr -d '\r')
nops=$(grep -c '^alloc \|^free ' "$work/ops.txt")
nlog=$(grep -c '^op ' "$outdir/ops.log" || true)
if [ "$nlog" != "$nops" ] || ! grep -q '^end ' "$outdir/ops.log"; then
    echo "run.sh: $arch $scenario: ops.log has $nlog op lines for $nops ops, or no end line" >&2
    exit 1
fi
echo "run.sh: $arch $scenario: $summary; build $(( t1 - t0 )) s, boot+run $(( t2 - t1 )) s" >&2
{ echo "arch=$arch scenario=$scenario ${summary#KREF-SUMMARY }"
  echo "qemu: $("$qemu" --version | head -n 1)"
  echo "run_seconds=$(( t2 - t1 ))"; } > "$work/summary.txt"
