/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The ARM DMA-mapping model: what giving a device a coherent (uncached)
 * buffer costs on top of finding the pages, what the chosen mapping design
 * costs the system permanently (page tables, TLB reach), the GFP_ATOMIC
 * coherent pool, and a detector for the one thing ARMv6/v7 forbid: one
 * physical page mapped with two different cache attributes at once.
 * Implemented in src/cost/cmasim-arm.c; see docs/cost-model.md.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-cost.h"
#include "cmasim/cmasim-params.h"
#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

typedef enum {
	/* v14: CMA areas PTE-mapped at boot, linear PTEs rewritten per allocation */
	CMASIM_DMA_MAP_ARM32_REMAP,
	/* arm64: NC vmap alias, linear map stays cacheable (allowed on Armv8) */
	CMASIM_DMA_MAP_ARM64_VMAP,
	/* NC alias without touching the linear map on a CPU that forbids it: shows the
	 * detector firing */
	CMASIM_DMA_MAP_UNSAFE_ALIAS,
	/* x86 / coherent device: no remap, no cache maintenance */
	CMASIM_DMA_MAP_COHERENT,
} CmasimDmaMapMode;

typedef enum {
	/* a CMA area (reusable reserved memory) */
	CMASIM_DMA_REGION_CMA,
	/* no-map, premapped NC once at boot */
	CMASIM_DMA_REGION_CARVEOUT,
	/* pages from the general buddy (alloc_contig_pages): on arm32 these sit in
	 * section-mapped lowmem, so a coherent buffer needs an NC alias (the 2010 remap
	 * allocator) */
	CMASIM_DMA_REGION_BUDDY,
} CmasimDmaRegionKind;

typedef enum {
	CMASIM_ATTR_NONE,
	CMASIM_ATTR_CACHEABLE,
	CMASIM_ATTR_WRITECOMBINE,
	CMASIM_ATTR_NONCACHEABLE,
} CmasimCacheAttr;

/* violations beyond this many are counted but not recorded */
#define CMASIM_DMA_MAP_MAX_VIOLATION_RECORDS 1000u

typedef struct {
	CmasimTimeNs time_ns;
	CmasimPfn pfn;
	CmasimCacheAttr linear; /* attribute of the kernel linear mapping */
	CmasimCacheAttr alias;	/* attribute of the extra (DMA) mapping */
} CmasimAliasViolation;

/* what the mapping costs the system, for summary.yaml */
typedef struct {
	/* page-table memory for PTE-mapped CMA areas: 4 KiB per 2 MiB on arm32 */
	guint64 pte_table_bytes;
	guint64 pte_mapped_pages;
	/* extra TLB-miss time per second of ordinary use of PTE-mapped pages */
	gdouble tlb_tax_ns_per_s;
	guint64 atomic_pool_bytes, atomic_pool_used_bytes, atomic_pool_peak_bytes;
	/* successful GFP_ATOMIC allocations; attempts that found no room */
	guint64 atomic_allocs, atomic_failures;
	/* moments a page had two cache attributes where forbidden (one per page per
	 * allocation that creates the mismatch) */
	guint64 alias_violations;
	/* per-allocation attribute changes (linear rewrite or alias creation) */
	guint64 remaps;
	/* tlb_tax_ns_per_s integrated over the run */
	CmasimTimeNs tlb_tax_ns;
} CmasimDmaMapStats;

typedef struct _CmasimDmaMap CmasimDmaMap;

/*
 * @cost must outlive the map and have the same @arch. The mode comes from
 * cost.dma_map_mode (auto: arm32 -> arm32-remap, arm64 -> arm64-vmap,
 * x86-64 -> coherent); @total_pages bounds the pfns the detector tracks.
 */
CmasimDmaMap *cmasim_dma_map_new(const CmasimCost *cost, const CmasimParams *params,
				 const gchar *arch, guint64 total_pages, GError **error);
void cmasim_dma_map_free(CmasimDmaMap *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimDmaMap, cmasim_dma_map_free)

CmasimDmaMapMode cmasim_dma_map_get_mode(const CmasimDmaMap *self);
const gchar *cmasim_dma_map_mode_to_string(CmasimDmaMapMode mode);
const gchar *cmasim_cache_attr_to_string(CmasimCacheAttr attr);

/*
 * boot: declare a region; CMA regions under ARM32_REMAP get PTE-mapped (page-table
 * pages accounted, TLB reach lost); carve-outs are no-map with an NC mapping
 */
void cmasim_dma_map_add_region(CmasimDmaMap *self, const gchar *name, CmasimPfn base_pfn,
			       guint64 count_pages, CmasimDmaRegionKind kind);
/*
 * a coherent allocation of [pfn, pfn+count): zero, clean+invalidate, attribute change
 * per mode; adds to @bd (cache, tlb, mapping) and updates the aliasing detector at @now_ns
 */
CmasimTimeNs cmasim_dma_map_alloc(CmasimDmaMap *self, CmasimTimeNs now_ns, CmasimPfn pfn,
				  guint64 count_pages, CmasimDmaRegionKind kind,
				  CmasimBreakdown *bd);
/* undo the allocation's mapping (attributes back to the boot state) */
CmasimTimeNs cmasim_dma_map_release(CmasimDmaMap *self, CmasimTimeNs now_ns, CmasimPfn pfn,
				    guint64 count_pages, CmasimDmaRegionKind kind,
				    CmasimBreakdown *bd);
/*
 * GFP_ATOMIC: the coherent atomic pool carved at boot (cost.atomic_pool_size), first-fit
 * with alignment to the next power of two >= size (in pages); no remap; failure when
 * exhausted is data (counted), never an error
 */
gboolean cmasim_dma_map_atomic_alloc(CmasimDmaMap *self, CmasimTimeNs now_ns, guint64 size_bytes,
				     guint64 *offset_out, CmasimBreakdown *bd);
void cmasim_dma_map_atomic_release(CmasimDmaMap *self, guint64 offset, guint64 size_bytes);

void cmasim_dma_map_get_stats(const CmasimDmaMap *self, CmasimTimeNs run_ns,
			      CmasimDmaMapStats *stats);
/* the first CMASIM_DMA_MAP_MAX_VIOLATION_RECORDS violations, in order; stats count all */
const CmasimAliasViolation *cmasim_dma_map_get_violations(const CmasimDmaMap *self, guint *n);

G_END_DECLS
