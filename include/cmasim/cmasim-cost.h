/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The cost model: how much simulated time each elementary kernel action of a
 * contiguous allocation takes. A CmasimCost is built once per run from the
 * cost.* parameters (a CPU profile plus overrides), the architecture, the
 * page size and the CPU count; after that every call is O(1), allocates
 * nothing, and may be made from any policy step.
 *
 * Every cost function adds its time to the right bin(s) of @bd (which may
 * be NULL) and returns the total it added, which is always the exact sum of
 * what it added to the bins. Formulas are in src/cost/cmasim-cost.c and
 * docs/cost-model.md.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-params.h"
#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

typedef struct _CmasimCost CmasimCost;

/*
 * @arch: "arm32", "arm64" or "x86-64"; @page_size_bytes: a power of two from
 * 4 KiB to 64 KiB; @ncpus: at least 1. Fails with CMASIM_ERROR_INVALID_CONFIG
 * on a bad argument or an unusable parameter value (e.g. a zero throughput).
 */
CmasimCost *cmasim_cost_new(const CmasimParams *params, const gchar *arch, guint32 page_size_bytes,
			    guint ncpus, GError **error);
void cmasim_cost_free(CmasimCost *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimCost, cmasim_cost_free)

const gchar *cmasim_cost_get_arch(const CmasimCost *self);
guint32 cmasim_cost_get_page_size_bytes(const CmasimCost *self);
guint cmasim_cost_get_ncpus(const CmasimCost *self);
/* the resolved kernel-range TLB ceiling in pages; 0 = none (always per page) */
guint64 cmasim_cost_get_tlb_flush_ceiling_pages(const CmasimCost *self);
/* the resolved mismatched-attribute rule (cost.forbid_mismatched_attrs, auto resolved by arch) */
gboolean cmasim_cost_get_forbid_mismatched_attrs(const CmasimCost *self);

/* bitmap scan of @n_bits bits, charged per word (32 bits on arm32, 64 elsewhere) -> SEARCH */
CmasimTimeNs cmasim_cost_search_bits(const CmasimCost *c, guint64 n_bits, CmasimBreakdown *bd);
/* per-pfn page-state scans (has_unmovable_pages, test_pages_isolated, pfn_range_valid_contig) */
CmasimTimeNs cmasim_cost_scan_pfns(const CmasimCost *c, guint64 n_pfns, CmasimStep step,
				   CmasimBreakdown *bd);
/* set_migratetype_isolate per pageblock + one drain_all_pages over ncpus -> ISOLATION */
CmasimTimeNs cmasim_cost_isolate(const CmasimCost *c, guint64 n_pageblocks, CmasimBreakdown *bd);
/*
 * one migrate_pages batch of @n_pages: per page alloc target + unmap + copy + remap
 * (MIGRATION) and the TLB flush (TLB): one per page, or one per batch when
 * @batched_tlb_flush (mainline 6.3+)
 */
CmasimTimeNs cmasim_cost_migrate(const CmasimCost *c, guint64 n_pages, gboolean batched_tlb_flush,
				 CmasimBreakdown *bd);
/* reclaim_clean_pages_from_list -> MIGRATION */
CmasimTimeNs cmasim_cost_drop_clean(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd);
/* dirty file pages written out before migration -> RECLAIM */
CmasimTimeNs cmasim_cost_writeout(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd);
/* waiting for the in-flight writeback of one page -> RECLAIM */
CmasimTimeNs cmasim_cost_writeback_wait(const CmasimCost *c, CmasimBreakdown *bd);
CmasimTimeNs cmasim_cost_buddy_ops(const CmasimCost *c, guint64 n_ops, CmasimStep step,
				   CmasimBreakdown *bd);
/* memset of @n_bytes -> CACHE */
CmasimTimeNs cmasim_cost_zero(const CmasimCost *c, guint64 n_bytes, CmasimBreakdown *bd);
/*
 * D-cache maintenance of a line-aligned range: inner by VA line, then the outer
 * cache (PL310) by PA line; each level becomes one whole-cache operation at or
 * above its switch-over threshold -> CACHE
 */
CmasimTimeNs cmasim_cost_cache_maint(const CmasimCost *c, guint64 n_bytes,
				     gboolean clean_and_invalidate, CmasimBreakdown *bd);
/* kernel-range TLB invalidation: per page up to the ceiling, then one full flush -> TLB */
CmasimTimeNs cmasim_cost_tlb_invalidate(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd);
/* kernel PTE writes or clears -> MAPPING */
CmasimTimeNs cmasim_cost_pte_writes(const CmasimCost *c, guint64 n_ptes, CmasimBreakdown *bd);
/* a vmalloc-space alias of @n_pages: one area + per-page mapping -> MAPPING */
CmasimTimeNs cmasim_cost_vmap(const CmasimCost *c, guint64 n_pages, CmasimBreakdown *bd);

/* the sum of all bins */
CmasimTimeNs cmasim_breakdown_total(const CmasimBreakdown *bd);
/* @dst += @src, bin by bin */
void cmasim_breakdown_add(CmasimBreakdown *dst, const CmasimBreakdown *src);

G_END_DECLS
