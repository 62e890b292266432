/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Plot smoke test: `cmasim compare` on the tiny scenario, then `cmasim plot`
 * in PNG and SVG; every expected figure must exist and be a valid PNG
 * (signature, IHDR first, IEND last, non-zero size) or a well-formed SVG
 * document (parsed with GMarkup, root element <svg>). The binary's path is
 * argv[1]; gnuplot must be installed (scripts/common.sh installs it).
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

static const gchar *cmasim_exe;

static const gchar *const figures[] = {
    "latency-cdf",
    "latency-time",
    "breakdown",
    "fragmentation",
    "free-memory-cma",
    "free-memory-alloc_contig_pages",
    "free-memory-carveout",
    "memory-map-cma",
    "memory-map-alloc_contig_pages",
    "memory-map-carveout",
};

/* run the binary with @args; its output is captured, never printed */
static void
run_cmasim(const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autoptr(GError) error = NULL;
	gint status = 0;

	g_ptr_array_add(argv, (gpointer)cmasim_exe);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	assert_true(g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
	                         &out, &err, &status, &error));
	if (!g_spawn_check_wait_status(status, NULL))
		fail_msg("%s %s failed: %s", cmasim_exe, args[0], err);
}

static guint32
be32(const guchar *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* a PNG: the signature, then chunks from IHDR to IEND that fill the file */
static void
assert_valid_png(const gchar *path)
{
	static const guchar signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	g_autofree gchar *data = NULL;
	gsize len = 0;
	gsize at = 8;
	guint chunks = 0;
	gboolean ended = FALSE;

	assert_true(g_file_get_contents(path, &data, &len, NULL));
	assert_true(len > 8 + 25 + 12);
	assert_memory_equal(data, signature, 8);
	while (at + 12 <= len && !ended) {
		const guchar *chunk = (const guchar *)data + at;
		guint32 length = be32(chunk);
		if (chunks == 0) {
			assert_memory_equal(chunk + 4, "IHDR", 4);
			/* width and height */
			assert_true(be32(chunk + 8) > 100 && be32(chunk + 12) > 100);
		}
		ended = memcmp(chunk + 4, "IEND", 4) == 0;
		assert_true((guint64)at + 12 + length <= len);
		at += 12 + (gsize)length;
		chunks++;
	}
	assert_true(ended);
	assert_int_equal(at, len);
	/* IHDR, at least one IDAT, IEND */
	assert_true(chunks >= 3);
}

typedef struct {
	guint depth;
	gboolean root_is_svg;
	guint elements;
} SvgCheck;

static void
svg_start(GMarkupParseContext *context, const gchar *name, const gchar **attr_names,
          const gchar **attr_values, gpointer user_data, GError **error)
{
	SvgCheck *check = user_data;
	(void)context;
	(void)attr_names;
	(void)attr_values;
	(void)error;
	if (check->depth == 0)
		check->root_is_svg = g_strcmp0(name, "svg") == 0;
	check->depth++;
	check->elements++;
}

static void
svg_end(GMarkupParseContext *context, const gchar *name, gpointer user_data, GError **error)
{
	SvgCheck *check = user_data;
	(void)context;
	(void)name;
	(void)error;
	check->depth--;
}

static void
assert_valid_svg(const gchar *path)
{
	static const GMarkupParser parser = {svg_start, svg_end, NULL, NULL, NULL};
	g_autofree gchar *data = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GMarkupParseContext) context = NULL;
	SvgCheck check = {0};
	gsize len = 0;
	const gchar *start;

	assert_true(g_file_get_contents(path, &data, &len, NULL));
	/* GMarkup takes no DOCTYPE: parse from the root element */
	start = strstr(data, "<svg");
	assert_non_null(start);
	context = g_markup_parse_context_new(&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &check, NULL);
	if (!g_markup_parse_context_parse(context, start, -1, &error) ||
	    !g_markup_parse_context_end_parse(context, &error))
		fail_msg("%s: %s", path, error->message);
	assert_true(check.root_is_svg);
	assert_int_equal(check.depth, 0);
	/* axes, lines and text: far more than an empty document */
	assert_true(check.elements > 50);
}

static void
test_plot_png_and_svg(void **state)
{
	g_autofree gchar *tmp = g_dir_make_tmp("cmasim-plot-XXXXXX", NULL);
	g_autofree gchar *scenario =
	    g_build_filename(CMASIM_TEST_DATADIR, "scenario", "tiny.yaml", NULL);
	const gchar *compare[] = {"compare", "--quiet",	 "--out", tmp, "--set",
	                          "duration=300ms", scenario, NULL};
	const gchar *plot_png[] = {"plot", tmp, NULL};
	const gchar *plot_svg[] = {"plot", "--format", "svg", tmp, NULL};
	(void)state;

	assert_non_null(tmp);
	run_cmasim(compare);
	run_cmasim(plot_png);
	run_cmasim(plot_svg);
	for (guint i = 0; i < G_N_ELEMENTS(figures); i++) {
		g_autofree gchar *png = g_strdup_printf("%s/plots/%s.png", tmp, figures[i]);
		g_autofree gchar *svg = g_strdup_printf("%s/plots/%s.svg", tmp, figures[i]);
		assert_valid_png(png);
		assert_valid_svg(svg);
	}
	/* clean up only after success, so a failure leaves the figures to look at */
	{
		const gchar *argv[] = {"rm", "-rf", tmp, NULL};
		gint status = 0;
		assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL,
		                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
		                         NULL, NULL, &status, NULL));
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plot_png_and_svg),
	};
	if (argc < 2)
		return 2;
	cmasim_exe = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
