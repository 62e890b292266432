#!/usr/bin/env bash
# Install what is missing, build, and run the main job: the embedded default
# scenario (Goni S5PC110 camera under page-cache pressure) under the three
# policies, a side-by-side table, and outputs and plots in cmasim-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

cmasim_install_deps
cmasim_build build
exec build/src/cmasim demo --out cmasim-out "$@"
