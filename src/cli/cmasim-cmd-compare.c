/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim compare W.yaml [--policies a,b,c] [--out DIR] [--seed N]
 * [--set ...]`: the same scenario and seed under each policy, one run
 * directory per policy (DIR/<policy>/), DIR/comparison.tsv and a
 * side-by-side table on stdout.
 *
 * `cmasim demo [--out DIR]` (and `cmasim` alone): compare on the embedded
 * default workload (workloads/goni-camera.yaml, found on the data search
 * path or compiled in, so it runs from any directory) into cmasim-out/.
 */
#define G_LOG_DOMAIN "Cmasim"

#include <string.h>

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-workload.h"

static gint
cmasim_compare_run(CmasimScenario *scenario, const gchar *policies, const gchar *out_dir,
                   const CmasimCliRunOptions *options, gboolean plots)
{
	g_autoptr(GPtrArray) names = NULL;
	g_autoptr(GPtrArray) results =
	    g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_cli_result_free);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *tsv = NULL;
	g_autofree gchar *tsv_path = NULL;
	gint signum = 0;

	names = cmasim_cli_policy_list(policies, &error);
	if (names == NULL)
		return cmasim_cli_error(error);
	if (!cmasim_output_ensure_dir(out_dir, &error))
		return cmasim_cli_error(error);
	for (guint i = 0; i < names->len && signum == 0; i++) {
		const gchar *policy = g_ptr_array_index(names, i);
		g_autofree gchar *run_dir = g_build_filename(out_dir, policy, NULL);
		CmasimCliResult *result =
		    cmasim_cli_run_one(scenario, policy, run_dir, options, &signum, &error);
		if (result == NULL)
			return cmasim_cli_error(error);
		g_ptr_array_add(results, result);
		if (signum == 0)
			signum = cmasim_cli_pending_signal();
	}
	tsv = cmasim_cli_comparison_tsv(results);
	tsv_path = g_build_filename(out_dir, "comparison.tsv", NULL);
	if (!cmasim_output_write_file_atomic(tsv_path, tsv, strlen(tsv), &error))
		return cmasim_cli_error(error);
	if (!options->quiet) {
		g_print("%s (seed %" G_GUINT64_FORMAT "):\n", scenario->name, scenario->seed);
		cmasim_cli_print_table(results);
		g_print("outputs in %s\n", out_dir);
	}
	if (signum != 0) {
		g_printerr("cmasim: interrupted; partial outputs in %s\n", out_dir);
		return 128 + signum;
	}
	if (plots) {
		g_autoptr(GError) plot_error = NULL;
		/* the figures are a bonus: without gnuplot the runs still succeeded */
		if (!cmasim_cli_plot_dir(out_dir, "png", &plot_error))
			g_printerr("cmasim: no plots: %s\n", plot_error->message);
		else if (!options->quiet)
			g_print("plots in %s/plots\n", out_dir);
	}
	return CMASIM_EXIT_OK;
}

gint
cmasim_cmd_compare(gint argc, gchar **argv)
{
	g_autofree gchar *policies = NULL;
	g_autofree gchar *seed = NULL;
	g_autofree gchar *out_dir = NULL;
	g_auto(GStrv) sets = NULL;
	gboolean trace = FALSE;
	gboolean quiet = FALSE;
	gboolean plots = FALSE;
	const GOptionEntry entries[] = {
	    {"policies", 'p', 0, G_OPTION_ARG_STRING, &policies,
	     "Comma-separated policies (default: every registered policy)", "A,B,C"},
	    {"seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Random seed (default: the workload's)",
	     "N"},
	    {"set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
	     "Override one value for every run (repeatable)", "KEY.PATH=VALUE"},
	    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
	     "Output directory (default: out/<workload>)", "DIR"},
	    {"trace", 't', 0, G_OPTION_ARG_NONE, &trace, "Write trace.txt in every run directory",
	     NULL},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress and no table", NULL},
	    {"plots", 0, 0, G_OPTION_ARG_NONE, &plots, "Also draw DIR/plots/ (needs gnuplot)",
	     NULL},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("W.yaml - run one workload under several policies");
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autoptr(GError) error = NULL;
	CmasimCliRunOptions options;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "Every policy runs the identical scenario with the same seed. Writes one run "
	             "directory per policy under DIR and DIR/comparison.tsv.");
	if (!cmasim_cli_parse(context, "compare", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("compare", argc < 2 ? "missing workload file"
		                                                  : "one workload file expected");
	scenario = cmasim_cli_load_scenario(argv[1], FALSE, seed, sets, &error);
	if (scenario == NULL)
		return cmasim_cli_error(error);
	if (out_dir == NULL)
		out_dir = g_build_filename("out", scenario->name, NULL);
	options.trace = trace;
	options.quiet = quiet;
	return cmasim_compare_run(scenario, policies, out_dir, &options, plots);
}

gint
cmasim_cmd_demo(gint argc, gchar **argv)
{
	g_autofree gchar *out_dir = NULL;
	gboolean quiet = FALSE;
	const GOptionEntry entries[] = {
	    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
	     "Output directory (default: cmasim-out)", "DIR"},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress and no table", NULL},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("- the seed's Goni camera scenario under every policy");
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autoptr(GError) error = NULL;
	CmasimCliRunOptions options = {FALSE, FALSE};
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(context, "Runs " CMASIM_DEFAULT_WORKLOAD
	                                          " (embedded in the binary) under every policy.");
	if (!cmasim_cli_parse(context, "demo", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 1)
		return cmasim_cli_usage_error("demo", "unexpected argument '%s'", argv[1]);
	scenario = cmasim_cli_load_scenario(CMASIM_DEFAULT_WORKLOAD, TRUE, NULL, NULL, &error);
	if (scenario == NULL)
		return cmasim_cli_error(error);
	options.quiet = quiet;
	return cmasim_compare_run(scenario, NULL, out_dir != NULL ? out_dir : "cmasim-out",
	                          &options, TRUE);
}
