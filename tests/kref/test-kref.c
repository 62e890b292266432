/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Kernel reference captures (src/kref/): the ops.log parser on the
 * hand-made synthetic capture and on broken lines (exact FILE:LINE:COLUMN),
 * the debugfs chunk walk (whole chunks, the head of a larger chunk, nothing
 * with order_per_bit > 0), the importer's golden output, an imported
 * workload run through the library, and `agree` on hand-made requests.tsv
 * files that agree and disagree.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <glib/gstdio.h>
#include <string.h>

/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-kref.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-sim.h"

#define SYNTHETIC_DIR CMASIM_TEST_DATADIR "/kernel/synthetic-idle"

/* the lines of a small good capture before its ops, one per array entry */
static const gchar *const head_lines[] = {
    "# cmasim-kref 1",
    "arch arm64",
    "kernel 6.1.192",
    "cmdline console=ttyAMA0 root=/dev/vda",
    "scenario idle",
    "page_size 4096",
    "pageblock_order 9",
    "ram_bytes 268435456",
    "zone name=DMA start_pfn=262144 spanned=65536 present=65536 managed=60000",
    "area name=reserved base_pfn=0x48000 count=8192 order_per_bit=0",
    "boot used=64 maxchunk=8128 nr_free_pages=50000 nr_free_cma=8128 nr_file_pages=900 "
    "nr_anon_pages=50",
    "background kind=none bytes=0",
    "ready used=64 maxchunk=8128 nr_free_pages=49990 nr_free_cma=8128 nr_file_pages=900 "
    "nr_anon_pages=50",
    NULL,
};

static const gchar *const end_line =
    "end used=64 maxchunk=8128 nr_free_pages=49990 nr_free_cma=8128 nr_file_pages=900 "
    "nr_anon_pages=50";

static gchar *
op_line(guint seq, const gchar *cmd, guint64 count, gint rc, const gchar *pfn,
        const gchar *released)
{
	return g_strdup_printf("op seq=%u cmd=%s count=%" G_GUINT64_FORMAT " rc=%d pfn=%s "
	                       "released=%s used=0 maxchunk=0 pgmigrate_success=0 "
	                       "pgmigrate_fail=0 file_dropped=0 retries=0",
	                       seq, cmd, count, rc, pfn, released);
}

/* head_lines with line @replace_line (1-based, 0 = none) replaced by @replacement, then @ops
 * and the end line */
static gchar *
capture_text(guint replace_line, const gchar *replacement, const gchar *const *ops)
{
	GString *text = g_string_new(NULL);
	guint n = 0;

	for (guint i = 0; head_lines[i] != NULL; i++) {
		n++;
		g_string_append_printf(text, "%s\n",
		                       n == replace_line ? replacement : head_lines[i]);
	}
	for (guint i = 0; ops != NULL && ops[i] != NULL; i++) {
		n++;
		g_string_append_printf(text, "%s\n", n == replace_line ? replacement : ops[i]);
	}
	n++;
	g_string_append_printf(text, "%s\n", n == replace_line ? replacement : end_line);
	return g_string_free(text, FALSE);
}

static CmasimKrefCapture *
parse_ok(const gchar *text)
{
	g_autoptr(GError) error = NULL;
	CmasimKrefCapture *capture = cmasim_kref_capture_parse("t.log", text, strlen(text), &error);
	if (capture == NULL)
		fail_msg("%s", error->message);
	return capture;
}

static void
assert_parse_error(const gchar *text, const gchar *expected)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimKrefCapture) capture =
	    cmasim_kref_capture_parse("t.log", text, strlen(text), &error);

	if (capture != NULL)
		fail_msg("parsed, expected: %s", expected);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_PARSE));
	if (!g_str_has_prefix(error->message, expected))
		fail_msg("got '%s', expected '%s...'", error->message, expected);
}

/* ---- the parser ---- */

static void
test_parse_synthetic(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimKrefCapture) c = cmasim_kref_capture_load(SYNTHETIC_DIR, &error);
	const CmasimKrefOp *op;
	const CmasimKrefZone *zone;
	const CmasimKrefRange *range;

	if (c == NULL)
		fail_msg("%s", error->message);
	assert_true(g_str_has_suffix(c->path, "synthetic-idle/ops.log"));
	assert_string_equal(c->arch, "x86-64");
	assert_string_equal(c->kernel, "6.1.0-synthetic");
	assert_string_equal(c->cmdline, "console=ttyS0 cma=16M");
	assert_string_equal(c->scenario, "idle");
	assert_int_equal(c->page_size, 4096);
	assert_int_equal(c->pageblock_order, 9);
	assert_int_equal(c->ram_bytes, 128 * 1024 * 1024);
	assert_int_equal(c->zones->len, 2);
	zone = &g_array_index(c->zones, CmasimKrefZone, 0);
	assert_string_equal(zone->name, "DMA");
	assert_int_equal(zone->start_pfn, 1);
	assert_int_equal(zone->spanned, 4095);
	assert_int_equal(zone->present, 3998);
	assert_int_equal(zone->managed, 3840);
	zone = &g_array_index(c->zones, CmasimKrefZone, 1);
	assert_string_equal(zone->name, "DMA32");
	assert_int_equal(zone->managed, 24000);
	assert_string_equal(c->area_name, "reserved");
	assert_int_equal(c->area_base_pfn, 0x6000);
	assert_int_equal(c->area_count, 4096);
	assert_int_equal(c->area_order_per_bit, 0);
	assert_int_equal(c->boot.nr_free_pages, 20000);
	assert_int_equal(c->boot.nr_anon_pages, 100);
	assert_int_equal(c->background_kind, CMASIM_KREF_BACKGROUND_NONE);
	assert_int_equal(c->ready.nr_free_pages, 19990);
	assert_int_equal(c->end.nr_free_pages, 19985);
	assert_int_equal(c->ops->len, 6);
	op = &g_array_index(c->ops, CmasimKrefOp, 0);
	assert_int_equal(op->seq, 1);
	assert_int_equal(op->cmd, CMASIM_KREF_OP_ALLOC);
	assert_int_equal(op->count, 1024);
	assert_int_equal(op->rc, 0);
	assert_int_equal(op->pfn, 0x6000);
	assert_int_equal(op->released->len, 0);
	assert_int_equal(op->used, 1024);
	assert_int_equal(op->maxchunk, 3072);
	assert_int_equal(op->line, 16);
	op = &g_array_index(c->ops, CmasimKrefOp, 2);
	assert_int_equal(op->rc, -12);
	assert_true(op->pfn == CMASIM_KREF_PFN_NONE);
	op = &g_array_index(c->ops, CmasimKrefOp, 3);
	assert_int_equal(op->cmd, CMASIM_KREF_OP_FREE);
	assert_int_equal(op->count, 600);
	assert_int_equal(op->released->len, 2);
	range = &g_array_index(op->released, CmasimKrefRange, 0);
	assert_int_equal(range->pfn, 0x6400);
	assert_int_equal(range->count, 512);
	range = &g_array_index(op->released, CmasimKrefRange, 1);
	assert_int_equal(range->pfn, 0x6000);
	assert_int_equal(range->count, 88);
}

static void
test_parse_small(void **state)
{
	g_autofree gchar *op1 = op_line(1, "alloc", 1024, 0, "0x48000", "none");
	g_autofree gchar *op2 = op_line(2, "free", 1024, 0, "none", "0x48000+1024");
	const gchar *const ops[] = {op1, op2, NULL};
	g_autofree gchar *text = capture_text(0, NULL, ops);
	g_autoptr(CmasimKrefCapture) c = parse_ok(text);
	g_autofree gchar *crlf = NULL;
	g_autofree gchar *comments = NULL;
	g_autoptr(CmasimKrefCapture) c2 = NULL;
	g_autoptr(CmasimKrefCapture) c3 = NULL;

	assert_int_equal(c->ops->len, 2);
	assert_int_equal(c->boot.used, 64);
	assert_int_equal(c->area_base_pfn, 0x48000);
	assert_string_equal(c->cmdline, "console=ttyAMA0 root=/dev/vda");
	/* CRLF line ends, comments, blank lines and no final newline are fine */
	{
		g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
		crlf = g_strjoinv("\r\n", lines);
	}
	c2 = parse_ok(crlf);
	assert_int_equal(c2->ops->len, 2);
	assert_string_equal(c2->cmdline, "console=ttyAMA0 root=/dev/vda");
	{
		GString *s = g_string_new(text);
		g_string_replace(s, "scenario idle\n", "scenario idle\n\n# a comment\n#\n", 1);
		g_string_truncate(s, s->len - 1);
		comments = g_string_free(s, FALSE);
	}
	c3 = parse_ok(comments);
	assert_int_equal(c3->ops->len, 2);
	assert_int_equal(c3->end.used, 64);
	/* no ops at all */
	{
		g_autofree gchar *none = capture_text(0, NULL, NULL);
		g_autoptr(CmasimKrefCapture) c4 = parse_ok(none);
		assert_int_equal(c4->ops->len, 0);
	}
}

typedef struct {
	guint line;               /* the line to replace (1-based) */
	const gchar *replacement; /* NULL: keep (for ops-level cases) */
	const gchar *expected;    /* the message's beginning */
} BadCase;

static void
test_parse_bad_lines(void **state)
{
	g_autofree gchar *op1 = op_line(1, "alloc", 1024, 0, "0x48000", "none");
	g_autofree gchar *op2 = op_line(2, "free", 1024, 0, "none", "0x48000+1024");
	const gchar *const ops[] = {op1, op2, NULL};
	/* line 14 is op 1, line 15 op 2, line 16 end */
	const BadCase cases[] = {
	    {1, "# cmasim-kref 2", "t.log:1:15: unsupported capture version"},
	    {1, "arch arm64", "t.log:1:1: not a kernel capture"},
	    {2, "frobnicate 1", "t.log:2:1: unknown line kind 'frobnicate'"},
	    {2, "arch riscv", "t.log:2:6: arch: 'riscv' (expected arm32, arm64 or x86-64)"},
	    {2, "arch", "t.log:2:5: arch: missing value"},
	    {2, "arch arm64 x", "t.log:2:11: arch: unexpected text after the value"},
	    {3, "arch arm64", "t.log:3:1: a second 'arch' line"},
	    {4, "kernel 6.1", "t.log:4:1: a second 'kernel' line"},
	    {5, "arch arm64", "t.log:5:1: 'arch' line after the 'cmdline' line (out of order)"},
	    {5, "page_size 4096", "t.log:5:1: missing 'scenario' line before this 'page_size'"},
	    {6, "page_size 4k", "t.log:6:11: page_size: '4k' is not a number"},
	    {6, "page_size 3000", "t.log:6:11: page_size: 3000 (expected a power of two"},
	    {7, "pageblock_order 11", "t.log:7:17: pageblock_order: 11 is above the max_order 10"},
	    {8, "ram_bytes 1000", "t.log:8:11: ram_bytes: 1000 is not a whole number of pages"},
	    {9, "zone name=DMA start_pfn=262144 spanned=65536 present=65536",
	     "t.log:9:59: missing field 'managed'"},
	    {9, "zone name=DMA start_pfn=262144 spanned=65536 present=65536 managed=6x",
	     "t.log:9:68: managed: '6x' is not a number"},
	    {9, "zone name=DMA start_pfn=262144 spanned=65536 present=65536 managed=70000",
	     "t.log:9:68: managed: more than present (65536)"},
	    {9, "zone name=Low start_pfn=262144 spanned=65536 present=65536 managed=1",
	     "t.log:9:11: name: unknown zone 'Low'"},
	    {9, "zone name=DMA start_pfn=262144 spanned=65536 present=65536 managed=1 node=0",
	     "t.log:9:70: unknown field 'node' (expected name, start_pfn, spanned, present, "
	     "managed)"},
	    {9, "zone name=DMA start_pfn=262144  spanned=65536 present=65536 managed=1",
	     "t.log:9:32: empty field (fields are separated by one space)"},
	    {9, "zone name=DMA name=DMA start_pfn=262144 spanned=65536 present=65536 managed=1",
	     "t.log:9:15: field 'name' given twice"},
	    {9, "zone name=DMA start_pfn spanned=65536 present=65536 managed=1",
	     "t.log:9:15: 'start_pfn' is not a field (expected KEY=VALUE)"},
	    {9, "zone name=DMA start_pfn= spanned=65536 present=65536 managed=1",
	     "t.log:9:25: start_pfn: empty value"},
	    {9, "zone name=DMA start_pfn=262144 spanned=65536 present=65536 managed=1 ",
	     "t.log:9:70: trailing space"},
	    {10, "area name=reserved base_pfn=0x10000 count=8192 order_per_bit=0",
	     "t.log:10:1: area: pfns 0x10000+8192 are not inside one zone"},
	    {10, "area name=reserved base_pfn=0x48000 count=8191 order_per_bit=1",
	     "t.log:10:43: count: not a whole number of 2^order_per_bit pages"},
	    {11, "boot used=64 maxchunk=8128 nr_free_pages=50000",
	     "t.log:11:47: missing field 'nr_free_cma'"},
	    {12, "background kind=swap bytes=0", "t.log:12:17: kind: 'swap' is not a background"},
	    {12, "background kind=anon bytes=0",
	     "t.log:12:28: bytes: a background of kind anon needs bytes"},
	    {13, "op seq=1 cmd=alloc", "t.log:13:1: missing 'ready' line before this 'op' line"},
	    {14,
	     "op seq=2 cmd=alloc count=1 rc=0 pfn=0x48000 released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:14:8: seq: 2 out of order (expected 1)"},
	    {15,
	     "op seq=1 cmd=free count=1024 rc=0 pfn=none released=0x48000+1024 used=0 "
	     "maxchunk=0 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:15:8: seq: 1 out of order (expected 2)"},
	    {14,
	     "op seq=1 cmd=map count=1 rc=0 pfn=0x48000 released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:14:14: cmd: 'map' (expected alloc or free)"},
	    {14,
	     "op seq=1 cmd=alloc count=1 rc=12 pfn=none released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:14:31: rc: '12' is not 0 or a negative errno"},
	    {14,
	     "op seq=1 cmd=alloc count=1 rc=0 pfn=none released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:14:37: pfn: a successful alloc needs the chunk's pfn"},
	    {14,
	     "op seq=1 cmd=alloc count=1 rc=0 pfn=0xg released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:14:37: pfn: '0xg' is not a pfn"},
	    {14,
	     "op seq=1 cmd=alloc count=0 rc=0 pfn=0x48000 released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:14:26: count: 0 (expected 1 to 2^32 - 1 pages)"},
	    {15,
	     "op seq=2 cmd=free count=1024 rc=0 pfn=none released=0x48000+1024,0x49000 "
	     "used=0 maxchunk=0 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	     "t.log:15:66: released: '0x49000' is not a range"},
	    {15,
	     "op seq=2 cmd=free count=1024 rc=0 pfn=none released=none used=0 maxchunk=0 "
	     "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0",
	     "t.log:15:127: missing field 'retries'"},
	    {15, "scenario idle", "t.log:15:1: 'scenario' line after the 'op' line (out of order)"},
	    {16, "# no end line", "t.log:17:1: missing 'end' line at the end of the file"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *text = capture_text(cases[i].line, cases[i].replacement, ops);
		assert_parse_error(text, cases[i].expected);
	}
	/* after the end line, nothing but comments */
	{
		g_autofree gchar *text = capture_text(0, NULL, ops);
		g_autofree gchar *more = g_strconcat(text, "# fine\n", "arch arm64\n", NULL);
		assert_parse_error(more, "t.log:18:1: 'arch' line after the 'end' line");
	}
	assert_parse_error("", "t.log:1:1: empty file");
	assert_parse_error("# cmasim-kref 1\n", "t.log:2:1: missing 'arch' line at the end");
	{
		static const gchar nul[] = "# cmasim-kref 1\narch x86-64\0\n";
		g_autoptr(GError) error = NULL;
		assert_null(cmasim_kref_capture_parse("t.log", nul, sizeof(nul) - 1, &error));
		assert_string_equal(error->message, "t.log:1:1: NUL byte in the file");
	}
}

static void
test_load_missing(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimKrefCapture) c =
	    cmasim_kref_capture_load(CMASIM_TEST_DATADIR "/kernel/no-such-capture", &error);
	assert_null(c);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	assert_non_null(strstr(error->message, "no-such-capture"));
}

/* ---- the chunk walk ---- */

static GArray *
walk_of(const gchar *const *ops, guint order_per_bit)
{
	g_autofree gchar *area = g_strdup_printf(
	    "area name=reserved base_pfn=0x48000 count=8192 order_per_bit=%u", order_per_bit);
	g_autofree gchar *text = capture_text(10, area, ops);
	g_autoptr(CmasimKrefCapture) c = parse_ok(text);
	return cmasim_kref_release_walk(c);
}

static void
assert_release(GArray *walk, guint i, guint seq, guint id, guint64 count, gboolean whole)
{
	const CmasimKrefRelease *r;

	assert_true(i < walk->len);
	r = &g_array_index(walk, CmasimKrefRelease, i);
	assert_int_equal(r->seq, seq);
	assert_int_equal(r->id, id);
	assert_int_equal(r->count, count);
	assert_int_equal(r->whole, whole);
}

static void
test_walk_whole(void **state)
{
	g_autofree gchar *a1 = op_line(1, "alloc", 100, 0, "0x48000", "none");
	g_autofree gchar *a2 = op_line(2, "alloc", 200, 0, "0x48080", "none");
	g_autofree gchar *a3 = op_line(3, "alloc", 9000, -12, "none", "none");
	g_autofree gchar *f4 = op_line(4, "free", 300, 0, "none", "none");
	g_autofree gchar *f5 = op_line(5, "free", 5, 0, "none", "none");
	const gchar *const ops[] = {a1, a2, a3, f4, f5, NULL};
	g_autoptr(GArray) walk = walk_of(ops, 0);

	/* the most recent chunk first; the failed alloc left no chunk; an empty list frees
	 * nothing */
	assert_int_equal(walk->len, 2);
	assert_release(walk, 0, 4, 2, 200, TRUE);
	assert_release(walk, 1, 4, 1, 100, TRUE);
}

static void
test_walk_partial_head(void **state)
{
	g_autofree gchar *a1 = op_line(1, "alloc", 100, 0, "0x48000", "none");
	g_autofree gchar *a2 = op_line(2, "alloc", 200, 0, "0x48080", "none");
	g_autofree gchar *f3 = op_line(3, "free", 250, 0, "none", "none");
	g_autofree gchar *f4 = op_line(4, "free", 30, 0, "none", "none");
	g_autofree gchar *f5 = op_line(5, "free", 70, 0, "none", "none");
	g_autofree gchar *a6 = op_line(6, "alloc", 8, 0, "0x48000", "none");
	g_autofree gchar *f7 = op_line(7, "free", 1000, 0, "none", "none");
	const gchar *const ops[] = {a1, a2, f3, f4, f5, a6, f7, NULL};
	g_autoptr(GArray) walk = walk_of(ops, 0);

	assert_int_equal(walk->len, 5);
	/* 200 whole, then the first 50 of the 100 (the chunk stays at the head) */
	assert_release(walk, 0, 3, 2, 200, TRUE);
	assert_release(walk, 1, 3, 1, 50, FALSE);
	/* 30 of the 50 left, then the remaining 20 whole (the walk stops after it: 70 > 20
	 * but the list is empty) */
	assert_release(walk, 2, 4, 1, 30, FALSE);
	assert_release(walk, 3, 5, 1, 20, TRUE);
	/* a later alloc is a new chunk */
	assert_release(walk, 4, 7, 6, 8, TRUE);
}

static void
test_walk_order_per_bit(void **state)
{
	g_autofree gchar *a1 = op_line(1, "alloc", 64, 0, "0x48000", "none");
	g_autofree gchar *a2 = op_line(2, "alloc", 128, 0, "0x48040", "none");
	g_autofree gchar *f3 = op_line(3, "free", 100, 0, "none", "none");
	g_autofree gchar *f4 = op_line(4, "free", 10, 0, "none", "none");
	g_autofree gchar *f5 = op_line(5, "free", 192, 0, "none", "none");
	const gchar *const ops[] = {a1, a2, f3, f4, f5, NULL};
	g_autoptr(GArray) walk = walk_of(ops, 2);

	/* 128 > 100 and > 10: a partial free with order_per_bit 2 releases nothing */
	assert_int_equal(walk->len, 2);
	assert_release(walk, 0, 5, 2, 128, TRUE);
	assert_release(walk, 1, 5, 1, 64, TRUE);
}

/* ---- the importer ---- */

static gchar *
import_text(const CmasimKrefCapture *c, const CmasimKrefWriteOptions *options)
{
	g_autoptr(GError) error = NULL;
	GString *out = g_string_new(NULL);
	if (!cmasim_kref_write_workload(c, out, options, &error))
		fail_msg("%s", error->message);
	return g_string_free(out, FALSE);
}

static void
test_import_golden(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimKrefCapture) c = cmasim_kref_capture_load(SYNTHETIC_DIR, &error);
	const CmasimKrefWriteOptions all = {TRUE, TRUE, 0};
	g_autofree gchar *text = NULL;
	g_autofree gchar *again = NULL;
	g_autofree gchar *expected = NULL;

	if (c == NULL)
		fail_msg("%s", error->message);
	text = import_text(c, &all);
	again = import_text(c, &all);
	assert_string_equal(text, again);
	if (!g_file_get_contents(SYNTHETIC_DIR "/expected.yaml", &expected, NULL, &error))
		fail_msg("%s", error->message);
	if (g_strcmp0(text, expected) != 0) {
		g_autofree gchar *actual =
		    g_build_filename(g_get_tmp_dir(), "kref-actual.yaml", NULL);
		g_file_set_contents(actual, text, -1, NULL);
		fail_msg("the import differs from %s/expected.yaml (written: %s)", SYNTHETIC_DIR,
		         actual);
	}
	/* this build's reader takes both keys: the default options give the same bytes */
	{
		CmasimKrefWriteOptions probed;
		g_autofree gchar *by_default = NULL;
		cmasim_kref_write_options_init(&probed);
		assert_true(probed.machine_reserved);
		assert_true(probed.release_count);
		by_default = import_text(c, NULL);
		assert_string_equal(by_default, expected);
	}
}

/* the options say which keys the writer may use (the defaults: all); a partial free without
 * cma_release count is refused with a message naming the ops */
static void
test_import_options(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimKrefCapture) c = cmasim_kref_capture_load(SYNTHETIC_DIR, &error);
	const CmasimKrefWriteOptions none = {FALSE, FALSE, 0};
	const CmasimKrefWriteOptions count_only = {FALSE, TRUE, 0};
	CmasimKrefWriteOptions probed;
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree gchar *text = NULL;

	assert_non_null(c);
	assert_false(cmasim_kref_write_workload(c, out, &none, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED));
	assert_non_null(strstr(error->message, "op seq=4 frees part of the chunk of op seq=1"));
	g_clear_error(&error);
	text = import_text(c, &count_only);
	assert_null(strstr(text, "reserved:"));
	assert_null(strstr(text, "boot_unmovable:"));
	assert_non_null(strstr(text, "{at: 4s, op: cma_release, id: 1, count: 88}"));
	cmasim_kref_write_options_init(&probed);
	g_string_truncate(out, 0);
	if (probed.release_count) {
		assert_true(cmasim_kref_write_workload(c, out, NULL, &error));
	} else {
		assert_false(cmasim_kref_write_workload(c, out, NULL, &error));
		assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED));
	}
}

/* zones that span more than ram_bytes would need holes between banks */
static void
test_import_holes(void **state)
{
	const CmasimKrefWriteOptions none = {FALSE, FALSE, 0};
	g_autofree gchar *text = capture_text(8, "ram_bytes 134217728", NULL);
	g_autoptr(CmasimKrefCapture) c = parse_ok(text);
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	assert_false(cmasim_kref_write_workload(c, out, &none, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED));
	assert_string_equal(error->message,
	                    "t.log: the zones span 268435456 bytes from pfn 0x40000 but ram_bytes "
	                    "is 134217728: memory with holes is not imported (one bank only)");
}

static void
test_import_backgrounds(void **state)
{
	/* ops 1 ms apart: the first op 1 ms after the background's end */
	const CmasimKrefWriteOptions none = {FALSE, FALSE, 1000000};
	struct {
		const gchar *line;
		const gchar *expected;
		const gchar *first_at;
	} cases[] = {
	    /* 16 MiB of 256 MiB: 4096 of 65536 pages, aiming at 4096.5 */
	    {"background kind=anon bytes=16777216",
	     "tasks:\n  - name: anon\n    type: background\n    kind: anon\n"
	     "    fill: 6.250763%\n    lifetime: 0\n",
	     "{at: 1ms, op: cma_alloc"},
	    /* 64 MiB at 1 GiB/s is 62.5 ms; x 1.25 = 78.125 ms, up to 79 ms, + 1 ms */
	    {"background kind=pagecache bytes=67108864",
	     "tasks:\n  - name: pagecache\n    type: background\n    kind: file\n"
	     "    stream: 64MiB\n    bandwidth: 1GiB/s\n",
	     "{at: 80ms, op: cma_alloc"},
	    {"background kind=shmem bytes=1000000",
	     "tasks:\n  - name: shmem\n    type: background\n    kind: shmem\n"
	     "    stream: 1000000\n    bandwidth: 1GiB/s\n",
	     "{at: 3ms, op: cma_alloc"},
	};
	g_autofree gchar *a1 = op_line(1, "alloc", 1024, 0, "0x48000", "none");
	const gchar *const ops[] = {a1, NULL};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *capture = capture_text(12, cases[i].line, ops);
		g_autoptr(CmasimKrefCapture) c = parse_ok(capture);
		g_autofree gchar *text = import_text(c, &none);
		if (strstr(text, cases[i].expected) == NULL ||
		    strstr(text, cases[i].first_at) == NULL)
			fail_msg("case %u: got\n%s", i, text);
	}
	/* a file larger than RAM streams through the page cache: 2 GiB at 1 GiB/s, x 1.25,
	 * + 1 ms, up to a whole second with the default spacing; the next op a second later */
	{
		g_autofree gchar *a2 = op_line(2, "alloc", 1024, 0, "0x48400", "none");
		const gchar *const ops2[] = {a1, a2, NULL};
		g_autofree gchar *capture =
		    capture_text(12, "background kind=pagecache bytes=2147483648", ops2);
		g_autoptr(CmasimKrefCapture) c = parse_ok(capture);
		g_autofree gchar *text = import_text(c, NULL);
		assert_non_null(strstr(text, "    stream: 2GiB\n"));
		assert_non_null(strstr(text, "  - {at: 3s, op: cma_alloc, id: 1, count: 1024"));
		assert_non_null(strstr(text, "  - {at: 4s, op: cma_alloc, id: 2, count: 1024"));
		assert_non_null(strstr(text, "\nduration: 5s\n"));
	}
	/* anon and shmem pages must fit */
	{
		g_autofree gchar *capture =
		    capture_text(12, "background kind=shmem bytes=2147483648", ops);
		assert_parse_error(capture,
		                   "t.log:12:29: bytes: more than ram_bytes for kind shmem");
	}
}

/* the imported workload loads, runs through the library, and agree reads its run */
static void
test_import_runs(void **state)
{
	g_autofree gchar *a1 = op_line(1, "alloc", 1024, 0, "0x48000", "none");
	g_autofree gchar *a2 = op_line(2, "alloc", 512, 0, "0x48400", "none");
	g_autofree gchar *f3 = op_line(3, "free", 512, 0, "none", "0x48400+512");
	g_autofree gchar *a4 = op_line(4, "alloc", 100000, -12, "none", "none");
	const gchar *const ops[] = {a1, a2, f3, a4, NULL};
	g_autofree gchar *capture = capture_text(0, NULL, ops);
	g_autoptr(CmasimKrefCapture) c = parse_ok(capture);
	g_autofree gchar *text = import_text(c, NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load_from_data("kernel-arm64-idle", text, strlen(text), &error);
	g_autoptr(CmasimSim) sim = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("cmasim-test-kref-XXXXXX", &error);
	g_autoptr(GString) table = g_string_new(NULL);
	const CmasimSimSummary *summary;
	guint n_disagree = 99;

	if (scenario == NULL)
		fail_msg("%s\n%s", error->message, text);
	assert_non_null(dir);
	sim = cmasim_sim_new(scenario, NULL, &error);
	if (sim == NULL)
		fail_msg("%s", error->message);
	assert_true(cmasim_sim_run(sim, &error));
	assert_true(cmasim_sim_write_outputs(sim, dir, &error));
	summary = cmasim_sim_get_summary(sim);
	assert_int_equal(summary->timed_events, 4);
	assert_int_equal(summary->requests, 3);
	assert_int_equal(summary->failed, 1);
	assert_true(cmasim_kref_agree(c, dir, 10.0, table, &n_disagree, &error));
	assert_non_null(strstr(table->str, ": 4 ops (3 alloc), outcome agree "));
	{
		g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
		const gchar *name;
		while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
			g_autofree gchar *child = g_build_filename(dir, name, NULL);
			g_unlink(child);
		}
		g_rmdir(dir);
	}
}

/* ---- agree ---- */

static const gchar *const requests_header =
    "# id\ttask\tdevice\tregion\tarrival_ns\tfinish_ns\tlatency_ns\tcount\talign\tstatus\t"
    "errno\tpfn\tpages_migrated\tpages_dropped\tpages_written\tmigrate_failed\tretries\t"
    "attempts\tmutex_wait_ns\tsearch_ns\tisolation_ns\tmigration_ns\treclaim_ns\tcache_ns\t"
    "tlb_ns\tmapping_ns\n";

static gchar *
request_row_at(guint id, guint64 arrival_ns, guint64 finish_ns, guint64 count, const gchar *status,
               gint64 pfn, guint64 migrated, guint64 dropped)
{
	return g_strdup_printf("%u\treplay\t-\treserved\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
	                       "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
	                       "\t0\t%s\t%d\t%" G_GINT64_FORMAT "\t%" G_GUINT64_FORMAT
	                       "\t%" G_GUINT64_FORMAT "\t0\t0\t0\t1\t0\t100\t0\t0\t0\t0\t0\t0\n",
	                       id, arrival_ns, finish_ns, finish_ns - arrival_ns, count, status,
	                       g_strcmp0(status, "OK") == 0 ? 0 : -12, pfn, migrated, dropped);
}

/* request @id arrives at @id seconds and takes 100 ns */
static gchar *
request_row(guint id, guint64 count, const gchar *status, gint64 pfn, guint64 migrated,
            guint64 dropped)
{
	guint64 arrival_ns = (guint64)id * 1000000000;
	return request_row_at(id, arrival_ns, arrival_ns + 100, count, status, pfn, migrated,
	                      dropped);
}

typedef struct {
	gchar *dir;
} AgreeFixture;

static int
agree_setup(void **state)
{
	AgreeFixture *f = g_new0(AgreeFixture, 1);
	f->dir = g_dir_make_tmp("cmasim-test-kref-XXXXXX", NULL);
	assert_non_null(f->dir);
	*state = f;
	return 0;
}

static int
agree_teardown(void **state)
{
	AgreeFixture *f = *state;
	g_autofree gchar *path = g_build_filename(f->dir, "requests.tsv", NULL);
	g_unlink(path);
	g_rmdir(f->dir);
	g_free(f->dir);
	g_free(f);
	return 0;
}

static void
write_requests(const gchar *dir, const gchar *const *rows)
{
	g_autofree gchar *path = g_build_filename(dir, "requests.tsv", NULL);
	GString *text = g_string_new(requests_header);
	g_autofree gchar *data = NULL;

	for (guint i = 0; rows[i] != NULL; i++)
		g_string_append(text, rows[i]);
	data = g_string_free(text, FALSE);
	assert_true(g_file_set_contents(path, data, -1, NULL));
}

/* the capture of the agree tests: alloc 1024 (migrates 300), alloc 512, free 512, a failing
 * alloc of 100000 */
static CmasimKrefCapture *
agree_capture(void)
{
	const gchar *const ops[] = {
	    "op seq=1 cmd=alloc count=1024 rc=0 pfn=0x48000 released=none used=1088 maxchunk=7104 "
	    "pgmigrate_success=300 pgmigrate_fail=0 file_dropped=20 retries=0",
	    "op seq=2 cmd=alloc count=512 rc=0 pfn=0x48400 released=none used=1600 maxchunk=6592 "
	    "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	    "op seq=3 cmd=free count=512 rc=0 pfn=none released=0x48400+512 used=1088 "
	    "maxchunk=7104 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	    "op seq=4 cmd=alloc count=100000 rc=-12 pfn=none released=none used=1088 "
	    "maxchunk=7104 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	    NULL,
	};
	g_autofree gchar *text = capture_text(0, NULL, ops);
	return parse_ok(text);
}

static void
test_agree_all(void **state)
{
	AgreeFixture *f = *state;
	g_autoptr(CmasimKrefCapture) c = agree_capture();
	g_autofree gchar *r1 = request_row(1, 1024, "OK", 0x48000, 320, 0);
	g_autofree gchar *r2 = request_row(2, 512, "OK", 0x48400, 0, 60);
	g_autofree gchar *r3 = request_row(3, 100000, "ENOMEM", -1, 0, 0);
	const gchar *const rows[] = {r3, r1, r2, NULL}; /* any order: matched by id */
	g_autoptr(GString) table = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	guint n_disagree = 99;

	write_requests(f->dir, rows);
	if (!cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error))
		fail_msg("%s", error->message);
	assert_int_equal(n_disagree, 0);
	/* 320 vs 300 is within 10 %; 60 dropped vs 0 is within one pageblock (512), and the
	 * totals, 60 dropped against 20, within the 64 pages of slack */
	assert_non_null(strstr(table->str, "   1 alloc    1024 0/0x48000        OK/0x48000       "
	                                   "\u2713       \u2713   300/320 \u2713          20/0 "
	                                   "\u2713\n"));
	assert_non_null(
	    strstr(table->str, "   3 free      512 released 512     releases 512     \u2713\n"));
	assert_non_null(strstr(table->str, "t.log: totals migrated kernel 300 sim 320 \u2713, "
	                                   "dropped kernel 20 sim 60 \u2713 (\u00b120% or "
	                                   "\u00b164 pages)\n"));
	assert_non_null(strstr(table->str, "   4 alloc  100000 -12/none         ENOMEM/none      "
	                                   "\u2713       \u2713   0/0 \u2713"));
	assert_non_null(strstr(
	    table->str, "t.log: 4 ops (3 alloc), outcome agree 3/3, pfn agree "
	                "3/3, migrated within tolerance 3/3, dropped within "
	                "tolerance 3/3 (\u00b110% or \u00b1512 pages), free walk agree 1/1\n"));
	assert_non_null(strstr(table->str, "boot used kernel 64 pages, sim unknown "
	                                   "(summary.yaml has no memory.boot)\n"));
	/* the pages the sim's boot took from the area, from summary.yaml */
	{
		g_autofree gchar *path = g_build_filename(f->dir, "summary.yaml", NULL);
		assert_true(g_file_set_contents(
		    path,
		    "memory:\n  boot: {reserved_pages: 10, unmovable_pages: 20, "
		    "coherent_pool_cma_pages: 64, coherent_pool_buddy_pages: 0}\n",
		    -1, NULL));
		g_string_truncate(table, 0);
		assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_int_equal(n_disagree, 0);
		assert_non_null(
		    strstr(table->str, "boot used kernel 64 pages, sim 64 pages \u2713\n"));
		assert_non_null(strstr(table->str, "free at boot kernel 50000 pages, sim unknown"));
		/* the free pages the boot left: equal, then not */
		assert_true(g_file_set_contents(
		    path, "memory:\n  boot: {coherent_pool_cma_pages: 64, free_pages: 50000}\n", -1,
		    NULL));
		g_string_truncate(table, 0);
		assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_int_equal(n_disagree, 0);
		assert_non_null(strstr(table->str,
		                       "free at boot kernel 50000 pages, sim 50000 pages \u2713\n"));
		assert_true(g_file_set_contents(
		    path, "memory:\n  boot: {coherent_pool_cma_pages: 64, free_pages: 50098}\n", -1,
		    NULL));
		g_string_truncate(table, 0);
		assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_int_equal(n_disagree, 1);
		assert_non_null(strstr(table->str,
		                       "free at boot kernel 50000 pages, sim 50098 pages \u2717\n"));
		assert_true(g_file_set_contents(
		    path, "memory:\n  boot: {coherent_pool_cma_pages: 96}\n", -1, NULL));
		g_string_truncate(table, 0);
		assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_int_equal(n_disagree, 1);
		assert_non_null(
		    strstr(table->str, "boot used kernel 64 pages, sim 96 pages \u2717\n"));
		g_unlink(path);
	}
}

static void
test_agree_disagree(void **state)
{
	AgreeFixture *f = *state;
	g_autoptr(CmasimKrefCapture) c = agree_capture();
	/* op 1 at another pfn and with too many migrations, op 2 failed, op 4 succeeded */
	g_autofree gchar *r1 = request_row(1, 1024, "OK", 0x48800, 1000, 20);
	g_autofree gchar *r2 = request_row(2, 512, "EBUSY", -1, 0, 0);
	g_autofree gchar *r3 = request_row(3, 100000, "OK", 0x50000, 0, 0);
	const gchar *const rows[] = {r1, r2, r3, NULL};
	g_autoptr(GString) table = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	guint n_disagree = 0;

	write_requests(f->dir, rows);
	assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
	/* three ops, and the migrated total */
	assert_int_equal(n_disagree, 4);
	assert_non_null(strstr(table->str, "totals migrated kernel 300 sim 1000 \u2717, dropped "
	                                   "kernel 20 sim 20 \u2713"));
	assert_non_null(strstr(table->str, "   1 alloc    1024 0/0x48000        OK/0x48800       "
	                                   "\u2713       \u2717   300/1000 \u2717"));
	assert_non_null(strstr(table->str, "   2 alloc     512 0/0x48400        EBUSY/none       "
	                                   "\u2717       \u2717"));
	assert_non_null(strstr(table->str, "outcome agree 1/3, pfn agree 0/3, migrated within "
	                                   "tolerance 2/3, dropped within tolerance 3/3"));
	/* with a tolerance of 300 %, 1000 against 300 is fine per op; the pfns still differ,
	 * and the totals keep their own 20 % */
	g_string_truncate(table, 0);
	assert_true(cmasim_kref_agree(c, f->dir, 300.0, table, &n_disagree, &error));
	assert_int_equal(n_disagree, 4);
	assert_non_null(strstr(table->str, "migrated within tolerance 3/3"));
	assert_null(strstr(table->str, "warning"));
	/* request 1 still running when request 2 began */
	{
		g_autofree gchar *slow =
		    request_row_at(1, 1000, 2500000000, 1024, "OK", 0x48800, 0, 20);
		const gchar *const overlap[] = {slow, r2, r3, NULL};
		write_requests(f->dir, overlap);
		g_string_truncate(table, 0);
		assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_non_null(strstr(table->str,
		                       "t.log: warning: 1 allocs began before the previous "
		                       "one finished in the sim"));
	}
	/* a request the sim never finished */
	{
		const gchar *const two[] = {r1, r2, NULL};
		write_requests(f->dir, two);
		g_string_truncate(table, 0);
		assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_int_equal(n_disagree, 4);
		assert_non_null(
		    strstr(table->str, "   4 alloc  100000 -12/none         unfinished"));
	}
}

/* a free whose released pages are not what the chunk walk releases */
static void
test_agree_free_walk(void **state)
{
	AgreeFixture *f = *state;
	const gchar *const ops[] = {
	    "op seq=1 cmd=alloc count=512 rc=0 pfn=0x48000 released=none used=576 maxchunk=7616 "
	    "pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	    "op seq=2 cmd=free count=100 rc=0 pfn=none released=0x48000+90 used=486 "
	    "maxchunk=7616 pgmigrate_success=0 pgmigrate_fail=0 file_dropped=0 retries=0",
	    NULL,
	};
	g_autofree gchar *text = capture_text(0, NULL, ops);
	g_autoptr(CmasimKrefCapture) c = parse_ok(text);
	g_autofree gchar *r1 = request_row(1, 512, "OK", 0x48000, 0, 0);
	const gchar *const rows[] = {r1, NULL};
	g_autoptr(GString) table = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	guint n_disagree = 0;

	write_requests(f->dir, rows);
	assert_true(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
	assert_int_equal(n_disagree, 1);
	assert_non_null(strstr(table->str, "   2 free      100 released 90      releases 100     "
	                                   "\u2717\n"));
	assert_non_null(strstr(table->str, "outcome agree 1/1, pfn agree 1/1,"));
	assert_non_null(strstr(table->str, "free walk agree 0/1\n"));
}

static void
test_agree_bad_input(void **state)
{
	AgreeFixture *f = *state;
	g_autoptr(CmasimKrefCapture) c = agree_capture();
	g_autofree gchar *r1 = request_row(1, 1024, "OK", 0x48000, 0, 0);
	g_autofree gchar *r2 = request_row(2, 999, "OK", 0x48400, 0, 0);
	g_autofree gchar *r3 = request_row(3, 100000, "ENOMEM", -1, 0, 0);
	g_autofree gchar *r4 = request_row(4, 1, "OK", 0x49000, 0, 0);
	g_autoptr(GString) table = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	guint n_disagree = 0;
	g_autofree gchar *path = g_build_filename(f->dir, "requests.tsv", NULL);

	/* no requests.tsv */
	assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	g_clear_error(&error);
	/* a count that is not the op's */
	{
		const gchar *const rows[] = {r1, r2, r3, NULL};
		write_requests(f->dir, rows);
		assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_true(g_str_has_suffix(error->message, "(not a run of this capture?)"));
		assert_non_null(
		    strstr(error->message, "requests.tsv:3:1: request 2 asked for 999"));
		g_clear_error(&error);
	}
	/* more requests than allocs */
	{
		g_autofree gchar *r2ok = request_row(2, 512, "OK", 0x48400, 0, 0);
		const gchar *const five[] = {r1, r2ok, r3, r4, NULL};
		write_requests(f->dir, five);
		assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_non_null(
		    strstr(error->message, "requests.tsv:5:1: 4 replayed requests but"));
		g_clear_error(&error);
	}
	/* a row with a cell missing, a bad number, no header */
	assert_true(g_file_set_contents(path, "# id\ttask\n1\treplay\n", -1, NULL));
	assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
	assert_non_null(strstr(error->message, "requests.tsv:1:1: no 'count' column"));
	g_clear_error(&error);
	{
		g_autofree gchar *bad = g_strconcat(requests_header, "1\treplay\t-\n", NULL);
		assert_true(g_file_set_contents(path, bad, -1, NULL));
		assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_non_null(strstr(error->message, "requests.tsv:2:1: 3 cells (expected 26"));
		g_clear_error(&error);
	}
	{
		g_autofree gchar *row = request_row(1, 1024, "OK", 0x48000, 0, 0);
		GString *s = g_string_new(requests_header);
		g_autofree gchar *bad = NULL;
		g_string_append(s, row);
		g_string_replace(s, "\t1024\t", "\t1k\t", 1);
		bad = g_string_free(s, FALSE);
		assert_true(g_file_set_contents(path, bad, -1, NULL));
		assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
		assert_non_null(strstr(error->message, "requests.tsv:2:1: count is not a number"));
		g_clear_error(&error);
	}
	assert_true(g_file_set_contents(path, "1\treplay\n", -1, NULL));
	assert_false(cmasim_kref_agree(c, f->dir, 10.0, table, &n_disagree, &error));
	assert_non_null(strstr(error->message, "requests.tsv:1:1: no header"));
}

static void
test_count_agrees(void **state)
{
	/* 10 % of 10000 = 1000 > a pageblock of 512 */
	assert_true(cmasim_kref_count_agrees(10000, 11000, 10.0, 512));
	assert_true(cmasim_kref_count_agrees(10000, 9000, 10.0, 512));
	assert_false(cmasim_kref_count_agrees(10000, 11001, 10.0, 512));
	assert_false(cmasim_kref_count_agrees(10000, 8999, 10.0, 512));
	/* small counts: one pageblock */
	assert_true(cmasim_kref_count_agrees(0, 512, 10.0, 512));
	assert_false(cmasim_kref_count_agrees(0, 513, 10.0, 512));
	assert_true(cmasim_kref_count_agrees(600, 88, 10.0, 512));
	/* tolerance 0 still allows a pageblock */
	assert_true(cmasim_kref_count_agrees(100000, 100512, 0.0, 512));
	assert_false(cmasim_kref_count_agrees(100000, 100513, 0.0, 512));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_synthetic),
	    cmocka_unit_test(test_parse_small),
	    cmocka_unit_test(test_parse_bad_lines),
	    cmocka_unit_test(test_load_missing),
	    cmocka_unit_test(test_walk_whole),
	    cmocka_unit_test(test_walk_partial_head),
	    cmocka_unit_test(test_walk_order_per_bit),
	    cmocka_unit_test(test_import_golden),
	    cmocka_unit_test(test_import_options),
	    cmocka_unit_test(test_import_holes),
	    cmocka_unit_test(test_import_backgrounds),
	    cmocka_unit_test(test_import_runs),
	    cmocka_unit_test_setup_teardown(test_agree_all, agree_setup, agree_teardown),
	    cmocka_unit_test_setup_teardown(test_agree_disagree, agree_setup, agree_teardown),
	    cmocka_unit_test_setup_teardown(test_agree_free_walk, agree_setup, agree_teardown),
	    cmocka_unit_test_setup_teardown(test_agree_bad_input, agree_setup, agree_teardown),
	    cmocka_unit_test(test_count_agrees),
	};
	return cmocka_run_group_tests_name("kref", tests, NULL, NULL);
}
