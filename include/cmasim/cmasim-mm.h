/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Simulated physical memory: zones, pageblocks with migratetypes, the buddy
 * allocator, page owners (handles that survive migration), LRU lists,
 * watermarks and a simplified kswapd. See src/mm/ for what each file mirrors.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

/* MAX_PAGE_ORDER may be at most this (orders 0..20) */
#define CMASIM_MAX_ORDER_LIMIT 20
#define CMASIM_NR_ORDERS_LIMIT (CMASIM_MAX_ORDER_LIMIT + 1)
#define CMASIM_MAX_ZONES       4

/* where a movable allocation may take CMA pageblocks (kernel-facts 1.8) */
typedef enum {
	CMASIM_CMA_FALLBACK_V14,      /* Aug-2011: CMA is the last fallback of MOVABLE */
	CMASIM_CMA_FALLBACK_MAINLINE, /* 5.7+: CMA first when free CMA > half of free */
} CmasimCmaFallback;

typedef struct {
	const gchar *name;   /* "DMA", "Normal", "HighMem"... */
	guint64 size_pages;  /* zones tile the pfn span in order */
	gboolean highmem;    /* only movable (GFP_HIGHUSER_MOVABLE) requests may use it */
} CmasimMmZoneConfig;

typedef struct {
	guint32 page_size_bytes;
	guint max_order;       /* MAX_PAGE_ORDER, inclusive */
	guint pageblock_order; /* <= max_order */
	guint64 span_pages;    /* pfn 0 .. span_pages-1; aligned up to a max-order block */
	guint n_zones;
	CmasimMmZoneConfig zones[CMASIM_MAX_ZONES];
	guint n_holes;		 /* pfn ranges that are not RAM (between banks) */
	struct {
		CmasimPfn start_pfn;
		guint64 count;
	} holes[8];
	guint64 min_free_kbytes;       /* 0 = sqrt(16 * lowmem_kbytes), clamped to [128, 262144] */
	guint watermark_scale_factor;  /* 10 = 0.1 % */
	CmasimCmaFallback cma_fallback;
	gboolean reclaim;	       /* drop clean page cache below the low watermark */
} CmasimMmConfig;

/* alloc_flags, as mm/internal.h's ALLOC_* */
typedef enum {
	CMASIM_ALLOC_WMARK_MIN = 1 << 0,
	CMASIM_ALLOC_WMARK_LOW = 1 << 1,
	CMASIM_ALLOC_WMARK_HIGH = 1 << 2,
	CMASIM_ALLOC_NO_WATERMARKS = 1 << 3,
	CMASIM_ALLOC_CMA = 1 << 4,	 /* may use MIGRATE_CMA pageblocks */
	CMASIM_ALLOC_HIGHMEM = 1 << 5,	 /* may use highmem zones */
	CMASIM_ALLOC_NO_RECLAIM = 1 << 6, /* do not wake the simplified kswapd */
} CmasimAllocFlags;

/* owner flags (CmasimPage.flags above the 2 kind bits) */
#define CMASIM_PAGE_LRU	      (1u << 2)
#define CMASIM_PAGE_DIRTY     (1u << 3)
#define CMASIM_PAGE_WRITEBACK (1u << 4)
#define CMASIM_PAGE_LONGTERM  (1u << 5) /* FOLL_LONGTERM pin: never migrated */
#define CMASIM_PAGE_ISOLATED  (1u << 6) /* taken off the LRU by the migration engine */

typedef struct _CmasimMm CmasimMm;

typedef struct {
	guint64 pgalloc;	     /* pages handed out by the buddy (PGALLOC) */
	guint64 pgfree;		     /* pages freed into the buddy after boot (PGFREE) */
	guint64 alloc_fail;	     /* owner allocations that found no memory */
	guint64 alloc_fail_pages;
	guint64 extfrag_events;	     /* fallbacks into another migratetype (mm_page_alloc_extfrag) */
	guint64 extfrag_fragmenting; /* ... with fallback_order < pageblock_order */
	guint64 pageblock_claims;    /* pageblocks relabelled by a fallback */
	guint64 pgscan;		     /* pages looked at by reclaim */
	guint64 pgsteal;	     /* clean page-cache pages reclaimed */
	guint64 kswapd_wakeups;
	guint64 longterm_pin_migrations; /* pins that moved a page out of CMA first */
	guint64 longterm_pin_failures;
} CmasimMmStats;

/* called on every fallback into another migratetype (for trace.txt) */
typedef void (*CmasimExtfragFunc)(gpointer ctx, CmasimPfn pfn, guint alloc_order,
				  guint fallback_order, CmasimMigratetype alloc_mt,
				  CmasimMigratetype fallback_mt, gboolean change_ownership);

CmasimMm *cmasim_mm_new(const CmasimMmConfig *config, GError **error);
void cmasim_mm_free(CmasimMm *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimMm, cmasim_mm_free)

/* geometry */
guint32 cmasim_mm_get_page_size(const CmasimMm *self);
guint cmasim_mm_get_max_order(const CmasimMm *self);
guint cmasim_mm_get_pageblock_order(const CmasimMm *self);
guint64 cmasim_mm_get_span_pages(const CmasimMm *self);
guint64 cmasim_mm_get_present_pages(const CmasimMm *self);
guint cmasim_mm_get_n_zones(const CmasimMm *self);
const gchar *cmasim_mm_zone_get_name(const CmasimMm *self, guint zone);
CmasimPfn cmasim_mm_zone_get_start_pfn(const CmasimMm *self, guint zone);
CmasimPfn cmasim_mm_zone_get_end_pfn(const CmasimMm *self, guint zone);
gint cmasim_mm_zone_of_pfn(const CmasimMm *self, CmasimPfn pfn);
/* watermarks in pages, as /proc/zoneinfo min/low/high */
void cmasim_mm_zone_get_watermarks(const CmasimMm *self, guint zone, guint64 *min, guint64 *low,
				   guint64 *high);
guint64 cmasim_mm_zone_get_managed_pages(const CmasimMm *self, guint zone);
guint64 cmasim_mm_zone_get_free_pages(const CmasimMm *self, guint zone);
guint64 cmasim_mm_zone_get_free_cma_pages(const CmasimMm *self, guint zone);
/* free blocks per order (all types) and per (order, type), as buddyinfo/pagetypeinfo */
guint64 cmasim_mm_zone_get_nr_free(const CmasimMm *self, guint zone, guint order);
guint64 cmasim_mm_zone_get_nr_free_mt(const CmasimMm *self, guint zone, guint order,
				      CmasimMigratetype mt);
/* pageblocks of each type in the zone */
guint64 cmasim_mm_zone_count_pageblocks(const CmasimMm *self, guint zone, CmasimMigratetype mt);
guint64 cmasim_mm_get_free_pages(const CmasimMm *self);
const CmasimMmStats *cmasim_mm_get_stats(const CmasimMm *self);
/* bytes of simulator memory held by the model (per-pfn arrays, handles, blocks) */
gsize cmasim_mm_get_memory_bytes(const CmasimMm *self);
void cmasim_mm_set_extfrag_func(CmasimMm *self, CmasimExtfragFunc func, gpointer ctx);

/* pageblocks */
guint32 cmasim_mm_get_nr_pageblocks(const CmasimMm *self);
CmasimMigratetype cmasim_mm_get_pageblock_migratetype(const CmasimMm *self, CmasimPfn pfn);
/* per-block counters: pages free, owned by movable (anon/file) and by other owners */
guint32 cmasim_mm_pageblock_get_nr_free(const CmasimMm *self, guint32 block);
guint32 cmasim_mm_pageblock_get_nr_movable(const CmasimMm *self, guint32 block);
guint32 cmasim_mm_pageblock_get_nr_unmovable(const CmasimMm *self, guint32 block);
/* pages owned by background allocations of each kind, over the whole machine (O(blocks)) */
void cmasim_mm_get_owned_pages(const CmasimMm *self, guint64 pages[CMASIM_OWNER_KINDS]);

/* what the pages of a range are used for: the classes of the memory-map heat map */
typedef enum {
	CMASIM_PAGE_USE_FREE = 0,	 /* in the buddy allocator */
	CMASIM_PAGE_USE_ANON = 1,	 /* anonymous memory (movable) */
	CMASIM_PAGE_USE_FILE = 2,	 /* page cache (movable) */
	CMASIM_PAGE_USE_RECLAIMABLE = 3, /* reclaimable kernel memory */
	CMASIM_PAGE_USE_UNMOVABLE = 4,	 /* other kernel memory, raw buddy blocks */
	CMASIM_PAGE_USE_CONTIG = 5,	 /* a contiguous buffer (cma, acp or carveout) */
	CMASIM_PAGE_USE_RESERVED = 6,	 /* taken out of the buddy at boot, or not RAM */
	CMASIM_PAGE_USES = 7,
} CmasimPageUse;

const gchar *cmasim_page_use_to_string(CmasimPageUse use);
/* add the pages of [pfn, pfn + count) to use_pages[CMASIM_PAGE_USES] by use */
void cmasim_mm_count_page_use(const CmasimMm *self, CmasimPfn pfn, guint64 count,
			      guint64 *use_pages);

/*
 * Boot-time: turn [pfn, pfn+count) into MIGRATE_CMA pageblocks handed to the
 * buddy as free memory (init_cma_reserved_pageblock). The range must be
 * pageblock-aligned, free and in one zone.
 */
gboolean cmasim_mm_declare_cma(CmasimMm *self, CmasimPfn pfn, guint64 count, GError **error);
/* boot-time: take [pfn, pfn+count) out of the buddy for good (no-map carve-out) */
gboolean cmasim_mm_reserve_range(CmasimMm *self, CmasimPfn pfn, guint64 count, GError **error);
/* TRUE if every page of the range is a free buddy page (nothing allocated, not reserved) */
gboolean cmasim_mm_range_is_free(const CmasimMm *self, CmasimPfn pfn, guint64 count);

/* the buddy allocator itself: take or give a 2^order block of pages */
gboolean cmasim_mm_alloc_block(CmasimMm *self, guint order, CmasimMigratetype mt, guint alloc_flags,
			       CmasimPfn *pfn_out);
void cmasim_mm_free_block(CmasimMm *self, CmasimPfn pfn, guint order);

/* ---- owners: background allocations as handles ---- */

/*
 * Allocate a 2^order block for an owner of @kind; movable kinds go on the
 * LRU. @page_flags may carry CMASIM_PAGE_DIRTY / _WRITEBACK. A failure
 * (no memory even after reclaim) returns CMASIM_HANDLE_NONE and is counted.
 */
CmasimHandle cmasim_mm_owner_alloc(CmasimMm *self, CmasimOwnerKind kind, guint order,
				   guint page_flags);
/* free the owner's block (or just forget the handle if reclaim dropped it) */
void cmasim_mm_owner_free(CmasimMm *self, CmasimHandle handle);
/* cmasim_mm_owner_prefetch(), a hint for the simulation driver, is inline in
 * src/mm/cmasim-mm-prefetch.h */
/* current head pfn, CMASIM_PFN_NONE if reclaim dropped it */
CmasimPfn cmasim_mm_owner_get_pfn(const CmasimMm *self, CmasimHandle handle);
guint cmasim_mm_owner_get_order(const CmasimMm *self, CmasimHandle handle);
CmasimOwnerKind cmasim_mm_owner_get_kind(const CmasimMm *self, CmasimHandle handle);
guint cmasim_mm_owner_get_flags(const CmasimMm *self, CmasimHandle handle);
void cmasim_mm_owner_set_flags(CmasimMm *self, CmasimHandle handle, guint set, guint clear);
/* short-term pin (GUP / direct I/O): the page cannot be migrated while pinned */
gboolean cmasim_mm_owner_pin(CmasimMm *self, CmasimHandle handle);
void cmasim_mm_owner_unpin(CmasimMm *self, CmasimHandle handle);
guint cmasim_mm_owner_get_pincount(const CmasimMm *self, CmasimHandle handle);
/*
 * FOLL_LONGTERM pin: a page in a CMA (or isolated) pageblock is first
 * migrated to a non-CMA page (check_and_migrate_movable_pages); returns FALSE
 * if that was impossible (counted).
 */
gboolean cmasim_mm_owner_pin_longterm(CmasimMm *self, CmasimHandle handle);
guint64 cmasim_mm_get_live_handles(const CmasimMm *self);

/* the simplified kswapd: drop clean page cache in @zone until free >= @target_pages */
guint64 cmasim_mm_reclaim_zone(CmasimMm *self, guint zone, guint64 target_pages);

/* ---- invariants ---- */

/* check everything; FALSE with a message naming the first broken invariant */
gboolean cmasim_mm_check(const CmasimMm *self, GError **error);

G_END_DECLS
