/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The kernel's memory-state text formats, so that simulated snapshots can be
 * read by the same eyes and scripts as real ones. Mirrors the seq_file
 * output of mm/vmstat.c: frag_show_print() (/proc/buddyinfo),
 * pagetypeinfo_show(), pagetypeinfo_showfree_print() and
 * pagetypeinfo_showblockcount_print() (/proc/pagetypeinfo),
 * unusable_show_print() and extfrag_show_print() (the debugfs extfrag files). Field
 * widths, the trailing space before each newline and the ">100000" cap of
 * the per-migratetype free counts are reproduced; the index values come from
 * cmasim-frag.c.
 */
#define G_LOG_DOMAIN "CmasimReport"

#include "cmasim/cmasim-report.h"

/* pagetypeinfo stops counting a free list at this many entries */
#define CMASIM_KFORMAT_FREE_COUNT_CAP G_GUINT64_CONSTANT(100000)

static void
cmasim_kformat_zone_prefix(GString *out, guint node, const gchar *zone_name)
{
	g_string_append_printf(out, "Node %u, zone %8s ", node, zone_name);
}

void
cmasim_kformat_buddyinfo(GString *out, guint node, const gchar *zone_name,
			 const guint64 *nr_free, guint n_orders)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(zone_name != NULL);
	g_return_if_fail(nr_free != NULL || n_orders == 0);

	cmasim_kformat_zone_prefix(out, node, zone_name);
	for (guint order = 0; order < n_orders; order++)
		g_string_append_printf(out, "%6" G_GUINT64_FORMAT " ", nr_free[order]);
	g_string_append_c(out, '\n');
}

void
cmasim_kformat_pagetypeinfo_header(GString *out, guint pageblock_order, guint n_orders)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(pageblock_order < 64);

	g_string_append_printf(out, "Page block order: %u\n", pageblock_order);
	g_string_append_printf(out, "Pages per block:  %" G_GUINT64_FORMAT "\n",
			       G_GUINT64_CONSTANT(1) << pageblock_order);
	g_string_append_c(out, '\n');
	g_string_append_printf(out, "%-43s ", "Free pages count per migrate type at order");
	for (guint order = 0; order < n_orders; order++)
		g_string_append_printf(out, "%6u ", order);
	g_string_append_c(out, '\n');
}

void
cmasim_kformat_pagetypeinfo_free_row(GString *out, guint node, const gchar *zone_name,
				     const gchar *type_name, const guint64 *nr_free_of_type,
				     guint n_orders)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(zone_name != NULL);
	g_return_if_fail(type_name != NULL);
	g_return_if_fail(nr_free_of_type != NULL || n_orders == 0);

	g_string_append_printf(out, "Node %4u, zone %8s, type %12s ", node, zone_name, type_name);
	for (guint order = 0; order < n_orders; order++) {
		/* the kernel walks the list and stops at the cap, flagging the overflow */
		gboolean overflow = nr_free_of_type[order] >= CMASIM_KFORMAT_FREE_COUNT_CAP;
		guint64 shown = overflow ? CMASIM_KFORMAT_FREE_COUNT_CAP : nr_free_of_type[order];

		g_string_append_printf(out, "%s%6" G_GUINT64_FORMAT " ", overflow ? ">" : "",
				       shown);
	}
	g_string_append_c(out, '\n');
}

void
cmasim_kformat_pagetypeinfo_blocks_header(GString *out, const gchar *const *type_names,
					  guint n_types)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(type_names != NULL || n_types == 0);

	g_string_append_printf(out, "\n%-23s", "Number of blocks type ");
	for (guint i = 0; i < n_types; i++)
		g_string_append_printf(out, "%12s ", type_names[i]);
	g_string_append_c(out, '\n');
}

void
cmasim_kformat_pagetypeinfo_blocks_row(GString *out, guint node, const gchar *zone_name,
				       const guint64 *counts, guint n_types)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(zone_name != NULL);
	g_return_if_fail(counts != NULL || n_types == 0);

	cmasim_kformat_zone_prefix(out, node, zone_name);
	for (guint i = 0; i < n_types; i++)
		g_string_append_printf(out, "%12" G_GUINT64_FORMAT " ", counts[i]);
	g_string_append_c(out, '\n');
}

/* one index file line: "Node %d, zone %8s " then the index of each order */
static void
cmasim_kformat_index_line(GString *out, guint node, const gchar *zone_name,
			  const guint64 *nr_free, guint n_orders,
			  gint (*index_of)(const guint64 *, guint, guint), gboolean pad)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(zone_name != NULL);
	g_return_if_fail(nr_free != NULL || n_orders == 0);
	g_return_if_fail(n_orders <= CMASIM_FRAG_MAX_ORDERS);

	cmasim_kformat_zone_prefix(out, node, zone_name);
	for (guint order = 0; order < n_orders; order++) {
		gint index = index_of(nr_free, n_orders, order);

		/* C division truncates towards zero: -1000 prints as "-1.000" */
		g_string_append_printf(out, pad ? "%2d.%03d " : "%d.%03d ", index / 1000,
				       index % 1000);
	}
	g_string_append_c(out, '\n');
}

void
cmasim_kformat_unusable_index(GString *out, guint node, const gchar *zone_name,
			      const guint64 *nr_free, guint n_orders)
{
	/* mm/vmstat.c unusable_show_print(): "%d.%03d " */
	cmasim_kformat_index_line(out, node, zone_name, nr_free, n_orders,
				  cmasim_frag_unusable_index, FALSE);
}

void
cmasim_kformat_extfrag_index(GString *out, guint node, const gchar *zone_name,
			     const guint64 *nr_free, guint n_orders)
{
	/* mm/vmstat.c extfrag_show_print(): "%2d.%03d " */
	cmasim_kformat_index_line(out, node, zone_name, nr_free, n_orders,
				  cmasim_frag_extfrag_index, TRUE);
}
