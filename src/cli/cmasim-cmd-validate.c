/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim validate FILE...`: parse and check each workload without running
 * it (schema, presets, includes, the event stream, then the machine and the
 * placement of its regions). Prints "FILE: OK" on stdout or the error on
 * stderr for each; exit status 1 if any failed.
 */
#define G_LOG_DOMAIN "Cmasim"

#include "cli/cmasim-cli.h"

gint
cmasim_cmd_validate(gint argc, gchar **argv)
{
	gboolean quiet = FALSE;
	const GOptionEntry entries[] = {
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only the errors", NULL},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("FILE... - check workload files without running them");
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	if (!cmasim_cli_parse(context, "validate", &argc, &argv, &exit_code))
		return exit_code;
	if (argc < 2)
		return cmasim_cli_usage_error("validate", "missing workload file");
	for (gint i = 1; i < argc; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimScenario) scenario = cmasim_scenario_load(argv[i], &error);
		if (scenario != NULL && !cmasim_sim_check_scenario(scenario, &error))
			g_prefix_error(&error, "%s: ", argv[i]);
		if (error != NULL) {
			cmasim_cli_error(error);
			exit_code = CMASIM_EXIT_ERROR;
			continue;
		}
		if (!quiet)
			g_print("%s: OK\n", argv[i]);
	}
	return exit_code;
}
