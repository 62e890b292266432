/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * What the kernel holds before the first task runs, in the order it takes
 * it at boot:
 *
 *  1. memblock reservations (the kernel image, memmap, page tables, the
 *     device tree: a zone's present minus managed pages): machine.reserved
 *     pages taken out of the buddy for good, from the lowest free pfns up,
 *     skipping the placed regions. Simplified: one run from the bottom, as
 *     the image is loaded near the start of RAM; the kernel puts memmap
 *     top-down at the end of memory instead.
 *  2. the kernel's own unmovable allocations (slab, page tables, per-CPU
 *     areas...): machine.boot_unmovable pages as order-0 unmovable
 *     allocations that are never freed, made after the CMA areas are
 *     activated (cma_init_reserved_areas() runs at core_initcall, before
 *     most of them; unmovable requests never use MIGRATE_CMA anyway).
 *  3. the DMA atomic pools: machine.coherent_pools pools of
 *     machine.coherent_pool bytes. arch/arm/mm/dma-mapping.c
 *     atomic_pool_init() (arm32, postcore_initcall) takes its pool with
 *     cma_alloc(default area, size >> PAGE_SHIFT, get_order(size)) when a
 *     default CMA area exists; kernel/dma/pool.c dma_atomic_pool_init()
 *     (arm64, x86-64 with memory encryption) takes its kernel, DMA and
 *     DMA32 pools with cma_alloc(default area, 1 << order, order) when
 *     cma_in_zone() holds: the area ends below the zone's limit (DMA: the
 *     end of a zone named DMA, else 4 GiB; DMA32: 4 GiB). The alignment is
 *     capped at CONFIG_CMA_ALIGNMENT (8). Without a default CMA area (or
 *     under another policy than cma) a pool is an unmovable 2^order block
 *     from the buddy, as alloc_pages() gives it.
 *
 * Not modelled: the pools growing later (atomic_pool_expand() from the
 * pool work), memory hot-plug, the initrd being freed after boot.
 */
#define G_LOG_DOMAIN "CmasimSim"

#include <string.h>

#include "sim/cmasim-sim-private.h"

#define CMASIM_4GIB (G_GUINT64_CONSTANT(4) << 30)

static gboolean
cmasim_boot_in_region(const CmasimSim *sim, guint64 pfn, guint64 *region_end)
{
	for (guint r = 0; r < sim->regions->len; r++) {
		const CmasimSimRegion *region = &g_array_index(sim->regions, CmasimSimRegion, r);
		if (pfn >= region->pfn && pfn < region->pfn + region->count) {
			*region_end = region->pfn + region->count;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean
_cmasim_sim_boot_reserve(CmasimSim *sim, GError **error)
{
	guint64 want = sim->scenario->machine.reserved_pages;
	guint64 pfn = 0, done = 0;

	while (done < want && pfn < sim->mm_config.span_pages) {
		guint64 start, end;
		gint zone;

		if (cmasim_boot_in_region(sim, pfn, &end)) {
			pfn = end;
			continue;
		}
		if (!cmasim_mm_range_is_free(sim->mm, (CmasimPfn)pfn, 1)) {
			pfn++;
			continue;
		}
		/* a run of free pages in one zone, outside the regions */
		start = pfn;
		zone = cmasim_mm_zone_of_pfn(sim->mm, (CmasimPfn)pfn);
		while (pfn < sim->mm_config.span_pages && pfn - start < want - done &&
		       !cmasim_boot_in_region(sim, pfn, &end) &&
		       cmasim_mm_zone_of_pfn(sim->mm, (CmasimPfn)pfn) == zone &&
		       cmasim_mm_range_is_free(sim->mm, (CmasimPfn)pfn, 1))
			pfn++;
		if (!cmasim_mm_reserve_range(sim->mm, (CmasimPfn)start, pfn - start, error))
			return FALSE;
		done += pfn - start;
	}
	if (done < want) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "machine.reserved: only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
		            " pages are free outside the regions (expected a smaller reserved)",
		            done, want);
		return FALSE;
	}
	sim->boot.reserved_pages = done;
	return TRUE;
}

/* end (physical byte address) of the zone a pool's GFP flags allow */
static guint64
cmasim_boot_pool_limit(const CmasimSim *sim, guint pool)
{
	guint64 page = sim->mm_config.page_size_bytes;
	guint64 start = 0;

	if (pool == 0)
		return G_MAXUINT64; /* GFP_KERNEL: any zone */
	for (guint z = 0; pool == 1 && z < sim->mm_config.n_zones; z++) {
		const CmasimMmZoneConfig *zc = &sim->mm_config.zones[z];
		if (g_ascii_strcasecmp(zc->name, "DMA") == 0)
			return (sim->base_pfn + start + zc->size_pages) * page;
		start += zc->size_pages;
	}
	return CMASIM_4GIB;
}

/* does the default area end below @limit (cma_in_zone())? */
static gboolean
cmasim_boot_area_below(const CmasimSim *sim, guint64 limit)
{
	const CmasimSimRegion *region;
	gint r = sim->env.default_region;

	if (r < 0)
		return FALSE;
	region = &g_array_index(sim->regions, CmasimSimRegion, r);
	return (sim->base_pfn + region->pfn + region->count) * sim->mm_config.page_size_bytes <=
	       limit;
}

gboolean
_cmasim_sim_boot_allocate(CmasimSim *sim, GError **error)
{
	const CmasimMachineSpec *m = &sim->scenario->machine;
	guint64 page = sim->mm_config.page_size_bytes;
	guint64 pool_pages = m->coherent_pool_bytes / page;
	/* pool_pages is at most a max-order block (the workload reader checks) */
	guint order = _cmasim_sim_get_order(pool_pages);

	for (guint64 i = 0; i < m->boot_unmovable_pages; i++) {
		if (cmasim_mm_owner_alloc(sim->mm, CMASIM_OWNER_UNMOVABLE, 0, 0) ==
		    CMASIM_HANDLE_NONE) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "machine.boot_unmovable: only %" G_GUINT64_FORMAT
			            " of %" G_GUINT64_FORMAT " pages could be allocated at boot "
			            "(expected a smaller boot_unmovable)",
			            i, m->boot_unmovable_pages);
			return FALSE;
		}
	}
	sim->boot.unmovable_pages = m->boot_unmovable_pages;

	for (guint pool = 0; pool_pages > 0 && pool < m->coherent_pools; pool++) {
		CmasimContigRequest *req = &sim->boot.pools[pool];

		memset(req, 0, sizeof(*req));
		req->id = 0;
		req->count = pool_pages;
		req->align = MIN(order, CMASIM_CMA_ALIGNMENT);
		g_strlcpy(req->task, "boot", sizeof(req->task));
		if (cmasim_boot_area_below(sim, cmasim_boot_pool_limit(sim, pool)) &&
		    cmasim_policy_boot_alloc(sim->policy, req)) {
			sim->boot.pool_cma_pages += pool_pages;
			continue;
		}
		if (cmasim_mm_owner_alloc(sim->mm, CMASIM_OWNER_UNMOVABLE, order, 0) ==
		    CMASIM_HANDLE_NONE) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "machine.coherent_pool: no free block of order %u for DMA atomic "
			            "pool %u at boot (expected a smaller coherent_pool)",
			            order, pool);
			return FALSE;
		}
		sim->boot.pool_buddy_pages += G_GUINT64_CONSTANT(1) << order;
	}
	sim->boot.free_pages = cmasim_mm_get_free_pages(sim->mm);
	return TRUE;
}
