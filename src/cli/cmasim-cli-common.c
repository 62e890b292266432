/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * What the commands share: error and usage messages, loading a workload
 * with --seed and --set, running one simulation into a run directory
 * (progress on a terminal, SIGINT/SIGTERM ending the run at an event
 * boundary with partial outputs) and the side-by-side table of results.
 */
#define G_LOG_DOMAIN "Cmasim"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-policy.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-workload.h"

#define CMASIM_CLI_PROGRESS_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)

gint
cmasim_cli_error(const GError *error)
{
	g_printerr("cmasim: %s\n", error != NULL ? error->message : "unknown error");
	return CMASIM_EXIT_ERROR;
}

gint
cmasim_cli_usage_error(const gchar *command, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	if (command != NULL) {
		g_printerr("cmasim %s: %s\n", command, message);
		g_printerr("Try 'cmasim %s --help' for more information.\n", command);
	} else {
		g_printerr("cmasim: %s\n", message);
		g_printerr("Try 'cmasim --help' for more information.\n");
	}
	return CMASIM_EXIT_USAGE;
}

gboolean
cmasim_cli_parse(GOptionContext *context, const gchar *command, gint *argc, gchar ***argv,
                 gint *exit_code)
{
	g_autoptr(GError) error = NULL;

	if (!g_option_context_parse(context, argc, argv, &error)) {
		*exit_code = cmasim_cli_usage_error(command, "%s", error->message);
		return FALSE;
	}
	/* an option-looking argument after "--" is fine; before it GOption already complained */
	return TRUE;
}

gboolean
cmasim_cli_select_policy(CmasimScenario *scenario, const gchar *policy, GError **error)
{
	g_autofree gchar *assignment = NULL;
	const CmasimParamDef *def = cmasim_param_def_lookup("policy.name");
	g_auto(GStrv) choices = NULL;

	if (cmasim_policy_ops_lookup(policy, error) == NULL)
		return FALSE;
	if (g_strcmp0(cmasim_params_get_text(scenario->params, "policy.name"), policy) == 0)
		return TRUE;
	/* a registered policy the parameter does not list is passed to the sim directly */
	if (def == NULL || def->choices == NULL)
		return TRUE;
	choices = g_strsplit(def->choices, "|", -1);
	if (!g_strv_contains((const gchar *const *)choices, policy))
		return TRUE;
	assignment = g_strdup_printf("policy.name=%s", policy);
	return cmasim_scenario_apply_set(scenario, assignment, error);
}

GPtrArray *
cmasim_cli_policy_list(const gchar *names, GError **error)
{
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);

	if (names == NULL) {
		guint n_ops = 0;
		const CmasimPolicyOps *const *ops = cmasim_policy_ops_list(&n_ops);
		for (guint i = 0; i < n_ops; i++)
			g_ptr_array_add(list, g_strdup(ops[i]->name));
		return g_steal_pointer(&list);
	}
	{
		g_auto(GStrv) parts = g_strsplit(names, ",", -1);
		for (guint i = 0; parts[i] != NULL; i++) {
			const CmasimPolicyOps *ops;
			g_strstrip(parts[i]);
			if (parts[i][0] == '\0')
				continue;
			ops = cmasim_policy_ops_lookup(parts[i], error);
			if (ops == NULL)
				return NULL;
			g_ptr_array_add(list, g_strdup(ops->name));
		}
	}
	if (list->len == 0) {
		g_set_error_literal(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		                    "--policies: no policy named");
		return NULL;
	}
	return g_steal_pointer(&list);
}

CmasimScenario *
cmasim_cli_load_scenario(const gchar *path, gboolean embedded, const gchar *seed, gchar **sets,
                         GError **error)
{
	g_autoptr(CmasimScenario) scenario = NULL;

	if (embedded) {
		g_autofree gchar *origin = NULL;
		g_autofree gchar *data = NULL;
		gsize len = 0;
		data = cmasim_data_lookup_full(path, &origin, &len, error);
		if (data == NULL)
			return NULL;
		if (origin != NULL && !g_str_has_prefix(origin, "resource://")) {
			scenario = cmasim_scenario_load(origin, error);
		} else {
			g_autofree gchar *base = g_path_get_basename(path);
			gchar *dot = strrchr(base, '.');
			if (dot != NULL)
				*dot = '\0';
			scenario = cmasim_scenario_load_from_data(base, data, len, error);
		}
	} else if (!g_file_test(path, G_FILE_TEST_EXISTS) && !g_str_has_suffix(path, ".yaml") &&
	           !g_path_is_absolute(path) && strstr(path, "..") == NULL) {
		/* a shipped workload by name (`cmasim list workloads`): goni-camera, bench/bench-4g
		 */
		g_autofree gchar *relpath = g_strdup_printf("workloads/%s.yaml", path);
		g_autofree gchar *data = cmasim_data_lookup(relpath, NULL, NULL);
		if (data != NULL)
			return cmasim_cli_load_scenario(relpath, TRUE, seed, sets, error);
		scenario = cmasim_scenario_load(path, error);
	} else {
		scenario = cmasim_scenario_load(path, error);
	}
	if (scenario == NULL)
		return NULL;
	for (guint i = 0; sets != NULL && sets[i] != NULL; i++) {
		if (!cmasim_scenario_apply_set(scenario, sets[i], error))
			return NULL;
	}
	if (seed != NULL) {
		g_autofree gchar *assignment = g_strdup_printf("seed=%s", seed);
		if (!cmasim_scenario_apply_set(scenario, assignment, error)) {
			g_prefix_error(error, "--seed: ");
			return NULL;
		}
	}
	return g_steal_pointer(&scenario);
}

/* ---- signals ---- */

static CmasimSim *volatile cmasim_cli_running_sim;
static volatile sig_atomic_t cmasim_cli_signal;

static void
cmasim_cli_on_signal(int signum)
{
	CmasimSim *sim = cmasim_cli_running_sim;
	cmasim_cli_signal = signum;
	if (sim != NULL)
		cmasim_sim_request_stop(sim);
}

static void
cmasim_cli_install_signals(void)
{
	static gboolean installed = FALSE;
	struct sigaction action;

	if (installed)
		return;
	installed = TRUE;
	memset(&action, 0, sizeof(action));
	action.sa_handler = cmasim_cli_on_signal;
	sigemptyset(&action.sa_mask);
	/* a second signal gets the default action: kill at once */
	action.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

gint
cmasim_cli_pending_signal(void)
{
	return cmasim_cli_signal;
}

/* ---- progress ---- */

typedef struct {
	const gchar *label;
	gint64 start_us;
	gint64 last_us;
	gboolean printed;
} CmasimCliProgress;

static void
cmasim_cli_progress_print(CmasimCliProgress *progress, CmasimTimeNs now_ns,
                          CmasimTimeNs duration_ns, guint64 events)
{
	gint64 now_us = g_get_monotonic_time();
	gdouble wall = (gdouble)(now_us - progress->start_us) / 1e6;
	gdouble percent = duration_ns > 0 ? 100.0 * (gdouble)now_ns / (gdouble)duration_ns : 100.0;

	g_printerr("\r%s: %.3f s of %.3f s simulated (%5.1f %%), %.2f M events/s   ",
	           progress->label, (gdouble)now_ns / 1e9, (gdouble)duration_ns / 1e9, percent,
	           wall > 0 ? (gdouble)events / wall / 1e6 : 0.0);
	progress->last_us = now_us;
	progress->printed = TRUE;
}

static void
cmasim_cli_progress_cb(gpointer ctx, CmasimTimeNs now_ns, CmasimTimeNs duration_ns, guint64 events)
{
	CmasimCliProgress *progress = ctx;
	if (g_get_monotonic_time() - progress->last_us < CMASIM_CLI_PROGRESS_INTERVAL_US)
		return;
	cmasim_cli_progress_print(progress, now_ns, duration_ns, events);
}

/* ---- one run ---- */

void
cmasim_cli_result_free(CmasimCliResult *result)
{
	if (result == NULL)
		return;
	g_free(result->policy);
	g_free(result->workload);
	g_free(result->frag_zone);
	g_free(result->out_dir);
	g_free(result);
}

CmasimCliResult *
cmasim_cli_run_one(CmasimScenario *scenario, const gchar *policy, const gchar *out_dir,
                   const CmasimCliRunOptions *options, gint *signal_out, GError **error)
{
	g_autoptr(CmasimSim) sim = NULL;
	g_autoptr(CmasimCliResult) result = g_new0(CmasimCliResult, 1);
	CmasimCliProgress progress = {0};
	const CmasimSimSummary *summary;
	gboolean show_progress = !options->quiet && isatty(STDERR_FILENO);
	gboolean ok;

	*signal_out = 0;
	if (policy != NULL && !cmasim_cli_select_policy(scenario, policy, error))
		return NULL;
	sim = cmasim_sim_new(scenario, policy, error);
	if (sim == NULL)
		return NULL;
	if (!cmasim_sim_set_output_dir(sim, out_dir, error))
		return NULL;
	if (options->trace)
		cmasim_sim_set_trace(sim, TRUE);
	if (show_progress) {
		progress.label = cmasim_sim_get_policy_name(sim);
		progress.start_us = g_get_monotonic_time();
		cmasim_sim_set_progress_func(sim, cmasim_cli_progress_cb, &progress);
	}

	cmasim_cli_install_signals();
	cmasim_cli_running_sim = sim;
	/* a signal between two runs of a compare stops this one at once */
	if (cmasim_cli_signal != 0)
		cmasim_sim_request_stop(sim);
	ok = cmasim_sim_run(sim, error);
	cmasim_cli_running_sim = NULL;
	if (progress.printed) {
		cmasim_cli_progress_print(&progress, cmasim_sim_get_summary(sim)->simulated_ns,
		                          cmasim_sim_get_duration_ns(sim),
		                          cmasim_sim_get_summary(sim)->events_processed);
		g_printerr("\n");
	}
	if (!ok)
		return NULL;
	*signal_out = cmasim_cli_signal;
	if (!cmasim_sim_write_outputs(sim, out_dir, error))
		return NULL;

	summary = cmasim_sim_get_summary(sim);
	result->summary = *summary;
	result->policy = g_strdup(summary->policy);
	result->workload = g_strdup(summary->workload);
	result->frag_zone = g_strdup(summary->frag_zone);
	result->out_dir = g_strdup(out_dir);
	result->summary.policy = result->policy;
	result->summary.workload = result->workload;
	result->summary.frag_zone = result->frag_zone;
	return g_steal_pointer(&result);
}

/* ---- the table ---- */

static gdouble
cmasim_ms(CmasimTimeNs ns)
{
	return (gdouble)ns / 1e6;
}

static gint
cmasim_request_order_of(GPtrArray *results)
{
	for (guint i = 0; i < results->len; i++) {
		const CmasimCliResult *r = g_ptr_array_index(results, i);
		return (gint)r->summary.request_order;
	}
	return 0;
}

void
cmasim_cli_print_table(GPtrArray *results)
{
	gint order = cmasim_request_order_of(results);
	g_autofree gchar *unusable_head = g_strdup_printf("unusable@%d", order);

	g_print("%-20s %9s %9s %7s %10s %10s %10s %10s %12s %12s\n", "policy", "requests",
	        "succeeded", "failed", "p50 ms", "p99 ms", "max ms", "migrated", "idle MiB*s",
	        unusable_head);
	for (guint i = 0; i < results->len; i++) {
		const CmasimCliResult *r = g_ptr_array_index(results, i);
		const CmasimSimSummary *s = &r->summary;
		gint unusable = s->unusable_index[MIN(s->request_order, s->n_orders - 1)];
		g_print("%-20s %9" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT
		        " %10.3f %10.3f %10.3f %10" G_GUINT64_FORMAT " %12.1f %8d.%03d%s\n",
		        r->policy, s->requests, s->succeeded, s->failed,
		        cmasim_ms(s->latency_p50_ns), cmasim_ms(s->latency_p99_ns),
		        cmasim_ms(s->latency_max_ns), s->pages_migrated,
		        s->reserved_idle_mib_seconds, unusable / 1000, unusable % 1000,
		        s->partial ? "  (partial)" : "");
	}
}

gchar *
cmasim_cli_comparison_tsv(GPtrArray *results)
{
	static const gchar *const columns[] = {
	    "policy",
	    "requests",
	    "succeeded",
	    "failed",
	    "failed_ENOMEM",
	    "failed_EBUSY",
	    "failed_EINTR",
	    "failed_EINVAL",
	    "latency_min_ns",
	    "latency_p50_ns",
	    "latency_p90_ns",
	    "latency_p99_ns",
	    "latency_p999_ns",
	    "latency_max_ns",
	    "latency_mean_ns",
	    "pages_migrated",
	    "pages_dropped",
	    "retries",
	    "reserved_idle_page_seconds",
	    "reserved_idle_mib_seconds",
	    "background_alloc_failures",
	    "request_order",
	    "unusable_index",
	    "extfrag_index",
	    "events_processed",
	    "partial",
	    "run_dir",
	    NULL,
	};
	GString *out = g_string_new(NULL);

	cmasim_tsv_header(out, columns);
	for (guint i = 0; i < results->len; i++) {
		const CmasimCliResult *r = g_ptr_array_index(results, i);
		const CmasimSimSummary *s = &r->summary;
		guint order = MIN(s->request_order, s->n_orders - 1);
		cmasim_tsv_field_str(out, r->policy);
		cmasim_tsv_field_uint(out, s->requests);
		cmasim_tsv_field_uint(out, s->succeeded);
		cmasim_tsv_field_uint(out, s->failed);
		cmasim_tsv_field_uint(out, s->failed_by_status[CMASIM_ALLOC_ENOMEM]);
		cmasim_tsv_field_uint(out, s->failed_by_status[CMASIM_ALLOC_EBUSY]);
		cmasim_tsv_field_uint(out, s->failed_by_status[CMASIM_ALLOC_EINTR]);
		cmasim_tsv_field_uint(out, s->failed_by_status[CMASIM_ALLOC_EINVAL]);
		cmasim_tsv_field_uint(out, s->latency_min_ns);
		cmasim_tsv_field_uint(out, s->latency_p50_ns);
		cmasim_tsv_field_uint(out, s->latency_p90_ns);
		cmasim_tsv_field_uint(out, s->latency_p99_ns);
		cmasim_tsv_field_uint(out, s->latency_p999_ns);
		cmasim_tsv_field_uint(out, s->latency_max_ns);
		cmasim_tsv_field_uint(out, (guint64)(s->latency_mean_ns + 0.5));
		cmasim_tsv_field_uint(out, s->pages_migrated);
		cmasim_tsv_field_uint(out, s->pages_dropped);
		cmasim_tsv_field_uint(out, s->retries);
		cmasim_tsv_field_double(out, s->reserved_idle_page_seconds);
		cmasim_tsv_field_double(out, s->reserved_idle_mib_seconds);
		cmasim_tsv_field_uint(out, s->background_alloc_failures);
		cmasim_tsv_field_uint(out, order);
		cmasim_tsv_field_double(out, s->unusable_index[order] / 1000.0);
		cmasim_tsv_field_double(out, s->extfrag_index[order] / 1000.0);
		cmasim_tsv_field_uint(out, s->events_processed);
		cmasim_tsv_field_str(out, s->partial ? "true" : "false");
		cmasim_tsv_field_str(out, r->out_dir);
		cmasim_tsv_end_row(out);
	}
	return g_string_free(out, FALSE);
}
