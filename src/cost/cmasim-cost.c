/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Elementary costs of a contiguous allocation. Each function stands for one
 * piece of kernel work and turns a count into simulated nanoseconds:
 *
 *   search_bits     lib/bitmap.c bitmap_find_next_zero_area_off (per word)
 *   scan_pfns       has_unmovable_pages, test_pages_isolated, pfn_range_valid_contig
 *   isolate         mm/page_isolation.c set_migratetype_isolate per pageblock and
 *                   mm/page_alloc.c drain_all_pages / lru_add_drain_all per CPU
 *   migrate         mm/migrate.c migrate_pages: alloc_migration_target, try_to_migrate,
 *                   folio_mc_copy, remove_migration_ptes; TLB flush per page (2011
 *                   unmap_and_move) or once per batch (6.3+ try_to_unmap_flush)
 *   drop_clean      mm/vmscan.c reclaim_clean_pages_from_list
 *   writeout        mm/migrate.c writeout() of a dirty file page; folio_wait_writeback
 *   cache_maint     arch/arm/mm/cache-v7.S v7_dma_flush_range / v7_dma_clean_range (one
 *                   line at a time), arch/arm/mm/cache-l2x0.c (by-PA lines, whole cache by
 *                   way at or above a size), arch/arm64/mm/cache.S dcache_clean_poc
 *   tlb_invalidate  arch/arm/mm/tlb-v7.S (per page, no ceiling),
 *                   arch/arm64/include/asm/tlbflush.h (MAX_DVM_OPS = 512),
 *                   arch/x86/mm/tlb.c (tlb_single_page_flush_ceiling = 33)
 *   pte_writes      set_pte_ext through apply_to_page_range (arch/arm/mm/dma-mapping.c)
 *   vmap            mm/vmalloc.c vmap / vunmap of an alias
 *
 * Simplifications: costs do not depend on cache or TLB state, on contention
 * or on where the pages are; the per-line cost is an average over clean,
 * dirty and absent lines; a range is assumed to start on a line boundary
 * (coherent buffers are page aligned). Per-unit costs are integer
 * picoseconds; each call rounds each bin it touches to the nearest ns once.
 */
#define G_LOG_DOMAIN "CmasimCost"

#include <math.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-units.h"
#include "cost/cmasim-cost-private.h"

/* a per-unit cost above this (1000 s) is certainly a typo */
#define CMASIM_COST_MAX_UNIT_NS 1e12

static const gchar *const cmasim_step_names[CMASIM_STEPS] = {
    "mutex_wait", "search", "isolation", "migration", "reclaim", "cache", "tlb", "mapping",
};

const gchar *
cmasim_step_to_string(CmasimStep step)
{
	if ((guint)step >= CMASIM_STEPS)
		return "unknown";
	return cmasim_step_names[step];
}

CmasimTimeNs
cmasim_breakdown_total(const CmasimBreakdown *bd)
{
	CmasimTimeNs total = 0;

	g_return_val_if_fail(bd != NULL, 0);
	for (guint i = 0; i < CMASIM_STEPS; i++) {
		if (!cmasim_add_u64(total, bd->step_ns[i], &total))
			return CMASIM_TIME_NS_MAX;
	}
	return total;
}

void
cmasim_breakdown_add(CmasimBreakdown *dst, const CmasimBreakdown *src)
{
	g_return_if_fail(dst != NULL);
	g_return_if_fail(src != NULL);
	for (guint i = 0; i < CMASIM_STEPS; i++)
		_cmasim_cost_charge(dst, (CmasimStep)i, src->step_ns[i]);
}

gboolean
_cmasim_cost_arch_from_string(const gchar *arch, CmasimCostArch *out, GError **error)
{
	if (g_strcmp0(arch, "arm32") == 0) {
		*out = CMASIM_COST_ARCH_ARM32;
		return TRUE;
	}
	if (g_strcmp0(arch, "arm64") == 0) {
		*out = CMASIM_COST_ARCH_ARM64;
		return TRUE;
	}
	if (g_strcmp0(arch, "x86-64") == 0) {
		*out = CMASIM_COST_ARCH_X86_64;
		return TRUE;
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		    "unknown architecture '%s' (expected one of: arm32, arm64, x86-64)",
		    arch != NULL ? arch : "(null)");
	return FALSE;
}

CmasimTimeNs
_cmasim_cost_units_ns(guint64 n, guint64 ps)
{
	guint64 total_ps = 0;

	if (!cmasim_mul_u64(n, ps, &total_ps))
		return CMASIM_TIME_NS_MAX;
	/* round half up; written so that it cannot overflow */
	return total_ps / 1000 + (total_ps % 1000 >= 500 ? 1 : 0);
}

CmasimTimeNs
_cmasim_cost_charge(CmasimBreakdown *bd, CmasimStep step, CmasimTimeNs ns)
{
	g_return_val_if_fail((guint)step < CMASIM_STEPS, 0);
	if (bd != NULL && !cmasim_add_u64(bd->step_ns[step], ns, &bd->step_ns[step]))
		bd->step_ns[step] = CMASIM_TIME_NS_MAX;
	return ns;
}

/* a per-unit DOUBLE ns parameter as integer picoseconds */
static gboolean
cmasim_cost_read_ps(const CmasimParams *params, const gchar *key, guint64 *out_ps, GError **error)
{
	gdouble ns = cmasim_params_get_double(params, key);

	if (!isfinite(ns) || ns < 0 || ns > CMASIM_COST_MAX_UNIT_NS) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "%s: %g ns is out of range (expected at most %g)", key, ns,
			    CMASIM_COST_MAX_UNIT_NS);
		return FALSE;
	}
	*out_ps = (guint64)llround(ns * 1000.0);
	return TRUE;
}

/* a DOUBLE throughput in bytes/ns; must be positive */
static gboolean
cmasim_cost_read_rate(const CmasimParams *params, const gchar *key, gdouble *out, GError **error)
{
	gdouble rate = cmasim_params_get_double(params, key);

	if (!isfinite(rate) || rate <= 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "%s: a throughput must be positive", key);
		return FALSE;
	}
	*out = rate;
	return TRUE;
}

/* a cache line size: a power of two, at least 4 bytes */
static gboolean
cmasim_cost_read_line(const CmasimParams *params, const gchar *key, guint64 *out, GError **error)
{
	guint64 bytes = cmasim_params_get_size(params, key);

	if (bytes < 4 || (bytes & (bytes - 1)) != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "%s: %" G_GUINT64_FORMAT " is not a power of two of at least 4 bytes",
			    key, bytes);
		return FALSE;
	}
	*out = bytes;
	return TRUE;
}

static gboolean
cmasim_cost_load(CmasimCost *self, const CmasimParams *params, GError **error)
{
	const gchar *forbid = NULL;
	gdouble copy_bytes_per_ns = 0;

	if (!cmasim_cost_read_ps(params, "cost.migrate_alloc_target_ns",
				 &self->migrate_alloc_target_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.migrate_unmap_ns", &self->migrate_unmap_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.migrate_remap_ns", &self->migrate_remap_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.migrate_tlb_flush_page_ns",
				 &self->migrate_tlb_flush_page_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.drop_clean_page_ns", &self->drop_clean_page_ps,
				 error) ||
	    !cmasim_cost_read_ps(params, "cost.writeout_page_ns", &self->writeout_page_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.search_word_ns", &self->search_word_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.pfn_scan_ns", &self->pfn_scan_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.isolate_pageblock_ns", &self->isolate_pageblock_ps,
				 error) ||
	    !cmasim_cost_read_ps(params, "cost.drain_cpu_ns", &self->drain_cpu_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.buddy_op_ns", &self->buddy_op_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.l1_line_ns", &self->l1_line_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.l2_line_ns", &self->l2_line_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.tlb_page_ns", &self->tlb_page_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.pte_write_ns", &self->pte_write_ps, error) ||
	    !cmasim_cost_read_ps(params, "cost.vmap_page_ns", &self->vmap_page_ps, error))
		return FALSE;
	if (!cmasim_cost_read_rate(params, "cost.copy_bytes_per_ns", &copy_bytes_per_ns, error) ||
	    !cmasim_cost_read_rate(params, "cost.zero_bytes_per_ns", &self->zero_bytes_per_ns,
				   error))
		return FALSE;
	if (!cmasim_cost_read_line(params, "cost.l1_line_bytes", &self->l1_line_bytes, error) ||
	    !cmasim_cost_read_line(params, "cost.l2_line_bytes", &self->l2_line_bytes, error))
		return FALSE;

	/* copy of one page: page_size / throughput, kept in ps */
	if ((gdouble)self->page_size_bytes / copy_bytes_per_ns > CMASIM_COST_MAX_UNIT_NS) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "cost.copy_bytes_per_ns: %g bytes/ns is too slow to model",
			    copy_bytes_per_ns);
		return FALSE;
	}
	self->migrate_copy_page_ps =
	    (guint64)llround((gdouble)self->page_size_bytes * 1000.0 / copy_bytes_per_ns);

	self->migrate_tlb_batch_flush_ns =
	    cmasim_params_get_time(params, "cost.migrate_tlb_batch_flush_ns");
	self->writeback_wait_ns = cmasim_params_get_time(params, "cost.writeback_wait_ns");

	self->l1_whole_clean_threshold_bytes =
	    cmasim_params_get_size(params, "cost.l1_whole_clean_threshold_bytes");
	self->l1_whole_flush_threshold_bytes =
	    cmasim_params_get_size(params, "cost.l1_whole_flush_threshold_bytes");
	self->l1_whole_clean_ns = cmasim_params_get_time(params, "cost.l1_whole_clean_ns");
	self->l1_whole_flush_ns = cmasim_params_get_time(params, "cost.l1_whole_flush_ns");
	self->outer_cache = cmasim_params_get_bool(params, "cost.outer_cache");
	self->l2_whole_clean_threshold_bytes =
	    cmasim_params_get_size(params, "cost.l2_whole_clean_threshold_bytes");
	self->l2_whole_flush_threshold_bytes =
	    cmasim_params_get_size(params, "cost.l2_whole_flush_threshold_bytes");
	self->l2_whole_clean_ns = cmasim_params_get_time(params, "cost.l2_whole_clean_ns");
	self->l2_whole_flush_ns = cmasim_params_get_time(params, "cost.l2_whole_flush_ns");

	self->tlb_range_base_ns = cmasim_params_get_time(params, "cost.tlb_range_base_ns");
	self->tlb_full_flush_ns = cmasim_params_get_time(params, "cost.tlb_full_flush_ns");
	self->tlb_flush_ceiling_pages = cmasim_params_get_uint(params, "cost.tlb_flush_ceiling_pages");
	if (self->tlb_flush_ceiling_pages == 0) {
		/* the architecture's rule */
		switch (self->arch) {
		case CMASIM_COST_ARCH_ARM64:
			self->tlb_flush_ceiling_pages = 512; /* MAX_DVM_OPS = PTRS_PER_PTE */
			break;
		case CMASIM_COST_ARCH_X86_64:
			self->tlb_flush_ceiling_pages = 33; /* tlb_single_page_flush_ceiling */
			break;
		case CMASIM_COST_ARCH_ARM32:
		default:
			self->tlb_flush_ceiling_pages = 0; /* v7 flushes page by page */
			break;
		}
	}
	self->vmap_area_ns = cmasim_params_get_time(params, "cost.vmap_area_ns");

	forbid = cmasim_params_get_enum(params, "cost.forbid_mismatched_attrs");
	if (g_strcmp0(forbid, "auto") == 0)
		self->forbid_mismatched_attrs = self->arch == CMASIM_COST_ARCH_ARM32;
	else
		self->forbid_mismatched_attrs = g_strcmp0(forbid, "true") == 0;

	self->linear_map_accesses_per_s =
	    cmasim_params_get_double(params, "cost.linear_map_accesses_per_s");
	self->pte_extra_miss_rate = cmasim_params_get_double(params, "cost.pte_extra_miss_rate");
	self->tlb_miss_penalty_ns = cmasim_params_get_double(params, "cost.tlb_miss_penalty_ns");
	if (self->pte_extra_miss_rate > 1.0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "cost.pte_extra_miss_rate: %g is not a fraction (expected at most 1)",
			    self->pte_extra_miss_rate);
		return FALSE;
	}
	return TRUE;
}

/**
 * cmasim_cost_new:
 * @params: the run's parameters (the cost.* keys are read once, here)
 * @arch: "arm32", "arm64" or "x86-64"
 * @page_size_bytes: PAGE_SIZE, a power of two from 4 KiB to 64 KiB
 * @ncpus: CPUs drained by drain_all_pages, at least 1
 * @error: (nullable): return location for a CMASIM_ERROR_INVALID_CONFIG
 *
 * Returns: (transfer full) (nullable): the resolved cost model
 */
CmasimCost *
cmasim_cost_new(const CmasimParams *params, const gchar *arch, guint32 page_size_bytes,
		guint ncpus, GError **error)
{
	g_autoptr(CmasimCost) self = NULL;

	g_return_val_if_fail(params != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	self = g_new0(CmasimCost, 1);
	if (!_cmasim_cost_arch_from_string(arch, &self->arch, error))
		return NULL;
	if (page_size_bytes < 4096 || page_size_bytes > 65536 ||
	    (page_size_bytes & (page_size_bytes - 1)) != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "page size %u is not a power of two from 4 KiB to 64 KiB",
			    page_size_bytes);
		return NULL;
	}
	if (ncpus == 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "the cost model needs at least one CPU");
		return NULL;
	}
	self->arch_name = g_strdup(arch);
	self->page_size_bytes = page_size_bytes;
	self->ncpus = ncpus;
	self->word_bits = self->arch == CMASIM_COST_ARCH_ARM32 ? 32 : 64;
	if (!cmasim_cost_load(self, params, error))
		return NULL;
	return g_steal_pointer(&self);
}

void
cmasim_cost_free(CmasimCost *self)
{
	if (self == NULL)
		return;
	g_free(self->arch_name);
	g_free(self);
}

const gchar *
cmasim_cost_get_arch(const CmasimCost *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	return self->arch_name;
}

guint32
cmasim_cost_get_page_size_bytes(const CmasimCost *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->page_size_bytes;
}

guint
cmasim_cost_get_ncpus(const CmasimCost *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->ncpus;
}

guint64
cmasim_cost_get_tlb_flush_ceiling_pages(const CmasimCost *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->tlb_flush_ceiling_pages;
}

gboolean
cmasim_cost_get_forbid_mismatched_attrs(const CmasimCost *self)
{
	g_return_val_if_fail(self != NULL, FALSE);
	return self->forbid_mismatched_attrs;
}

/* t = ceil(n_bits / word_bits) * search_word_ns */
CmasimTimeNs
cmasim_cost_search_bits(const CmasimCost *c, guint64 n_bits, CmasimBreakdown *bd)
{
	guint64 words;

	g_return_val_if_fail(c != NULL, 0);
	words = n_bits / c->word_bits + (n_bits % c->word_bits != 0 ? 1 : 0);
	return _cmasim_cost_charge(bd, CMASIM_STEP_SEARCH,
				   _cmasim_cost_units_ns(words, c->search_word_ps));
}

/* t = n_pfns * pfn_scan_ns, charged to @step */
CmasimTimeNs
cmasim_cost_scan_pfns(const CmasimCost *c, guint64 n_pfns, CmasimStep step, CmasimBreakdown *bd)
{
	g_return_val_if_fail(c != NULL, 0);
	g_return_val_if_fail((guint)step < CMASIM_STEPS, 0);
	return _cmasim_cost_charge(bd, step, _cmasim_cost_units_ns(n_pfns, c->pfn_scan_ps));
}

/*
 * t = n_pageblocks * isolate_pageblock_ns + ncpus * drain_cpu_ns
 * (the drain happens once per isolation, nothing at all for 0 pageblocks)
 */
CmasimTimeNs
cmasim_cost_isolate(const CmasimCost *c, guint64 n_pageblocks, CmasimBreakdown *bd)
{
	guint64 ps = 0;
	guint64 drain_ps = 0;

	g_return_val_if_fail(c != NULL, 0);
	if (n_pageblocks == 0)
		return 0;
	if (!cmasim_mul_u64(n_pageblocks, c->isolate_pageblock_ps, &ps) ||
	    !cmasim_mul_u64(c->ncpus, c->drain_cpu_ps, &drain_ps) ||
	    !cmasim_add_u64(ps, drain_ps, &ps))
		ps = G_MAXUINT64;
	return _cmasim_cost_charge(bd, CMASIM_STEP_ISOLATION, _cmasim_cost_units_ns(1, ps));
}

/*
 * MIGRATION: n * (alloc_target + unmap + page_size / copy_bytes_per_ns + remap)
 * TLB:       batched ? migrate_tlb_batch_flush_ns : n * migrate_tlb_flush_page_ns
 * (nothing at all for 0 pages)
 */
CmasimTimeNs
cmasim_cost_migrate(const CmasimCost *c, guint64 n_pages, gboolean batched_tlb_flush,
		    CmasimBreakdown *bd)
{
	guint64 page_ps;
	CmasimTimeNs total;

	g_return_val_if_fail(c != NULL, 0);
	if (n_pages == 0)
		return 0;
	page_ps = c->migrate_alloc_target_ps + c->migrate_unmap_ps + c->migrate_copy_page_ps +
		  c->migrate_remap_ps;
	total = _cmasim_cost_charge(bd, CMASIM_STEP_MIGRATION,
				    _cmasim_cost_units_ns(n_pages, page_ps));
	if (batched_tlb_flush)
		total += _cmasim_cost_charge(bd, CMASIM_STEP_TLB, c->migrate_tlb_batch_flush_ns);
	else
		total += _cmasim_cost_charge(
		    bd, CMASIM_STEP_TLB, _cmasim_cost_units_ns(n_pages, c->migrate_tlb_flush_page_ps));
	return total;
}

/* t = n * drop_clean_page_ns -> MIGRATION */
CmasimTimeNs
cmasim_cost_drop_clean(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd)
{
	g_return_val_if_fail(c != NULL, 0);
	return _cmasim_cost_charge(bd, CMASIM_STEP_MIGRATION,
				   _cmasim_cost_units_ns(n_pages, c->drop_clean_page_ps));
}

/* t = n * writeout_page_ns -> RECLAIM */
CmasimTimeNs
cmasim_cost_writeout(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd)
{
	g_return_val_if_fail(c != NULL, 0);
	return _cmasim_cost_charge(bd, CMASIM_STEP_RECLAIM,
				   _cmasim_cost_units_ns(n_pages, c->writeout_page_ps));
}

/* t = writeback_wait_ns -> RECLAIM */
CmasimTimeNs
cmasim_cost_writeback_wait(const CmasimCost *c, CmasimBreakdown *bd)
{
	g_return_val_if_fail(c != NULL, 0);
	return _cmasim_cost_charge(bd, CMASIM_STEP_RECLAIM, c->writeback_wait_ns);
}

/* t = n * buddy_op_ns, charged to @step */
CmasimTimeNs
cmasim_cost_buddy_ops(const CmasimCost *c, guint64 n_ops, CmasimStep step, CmasimBreakdown *bd)
{
	g_return_val_if_fail(c != NULL, 0);
	g_return_val_if_fail((guint)step < CMASIM_STEPS, 0);
	return _cmasim_cost_charge(bd, step, _cmasim_cost_units_ns(n_ops, c->buddy_op_ps));
}

/* t = round(n_bytes / zero_bytes_per_ns) -> CACHE */
CmasimTimeNs
cmasim_cost_zero(const CmasimCost *c, guint64 n_bytes, CmasimBreakdown *bd)
{
	gdouble ns;

	g_return_val_if_fail(c != NULL, 0);
	ns = floor((gdouble)n_bytes / c->zero_bytes_per_ns + 0.5);
	if (ns >= 18446744073709551615.0)
		return _cmasim_cost_charge(bd, CMASIM_STEP_CACHE, CMASIM_TIME_NS_MAX);
	return _cmasim_cost_charge(bd, CMASIM_STEP_CACHE, (CmasimTimeNs)ns);
}

/*
 * one cache level: whole-cache op when a threshold is set and n_bytes >= it,
 * else ceil(n_bytes / line_bytes) * line_ns
 */
static CmasimTimeNs
cmasim_cost_cache_level(guint64 n_bytes, guint64 line_bytes, guint64 line_ps,
			guint64 threshold_bytes, CmasimTimeNs whole_ns)
{
	guint64 lines;

	if (n_bytes == 0)
		return 0;
	if (threshold_bytes != 0 && n_bytes >= threshold_bytes)
		return whole_ns;
	lines = n_bytes / line_bytes + (n_bytes % line_bytes != 0 ? 1 : 0);
	return _cmasim_cost_units_ns(lines, line_ps);
}

/*
 * CACHE: inner(n) + (outer_cache ? outer(n) : 0), where each level is
 *   n >= whole_threshold (threshold != 0) ? whole_ns : ceil(n / line) * line_ns
 * with the clean or the clean+invalidate threshold and whole cost.
 */
CmasimTimeNs
cmasim_cost_cache_maint(const CmasimCost *c, guint64 n_bytes, gboolean clean_and_invalidate,
			CmasimBreakdown *bd)
{
	CmasimTimeNs total;

	g_return_val_if_fail(c != NULL, 0);
	total = _cmasim_cost_charge(
	    bd, CMASIM_STEP_CACHE,
	    cmasim_cost_cache_level(n_bytes, c->l1_line_bytes, c->l1_line_ps,
				    clean_and_invalidate ? c->l1_whole_flush_threshold_bytes
							 : c->l1_whole_clean_threshold_bytes,
				    clean_and_invalidate ? c->l1_whole_flush_ns
							 : c->l1_whole_clean_ns));
	if (c->outer_cache)
		total += _cmasim_cost_charge(
		    bd, CMASIM_STEP_CACHE,
		    cmasim_cost_cache_level(n_bytes, c->l2_line_bytes, c->l2_line_ps,
					    clean_and_invalidate
						? c->l2_whole_flush_threshold_bytes
						: c->l2_whole_clean_threshold_bytes,
					    clean_and_invalidate ? c->l2_whole_flush_ns
								 : c->l2_whole_clean_ns));
	return total;
}

/*
 * TLB: 0 for 0 pages, else
 *   tlb_range_base_ns + (ceiling != 0 && n > ceiling ? tlb_full_flush_ns : n * tlb_page_ns)
 */
CmasimTimeNs
cmasim_cost_tlb_invalidate(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd)
{
	CmasimTimeNs ns;

	g_return_val_if_fail(c != NULL, 0);
	if (n_pages == 0)
		return 0;
	if (c->tlb_flush_ceiling_pages != 0 && n_pages > c->tlb_flush_ceiling_pages)
		ns = c->tlb_full_flush_ns;
	else
		ns = _cmasim_cost_units_ns(n_pages, c->tlb_page_ps);
	if (!cmasim_add_u64(ns, c->tlb_range_base_ns, &ns))
		ns = CMASIM_TIME_NS_MAX;
	return _cmasim_cost_charge(bd, CMASIM_STEP_TLB, ns);
}

/* t = n * pte_write_ns -> MAPPING */
CmasimTimeNs
cmasim_cost_pte_writes(const CmasimCost *c, guint64 n_ptes, CmasimBreakdown *bd)
{
	g_return_val_if_fail(c != NULL, 0);
	return _cmasim_cost_charge(bd, CMASIM_STEP_MAPPING,
				   _cmasim_cost_units_ns(n_ptes, c->pte_write_ps));
}

/* t = vmap_area_ns + n * vmap_page_ns -> MAPPING (nothing for 0 pages) */
CmasimTimeNs
cmasim_cost_vmap(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd)
{
	CmasimTimeNs ns;

	g_return_val_if_fail(c != NULL, 0);
	if (n_pages == 0)
		return 0;
	if (!cmasim_add_u64(_cmasim_cost_units_ns(n_pages, c->vmap_page_ps), c->vmap_area_ns, &ns))
		ns = CMASIM_TIME_NS_MAX;
	return _cmasim_cost_charge(bd, CMASIM_STEP_MAPPING, ns);
}
