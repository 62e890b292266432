/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * ftrace text lines: context columns, timestamp rounding, and the exact
 * TP_printk output of every supported event, into a GString and through an
 * atomic output file.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <glib/gstdio.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-report.h"

static const CmasimFtraceTask camera = {.comm = "camera-isp", .pid = 1234, .cpu = 1};

static void
test_ftrace_cma_events(void **state)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(CmasimFtrace) ftrace = cmasim_ftrace_new_for_string(out);

	cmasim_ftrace_cma_alloc_start(ftrace, &camera, G_GUINT64_CONSTANT(526537605000),
				      "reserved", 2048, 60000, 65536, 8);
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] .....   526.537605: cma_alloc_start: "
			    "name=reserved request_count=2048 available_count=60000 "
			    "total_count=65536 align=8\n");

	g_string_truncate(out, 0);
	cmasim_ftrace_cma_alloc_busy_retry(ftrace, &camera, G_GUINT64_CONSTANT(526537700000),
					   "reserved", 0x88000, 2048, 8);
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] ..... "
			    "  526.537700: cma_alloc_busy_retry: "
			    "name=reserved pfn=0x88000 page=ffffea0002200000 count=2048 align=8\n");

	g_string_truncate(out, 0);
	cmasim_ftrace_cma_alloc_finish(ftrace, &camera, G_GUINT64_CONSTANT(526538000000),
				       "reserved", 0x88800, 2048, 8, 0);
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] .....   526.538000: cma_alloc_finish: "
			    "name=reserved pfn=0x88800 page=ffffea0002220000 count=2048 align=8 "
			    "errorno=0\n");

	/* a failure: last pfn tried, NULL page */
	g_string_truncate(out, 0);
	cmasim_ftrace_cma_alloc_finish(ftrace, &camera, 1000000000, "reserved", 0x88800, 2048, 8,
				       -16);
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] .....     1.000000: cma_alloc_finish: "
			    "name=reserved pfn=0x88800 page=0000000000000000 count=2048 align=8 "
			    "errorno=-16\n");

	/* a failure before any pfn was tried prints the kernel's -1UL */
	g_string_truncate(out, 0);
	cmasim_ftrace_cma_alloc_finish(ftrace, &camera, 0, "reserved", CMASIM_PFN_NONE, 1, 0, -12);
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] .....     0.000000: cma_alloc_finish: "
			    "name=reserved pfn=0xffffffffffffffff page=0000000000000000 count=1 "
			    "align=0 errorno=-12\n");

	g_string_truncate(out, 0);
	cmasim_ftrace_cma_release(ftrace, &camera, G_GUINT64_CONSTANT(12345678901234), "reserved",
				  0x88800, 2048);
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] ..... 12345.678901: cma_release: "
			    "name=reserved pfn=0x88800 page=ffffea0002220000 count=2048\n");
}

static void
test_ftrace_mm_events(void **state)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(CmasimFtrace) ftrace = cmasim_ftrace_new_for_string(out);
	const CmasimFtraceTask kworker = {.comm = "kworker/u4:2", .pid = 87, .cpu = 0};

	cmasim_ftrace_mm_page_alloc_extfrag(ftrace, &kworker, G_GUINT64_CONSTANT(1110217281000),
					    26235008, 3, 3, 9, CMASIM_MIGRATETYPE_UNMOVABLE,
					    CMASIM_MIGRATETYPE_RECLAIMABLE, TRUE);
	assert_string_equal(out->str,
			    "    kworker/u4:2-87      [000] .....  "
			    "1110.217281: mm_page_alloc_extfrag: "
			    "page=ffffea0064142000 pfn=0x1905080 alloc_order=3 fallback_order=3 "
			    "pageblock_order=9 alloc_migratetype=0 fallback_migratetype=2 "
			    "fragmenting=1 change_ownership=1\n");

	/* a whole pageblock taken is not fragmenting */
	g_string_truncate(out, 0);
	cmasim_ftrace_mm_page_alloc_extfrag(ftrace, &kworker, 5, 512, 0, 10, 9,
					    CMASIM_MIGRATETYPE_MOVABLE, CMASIM_MIGRATETYPE_CMA,
					    FALSE);
	assert_string_equal(out->str,
			    "    kworker/u4:2-87      [000] .....  "
			    "   0.000000: mm_page_alloc_extfrag: "
			    "page=ffffea0000008000 pfn=0x200 alloc_order=0 fallback_order=10 "
			    "pageblock_order=9 alloc_migratetype=1 fallback_migratetype=4 "
			    "fragmenting=0 change_ownership=0\n");

	g_string_truncate(out, 0);
	cmasim_ftrace_mm_migrate_pages(ftrace, &camera, 2000000, 510, 2, 0, 0, 0, 0, "MIGRATE_SYNC",
				       "contig_range");
	assert_string_equal(out->str,
			    "      camera-isp-1234    [001] .....     0.002000: mm_migrate_pages: "
			    "nr_succeeded=510 nr_failed=2 nr_thp_succeeded=0 nr_thp_failed=0 "
			    "nr_thp_split=0 nr_split=0 mode=MIGRATE_SYNC reason=contig_range\n");

	g_string_truncate(out, 0);
	cmasim_ftrace_mm_page_alloc(ftrace, &kworker, 3000, 0x1234, 2, CMASIM_MIGRATETYPE_MOVABLE,
				    "GFP_HIGHUSER_MOVABLE");
	cmasim_ftrace_mm_page_alloc(ftrace, &kworker, 3000, CMASIM_PFN_NONE, 4,
				    CMASIM_MIGRATETYPE_UNMOVABLE, "GFP_KERNEL");
	cmasim_ftrace_mm_page_free(ftrace, &kworker, 3000, 0x1234, 2);
	assert_string_equal(out->str,
			    "    kworker/u4:2-87      [000] .....     0.000003: mm_page_alloc: "
			    "page=ffffea0000048d00 pfn=0x1234 order=2 migratetype=1 "
			    "gfp_flags=GFP_HIGHUSER_MOVABLE\n"
			    "    kworker/u4:2-87      [000] .....     0.000003: mm_page_alloc: "
			    "page=0000000000000000 pfn=0x0 order=4 "
			    "migratetype=0 gfp_flags=GFP_KERNEL\n"
			    "    kworker/u4:2-87      [000] .....     0.000003: mm_page_free: "
			    "page=ffffea0000048d00 pfn=0x1234 order=2\n");
}

static void
test_ftrace_context(void **state)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(CmasimFtrace) ftrace = cmasim_ftrace_new_for_string(out);
	const CmasimFtraceTask long_comm = {.comm = "a-very-long-task-name", .pid = 4194304,
					    .cpu = 123};
	const CmasimFtraceTask no_comm = {.comm = NULL, .pid = 0, .cpu = 7};

	/* comm is cut to 15 characters; ns round to the nearest us (499 down, 500 up) */
	cmasim_ftrace_cma_release(ftrace, &long_comm, 1499, "a", 1, 1);
	cmasim_ftrace_cma_release(ftrace, &no_comm, 1500, "a", 1, 1);
	cmasim_ftrace_cma_release(ftrace, &no_comm, G_GUINT64_CONSTANT(999999999500), "a", 1, 1);
	assert_string_equal(out->str,
			    " a-very-long-tas-4194304 [123] .....     0.000001: cma_release: "
			    "name=a pfn=0x1 page=ffffea0000000040 count=1\n"
			    "           <...>-0       [007] .....     0.000002: cma_release: "
			    "name=a pfn=0x1 page=ffffea0000000040 count=1\n"
			    "           <...>-0       [007] .....  1000.000000: cma_release: "
			    "name=a pfn=0x1 page=ffffea0000000040 count=1\n");
}

static void
test_ftrace_header(void **state)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(CmasimFtrace) ftrace = cmasim_ftrace_new_for_string(out);
	g_auto(GStrv) lines = NULL;

	cmasim_ftrace_header(ftrace);
	lines = g_strsplit(out->str, "\n", -1);
	assert_string_equal(lines[0], "# tracer: nop");
	assert_string_equal(lines[1], "#");
	assert_string_equal(lines[8], "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION");
	assert_string_equal(lines[9], "#              | |         |   |||||     |         |");
	assert_string_equal(lines[10], "");
	assert_null(lines[11]);
	for (guint i = 0; i < 10; i++)
		assert_true(lines[i][0] == '#');
}

static void
test_ftrace_to_file(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("cmasim-ftrace-XXXXXX", &error);
	g_autofree gchar *path = NULL;
	g_autofree gchar *contents = NULL;
	g_autoptr(GString) expected = g_string_new(NULL);

	assert_non_null(dir);
	path = g_build_filename(dir, "trace.txt", NULL);
	{
		g_autoptr(CmasimOutputFile) file = cmasim_output_file_new(path, &error);
		g_autoptr(CmasimFtrace) ftrace = NULL;
		g_autoptr(CmasimFtrace) reference = cmasim_ftrace_new_for_string(expected);

		assert_non_null(file);
		ftrace = cmasim_ftrace_new_for_file(file);
		cmasim_ftrace_header(ftrace);
		cmasim_ftrace_header(reference);
		for (guint i = 0; i < 1000; i++) {
			cmasim_ftrace_cma_alloc_start(ftrace, &camera, i * 1000u, "cma", i, 10, 20,
						      0);
			cmasim_ftrace_cma_alloc_start(reference, &camera, i * 1000u, "cma", i, 10,
						      20, 0);
		}
		assert_true(cmasim_output_file_commit(file, &error));
		assert_null(error);
	}
	assert_true(g_file_get_contents(path, &contents, NULL, &error));
	assert_string_equal(contents, expected->str);
	assert_int_equal(g_unlink(path), 0);
	assert_int_equal(g_rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ftrace_cma_events),
	    cmocka_unit_test(test_ftrace_mm_events),
	    cmocka_unit_test(test_ftrace_context),
	    cmocka_unit_test(test_ftrace_header),
	    cmocka_unit_test(test_ftrace_to_file),
	};

	return cmocka_run_group_tests_name("ftrace", tests, NULL, NULL);
}
