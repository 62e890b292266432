/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The carveout policy. Mirrors kernel/dma/coherent.c (a device-tree
 * `shared-dma-pool` region with `no-map`, kernel-facts 7): the region is
 * taken out of the page allocator at boot and never given back; inside it a
 * bitmap allocator hands out buffers. With policy.carveout.pow2 (the
 * kernel's bitmap_find_free_region()) a request is rounded up to a
 * power-of-two number of pages placed at a multiple of its size, so a
 * 3 MiB buffer uses 4 MiB; without it, first fit at the request's
 * alignment. No migration ever; the latency is the search and the cache
 * work of the mapping. The region's idle pages are memory the system lost.
 */
#define G_LOG_DOMAIN "CmasimPolicy"

#include "policy/cmasim-bitmap.h"
#include "policy/cmasim-policy-private.h"

typedef struct {
	CmasimPfn base_pfn;
	CmasimBitmap bitmap;
} CmasimCarveoutRegion;

typedef struct {
	CmasimCarveoutRegion *regions;
	guint n_regions;
	gboolean pow2;
} CmasimCarveout;

static gboolean
cmasim_carveout_init(CmasimPolicy *policy, GError **error)
{
	const CmasimPolicyEnv *env = cmasim_policy_get_env(policy);
	CmasimCarveout *co = g_new0(CmasimCarveout, 1);

	cmasim_policy_set_data(policy, co);
	co->pow2 = cmasim_params_get_bool(env->params, "policy.carveout.pow2");
	co->n_regions = env->n_regions;
	co->regions = g_new0(CmasimCarveoutRegion, env->n_regions);
	for (guint r = 0; r < env->n_regions; r++) {
		co->regions[r].base_pfn = env->region_pfn[r];
		if (!cmasim_mm_reserve_range(env->mm, env->region_pfn[r], env->region_count[r],
					     error)) {
			g_prefix_error(error, "region %s: ", env->region_names[r]);
			return FALSE;
		}
		_cmasim_bitmap_init(&co->regions[r].bitmap, env->region_count[r]);
		if (env->dma_map != NULL)
			cmasim_dma_map_add_region(env->dma_map, env->region_names[r],
						  env->region_pfn[r], env->region_count[r],
						  CMASIM_DMA_REGION_CARVEOUT);
	}
	return TRUE;
}

static void
cmasim_carveout_finalize(CmasimPolicy *policy)
{
	CmasimCarveout *co = cmasim_policy_get_data(policy);
	if (co == NULL)
		return;
	for (guint r = 0; r < co->n_regions; r++)
		_cmasim_bitmap_clear_all(&co->regions[r].bitmap);
	g_free(co->regions);
	g_free(co);
}

static gint
cmasim_carveout_mutex_for(CmasimPolicy *policy, CmasimContigRequest *req)
{
	return -1; /* a spinlock around the bitmap only */
}

static guint64
cmasim_carveout_window(const CmasimCarveout *co, const CmasimContigRequest *req)
{
	return co->pow2 ? G_GUINT64_CONSTANT(1) << _cmasim_order_of(req->count) : req->count;
}

static CmasimAllocStatus
cmasim_carveout_find(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn *pfn,
		     guint64 *count)
{
	CmasimCarveout *co = cmasim_policy_get_data(policy);
	CmasimCarveoutRegion *region;
	guint64 window, mask, index, examined = 0;

	if (req->region < 0)
		req->region = cmasim_policy_region_for_device(policy, req->device);
	if (req->region < 0 || (guint)req->region >= co->n_regions || req->count == 0)
		return CMASIM_ALLOC_ENOMEM;
	region = &co->regions[req->region];
	window = cmasim_carveout_window(co, req);
	mask = co->pow2 ? window - 1 : (G_GUINT64_CONSTANT(1) << req->align) - 1;
	index = _cmasim_bitmap_find_area(&region->bitmap, 0, window, mask, 0, &examined);
	cmasim_cost_search_bits(_cmasim_policy_cost(policy), examined, &req->breakdown);
	if (index + window > region->bitmap.nbits)
		return CMASIM_ALLOC_ENOMEM;
	_cmasim_bitmap_set(&region->bitmap, index, window);
	req->bit = index;
	*pfn = (CmasimPfn)(region->base_pfn + index);
	*count = window;
	return CMASIM_ALLOC_OK;
}

static gboolean
cmasim_carveout_window_failed(CmasimPolicy *policy, CmasimContigRequest *req,
			      CmasimAllocStatus status)
{
	return FALSE; /* never reached: carve-out windows need no migration */
}

static void
cmasim_carveout_release(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn pfn,
			guint64 count, gboolean last)
{
	CmasimCarveout *co = cmasim_policy_get_data(policy);
	CmasimBitmap *bm = &co->regions[req->region].bitmap;
	guint64 bit = req->bit + (pfn - req->pfn);

	/* one bit per page: the released pages, and with the last piece the window's padding */
	_cmasim_bitmap_clear(bm, bit, count);
	if (last)
		_cmasim_bitmap_clear(bm, req->bit + req->count,
				     cmasim_carveout_window(co, req) - req->count);
}

static void
cmasim_carveout_reserved_pages(CmasimPolicy *policy, guint64 *reserved, guint64 *in_use)
{
	CmasimCarveout *co = cmasim_policy_get_data(policy);
	*reserved = *in_use = 0;
	for (guint r = 0; r < co->n_regions; r++) {
		*reserved += co->regions[r].bitmap.nbits;
		*in_use += co->regions[r].bitmap.used;
	}
}

static const CmasimPolicyOps cmasim_carveout_ops = {
    .version = CMASIM_POLICY_OPS_VERSION,
    .name = "carveout",
    .description = "a no-map region reserved at boot, bitmap allocator, never migrates",
    .needs_migration = FALSE,
    .dma_region_kind = CMASIM_DMA_REGION_CARVEOUT,
    .init = cmasim_carveout_init,
    .finalize = cmasim_carveout_finalize,
    .mutex_for = cmasim_carveout_mutex_for,
    .lock_covers_search = NULL,
    .find = cmasim_carveout_find,
    .window_failed = cmasim_carveout_window_failed,
    .window_done = NULL,
    .release = cmasim_carveout_release,
    .reserved_pages = cmasim_carveout_reserved_pages,
};

const CmasimPolicyOps *
_cmasim_policy_carveout_get_ops(void)
{
	return &cmasim_carveout_ops;
}
