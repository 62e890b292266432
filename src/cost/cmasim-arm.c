/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The ARM DMA-mapping model: the price of giving a device an uncached view
 * of a buffer, in each of the designs the kernel has used.
 *
 * Mirrors:
 *   ARM32_REMAP   the Aug-2011 (v14-v16) "ARM: integrate CMA with DMA-mapping
 *                 subsystem": arch/arm/mm/mmu.c dma_contiguous_remap maps each CMA
 *                 area with 4 KiB PTEs at boot (MT_MEMORY_DMA_READY); at allocation
 *                 arch/arm/mm/dma-mapping.c __dma_alloc -> __alloc_from_contiguous
 *                 zeroes the buffer through the cacheable linear map, cleans and
 *                 invalidates L1 (dmac_flush_range) and the outer cache
 *                 (outer_flush_range), then __dma_remap rewrites the linear PTEs
 *                 to the coherent attribute and flushes the kernel TLB range; the
 *                 free path rewrites them back to cacheable.
 *                 Pages outside a PTE-mapped CMA area (alloc_contig_pages pages
 *                 in section-mapped lowmem) take the 2010 remap allocator instead:
 *                 an NC alias in the consistent region while the linear section
 *                 stays cacheable - exactly the alias ARMv6/v7 forbid.
 *   ARM64_VMAP    kernel/dma/direct.c dma_direct_alloc: arch_dma_prep_coherent
 *                 (clean to PoC over the linear alias), dma_common_contiguous_remap
 *                 (vmap with the NC attribute), memset through the new mapping; the
 *                 linear alias stays cacheable (Armv8 B2.11 tolerates it).
 *   UNSAFE_ALIAS  the same alias without touching the linear map, on any CPU: the
 *                 design Russell King objected to; the detector fires on ARMv6/v7.
 *   COHERENT      a coherent device (x86, dma-coherent): plain pages, linear
 *                 address, memset only.
 *   carve-outs    kernel/dma/coherent.c: no-map memory, mapped once at boot,
 *                 memset only per allocation.
 *   atomic pool   arch/arm/mm/dma-mapping.c __alloc_from_pool (arm_vmregion in 2011,
 *                 gen_pool_first_fit_order_align today), kernel/dma/pool.c on arm64.
 *
 * Simplifications: no highmem (highmem CMA pages have no linear alias); the
 * coherent attribute is always Normal non-cacheable (no write-combine or
 * strongly-ordered variant); memset costs the same through cacheable and NC
 * mappings; vunmap's lazy TLB purge is charged at release as an immediate
 * range flush; the atomic pool's own backing pages are not tracked by the
 * detector and its arm64 growth worker is not modelled.
 *
 * The detector keeps one byte per page of simulated RAM (allocated once):
 * the linear-map attribute, the alias attribute, whether the linear map is
 * PTE-level there, and whether the page is tracked at all. A violation is
 * recorded for each page of an allocation that leaves the page with two
 * different attributes while cost.forbid_mismatched_attrs holds.
 */
#define G_LOG_DOMAIN "CmasimCost"

#include <math.h>
#include <string.h>

#include "cmasim/cmasim-dma-map.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-units.h"
#include "cost/cmasim-cost-private.h"

/* per-page detector state */
#define CMASIM_PAGE_LINEAR_MASK 0x03u /* CmasimCacheAttr of the linear map */
#define CMASIM_PAGE_ALIAS_SHIFT 2
#define CMASIM_PAGE_ALIAS_MASK	0x0cu /* CmasimCacheAttr of the extra mapping */
#define CMASIM_PAGE_PTE_MAPPED	0x10u /* linear map at PTE level: attribute can change */
#define CMASIM_PAGE_TRACKED	0x20u

/* bytes per PTE in the tables that map a CMA area (arm32 Linux+hw pairs, arm64, x86) */
#define CMASIM_PTE_BYTES 8u

struct _CmasimDmaMap {
	const CmasimCost *cost;
	CmasimDmaMapMode mode;
	gboolean forbid;
	guint32 page_size_bytes;
	guint64 total_pages;
	guint8 *page_state; /* total_pages bytes */

	guint64 pte_table_bytes;
	guint64 pte_mapped_pages;
	guint64 remaps;
	guint64 alias_violations;
	CmasimAliasViolation *violations; /* CMASIM_DMA_MAP_MAX_VIOLATION_RECORDS slots */
	guint n_violations;

	guint64 pool_pages;
	guint8 *pool_used; /* one byte per pool page: 0 free, 1 used */
	guint64 pool_used_bytes;
	guint64 pool_peak_bytes;
	guint64 atomic_allocs;
	guint64 atomic_failures;
};

const gchar *
cmasim_dma_map_mode_to_string(CmasimDmaMapMode mode)
{
	switch (mode) {
	case CMASIM_DMA_MAP_ARM32_REMAP:
		return "arm32-remap";
	case CMASIM_DMA_MAP_ARM64_VMAP:
		return "arm64-vmap";
	case CMASIM_DMA_MAP_UNSAFE_ALIAS:
		return "unsafe-alias";
	case CMASIM_DMA_MAP_COHERENT:
		return "coherent";
	default:
		return "unknown";
	}
}

const gchar *
cmasim_cache_attr_to_string(CmasimCacheAttr attr)
{
	switch (attr) {
	case CMASIM_ATTR_NONE:
		return "none";
	case CMASIM_ATTR_CACHEABLE:
		return "cacheable";
	case CMASIM_ATTR_WRITECOMBINE:
		return "writecombine";
	case CMASIM_ATTR_NONCACHEABLE:
		return "noncacheable";
	default:
		return "unknown";
	}
}

static gboolean
cmasim_dma_map_mode_from_params(const CmasimParams *params, CmasimCostArch arch,
				CmasimDmaMapMode *out, GError **error)
{
	const gchar *text = cmasim_params_get_enum(params, "cost.dma_map_mode");

	if (g_strcmp0(text, "auto") == 0) {
		switch (arch) {
		case CMASIM_COST_ARCH_ARM32:
			*out = CMASIM_DMA_MAP_ARM32_REMAP;
			break;
		case CMASIM_COST_ARCH_ARM64:
			*out = CMASIM_DMA_MAP_ARM64_VMAP;
			break;
		case CMASIM_COST_ARCH_X86_64:
		default:
			*out = CMASIM_DMA_MAP_COHERENT;
			break;
		}
		return TRUE;
	}
	for (guint i = CMASIM_DMA_MAP_ARM32_REMAP; i <= CMASIM_DMA_MAP_COHERENT; i++) {
		if (g_strcmp0(text, cmasim_dma_map_mode_to_string((CmasimDmaMapMode)i)) == 0) {
			*out = (CmasimDmaMapMode)i;
			return TRUE;
		}
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		    "cost.dma_map_mode: unknown mode '%s'", text);
	return FALSE;
}

/**
 * cmasim_dma_map_new:
 * @cost: the run's cost model; borrowed, must outlive the map
 * @params: the run's parameters (cost.dma_map_mode, cost.atomic_pool_size)
 * @arch: "arm32", "arm64" or "x86-64"; must be the cost model's
 * @total_pages: pages of simulated RAM (pfns 0 .. total_pages - 1)
 * @error: (nullable): return location for a CMASIM_ERROR_INVALID_CONFIG
 *
 * Returns: (transfer full) (nullable): the mapping model, with an empty
 * atomic pool and every page untracked
 */
CmasimDmaMap *
cmasim_dma_map_new(const CmasimCost *cost, const CmasimParams *params, const gchar *arch,
		   guint64 total_pages, GError **error)
{
	g_autoptr(CmasimDmaMap) self = NULL;
	CmasimCostArch arch_id = CMASIM_COST_ARCH_ARM32;
	guint64 pool_bytes;

	g_return_val_if_fail(cost != NULL, NULL);
	g_return_val_if_fail(params != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (!_cmasim_cost_arch_from_string(arch, &arch_id, error))
		return NULL;
	if (arch_id != cost->arch) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "DMA mapping architecture '%s' differs from the cost model's '%s'",
			    arch, cost->arch_name);
		return NULL;
	}
	if (total_pages == 0 || total_pages > CMASIM_PFN_NONE) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "%" G_GUINT64_FORMAT " pages cannot be tracked (expected 1 to %u)",
			    total_pages, CMASIM_PFN_NONE);
		return NULL;
	}

	self = g_new0(CmasimDmaMap, 1);
	self->cost = cost;
	self->forbid = cost->forbid_mismatched_attrs;
	self->page_size_bytes = cost->page_size_bytes;
	self->total_pages = total_pages;
	if (!cmasim_dma_map_mode_from_params(params, arch_id, &self->mode, error))
		return NULL;
	self->page_state = g_new0(guint8, total_pages);
	self->violations = g_new0(CmasimAliasViolation, CMASIM_DMA_MAP_MAX_VIOLATION_RECORDS);

	/* the pool holds whole pages (gen_pool with PAGE_SIZE granularity) */
	pool_bytes = cmasim_params_get_size(params, "cost.atomic_pool_size");
	self->pool_pages = pool_bytes / cost->page_size_bytes;
	if (self->pool_pages > 0)
		self->pool_used = g_new0(guint8, self->pool_pages);
	g_debug("DMA mapping %s, atomic pool %" G_GUINT64_FORMAT " KiB, %s mismatched attributes",
		cmasim_dma_map_mode_to_string(self->mode),
		self->pool_pages * cost->page_size_bytes / 1024,
		self->forbid ? "forbidding" : "tolerating");
	return g_steal_pointer(&self);
}

void
cmasim_dma_map_free(CmasimDmaMap *self)
{
	if (self == NULL)
		return;
	g_free(self->page_state);
	g_free(self->violations);
	g_free(self->pool_used);
	g_free(self);
}

CmasimDmaMapMode
cmasim_dma_map_get_mode(const CmasimDmaMap *self)
{
	g_return_val_if_fail(self != NULL, CMASIM_DMA_MAP_COHERENT);
	return self->mode;
}

static inline CmasimCacheAttr
cmasim_page_linear(guint8 state)
{
	return (CmasimCacheAttr)(state & CMASIM_PAGE_LINEAR_MASK);
}

static inline CmasimCacheAttr
cmasim_page_alias(guint8 state)
{
	return (CmasimCacheAttr)((state & CMASIM_PAGE_ALIAS_MASK) >> CMASIM_PAGE_ALIAS_SHIFT);
}

static inline guint8
cmasim_page_with(guint8 state, CmasimCacheAttr linear, CmasimCacheAttr alias)
{
	state &= (guint8) ~(CMASIM_PAGE_LINEAR_MASK | CMASIM_PAGE_ALIAS_MASK);
	return (guint8)(state | (guint8)linear | (guint8)(alias << CMASIM_PAGE_ALIAS_SHIFT) |
			CMASIM_PAGE_TRACKED);
}

/* an untracked page is ordinary lowmem: cacheable in the linear map, no alias */
static inline guint8
cmasim_page_get(const CmasimDmaMap *self, guint64 pfn)
{
	guint8 state = self->page_state[pfn];

	if ((state & CMASIM_PAGE_TRACKED) == 0)
		state = cmasim_page_with(0, CMASIM_ATTR_CACHEABLE, CMASIM_ATTR_NONE);
	return state;
}

static gboolean
cmasim_dma_map_range_ok(const CmasimDmaMap *self, CmasimPfn pfn, guint64 count_pages)
{
	return count_pages > 0 && (guint64)pfn < self->total_pages &&
	       count_pages <= self->total_pages - pfn;
}

/* page-table pages needed to PTE-map [pfn, pfn+count) that are not there yet */
static guint64
cmasim_dma_map_new_pte_tables(const CmasimDmaMap *self, guint64 pfn, guint64 count_pages)
{
	/* one table page maps page_size / 8 pages: 512 x 4 KiB = 2 MiB */
	guint64 span = self->page_size_bytes / CMASIM_PTE_BYTES;
	guint64 first = pfn / span;
	guint64 last = (pfn + count_pages - 1) / span;
	guint64 tables = 0;

	for (guint64 s = first; s <= last; s++) {
		guint64 end = MIN((s + 1) * span, self->total_pages);
		gboolean present = FALSE;
		for (guint64 p = s * span; p < end && !present; p++)
			present = (self->page_state[p] & CMASIM_PAGE_PTE_MAPPED) != 0;
		if (!present)
			tables++;
	}
	return tables;
}

/**
 * cmasim_dma_map_add_region:
 * @self: the map
 * @name: the region's name, for messages
 * @base_pfn: first page
 * @count_pages: pages in the region
 * @kind: what the region is
 *
 * Boot-time declaration. A CMA region under ARM32_REMAP is mapped with PTEs
 * (dma_contiguous_remap): one page-table page per 2 MiB span it touches
 * (page_size / 8 pages per table page) is added to pte_table_bytes, unless an
 * earlier region already needed it. A carve-out has no linear mapping and
 * one NC mapping made at boot. A buddy region is ordinary cacheable lowmem.
 */
void
cmasim_dma_map_add_region(CmasimDmaMap *self, const gchar *name, CmasimPfn base_pfn,
			  guint64 count_pages, CmasimDmaRegionKind kind)
{
	guint64 end;

	g_return_if_fail(self != NULL);
	g_return_if_fail(cmasim_dma_map_range_ok(self, base_pfn, count_pages));

	end = (guint64)base_pfn + count_pages;
	if (kind == CMASIM_DMA_REGION_CMA && self->mode == CMASIM_DMA_MAP_ARM32_REMAP) {
		guint64 tables = cmasim_dma_map_new_pte_tables(self, base_pfn, count_pages);
		self->pte_table_bytes += tables * self->page_size_bytes;
	}
	for (guint64 p = base_pfn; p < end; p++) {
		guint8 state = self->page_state[p];
		switch (kind) {
		case CMASIM_DMA_REGION_CMA:
			state = cmasim_page_with(state, CMASIM_ATTR_CACHEABLE, CMASIM_ATTR_NONE);
			if (self->mode == CMASIM_DMA_MAP_ARM32_REMAP &&
			    (state & CMASIM_PAGE_PTE_MAPPED) == 0) {
				state |= CMASIM_PAGE_PTE_MAPPED;
				self->pte_mapped_pages++;
			}
			break;
		case CMASIM_DMA_REGION_CARVEOUT:
			state = cmasim_page_with(state, CMASIM_ATTR_NONE, CMASIM_ATTR_NONCACHEABLE);
			break;
		case CMASIM_DMA_REGION_BUDDY:
		default:
			state = cmasim_page_with(state, CMASIM_ATTR_CACHEABLE, CMASIM_ATTR_NONE);
			break;
		}
		self->page_state[p] = state;
	}
	g_debug("region %s: pfn %u + %" G_GUINT64_FORMAT " pages, kind %d; %" G_GUINT64_FORMAT
		" bytes of PTE tables so far",
		name != NULL ? name : "(unnamed)", base_pfn, count_pages, (gint)kind,
		self->pte_table_bytes);
}

/* how an allocation of this kind gets its uncached view under the map's mode */
typedef enum {
	CMASIM_VIEW_NONE,    /* coherent device or carve-out: nothing to change */
	CMASIM_VIEW_LINEAR,  /* rewrite the linear PTEs (v14 CMA) */
	CMASIM_VIEW_ALIAS,   /* NC alias, clean+invalidate first (remap allocator, unsafe) */
	CMASIM_VIEW_VMAP_V8, /* NC alias after a clean to PoC (arm64 dma-direct) */
} CmasimView;

static CmasimView
cmasim_dma_map_view(const CmasimDmaMap *self, CmasimPfn pfn, guint64 count_pages,
		    CmasimDmaRegionKind kind)
{
	if (kind == CMASIM_DMA_REGION_CARVEOUT)
		return CMASIM_VIEW_NONE;
	switch (self->mode) {
	case CMASIM_DMA_MAP_COHERENT:
		return CMASIM_VIEW_NONE;
	case CMASIM_DMA_MAP_ARM64_VMAP:
		return CMASIM_VIEW_VMAP_V8;
	case CMASIM_DMA_MAP_UNSAFE_ALIAS:
		return CMASIM_VIEW_ALIAS;
	case CMASIM_DMA_MAP_ARM32_REMAP:
	default:
		if (kind != CMASIM_DMA_REGION_CMA)
			return CMASIM_VIEW_ALIAS;
		/* only a PTE-mapped linear map can change attribute page by page */
		for (guint64 p = pfn; p < (guint64)pfn + count_pages; p++) {
			if ((self->page_state[p] & CMASIM_PAGE_PTE_MAPPED) == 0)
				return CMASIM_VIEW_ALIAS;
		}
		return CMASIM_VIEW_LINEAR;
	}
}

static void
cmasim_dma_map_check_page(CmasimDmaMap *self, CmasimTimeNs now_ns, guint64 pfn, guint8 state)
{
	CmasimCacheAttr linear = cmasim_page_linear(state);
	CmasimCacheAttr alias = cmasim_page_alias(state);

	if (!self->forbid || linear == CMASIM_ATTR_NONE || alias == CMASIM_ATTR_NONE ||
	    linear == alias)
		return;
	if (self->n_violations < CMASIM_DMA_MAP_MAX_VIOLATION_RECORDS) {
		CmasimAliasViolation *v = &self->violations[self->n_violations++];
		v->time_ns = now_ns;
		v->pfn = (CmasimPfn)pfn;
		v->linear = linear;
		v->alias = alias;
	}
	self->alias_violations++;
}

/**
 * cmasim_dma_map_alloc:
 * @self: the map
 * @now_ns: simulated time, for violation records
 * @pfn: first page of the buffer
 * @count_pages: its length; S = count_pages * page_size bytes
 * @kind: where the pages came from
 * @bd: (nullable): breakdown to add to
 *
 * Costs, by how the buffer gets its uncached view:
 *   carve-out / COHERENT:      zero(S)
 *   ARM32_REMAP, CMA pages:    zero(S) + cache_maint(S, clean+inv) + pte_writes(n)
 *                              + tlb_invalidate(n); linear -> NC
 *   alias (ARM32_REMAP buddy
 *   pages, UNSAFE_ALIAS):      zero(S) + cache_maint(S, clean+inv) + vmap(n); alias NC
 *   ARM64_VMAP:                cache_maint(S, clean) + vmap(n) + zero(S); alias NC
 * zero and cache go to CACHE, PTEs and vmap to MAPPING, TLB to TLB.
 *
 * Returns: the time added to @bd
 */
CmasimTimeNs
cmasim_dma_map_alloc(CmasimDmaMap *self, CmasimTimeNs now_ns, CmasimPfn pfn, guint64 count_pages,
		     CmasimDmaRegionKind kind, CmasimBreakdown *bd)
{
	const CmasimCost *c;
	guint64 bytes;
	CmasimTimeNs total = 0;
	CmasimView view;

	g_return_val_if_fail(self != NULL, 0);
	g_return_val_if_fail(cmasim_dma_map_range_ok(self, pfn, count_pages), 0);

	c = self->cost;
	bytes = count_pages * self->page_size_bytes;
	view = cmasim_dma_map_view(self, pfn, count_pages, kind);
	switch (view) {
	case CMASIM_VIEW_LINEAR:
		total += cmasim_cost_zero(c, bytes, bd);
		total += cmasim_cost_cache_maint(c, bytes, TRUE, bd);
		total += cmasim_cost_pte_writes(c, count_pages, bd);
		total += cmasim_cost_tlb_invalidate(c, count_pages, bd);
		break;
	case CMASIM_VIEW_ALIAS:
		total += cmasim_cost_zero(c, bytes, bd);
		total += cmasim_cost_cache_maint(c, bytes, TRUE, bd);
		total += cmasim_cost_vmap(c, count_pages, bd);
		break;
	case CMASIM_VIEW_VMAP_V8:
		total += cmasim_cost_cache_maint(c, bytes, FALSE, bd);
		total += cmasim_cost_vmap(c, count_pages, bd);
		total += cmasim_cost_zero(c, bytes, bd);
		break;
	case CMASIM_VIEW_NONE:
	default:
		total += cmasim_cost_zero(c, bytes, bd);
		break;
	}
	if (view != CMASIM_VIEW_NONE)
		self->remaps++;

	for (guint64 p = pfn; p < (guint64)pfn + count_pages; p++) {
		guint8 state = cmasim_page_get(self, p);
		switch (view) {
		case CMASIM_VIEW_LINEAR:
			state = cmasim_page_with(state, CMASIM_ATTR_NONCACHEABLE,
						 cmasim_page_alias(state));
			break;
		case CMASIM_VIEW_ALIAS:
		case CMASIM_VIEW_VMAP_V8:
			state = cmasim_page_with(state, cmasim_page_linear(state),
						 CMASIM_ATTR_NONCACHEABLE);
			break;
		case CMASIM_VIEW_NONE:
		default:
			/* an undeclared carve-out page is taken to be no-map + NC */
			if (kind == CMASIM_DMA_REGION_CARVEOUT &&
			    (self->page_state[p] & CMASIM_PAGE_TRACKED) == 0)
				state = cmasim_page_with(state, CMASIM_ATTR_NONE,
							 CMASIM_ATTR_NONCACHEABLE);
			break;
		}
		self->page_state[p] = state;
		cmasim_dma_map_check_page(self, now_ns, p, state);
	}
	return total;
}

/**
 * cmasim_dma_map_release:
 * @self: the map
 * @now_ns: simulated time
 * @pfn: first page of the buffer given to cmasim_dma_map_alloc()
 * @count_pages: its length
 * @kind: the kind given to cmasim_dma_map_alloc()
 * @bd: (nullable): breakdown to add to
 *
 * Costs: linear rewrite back to cacheable: pte_writes(n) + tlb_invalidate(n);
 * alias removal (vunmap): vmap_area_ns + pte_writes(n) + tlb_invalidate(n);
 * carve-out / coherent: nothing. No cache maintenance: the uncached view
 * left no lines behind.
 *
 * Returns: the time added to @bd
 */
CmasimTimeNs
cmasim_dma_map_release(CmasimDmaMap *self, CmasimTimeNs now_ns, CmasimPfn pfn,
		       guint64 count_pages, CmasimDmaRegionKind kind, CmasimBreakdown *bd)
{
	const CmasimCost *c;
	CmasimTimeNs total = 0;
	CmasimView view;

	g_return_val_if_fail(self != NULL, 0);
	g_return_val_if_fail(cmasim_dma_map_range_ok(self, pfn, count_pages), 0);

	c = self->cost;
	view = cmasim_dma_map_view(self, pfn, count_pages, kind);
	switch (view) {
	case CMASIM_VIEW_LINEAR:
		total += cmasim_cost_pte_writes(c, count_pages, bd);
		total += cmasim_cost_tlb_invalidate(c, count_pages, bd);
		break;
	case CMASIM_VIEW_ALIAS:
	case CMASIM_VIEW_VMAP_V8:
		total += _cmasim_cost_charge(bd, CMASIM_STEP_MAPPING, c->vmap_area_ns);
		total += cmasim_cost_pte_writes(c, count_pages, bd);
		total += cmasim_cost_tlb_invalidate(c, count_pages, bd);
		break;
	case CMASIM_VIEW_NONE:
	default:
		break;
	}
	for (guint64 p = pfn; p < (guint64)pfn + count_pages; p++) {
		guint8 state = cmasim_page_get(self, p);
		switch (view) {
		case CMASIM_VIEW_LINEAR:
			state = cmasim_page_with(state, CMASIM_ATTR_CACHEABLE,
						 cmasim_page_alias(state));
			break;
		case CMASIM_VIEW_ALIAS:
		case CMASIM_VIEW_VMAP_V8:
			state = cmasim_page_with(state, cmasim_page_linear(state),
						 CMASIM_ATTR_NONE);
			break;
		case CMASIM_VIEW_NONE:
		default:
			break;
		}
		self->page_state[p] = state;
	}
	return total;
}

/* next power of two >= @n (n >= 1) */
static guint64
cmasim_next_pow2(guint64 n)
{
	guint64 p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/**
 * cmasim_dma_map_atomic_alloc:
 * @self: the map
 * @now_ns: simulated time (unused for now; kept for tracing)
 * @size_bytes: requested size, rounded up to whole pages
 * @offset_out: (out): byte offset of the buffer in the pool
 * @bd: (nullable): breakdown to add to
 *
 * First fit over the pool's pages at offsets that are multiples of
 * next_pow2(pages); the buffer occupies only its own pages, so the rest of
 * an alignment slot stays usable. Cost: search_bits(pages examined) to
 * SEARCH, and zero(size) to CACHE on success. A failure is counted, charges
 * the search over the whole pool, and leaves *@offset_out untouched.
 *
 * Returns: TRUE if the pool had room
 */
gboolean
cmasim_dma_map_atomic_alloc(CmasimDmaMap *self, CmasimTimeNs now_ns, guint64 size_bytes,
			    guint64 *offset_out, CmasimBreakdown *bd)
{
	guint64 pages;
	guint64 align;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(size_bytes > 0, FALSE);
	g_return_val_if_fail(offset_out != NULL, FALSE);

	pages = size_bytes / self->page_size_bytes +
		(size_bytes % self->page_size_bytes != 0 ? 1 : 0);
	align = cmasim_next_pow2(pages);
	for (guint64 start = 0; pages <= self->pool_pages && start <= self->pool_pages - pages;
	     start += align) {
		gboolean free_run = TRUE;
		for (guint64 p = start; p < start + pages && free_run; p++)
			free_run = self->pool_used[p] == 0;
		if (!free_run)
			continue;
		memset(self->pool_used + start, 1, pages);
		self->pool_used_bytes += pages * self->page_size_bytes;
		self->pool_peak_bytes = MAX(self->pool_peak_bytes, self->pool_used_bytes);
		self->atomic_allocs++;
		cmasim_cost_search_bits(self->cost, start + pages, bd);
		cmasim_cost_zero(self->cost, pages * self->page_size_bytes, bd);
		*offset_out = start * self->page_size_bytes;
		return TRUE;
	}
	self->atomic_failures++;
	cmasim_cost_search_bits(self->cost, self->pool_pages, bd);
	return FALSE;
}

/**
 * cmasim_dma_map_atomic_release:
 * @self: the map
 * @offset: the offset returned by cmasim_dma_map_atomic_alloc()
 * @size_bytes: the size given to it
 *
 * Returns the pages to the pool; releasing pages that are not allocated is a
 * programming error (g_critical).
 */
void
cmasim_dma_map_atomic_release(CmasimDmaMap *self, guint64 offset, guint64 size_bytes)
{
	guint64 start;
	guint64 pages;

	g_return_if_fail(self != NULL);
	g_return_if_fail(size_bytes > 0);
	g_return_if_fail(offset % self->page_size_bytes == 0);

	start = offset / self->page_size_bytes;
	pages = size_bytes / self->page_size_bytes +
		(size_bytes % self->page_size_bytes != 0 ? 1 : 0);
	g_return_if_fail(start < self->pool_pages && pages <= self->pool_pages - start);
	for (guint64 p = start; p < start + pages; p++)
		g_return_if_fail(self->pool_used[p] != 0);
	memset(self->pool_used + start, 0, pages);
	self->pool_used_bytes -= pages * self->page_size_bytes;
}

/**
 * cmasim_dma_map_get_stats:
 * @self: the map
 * @run_ns: simulated length of the run, for the integrated TLB tax
 * @stats: (out caller-allocates): filled in
 *
 * tlb_tax_ns_per_s = linear_map_accesses_per_s * (pte_mapped_pages / total_pages)
 *                    * pte_extra_miss_rate * tlb_miss_penalty_ns
 * tlb_tax_ns       = tlb_tax_ns_per_s * run_ns / 1e9
 */
void
cmasim_dma_map_get_stats(const CmasimDmaMap *self, CmasimTimeNs run_ns, CmasimDmaMapStats *stats)
{
	const CmasimCost *c;
	gdouble fraction;
	gdouble tax_ns;

	g_return_if_fail(self != NULL);
	g_return_if_fail(stats != NULL);

	c = self->cost;
	memset(stats, 0, sizeof(*stats));
	stats->pte_table_bytes = self->pte_table_bytes;
	stats->pte_mapped_pages = self->pte_mapped_pages;
	fraction = (gdouble)self->pte_mapped_pages / (gdouble)self->total_pages;
	stats->tlb_tax_ns_per_s = c->linear_map_accesses_per_s * fraction *
				  c->pte_extra_miss_rate * c->tlb_miss_penalty_ns;
	tax_ns = floor(stats->tlb_tax_ns_per_s * ((gdouble)run_ns / 1e9) + 0.5);
	stats->tlb_tax_ns = tax_ns >= 18446744073709551615.0 ? CMASIM_TIME_NS_MAX
							     : (CmasimTimeNs)tax_ns;
	stats->atomic_pool_bytes = self->pool_pages * self->page_size_bytes;
	stats->atomic_pool_used_bytes = self->pool_used_bytes;
	stats->atomic_pool_peak_bytes = self->pool_peak_bytes;
	stats->atomic_allocs = self->atomic_allocs;
	stats->atomic_failures = self->atomic_failures;
	stats->alias_violations = self->alias_violations;
	stats->remaps = self->remaps;
}

const CmasimAliasViolation *
cmasim_dma_map_get_violations(const CmasimDmaMap *self, guint *n)
{
	g_return_val_if_fail(self != NULL, NULL);
	g_return_val_if_fail(n != NULL, NULL);
	*n = self->n_violations;
	return self->violations;
}
