/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Building the machine: the per-pfn and per-pageblock arrays, zones, holes,
 * boot-time reservations and watermarks.
 *
 * Watermarks mirror calculate_min_free_kbytes() and __setup_per_zone_wmarks()
 * (mm/page_alloc.c, 6.12): min_free_kbytes = int_sqrt(16 * lowmem_kbytes)
 * clamped to [128, 262144]; each lowmem zone gets min in proportion to its
 * managed pages, a highmem zone managed/1024 clamped to [32, 128]; then
 * low = min + d and high = low + d with d = max(share / 4, managed *
 * watermark_scale_factor / 10000), where share is the zone's proportional
 * part of min_free_kbytes. lowmem_reserve is not modelled.
 *
 * CMA areas mirror init_cma_reserved_pageblock(): each pageblock is set to
 * MIGRATE_CMA and freed whole, merging with CMA neighbours up to
 * MAX_PAGE_ORDER. Carve-outs (no-map) leave the buddy for good and no longer
 * count as managed memory.
 */
#define G_LOG_DOMAIN "CmasimMm"

#include "cmasim/cmasim-error.h"
#include "core/cmasim-mem-private.h"
#include "mm/cmasim-contig.h"

static guint64
cmasim_int_sqrt(guint64 x)
{
	guint64 r = 0;
	guint64 bit = G_GUINT64_CONSTANT(1) << 62;
	while (bit > x)
		bit >>= 2;
	while (bit != 0) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static void
cmasim_mm_setup_watermarks(CmasimMm *self, guint64 min_free_kbytes_cfg, guint scale_factor)
{
	guint64 lowmem_pages = 0;
	guint64 min_free_kbytes = min_free_kbytes_cfg;
	guint64 pages_min;
	guint page_kb = self->page_size_bytes / 1024;

	for (guint z = 0; z < self->n_zones; z++) {
		if (!self->zones[z].highmem)
			lowmem_pages += self->zones[z].managed_pages;
	}
	if (min_free_kbytes == 0) {
		min_free_kbytes = cmasim_int_sqrt(lowmem_pages * page_kb * 16);
		min_free_kbytes = CLAMP(min_free_kbytes, 128, 262144);
	}
	pages_min = min_free_kbytes / page_kb;
	for (guint z = 0; z < self->n_zones; z++) {
		CmasimZone *zone = &self->zones[z];
		guint64 share = lowmem_pages ? pages_min * zone->managed_pages / lowmem_pages : 0;
		guint64 d;
		if (zone->highmem)
			zone->wmark_min = CLAMP(zone->managed_pages / 1024, 32, 128);
		else
			zone->wmark_min = share;
		d = MAX(share / 4, zone->managed_pages * scale_factor / 10000);
		zone->wmark_low = zone->wmark_min + d;
		zone->wmark_high = zone->wmark_low + d;
	}
}

CmasimMm *
cmasim_mm_new(const CmasimMmConfig *config, GError **error)
{
	g_autoptr(CmasimMm) self = NULL;
	guint64 max_block;
	guint64 zone_total = 0;
	CmasimPfn pfn = 0;

	g_return_val_if_fail(config != NULL, NULL);
	if (config->page_size_bytes < 1024 || (config->page_size_bytes & (config->page_size_bytes - 1))) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "page size %u is not a power of two >= 1 KiB", config->page_size_bytes);
		return NULL;
	}
	if (config->max_order > CMASIM_MAX_ORDER_LIMIT ||
	    config->pageblock_order > config->max_order) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "max order %u / pageblock order %u out of range", config->max_order,
			    config->pageblock_order);
		return NULL;
	}
	if (config->n_zones == 0 || config->n_zones > CMASIM_MAX_ZONES) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "between 1 and %d zones are needed", CMASIM_MAX_ZONES);
		return NULL;
	}
	for (guint z = 0; z < config->n_zones; z++)
		zone_total += config->zones[z].size_pages;
	max_block = G_GUINT64_CONSTANT(1) << config->max_order;
	if (zone_total == 0 || zone_total > G_MAXINT32 || zone_total % max_block != 0 ||
	    zone_total != config->span_pages) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "zones must tile the %" G_GUINT64_FORMAT
			    " pages of memory in whole max-order blocks (%" G_GUINT64_FORMAT
			    " pages)",
			    config->span_pages, max_block);
		return NULL;
	}

	self = g_new0(CmasimMm, 1);
	self->page_size_bytes = config->page_size_bytes;
	self->max_order = config->max_order;
	self->nr_orders = config->max_order + 1;
	self->pageblock_order = config->pageblock_order;
	self->pageblock_pages = 1u << config->pageblock_order;
	self->span_pages = config->span_pages;
	self->nr_blocks = (guint32)(config->span_pages >> config->pageblock_order);
	self->cma_fallback = config->cma_fallback;
	self->reclaim = config->reclaim;
	self->pages = g_new0(CmasimPage, self->span_pages);
	_cmasim_mem_advise_hugepages(self->pages, self->span_pages * sizeof(CmasimPage));
	self->blocks = g_new0(CmasimPageblock, self->nr_blocks);
	self->handles_cap = 1024;
	self->handles = g_new(guint32, self->handles_cap);
	self->handles[0] = CMASIM_HANDLE_FREE_BIT;
	self->handles_len = 1;

	self->n_zones = config->n_zones;
	for (guint z = 0; z < config->n_zones; z++) {
		CmasimZone *zone = &self->zones[z];
		const CmasimMmZoneConfig *zc = &config->zones[z];
		if (zc->size_pages % self->pageblock_pages != 0) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "zone %s is not a whole number of pageblocks", zc->name);
			return NULL;
		}
		g_strlcpy(zone->name, zc->name, sizeof(zone->name));
		zone->highmem = zc->highmem;
		zone->start_pfn = pfn;
		zone->end_pfn = pfn + (CmasimPfn)zc->size_pages;
		for (guint o = 0; o < CMASIM_NR_ORDERS_LIMIT; o++) {
			for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++)
				zone->free_head[o][mt] = CMASIM_PFN_NONE;
		}
		for (guint l = 0; l < CMASIM_NR_LRU; l++)
			zone->lru[l].head = zone->lru[l].tail = CMASIM_PFN_NONE;
		zone->reclaim_resume = CMASIM_PFN_NONE;
		for (guint32 b = zone->start_pfn >> self->pageblock_order;
		     b < zone->end_pfn >> self->pageblock_order; b++) {
			self->blocks[b].zone = z;
			self->blocks[b].migratetype = CMASIM_MIGRATETYPE_MOVABLE;
		}
		pfn = zone->end_pfn;
	}
	for (guint64 i = 0; i < self->span_pages; i++)
		self->pages[i].next = self->pages[i].prev = CMASIM_PFN_NONE;
	/* holes are not RAM: reserved forever */
	for (guint h = 0; h < config->n_holes; h++) {
		guint64 end = (guint64)config->holes[h].start_pfn + config->holes[h].count;
		if (end > self->span_pages) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "memory hole beyond the end of memory");
			return NULL;
		}
		for (guint64 p = config->holes[h].start_pfn; p < end; p++)
			self->pages[p].state = CMASIM_PAGE_RESERVED;
	}
	/* hand all RAM to the buddy, as memblock_free_all() does at boot */
	for (guint z = 0; z < self->n_zones; z++) {
		CmasimZone *zone = &self->zones[z];
		for (CmasimPfn p = zone->start_pfn; p < zone->end_pfn; p++) {
			if (self->pages[p].state == CMASIM_PAGE_RESERVED)
				continue;
			zone->present_pages++;
			self->pages[p].state = CMASIM_PAGE_TAIL;
			_cmasim_buddy_free_one(self, p, 0);
		}
		zone->managed_pages = zone->present_pages;
		self->present_pages += zone->present_pages;
	}
	cmasim_mm_setup_watermarks(self, config->min_free_kbytes,
				   config->watermark_scale_factor ? config->watermark_scale_factor
								  : 10);
	self->stats.pgfree = 0;
	return g_steal_pointer(&self);
}

void
cmasim_mm_free(CmasimMm *self)
{
	if (self == NULL)
		return;
	g_free(self->pages);
	g_free(self->blocks);
	g_free(self->handles);
	g_free(self);
}

guint32
cmasim_mm_get_page_size(const CmasimMm *self)
{
	return self->page_size_bytes;
}

guint
cmasim_mm_get_max_order(const CmasimMm *self)
{
	return self->max_order;
}

guint
cmasim_mm_get_pageblock_order(const CmasimMm *self)
{
	return self->pageblock_order;
}

guint64
cmasim_mm_get_span_pages(const CmasimMm *self)
{
	return self->span_pages;
}

guint64
cmasim_mm_get_present_pages(const CmasimMm *self)
{
	return self->present_pages;
}

guint
cmasim_mm_get_n_zones(const CmasimMm *self)
{
	return self->n_zones;
}

const gchar *
cmasim_mm_zone_get_name(const CmasimMm *self, guint zone)
{
	g_return_val_if_fail(zone < self->n_zones, NULL);
	return self->zones[zone].name;
}

CmasimPfn
cmasim_mm_zone_get_start_pfn(const CmasimMm *self, guint zone)
{
	return self->zones[zone].start_pfn;
}

CmasimPfn
cmasim_mm_zone_get_end_pfn(const CmasimMm *self, guint zone)
{
	return self->zones[zone].end_pfn;
}

gint
cmasim_mm_zone_of_pfn(const CmasimMm *self, CmasimPfn pfn)
{
	if (pfn >= self->span_pages)
		return -1;
	return self->blocks[pfn >> self->pageblock_order].zone;
}

void
cmasim_mm_zone_get_watermarks(const CmasimMm *self, guint zone, guint64 *min, guint64 *low,
			      guint64 *high)
{
	*min = self->zones[zone].wmark_min;
	*low = self->zones[zone].wmark_low;
	*high = self->zones[zone].wmark_high;
}

guint64
cmasim_mm_zone_get_managed_pages(const CmasimMm *self, guint zone)
{
	return self->zones[zone].managed_pages;
}

guint64
cmasim_mm_zone_get_free_pages(const CmasimMm *self, guint zone)
{
	return self->zones[zone].free_pages;
}

guint64
cmasim_mm_zone_get_free_cma_pages(const CmasimMm *self, guint zone)
{
	return self->zones[zone].free_cma_pages;
}

guint64
cmasim_mm_zone_get_nr_free(const CmasimMm *self, guint zone, guint order)
{
	return order <= self->max_order ? self->zones[zone].nr_free[order] : 0;
}

guint64
cmasim_mm_zone_get_nr_free_mt(const CmasimMm *self, guint zone, guint order, CmasimMigratetype mt)
{
	return order <= self->max_order ? self->zones[zone].nr_free_mt[order][mt] : 0;
}

guint64
cmasim_mm_zone_count_pageblocks(const CmasimMm *self, guint zone, CmasimMigratetype mt)
{
	guint64 n = 0;
	for (guint32 b = self->zones[zone].start_pfn >> self->pageblock_order;
	     b < self->zones[zone].end_pfn >> self->pageblock_order; b++)
		n += self->blocks[b].migratetype == mt;
	return n;
}

guint64
cmasim_mm_get_free_pages(const CmasimMm *self)
{
	guint64 n = 0;
	for (guint z = 0; z < self->n_zones; z++)
		n += self->zones[z].free_pages;
	return n;
}

const CmasimMmStats *
cmasim_mm_get_stats(const CmasimMm *self)
{
	return &self->stats;
}

gsize
cmasim_mm_get_memory_bytes(const CmasimMm *self)
{
	return sizeof(*self) + self->span_pages * sizeof(CmasimPage) +
	       (gsize)self->nr_blocks * sizeof(CmasimPageblock) +
	       (gsize)self->handles_cap * sizeof(guint32);
}

void
cmasim_mm_set_extfrag_func(CmasimMm *self, CmasimExtfragFunc func, gpointer ctx)
{
	self->extfrag_func = func;
	self->extfrag_ctx = ctx;
}

guint32
cmasim_mm_get_nr_pageblocks(const CmasimMm *self)
{
	return self->nr_blocks;
}

CmasimMigratetype
cmasim_mm_get_pageblock_migratetype(const CmasimMm *self, CmasimPfn pfn)
{
	return _cmasim_mm_block_mt(self, pfn);
}

guint32
cmasim_mm_pageblock_get_nr_free(const CmasimMm *self, guint32 block)
{
	return self->blocks[block].nr_free;
}

guint32
cmasim_mm_pageblock_get_nr_movable(const CmasimMm *self, guint32 block)
{
	return self->blocks[block].nr_movable;
}

guint32
cmasim_mm_pageblock_get_nr_unmovable(const CmasimMm *self, guint32 block)
{
	return self->blocks[block].nr_unmovable;
}

void
cmasim_mm_get_owned_pages(const CmasimMm *self, guint64 pages[CMASIM_OWNER_KINDS])
{
	guint64 movable = 0, file = 0, other = 0, reclaimable = 0;

	for (guint32 b = 0; b < self->nr_blocks; b++) {
		movable += self->blocks[b].nr_movable;
		file += self->blocks[b].nr_file;
		other += self->blocks[b].nr_unmovable;
		reclaimable += self->blocks[b].nr_reclaimable;
	}
	pages[CMASIM_OWNER_ANON] = movable - file;
	pages[CMASIM_OWNER_FILE] = file;
	pages[CMASIM_OWNER_RECLAIMABLE] = reclaimable;
	pages[CMASIM_OWNER_UNMOVABLE] = other - reclaimable;
}

static const gchar *const cmasim_page_use_names[CMASIM_PAGE_USES] = {
    "free", "anon", "file", "reclaimable", "unmovable", "contig", "reserved",
};

const gchar *
cmasim_page_use_to_string(CmasimPageUse use)
{
	return (guint)use < CMASIM_PAGE_USES ? cmasim_page_use_names[use] : "unknown";
}

/*
 * The pages of a range by use, for the memory-map heat map. A whole
 * pageblock whose pages are all free or owned is read from its counters;
 * any other part of the range is walked by block heads (one step per
 * block), a block that starts before @pfn found through its head.
 */
void
cmasim_mm_count_page_use(const CmasimMm *self, CmasimPfn pfn, guint64 count, guint64 *use_pages)
{
	static const guint8 owner_use[CMASIM_OWNER_KINDS] = {
	    [CMASIM_OWNER_ANON] = CMASIM_PAGE_USE_ANON,
	    [CMASIM_OWNER_FILE] = CMASIM_PAGE_USE_FILE,
	    [CMASIM_OWNER_RECLAIMABLE] = CMASIM_PAGE_USE_RECLAIMABLE,
	    [CMASIM_OWNER_UNMOVABLE] = CMASIM_PAGE_USE_UNMOVABLE,
	};
	guint64 end;
	guint64 p;

	g_return_if_fail(self != NULL && use_pages != NULL);
	end = MIN((guint64)pfn + count, self->span_pages);
	p = pfn;
	while (p < end) {
		const CmasimPage *page = &self->pages[p];
		guint64 head = p;
		guint64 pages = 1;
		guint use;

		if ((p & (self->pageblock_pages - 1)) == 0 && p + self->pageblock_pages <= end) {
			const CmasimPageblock *block = &self->blocks[p >> self->pageblock_order];
			if ((guint64)block->nr_free + block->nr_movable + block->nr_unmovable ==
			    self->pageblock_pages) {
				use_pages[CMASIM_PAGE_USE_FREE] += block->nr_free;
				use_pages[CMASIM_PAGE_USE_ANON] += block->nr_movable - block->nr_file;
				use_pages[CMASIM_PAGE_USE_FILE] += block->nr_file;
				use_pages[CMASIM_PAGE_USE_RECLAIMABLE] += block->nr_reclaimable;
				use_pages[CMASIM_PAGE_USE_UNMOVABLE] +=
				    block->nr_unmovable - block->nr_reclaimable;
				p += self->pageblock_pages;
				continue;
			}
		}

		if (page->state == CMASIM_PAGE_TAIL) {
			CmasimPfn found = _cmasim_mm_find_head(self, (CmasimPfn)p, FALSE);
			if (found == CMASIM_PFN_NONE) {
				use_pages[CMASIM_PAGE_USE_RESERVED]++;
				p++;
				continue;
			}
			head = found;
			page = &self->pages[head];
		}
		switch ((CmasimPageState)page->state) {
		case CMASIM_PAGE_BUDDY:
			use = CMASIM_PAGE_USE_FREE;
			pages = G_GUINT64_CONSTANT(1) << page->order;
			break;
		case CMASIM_PAGE_OWNED:
			use = owner_use[_cmasim_page_kind(page)];
			pages = G_GUINT64_CONSTANT(1) << page->order;
			break;
		case CMASIM_PAGE_ALLOCATED:
			use = CMASIM_PAGE_USE_UNMOVABLE;
			pages = G_GUINT64_CONSTANT(1) << page->order;
			break;
		case CMASIM_PAGE_CONTIG:
			use = CMASIM_PAGE_USE_CONTIG;
			break;
		case CMASIM_PAGE_RESERVED:
		case CMASIM_PAGE_TAIL:
		default:
			use = CMASIM_PAGE_USE_RESERVED;
			break;
		}
		/* the part of the block inside [p, end) */
		pages = MIN(head + pages, end) - p;
		use_pages[use] += pages;
		p += pages;
	}
}

gboolean
cmasim_mm_range_is_free(const CmasimMm *self, CmasimPfn pfn, guint64 count)
{
	guint64 end = (guint64)pfn + count;
	CmasimPfn p;
	if (end > self->span_pages)
		return FALSE;
	p = _cmasim_mm_find_head(self, pfn, TRUE);
	if (p == CMASIM_PFN_NONE)
		return FALSE;
	while (p < end) {
		const CmasimPage *page = &self->pages[p];
		if (page->state != CMASIM_PAGE_BUDDY)
			return FALSE;
		p += 1u << page->order;
	}
	return TRUE;
}

/* take every free block of [pfn, end) out of the lists, splitting the edges */
void
_cmasim_mm_take_free_range(CmasimMm *self, CmasimPfn pfn, CmasimPfn end)
{
	CmasimPfn head = _cmasim_mm_find_head(self, pfn, TRUE);
	/* cut the first block at pfn: pfn becomes a lone free page */
	if (head != CMASIM_PFN_NONE && head < pfn) {
		_cmasim_buddy_take_exact(self, head, pfn, 0);
		_cmasim_buddy_add_free(self, pfn, 0, _cmasim_mm_block_mt(self, pfn));
	}
	for (CmasimPfn p = pfn; p < end;) {
		CmasimPage *page = &self->pages[p];
		guint order = page->order;
		g_assert(page->state == CMASIM_PAGE_BUDDY);
		if (p + (1u << order) > end) {
			/* the last block sticks out: give back the part beyond end */
			_cmasim_buddy_take_exact(self, p, p, 0);
			/* p is now a lone page; the rest of the old block is free again */
			p++;
			continue;
		}
		_cmasim_buddy_del_free(self, p);
		p += 1u << order;
	}
}

gboolean
cmasim_mm_declare_cma(CmasimMm *self, CmasimPfn pfn, guint64 count, GError **error)
{
	gint zone;

	if (count == 0 || pfn % self->pageblock_pages != 0 || count % self->pageblock_pages != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "CMA area at pfn %u of %" G_GUINT64_FORMAT
			    " pages is not pageblock-aligned (%u pages)",
			    pfn, count, self->pageblock_pages);
		return FALSE;
	}
	zone = cmasim_mm_zone_of_pfn(self, pfn);
	if (zone < 0 || cmasim_mm_zone_of_pfn(self, (CmasimPfn)(pfn + count - 1)) != zone) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "CMA area at pfn %u of %" G_GUINT64_FORMAT
			    " pages does not lie in one zone",
			    pfn, count);
		return FALSE;
	}
	for (guint64 p = pfn; p < pfn + count; p += self->pageblock_pages) {
		if (_cmasim_mm_block_mt(self, (CmasimPfn)p) == CMASIM_MIGRATETYPE_CMA) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "CMA area at pfn %u of %" G_GUINT64_FORMAT
				    " pages overlaps another CMA area",
				    pfn, count);
			return FALSE;
		}
	}
	if (!cmasim_mm_range_is_free(self, pfn, count)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "CMA area at pfn %u of %" G_GUINT64_FORMAT
			    " pages overlaps memory that is not free (a hole, a carve-out or "
			    "another area)",
			    pfn, count);
		return FALSE;
	}
	_cmasim_mm_take_free_range(self, pfn, (CmasimPfn)(pfn + count));
	_cmasim_buddy_set_pageblock_mt(self, pfn, count, CMASIM_MIGRATETYPE_CMA);
	self->zones[zone].cma_pages += count;
	for (guint64 p = pfn; p < pfn + count; p += self->pageblock_pages)
		_cmasim_buddy_free_one(self, (CmasimPfn)p, self->pageblock_order);
	return TRUE;
}

gboolean
cmasim_mm_reserve_range(CmasimMm *self, CmasimPfn pfn, guint64 count, GError **error)
{
	gint zone;

	zone = cmasim_mm_zone_of_pfn(self, pfn);
	if (count == 0 || zone < 0 ||
	    cmasim_mm_zone_of_pfn(self, (CmasimPfn)(pfn + count - 1)) != zone ||
	    !cmasim_mm_range_is_free(self, pfn, count)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "cannot reserve pfn %u + %" G_GUINT64_FORMAT
			    " pages: not free memory in one zone",
			    pfn, count);
		return FALSE;
	}
	_cmasim_mm_take_free_range(self, pfn, (CmasimPfn)(pfn + count));
	for (guint64 p = pfn; p < pfn + count; p++) {
		self->pages[p].state = CMASIM_PAGE_RESERVED;
		self->pages[p].order = 0;
	}
	self->zones[zone].managed_pages -= count;
	return TRUE;
}
