/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim run W.yaml [--policy P] [--seed N] [--set key.path=value]...
 * [--out DIR] [--trace] [--quiet]`: one simulation into one run directory
 * (default out/<workload>-<policy>).
 */
#define G_LOG_DOMAIN "Cmasim"

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-error.h"

gint
cmasim_cmd_run(gint argc, gchar **argv)
{
	g_autofree gchar *policy = NULL;
	g_autofree gchar *seed = NULL;
	g_autofree gchar *out_dir = NULL;
	g_auto(GStrv) sets = NULL;
	gboolean trace = FALSE;
	gboolean quiet = FALSE;
	const GOptionEntry entries[] = {
	    {"policy", 'p', 0, G_OPTION_ARG_STRING, &policy,
	     "Contiguous allocation policy (default: the workload's policy.name)", "P"},
	    {"seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Random seed (default: the workload's)",
	     "N"},
	    {"set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
	     "Override one value, e.g. machine.ram=256MiB or policy.cma.behaviour=v14 "
	     "(repeatable)",
	     "KEY.PATH=VALUE"},
	    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
	     "Run directory (default: out/<workload>-<policy>)", "DIR"},
	    {"trace", 't', 0, G_OPTION_ARG_NONE, &trace,
	     "Write trace.txt (ftrace text with the kernel's tracepoint formats)", NULL},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress and no summary table", NULL},
	    {NULL},
	};
	g_autoptr(GOptionContext) context = g_option_context_new("W.yaml - run one simulation");
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autoptr(CmasimCliResult) result = NULL;
	g_autoptr(GPtrArray) results = NULL;
	g_autoptr(GError) error = NULL;
	CmasimCliRunOptions options;
	const gchar *run_policy;
	gint signum = 0;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "Writes summary.yaml, requests.tsv, timeline.tsv, config.effective.yaml, the "
	             "final buddyinfo.txt, pagetypeinfo.txt, unusable_index and extfrag_index, and "
	             "run-info.yaml into the run directory.\n"
	             "Exit status: 0 ok, 1 input or runtime error, 2 usage, 130/143 interrupted "
	             "(outputs written with partial: true).");
	if (!cmasim_cli_parse(context, "run", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("run", argc < 2 ? "missing workload file"
		                                              : "one workload file expected");

	scenario = cmasim_cli_load_scenario(argv[1], FALSE, seed, sets, &error);
	if (scenario == NULL)
		return cmasim_cli_error(error);
	if (policy != NULL && !cmasim_cli_select_policy(scenario, policy, &error))
		return cmasim_cli_error(error);
	run_policy =
	    policy != NULL ? policy : cmasim_params_get_text(scenario->params, "policy.name");
	if (out_dir == NULL) {
		g_autofree gchar *leaf = g_strdup_printf("%s-%s", scenario->name, run_policy);
		out_dir = g_build_filename("out", leaf, NULL);
	}
	options.trace = trace;
	options.quiet = quiet;
	result = cmasim_cli_run_one(scenario, policy, out_dir, &options, &signum, &error);
	if (result == NULL)
		return cmasim_cli_error(error);
	if (!quiet) {
		results = g_ptr_array_new();
		g_ptr_array_add(results, result);
		cmasim_cli_print_table(results);
		g_print("outputs in %s\n", out_dir);
	}
	if (signum != 0) {
		g_printerr("cmasim: interrupted; partial outputs in %s\n", out_dir);
		return 128 + signum;
	}
	return CMASIM_EXIT_OK;
}
