#!/usr/bin/env bash
# Build a minimal Linux 6.1 kernel for ARCH (arm32|arm64|x86-64) into
# $KREF_WORK/build-ARCH: tinyconfig + common.config + ARCH.config.
# Prints the image path on stdout. Builds one kernel at a time (-j2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KREF_WORK=${KREF_WORK:-/work/kernel}
arch=${1:?usage: build-kernel.sh arm32|arm64|x86-64}
case "$arch" in
    x86-64) karch=x86_64; cross=; image=arch/x86/boot/bzImage ;;
    arm64)  karch=arm64; cross=aarch64-linux-gnu-; image=arch/arm64/boot/Image ;;
    arm32)  karch=arm; cross=arm-linux-gnueabihf-; image=arch/arm/boot/zImage ;;
    *) echo "build-kernel.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac
src=$KREF_WORK/src
out=$KREF_WORK/build-$arch
[ -f "$src/Makefile" ] || { echo "build-kernel.sh: no kernel source in $src (run deps.sh)" >&2; exit 1; }
mkdir -p "$out"
mk() { make -C "$src" O="$out" ARCH="$karch" CROSS_COMPILE="$cross" KBUILD_BUILD_TIMESTAMP='2026-01-01' \
       KBUILD_BUILD_USER=kref KBUILD_BUILD_HOST=cmasim "$@"; }

frag=$out/kref.config
cat "$here/common.config" "$here/$arch.config" > "$frag"
# Reconfigure only when the fragments changed.
if ! cmp -s "$frag" "$out/kref.config.applied" 2>/dev/null || [ ! -f "$out/.config" ]; then
    mk -s tinyconfig >/dev/null
    "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag" >/dev/null
    mk -s olddefconfig >/dev/null
    # Every fragment line must have survived olddefconfig.
    bad=0
    while IFS= read -r line; do
        case "$line" in '#'*|'') continue ;; esac
        sym=${line%%=*}; val=${line#*=}
        if [ "$val" = n ]; then
            if grep -q "^$sym=" "$out/.config"; then echo "build-kernel.sh: $sym wanted n, got $(grep "^$sym=" "$out/.config")" >&2; bad=1; fi
        elif ! grep -qx "$line" "$out/.config"; then
            echo "build-kernel.sh: $line not in .config (got: $(grep "^$sym=\|^# $sym " "$out/.config" || echo unset))" >&2; bad=1
        fi
    done < "$frag"
    [ "$bad" = 0 ] || { echo "build-kernel.sh: config fragment not satisfied for $arch" >&2; exit 1; }
    cp "$frag" "$out/kref.config.applied"
fi
if [ -n "${KREF_CONFIG_ONLY:-}" ]; then echo "$out/.config"; exit 0; fi
mk -j2 -s >&2
echo "$out/$image"
