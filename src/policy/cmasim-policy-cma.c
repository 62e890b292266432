/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The cma policy. Mirrors mm/cma.c (6.12: __cma_alloc(), cma_release(),
 * cma_bitmap_aligned_mask/offset) and, with policy.cma.behaviour = v14, the
 * Aug-2011 drivers/base/dma-contiguous.c:
 *
 *  - each region becomes a CMA area at boot: MIGRATE_CMA pageblocks given
 *    to the buddy as free memory (cma_init_reserved_areas);
 *  - a bitmap with one bit per 2^order_per_bit pages; a request of count
 *    pages and alignment order `align` searches for ceil(count / 2^opb)
 *    zero bits at an index aligned with mask (1 << (align - opb)) - 1 and
 *    offset (base_pfn & ((1 << align) - 1)) >> opb;
 *  - mainline: bits are set before migration (the window is ours), the
 *    mutex is held only around alloc_contig_range(), and -EBUSY moves the
 *    search to bitmap_no + mask + 1; a walk that ran out after a -EBUSY
 *    reports -EBUSY, one that never found a window -ENOMEM;
 *  - v14: the global cma_mutex is held across search and migration, the
 *    search always starts at 0, any failure is final;
 *  - release clears the bits and frees the pages (free_contig_range), no
 *    migration.
 *
 * The window inside an area is chosen by policy.cma.placement: first-fit
 * (the kernel), best-fit (the smallest free run that fits) or
 * fewest-migrations (the aligned window with the fewest movable pages,
 * from the per-pageblock counters): research alternatives.
 *
 * policy.cma.retry_sleep (with policy.cma.max_walks) adds the vendor
 * sleep-and-retry of Android kernels (field-survey 2.6): a walk that ended
 * in -EBUSY sleeps, then walks the area again from offset 0.
 *
 * Simplification: cma->lock (a spinlock) costs nothing and never waits.
 */
#define G_LOG_DOMAIN "CmasimPolicy"

#include "policy/cmasim-bitmap.h"
#include "policy/cmasim-policy-private.h"

typedef struct {
	CmasimPfn base_pfn;
	guint64 count;
	guint order_per_bit;
	CmasimBitmap bitmap;
} CmasimCmaArea;

typedef enum {
	CMASIM_PLACE_FIRST_FIT,
	CMASIM_PLACE_BEST_FIT,
	CMASIM_PLACE_FEWEST_MIGRATIONS,
} CmasimCmaPlacement;

typedef struct {
	CmasimCmaArea *areas;
	guint n_areas;
	CmasimTimeNs retry_sleep_ns;
	guint64 max_walks;
	gboolean v14;
	gboolean per_area_mutex;
	CmasimCmaPlacement placement;
} CmasimCma;

static gboolean
cmasim_cma_init(CmasimPolicy *policy, GError **error)
{
	const CmasimPolicyEnv *env = cmasim_policy_get_env(policy);
	CmasimCma *cma = g_new0(CmasimCma, 1);
	const gchar *placement = cmasim_params_get_enum(env->params, "policy.cma.placement");

	cmasim_policy_set_data(policy, cma);
	cma->v14 = g_strcmp0(cmasim_params_get_enum(env->params, "policy.cma.behaviour"), "v14") == 0;
	cma->per_area_mutex =
	    g_strcmp0(cmasim_params_get_enum(env->params, "policy.cma.mutex"), "per-area") == 0;
	cma->placement = g_strcmp0(placement, "best-fit") == 0 ? CMASIM_PLACE_BEST_FIT
			 : g_strcmp0(placement, "fewest-migrations") == 0
			     ? CMASIM_PLACE_FEWEST_MIGRATIONS
			     : CMASIM_PLACE_FIRST_FIT;
	cma->retry_sleep_ns = cmasim_params_get_time(env->params, "policy.cma.retry_sleep");
	cma->max_walks = cmasim_params_get_uint(env->params, "policy.cma.max_walks");
	cma->n_areas = env->n_regions;
	cma->areas = g_new0(CmasimCmaArea, env->n_regions);
	for (guint r = 0; r < env->n_regions; r++) {
		CmasimCmaArea *area = &cma->areas[r];
		area->base_pfn = env->region_pfn[r];
		area->count = env->region_count[r];
		/* 2011 areas had one bit per page */
		area->order_per_bit = cma->v14 ? 0 : env->region_order_per_bit[r];
		if (!cmasim_mm_declare_cma(env->mm, area->base_pfn, area->count, error)) {
			g_prefix_error(error, "region %s: ", env->region_names[r]);
			return FALSE;
		}
		_cmasim_bitmap_init(&area->bitmap, area->count >> area->order_per_bit);
		if (env->dma_map != NULL)
			cmasim_dma_map_add_region(env->dma_map, env->region_names[r],
						  area->base_pfn, area->count,
						  CMASIM_DMA_REGION_CMA);
	}
	return TRUE;
}

static void
cmasim_cma_finalize(CmasimPolicy *policy)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	if (cma == NULL)
		return;
	for (guint a = 0; a < cma->n_areas; a++)
		_cmasim_bitmap_clear_all(&cma->areas[a].bitmap);
	g_free(cma->areas);
	g_free(cma);
}

static gint
cmasim_cma_mutex_for(CmasimPolicy *policy, CmasimContigRequest *req)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	return cma->per_area_mutex ? req->region : (gint)cma->n_areas;
}

static gboolean
cmasim_cma_lock_covers_search(CmasimPolicy *policy)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	return cma->v14;
}

static void
cmasim_cma_geometry(const CmasimCmaArea *area, const CmasimContigRequest *req, guint64 *nr,
		    guint64 *mask, guint64 *offset)
{
	guint opb = area->order_per_bit;
	*nr = (req->count + (G_GUINT64_CONSTANT(1) << opb) - 1) >> opb;
	*mask = req->align > opb ? (G_GUINT64_CONSTANT(1) << (req->align - opb)) - 1 : 0;
	*offset = (area->base_pfn & ((G_GUINT64_CONSTANT(1) << req->align) - 1)) >> opb;
}

/* movable pages in [pfn, pfn + n), estimated from the pageblock counters */
static guint64
cmasim_cma_window_movable(CmasimMm *mm, CmasimPfn pfn, guint64 n)
{
	guint pbo = cmasim_mm_get_pageblock_order(mm);
	guint64 pbp = G_GUINT64_CONSTANT(1) << pbo;
	guint64 total = 0;
	for (guint64 p = pfn & ~(pbp - 1); p < pfn + n; p += pbp) {
		guint64 lo = MAX(p, pfn), hi = MIN(p + pbp, pfn + n);
		total += cmasim_mm_pageblock_get_nr_movable(mm, (guint32)(p >> pbo)) * (hi - lo) /
			 pbp;
	}
	return total;
}

/* best-fit / fewest-migrations: look at every aligned free window from @start */
static guint64
cmasim_cma_search_alternative(CmasimCma *cma, CmasimMm *mm, const CmasimCmaArea *area,
			      guint64 start, guint64 nr, guint64 mask, guint64 offset,
			      guint64 *examined)
{
	const CmasimBitmap *bm = &area->bitmap;
	guint64 best = G_MAXUINT64, best_score = G_MAXUINT64;
	guint64 pos = start;

	while (pos < bm->nbits) {
		guint64 run_start = _cmasim_bitmap_next_zero(bm, pos);
		guint64 run_end = _cmasim_bitmap_next_set(bm, run_start, bm->nbits);
		guint64 index = ((run_start + offset + mask) & ~mask) - offset;
		*examined += run_end - pos + 1;
		for (; index + nr <= run_end; index += mask + 1) {
			guint64 score;
			if (cma->placement == CMASIM_PLACE_BEST_FIT)
				score = run_end - run_start;
			else
				score = cmasim_cma_window_movable(
				    mm, (CmasimPfn)(area->base_pfn + (index << area->order_per_bit)),
				    nr << area->order_per_bit);
			if (score < best_score) {
				best_score = score;
				best = index;
			}
			if (cma->placement == CMASIM_PLACE_BEST_FIT)
				break; /* every window of a run scores the same */
		}
		pos = run_end + 1;
	}
	return best == G_MAXUINT64 ? bm->nbits + 1 : best;
}

static CmasimAllocStatus
cmasim_cma_find(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn *pfn, guint64 *count)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	const CmasimCost *cost = _cmasim_policy_cost(policy);
	CmasimCmaArea *area;
	guint64 nr, mask, offset, index, examined = 0;

	if (req->region < 0)
		req->region = cmasim_policy_region_for_device(policy, req->device);
	if (req->region < 0 || (guint)req->region >= cma->n_areas || req->count == 0)
		return CMASIM_ALLOC_ENOMEM; /* no area for this device */
	area = &cma->areas[req->region];
	cmasim_cma_geometry(area, req, &nr, &mask, &offset);
	if (nr > area->bitmap.nbits)
		return CMASIM_ALLOC_ENOMEM;
	if (cma->v14)
		req->cursor = 0;
	if (cma->placement == CMASIM_PLACE_FIRST_FIT)
		index = _cmasim_bitmap_find_area(&area->bitmap, req->cursor, nr, mask, offset,
						 &examined);
	else
		index = cmasim_cma_search_alternative(cma, _cmasim_policy_mm(policy), area,
						      req->cursor, nr, mask, offset, &examined);
	cmasim_cost_search_bits(cost, examined, &req->breakdown);
	if (index + nr > area->bitmap.nbits)
		return req->retries > 0 ? CMASIM_ALLOC_EBUSY : CMASIM_ALLOC_ENOMEM;
	/* reserve the window before migrating, as __cma_alloc() does */
	_cmasim_bitmap_set(&area->bitmap, index, nr);
	req->bit = index;
	*pfn = (CmasimPfn)(area->base_pfn + (index << area->order_per_bit));
	*count = req->count;
	return CMASIM_ALLOC_OK;
}

static gboolean
cmasim_cma_window_failed(CmasimPolicy *policy, CmasimContigRequest *req, CmasimAllocStatus status)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	CmasimCmaArea *area = &cma->areas[req->region];
	guint64 nr, mask, offset;

	cmasim_cma_geometry(area, req, &nr, &mask, &offset);
	_cmasim_bitmap_clear(&area->bitmap, req->bit, nr);
	if (status != CMASIM_ALLOC_EBUSY || cma->v14)
		return FALSE;
	req->cursor = req->bit + mask + 1;
	return TRUE;
}

/*
 * cma_release(): free_contig_range() of [pfn, pfn + count) and
 * cma_clear_bitmap() of the bits that cover it, from bit (pfn - base) >>
 * order_per_bit for ALIGN(count, 2^order_per_bit) >> order_per_bit bits, as
 * the kernel rounds. With order_per_bit > 0 a partial release can clear a
 * bit whose other pages are still held (the kernel does the same; debugfs
 * refuses such frees); bits already clear stay clear.
 */
static void
cmasim_cma_release(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn pfn, guint64 count,
		   gboolean last)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	CmasimCmaArea *area = &cma->areas[req->region];
	guint opb = area->order_per_bit;
	guint64 bit = (pfn - area->base_pfn) >> opb;
	guint64 nr = (count + (G_GUINT64_CONSTANT(1) << opb) - 1) >> opb;

	_cmasim_contig_release(_cmasim_policy_mm(policy), pfn, count, NULL);
	if (last && pfn == req->pfn && count == req->count) {
		/* the whole allocation: exactly the bits find() set */
		guint64 mask, offset;
		cmasim_cma_geometry(area, req, &nr, &mask, &offset);
		_cmasim_bitmap_clear(&area->bitmap, req->bit, nr);
		return;
	}
	_cmasim_bitmap_clear_any(&area->bitmap, bit, MIN(nr, area->bitmap.nbits - bit));
}

static void
cmasim_cma_reserved_pages(CmasimPolicy *policy, guint64 *reserved, guint64 *in_use)
{
	/* CMA memory stays usable by movable allocations: nothing is lost */
	CmasimCma *cma = cmasim_policy_get_data(policy);
	*reserved = 0;
	*in_use = 0;
	for (guint a = 0; a < cma->n_areas; a++)
		*in_use += cma->areas[a].bitmap.used << cma->areas[a].order_per_bit;
}

static CmasimTimeNs
cmasim_cma_retry_sleep(CmasimPolicy *policy, CmasimContigRequest *req, CmasimAllocStatus status)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	if (status != CMASIM_ALLOC_EBUSY || cma->v14 || cma->retry_sleep_ns == 0 ||
	    req->walks + 1 >= cma->max_walks)
		return 0;
	req->walks++;
	req->cursor = 0;
	return cma->retry_sleep_ns;
}

static void
cmasim_cma_isolation(CmasimPolicy *policy, CmasimMigratetype *mt, gboolean *old_rules)
{
	CmasimCma *cma = cmasim_policy_get_data(policy);
	*mt = CMASIM_MIGRATETYPE_CMA;
	*old_rules = cma->v14;
}

static const CmasimPolicyOps cmasim_cma_ops = {
    .version = CMASIM_POLICY_OPS_VERSION,
    .name = "cma",
    .description = "CMA areas of MIGRATE_CMA pageblocks, bitmap allocator + alloc_contig_range",
    .needs_migration = TRUE,
    .dma_region_kind = CMASIM_DMA_REGION_CMA,
    .init = cmasim_cma_init,
    .finalize = cmasim_cma_finalize,
    .mutex_for = cmasim_cma_mutex_for,
    .lock_covers_search = cmasim_cma_lock_covers_search,
    .find = cmasim_cma_find,
    .window_failed = cmasim_cma_window_failed,
    .isolation = cmasim_cma_isolation,
    .window_done = NULL,
    .release = cmasim_cma_release,
    .reserved_pages = cmasim_cma_reserved_pages,
    .retry_sleep = cmasim_cma_retry_sleep,
    .serves_boot_pools = TRUE,
};

const CmasimPolicyOps *
_cmasim_policy_cma_get_ops(void)
{
	return &cmasim_cma_ops;
}
