#!/usr/bin/env bash
# Install what the kernel reference captures need (Debian packages only) and
# unpack the Debian linux-source-6.1 tarball into $KREF_WORK (outside the project).
set -euo pipefail

KREF_WORK=${KREF_WORK:-/work/kernel}
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

pkgs=(qemu-system-x86 qemu-system-arm gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf
      libc6-dev-arm64-cross libc6-dev-armhf-cross gcc make flex bison bc libelf-dev
      libssl-dev cpio e2fsprogs xz-utils)
missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}" >&2
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

mkdir -p "$KREF_WORK"
if [ ! -f "$KREF_WORK/src/Makefile" ]; then
    cd "$KREF_WORK"
    if ! ls linux-source-6.1_*.deb >/dev/null 2>&1; then
        apt-get download linux-source-6.1
    fi
    deb=$(ls linux-source-6.1_*.deb | sort -V | tail -n 1)
    rm -rf pkg && mkdir pkg
    dpkg-deb -x "$deb" pkg
    tarball=$(ls pkg/usr/src/linux-source-6.1*.tar.xz)
    rm -rf src && mkdir src
    tar -xJf "$tarball" -C src --strip-components=1
    rm -rf pkg
fi
echo "deps: kernel source in $KREF_WORK/src ($(make -s -C "$KREF_WORK/src" kernelversion))" >&2
