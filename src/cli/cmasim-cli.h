/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Shared pieces of the command-line tool: exit codes, the commands, error
 * printing, loading a workload with --seed/--set, running one simulation
 * into a run directory with progress and signal handling, and the
 * side-by-side table. The CLI is the only part of cmasim that prints to
 * the terminal or exits.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-sim.h"

G_BEGIN_DECLS

enum {
	CMASIM_EXIT_OK = 0,
	CMASIM_EXIT_ERROR = 1,      /* bad input, runtime or I/O error */
	CMASIM_EXIT_USAGE = 2,      /* unknown command or option, missing argument */
	CMASIM_EXIT_REGRESSION = 3, /* `check`: a metric left its tolerance */
};

/* a command: argv[0] is the command's name; returns the exit code */
typedef gint (*CmasimCliCommand)(gint argc, gchar **argv);

gint cmasim_cmd_run(gint argc, gchar **argv);
gint cmasim_cmd_compare(gint argc, gchar **argv);
gint cmasim_cmd_demo(gint argc, gchar **argv);
gint cmasim_cmd_validate(gint argc, gchar **argv);
gint cmasim_cmd_list(gint argc, gchar **argv);
gint cmasim_cmd_plot(gint argc, gchar **argv);
gint cmasim_cmd_check(gint argc, gchar **argv);
gint cmasim_cmd_baseline(gint argc, gchar **argv);
gint cmasim_cmd_sweep(gint argc, gchar **argv);
gint cmasim_cmd_sweep_merge(gint argc, gchar **argv);
gint cmasim_cmd_sweep_plot(gint argc, gchar **argv);
gint cmasim_cmd_import_kernel(gint argc, gchar **argv);
gint cmasim_cmd_agree(gint argc, gchar **argv);

/* gnuplot figures of a run or compare directory into DIR/plots/ (@format: png or svg) */
gboolean cmasim_cli_plot_dir(const gchar *dir, const gchar *format, GError **error);

/* gnuplot's path and the directory of the scripts/plots/ figures, or an error saying what is missing */
gboolean cmasim_cli_plot_setup(gchar **gnuplot_out, gchar **scripts_out, GError **error);
/* gnuplot -e @vars @script (argv, no shell); its stderr in the error */
gboolean cmasim_cli_gnuplot(const gchar *gnuplot, const gchar *script, const gchar *vars,
                            GError **error);

/* "cmasim: <message>" on stderr; returns CMASIM_EXIT_ERROR */
gint cmasim_cli_error(const GError *error);
/* "cmasim <command>: <message>" and a hint on stderr; returns CMASIM_EXIT_USAGE */
gint cmasim_cli_usage_error(const gchar *command, const gchar *format, ...) G_GNUC_PRINTF(2, 3);
/* parse a command's options; on failure prints the usage error and sets *exit_code */
gboolean cmasim_cli_parse(GOptionContext *context, const gchar *command, gint *argc, gchar ***argv,
                          gint *exit_code);

/* load @path (or the embedded copy of a data file when @embedded) and apply --seed/--set */
CmasimScenario *cmasim_cli_load_scenario(const gchar *path, gboolean embedded, const gchar *seed,
                                         gchar **sets, GError **error);
/* the scenario's policy.name made @policy (via --set semantics when the parameter knows it) */
gboolean cmasim_cli_select_policy(CmasimScenario *scenario, const gchar *policy, GError **error);
/* comma-separated policy names, each checked; NULL = every registered policy */
GPtrArray *cmasim_cli_policy_list(const gchar *names, GError **error);

/* one finished run, kept after the sim is freed */
typedef struct {
	gchar *policy;
	gchar *workload;
	gchar *frag_zone;
	gchar *out_dir;
	CmasimSimSummary summary; /* its string pointers are replaced by the copies above */
} CmasimCliResult;

void cmasim_cli_result_free(CmasimCliResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimCliResult, cmasim_cli_result_free)

typedef struct {
	gboolean trace;
	gboolean quiet;
} CmasimCliRunOptions;

/*
 * Run @scenario under @policy into @out_dir with progress on stderr (a tty
 * and not quiet) and SIGINT/SIGTERM stopping the run at an event boundary.
 * Returns the result, or NULL with @error set. *@signal_out gets the signal
 * that stopped the run (0 if none): outputs are then written with
 * partial: true and the caller should exit with 128 + signal.
 */
CmasimCliResult *cmasim_cli_run_one(CmasimScenario *scenario, const gchar *policy,
                                    const gchar *out_dir, const CmasimCliRunOptions *options,
                                    gint *signal_out, GError **error);

/* the side-by-side table (stdout) and comparison.tsv text */
void cmasim_cli_print_table(GPtrArray *results);
gchar *cmasim_cli_comparison_tsv(GPtrArray *results);

/* a signal seen while no run was going on (between the runs of a compare) */
gint cmasim_cli_pending_signal(void);

G_END_DECLS
