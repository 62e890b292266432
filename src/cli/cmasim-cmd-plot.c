/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim plot DIR [--format png|svg]`: gnuplot figures from a run
 * directory or a compare directory, into DIR/plots/. The scripts are
 * scripts/plots/ (one .gp file per figure), found on the data search path; gnuplot runs with an
 * argv (g_spawn_sync, no shell) and gets its inputs as -e variables:
 * latency CDF, latency over time, the unusable free space index at the
 * request order over time, the latency breakdown, and for each run the free
 * pages per migratetype and the memory-map heat maps (pfnmap.tsv).
 */
#define G_LOG_DOMAIN "Cmasim"

#include <string.h>

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-workload.h"

typedef struct {
	gchar *dir;
	gchar *title;
} CmasimPlotRun;

static void
cmasim_plot_run_free(CmasimPlotRun *run)
{
	g_free(run->dir);
	g_free(run->title);
	g_free(run);
}

static gboolean
cmasim_is_run_dir(const gchar *dir)
{
	g_autofree gchar *requests = g_build_filename(dir, "requests.tsv", NULL);
	g_autofree gchar *timeline = g_build_filename(dir, "timeline.tsv", NULL);
	return g_file_test(requests, G_FILE_TEST_IS_REGULAR) &&
	       g_file_test(timeline, G_FILE_TEST_IS_REGULAR);
}

/* the value of a top-level or nested "key: value" line of summary.yaml, or NULL */
static gchar *
cmasim_summary_value(const gchar *dir, const gchar *key)
{
	g_autofree gchar *path = g_build_filename(dir, "summary.yaml", NULL);
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *prefix = g_strdup_printf("%s: ", key);

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		const gchar *line = lines[i];
		while (*line == ' ')
			line++;
		if (g_str_has_prefix(line, prefix))
			return g_strstrip(g_strdup(line + strlen(prefix)));
	}
	return NULL;
}

static gint
cmasim_plot_run_cmp(gconstpointer a, gconstpointer b)
{
	const CmasimPlotRun *ra = *(const CmasimPlotRun *const *)a;
	const CmasimPlotRun *rb = *(const CmasimPlotRun *const *)b;
	return strcmp(ra->dir, rb->dir);
}

/* the runs of @dir: itself, or its run subdirectories in comparison.tsv order */
static GPtrArray *
cmasim_plot_find_runs(const gchar *dir, GError **error)
{
	g_autoptr(GPtrArray) runs =
	    g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_plot_run_free);
	g_autoptr(GDir) handle = NULL;
	g_autofree gchar *comparison = g_build_filename(dir, "comparison.tsv", NULL);
	g_autofree gchar *order = NULL;
	const gchar *name;

	if (cmasim_is_run_dir(dir)) {
		CmasimPlotRun *run = g_new0(CmasimPlotRun, 1);
		run->dir = g_strdup(dir);
		run->title = cmasim_summary_value(dir, "policy");
		if (run->title == NULL)
			run->title = g_path_get_basename(dir);
		g_ptr_array_add(runs, run);
		return g_steal_pointer(&runs);
	}
	handle = g_dir_open(dir, 0, error);
	if (handle == NULL)
		return NULL;
	while ((name = g_dir_read_name(handle)) != NULL) {
		g_autofree gchar *sub = g_build_filename(dir, name, NULL);
		CmasimPlotRun *run;
		if (!cmasim_is_run_dir(sub))
			continue;
		run = g_new0(CmasimPlotRun, 1);
		run->dir = g_steal_pointer(&sub);
		run->title = cmasim_summary_value(run->dir, "policy");
		if (run->title == NULL)
			run->title = g_strdup(name);
		g_ptr_array_add(runs, run);
	}
	g_ptr_array_sort(runs, cmasim_plot_run_cmp);
	/* comparison.tsv gives the order the policies ran in */
	if (g_file_get_contents(comparison, &order, NULL, NULL)) {
		g_auto(GStrv) lines = g_strsplit(order, "\n", -1);
		guint next = 0;
		for (guint l = 0; lines[l] != NULL; l++) {
			g_auto(GStrv) fields = NULL;
			if (lines[l][0] == '#' || lines[l][0] == '\0')
				continue;
			fields = g_strsplit(lines[l], "\t", 2);
			for (guint r = next; r < runs->len; r++) {
				CmasimPlotRun *run = g_ptr_array_index(runs, r);
				if (g_strcmp0(run->title, fields[0]) == 0) {
					runs->pdata[r] = runs->pdata[next];
					runs->pdata[next++] = run;
					break;
				}
			}
		}
	}
	if (runs->len == 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "%s: neither a run directory nor a directory of runs", dir);
		return NULL;
	}
	return g_steal_pointer(&runs);
}

/* timeline.tsv column (1-based) named @column, 0 if none */
static guint
cmasim_timeline_column(const gchar *run_dir, const gchar *column)
{
	g_autofree gchar *path = g_build_filename(run_dir, "timeline.tsv", NULL);
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return 0;
	lines = g_strsplit(text, "\n", 3);
	for (guint l = 0; lines[l] != NULL && l < 2; l++) {
		g_auto(GStrv) names = NULL;
		if (!g_str_has_prefix(lines[l], "# time_ns"))
			continue;
		names = g_strsplit(lines[l] + 2, "\t", -1);
		for (guint c = 0; names[c] != NULL; c++) {
			if (g_strcmp0(names[c], column) == 0)
				return c + 1;
		}
	}
	return 0;
}

/* "'a' 'b'"-free gnuplot word list; FALSE if a word cannot be quoted */
static gboolean
cmasim_plot_words(GPtrArray *runs, const gchar *file, gboolean titles, GString *out, GError **error)
{
	for (guint i = 0; i < runs->len; i++) {
		const CmasimPlotRun *run = g_ptr_array_index(runs, i);
		g_autofree gchar *word =
		    titles ? g_strdup(run->title) : g_build_filename(run->dir, file, NULL);
		if (strpbrk(word, "' \"\t\n") != NULL) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
			            "cannot plot '%s': quotes or spaces in a path or name", word);
			return FALSE;
		}
		g_string_append_printf(out, "%s%s", i > 0 ? " " : "", word);
	}
	return TRUE;
}

gboolean
cmasim_cli_plot_setup(gchar **gnuplot_out, gchar **scripts_out, GError **error)
{
	g_autofree gchar *gnuplot = g_find_program_in_path("gnuplot");
	g_autofree gchar *origin = NULL;
	g_autofree gchar *common = NULL;

	if (gnuplot == NULL) {
		g_set_error_literal(
		    error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
		    "gnuplot not found in PATH (Debian: apt-get install gnuplot-nox)");
		return FALSE;
	}
	common = cmasim_data_lookup_full("scripts/plots/common.gp", &origin, NULL, error);
	if (common == NULL)
		return FALSE;
	if (origin == NULL || g_str_has_prefix(origin, "resource://")) {
		g_set_error_literal(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		                    "the gnuplot scripts (scripts/plots/) are not installed; set "
		                    "CMASIM_DATADIR to the source tree");
		return FALSE;
	}
	*scripts_out = g_path_get_dirname(origin);
	*gnuplot_out = g_steal_pointer(&gnuplot);
	return TRUE;
}

gboolean
cmasim_cli_gnuplot(const gchar *gnuplot, const gchar *script, const gchar *vars, GError **error)
{
	const gchar *argv[] = {gnuplot, "-e", vars, script, NULL};
	g_autofree gchar *err_text = NULL;
	gint status = 0;

	if (!g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
	                  &err_text, &status, error))
		return FALSE;
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_FAILED, "gnuplot %s failed: %s",
		            script, err_text != NULL ? g_strstrip(err_text) : "");
		return FALSE;
	}
	return TRUE;
}

gboolean
cmasim_cli_plot_dir(const gchar *dir, const gchar *format, GError **error)
{
	g_autoptr(GPtrArray) runs = NULL;
	g_autofree gchar *gnuplot = NULL;
	g_autofree gchar *scripts = NULL;
	g_autofree gchar *plots = g_build_filename(dir, "plots", NULL);
	g_autofree gchar *order_text = NULL;
	g_autoptr(GString) requests = g_string_new(NULL);
	g_autoptr(GString) timelines = g_string_new(NULL);
	g_autoptr(GString) titles = g_string_new(NULL);
	const CmasimPlotRun *first;
	guint order = 0;
	guint column;
	static const gchar *const multi[] = {"latency-cdf", "latency-time", "breakdown"};
	/* one figure per run: script, input file */
	static const gchar *const per_run[][2] = {
	    {"free-memory", "timeline.tsv"},
	    {"memory-map", "pfnmap.tsv"},
	};

	if (g_strcmp0(format, "png") != 0 && g_strcmp0(format, "svg") != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "--format %s: expected png or svg", format);
		return FALSE;
	}
	if (!cmasim_cli_plot_setup(&gnuplot, &scripts, error))
		return FALSE;
	runs = cmasim_plot_find_runs(dir, error);
	if (runs == NULL)
		return FALSE;
	if (!cmasim_output_ensure_dir(plots, error))
		return FALSE;
	if (!cmasim_plot_words(runs, "requests.tsv", FALSE, requests, error) ||
	    !cmasim_plot_words(runs, "timeline.tsv", FALSE, timelines, error) ||
	    !cmasim_plot_words(runs, NULL, TRUE, titles, error))
		return FALSE;

	for (guint i = 0; i < G_N_ELEMENTS(multi); i++) {
		g_autofree gchar *script = g_strdup_printf("%s/%s.gp", scripts, multi[i]);
		g_autofree gchar *out = g_strdup_printf("%s/%s.%s", plots, multi[i], format);
		g_autofree gchar *vars =
		    g_strdup_printf("dir='%s/'; files='%s'; titles='%s'; out='%s'; fmt='%s'",
		                    scripts, requests->str, titles->str, out, format);
		if (!cmasim_cli_gnuplot(gnuplot, script, vars, error))
			return FALSE;
	}

	/* the fragmentation at the order of the largest device request */
	first = g_ptr_array_index(runs, 0);
	order_text = cmasim_summary_value(first->dir, "request_order");
	if (order_text != NULL)
		order = (guint)g_ascii_strtoull(order_text, NULL, 10);
	{
		g_autofree gchar *name = g_strdup_printf("unusable_%u", order);
		g_autofree gchar *script = g_strdup_printf("%s/fragmentation.gp", scripts);
		g_autofree gchar *out = g_strdup_printf("%s/fragmentation.%s", plots, format);
		g_autofree gchar *vars = NULL;
		column = cmasim_timeline_column(first->dir, name);
		if (column != 0) {
			vars = g_strdup_printf("dir='%s/'; files='%s'; titles='%s'; col=%u; "
			                       "order=%u; out='%s'; fmt='%s'",
			                       scripts, timelines->str, titles->str, column, order,
			                       out, format);
			if (!cmasim_cli_gnuplot(gnuplot, script, vars, error))
				return FALSE;
		}
	}

	for (guint i = 0; i < runs->len; i++) {
		const CmasimPlotRun *run = g_ptr_array_index(runs, i);
		for (guint f = 0; f < G_N_ELEMENTS(per_run); f++) {
			g_autofree gchar *script = g_strdup_printf("%s/%s.gp", scripts, per_run[f][0]);
			g_autofree gchar *file = g_build_filename(run->dir, per_run[f][1], NULL);
			g_autofree gchar *out =
			    g_strdup_printf("%s/%s-%s.%s", plots, per_run[f][0], run->title, format);
			g_autofree gchar *vars = NULL;
			/* pfnmap.tsv is optional (sim.pfnmap_bins: 0) */
			if (!g_file_test(file, G_FILE_TEST_IS_REGULAR))
				continue;
			vars = g_strdup_printf("dir='%s/'; file='%s'; name='%s'; out='%s'; fmt='%s'",
			                       scripts, file, run->title, out, format);
			if (!cmasim_cli_gnuplot(gnuplot, script, vars, error))
				return FALSE;
		}
	}
	return TRUE;
}

gint
cmasim_cmd_plot(gint argc, gchar **argv)
{
	g_autofree gchar *format = NULL;
	const GOptionEntry entries[] = {
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "png (default) or svg", "FMT"},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("DIR - gnuplot figures of a run or compare directory");
	g_autoptr(GError) error = NULL;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "Writes DIR/plots/: latency-cdf, latency-time, breakdown, fragmentation, "
	             "free-memory-<policy> and memory-map-<policy>, from scripts/plots/*.gp.");
	if (!cmasim_cli_parse(context, "plot", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("plot", argc < 2 ? "missing directory"
		                                               : "one directory expected");
	if (!cmasim_cli_plot_dir(argv[1], format != NULL ? format : "png", &error))
		return cmasim_cli_error(error);
	return CMASIM_EXIT_OK;
}
