/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Fragmentation indices against the worked examples of kernel-facts 4.1
 * (a real host's Normal zone and a synthetic fragmented zone) and against
 * cases computed by hand from the mm/vmstat.c formulas.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-metrics.h"

#define NR_PAGE_ORDERS 11

static const guint64 host_normal[NR_PAGE_ORDERS] = {
    1269, 3989, 2698, 1710, 1041, 602, 236, 130, 182, 322, 408,
};

static const guint64 synthetic[NR_PAGE_ORDERS] = {2000, 500, 100, 10, 0, 0, 0, 0, 0, 0, 0};

static void
test_frag_contig_info(void **state)
{
	guint64 free_pages = 0;
	guint64 total = 0;
	guint64 suitable = 0;

	cmasim_frag_contig_info(synthetic, NR_PAGE_ORDERS, 0, &free_pages, &total, &suitable);
	assert_int_equal(free_pages, 3480);
	assert_int_equal(total, 2610);
	/* every free page is an order-0 block */
	assert_int_equal(suitable, 3480);
	cmasim_frag_contig_info(synthetic, NR_PAGE_ORDERS, 2, &free_pages, &total, &suitable);
	/* 100 order-2 blocks + 10 order-3 blocks giving 2 each */
	assert_int_equal(suitable, 120);
	cmasim_frag_contig_info(synthetic, NR_PAGE_ORDERS, 4, &free_pages, &total, &suitable);
	assert_int_equal(free_pages, 3480);
	assert_int_equal(total, 2610);
	assert_int_equal(suitable, 0);
	/* NULL outputs are allowed */
	cmasim_frag_contig_info(synthetic, NR_PAGE_ORDERS, 4, NULL, NULL, &suitable);
	assert_int_equal(suitable, 0);
}

static void
test_frag_host_unusable(void **state)
{
	/* kernel-facts 4.1: 0.000 0.001 0.012 0.027 0.046 0.068 0.095 0.115 0.138 0.202 0.428 */
	static const gint expected[NR_PAGE_ORDERS] = {0, 1, 12, 27, 46, 68, 95, 115, 138, 202, 428};

	for (guint order = 0; order < NR_PAGE_ORDERS; order++) {
		assert_int_equal(cmasim_frag_unusable_index(host_normal, NR_PAGE_ORDERS, order),
				 expected[order]);
		/* every order is still satisfiable */
		assert_int_equal(cmasim_frag_extfrag_index(host_normal, NR_PAGE_ORDERS, order),
				 -1000);
	}
}

static void
test_frag_synthetic(void **state)
{
	/*
	 * order 4: free_pages 3480, 2610 blocks, none suitable:
	 * 1000 - (1000 + 3480 * 1000 / 16) / 2610 = 1000 - 218500 / 2610 = 1000 - 83 = 917
	 */
	assert_int_equal(cmasim_frag_extfrag_index(synthetic, NR_PAGE_ORDERS, 4), 917);
	assert_int_equal(cmasim_frag_unusable_index(synthetic, NR_PAGE_ORDERS, 4), 1000);
	/* order 3 is still satisfiable by the ten order-3 blocks */
	assert_int_equal(cmasim_frag_extfrag_index(synthetic, NR_PAGE_ORDERS, 3), -1000);
	/* U(3) = (3480 - 10 * 8) * 1000 / 3480 = 3400000 / 3480 = 977 */
	assert_int_equal(cmasim_frag_unusable_index(synthetic, NR_PAGE_ORDERS, 3), 977);
	/* U(1) = (3480 - (500 + 200 + 40) * 2) * 1000 / 3480 = 2000000 / 3480 = 574 */
	assert_int_equal(cmasim_frag_unusable_index(synthetic, NR_PAGE_ORDERS, 1), 574);
	/* order 5: 1000 - (1000 + 108750) / 2610 = 1000 - 42 = 958 */
	assert_int_equal(cmasim_frag_extfrag_index(synthetic, NR_PAGE_ORDERS, 5), 958);
	/* order 10: 1000 - (1000 + 3398) / 2610 = 1000 - 1 = 999 */
	assert_int_equal(cmasim_frag_extfrag_index(synthetic, NR_PAGE_ORDERS, 10), 999);
	/* extfrag_for_order(1) = 2000 * 100 / 3480 = 57 */
	assert_int_equal(cmasim_frag_extfrag_for_order(synthetic, NR_PAGE_ORDERS, 1), 57);
	assert_int_equal(cmasim_frag_extfrag_for_order(synthetic, NR_PAGE_ORDERS, 4), 100);
	assert_int_equal(cmasim_frag_extfrag_for_order(synthetic, NR_PAGE_ORDERS, 0), 0);
}

static void
test_frag_no_free_memory(void **state)
{
	static const guint64 none[NR_PAGE_ORDERS] = {0};

	for (guint order = 0; order < NR_PAGE_ORDERS; order++) {
		assert_int_equal(cmasim_frag_unusable_index(none, NR_PAGE_ORDERS, order), 1000);
		assert_int_equal(cmasim_frag_extfrag_index(none, NR_PAGE_ORDERS, order), 0);
		assert_int_equal(cmasim_frag_extfrag_for_order(none, NR_PAGE_ORDERS, order), 0);
	}
	/* no free lists at all */
	assert_int_equal(cmasim_frag_unusable_index(NULL, 0, 0), 1000);
}

static void
test_frag_hand_computed(void **state)
{
	static const guint64 only_order0[3] = {100, 0, 0};
	static const guint64 pairs[2] = {10, 10};
	static const guint64 one_page[3] = {1, 0, 0};
	static const guint64 one_big[5] = {0, 0, 0, 0, 1};

	/* order 1: 1000 - (1000 + 100 * 1000 / 2) / 100 = 1000 - 510 = 490 */
	assert_int_equal(cmasim_frag_extfrag_index(only_order0, 3, 1), 490);
	/* order 2: 1000 - (1000 + 25000) / 100 = 1000 - 260 = 740 */
	assert_int_equal(cmasim_frag_extfrag_index(only_order0, 3, 2), 740);
	assert_int_equal(cmasim_frag_unusable_index(only_order0, 3, 1), 1000);
	assert_int_equal(cmasim_frag_unusable_index(only_order0, 3, 0), 0);

	/* 30 free pages, 10 order-1 blocks: U(1) = (30 - 20) * 1000 / 30 = 333 */
	assert_int_equal(cmasim_frag_unusable_index(pairs, 2, 1), 333);
	assert_int_equal(cmasim_frag_extfrag_for_order(pairs, 2, 1), 33);
	/* beyond the free lists the kernel warns and returns 0 */
	assert_int_equal(cmasim_frag_extfrag_index(pairs, 2, 2), 0);
	/* and the unusable index sees no suitable block */
	assert_int_equal(cmasim_frag_unusable_index(pairs, 2, 2), 1000);

	/*
	 * few blocks: the integer formula leaves [0, 1000]:
	 * 1000 - (1000 + 1 * 1000 / 4) / 1 = -250 (lack of memory, not fragmentation)
	 */
	assert_int_equal(cmasim_frag_extfrag_index(one_page, 3, 2), -250);

	/* one order-4 block serves every order */
	for (guint order = 0; order < 5; order++) {
		assert_int_equal(cmasim_frag_unusable_index(one_big, 5, order), 0);
		assert_int_equal(cmasim_frag_extfrag_index(one_big, 5, order), -1000);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frag_contig_info),
	    cmocka_unit_test(test_frag_host_unusable),
	    cmocka_unit_test(test_frag_synthetic),
	    cmocka_unit_test(test_frag_no_free_memory),
	    cmocka_unit_test(test_frag_hand_computed),
	};

	return cmocka_run_group_tests_name("frag", tests, NULL, NULL);
}
