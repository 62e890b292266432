/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The `cmasim` command: dispatches to one file per command. With no
 * argument it runs the demo. Exit status: 0 ok, 1 input or runtime error,
 * 2 usage, 3 regression (`check`), 128 + signal when interrupted.
 */
#define G_LOG_DOMAIN "Cmasim"

#include "cmasim-config.h"

#include <locale.h>
#include <string.h>

#include "cli/cmasim-cli.h"

typedef struct {
	const gchar *name;
	CmasimCliCommand func;
	const gchar *summary;
} CmasimCliEntry;

static const CmasimCliEntry cmasim_commands[] = {
    {"run", cmasim_cmd_run, "run one simulation: cmasim run W.yaml [--policy P] [--out DIR]"},
    {"compare", cmasim_cmd_compare,
     "the same workload and seed under several policies, side by side"},
    {"demo", cmasim_cmd_demo, "the seed's Goni camera scenario under every policy"},
    {"validate", cmasim_cmd_validate, "check workload files without running them"},
    {"plot", cmasim_cmd_plot, "gnuplot figures of a run or compare directory"},
    {"check", cmasim_cmd_check,
     "CI regression gate: cmasim check DIR --baseline B.yaml (exit 3 on a regression)"},
    {"baseline", cmasim_cmd_baseline, "write a baseline of a run or compare directory"},
    {"sweep", cmasim_cmd_sweep,
     "a workload over seeds, values and policies, in parallel: cmasim sweep W.yaml --out DIR"},
    {"sweep-merge", cmasim_cmd_sweep_merge, "the tables of a sweep run in shards"},
    {"sweep-plot", cmasim_cmd_sweep_plot, "a sweep's metric against a swept value (gnuplot)"},
    {"import-kernel", cmasim_cmd_import_kernel,
     "a workload replaying a kernel capture: cmasim import-kernel CAPTURE_DIR -o OUT.yaml"},
    {"agree", cmasim_cmd_agree,
     "a kernel capture against a run of its workload: cmasim agree CAPTURE_DIR RUNDIR"},
    {"list", cmasim_cmd_list, "list policies, presets, workloads, cpus or params"},
};

static void
cmasim_print_help(void)
{
	g_print("Usage:\n  cmasim [COMMAND] [OPTION...]\n\n"
	        "A discrete-event simulator of the Linux Contiguous Memory Allocator and its\n"
	        "alternatives (cma, alloc_contig_pages, carveout).\n\n"
	        "Commands:\n");
	for (guint i = 0; i < G_N_ELEMENTS(cmasim_commands); i++)
		g_print("  %-13s %s\n", cmasim_commands[i].name, cmasim_commands[i].summary);
	g_print("\nWithout a command, cmasim runs the demo into cmasim-out/.\n"
	        "'cmasim COMMAND --help' describes each command.\n\n"
	        "Options:\n"
	        "  -h, --help     Show this help\n"
	        "  -V, --version  Show the version\n\n"
	        "Exit status: 0 ok, 1 input or runtime error, 2 usage, 3 regression\n"
	        "(cmasim check: a metric left its baseline's tolerance, docs/regression-gate.md),\n"
	        "130/143 interrupted by SIGINT/SIGTERM (partial outputs written); cmasim agree:\n"
	        "1 some op disagrees with the kernel, 2 bad input (docs/kernel-agreement.md).\n");
}

int
main(int argc, char **argv)
{
	const gchar *command;

	/* messages in the user's charset; numbers always with a '.' (outputs must not vary) */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (argc < 2)
		return cmasim_cmd_demo(1, (gchar *[]){(gchar *)"demo", NULL});
	command = argv[1];
	if (g_strcmp0(command, "--version") == 0 || g_strcmp0(command, "-V") == 0 ||
	    g_strcmp0(command, "version") == 0) {
		g_print("cmasim %s\n", CMASIM_VERSION);
		return CMASIM_EXIT_OK;
	}
	if (g_strcmp0(command, "--help") == 0 || g_strcmp0(command, "-h") == 0 ||
	    g_strcmp0(command, "help") == 0) {
		cmasim_print_help();
		return CMASIM_EXIT_OK;
	}
	for (guint i = 0; i < G_N_ELEMENTS(cmasim_commands); i++) {
		if (g_strcmp0(command, cmasim_commands[i].name) == 0) {
			g_autofree gchar *prgname = g_strdup_printf("cmasim %s", command);
			g_set_prgname(prgname);
			return cmasim_commands[i].func(argc - 1, argv + 1);
		}
	}
	if (command[0] == '-')
		return cmasim_cli_usage_error(NULL, "unknown option '%s'", command);
	return cmasim_cli_usage_error(NULL,
	                              "unknown command '%s' (commands: run, compare, demo, "
	                              "validate, plot, check, baseline, sweep, import-kernel, "
	                              "agree, list)",
	                              command);
}
