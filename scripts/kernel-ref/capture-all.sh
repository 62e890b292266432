#!/usr/bin/env bash
# capture-all.sh [ARCH...]: run every scenario on every arch (default: x86-64
# arm64 arm32; scenarios from KREF_SCENARIOS, default "idle anon pagecache
# shmem anon-heavy pagecache-heavy") and write tests/data/kernel/<arch>-<scenario>/. Kernels are built one
# at a time; a failed capture is reported and the others still run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86-64 arm64 arm32)
read -r -a scenarios <<< "${KREF_SCENARIOS:-idle anon pagecache shmem anon-heavy pagecache-heavy}"
"$here/deps.sh" || exit 1
failed=()
for arch in "${arches[@]}"; do
    "$here/build-kernel.sh" "$arch" > /dev/null || { failed+=("$arch-build"); continue; }
    for sc in "${scenarios[@]}"; do
        if ! "$here/run.sh" "$arch" "$sc" "$top/tests/data/kernel/$arch-$sc"; then
            failed+=("$arch-$sc")
        fi
    done
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "capture-all.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "capture-all.sh: all captures written under tests/data/kernel/" >&2
