/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Named random streams. Each stream is a xoshiro256** generator (Blackman
 * and Vigna, 2018) whose state is expanded with splitmix64 from the run's
 * seed mixed with a 64-bit FNV-1a hash of the stream's name. Adding a task
 * therefore never changes another task's numbers: each draws only from its
 * own stream. The streams are pure integer arithmetic: identical on every
 * host (the exponential's rare slow path calls libm's exp() and log()). The draws
 * on the hot path (next, below, scale_below, double, exponential) are
 * inline in cmasim-engine.h; the exponential's ziggurat tables are in
 * cmasim-rng-ziggurat.c.
 */
#define G_LOG_DOMAIN "CmasimEngine"

#include <math.h>

#include "cmasim/cmasim-engine.h"

static guint64
cmasim_splitmix64(guint64 *x)
{
	guint64 z = (*x += G_GUINT64_CONSTANT(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static guint64
cmasim_fnv1a64(const gchar *s)
{
	guint64 h = G_GUINT64_CONSTANT(0xcbf29ce484222325);
	for (; s != NULL && *s != '\0'; s++) {
		h ^= (guchar)*s;
		h *= G_GUINT64_CONSTANT(0x100000001b3);
	}
	return h;
}

void
cmasim_rng_init(CmasimRng *rng, guint64 seed, const gchar *name)
{
	guint64 x = seed ^ cmasim_fnv1a64(name);
	/* mix twice so that nearby seeds and names land far apart */
	x = cmasim_splitmix64(&x) ^ cmasim_fnv1a64(name);
	for (guint i = 0; i < 4; i++)
		rng->s[i] = cmasim_splitmix64(&x);
	if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
		rng->s[0] = 1;
}

/* the ziggurat's draws not taken at once: rejection in layers 1-255, the tail beyond layer 0 */
gdouble
_cmasim_rng_exponential_slow(CmasimRng *rng, guint64 r)
{
	for (;;) {
		guint i = (guint)(r & 0xff);
		guint64 j = r >> 11;
		gdouble x = (gdouble)j * _cmasim_rng_exp_w[i];

		if (j < _cmasim_rng_exp_k[i])
			return x;
		/* beyond r, memorylessness: r plus a fresh exponential (1 - u is in (0, 1]) */
		if (i == 0)
			return _cmasim_rng_exp_r - log(1.0 - cmasim_rng_double(rng));
		/* a height uniform over the layer, under the density or drawn again */
		if (_cmasim_rng_exp_f[i] +
		        cmasim_rng_double(rng) * (_cmasim_rng_exp_f[i - 1] - _cmasim_rng_exp_f[i]) <
		    exp(-x))
			return x;
		r = cmasim_rng_next(rng);
	}
}

gdouble
cmasim_rng_normal(CmasimRng *rng)
{
	gdouble u1 = 1.0 - cmasim_rng_double(rng);
	gdouble u2 = cmasim_rng_double(rng);
	return sqrt(-2.0 * log(u1)) * cos(2.0 * G_PI * u2);
}

gdouble
cmasim_rng_lognormal(CmasimRng *rng, gdouble median, gdouble sigma)
{
	return median * exp(sigma * cmasim_rng_normal(rng));
}
