/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Event counters and gauges under the kernel's own names, so that a run's
 * numbers read like /proc/vmstat (mm/vmstat.c vmstat_text[]: pgalloc,
 * pgfree, allocstall, pgscan, pgsteal, pgmigrate_success/fail,
 * cma_alloc_success/fail, nr_free_pages, nr_free_cma) and like the CMA sysfs
 * files (mm/cma_sysfs.c: alloc_pages_success, alloc_pages_fail,
 * release_pages_success). The kernel splits some of these per zone
 * (pgalloc_normal) or per reclaimer (pgscan_kswapd); cmasim keeps the
 * summed form.
 */
#define G_LOG_DOMAIN "CmasimMetrics"

#include <string.h>

#include "cmasim/cmasim-metrics.h"

typedef struct {
	const gchar *name;
	const gchar *description;
} CmasimCounterInfo;

/* in strcmp() order, matching the enum */
static const CmasimCounterInfo counter_info[CMASIM_COUNTERS] = {
    [CMASIM_COUNTER_ALLOC_PAGES_FAIL] = {"alloc_pages_fail",
					 "pages of failed cma_alloc() requests"},
    [CMASIM_COUNTER_ALLOC_PAGES_SUCCESS] = {"alloc_pages_success",
					    "pages of successful cma_alloc() requests"},
    [CMASIM_COUNTER_ALLOCSTALL] = {"allocstall", "allocations that entered direct reclaim"},
    [CMASIM_COUNTER_CMA_ALLOC_FAIL] = {"cma_alloc_fail", "failed cma_alloc() calls"},
    [CMASIM_COUNTER_CMA_ALLOC_SUCCESS] = {"cma_alloc_success", "successful cma_alloc() calls"},
    [CMASIM_COUNTER_PGALLOC] = {"pgalloc", "pages allocated by the buddy allocator"},
    [CMASIM_COUNTER_PGFREE] = {"pgfree", "pages freed to the buddy allocator"},
    [CMASIM_COUNTER_PGMIGRATE_FAIL] = {"pgmigrate_fail", "pages that could not be migrated"},
    [CMASIM_COUNTER_PGMIGRATE_SUCCESS] = {"pgmigrate_success", "pages migrated"},
    [CMASIM_COUNTER_PGSCAN] = {"pgscan", "pages scanned by reclaim"},
    [CMASIM_COUNTER_PGSTEAL] = {"pgsteal", "pages reclaimed"},
    [CMASIM_COUNTER_RELEASE_PAGES_SUCCESS] = {"release_pages_success",
					      "pages returned by cma_release()"},
};

static const CmasimCounterInfo gauge_info[CMASIM_GAUGES] = {
    [CMASIM_GAUGE_NR_ANON_PAGES] = {"nr_anon_pages", "anonymous pages, shmem not included"},
    [CMASIM_GAUGE_NR_FILE_PAGES] = {"nr_file_pages", "page cache pages, shmem included"},
    [CMASIM_GAUGE_NR_FREE_CMA] = {"nr_free_cma", "free pages in MIGRATE_CMA pageblocks"},
    [CMASIM_GAUGE_NR_FREE_PAGES] = {"nr_free_pages", "free pages"},
    [CMASIM_GAUGE_NR_SHMEM] = {"nr_shmem", "shmem and tmpfs pages (swap-backed, on the anon LRU)"},
};

/**
 * cmasim_counters_new:
 *
 * Returns: (transfer full): a zeroed set of counters
 */
CmasimCounters *
cmasim_counters_new(void)
{
	return g_new0(CmasimCounters, 1);
}

void
cmasim_counters_free(CmasimCounters *self)
{
	g_free(self);
}

void
cmasim_counters_reset(CmasimCounters *self)
{
	g_return_if_fail(self != NULL);
	memset(self, 0, sizeof(*self));
}

void
cmasim_counters_merge(CmasimCounters *dst, const CmasimCounters *src)
{
	g_return_if_fail(dst != NULL);
	g_return_if_fail(src != NULL);

	for (guint i = 0; i < CMASIM_COUNTERS; i++)
		dst->events[i] += src->events[i];
	for (guint i = 0; i < CMASIM_GAUGES; i++)
		dst->gauges[i] += src->gauges[i];
}

const gchar *
cmasim_counter_name(CmasimCounterId id)
{
	if ((guint)id >= CMASIM_COUNTERS)
		return NULL;
	return counter_info[id].name;
}

const gchar *
cmasim_counter_description(CmasimCounterId id)
{
	if ((guint)id >= CMASIM_COUNTERS)
		return NULL;
	return counter_info[id].description;
}

gboolean
cmasim_counter_from_name(const gchar *name, CmasimCounterId *id)
{
	g_return_val_if_fail(id != NULL, FALSE);

	for (guint i = 0; i < CMASIM_COUNTERS; i++) {
		if (g_strcmp0(name, counter_info[i].name) == 0) {
			*id = (CmasimCounterId)i;
			return TRUE;
		}
	}
	return FALSE;
}

const gchar *
cmasim_gauge_name(CmasimGaugeId id)
{
	if ((guint)id >= CMASIM_GAUGES)
		return NULL;
	return gauge_info[id].name;
}

const gchar *
cmasim_gauge_description(CmasimGaugeId id)
{
	if ((guint)id >= CMASIM_GAUGES)
		return NULL;
	return gauge_info[id].description;
}

gboolean
cmasim_gauge_from_name(const gchar *name, CmasimGaugeId *id)
{
	g_return_val_if_fail(id != NULL, FALSE);

	for (guint i = 0; i < CMASIM_GAUGES; i++) {
		if (g_strcmp0(name, gauge_info[i].name) == 0) {
			*id = (CmasimGaugeId)i;
			return TRUE;
		}
	}
	return FALSE;
}
