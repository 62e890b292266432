/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The alloc_contig_pages policy: no reservation at all.
 *
 * kamezawa (default) mirrors KAMEZAWA Hiroyuki's "big chunk memory
 * allocator" (2010, kernel-facts 2.4): the alignment is raised to
 * MAX_ORDER and the size rounded up to a multiple of a MAX_ORDER block;
 * candidates are scanned upwards; a candidate whose pages are all free or
 * on the LRU is isolated and migrated (MAX_ORDER-aligned isolation), any
 * other page rejects it and the scan jumps past the blocking page; the
 * rounded-up tail is freed after success.
 *
 * stride mirrors the modern alloc_contig_pages() (kernel-facts 2.3): the
 * candidate starts at the zone start aligned to the (power-of-two) size and
 * advances by the size; pfn_range_valid_contig() only rejects holes and
 * reserved pages, everything else is left to alloc_contig_range(), whose
 * isolation fails on unmovable pages.
 *
 * Candidates lie in one zone; no mutex (each candidate is protected by its
 * isolation, so concurrent requests collide with -EBUSY). A request that
 * runs out of candidates fails with -ENOMEM, as a NULL return would.
 */
#define G_LOG_DOMAIN "CmasimPolicy"

#include "policy/cmasim-policy-private.h"

typedef struct {
	gboolean kamezawa;
} CmasimAcp;

static gboolean
cmasim_acp_init(CmasimPolicy *policy, GError **error)
{
	const CmasimPolicyEnv *env = cmasim_policy_get_env(policy);
	CmasimAcp *acp = g_new0(CmasimAcp, 1);
	acp->kamezawa =
	    g_strcmp0(cmasim_params_get_enum(env->params, "policy.acp.variant"), "kamezawa") == 0;
	cmasim_policy_set_data(policy, acp);
	return TRUE;
}

static void
cmasim_acp_finalize(CmasimPolicy *policy)
{
	g_free(cmasim_policy_get_data(policy));
}

static gint
cmasim_acp_mutex_for(CmasimPolicy *policy, CmasimContigRequest *req)
{
	return -1;
}

/* window size and alignment (orders / pages) for @req */
static void
cmasim_acp_geometry(CmasimAcp *acp, CmasimMm *mm, const CmasimContigRequest *req,
		    guint64 *window, guint64 *step)
{
	guint max_order = cmasim_mm_get_max_order(mm);
	if (acp->kamezawa) {
		guint64 block = G_GUINT64_CONSTANT(1) << max_order;
		guint align = MAX(req->align, max_order);
		*window = (req->count + block - 1) / block * block;
		*step = G_GUINT64_CONSTANT(1) << align;
	} else {
		*window = G_GUINT64_CONSTANT(1) << _cmasim_order_of(req->count);
		*step = *window;
	}
}

/* first pfn in [pfn, pfn + n) that rejects the candidate, or CMASIM_PFN_NONE */
static CmasimPfn
cmasim_acp_blocking_pfn(CmasimAcp *acp, CmasimMm *mm, CmasimPfn pfn, guint64 n, guint64 *scanned)
{
	for (CmasimPfn p = pfn; p < pfn + n;) {
		const CmasimPage *page = &mm->pages[p];
		CmasimMigratetype mt = _cmasim_mm_block_mt(mm, p);
		guint64 step = 1;
		(*scanned)++;
		if (page->state == CMASIM_PAGE_RESERVED || mt == CMASIM_MIGRATETYPE_CMA ||
		    mt == CMASIM_MIGRATETYPE_ISOLATE)
			return p;
		if (page->state == CMASIM_PAGE_BUDDY) {
			step = G_GUINT64_CONSTANT(1) << page->order;
		} else if (page->state == CMASIM_PAGE_OWNED) {
			step = G_GUINT64_CONSTANT(1) << page->order;
			if (acp->kamezawa && !_cmasim_kind_is_movable(_cmasim_page_kind(page)))
				return p;
		} else if (acp->kamezawa) {
			/* CONTIG, ALLOCATED, or a tail of something not free */
			if (page->state != CMASIM_PAGE_TAIL)
				return p;
		}
		/* a block can start before pfn; skip to the next head either way */
		p = (CmasimPfn)MIN((guint64)(p & ~(step - 1)) + step, (guint64)pfn + n);
	}
	return CMASIM_PFN_NONE;
}

static CmasimAllocStatus
cmasim_acp_find(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn *pfn_out,
		guint64 *count)
{
	CmasimAcp *acp = cmasim_policy_get_data(policy);
	CmasimMm *mm = _cmasim_policy_mm(policy);
	guint64 window, step, scanned = 0;
	guint64 p;
	CmasimAllocStatus status = CMASIM_ALLOC_ENOMEM;

	if (req->count == 0)
		return CMASIM_ALLOC_EINVAL;
	cmasim_acp_geometry(acp, mm, req, &window, &step);
	/* req->cursor is the next candidate pfn; candidates walk memory upwards */
	p = (req->cursor + step - 1) / step * step;
	while (p + window <= cmasim_mm_get_span_pages(mm)) {
		gint zone = cmasim_mm_zone_of_pfn(mm, (CmasimPfn)p);
		guint64 zend = cmasim_mm_zone_get_end_pfn(mm, (guint)zone);
		CmasimPfn blocking;
		if (p + window > zend) {
			/* a window may not cross into the next zone */
			p = (zend + step - 1) / step * step;
			continue;
		}
		blocking = cmasim_acp_blocking_pfn(acp, mm, (CmasimPfn)p, window, &scanned);
		if (blocking == CMASIM_PFN_NONE) {
			req->cursor = p;
			*pfn_out = (CmasimPfn)p;
			*count = window;
			status = CMASIM_ALLOC_OK;
			break;
		}
		/* jump past the blocking page to the next aligned candidate */
		p = ((guint64)blocking / step + 1) * step;
	}
	cmasim_cost_scan_pfns(_cmasim_policy_cost(policy), scanned, CMASIM_STEP_SEARCH,
			      &req->breakdown);
	return status;
}

static gboolean
cmasim_acp_window_failed(CmasimPolicy *policy, CmasimContigRequest *req, CmasimAllocStatus status)
{
	CmasimAcp *acp = cmasim_policy_get_data(policy);
	guint64 window, step;

	/* no migration target: memory is short, another window will not help */
	if (status == CMASIM_ALLOC_ENOMEM)
		return FALSE;
	cmasim_acp_geometry(acp, _cmasim_policy_mm(policy), req, &window, &step);
	req->cursor += step;
	return TRUE;
}

static void
cmasim_acp_window_done(CmasimPolicy *policy, CmasimContigRequest *req)
{
	/* free the rounded-up tail (Kamezawa's MAX_ORDER rounding) */
	if (req->window_count > req->count)
		_cmasim_contig_release(_cmasim_policy_mm(policy), (CmasimPfn)(req->pfn + req->count),
				       req->window_count - req->count, NULL);
}

static void
cmasim_acp_release(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn pfn, guint64 count,
		   gboolean last)
{
	/* free_contig_range() */
	_cmasim_contig_release(_cmasim_policy_mm(policy), pfn, count, NULL);
}

static void
cmasim_acp_isolation(CmasimPolicy *policy, CmasimMigratetype *mt, gboolean *old_rules)
{
	CmasimAcp *acp = cmasim_policy_get_data(policy);
	*mt = CMASIM_MIGRATETYPE_MOVABLE;
	*old_rules = acp->kamezawa; /* 2010: MAX_ORDER isolation, per-page TLB flush */
}

static const CmasimPolicyOps cmasim_acp_ops = {
    .version = CMASIM_POLICY_OPS_VERSION,
    .name = "alloc_contig_pages",
    .description = "no reservation: scan the zone for a movable range, isolate and migrate",
    .needs_migration = TRUE,
    .dma_region_kind = CMASIM_DMA_REGION_BUDDY,
    .init = cmasim_acp_init,
    .finalize = cmasim_acp_finalize,
    .mutex_for = cmasim_acp_mutex_for,
    .lock_covers_search = NULL,
    .find = cmasim_acp_find,
    .window_failed = cmasim_acp_window_failed,
    .isolation = cmasim_acp_isolation,
    .window_done = cmasim_acp_window_done,
    .release = cmasim_acp_release,
    .reserved_pages = NULL,
};

const CmasimPolicyOps *
_cmasim_policy_acp_get_ops(void)
{
	return &cmasim_acp_ops;
}
