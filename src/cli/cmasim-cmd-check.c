/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim check DIR --baseline B.yaml [--all] [--quiet]`: the CI regression
 * gate. Exit 0 when every metric of the baseline is within its tolerance,
 * 3 with a table of those that are not, 1 on a bad baseline or a missing
 * run, summary or metric.
 *
 * `cmasim baseline DIR [--like B.yaml] [--workload-file F] [--out B.yaml]`:
 * write a baseline of a run or compare directory (scripts/update-baselines.sh).
 */
#define G_LOG_DOMAIN "Cmasim"

#include <string.h>

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-check.h"
#include "cmasim/cmasim-report.h"

gint
cmasim_cmd_check(gint argc, gchar **argv)
{
	g_autofree gchar *baseline_path = NULL;
	gboolean all = FALSE;
	gboolean quiet = FALSE;
	const GOptionEntry entries[] = {
	    {"baseline", 'b', 0, G_OPTION_ARG_FILENAME, &baseline_path,
	     "The baseline to check against (required)", "B.yaml"},
	    {"all", 'a', 0, G_OPTION_ARG_NONE, &all,
	     "List every metric checked, not only those out of tolerance", NULL},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing; only the exit status",
	     NULL},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("DIR - check a run or compare directory against a baseline");
	g_autoptr(CmasimBaseline) baseline = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *table = NULL;
	guint failed = 0;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context,
	    "DIR is a run directory (cmasim run) or a compare directory (cmasim compare, one "
	    "directory per policy). Every metric the baseline lists, a dotted path into "
	    "summary.yaml such as contiguous.latency_ns.p99, is compared with its tolerance "
	    "(docs/regression-gate.md).\n"
	    "Exit status: 0 every metric within tolerance, 3 some metric out of tolerance (a "
	    "table on stdout), 1 a bad baseline or a missing directory, summary or metric, "
	    "2 usage.");
	if (!cmasim_cli_parse(context, "check", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("check", argc < 2 ? "missing run or compare directory"
		                                                : "one directory expected");
	if (baseline_path == NULL)
		return cmasim_cli_usage_error("check", "missing --baseline B.yaml");

	baseline = cmasim_baseline_load(baseline_path, &error);
	if (baseline == NULL)
		return cmasim_cli_error(error);
	rows = cmasim_check_dir(baseline, argv[1], &error);
	if (rows == NULL)
		return cmasim_cli_error(error);
	for (guint i = 0; i < rows->len; i++) {
		const CmasimCheckRow *row = g_ptr_array_index(rows, i);
		if (!row->ok)
			failed++;
	}
	if (quiet)
		return failed > 0 ? CMASIM_EXIT_REGRESSION : CMASIM_EXIT_OK;
	if (failed > 0 || all) {
		table = cmasim_check_table(rows, all);
		g_print("%s", table);
	}
	if (failed > 0) {
		g_print("cmasim check: %u of %u metrics out of tolerance (%s against %s)\n", failed,
		        rows->len, argv[1], baseline_path);
		return CMASIM_EXIT_REGRESSION;
	}
	g_print("cmasim check: all %u metrics within tolerance (%s against %s)\n", rows->len,
	        argv[1], baseline_path);
	return CMASIM_EXIT_OK;
}

gint
cmasim_cmd_baseline(gint argc, gchar **argv)
{
	g_autofree gchar *like_path = NULL;
	g_autofree gchar *workload_file = NULL;
	g_autofree gchar *out_path = NULL;
	const GOptionEntry entries[] = {
	    {"like", 'l', 0, G_OPTION_ARG_FILENAME, &like_path,
	     "Keep this baseline's metrics, tolerances and workload_file (if it exists)",
	     "B.yaml"},
	    {"workload-file", 'w', 0, G_OPTION_ARG_STRING, &workload_file,
	     "Record the workload file the runs came from", "W.yaml"},
	    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
	     "Write the baseline to this file (atomically) instead of stdout", "B.yaml"},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("DIR - write a baseline of a run or compare directory");
	g_autoptr(CmasimBaseline) like = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "Every policy run in DIR gets the headline metrics of its summary.yaml, all "
	             "with an exact tolerance, or the metrics and tolerances --like names for it. "
	             "scripts/update-baselines.sh uses this to regenerate tests/regress/.");
	if (!cmasim_cli_parse(context, "baseline", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("baseline", argc < 2
		                                              ? "missing run or compare directory"
		                                              : "one directory expected");
	if (like_path != NULL && g_file_test(like_path, G_FILE_TEST_EXISTS)) {
		like = cmasim_baseline_load(like_path, &error);
		if (like == NULL)
			return cmasim_cli_error(error);
	}
	text = cmasim_baseline_emit(argv[1], like, workload_file, &error);
	if (text == NULL)
		return cmasim_cli_error(error);
	if (out_path == NULL) {
		g_print("%s", text);
		return CMASIM_EXIT_OK;
	}
	if (!cmasim_output_write_file_atomic(out_path, text, strlen(text), &error))
		return cmasim_cli_error(error);
	return CMASIM_EXIT_OK;
}
