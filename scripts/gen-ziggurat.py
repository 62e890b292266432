#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# scripts/gen-ziggurat.py > src/engine/cmasim-rng-ziggurat.c
# scripts/gen-ziggurat.py --check src/engine/cmasim-rng-ziggurat.c
#   (a TAP test: the committed tables are the ones this script writes)
#
# Writes the layer tables of cmasim_rng_exponential(), a ziggurat for the
# standard exponential density f(x) = exp(-x) (Marsaglia and Tsang, "The
# Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
# 2000), with 256 layers of equal area v and 53-bit uniforms. The tables
# are fixed constants in the source, so they do not depend on the host's
# libm; the draws taken at once (97.8%) call no libm function, and only
# the rest (the wedge test and the tail) call exp() and log().
#
# Layers: layer 0, at the bottom, is the rectangle [0, r] x [0, f(r)] plus
# the tail beyond r, of area v = (r + 1) f(r); layer i >= 1 is the
# rectangle [0, x_i] x [f(x_i), f(x_{i-1})] of area v, so layer 255 sits
# on layer 0 and layer 1 is the top, where x_255 = r,
# x_{i-1} = -ln(f(x_i) + v / x_i) and x_0 = 0. r is found by bisection so
# that the top layer closes, f(x_0) = 1. The sampler takes layer i from the
# low 8 bits of a 64-bit draw and j, 53 bits, from its high bits (disjoint
# bits): x = j * w[i] is accepted at once when j < k[i] (x below x_{i-1},
# under the curve whatever the height), which is 97.8% of draws.
# Run only to change the tables; the output is committed.
import sys
from decimal import Decimal, getcontext

getcontext().prec = 60
N = 256
M = Decimal(2) ** 53


def layers(r):
    v = (r + 1) * (-r).exp()
    x = [Decimal(0)] * N
    x[N - 1] = r
    for i in range(N - 1, 0, -1):
        top = (-x[i]).exp() + v / x[i]
        if top >= 1:
            return v, x, top
        x[i - 1] = -top.ln()
    return v, x, (-x[1]).exp() + v / x[1]


def top_of(r):
    return layers(r)[2]


# a larger r makes thinner layers: the top layer overshoots 1 below the root
lo, hi = Decimal(7), Decimal(8)
for _ in range(200):
    mid = (lo + hi) / 2
    if top_of(mid) > 1:
        lo = mid
    else:
        hi = mid
r = (lo + hi) / 2
v, x, top = layers(r)
assert abs(top - 1) < Decimal(10) ** -40, top

q = v / (-r).exp()  # the base layer as one rectangle of height f(r)
k = [0] * N
w = [0.0] * N
f = [0.0] * N
k[0] = int(r / q * M)
w[0] = q / M
f[0] = Decimal(1)
for i in range(1, N):
    k[i] = int(x[i - 1] / x[i] * M) if i > 1 else 0
    w[i] = x[i] / M
    f[i] = (-x[i]).exp()


def dbl(d):
    return repr(float(d))


lines = []


def out(line=""):
    lines.append(line)


out("/* SPDX-License-Identifier: GPL-2.0-or-later */")
out("/* Copyright (C) 2026 The cmasim authors */")
out("/*")
out(" * The exponential ziggurat's layers, written by scripts/gen-ziggurat.py")
out(" * (which says how they are built); do not edit by hand.")
out(" */")
out('#include "cmasim/cmasim-engine.h"')
out()
out("const gdouble _cmasim_rng_exp_r = %s;" % dbl(r))
out()
out("const guint64 _cmasim_rng_exp_k[256] = {")
for i in range(0, N, 2):
    out("\t" + " ".join("G_GUINT64_CONSTANT(%d)," % k[j] for j in range(i, i + 2)))
out("};")
out()
for name, tab in (("w", w), ("f", f)):
    out("const gdouble _cmasim_rng_exp_%s[256] = {" % name)
    for i in range(0, N, 4):
        out("\t" + " ".join("%s," % dbl(tab[j]) for j in range(i, i + 4)))
    out("};")
    if name == "w":
        out()

text = "\n".join(lines) + "\n"
if len(sys.argv) == 3 and sys.argv[1] == "--check":
    with open(sys.argv[2], encoding="utf-8") as f:
        same = f.read() == text
    print("1..1")
    print("%s 1 - %s is what scripts/gen-ziggurat.py writes" % ("ok" if same else "not ok", sys.argv[2]))
    sys.exit(0 if same else 1)
sys.stdout.write(text)
