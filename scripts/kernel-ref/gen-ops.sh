#!/usr/bin/env bash
# gen-ops.sh SEED N [MAXCOUNT]: print a deterministic debugfs CMA op script
# (`alloc COUNT` / `free COUNT`, one per line) of N ops on stdout.
# Counts are 1..MAXCOUNT pages (default 4096), with some above one 4 MiB
# pageblock (1024 pages); about 1 alloc in 14 asks for 6144..16384 pages
# and so usually fails (rc=-12). Frees follow the debugfs list (most recent chunk
# first, order_per_bit 0): about half free exactly the head chunk, others free
# less than it (partial release: the chunk's start advances) or more than it
# (the walk goes on into the next chunks). The generator keeps at most about
# 12000 pages outstanding so most allocs of a 64 MiB area can succeed.
# The same SEED N MAXCOUNT always gives the same script (pure bash LCG).
set -euo pipefail
seed=${1:?usage: gen-ops.sh SEED N [MAXCOUNT]}
n=${2:?usage: gen-ops.sh SEED N [MAXCOUNT]}
maxcount=${3:-4096}
[[ $seed =~ ^[0-9]+$ && $n =~ ^[0-9]+$ && $maxcount =~ ^[0-9]+$ && $maxcount -ge 1 ]] ||
    { echo "gen-ops.sh: SEED, N and MAXCOUNT must be non-negative integers (MAXCOUNT >= 1)" >&2; exit 2; }

x=$(( (seed * 2654435761 + 1) % 2147483648 ))
rnd() { # rnd BOUND -> r in [0, BOUND)
    x=$(( (x * 1103515245 + 12345) % 2147483648 ))
    r=$(( (x >> 8) % $1 ))
}
range() { # range LO HI -> r in [LO, HI]
    local lo=$1 hi=$2
    if (( hi < lo )); then hi=$lo; fi
    rnd $(( hi - lo + 1 )); r=$(( lo + r ))
}

area_pages=16352   # cma=64M less the boot-time atomic pools (guess for the simulation)
chunks=()          # chunk sizes, index 0 = head (most recent)
outstanding=0
echo "# gen-ops.sh seed=$seed n=$n maxcount=$maxcount"
for (( i = 0; i < n; i++ )); do
    rnd 100; pick=$r
    if (( ${#chunks[@]} == 0 )); then do_alloc=1
    elif (( outstanding > 12000 )); then do_alloc=0
    elif (( pick < 55 )); then do_alloc=1
    else do_alloc=0; fi
    if (( do_alloc )); then
        rnd 100
        if (( r < 7 )); then
            # a probe far above MAXCOUNT: fails unless the area is nearly empty
            range 6144 16384; c=$r
            echo "alloc $c"
            if (( outstanding + c <= area_pages )); then
                chunks=("$c" "${chunks[@]}"); outstanding=$(( outstanding + c ))
            fi
            continue
        fi
        rnd 100
        if (( r < 50 )); then range 1 32
        elif (( r < 75 )); then range 33 512
        elif (( r < 90 )); then range 513 1024
        else range 1025 "$maxcount"; fi
        c=$(( r > maxcount ? maxcount : r ))
        echo "alloc $c"
        chunks=("$c" "${chunks[@]}")
        outstanding=$(( outstanding + c ))
    else
        h=${chunks[0]}
        rnd 100
        if (( r < 50 || h == 1 )); then c=$h
        elif (( r < 75 )); then range 1 $(( h - 1 )); c=$r
        else
            next=${chunks[1]:-0}
            if (( next > 0 )); then range $(( h + 1 )) $(( h + next )); c=$r
            else range $(( h + 1 )) $(( h * 2 )); c=$r; fi
        fi
        echo "free $c"
        # simulate the debugfs walk
        left=$c
        while (( left > 0 && ${#chunks[@]} > 0 )); do
            h=${chunks[0]}
            if (( h <= left )); then
                left=$(( left - h )); outstanding=$(( outstanding - h ))
                chunks=("${chunks[@]:1}")
            else
                chunks[0]=$(( h - left )); outstanding=$(( outstanding - left )); left=0
            fi
        done
    fi
done
