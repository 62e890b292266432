/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The memory model's data, shared by the files of src/mm/ and by the
 * policies (which, like mm/cma.c and mm/page_alloc.c, work on pages and
 * pageblocks directly). Everything is in flat arrays indexed by pfn or by
 * pageblock number; lists are intrusive and linked by 32-bit pfns.
 */
#pragma once

#include "cmasim/cmasim-mm.h"

G_BEGIN_DECLS

/* what a pfn is */
typedef enum {
	CMASIM_PAGE_TAIL = 0,	  /* inside a block whose head is elsewhere */
	CMASIM_PAGE_BUDDY = 1,	  /* head of a free block (PageBuddy), on a free list */
	CMASIM_PAGE_OWNED = 2,	  /* head of an owner's block; handle valid */
	CMASIM_PAGE_RESERVED = 3, /* not RAM, or taken out of the buddy at boot */
	CMASIM_PAGE_CONTIG = 4,	  /* taken by a contiguous allocation (one page each) */
	CMASIM_PAGE_ALLOCATED = 5, /* head of a block handed out by cmasim_mm_alloc_block() */
} CmasimPageState;

#define CMASIM_PAGE_KIND_MASK 0x3u
/* private page flag: in the reclaim-skipped tail of its zone's file LRU (see
 * CmasimZone.reclaim_skipped_pages); never visible through the owner API */
#define CMASIM_PAGE_RECLAIM_SKIPPED (1u << 7)

/* 16 bytes per pfn */
typedef struct {
	guint32 next;	   /* free list or LRU link, CMASIM_PFN_NONE = end */
	guint32 prev;
	guint32 handle;	   /* OWNED: the owner's handle */
	guint8 order;	   /* BUDDY / OWNED: block order */
	guint8 state;	   /* CmasimPageState */
	guint8 flags;	   /* OWNED: kind (2 bits) | CMASIM_PAGE_* */
	guint8 pincount;   /* OWNED: short-term pins */
} CmasimPage;

typedef struct {
	guint8 migratetype;
	guint8 saved_migratetype; /* type to restore after isolation */
	guint8 zone;
	guint8 pad;
	guint32 nr_free;	  /* free pages */
	guint32 nr_movable;	  /* pages owned by anon/file */
	guint32 nr_unmovable;	  /* pages owned by reclaimable/unmovable */
	guint32 nr_file;	  /* of nr_movable: page cache (for the memory map) */
	guint32 nr_reclaimable;	  /* of nr_unmovable: reclaimable (for the memory map) */
} CmasimPageblock;

typedef struct {
	guint32 head;
	guint32 tail;
	guint64 nr_pages;
} CmasimList;

enum { CMASIM_LRU_ANON = 0, CMASIM_LRU_FILE = 1, CMASIM_NR_LRU = 2 };

typedef struct {
	gchar name[16];
	gboolean highmem;
	CmasimPfn start_pfn;
	CmasimPfn end_pfn; /* exclusive */
	guint64 present_pages;
	guint64 managed_pages;
	guint64 cma_pages;
	guint64 free_pages;
	guint64 free_cma_pages;
	guint64 wmark_min;
	guint64 wmark_low;
	guint64 wmark_high;
	guint32 free_head[CMASIM_NR_ORDERS_LIMIT][CMASIM_MIGRATETYPES];
	guint64 nr_free_mt[CMASIM_NR_ORDERS_LIMIT][CMASIM_MIGRATETYPES];
	guint64 nr_free[CMASIM_NR_ORDERS_LIMIT];
	CmasimList lru[CMASIM_NR_LRU];
	/*
	 * Memo of the last reclaim scan, so that the next one need not walk
	 * again over the pages it skipped (cmasim_mm_reclaim_zone()): the
	 * file LRU's tail-most pages up to, not including, reclaim_resume (or
	 * the whole list when that is NONE) are flagged RECLAIM_SKIPPED, none
	 * of them can be dropped, and together they hold
	 * reclaim_skipped_pages pages. 0 = no memo, start at the tail. Freeing
	 * such a page shrinks the memo; one becoming droppable drops the memo.
	 */
	guint64 reclaim_skipped_pages;
	CmasimPfn reclaim_resume;
	guint64 nr_isolate_pageblock;
} CmasimZone;

/* handle table entries */
#define CMASIM_HANDLE_DROPPED 0xfffffffeu /* reclaim dropped the page */
#define CMASIM_HANDLE_FREE_BIT 0x80000000u /* entry is a free-list link */

struct _CmasimMm {
	guint32 page_size_bytes;
	guint max_order;
	guint nr_orders;
	guint pageblock_order;
	guint32 pageblock_pages;
	guint64 span_pages;
	guint64 present_pages;
	CmasimPage *pages;
	CmasimPageblock *blocks;
	guint32 nr_blocks;
	CmasimZone zones[CMASIM_MAX_ZONES];
	guint n_zones;
	guint32 *handles; /* handle -> head pfn | DROPPED | FREE_BIT|next */
	guint32 handles_len;
	guint32 handles_cap;
	guint32 handles_free; /* head of the free-handle list, 0 = none */
	guint64 live_handles;
	CmasimCmaFallback cma_fallback;
	gboolean reclaim;
	CmasimMmStats stats;
	CmasimExtfragFunc extfrag_func;
	gpointer extfrag_ctx;
};

static inline CmasimPageblock *
_cmasim_mm_block(CmasimMm *mm, CmasimPfn pfn)
{
	return &mm->blocks[pfn >> mm->pageblock_order];
}

static inline CmasimMigratetype
_cmasim_mm_block_mt(const CmasimMm *mm, CmasimPfn pfn)
{
	return (CmasimMigratetype)mm->blocks[pfn >> mm->pageblock_order].migratetype;
}

static inline guint
_cmasim_page_kind(const CmasimPage *page)
{
	return page->flags & CMASIM_PAGE_KIND_MASK;
}

static inline gboolean
_cmasim_kind_is_movable(guint kind)
{
	return kind == CMASIM_OWNER_ANON || kind == CMASIM_OWNER_FILE;
}

/* reclaim may drop this page-cache block: clean, not under writeback, not pinned */
static inline gboolean
_cmasim_page_reclaimable(const CmasimPage *page)
{
	return !(page->flags & (CMASIM_PAGE_DIRTY | CMASIM_PAGE_WRITEBACK | CMASIM_PAGE_LONGTERM |
				CMASIM_PAGE_ISOLATED)) &&
	       page->pincount == 0;
}

/* buddy internals (cmasim-buddy.c) */
void _cmasim_buddy_add_free(CmasimMm *mm, CmasimPfn pfn, guint order, CmasimMigratetype mt);
void _cmasim_buddy_del_free(CmasimMm *mm, CmasimPfn pfn);
/* __free_one_page: free with merging; the block type comes from the pageblock */
void _cmasim_buddy_free_one(CmasimMm *mm, CmasimPfn pfn, guint order);
/* set the type of every pageblock in [pfn, pfn + count) without moving pages */
void _cmasim_buddy_set_pageblock_mt(CmasimMm *mm, CmasimPfn pfn, guint64 count,
				    CmasimMigratetype mt);
/* move_freepages_block: move the free blocks inside one pageblock to @mt's lists
 * and relabel it; a free block larger than a pageblock is split first */
guint64 _cmasim_buddy_move_pageblock(CmasimMm *mm, guint32 block, CmasimMigratetype mt);
/* head of the free block containing @pfn (find_large_buddy), or with
 * @free_only FALSE of any free, owned or raw allocated block; CMASIM_PFN_NONE if none */
CmasimPfn _cmasim_mm_find_head(const CmasimMm *mm, CmasimPfn pfn, gboolean free_only);
/* take a free block out of the lists and split it so that [pfn, pfn+2^order) is
 * a block of its own, returned to the caller as no longer free; the rest
 * goes back to the free lists */
void _cmasim_buddy_take_exact(CmasimMm *mm, CmasimPfn head, CmasimPfn pfn, guint order);
/* zone index for an allocation: -1 when none passes */
gboolean _cmasim_buddy_zone_watermark_ok(const CmasimMm *mm, const CmasimZone *zone, guint order,
					 guint64 mark, guint alloc_flags);

/* owner internals (cmasim-owner.c) */
void _cmasim_owner_account(CmasimMm *mm, CmasimPfn pfn, guint order, guint kind, gint sign);
void _cmasim_lru_add(CmasimMm *mm, CmasimPfn pfn);
void _cmasim_lru_del(CmasimMm *mm, CmasimPfn pfn);
/* a page that reclaim may have skipped may be droppable now: forget the memo */
void _cmasim_reclaim_page_changed(CmasimMm *mm, CmasimPfn pfn);
/* move the owner block at @src to the free block @dst (already taken, same order):
 * copies state, moves the LRU entry, repoints the handle, frees @src */
void _cmasim_owner_move(CmasimMm *mm, CmasimPfn src, CmasimPfn dst);
/* drop a clean page-cache block: the handle becomes DROPPED and the block is freed */
void _cmasim_owner_drop(CmasimMm *mm, CmasimPfn pfn);

static inline CmasimZone *
_cmasim_mm_zone_of(CmasimMm *mm, CmasimPfn pfn)
{
	return &mm->zones[mm->blocks[pfn >> mm->pageblock_order].zone];
}

G_END_DECLS
