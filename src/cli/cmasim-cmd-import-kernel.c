/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim import-kernel CAPTURE_DIR [-o OUT.yaml]`: a workload that replays
 * a kernel reference capture (its ops.log) on the same machine and CMA area
 * (docs/kernel-agreement.md). Without -o the workload goes to stdout.
 * Exit status: 0 ok, 1 a bad capture or an unwritable output, 2 usage.
 */
#define G_LOG_DOMAIN "Cmasim"

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-kref.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-units.h"

gint
cmasim_cmd_import_kernel(gint argc, gchar **argv)
{
	g_autofree gchar *out_path = NULL;
	g_autofree gchar *spacing = NULL;
	const GOptionEntry entries[] = {
	    {"spacing", 0, 0, G_OPTION_ARG_STRING, &spacing,
	     "Time from one op to the next (default 1s; every op must finish before the next)",
	     "TIME"},
	    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
	     "Write the workload to this file (atomically) instead of stdout", "OUT.yaml"},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("CAPTURE_DIR - a workload that replays a kernel capture");
	g_autoptr(CmasimKrefCapture) capture = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	CmasimKrefWriteOptions options;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "CAPTURE_DIR is a kernel reference capture such as "
	             "tests/data/kernel/x86-64-idle (its ops.log is read). The workload has the "
	             "capture's machine, CMA area and background load, then its debugfs cma "
	             "alloc/free writes as timed events one second apart (--spacing); run it with "
	             "'cmasim run' and compare with 'cmasim agree' (docs/kernel-agreement.md).\n"
	             "Exit status: 0 ok, 1 a bad capture or output, 2 usage.");
	if (!cmasim_cli_parse(context, "import-kernel", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("import-kernel",
		                              argc < 2 ? "missing capture directory"
		                                       : "one capture directory expected");
	cmasim_kref_write_options_init(&options);
	if (spacing != NULL && (!cmasim_parse_time_ns(spacing, &options.op_spacing_ns, NULL) ||
	                        options.op_spacing_ns == 0))
		return cmasim_cli_usage_error("import-kernel",
		                              "--spacing: '%s' is not a time above 0 (e.g. 1s, 50ms)",
		                              spacing);
	capture = cmasim_kref_capture_load(argv[1], &error);
	if (capture == NULL || !cmasim_kref_write_workload(capture, text, &options, &error))
		return cmasim_cli_error(error);
	if (out_path == NULL) {
		g_print("%s", text->str);
		return CMASIM_EXIT_OK;
	}
	if (!cmasim_output_write_file_atomic(out_path, text->str, text->len, &error))
		return cmasim_cli_error(error);
	return CMASIM_EXIT_OK;
}
