/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Kernel text formats, byte for byte: /proc/buddyinfo and /proc/pagetypeinfo
 * captured from a real kernel (tests/data/kernel/) rebuilt from their
 * numbers, and the debugfs extfrag lines for the worked examples of
 * kernel-facts 4.1.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-report.h"

#define NR_PAGE_ORDERS 11

static gchar *
test_load_fixture(const gchar *name)
{
	g_autofree gchar *path = g_build_filename(CMASIM_TEST_DATADIR, "kernel", name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *contents = NULL;

	if (!g_file_get_contents(path, &contents, NULL, &error)) {
		g_printerr("# %s\n", error->message);
		fail();
	}
	return contents;
}

static void
test_kformat_buddyinfo(void **state)
{
	static const guint64 dma[NR_PAGE_ORDERS] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3};
	static const guint64 dma32[NR_PAGE_ORDERS] = {1, 1, 4, 2, 5, 4, 3, 3, 4, 2, 752};
	static const guint64 normal[NR_PAGE_ORDERS] = {4449, 4496, 2993, 1889, 959, 591,
						       379,  199,  107,	 55,   188};
	g_autofree gchar *expected = test_load_fixture("buddyinfo.txt");
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_kformat_buddyinfo(out, 0, "DMA", dma, NR_PAGE_ORDERS);
	cmasim_kformat_buddyinfo(out, 0, "DMA32", dma32, NR_PAGE_ORDERS);
	cmasim_kformat_buddyinfo(out, 0, "Normal", normal, NR_PAGE_ORDERS);
	assert_string_equal(out->str, expected);
}

static void
test_kformat_pagetypeinfo(void **state)
{
	static const gchar *const type_names[] = {"Unmovable", "Movable", "Reclaimable",
						  "HighAtomic", "Isolate"};
	static const guint64 free_counts[5][NR_PAGE_ORDERS] = {
	    {44, 650, 759, 387, 102, 24, 21, 11, 9, 0, 0},
	    {1475, 2557, 578, 1289, 912, 561, 341, 171, 106, 0, 147},
	    {551, 220, 103, 44, 13, 3, 1, 3, 0, 0, 0},
	    {0},
	    {0},
	};
	static const guint64 blocks_dma[5] = {1, 7, 0, 0, 0};
	static const guint64 blocks_dma32[5] = {0, 1528, 0, 0, 0};
	static const guint64 blocks_normal[5] = {73, 1599, 120, 0, 0};
	g_autofree gchar *expected = test_load_fixture("pagetypeinfo.txt");
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_kformat_pagetypeinfo_header(out, 9, NR_PAGE_ORDERS);
	for (guint i = 0; i < G_N_ELEMENTS(type_names); i++)
		cmasim_kformat_pagetypeinfo_free_row(out, 0, "Normal", type_names[i],
						     free_counts[i], NR_PAGE_ORDERS);
	cmasim_kformat_pagetypeinfo_blocks_header(out, type_names, G_N_ELEMENTS(type_names));
	cmasim_kformat_pagetypeinfo_blocks_row(out, 0, "DMA", blocks_dma, 5);
	cmasim_kformat_pagetypeinfo_blocks_row(out, 0, "DMA32", blocks_dma32, 5);
	cmasim_kformat_pagetypeinfo_blocks_row(out, 0, "Normal", blocks_normal, 5);
	assert_string_equal(out->str, expected);
}

static void
test_kformat_pagetypeinfo_cap(void **state)
{
	static const guint64 counts[4] = {99999, 100000, 123456789, 7};
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_kformat_pagetypeinfo_free_row(out, 1, "Movable", "CMA", counts, 4);
	assert_string_equal(out->str, "Node    1, zone  Movable, type          CMA  99999 >100000 "
				      ">100000      7 \n");
}

static void
test_kformat_pagetypeinfo_cma_header(void **state)
{
	static const gchar *const type_names[] = {"Unmovable", "Movable", "Reclaimable",
						  "HighAtomic", "CMA",	   "Isolate"};
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_kformat_pagetypeinfo_header(out, 10, 3);
	assert_string_equal(out->str, "Page block order: 10\n"
				      "Pages per block:  1024\n"
				      "\n"
				      "Free pages count per migrate type "
				      "at order       0      1      2 \n");
	g_string_truncate(out, 0);
	cmasim_kformat_pagetypeinfo_blocks_header(out, type_names, G_N_ELEMENTS(type_names));
	assert_string_equal(out->str, "\nNumber of blocks type     Unmovable "
				      "     Movable  Reclaimable "
				      "  HighAtomic          CMA      Isolate \n");
}

static void
test_kformat_unusable_index(void **state)
{
	static const guint64 host_normal[NR_PAGE_ORDERS] = {1269, 3989, 2698, 1710, 1041, 602,
							    236,  130,	182,  322,  408};
	static const guint64 none[NR_PAGE_ORDERS] = {0};
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_kformat_unusable_index(out, 0, "Normal", host_normal, NR_PAGE_ORDERS);
	assert_string_equal(out->str, "Node 0, zone   Normal 0.000 0.001 0.012 0.027 0.046 0.068 "
				      "0.095 0.115 0.138 0.202 0.428 \n");
	g_string_truncate(out, 0);
	cmasim_kformat_unusable_index(out, 0, "DMA", none, 3);
	assert_string_equal(out->str, "Node 0, zone      DMA 1.000 1.000 1.000 \n");
}

static void
test_kformat_extfrag_index(void **state)
{
	static const guint64 host_normal[NR_PAGE_ORDERS] = {1269, 3989, 2698, 1710, 1041, 602,
							    236,  130,	182,  322,  408};
	static const guint64 synthetic[NR_PAGE_ORDERS] = {2000, 500, 100, 10};
	static const guint64 none[2] = {0};
	static const guint64 one_page[3] = {1, 0, 0};
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_kformat_extfrag_index(out, 0, "Normal", host_normal, NR_PAGE_ORDERS);
	assert_string_equal(out->str, "Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000 -1.000 "
				      "-1.000 -1.000 -1.000 -1.000 -1.000 -1.000 \n");
	g_string_truncate(out, 0);
	cmasim_kformat_extfrag_index(out, 0, "Normal", synthetic, NR_PAGE_ORDERS);
	assert_string_equal(out->str, "Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000  0.917 "
				      " 0.958  0.979  0.990  0.995  0.998  0.999 \n");
	g_string_truncate(out, 0);
	cmasim_kformat_extfrag_index(out, 0, "DMA", none, 2);
	assert_string_equal(out->str, "Node 0, zone      DMA  0.000  0.000 \n");
	/* the kernel's "%2d.%03d" of a small negative index, reproduced as is */
	g_string_truncate(out, 0);
	cmasim_kformat_extfrag_index(out, 0, "DMA", one_page, 3);
	assert_string_equal(out->str, "Node 0, zone      DMA -1.000  0.-500  0.-250 \n");
}

static void
test_kformat_long_zone_name(void **state)
{
	static const guint64 counts[2] = {1, 2};
	g_autoptr(GString) out = g_string_new("x");

	/* %8s never truncates; output is appended */
	cmasim_kformat_buddyinfo(out, 12, "reserved-cma", counts, 2);
	assert_string_equal(out->str, "xNode 12, zone reserved-cma      1      2 \n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kformat_buddyinfo),
	    cmocka_unit_test(test_kformat_pagetypeinfo),
	    cmocka_unit_test(test_kformat_pagetypeinfo_cap),
	    cmocka_unit_test(test_kformat_pagetypeinfo_cma_header),
	    cmocka_unit_test(test_kformat_unusable_index),
	    cmocka_unit_test(test_kformat_extfrag_index),
	    cmocka_unit_test(test_kformat_long_zone_name),
	};

	return cmocka_run_group_tests_name("kformat", tests, NULL, NULL);
}
