/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Measurement primitives: a log-linear latency histogram (HdrHistogram-like
 * buckets, fixed memory, no allocation per sample), the kernel's two
 * fragmentation indices (mm/vmstat.c: unusable_free_index(),
 * __fragmentation_index(), extfrag_for_order()), kernel-named event
 * counters (/proc/vmstat, /sys/kernel/mm/cma/<name>/) and the record of one
 * contiguous request (one row of requests.tsv).
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

/*
 * Log-linear histogram of guint64 values (latencies in ns).
 *
 * Values below 2 * CMASIM_HISTOGRAM_SUB_BUCKETS are counted exactly; every
 * power of two above is split into CMASIM_HISTOGRAM_SUB_BUCKETS linear
 * sub-buckets, so a bucket is never wider than 1/128 of its lower bound
 * (relative error < 0.79 %, < 0.4 % around the midpoint that percentiles
 * report). Covers the whole guint64 range. Count, min, max and mean are
 * exact.
 */
#define CMASIM_HISTOGRAM_SUB_BUCKET_BITS 7
#define CMASIM_HISTOGRAM_SUB_BUCKETS	 (1u << CMASIM_HISTOGRAM_SUB_BUCKET_BITS)
#define CMASIM_HISTOGRAM_BUCKETS                                                                   \
	(2u * CMASIM_HISTOGRAM_SUB_BUCKETS +                                                       \
	 (64u - CMASIM_HISTOGRAM_SUB_BUCKET_BITS - 1u) * CMASIM_HISTOGRAM_SUB_BUCKETS)

typedef struct _CmasimHistogram CmasimHistogram;

CmasimHistogram *cmasim_histogram_new(void);
void cmasim_histogram_free(CmasimHistogram *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimHistogram, cmasim_histogram_free)

void cmasim_histogram_record(CmasimHistogram *self, guint64 value);
void cmasim_histogram_record_n(CmasimHistogram *self, guint64 value, guint64 n);
void cmasim_histogram_reset(CmasimHistogram *self);
/* adds every sample of @src to @dst; @src is unchanged */
void cmasim_histogram_merge(CmasimHistogram *dst, const CmasimHistogram *src);

/* all of these return 0 for an empty histogram */
guint64 cmasim_histogram_count(const CmasimHistogram *self);
guint64 cmasim_histogram_min(const CmasimHistogram *self);
guint64 cmasim_histogram_max(const CmasimHistogram *self);
gdouble cmasim_histogram_mean(const CmasimHistogram *self);
/*
 * Nearest-rank percentile, @p in 0..100 (clamped): the value of rank
 * ceil(p / 100 * count) (at least 1) in the sorted samples, within the bucket
 * error bound, never below min nor above max; rank 1 returns min and rank
 * count returns max exactly.
 */
guint64 cmasim_histogram_percentile(const CmasimHistogram *self, gdouble p);

/* iteration over the non-empty buckets, in increasing value order (for CDF plots) */
typedef struct {
	const CmasimHistogram *histogram;
	guint index;
} CmasimHistogramIter;

void cmasim_histogram_iter_init(CmasimHistogramIter *iter, const CmasimHistogram *histogram);
/* bounds are inclusive: every value v in the bucket has lower <= v <= upper */
gboolean cmasim_histogram_iter_next(CmasimHistogramIter *iter, guint64 *lower, guint64 *upper,
				    guint64 *count);

/*
 * Fragmentation indices, exactly as mm/vmstat.c computes them from
 * zone->free_area[i].nr_free, in the kernel's integer arithmetic (x1000).
 * @nr_free holds @n_orders entries: the number of free blocks of each order.
 */
#define CMASIM_FRAG_MAX_ORDERS 32

/* fill_contig_page_info(): any out pointer may be NULL */
void cmasim_frag_contig_info(const guint64 *nr_free, guint n_orders, guint order,
			     guint64 *free_pages, guint64 *free_blocks_total,
			     guint64 *free_blocks_suitable);
/* unusable free space index x1000, 0..1000; 1000 when there is no free page */
gint cmasim_frag_unusable_index(const guint64 *nr_free, guint n_orders, guint order);
/*
 * fragmentation index x1000: 0 with no free block, -1000 when a suitable
 * block exists, else 1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total
 */
gint cmasim_frag_extfrag_index(const guint64 *nr_free, guint n_orders, guint order);
/* extfrag_for_order(): percentage of free memory unusable for @order; 0 with no free page */
guint cmasim_frag_extfrag_for_order(const guint64 *nr_free, guint n_orders, guint order);

/*
 * Kernel-named event counters. The enum is in strcmp() order of the names,
 * so iterating ids 0 .. CMASIM_COUNTERS - 1 gives sorted output.
 */
typedef enum {
	CMASIM_COUNTER_ALLOC_PAGES_FAIL = 0,	/* cma sysfs: pages of failed cma_alloc() */
	CMASIM_COUNTER_ALLOC_PAGES_SUCCESS,	/* cma sysfs: pages of successful cma_alloc() */
	CMASIM_COUNTER_ALLOCSTALL,		/* vmstat: direct reclaim entered */
	CMASIM_COUNTER_CMA_ALLOC_FAIL,		/* vmstat: failed cma_alloc() calls */
	CMASIM_COUNTER_CMA_ALLOC_SUCCESS,	/* vmstat: successful cma_alloc() calls */
	CMASIM_COUNTER_PGALLOC,			/* vmstat: pages allocated by the buddy allocator */
	CMASIM_COUNTER_PGFREE,			/* vmstat: pages freed to the buddy allocator */
	CMASIM_COUNTER_PGMIGRATE_FAIL,		/* vmstat: pages that failed to migrate */
	CMASIM_COUNTER_PGMIGRATE_SUCCESS,	/* vmstat: pages migrated */
	CMASIM_COUNTER_PGSCAN,			/* vmstat: pages scanned by reclaim */
	CMASIM_COUNTER_PGSTEAL,			/* vmstat: pages reclaimed */
	CMASIM_COUNTER_RELEASE_PAGES_SUCCESS,	/* cma sysfs: pages given back by cma_release() */
	CMASIM_COUNTERS,
} CmasimCounterId;

/* point-in-time values (vmstat zone counters), also in sorted name order */
typedef enum {
	CMASIM_GAUGE_NR_ANON_PAGES = 0, /* anonymous pages (not shmem) */
	CMASIM_GAUGE_NR_FILE_PAGES,	/* page cache, shmem included */
	CMASIM_GAUGE_NR_FREE_CMA,	/* free pages in MIGRATE_CMA pageblocks */
	CMASIM_GAUGE_NR_FREE_PAGES,	/* all free pages */
	CMASIM_GAUGE_NR_SHMEM,		/* shmem/tmpfs pages */
	CMASIM_GAUGES,
} CmasimGaugeId;

/* plain data: embed it, or use new/free; zero-initialised is a valid empty set */
typedef struct {
	guint64 events[CMASIM_COUNTERS];
	guint64 gauges[CMASIM_GAUGES];
} CmasimCounters;

CmasimCounters *cmasim_counters_new(void);
void cmasim_counters_free(CmasimCounters *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimCounters, cmasim_counters_free)

void cmasim_counters_reset(CmasimCounters *self);
/* adds events and gauges (gauges of disjoint zones or areas sum to the system value) */
void cmasim_counters_merge(CmasimCounters *dst, const CmasimCounters *src);

static inline void
cmasim_counters_add(CmasimCounters *self, CmasimCounterId id, guint64 n)
{
	self->events[id] += n;
}

static inline guint64
cmasim_counters_get(const CmasimCounters *self, CmasimCounterId id)
{
	return self->events[id];
}

static inline void
cmasim_counters_set_gauge(CmasimCounters *self, CmasimGaugeId id, guint64 value)
{
	self->gauges[id] = value;
}

static inline guint64
cmasim_counters_get_gauge(const CmasimCounters *self, CmasimGaugeId id)
{
	return self->gauges[id];
}

/* kernel names ("cma_alloc_success", "nr_free_cma"); NULL for an invalid id */
const gchar *cmasim_counter_name(CmasimCounterId id);
const gchar *cmasim_counter_description(CmasimCounterId id);
gboolean cmasim_counter_from_name(const gchar *name, CmasimCounterId *id);
const gchar *cmasim_gauge_name(CmasimGaugeId id);
const gchar *cmasim_gauge_description(CmasimGaugeId id);
gboolean cmasim_gauge_from_name(const gchar *name, CmasimGaugeId *id);

G_END_DECLS
