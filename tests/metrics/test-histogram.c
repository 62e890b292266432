/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * CmasimHistogram against exact sorted samples: uniform, exponential-like
 * and bimodal distributions of 200000 values from a fixed-seed generator,
 * plus empty, single-value, huge-value, record_n, merge and iterator cases.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <math.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-metrics.h"

#define N_SAMPLES 200000u

static const gdouble percentiles[] = {
    0.0, 0.001, 1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.5, 99.9, 99.99, 100.0,
};

/* splitmix64: a fixed-seed generator independent of GLib's */
static guint64
test_next(guint64 *state)
{
	guint64 z = (*state += G_GUINT64_CONSTANT(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* uniform in [0, 1) */
static gdouble
test_unit(guint64 *state)
{
	return (gdouble)(test_next(state) >> 11) * (1.0 / 9007199254740992.0);
}

static int
test_compare_u64(const void *a, const void *b)
{
	guint64 x = *(const guint64 *)a;
	guint64 y = *(const guint64 *)b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* the nearest-rank definition the histogram documents */
static guint64
test_exact_percentile(const guint64 *sorted, gsize n, gdouble p)
{
	gdouble exact = p * (gdouble)n / 100.0;
	gdouble rank = ceil(exact - exact * 1e-12);

	if (rank < 1.0)
		rank = 1.0;
	if (rank > (gdouble)n)
		rank = (gdouble)n;
	return sorted[(gsize)rank - 1];
}

static void
test_check_against_exact(guint64 *samples, gsize n)
{
	g_autoptr(CmasimHistogram) h = cmasim_histogram_new();
	guint64 sum = 0;
	gdouble mean;

	for (gsize i = 0; i < n; i++) {
		cmasim_histogram_record(h, samples[i]);
		sum += samples[i];
	}
	qsort(samples, n, sizeof(guint64), test_compare_u64);

	assert_int_equal(cmasim_histogram_count(h), n);
	assert_int_equal(cmasim_histogram_min(h), samples[0]);
	assert_int_equal(cmasim_histogram_max(h), samples[n - 1]);
	mean = (gdouble)sum / (gdouble)n;
	assert_true(fabs(cmasim_histogram_mean(h) - mean) <= mean * 1e-12);

	for (guint i = 0; i < G_N_ELEMENTS(percentiles); i++) {
		guint64 exact = test_exact_percentile(samples, n, percentiles[i]);
		guint64 got = cmasim_histogram_percentile(h, percentiles[i]);
		gdouble error = fabs((gdouble)got - (gdouble)exact);

		if (error > (gdouble)exact * 0.01) {
			g_printerr("# p%g: histogram %" G_GUINT64_FORMAT
				   ", exact %" G_GUINT64_FORMAT "\n",
				   percentiles[i], got, exact);
			fail();
		}
		assert_true(got >= samples[0]);
		assert_true(got <= samples[n - 1]);
	}
	assert_int_equal(cmasim_histogram_percentile(h, 0.0), samples[0]);
	assert_int_equal(cmasim_histogram_percentile(h, 100.0), samples[n - 1]);
}

static void
test_histogram_uniform(void **state)
{
	g_autofree guint64 *samples = g_new(guint64, N_SAMPLES);
	guint64 rng = 1;

	for (gsize i = 0; i < N_SAMPLES; i++)
		samples[i] = test_next(&rng) % G_GUINT64_CONSTANT(10000000);
	test_check_against_exact(samples, N_SAMPLES);
}

static void
test_histogram_exponential(void **state)
{
	g_autofree guint64 *samples = g_new(guint64, N_SAMPLES);
	guint64 rng = 2;

	/* mean 50 us, a long tail towards milliseconds */
	for (gsize i = 0; i < N_SAMPLES; i++)
		samples[i] = (guint64)(-50000.0 * log(1.0 - test_unit(&rng)));
	test_check_against_exact(samples, N_SAMPLES);
}

static void
test_histogram_bimodal(void **state)
{
	g_autofree guint64 *samples = g_new(guint64, N_SAMPLES);
	guint64 rng = 3;

	/* 70 % fast path around 2 us, 30 % slow path around 40 ms */
	for (gsize i = 0; i < N_SAMPLES; i++) {
		if (test_unit(&rng) < 0.7)
			samples[i] = 1500 + test_next(&rng) % 1000;
		else
			samples[i] = 35000000 + test_next(&rng) % 10000000;
	}
	test_check_against_exact(samples, N_SAMPLES);
}

static void
test_histogram_small_exact(void **state)
{
	g_autofree guint64 *samples = g_new(guint64, 100000);
	guint64 rng = 4;

	/* values below 256 have exact buckets: percentiles are exact */
	for (gsize i = 0; i < 100000; i++)
		samples[i] = test_next(&rng) % 256;
	test_check_against_exact(samples, 100000);
}

static void
test_histogram_empty(void **state)
{
	g_autoptr(CmasimHistogram) h = cmasim_histogram_new();
	CmasimHistogramIter iter;

	assert_int_equal(cmasim_histogram_count(h), 0);
	assert_int_equal(cmasim_histogram_min(h), 0);
	assert_int_equal(cmasim_histogram_max(h), 0);
	assert_true(cmasim_histogram_mean(h) == 0.0);
	assert_int_equal(cmasim_histogram_percentile(h, 0.0), 0);
	assert_int_equal(cmasim_histogram_percentile(h, 50.0), 0);
	assert_int_equal(cmasim_histogram_percentile(h, 100.0), 0);
	cmasim_histogram_iter_init(&iter, h);
	assert_false(cmasim_histogram_iter_next(&iter, NULL, NULL, NULL));
}

static void
test_histogram_single(void **state)
{
	g_autoptr(CmasimHistogram) h = cmasim_histogram_new();
	const guint64 value = 123456789;

	cmasim_histogram_record(h, value);
	assert_int_equal(cmasim_histogram_count(h), 1);
	assert_int_equal(cmasim_histogram_min(h), value);
	assert_int_equal(cmasim_histogram_max(h), value);
	assert_true(cmasim_histogram_mean(h) == (gdouble)value);
	/* clamped to [min, max], so exact */
	for (guint i = 0; i < G_N_ELEMENTS(percentiles); i++)
		assert_int_equal(cmasim_histogram_percentile(h, percentiles[i]), value);
	/* out of range percentiles are clamped */
	assert_int_equal(cmasim_histogram_percentile(h, -5.0), value);
	assert_int_equal(cmasim_histogram_percentile(h, 250.0), value);
}

static void
test_histogram_huge(void **state)
{
	g_autoptr(CmasimHistogram) h = cmasim_histogram_new();
	const guint64 two63 = G_GUINT64_CONSTANT(1) << 63;
	guint64 p50;

	/* the sum needs more than 64 bits */
	cmasim_histogram_record(h, two63);
	cmasim_histogram_record(h, two63);
	cmasim_histogram_record(h, two63);
	assert_int_equal(cmasim_histogram_count(h), 3);
	assert_true(cmasim_histogram_mean(h) == ldexp(1.0, 63));
	assert_int_equal(cmasim_histogram_percentile(h, 50.0), two63);

	cmasim_histogram_reset(h);
	assert_int_equal(cmasim_histogram_count(h), 0);
	cmasim_histogram_record(h, G_MAXUINT64);
	cmasim_histogram_record(h, 1);
	assert_int_equal(cmasim_histogram_min(h), 1);
	assert_int_equal(cmasim_histogram_max(h), G_MAXUINT64);
	/* (2^64 - 1 + 1) / 2 exactly */
	assert_true(cmasim_histogram_mean(h) == ldexp(1.0, 63));

	cmasim_histogram_reset(h);
	for (guint i = 0; i < 1000; i++)
		cmasim_histogram_record(h, two63 - 1 - i * G_GUINT64_CONSTANT(1000000007));
	p50 = cmasim_histogram_percentile(h, 50.0);
	assert_true(fabs((gdouble)p50 - (gdouble)(two63 - 500 * G_GUINT64_CONSTANT(1000000007))) <
		    (gdouble)two63 * 0.01);
	assert_int_equal(cmasim_histogram_percentile(h, 100.0), two63 - 1);
}

static void
test_histogram_record_n(void **state)
{
	g_autoptr(CmasimHistogram) a = cmasim_histogram_new();
	g_autoptr(CmasimHistogram) b = cmasim_histogram_new();
	const guint64 big = G_GUINT64_CONSTANT(0xfedcba9876543210);
	const guint64 n = G_GUINT64_CONSTANT(0x123456789);

	for (guint i = 0; i < 1000; i++)
		cmasim_histogram_record(a, 777);
	cmasim_histogram_record_n(b, 777, 1000);
	cmasim_histogram_record_n(b, 5, 0);
	assert_int_equal(cmasim_histogram_count(b), 1000);
	assert_int_equal(cmasim_histogram_min(b), 777);
	assert_true(cmasim_histogram_mean(a) == cmasim_histogram_mean(b));
	assert_int_equal(cmasim_histogram_percentile(a, 37.0),
			 cmasim_histogram_percentile(b, 37.0));

	/* a 128-bit product: the mean of n copies of one value is that value */
	cmasim_histogram_reset(b);
	cmasim_histogram_record_n(b, big, n);
	assert_int_equal(cmasim_histogram_count(b), n);
	assert_true(cmasim_histogram_mean(b) == (gdouble)big);
	cmasim_histogram_record_n(b, 0, n);
	assert_true(cmasim_histogram_mean(b) == (gdouble)(big / 2));
}

static void
test_histogram_merge(void **state)
{
	g_autoptr(CmasimHistogram) a = cmasim_histogram_new();
	g_autoptr(CmasimHistogram) b = cmasim_histogram_new();
	g_autoptr(CmasimHistogram) all = cmasim_histogram_new();
	g_autoptr(CmasimHistogram) empty = cmasim_histogram_new();
	guint64 rng = 5;

	for (guint i = 0; i < 50000; i++) {
		guint64 v = test_next(&rng) % 1000000;

		cmasim_histogram_record(i % 3 == 0 ? a : b, v);
		cmasim_histogram_record(all, v);
	}
	cmasim_histogram_merge(a, b);
	cmasim_histogram_merge(a, empty);
	assert_int_equal(cmasim_histogram_count(a), 50000);
	assert_int_equal(cmasim_histogram_min(a), cmasim_histogram_min(all));
	assert_int_equal(cmasim_histogram_max(a), cmasim_histogram_max(all));
	assert_true(cmasim_histogram_mean(a) == cmasim_histogram_mean(all));
	for (guint i = 0; i < G_N_ELEMENTS(percentiles); i++)
		assert_int_equal(cmasim_histogram_percentile(a, percentiles[i]),
				 cmasim_histogram_percentile(all, percentiles[i]));

	/* merging into an empty histogram copies */
	cmasim_histogram_merge(empty, all);
	assert_int_equal(cmasim_histogram_min(empty), cmasim_histogram_min(all));
	assert_int_equal(cmasim_histogram_count(empty), 50000);
}

static void
test_histogram_iter(void **state)
{
	g_autoptr(CmasimHistogram) h = cmasim_histogram_new();
	CmasimHistogramIter iter;
	guint64 lower = 0;
	guint64 upper = 0;
	guint64 count = 0;
	guint64 total = 0;
	guint64 previous_upper = 0;
	guint buckets = 0;
	guint64 rng = 6;

	cmasim_histogram_record(h, 0);
	cmasim_histogram_record(h, 0);
	cmasim_histogram_record(h, 255);
	cmasim_histogram_record(h, 256);
	cmasim_histogram_record(h, 257);
	cmasim_histogram_record(h, G_MAXUINT64);

	cmasim_histogram_iter_init(&iter, h);
	assert_true(cmasim_histogram_iter_next(&iter, &lower, &upper, &count));
	assert_int_equal(lower, 0);
	assert_int_equal(upper, 0);
	assert_int_equal(count, 2);
	assert_true(cmasim_histogram_iter_next(&iter, &lower, &upper, &count));
	assert_int_equal(lower, 255);
	assert_int_equal(upper, 255);
	assert_int_equal(count, 1);
	/* first bucket of width 2 */
	assert_true(cmasim_histogram_iter_next(&iter, &lower, &upper, &count));
	assert_int_equal(lower, 256);
	assert_int_equal(upper, 257);
	assert_int_equal(count, 2);
	assert_true(cmasim_histogram_iter_next(&iter, &lower, &upper, &count));
	assert_int_equal(upper, G_MAXUINT64);
	assert_int_equal(lower, G_MAXUINT64 - (G_MAXUINT64 >> 8));
	assert_int_equal(count, 1);
	assert_false(cmasim_histogram_iter_next(&iter, &lower, &upper, &count));

	/* bounds are increasing, disjoint, within 1/128 and cover every sample */
	cmasim_histogram_reset(h);
	for (guint i = 0; i < 100000; i++)
		cmasim_histogram_record(h, test_next(&rng) >> (test_next(&rng) % 64));
	cmasim_histogram_iter_init(&iter, h);
	while (cmasim_histogram_iter_next(&iter, &lower, &upper, &count)) {
		if (buckets > 0)
			assert_true(lower > previous_upper);
		assert_true(upper >= lower);
		assert_true(upper - lower <= lower / 128);
		assert_true(count > 0);
		previous_upper = upper;
		total += count;
		buckets++;
	}
	assert_int_equal(total, 100000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_histogram_uniform),
	    cmocka_unit_test(test_histogram_exponential),
	    cmocka_unit_test(test_histogram_bimodal),
	    cmocka_unit_test(test_histogram_small_exact),
	    cmocka_unit_test(test_histogram_empty),
	    cmocka_unit_test(test_histogram_single),
	    cmocka_unit_test(test_histogram_huge),
	    cmocka_unit_test(test_histogram_record_n),
	    cmocka_unit_test(test_histogram_merge),
	    cmocka_unit_test(test_histogram_iter),
	};

	return cmocka_run_group_tests_name("histogram", tests, NULL, NULL);
}
