/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * From a scenario's machine to the memory model's configuration, and the
 * boot-time placement of the reserved regions.
 *
 * Banks become one pfn span starting at the first bank (pfn 0) with the gaps
 * between banks declared as holes; the span is rounded up to a max-order
 * block and the excess is a hole too, as memmap_init() leaves the pages
 * past the end of a section unavailable. Zones are rounded to pageblocks,
 * the last one taking the excess.
 *
 * Placement is done here, once, the same way for every policy, so that
 * comparisons are fair. It mirrors the reservation code of the kernel:
 *  - fixed regions (`reg`) first (of_reserved_mem's __reserved_mem_reserve_reg()
 *    runs before the dynamic ones), each checked for overlaps;
 *  - then dynamic ones, top-down, in their `alloc-ranges` (tried in order),
 *    else in their zone, else in lowmem (memblock's default top-down policy
 *    under the limit cma_declare_contiguous_nid() is given on 32-bit ARM);
 *  - reusable (CMA) regions: alignment = max(requested, pageblock,
 *    2^order_per_bit pages) (CMA_MIN_ALIGNMENT_PAGES), base and size rounded
 *    up to it, the whole area inside one zone (cma_activate_area() refuses
 *    an area spanning zones).
 * Not modelled: memory the kernel image or other early allocations occupy,
 * the 64-bit "bottom-up above 4 GiB" preference.
 */
#define G_LOG_DOMAIN "CmasimSim"

#include <string.h>

#include "sim/cmasim-sim-private.h"

#define CMASIM_SIM_MAX_SEGMENTS 64

static gchar *
cmasim_format_mib(guint64 pages, guint32 page_size)
{
	gdouble mib = (gdouble)pages * page_size / (1024.0 * 1024.0);
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
	return g_strdup_printf("%s MiB", g_ascii_formatd(buf, sizeof(buf), "%.2f", mib));
}

static gboolean
cmasim_is_highmem_name(const gchar *name)
{
	return name != NULL && g_ascii_strcasecmp(name, "highmem") == 0;
}

gboolean
_cmasim_sim_build_mm_config(const CmasimScenario *scenario, const CmasimParams *params,
                            CmasimMmConfig *config, guint64 *base_pfn, GError **error)
{
	const CmasimMachineSpec *m = &scenario->machine;
	guint64 page = m->page_size_bytes;
	guint64 first_base, last_end, raw_pages, span, max_block, pb_pages;
	guint64 zone_bytes = 0;
	CmasimPfn zone_start = 0;
	const gchar *fallback;

	g_return_val_if_fail(config != NULL, FALSE);
	memset(config, 0, sizeof(*config));

	if (page == 0 || (page & (page - 1)) != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "machine: page size %" G_GUINT64_FORMAT " is not a power of two", page);
		return FALSE;
	}
	if (m->banks == NULL || m->banks->len == 0) {
		g_set_error_literal(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		                    "machine: no memory bank");
		return FALSE;
	}
	if (m->zones == NULL || m->zones->len == 0 || m->zones->len > CMASIM_MAX_ZONES) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "machine: between 1 and %d zones are needed", CMASIM_MAX_ZONES);
		return FALSE;
	}
	if (m->pageblock_order > m->max_order || m->max_order > CMASIM_MAX_ORDER_LIMIT) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "machine: pageblock_order %u / max_order %u out of range",
		            m->pageblock_order, m->max_order);
		return FALSE;
	}

	config->page_size_bytes = (guint32)page;
	config->max_order = m->max_order;
	config->pageblock_order = m->pageblock_order;
	max_block = G_GUINT64_CONSTANT(1) << m->max_order;
	pb_pages = G_GUINT64_CONSTANT(1) << m->pageblock_order;

	/* banks -> pfn span and holes */
	first_base = g_array_index(m->banks, CmasimRange, 0).base_bytes;
	last_end = 0;
	for (guint i = 0; i < m->banks->len; i++) {
		const CmasimRange *bank = &g_array_index(m->banks, CmasimRange, i);
		if (bank->base_bytes % page != 0 || bank->size_bytes % page != 0 ||
		    bank->size_bytes == 0) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "machine: bank %u (base 0x%" G_GINT64_MODIFIER
			            "x) is not a whole number of %" G_GUINT64_FORMAT "-byte pages",
			            i, bank->base_bytes, page);
			return FALSE;
		}
		if (bank->base_bytes < last_end) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "machine: bank %u overlaps or precedes the bank before it", i);
			return FALSE;
		}
		if (i > 0 && bank->base_bytes > last_end) {
			if (config->n_holes == G_N_ELEMENTS(config->holes)) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
				            "machine: more than %u gaps between memory banks",
				            (guint)G_N_ELEMENTS(config->holes) - 1);
				return FALSE;
			}
			config->holes[config->n_holes].start_pfn =
			    (CmasimPfn)((last_end - first_base) / page);
			config->holes[config->n_holes].count = (bank->base_bytes - last_end) / page;
			config->n_holes++;
		}
		last_end = bank->base_bytes + bank->size_bytes;
	}
	raw_pages = (last_end - first_base) / page;
	span = (raw_pages + max_block - 1) / max_block * max_block;
	if (span > G_MAXINT32) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
		            "machine: %" G_GUINT64_FORMAT " pages of physical address span are "
		            "more than the simulator handles",
		            span);
		return FALSE;
	}
	if (span > raw_pages) {
		if (config->n_holes == G_N_ELEMENTS(config->holes)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
			            "machine: too many gaps between memory banks");
			return FALSE;
		}
		config->holes[config->n_holes].start_pfn = (CmasimPfn)raw_pages;
		config->holes[config->n_holes].count = span - raw_pages;
		config->n_holes++;
	}
	config->span_pages = span;
	*base_pfn = first_base / page;

	/* zones: boundaries rounded down to pageblocks; the last zone takes the excess */
	config->n_zones = m->zones->len;
	for (guint z = 0; z < m->zones->len; z++) {
		const CmasimZoneSpec *zs = &g_array_index(m->zones, CmasimZoneSpec, z);
		CmasimPfn end;
		zone_bytes += zs->size_bytes;
		if (z + 1 == m->zones->len) {
			end = (CmasimPfn)span;
		} else {
			guint64 end_pages = zone_bytes / page;
			end = (CmasimPfn)(MIN(end_pages, span) / pb_pages * pb_pages);
		}
		if (end <= zone_start) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "machine: zone %s is empty once rounded to %" G_GUINT64_FORMAT
			            "-page pageblocks",
			            zs->name, pb_pages);
			return FALSE;
		}
		config->zones[z].name = zs->name;
		config->zones[z].size_pages = end - zone_start;
		config->zones[z].highmem = cmasim_is_highmem_name(zs->name);
		zone_start = end;
	}

	config->min_free_kbytes = m->min_free_kbytes;
	config->watermark_scale_factor = m->watermark_scale_factor;
	fallback = cmasim_params_get_enum(params, "mm.cma_fallback");
	if (g_strcmp0(fallback, "v14") == 0)
		config->cma_fallback = CMASIM_CMA_FALLBACK_V14;
	else if (g_strcmp0(fallback, "mainline") == 0)
		config->cma_fallback = CMASIM_CMA_FALLBACK_MAINLINE;
	else if (g_strcmp0(cmasim_params_get_enum(params, "policy.cma.behaviour"), "v14") == 0)
		config->cma_fallback = CMASIM_CMA_FALLBACK_V14;
	else
		config->cma_fallback = CMASIM_CMA_FALLBACK_MAINLINE;
	config->reclaim = cmasim_params_get_bool(params, "mm.reclaim");
	return TRUE;
}

guint
_cmasim_sim_ram_ranges(const CmasimMmConfig *config, CmasimPfn *start, guint64 *count, guint max)
{
	guint n = 0;
	guint64 pos = 0;

	/* holes are in address order: banks are sorted and the tail hole comes last */
	for (guint h = 0; h <= config->n_holes && n < max; h++) {
		guint64 end = h < config->n_holes ? config->holes[h].start_pfn : config->span_pages;
		if (end > pos) {
			start[n] = (CmasimPfn)pos;
			count[n] = end - pos;
			n++;
		}
		if (h < config->n_holes)
			pos = (guint64)config->holes[h].start_pfn + config->holes[h].count;
	}
	return n;
}

typedef struct {
	guint64 start;
	guint64 end;
} CmasimSeg;

/* @segs minus [start, end), in place; returns the new count */
static guint
cmasim_segs_subtract(CmasimSeg *segs, guint n, guint64 start, guint64 end)
{
	CmasimSeg out[CMASIM_SIM_MAX_SEGMENTS];
	guint m = 0;

	for (guint i = 0; i < n; i++) {
		if (end <= segs[i].start || start >= segs[i].end) {
			if (m < CMASIM_SIM_MAX_SEGMENTS)
				out[m++] = segs[i];
			continue;
		}
		if (segs[i].start < start && m < CMASIM_SIM_MAX_SEGMENTS)
			out[m++] = (CmasimSeg){segs[i].start, start};
		if (segs[i].end > end && m < CMASIM_SIM_MAX_SEGMENTS)
			out[m++] = (CmasimSeg){end, segs[i].end};
	}
	memcpy(segs, out, m * sizeof(CmasimSeg));
	return m;
}

static gint
cmasim_zone_of(const CmasimMmConfig *config, guint64 pfn)
{
	guint64 start = 0;
	for (guint z = 0; z < config->n_zones; z++) {
		guint64 end = start + config->zones[z].size_pages;
		if (pfn >= start && pfn < end)
			return (gint)z;
		start = end;
	}
	return -1;
}

static void
cmasim_zone_range(const CmasimMmConfig *config, guint zone, guint64 *start, guint64 *end)
{
	guint64 s = 0;
	for (guint z = 0; z < zone; z++)
		s += config->zones[z].size_pages;
	*start = s;
	*end = s + config->zones[zone].size_pages;
}

/* the first placed region overlapping [start, end), or NULL */
static const CmasimSimRegion *
cmasim_overlapping(const GArray *placed, const gboolean *done, guint64 start, guint64 end)
{
	for (guint i = 0; i < placed->len; i++) {
		const CmasimSimRegion *r = &g_array_index(placed, CmasimSimRegion, i);
		if (!done[i])
			continue;
		if (start < (guint64)r->pfn + r->count && r->pfn < end)
			return r;
	}
	return NULL;
}

static gboolean
cmasim_range_is_ram(const CmasimMmConfig *config, guint64 start, guint64 end)
{
	for (guint h = 0; h < config->n_holes; h++) {
		guint64 hs = config->holes[h].start_pfn;
		guint64 he = hs + config->holes[h].count;
		if (start < he && hs < end)
			return FALSE;
	}
	return end <= config->span_pages;
}

/* the windows a dynamic region may go to, in the order they are tried */
static guint
cmasim_region_windows(const CmasimRegionSpec *spec, const CmasimMmConfig *config, guint64 base_pfn,
                      guint64 page, CmasimSeg *win, guint max, GString *where, GError **error)
{
	guint n = 0;

	if (spec->zone != NULL) {
		for (guint z = 0; z < config->n_zones; z++) {
			if (g_ascii_strcasecmp(config->zones[z].name, spec->zone) != 0)
				continue;
			cmasim_zone_range(config, z, &win[0].start, &win[0].end);
			g_string_append_printf(where, "zone %s", config->zones[z].name);
			return 1;
		}
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "region '%s': the machine has no zone '%s'", spec->name, spec->zone);
		return 0;
	}
	if (spec->alloc_ranges != NULL && spec->alloc_ranges->len > 0) {
		g_string_append(where, "its alloc-ranges");
		for (guint i = 0; i < spec->alloc_ranges->len && n < max; i++) {
			const CmasimRange *r = &g_array_index(spec->alloc_ranges, CmasimRange, i);
			guint64 s = (r->base_bytes + page - 1) / page;
			guint64 e = (r->base_bytes + r->size_bytes) / page;
			/* relative to pfn 0, clipped to the span */
			s = s > base_pfn ? s - base_pfn : 0;
			e = e > base_pfn ? e - base_pfn : 0;
			e = MIN(e, config->span_pages);
			if (e > s)
				win[n++] = (CmasimSeg){s, e};
		}
		return n;
	}
	/* lowmem: the zones that are not highmem, highest first */
	g_string_append(where, "lowmem");
	for (gint z = (gint)config->n_zones - 1; z >= 0 && n < max; z--) {
		if (config->zones[z].highmem)
			continue;
		cmasim_zone_range(config, (guint)z, &win[n].start, &win[n].end);
		n++;
	}
	if (n == 0) {
		win[0].start = 0;
		win[0].end = config->span_pages;
		n = 1;
	}
	return n;
}

static gboolean
cmasim_place_dynamic(CmasimSimRegion *region, const CmasimMmConfig *config, guint64 base_pfn,
                     guint64 align, const GArray *placed, const gboolean *done, GError **error)
{
	const CmasimRegionSpec *spec = region->spec;
	guint64 page = config->page_size_bytes;
	CmasimSeg win[CMASIM_SIM_MAX_SEGMENTS];
	CmasimPfn ram_start[CMASIM_SIM_MAX_SEGMENTS];
	guint64 ram_count[CMASIM_SIM_MAX_SEGMENTS];
	guint n_ram;
	guint n_win;
	g_autoptr(GString) where = g_string_new(NULL);
	g_autofree gchar *size_text = NULL;
	g_autofree gchar *align_text = NULL;

	n_win = cmasim_region_windows(spec, config, base_pfn, page, win, G_N_ELEMENTS(win), where,
	                              error);
	if (n_win == 0 && error != NULL && *error != NULL)
		return FALSE;
	n_ram = _cmasim_sim_ram_ranges(config, ram_start, ram_count, G_N_ELEMENTS(ram_start));

	for (guint w = 0; w < n_win; w++) {
		CmasimSeg segs[CMASIM_SIM_MAX_SEGMENTS];
		guint n = 0;

		/* window ∩ RAM, cut at zone boundaries when the region must sit in one zone */
		for (guint r = 0; r < n_ram; r++) {
			guint64 s = MAX(win[w].start, (guint64)ram_start[r]);
			guint64 e = MIN(win[w].end, (guint64)ram_start[r] + ram_count[r]);
			if (e > s && n < CMASIM_SIM_MAX_SEGMENTS)
				segs[n++] = (CmasimSeg){s, e};
		}
		if (spec->reusable) {
			guint64 zs = 0;
			for (guint z = 0; z + 1 < config->n_zones; z++) {
				CmasimSeg cut[CMASIM_SIM_MAX_SEGMENTS];
				guint m = 0;
				zs += config->zones[z].size_pages;
				for (guint i = 0; i < n; i++) {
					if (segs[i].start < zs && zs < segs[i].end &&
					    m + 2 <= CMASIM_SIM_MAX_SEGMENTS) {
						cut[m++] = (CmasimSeg){segs[i].start, zs};
						cut[m++] = (CmasimSeg){zs, segs[i].end};
					} else if (m < CMASIM_SIM_MAX_SEGMENTS) {
						cut[m++] = segs[i];
					}
				}
				memcpy(segs, cut, m * sizeof(CmasimSeg));
				n = m;
			}
		}
		for (guint i = 0; i < placed->len; i++) {
			const CmasimSimRegion *p = &g_array_index(placed, CmasimSimRegion, i);
			if (done[i])
				n = cmasim_segs_subtract(segs, n, p->pfn,
				                         (guint64)p->pfn + p->count);
		}
		/* top-down: segments stay in address order through the cuts, so the last
		 * one is the highest; take the highest aligned start that fits in it */
		for (gint i = (gint)n - 1; i >= 0; i--) {
			guint64 abs_top, abs_start;
			if (segs[i].end - segs[i].start < region->count)
				continue;
			abs_top = base_pfn + segs[i].end - region->count;
			abs_start = abs_top / align * align;
			if (abs_start < base_pfn + segs[i].start)
				continue;
			region->pfn = (CmasimPfn)(abs_start - base_pfn);
			region->zone = cmasim_zone_of(config, region->pfn);
			return TRUE;
		}
	}
	size_text = cmasim_format_mib(region->count, config->page_size_bytes);
	align_text = cmasim_format_mib(align, config->page_size_bytes);
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
	            "region '%s': no room for %s aligned to %s in %s%s", spec->name, size_text,
	            align_text, where->str,
	            placed->len > 1 ? " (after the regions placed before it)" : "");
	return FALSE;
}

static gboolean
cmasim_place_fixed(CmasimSimRegion *region, const CmasimMmConfig *config, guint64 base_pfn,
                   guint64 align, const GArray *placed, const gboolean *done, GError **error)
{
	const CmasimRegionSpec *spec = region->spec;
	guint64 page = config->page_size_bytes;
	guint64 abs_pfn;
	guint64 rel, end;
	const CmasimSimRegion *other;
	gint zone_first, zone_last;

	if (spec->base_bytes % page != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "region '%s': base 0x%" G_GINT64_MODIFIER "x is not page-aligned",
		            spec->name, spec->base_bytes);
		return FALSE;
	}
	abs_pfn = spec->base_bytes / page;
	/* cma_declare_contiguous_nid(): base = ALIGN(base, alignment) */
	abs_pfn = (abs_pfn + align - 1) / align * align;
	if (abs_pfn < base_pfn) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "region '%s': base 0x%" G_GINT64_MODIFIER "x is below the first "
		            "memory bank",
		            spec->name, spec->base_bytes);
		return FALSE;
	}
	rel = abs_pfn - base_pfn;
	end = rel + region->count;
	if (end > config->span_pages || !cmasim_range_is_ram(config, rel, end)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "region '%s': [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER
		            "x) is not all RAM",
		            spec->name, abs_pfn * page, (abs_pfn + region->count) * page);
		return FALSE;
	}
	other = cmasim_overlapping(placed, done, rel, end);
	if (other != NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "region '%s' overlaps region '%s'", spec->name, other->spec->name);
		return FALSE;
	}
	zone_first = cmasim_zone_of(config, rel);
	zone_last = cmasim_zone_of(config, end - 1);
	if (spec->reusable && zone_first != zone_last) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "region '%s': a reusable (CMA) region must lie in one zone, it spans "
		            "%s and %s",
		            spec->name, config->zones[zone_first].name,
		            config->zones[zone_last].name);
		return FALSE;
	}
	region->pfn = (CmasimPfn)rel;
	region->zone = zone_first;
	return TRUE;
}

GArray *
_cmasim_sim_place_regions(const CmasimScenario *scenario, const CmasimMmConfig *config,
                          guint64 base_pfn, GError **error)
{
	g_autoptr(GArray) placed = g_array_new(FALSE, TRUE, sizeof(CmasimSimRegion));
	g_autofree gboolean *done = NULL;
	guint64 page = config->page_size_bytes;
	guint64 pb_pages = G_GUINT64_CONSTANT(1) << config->pageblock_order;
	guint n = scenario->regions != NULL ? scenario->regions->len : 0;

	g_array_set_size(placed, n);
	done = g_new0(gboolean, MAX(n, 1));
	/* two passes: fixed regions first, then dynamic ones, each in file order */
	for (guint pass = 0; pass < 2; pass++) {
		for (guint i = 0; i < n; i++) {
			const CmasimRegionSpec *spec = g_ptr_array_index(scenario->regions, i);
			CmasimSimRegion *region = &g_array_index(placed, CmasimSimRegion, i);
			guint64 align = MAX(spec->alignment_bytes / page, 1);
			gboolean ok;

			if ((pass == 0) != (spec->has_base != FALSE))
				continue;
			region->spec = spec;
			if (spec->reusable) {
				align = MAX(align, pb_pages);
				align = MAX(align, G_GUINT64_CONSTANT(1)
				                       << MIN(spec->order_per_bit, 63));
			}
			region->count = (spec->size_bytes + page - 1) / page;
			if (spec->reusable)
				region->count = (region->count + align - 1) / align * align;
			if (region->count == 0 || region->count > config->span_pages) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				            "region '%s': size is larger than memory", spec->name);
				return NULL;
			}
			if (spec->has_base)
				ok = cmasim_place_fixed(region, config, base_pfn, align, placed,
				                        done, error);
			else
				ok = cmasim_place_dynamic(region, config, base_pfn, align, placed,
				                          done, error);
			if (!ok)
				return NULL;
			done[i] = TRUE;
			g_debug("region %s: pfn %u + %" G_GUINT64_FORMAT " pages (zone %d)",
			        spec->name, region->pfn, region->count, region->zone);
		}
	}
	return g_steal_pointer(&placed);
}
