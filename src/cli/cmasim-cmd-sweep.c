/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim sweep W.yaml --seeds 1..100 [--set key=v1,v2]... [--policies a,b]
 * [-j N] [--shard I/K] --out DIR`: every run of the plan's cross product as
 * a child `cmasim run ... --quiet --out DIR/runs/<name>` (this binary, via
 * /proc/self/exe, spawned without a shell), at most N at once; finished runs
 * are skipped on a rerun; then the tidy tables. `cmasim sweep-merge DIR`:
 * the tables of DIR's plan once every run is there. docs/sweep.md.
 */
#define G_LOG_DOMAIN "Cmasim"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-sweep.h"

static volatile sig_atomic_t cmasim_sweep_signal;

static void
cmasim_sweep_on_signal(int signum)
{
	cmasim_sweep_signal = signum;
}

static void
cmasim_sweep_install_signals(void)
{
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = cmasim_sweep_on_signal;
	sigemptyset(&action.sa_mask);
	/* no SA_RESTART: waitpid() returns EINTR so the sweep sees the signal */
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

/* a child in its own process group: a terminal's ^C reaches only the sweep, which forwards it */
static void
cmasim_sweep_child_setup(gpointer data)
{
	setpgid(0, 0);
}

typedef struct {
	GPid pid;
	const CmasimSweepRun *run;
	gchar *run_dir;
} CmasimSweepChild;

static gboolean
cmasim_sweep_spawn(const gchar *exe, const CmasimSweepPlan *plan, const CmasimSweepRun *run,
                   const gchar *run_dir, GPid *pid, GError **error)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autofree gchar *err_path = g_build_filename(run_dir, "stderr.txt", NULL);
	gint null_fd, err_fd;
	gboolean ok;

	if (!cmasim_output_ensure_dir(run_dir, error))
		return FALSE;
	g_ptr_array_add(argv, g_strdup(exe));
	g_ptr_array_add(argv, g_strdup("run"));
	g_ptr_array_add(argv, g_strdup(plan->workload));
	g_ptr_array_add(argv, g_strdup("--quiet"));
	g_ptr_array_add(argv, g_strdup_printf("--policy=%s", run->policy));
	g_ptr_array_add(argv, g_strdup_printf("--seed=%" G_GUINT64_FORMAT, run->seed));
	for (guint k = 0; k < plan->sets->len; k++) {
		const CmasimSweepSet *set = g_ptr_array_index(plan->sets, k);
		g_ptr_array_add(argv, g_strdup_printf("--set=%s=%s", set->key,
		                                      (const gchar *)g_ptr_array_index(run->values, k)));
	}
	g_ptr_array_add(argv, g_strdup_printf("--out=%s", run_dir));
	g_ptr_array_add(argv, NULL);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (null_fd < 0 || err_fd < 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO, "%s: %s", err_path,
		            g_strerror(errno));
		if (null_fd >= 0)
			close(null_fd);
		if (err_fd >= 0)
			close(err_fd);
		return FALSE;
	}
	ok = g_spawn_async_with_pipes_and_fds(NULL, (const gchar *const *)argv->pdata, NULL,
	                                      G_SPAWN_DO_NOT_REAP_CHILD, cmasim_sweep_child_setup,
	                                      NULL, -1, null_fd, err_fd, NULL, NULL, 0, pid, NULL,
	                                      NULL, NULL, error);
	close(null_fd);
	close(err_fd);
	return ok;
}

static void
cmasim_sweep_progress(guint done, guint total, gint64 start_us)
{
	gdouble elapsed = (g_get_monotonic_time() - start_us) / 1e6;
	gdouble rate = elapsed > 0 ? done / elapsed : 0;
	gdouble eta = rate > 0 ? (total - done) / rate : 0;
	g_printerr("\rsweep: %u/%u runs, %.2f runs/s, ETA %.0f s   ", done, total, rate, eta);
}

/* the tables, then the names of the runs not done; the exit code */
static gint
cmasim_sweep_finish(const gchar *out_dir, const CmasimSweepPlan *plan, GPtrArray *runs,
                    gint signum, gboolean merge)
{
	g_autoptr(GPtrArray) missing = NULL;
	g_autoptr(GPtrArray) failed = NULL;
	g_autoptr(GError) error = NULL;

	if (!cmasim_sweep_write_tables(out_dir, plan, runs, &missing, &failed, &error))
		return cmasim_cli_error(error);
	for (guint i = 0; i < failed->len; i++)
		g_printerr("cmasim: run failed: %s (see its stderr.txt)\n",
		           (const gchar *)g_ptr_array_index(failed, i));
	if (signum != 0 || merge) {
		for (guint i = 0; i < missing->len; i++)
			g_printerr("cmasim: run missing: %s\n",
			           (const gchar *)g_ptr_array_index(missing, i));
	}
	if (signum != 0) {
		g_printerr("cmasim: interrupted; %u of %u runs missing; rerun the same command to "
		           "resume\n", missing->len, runs->len);
		return 128 + signum;
	}
	if (failed->len > 0 || (merge && missing->len > 0))
		return CMASIM_EXIT_ERROR;
	return CMASIM_EXIT_OK;
}

/* DIR/sweep.yaml made @plan's, or an error if it holds another plan */
static gboolean
cmasim_sweep_claim_dir(const gchar *out_dir, const CmasimSweepPlan *plan, GError **error)
{
	g_autofree gchar *path = g_build_filename(out_dir, "sweep.yaml", NULL);
	g_autofree gchar *text = NULL;

	if (!cmasim_output_ensure_dir(out_dir, error))
		return FALSE;
	if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_autoptr(CmasimSweepPlan) old_plan = cmasim_sweep_plan_load(path, error);
		g_autofree gchar *diff = NULL;
		if (old_plan == NULL)
			return FALSE;
		diff = cmasim_sweep_plan_diff(old_plan, plan);
		if (diff != NULL) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "%s holds another sweep: %s (use another --out)", path, diff);
			return FALSE;
		}
		return TRUE;
	}
	text = cmasim_sweep_plan_to_yaml(plan);
	return cmasim_output_write_file_atomic(path, text, strlen(text), error);
}

static gint
cmasim_sweep_execute(const CmasimSweepPlan *plan, const gchar *out_dir, guint jobs, guint shard,
                     guint shards, gboolean quiet)
{
	g_autoptr(GPtrArray) runs = cmasim_sweep_plan_expand(plan);
	g_autoptr(GPtrArray) todo = g_ptr_array_new();
	g_autoptr(GArray) children = g_array_new(FALSE, TRUE, sizeof(CmasimSweepChild));
	g_autoptr(GError) error = NULL;
	g_autofree gchar *exe = g_file_read_link("/proc/self/exe", &error);
	gboolean progress = !quiet && isatty(STDERR_FILENO);
	gint64 start_us = g_get_monotonic_time();
	guint next = 0, done = 0;
	gint signum = 0;

	if (exe == NULL)
		return cmasim_cli_error(error);
	if (!cmasim_sweep_claim_dir(out_dir, plan, &error))
		return cmasim_cli_error(error);
	for (guint i = 0; i < runs->len; i++) {
		const CmasimSweepRun *run = g_ptr_array_index(runs, i);
		g_autofree gchar *run_dir = g_build_filename(out_dir, "runs", run->name, NULL);
		if (cmasim_sweep_shard_has(i, shard, shards) &&
		    cmasim_sweep_run_status(run_dir) != CMASIM_SWEEP_OK)
			g_ptr_array_add(todo, (gpointer)run);
	}
	cmasim_sweep_install_signals();
	while (next < todo->len || children->len > 0) {
		while (signum == 0 && next < todo->len && children->len < jobs) {
			CmasimSweepChild child = {0};
			child.run = g_ptr_array_index(todo, next++);
			child.run_dir = g_build_filename(out_dir, "runs", child.run->name, NULL);
			g_autofree gchar *status_path =
			    g_build_filename(child.run_dir, "exit-status", NULL);
			g_unlink(status_path);
			if (!cmasim_sweep_spawn(exe, plan, child.run, child.run_dir, &child.pid,
			                        &error)) {
				g_free(child.run_dir);
				signum = SIGTERM;
				for (guint c = 0; c < children->len; c++)
					kill(g_array_index(children, CmasimSweepChild, c).pid, SIGTERM);
				cmasim_cli_error(error);
				g_clear_error(&error);
				break;
			}
			g_array_append_val(children, child);
		}
		if (children->len == 0)
			break;
		gint status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR && cmasim_sweep_signal != 0 && signum == 0) {
				/* stop launching; each running child writes partial: true and exits */
				signum = cmasim_sweep_signal;
				for (guint c = 0; c < children->len; c++)
					kill(g_array_index(children, CmasimSweepChild, c).pid, signum);
			}
			continue;
		}
		for (guint c = 0; c < children->len; c++) {
			CmasimSweepChild *child = &g_array_index(children, CmasimSweepChild, c);
			if (child->pid != pid)
				continue;
			gint code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			/* an interrupted run is missing, not failed: the resume reruns it */
			if (code != 0 && code != 130 && code != 143) {
				g_autofree gchar *path = g_build_filename(child->run_dir, "exit-status", NULL);
				g_autofree gchar *text = g_strdup_printf("%d\n", code);
				if (!cmasim_output_write_file_atomic(path, text, strlen(text), &error)) {
					cmasim_cli_error(error);
					g_clear_error(&error);
				}
			}
			g_spawn_close_pid(child->pid);
			g_free(child->run_dir);
			g_array_remove_index(children, c);
			done++;
			if (progress)
				cmasim_sweep_progress(done, todo->len, start_us);
			break;
		}
		if (signum == 0 && cmasim_sweep_signal != 0) {
			signum = cmasim_sweep_signal;
			for (guint c = 0; c < children->len; c++)
				kill(g_array_index(children, CmasimSweepChild, c).pid, signum);
		}
	}
	if (progress)
		g_printerr("\n");
	if (shards > 1 && signum == 0) {
		/* a shard's runs are done; sweep-merge writes the tables of all of them */
		return CMASIM_EXIT_OK;
	}
	return cmasim_sweep_finish(out_dir, plan, runs, signum, FALSE);
}

/* @arg single-quoted for the sbatch script's shell */
static void
cmasim_sweep_shell_word(GString *out, const gchar *arg)
{
	g_autofree gchar *quoted = g_shell_quote(arg);
	g_string_append_printf(out, " %s", quoted);
}

/*
 * DIR/sweep.sbatch (a job array, one task per shard) and
 * DIR/sweep-merge.sbatch (sweep-merge, submitted with --dependency=afterok)
 */
static gint
cmasim_sweep_emit_slurm(const CmasimSweepPlan *plan, const gchar *out_dir, guint shards,
                        gint jobs)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *exe = g_file_read_link("/proc/self/exe", &error);
	g_autofree gchar *dir = NULL;
	g_autofree gchar *array_path = NULL;
	g_autofree gchar *merge_path = NULL;
	g_autoptr(GString) array = g_string_new("#!/bin/sh\n");
	g_autoptr(GString) merge = g_string_new("#!/bin/sh\n");
	g_autoptr(GString) policies = g_string_new(NULL);

	if (exe == NULL)
		return cmasim_cli_error(error);
	if (!cmasim_sweep_claim_dir(out_dir, plan, &error))
		return cmasim_cli_error(error);
	dir = g_canonicalize_filename(out_dir, NULL);
	if (!cmasim_output_ensure_dir(dir, &error))
		return cmasim_cli_error(error);
	for (guint i = 0; i < plan->policies->len; i++)
		g_string_append_printf(policies, "%s%s", i == 0 ? "" : ",",
		                       (const gchar *)g_ptr_array_index(plan->policies, i));
	g_string_append_printf(array,
	                       "# written by cmasim sweep --emit slurm: one array task per shard\n"
	                       "#SBATCH --job-name=cmasim-sweep\n"
	                       "#SBATCH --array=0-%u\n"
	                       "#SBATCH --cpus-per-task=%d\n"
	                       "#SBATCH --output=%s/slurm-%%A_%%a.out\n"
	                       "exec",
	                       shards - 1, jobs > 0 ? jobs : 1, dir);
	cmasim_sweep_shell_word(array, exe);
	cmasim_sweep_shell_word(array, "sweep");
	cmasim_sweep_shell_word(array, plan->workload);
	g_string_append(array, " --seeds");
	cmasim_sweep_shell_word(array, plan->seeds_text);
	for (guint k = 0; k < plan->sets->len; k++) {
		const CmasimSweepSet *set = g_ptr_array_index(plan->sets, k);
		g_autofree gchar *joined = NULL;
		g_ptr_array_add(set->values, NULL);
		joined = g_strjoinv(",", (gchar **)set->values->pdata);
		g_ptr_array_remove_index(set->values, set->values->len - 1);
		g_autofree gchar *word = g_strdup_printf("%s=%s", set->key, joined);
		g_string_append(array, " --set");
		cmasim_sweep_shell_word(array, word);
	}
	g_string_append(array, " --policies");
	cmasim_sweep_shell_word(array, policies->str);
	g_string_append_printf(array,
	                       " -j \"${SLURM_CPUS_PER_TASK:-1}\" --quiet"
	                       " --shard \"$SLURM_ARRAY_TASK_ID/%u\" --out",
	                       shards);
	cmasim_sweep_shell_word(array, dir);
	g_string_append_c(array, '\n');
	g_string_append_printf(merge,
	                       "# written by cmasim sweep --emit slurm: the tables once every shard "
	                       "is done\n"
	                       "# sbatch --dependency=afterok:<array job id> sweep-merge.sbatch\n"
	                       "#SBATCH --job-name=cmasim-sweep-merge\n"
	                       "#SBATCH --output=%s/slurm-merge-%%j.out\n"
	                       "exec",
	                       dir);
	cmasim_sweep_shell_word(merge, exe);
	cmasim_sweep_shell_word(merge, "sweep-merge");
	cmasim_sweep_shell_word(merge, dir);
	g_string_append_c(merge, '\n');
	array_path = g_build_filename(dir, "sweep.sbatch", NULL);
	merge_path = g_build_filename(dir, "sweep-merge.sbatch", NULL);
	if (!cmasim_output_write_file_atomic(array_path, array->str, array->len, &error) ||
	    !cmasim_output_write_file_atomic(merge_path, merge->str, merge->len, &error))
		return cmasim_cli_error(error);
	g_print("submit with:\n  jid=$(sbatch --parsable %s) && sbatch --dependency=afterok:$jid "
	        "%s\n", array_path, merge_path);
	return CMASIM_EXIT_OK;
}

static gint
cmasim_sweep_row_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

gint
cmasim_cmd_sweep(gint argc, gchar **argv)
{
	g_autofree gchar *seeds = NULL;
	g_autofree gchar *policies = NULL;
	g_autofree gchar *out_dir = NULL;
	g_autofree gchar *shard_text = NULL;
	g_autofree gchar *emit = NULL;
	g_autofree gchar *workload = NULL;
	g_auto(GStrv) sets = NULL;
	gint jobs = 0;
	gint emit_shards = 0;
	gboolean quiet = FALSE;
	const GOptionEntry entries[] = {
	    {"seeds", 0, 0, G_OPTION_ARG_STRING, &seeds, "Seeds and ranges (default: 1)",
	     "1..100,200"},
	    {"set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
	     "Sweep one key over values (repeatable: the cross product)", "KEY=V1,V2,..."},
	    {"policies", 'p', 0, G_OPTION_ARG_STRING, &policies,
	     "Comma-separated policies (default: every registered policy)", "A,B,C"},
	    {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Runs at once (default: every core)", "N"},
	    {"shard", 0, 0, G_OPTION_ARG_STRING, &shard_text,
	     "Run only shard I of K (runs number i with i mod K = I); no tables", "I/K"},
	    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Sweep directory (required)", "DIR"},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress", NULL},
	    {"emit", 0, 0, G_OPTION_ARG_STRING, &emit,
	     "Run nothing: write DIR/sweep.sbatch and DIR/sweep-merge.sbatch", "slurm"},
	    {"shards", 0, 0, G_OPTION_ARG_INT, &emit_shards,
	     "With --emit slurm: array tasks (default: 1 per 10 runs)", "K"},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("W.yaml - one workload over seeds, values and policies");
	g_autoptr(CmasimSweepPlan) plan = NULL;
	g_autoptr(GPtrArray) names = NULL;
	g_autoptr(GError) error = NULL;
	gint exit_code = CMASIM_EXIT_OK;
	guint shard = 0, shards = 0;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(
	    context, "Each run is a child `cmasim run` into DIR/runs/<policy>/<key>=<value>,.../"
	             "seed-<n>. Finished runs are kept and skipped by a rerun of the same command. "
	             "Writes DIR/sweep.yaml, DIR/sweep.tsv/.csv (one row per run) and "
	             "DIR/sweep-summary.tsv/.csv (statistics per configuration). docs/sweep.md.");
	if (!cmasim_cli_parse(context, "sweep", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("sweep", argc < 2 ? "missing workload file"
		                                                : "one workload file expected");
	if (out_dir == NULL)
		return cmasim_cli_usage_error("sweep", "--out DIR is required");
	if (jobs < 0 || jobs > 1024)
		return cmasim_cli_usage_error("sweep", "-j %d: expected 1..1024", jobs);
	if (shard_text != NULL && !cmasim_sweep_parse_shard(shard_text, &shard, &shards, &error))
		return cmasim_cli_usage_error("sweep", "%s", error->message);
	names = cmasim_cli_policy_list(policies, &error);
	if (names == NULL)
		return cmasim_cli_error(error);
	/* absolute: the plan names the same file from any directory (resume, Slurm tasks) */
	workload = g_canonicalize_filename(argv[1], NULL);
	plan = cmasim_sweep_plan_new(workload, seeds != NULL ? seeds : "1", sets, names, &error);
	if (plan == NULL)
		return cmasim_cli_usage_error("sweep", "%s", error->message);
	if (emit != NULL) {
		guint nruns = plan->seeds->len * plan->policies->len;
		if (g_strcmp0(emit, "slurm") != 0)
			return cmasim_cli_usage_error("sweep", "--emit %s: only slurm is known", emit);
		for (guint k = 0; k < plan->sets->len; k++)
			nruns *= ((CmasimSweepSet *)g_ptr_array_index(plan->sets, k))->values->len;
		if (emit_shards < 0 || emit_shards > 100000)
			return cmasim_cli_usage_error("sweep", "--shards %d: expected 1..100000",
			                              emit_shards);
		if (emit_shards == 0)
			emit_shards = (gint)MAX(1u, (nruns + 9) / 10);
		return cmasim_sweep_emit_slurm(plan, out_dir, (guint)emit_shards, jobs);
	}
	return cmasim_sweep_execute(plan, out_dir, jobs > 0 ? (guint)jobs : g_get_num_processors(),
	                            shard, shards, quiet);
}

gint
cmasim_cmd_sweep_merge(gint argc, gchar **argv)
{
	g_autoptr(GOptionContext) context =
	    g_option_context_new("DIR - the tables of a sweep run in shards");
	g_autoptr(CmasimSweepPlan) plan = NULL;
	g_autoptr(GPtrArray) runs = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	gint exit_code = CMASIM_EXIT_OK;

	g_option_context_set_description(
	    context, "Reads DIR/sweep.yaml, checks that every planned run has a complete "
	             "summary.yaml and writes the tables; exit 1 naming the runs missing or failed.");
	if (!cmasim_cli_parse(context, "sweep-merge", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("sweep-merge", "one sweep directory expected");
	path = g_build_filename(argv[1], "sweep.yaml", NULL);
	plan = cmasim_sweep_plan_load(path, &error);
	if (plan == NULL)
		return cmasim_cli_error(error);
	runs = cmasim_sweep_plan_expand(plan);
	return cmasim_sweep_finish(argv[1], plan, runs, 0, TRUE);
}

/*
 * `cmasim sweep-plot DIR --metric M --x KEY`: DIR/plots/sweep-<M>-<KEY>.tsv
 * from DIR/sweep-summary.tsv (one block per series: the policy and the
 * other swept values) and scripts/plots/sweep.gp's figure of it.
 */
gint
cmasim_cmd_sweep_plot(gint argc, gchar **argv)
{
	g_autofree gchar *metric = NULL;
	g_autofree gchar *xkey = NULL;
	g_autofree gchar *format = NULL;
	const GOptionEntry entries[] = {
	    {"metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
	     "A column of sweep.tsv (a dotted path of summary.yaml)", "M"},
	    {"x", 'x', 0, G_OPTION_ARG_STRING, &xkey, "The swept key on the x axis", "KEY"},
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "png (default) or svg", "FMT"},
	    {NULL},
	};
	g_autoptr(GOptionContext) context =
	    g_option_context_new("DIR - a sweep's metric against a swept value");
	g_autoptr(CmasimSweepPlan) plan = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *table = NULL;
	g_autofree gchar *gnuplot = NULL;
	g_autofree gchar *scripts = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GHashTable) series =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
	g_autoptr(GPtrArray) order = g_ptr_array_new();
	g_autoptr(GString) data = g_string_new(NULL);
	g_autoptr(GString) titles = g_string_new(NULL);
	gint exit_code = CMASIM_EXIT_OK;
	gint xk = -1;

	g_option_context_add_main_entries(context, entries, NULL);
	if (!cmasim_cli_parse(context, "sweep-plot", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2 || metric == NULL || xkey == NULL)
		return cmasim_cli_usage_error("sweep-plot", "expected DIR --metric M --x KEY");
	if (format == NULL)
		format = g_strdup("png");
	if (g_strcmp0(format, "png") != 0 && g_strcmp0(format, "svg") != 0)
		return cmasim_cli_usage_error("sweep-plot", "--format %s: expected png or svg", format);
	path = g_build_filename(argv[1], "sweep.yaml", NULL);
	plan = cmasim_sweep_plan_load(path, &error);
	if (plan == NULL)
		return cmasim_cli_error(error);
	for (guint k = 0; k < plan->sets->len; k++)
		if (g_strcmp0(((CmasimSweepSet *)g_ptr_array_index(plan->sets, k))->key, xkey) == 0)
			xk = (gint)k;
	if (xk < 0)
		return cmasim_cli_usage_error("sweep-plot", "--x %s: not a swept key of %s", xkey,
		                              path);
	const CmasimSweepSet *xset = g_ptr_array_index(plan->sets, xk);
	g_free(path);
	path = g_build_filename(argv[1], "sweep-summary.tsv", NULL);
	if (!g_file_get_contents(path, &table, NULL, &error))
		return cmasim_cli_error(error);
	lines = g_strsplit(table, "\n", -1);
	/* columns: config, policy, one per key, metric, n, mean, median, p5, p95, low, high */
	const guint nk = plan->sets->len;
	for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		g_auto(GStrv) f = g_strsplit(lines[i], "\t", -1);
		if (g_strv_length(f) != 10 + nk || g_strcmp0(f[2 + nk], metric) != 0 ||
		    f[5 + nk][0] == '\0')
			continue;
		g_autoptr(GString) name = g_string_new(f[1]);
		for (guint k = 0; k < nk; k++)
			if ((gint)k != xk)
				g_string_append_printf(name, ",%s=%s",
				                       ((CmasimSweepSet *)g_ptr_array_index(plan->sets, k))->key,
				                       f[2 + k]);
		GPtrArray *rows = g_hash_table_lookup(series, name->str);
		if (rows == NULL) {
			rows = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(order, g_strdup(name->str));
			g_hash_table_insert(series, g_ptr_array_index(order, order->len - 1), rows);
		}
		guint pos = 0;
		while (pos < xset->values->len &&
		       g_strcmp0(g_ptr_array_index(xset->values, pos), f[2 + xk]) != 0)
			pos++;
		const gchar *mean = f[5 + nk];
		const gchar *low = f[8 + nk][0] != '\0' ? f[8 + nk] : mean;
		const gchar *high = f[9 + nk][0] != '\0' ? f[9 + nk] : mean;
		g_ptr_array_add(rows, g_strdup_printf("%06u\t%s\t%s\t%s\t%s\n", pos, f[2 + xk], mean,
		                                      low, high));
	}
	if (order->len == 0) {
		g_set_error(&error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "%s: no values of metric '%s'", path, metric);
		return cmasim_cli_error(error);
	}
	for (guint s = 0; s < order->len; s++) {
		const gchar *name = g_ptr_array_index(order, s);
		GPtrArray *rows = g_hash_table_lookup(series, name);
		if (strpbrk(name, "' \"\t") != NULL) {
			g_set_error(&error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
			            "cannot plot '%s': quotes or spaces in a name", name);
			return cmasim_cli_error(error);
		}
		g_ptr_array_sort(rows, (GCompareFunc)cmasim_sweep_row_compare);
		for (guint r = 0; r < rows->len; r++) {
			const gchar *row = g_ptr_array_index(rows, r);
			/* the position without its sorting zeros */
			guint64 pos = g_ascii_strtoull(row, NULL, 10);
			g_string_append_printf(data, "%" G_GUINT64_FORMAT "%s", pos, strchr(row, '\t'));
		}
		g_string_append(data, "\n\n");
		g_string_append_printf(titles, "%s%s", s == 0 ? "" : " ", name);
	}
	if (!cmasim_cli_plot_setup(&gnuplot, &scripts, &error))
		return cmasim_cli_error(error);
	g_autofree gchar *plots = g_build_filename(argv[1], "plots", NULL);
	g_autofree gchar *safe_metric = cmasim_sweep_sanitize(metric);
	g_autofree gchar *safe_key = cmasim_sweep_sanitize(xkey);
	g_autofree gchar *base = g_strdup_printf("sweep-%s-%s", safe_metric, safe_key);
	g_autofree gchar *data_path = g_strdup_printf("%s/%s.tsv", plots, base);
	g_autofree gchar *out = g_strdup_printf("%s/%s.%s", plots, base, format);
	g_autofree gchar *script = g_build_filename(scripts, "sweep.gp", NULL);
	if (strpbrk(data_path, "'\"") != NULL || strpbrk(metric, "'\"") != NULL ||
	    strpbrk(xkey, "'\"") != NULL)
		return cmasim_cli_usage_error("sweep-plot", "quotes in a path, metric or key");
	g_autofree gchar *vars = g_strdup_printf(
	    "dir='%s/'; file='%s'; titles='%s'; metric='%s'; xkey='%s'; out='%s'; fmt='%s'", scripts,
	    data_path, titles->str, metric, xkey, out, format);
	if (!cmasim_output_ensure_dir(plots, &error) ||
	    !cmasim_output_write_file_atomic(data_path, data->str, data->len, &error) ||
	    !cmasim_cli_gnuplot(gnuplot, script, vars, &error))
		return cmasim_cli_error(error);
	g_print("%s\n", out);
	return CMASIM_EXIT_OK;
}
