/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Log-linear latency histogram, in the spirit of Gil Tene's HdrHistogram:
 * values below 2 * S (S = 128 sub-buckets) have one bucket each; above,
 * the values [2^e, 2^(e+1)) are split into S buckets of width 2^(e-7). The
 * bucket array is allocated once (7424 counters, about 58 KiB), so recording
 * is a few integer operations and never allocates. The sum of all samples is
 * kept in 128 bits (two guint64 halves), which makes the mean exact for any
 * number of samples of any size. No kernel code is mirrored here.
 */
#define G_LOG_DOMAIN "CmasimMetrics"

#include <math.h>
#include <string.h>

#include "cmasim/cmasim-metrics.h"

#define SUB_BITS CMASIM_HISTOGRAM_SUB_BUCKET_BITS
#define SUB	 CMASIM_HISTOGRAM_SUB_BUCKETS
/* values below this have exact buckets */
#define EXACT_LIMIT (2u * SUB)

struct _CmasimHistogram {
	guint64 count;
	guint64 min; /* G_MAXUINT64 while empty */
	guint64 max;
	guint64 sum_lo; /* 128-bit sum of all samples */
	guint64 sum_hi;
	guint64 buckets[CMASIM_HISTOGRAM_BUCKETS];
};

static inline guint
cmasim_histogram_msb(guint64 value)
{
	/* index of the highest set bit; value != 0 */
#if defined(__GNUC__) || defined(__clang__)
	return 63u - (guint)__builtin_clzll(value);
#else
	guint bit = 0;

	while (value >>= 1)
		bit++;
	return bit;
#endif
}

static inline guint
cmasim_histogram_index(guint64 value)
{
	guint exponent;
	guint shift;

	if (value < EXACT_LIMIT)
		return (guint)value;
	exponent = cmasim_histogram_msb(value); /* >= SUB_BITS + 1 */
	shift = exponent - SUB_BITS;
	return EXACT_LIMIT + (exponent - SUB_BITS - 1) * SUB + (guint)((value >> shift) - SUB);
}

static void
cmasim_histogram_bucket_bounds(guint index, guint64 *lower, guint64 *upper)
{
	guint group;
	guint sub;
	guint shift;

	if (index < EXACT_LIMIT) {
		*lower = index;
		*upper = index;
		return;
	}
	group = (index - EXACT_LIMIT) / SUB;
	sub = (index - EXACT_LIMIT) % SUB;
	shift = group + 1;
	*lower = ((guint64)SUB + sub) << shift;
	*upper = *lower + ((G_GUINT64_CONSTANT(1) << shift) - 1);
}

/* full 64 x 64 -> 128 bit product */
static void
cmasim_histogram_mul128(guint64 a, guint64 b, guint64 *hi, guint64 *lo)
{
	guint64 a_lo = a & 0xffffffffu;
	guint64 a_hi = a >> 32;
	guint64 b_lo = b & 0xffffffffu;
	guint64 b_hi = b >> 32;
	guint64 p0 = a_lo * b_lo;
	guint64 p1 = a_lo * b_hi;
	guint64 p2 = a_hi * b_lo;
	guint64 p3 = a_hi * b_hi;
	guint64 middle = (p0 >> 32) + (p1 & 0xffffffffu) + (p2 & 0xffffffffu);

	*lo = (middle << 32) | (p0 & 0xffffffffu);
	*hi = p3 + (p1 >> 32) + (p2 >> 32) + (middle >> 32);
}

static inline void
cmasim_histogram_add128(guint64 *hi, guint64 *lo, guint64 add_hi, guint64 add_lo)
{
	guint64 old_lo = *lo;

	*lo = old_lo + add_lo;
	*hi += add_hi + (*lo < old_lo ? 1u : 0u);
}

/**
 * cmasim_histogram_new:
 *
 * Returns: (transfer full): an empty histogram
 */
CmasimHistogram *
cmasim_histogram_new(void)
{
	CmasimHistogram *self = g_new0(CmasimHistogram, 1);

	self->min = G_MAXUINT64;
	return self;
}

void
cmasim_histogram_free(CmasimHistogram *self)
{
	g_free(self);
}

void
cmasim_histogram_reset(CmasimHistogram *self)
{
	g_return_if_fail(self != NULL);

	memset(self, 0, sizeof(*self));
	self->min = G_MAXUINT64;
}

/* the hot path: no argument check beyond what a NULL dereference gives */
void
cmasim_histogram_record(CmasimHistogram *self, guint64 value)
{
	self->buckets[cmasim_histogram_index(value)]++;
	self->count++;
	if (value < self->min)
		self->min = value;
	if (value > self->max)
		self->max = value;
	cmasim_histogram_add128(&self->sum_hi, &self->sum_lo, 0, value);
}

void
cmasim_histogram_record_n(CmasimHistogram *self, guint64 value, guint64 n)
{
	guint64 product_hi;
	guint64 product_lo;

	g_return_if_fail(self != NULL);

	if (n == 0)
		return;
	self->buckets[cmasim_histogram_index(value)] += n;
	self->count += n;
	if (value < self->min)
		self->min = value;
	if (value > self->max)
		self->max = value;
	cmasim_histogram_mul128(value, n, &product_hi, &product_lo);
	cmasim_histogram_add128(&self->sum_hi, &self->sum_lo, product_hi, product_lo);
}

void
cmasim_histogram_merge(CmasimHistogram *dst, const CmasimHistogram *src)
{
	g_return_if_fail(dst != NULL);
	g_return_if_fail(src != NULL);
	g_return_if_fail(dst != src);

	if (src->count == 0)
		return;
	for (guint i = 0; i < CMASIM_HISTOGRAM_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	dst->min = MIN(dst->min, src->min);
	dst->max = MAX(dst->max, src->max);
	cmasim_histogram_add128(&dst->sum_hi, &dst->sum_lo, src->sum_hi, src->sum_lo);
}

guint64
cmasim_histogram_count(const CmasimHistogram *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->count;
}

guint64
cmasim_histogram_min(const CmasimHistogram *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->count == 0 ? 0 : self->min;
}

guint64
cmasim_histogram_max(const CmasimHistogram *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->max;
}

/**
 * cmasim_histogram_mean:
 *
 * The 128-bit sum divided by the count with an exact long division; the
 * quotient fits in 64 bits because the mean never exceeds the maximum.
 *
 * Returns: quotient + remainder / count, 0 when empty
 */
gdouble
cmasim_histogram_mean(const CmasimHistogram *self)
{
	guint64 quotient = 0;
	guint64 remainder;

	g_return_val_if_fail(self != NULL, 0.0);

	if (self->count == 0)
		return 0.0;
	remainder = self->sum_hi; /* < count */
	for (gint bit = 63; bit >= 0; bit--) {
		guint64 carry = remainder >> 63;

		remainder = (remainder << 1) | ((self->sum_lo >> bit) & 1u);
		if (carry != 0 || remainder >= self->count) {
			/* with the carry, the true value is remainder + 2^64 >= count */
			remainder -= self->count;
			quotient |= G_GUINT64_CONSTANT(1) << bit;
		}
	}
	return (gdouble)quotient + (gdouble)remainder / (gdouble)self->count;
}

/* nearest rank of percentile @p among @count sorted samples, 1..count */
static guint64
cmasim_histogram_rank(gdouble p, guint64 count)
{
	gdouble exact;
	gdouble rank;

	if (!(p > 0.0)) /* also catches NaN */
		return 1;
	if (p >= 100.0)
		return count;
	exact = p * (gdouble)count / 100.0;
	/*
	 * remove the rounding slack of the product so that e.g. p = 99.9 with
	 * 1000 samples is rank 999 and not 1000
	 */
	rank = ceil(exact - exact * 1e-12);
	if (rank < 1.0)
		return 1;
	if (rank >= (gdouble)count)
		return count;
	return (guint64)rank;
}

guint64
cmasim_histogram_percentile(const CmasimHistogram *self, gdouble p)
{
	guint64 rank;
	guint64 seen = 0;
	guint first;
	guint last;

	g_return_val_if_fail(self != NULL, 0);

	if (self->count == 0)
		return 0;
	rank = cmasim_histogram_rank(p, self->count);
	if (rank <= 1)
		return self->min;
	if (rank >= self->count)
		return self->max;
	first = cmasim_histogram_index(self->min);
	last = cmasim_histogram_index(self->max);
	for (guint i = first; i <= last; i++) {
		guint64 lower;
		guint64 upper;
		guint64 value;

		seen += self->buckets[i];
		if (seen < rank)
			continue;
		cmasim_histogram_bucket_bounds(i, &lower, &upper);
		value = lower + (upper - lower) / 2;
		return CLAMP(value, self->min, self->max);
	}
	g_assert_not_reached();
	return self->max;
}

void
cmasim_histogram_iter_init(CmasimHistogramIter *iter, const CmasimHistogram *histogram)
{
	g_return_if_fail(iter != NULL);
	g_return_if_fail(histogram != NULL);

	iter->histogram = histogram;
	iter->index = 0;
}

gboolean
cmasim_histogram_iter_next(CmasimHistogramIter *iter, guint64 *lower, guint64 *upper,
			   guint64 *count)
{
	const CmasimHistogram *histogram;

	g_return_val_if_fail(iter != NULL, FALSE);
	g_return_val_if_fail(iter->histogram != NULL, FALSE);

	histogram = iter->histogram;
	while (iter->index < CMASIM_HISTOGRAM_BUCKETS) {
		guint index = iter->index++;
		guint64 bucket_lower;
		guint64 bucket_upper;

		if (histogram->buckets[index] == 0)
			continue;
		cmasim_histogram_bucket_bounds(index, &bucket_lower, &bucket_upper);
		if (lower != NULL)
			*lower = bucket_lower;
		if (upper != NULL)
			*upper = bucket_upper;
		if (count != NULL)
			*count = histogram->buckets[index];
		return TRUE;
	}
	return FALSE;
}
