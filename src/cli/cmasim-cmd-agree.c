/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim agree CAPTURE_DIR RUNDIR [--tolerance PCT]`: the kernel's
 * outcome, pfn and migrated/dropped pages of each op of a capture next to
 * a run of its imported workload (docs/kernel-agreement.md). The table goes
 * to stdout. Exit status: 0 every op agrees, 1 some op disagrees, 2 bad
 * input (capture, run directory, options).
 */
#define G_LOG_DOMAIN "Cmasim"

#include <string.h>

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-kref.h"
#include "cmasim/cmasim-units.h"

gint
cmasim_cmd_agree(gint argc, gchar **argv)
{
	g_autofree gchar *tolerance_text = NULL;
	gboolean quiet = FALSE;
	const GOptionEntry entries[] = {
	    {"tolerance", 't', 0, G_OPTION_ARG_STRING, &tolerance_text,
	     "Migrated and dropped pages agree within this percentage of the kernel's count or "
	     "one pageblock, whichever is larger (default 10)",
	     "PCT"},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only the summary lines", NULL},
	    {NULL},
	};
	g_autoptr(GOptionContext) context = g_option_context_new(
	    "CAPTURE_DIR RUNDIR - compare a kernel capture with a run of its workload");
	g_autoptr(CmasimKrefCapture) capture = NULL;
	g_autoptr(GString) table = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	gdouble tolerance_pct = CMASIM_KREF_DEFAULT_TOLERANCE_PCT;
	guint n_disagree = 0;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "RUNDIR is the run directory of 'cmasim run' on the workload that "
	             "'cmasim import-kernel CAPTURE_DIR' wrote. Outcome (success or failure) and "
	             "pfn must agree exactly; migrated and dropped pages within the tolerance.\n"
	             "Exit status: 0 every op agrees, 1 some op disagrees (the table says which), "
	             "2 bad input or usage.");
	if (!cmasim_cli_parse(context, "agree", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 3)
		return cmasim_cli_usage_error("agree", argc < 3 ? "expected CAPTURE_DIR and RUNDIR"
		                                                : "two directories expected");
	if (tolerance_text != NULL) {
		g_autofree gchar *number = g_strstrip(g_strdup(tolerance_text));
		gsize len = strlen(number);
		if (len > 0 && number[len - 1] == '%')
			number[len - 1] = '\0';
		if (!cmasim_parse_double(number, &tolerance_pct, NULL) || tolerance_pct > 1000.0)
			return cmasim_cli_usage_error(
			    "agree",
			    "--tolerance: '%s' is not a percentage (expected "
			    "a number from 0 to 1000)",
			    tolerance_text);
	}
	capture = cmasim_kref_capture_load(argv[1], &error);
	if (capture == NULL ||
	    !cmasim_kref_agree(capture, argv[2], tolerance_pct, table, &n_disagree, &error)) {
		cmasim_cli_error(error);
		return CMASIM_EXIT_USAGE;
	}
	if (quiet) {
		/* the lines after the table all start with the capture's name and ": " */
		g_auto(GStrv) lines = g_strsplit(table->str, "\n", -1);
		guint n = g_strv_length(lines);
		g_autofree gchar *prefix = NULL;
		if (n >= 2 && strstr(lines[n - 2], ": ") != NULL)
			prefix = g_strndup(lines[n - 2],
			                   (gsize)(strstr(lines[n - 2], ": ") - lines[n - 2]) + 2);
		for (guint i = 0; prefix != NULL && i < n; i++) {
			if (g_str_has_prefix(lines[i], prefix))
				g_print("%s\n", lines[i]);
		}
	} else {
		g_print("%s", table->str);
	}
	return n_disagree > 0 ? CMASIM_EXIT_ERROR : CMASIM_EXIT_OK;
}
