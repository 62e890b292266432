/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Sweep plans: seeds, swept values and policies expanded into named runs,
 * shards, the resume decision, the tidy table and the statistics per
 * configuration. summary.yaml is read with src/check/'s dotted-path reader.
 */
#define G_LOG_DOMAIN "Cmasim"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check/cmasim-check-private.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-sweep.h"

#define CMASIM_SWEEP_MAX_SEEDS 1000000

static gboolean
cmasim_sweep_parse_u64(const gchar *text, guint64 *out)
{
	return g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, out, NULL);
}

gboolean
cmasim_sweep_parse_seeds(const gchar *text, GArray *out, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);

	if (parts[0] == NULL)
		goto bad;
	for (guint i = 0; parts[i] != NULL; i++) {
		const gchar *dots = strstr(parts[i], "..");
		guint64 lo, hi;
		if (dots != NULL) {
			g_autofree gchar *a = g_strndup(parts[i], dots - parts[i]);
			if (!cmasim_sweep_parse_u64(a, &lo) || !cmasim_sweep_parse_u64(dots + 2, &hi) ||
			    hi < lo)
				goto bad;
		} else {
			if (!cmasim_sweep_parse_u64(parts[i], &lo))
				goto bad;
			hi = lo;
		}
		if (hi - lo >= CMASIM_SWEEP_MAX_SEEDS || out->len + (hi - lo) >= CMASIM_SWEEP_MAX_SEEDS) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "--seeds '%s': more than %d seeds", text, CMASIM_SWEEP_MAX_SEEDS);
			return FALSE;
		}
		for (guint64 s = lo;; s++) {
			gint64 key = (gint64)s;
			if (g_hash_table_contains(seen, &key)) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				            "--seeds '%s': seed %" G_GUINT64_FORMAT " twice", text, s);
				return FALSE;
			}
			g_hash_table_add(seen, g_memdup2(&key, sizeof key));
			g_array_append_val(out, s);
			if (s == hi)
				break;
		}
	}
	return TRUE;
bad:
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
	            "--seeds '%s': expected seeds and ranges like 1..100,200", text);
	return FALSE;
}

void
cmasim_sweep_set_free(CmasimSweepSet *set)
{
	if (set == NULL)
		return;
	g_free(set->key);
	g_clear_pointer(&set->values, g_ptr_array_unref);
	g_free(set);
}

CmasimSweepSet *
cmasim_sweep_set_parse(const gchar *text, GError **error)
{
	const gchar *eq = strchr(text, '=');
	CmasimSweepSet *set;
	g_auto(GStrv) values = NULL;

	if (eq == NULL || eq == text || eq[1] == '\0') {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "--set '%s': expected key=value[,value...]", text);
		return NULL;
	}
	values = g_strsplit(eq + 1, ",", -1);
	for (guint i = 0; values[i] != NULL; i++) {
		for (guint j = 0; j < i; j++) {
			if (values[i][0] == '\0' || g_strcmp0(values[i], values[j]) == 0) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				            "--set '%s': value '%s' empty or twice", text, values[i]);
				return NULL;
			}
		}
	}
	set = g_new0(CmasimSweepSet, 1);
	set->key = g_strndup(text, eq - text);
	set->values = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; values[i] != NULL; i++)
		g_ptr_array_add(set->values, g_strdup(values[i]));
	return set;
}

void
cmasim_sweep_plan_free(CmasimSweepPlan *plan)
{
	if (plan == NULL)
		return;
	g_free(plan->workload);
	g_free(plan->seeds_text);
	g_clear_pointer(&plan->seeds, g_array_unref);
	g_clear_pointer(&plan->sets, g_ptr_array_unref);
	g_clear_pointer(&plan->policies, g_ptr_array_unref);
	g_free(plan);
}

CmasimSweepPlan *
cmasim_sweep_plan_new(const gchar *workload, const gchar *seeds, gchar **sets,
                      GPtrArray *policies, GError **error)
{
	g_autoptr(CmasimSweepPlan) plan = g_new0(CmasimSweepPlan, 1);

	plan->workload = g_strdup(workload);
	plan->seeds_text = g_strdup(seeds);
	plan->seeds = g_array_new(FALSE, FALSE, sizeof(guint64));
	plan->sets = g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_sweep_set_free);
	plan->policies = g_ptr_array_new_with_free_func(g_free);
	if (!cmasim_sweep_parse_seeds(seeds, plan->seeds, error))
		return NULL;
	for (guint i = 0; sets != NULL && sets[i] != NULL; i++) {
		CmasimSweepSet *set = cmasim_sweep_set_parse(sets[i], error);
		if (set == NULL)
			return NULL;
		for (guint j = 0; j < plan->sets->len; j++) {
			CmasimSweepSet *other = g_ptr_array_index(plan->sets, j);
			if (g_strcmp0(other->key, set->key) == 0) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				            "--set %s given twice", set->key);
				cmasim_sweep_set_free(set);
				return NULL;
			}
		}
		g_ptr_array_add(plan->sets, set);
	}
	for (guint i = 0; i < policies->len; i++)
		g_ptr_array_add(plan->policies, g_strdup(g_ptr_array_index(policies, i)));
	if (plan->policies->len == 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG, "no policy to sweep");
		return NULL;
	}
	return g_steal_pointer(&plan);
}

static void
cmasim_sweep_yaml_string(GString *out, const gchar *text)
{
	g_autofree gchar *escaped = g_strescape(text, NULL);
	g_string_append_printf(out, "\"%s\"\n", escaped);
}

gchar *
cmasim_sweep_plan_to_yaml(const CmasimSweepPlan *plan)
{
	GString *out = g_string_new("# cmasim sweep plan: written by cmasim sweep, read by resume and "
	                            "sweep-merge\nversion: 1\nworkload: ");
	cmasim_sweep_yaml_string(out, plan->workload);
	g_string_append(out, "seeds: ");
	cmasim_sweep_yaml_string(out, plan->seeds_text);
	g_string_append(out, "sets:\n");
	for (guint i = 0; i < plan->sets->len; i++) {
		const CmasimSweepSet *set = g_ptr_array_index(plan->sets, i);
		g_autoptr(GString) joined = g_string_new(set->key);
		for (guint j = 0; j < set->values->len; j++)
			g_string_append_printf(joined, "%s%s", j == 0 ? "=" : ",",
			                       (const gchar *)g_ptr_array_index(set->values, j));
		g_string_append(out, "  - ");
		cmasim_sweep_yaml_string(out, joined->str);
	}
	g_string_append(out, "policies:\n");
	for (guint i = 0; i < plan->policies->len; i++) {
		g_string_append(out, "  - ");
		cmasim_sweep_yaml_string(out, g_ptr_array_index(plan->policies, i));
	}
	return g_string_free(out, FALSE);
}

/* "\"text\"" -> text; NULL if not a double-quoted scalar */
static gchar *
cmasim_sweep_yaml_unquote(const gchar *text)
{
	gsize len = strlen(text);
	g_autofree gchar *inner = NULL;
	if (len < 2 || text[0] != '"' || text[len - 1] != '"')
		return NULL;
	inner = g_strndup(text + 1, len - 2);
	return g_strcompress(inner);
}

CmasimSweepPlan *
cmasim_sweep_plan_load(const gchar *path, GError **error)
{
	g_autofree gchar *data = NULL;
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *workload = NULL;
	g_autofree gchar *seeds = NULL;
	g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *list = NULL;

	if (!g_file_get_contents(path, &data, NULL, error))
		return NULL;
	lines = g_strsplit(data, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		const gchar *line = lines[i];
		gchar *value = NULL;
		if (line[0] == '#' || line[0] == '\0' || g_str_has_prefix(line, "version: "))
			continue;
		if (g_str_has_prefix(line, "workload: ") &&
		    (value = cmasim_sweep_yaml_unquote(line + 10)) != NULL) {
			g_free(workload);
			workload = value;
		} else if (g_str_has_prefix(line, "seeds: ") &&
		           (value = cmasim_sweep_yaml_unquote(line + 7)) != NULL) {
			g_free(seeds);
			seeds = value;
		} else if (g_strcmp0(line, "sets:") == 0) {
			list = sets;
		} else if (g_strcmp0(line, "policies:") == 0) {
			list = policies;
		} else if (list != NULL && g_str_has_prefix(line, "  - ") &&
		           (value = cmasim_sweep_yaml_unquote(line + 4)) != NULL) {
			g_ptr_array_add(list, value);
		} else {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
			            "%s:%u:1: not a line of a sweep plan: %s", path, i + 1, line);
			return NULL;
		}
	}
	if (workload == NULL || seeds == NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
		            "%s: the sweep plan has no workload: or seeds:", path);
		return NULL;
	}
	g_ptr_array_add(sets, NULL);
	return cmasim_sweep_plan_new(workload, seeds, (gchar **)sets->pdata, policies, error);
}

gchar *
cmasim_sweep_plan_diff(const CmasimSweepPlan *old_plan, const CmasimSweepPlan *new_plan)
{
	g_autofree gchar *a = cmasim_sweep_plan_to_yaml(old_plan);
	g_autofree gchar *b = cmasim_sweep_plan_to_yaml(new_plan);
	g_auto(GStrv) la = g_strsplit(a, "\n", -1);
	g_auto(GStrv) lb = g_strsplit(b, "\n", -1);
	guint i = 0;

	if (g_strcmp0(a, b) == 0)
		return NULL;
	while (la[i] != NULL && lb[i] != NULL && g_strcmp0(la[i], lb[i]) == 0)
		i++;
	return g_strdup_printf("the directory's plan has '%s' where this one has '%s'",
	                       la[i] != NULL ? g_strstrip(la[i]) : "(end)",
	                       lb[i] != NULL ? g_strstrip(lb[i]) : "(end)");
}

gchar *
cmasim_sweep_sanitize(const gchar *value)
{
	GString *out = g_string_new(NULL);
	for (const guchar *p = (const guchar *)value; *p != '\0'; p++) {
		if (g_ascii_isalnum(*p) || *p == '.' || *p == '_' || *p == '+' || *p == '-')
			g_string_append_c(out, (gchar)*p);
		else
			g_string_append_printf(out, "%%%02X", *p);
	}
	/* "." and ".." are not names of their own */
	if (g_strcmp0(out->str, ".") == 0 || g_strcmp0(out->str, "..") == 0)
		g_string_replace(out, ".", "%2E", 0);
	return g_string_free(out, FALSE);
}

void
cmasim_sweep_run_free(CmasimSweepRun *run)
{
	if (run == NULL)
		return;
	g_free(run->name);
	g_free(run->config);
	g_free(run->policy);
	g_clear_pointer(&run->values, g_ptr_array_unref);
	g_free(run);
}

static gint
cmasim_sweep_run_compare(gconstpointer a, gconstpointer b)
{
	const CmasimSweepRun *ra = *(CmasimSweepRun *const *)a;
	const CmasimSweepRun *rb = *(CmasimSweepRun *const *)b;
	return strcmp(ra->name, rb->name);
}

GPtrArray *
cmasim_sweep_plan_expand(const CmasimSweepPlan *plan)
{
	GPtrArray *runs = g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_sweep_run_free);
	guint nsets = plan->sets->len;
	g_autofree guint *index = g_new0(guint, nsets + 1);

	for (;;) {
		for (guint p = 0; p < plan->policies->len; p++) {
			const gchar *policy = g_ptr_array_index(plan->policies, p);
			g_autoptr(GString) config = g_string_new(NULL);
			g_autofree gchar *safe_policy = cmasim_sweep_sanitize(policy);
			g_string_append(config, safe_policy);
			g_string_append_c(config, '/');
			for (guint k = 0; k < nsets; k++) {
				const CmasimSweepSet *set = g_ptr_array_index(plan->sets, k);
				g_autofree gchar *key = cmasim_sweep_sanitize(set->key);
				g_autofree gchar *value =
				    cmasim_sweep_sanitize(g_ptr_array_index(set->values, index[k]));
				g_string_append_printf(config, "%s%s=%s", k == 0 ? "" : ",", key, value);
			}
			if (nsets == 0)
				g_string_append(config, "default");
			for (guint s = 0; s < plan->seeds->len; s++) {
				CmasimSweepRun *run = g_new0(CmasimSweepRun, 1);
				run->seed = g_array_index(plan->seeds, guint64, s);
				run->policy = g_strdup(policy);
				run->config = g_strdup(config->str);
				run->name = g_strdup_printf("%s/seed-%" G_GUINT64_FORMAT, config->str,
				                            run->seed);
				run->values = g_ptr_array_new_with_free_func(g_free);
				for (guint k = 0; k < nsets; k++) {
					const CmasimSweepSet *set = g_ptr_array_index(plan->sets, k);
					g_ptr_array_add(run->values,
					                g_strdup(g_ptr_array_index(set->values, index[k])));
				}
				g_ptr_array_add(runs, run);
			}
		}
		/* the next combination of values, the last key fastest */
		guint k = nsets;
		while (k > 0) {
			const CmasimSweepSet *set = g_ptr_array_index(plan->sets, k - 1);
			if (++index[k - 1] < set->values->len)
				break;
			index[k - 1] = 0;
			k--;
		}
		if (k == 0)
			break;
	}
	g_ptr_array_sort(runs, cmasim_sweep_run_compare);
	return runs;
}

gboolean
cmasim_sweep_shard_has(guint index, guint shard, guint count)
{
	return count == 0 || index % count == shard;
}

gboolean
cmasim_sweep_parse_shard(const gchar *text, guint *shard, guint *count, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, "/", 3);
	guint64 a, b;
	if (g_strv_length(parts) != 2 || !cmasim_sweep_parse_u64(parts[0], &a) ||
	    !cmasim_sweep_parse_u64(parts[1], &b) || b == 0 || b > 100000 || a >= b) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "--shard '%s': expected I/K with 0 <= I < K", text);
		return FALSE;
	}
	*shard = (guint)a;
	*count = (guint)b;
	return TRUE;
}

/* the complete summary of @run_dir, or NULL */
static GHashTable *
cmasim_sweep_load_summary(const gchar *run_dir)
{
	g_autofree gchar *path = g_build_filename(run_dir, "summary.yaml", NULL);
	g_autoptr(GHashTable) summary = NULL;
	const CmasimSummaryValue *partial;

	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return NULL;
	summary = _cmasim_summary_load(path, NULL);
	if (summary == NULL)
		return NULL;
	partial = g_hash_table_lookup(summary, "partial");
	if (partial != NULL && g_strcmp0(partial->text, "false") != 0)
		return NULL;
	return g_steal_pointer(&summary);
}

CmasimSweepStatus
cmasim_sweep_run_status(const gchar *run_dir)
{
	g_autoptr(GHashTable) summary = cmasim_sweep_load_summary(run_dir);
	g_autofree gchar *failed = g_build_filename(run_dir, "exit-status", NULL);
	if (summary != NULL)
		return CMASIM_SWEEP_OK;
	return g_file_test(failed, G_FILE_TEST_EXISTS) ? CMASIM_SWEEP_FAILED : CMASIM_SWEEP_MISSING;
}

const gchar *
cmasim_sweep_status_name(CmasimSweepStatus status)
{
	switch (status) {
	case CMASIM_SWEEP_OK:
		return "ok";
	case CMASIM_SWEEP_FAILED:
		return "failed";
	case CMASIM_SWEEP_MISSING:
	default:
		return "missing";
	}
}

/* two-sided 95%: t quantiles for 1..30 degrees of freedom */
static const gdouble cmasim_sweep_t975_table[30] = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
};

gdouble
cmasim_sweep_t975(guint df)
{
	const gdouble z = 1.959963985;
	gdouble v = df;
	if (df == 0)
		return NAN;
	if (df <= 30)
		return cmasim_sweep_t975_table[df - 1];
	/* the Cornish-Fisher expansion of t around the normal quantile */
	return z + (z * z * z + z) / (4 * v) +
	       (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / (96 * v * v) +
	       (3 * pow(z, 7) + 19 * pow(z, 5) + 17 * pow(z, 3) - 15 * z) / (384 * v * v * v);
}

gdouble
cmasim_sweep_percentile(const gdouble *sorted, guint n, gdouble p)
{
	gdouble rank, frac;
	guint lo;
	if (n == 0)
		return NAN;
	rank = p / 100.0 * (n - 1);
	lo = (guint)floor(rank);
	if (lo + 1 >= n)
		return sorted[n - 1];
	frac = rank - lo;
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static gint
cmasim_sweep_double_compare(gconstpointer a, gconstpointer b)
{
	gdouble x = *(const gdouble *)a, y = *(const gdouble *)b;
	return (x > y) - (x < y);
}

void
cmasim_sweep_stats(gdouble *values, guint n, CmasimSweepStats *out)
{
	gdouble sum = 0, ss = 0;
	memset(out, 0, sizeof *out);
	out->n = n;
	out->ci95_low = out->ci95_high = NAN;
	if (n == 0) {
		out->mean = out->median = out->p5 = out->p95 = NAN;
		return;
	}
	qsort(values, n, sizeof *values, cmasim_sweep_double_compare);
	for (guint i = 0; i < n; i++)
		sum += values[i];
	out->mean = sum / n;
	out->median = cmasim_sweep_percentile(values, n, 50);
	out->p5 = cmasim_sweep_percentile(values, n, 5);
	out->p95 = cmasim_sweep_percentile(values, n, 95);
	if (n < 2)
		return;
	for (guint i = 0; i < n; i++)
		ss += (values[i] - out->mean) * (values[i] - out->mean);
	gdouble half = cmasim_sweep_t975(n - 1) * sqrt(ss / (n - 1)) / sqrt((gdouble)n);
	out->ci95_low = out->mean - half;
	out->ci95_high = out->mean + half;
}

void
cmasim_sweep_csv_field(GString *out, const gchar *field)
{
	if (strpbrk(field, ",\"\r\n") == NULL) {
		g_string_append(out, field);
		return;
	}
	g_string_append_c(out, '"');
	for (const gchar *p = field; *p != '\0'; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

/* rows of fields -> TSV (tabs and newlines in fields made spaces) and CSV text */
static gboolean
cmasim_sweep_write_table(const gchar *dir, const gchar *base, GPtrArray *rows, GError **error)
{
	g_autoptr(GString) tsv = g_string_new(NULL);
	g_autoptr(GString) csv = g_string_new(NULL);
	g_autofree gchar *tsv_name = g_strconcat(base, ".tsv", NULL);
	g_autofree gchar *csv_name = g_strconcat(base, ".csv", NULL);
	g_autofree gchar *tsv_path = g_build_filename(dir, tsv_name, NULL);
	g_autofree gchar *csv_path = g_build_filename(dir, csv_name, NULL);

	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		for (guint c = 0; c < row->len; c++) {
			g_autofree gchar *field = g_strdup(g_ptr_array_index(row, c));
			if (c > 0) {
				g_string_append_c(tsv, '\t');
				g_string_append_c(csv, ',');
			}
			cmasim_sweep_csv_field(csv, field);
			g_strdelimit(field, "\t\r\n", ' ');
			g_string_append(tsv, field);
		}
		g_string_append_c(tsv, '\n');
		g_string_append(csv, "\r\n");
	}
	return cmasim_output_write_file_atomic(tsv_path, tsv->str, tsv->len, error) &&
	       cmasim_output_write_file_atomic(csv_path, csv->str, csv->len, error);
}

static gchar *
cmasim_sweep_format_double(gdouble v)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (isnan(v))
		return g_strdup("");
	return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.6g", v));
}

static GPtrArray *
cmasim_sweep_row_new(void)
{
	return g_ptr_array_new_with_free_func(g_free);
}

static gint
cmasim_sweep_string_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

gboolean
cmasim_sweep_write_tables(const gchar *dir, const CmasimSweepPlan *plan, GPtrArray *runs,
                          GPtrArray **missing, GPtrArray **failed, GError **error)
{
	g_autoptr(GPtrArray) summaries = g_ptr_array_new_full(runs->len,
	                                                      (GDestroyNotify)g_hash_table_unref);
	g_autoptr(GHashTable) metric_set = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GPtrArray) metrics = NULL;
	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	g_autoptr(GPtrArray) srows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	GPtrArray *header;

	*missing = g_ptr_array_new_with_free_func(g_free);
	*failed = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < runs->len; i++) {
		const CmasimSweepRun *run = g_ptr_array_index(runs, i);
		g_autofree gchar *run_dir = g_build_filename(dir, "runs", run->name, NULL);
		GHashTable *summary = cmasim_sweep_load_summary(run_dir);
		if (summary == NULL) {
			g_ptr_array_add(cmasim_sweep_run_status(run_dir) == CMASIM_SWEEP_FAILED ? *failed
			                                                                       : *missing,
			                g_strdup(run->name));
			summary = g_hash_table_new(g_str_hash, g_str_equal);
		}
		g_ptr_array_add(summaries, summary);
		GHashTableIter iter;
		gpointer key, value;
		g_hash_table_iter_init(&iter, summary);
		while (g_hash_table_iter_next(&iter, &key, &value)) {
			const CmasimSummaryValue *v = value;
			CmasimCheckNumber number;
			if (v != NULL && v->text != NULL && g_strcmp0(key, "seed") != 0 &&
			    cmasim_check_number_parse(v->text, &number))
				g_hash_table_add(metric_set, key);
		}
	}
	metrics = g_ptr_array_new();
	GHashTableIter keys;
	gpointer metric_key;
	g_hash_table_iter_init(&keys, metric_set);
	while (g_hash_table_iter_next(&keys, &metric_key, NULL))
		g_ptr_array_add(metrics, metric_key);
	g_ptr_array_sort(metrics, cmasim_sweep_string_compare);

	header = cmasim_sweep_row_new();
	g_ptr_array_add(header, g_strdup("run"));
	g_ptr_array_add(header, g_strdup("policy"));
	g_ptr_array_add(header, g_strdup("seed"));
	for (guint k = 0; k < plan->sets->len; k++)
		g_ptr_array_add(header,
		                g_strdup(((CmasimSweepSet *)g_ptr_array_index(plan->sets, k))->key));
	g_ptr_array_add(header, g_strdup("status"));
	for (guint m = 0; m < metrics->len; m++)
		g_ptr_array_add(header, g_strdup(g_ptr_array_index(metrics, m)));
	g_ptr_array_add(rows, header);
	for (guint i = 0; i < runs->len; i++) {
		const CmasimSweepRun *run = g_ptr_array_index(runs, i);
		GHashTable *summary = g_ptr_array_index(summaries, i);
		GPtrArray *row = cmasim_sweep_row_new();
		g_ptr_array_add(row, g_strdup(run->name));
		g_ptr_array_add(row, g_strdup(run->policy));
		g_ptr_array_add(row, g_strdup_printf("%" G_GUINT64_FORMAT, run->seed));
		for (guint k = 0; k < run->values->len; k++)
			g_ptr_array_add(row, g_strdup(g_ptr_array_index(run->values, k)));
		g_ptr_array_add(row, g_strdup(g_hash_table_size(summary) > 0 ? "ok" : "missing"));
		if (g_hash_table_size(summary) == 0) {
			g_autofree gchar *run_dir = g_build_filename(dir, "runs", run->name, NULL);
			g_free(g_ptr_array_steal_index(row, row->len - 1));
			g_ptr_array_add(row, g_strdup(cmasim_sweep_status_name(
			                         cmasim_sweep_run_status(run_dir))));
		}
		for (guint m = 0; m < metrics->len; m++) {
			const CmasimSummaryValue *v =
			    g_hash_table_lookup(summary, g_ptr_array_index(metrics, m));
			g_ptr_array_add(row, g_strdup(v != NULL && v->text != NULL ? v->text : ""));
		}
		g_ptr_array_add(rows, row);
	}
	if (!cmasim_sweep_write_table(dir, "sweep", rows, error))
		return FALSE;

	/* per configuration (runs are sorted: a configuration's runs are adjacent) */
	header = cmasim_sweep_row_new();
	g_ptr_array_add(header, g_strdup("config"));
	g_ptr_array_add(header, g_strdup("policy"));
	for (guint k = 0; k < plan->sets->len; k++)
		g_ptr_array_add(header,
		                g_strdup(((CmasimSweepSet *)g_ptr_array_index(plan->sets, k))->key));
	const gchar *stat_names[] = {"metric", "n", "mean", "median", "p5", "p95",
	                             "ci95_low", "ci95_high"};
	for (guint s = 0; s < G_N_ELEMENTS(stat_names); s++)
		g_ptr_array_add(header, g_strdup(stat_names[s]));
	g_ptr_array_add(srows, header);
	g_autofree gdouble *values = g_new(gdouble, runs->len + 1);
	for (guint first = 0; first < runs->len;) {
		const CmasimSweepRun *run = g_ptr_array_index(runs, first);
		guint end = first;
		while (end < runs->len &&
		       g_strcmp0(((CmasimSweepRun *)g_ptr_array_index(runs, end))->config,
		                 run->config) == 0)
			end++;
		for (guint m = 0; m < metrics->len; m++) {
			const gchar *metric = g_ptr_array_index(metrics, m);
			CmasimSweepStats stats;
			guint n = 0;
			for (guint i = first; i < end; i++) {
				const CmasimSummaryValue *v =
				    g_hash_table_lookup(g_ptr_array_index(summaries, i), metric);
				CmasimCheckNumber number;
				if (v != NULL && v->text != NULL &&
				    cmasim_check_number_parse(v->text, &number) && isfinite(number.d))
					values[n++] = number.d;
			}
			cmasim_sweep_stats(values, n, &stats);
			GPtrArray *row = cmasim_sweep_row_new();
			g_ptr_array_add(row, g_strdup(run->config));
			g_ptr_array_add(row, g_strdup(run->policy));
			for (guint k = 0; k < run->values->len; k++)
				g_ptr_array_add(row, g_strdup(g_ptr_array_index(run->values, k)));
			g_ptr_array_add(row, g_strdup(metric));
			g_ptr_array_add(row, g_strdup_printf("%u", stats.n));
			g_ptr_array_add(row, cmasim_sweep_format_double(stats.mean));
			g_ptr_array_add(row, cmasim_sweep_format_double(stats.median));
			g_ptr_array_add(row, cmasim_sweep_format_double(stats.p5));
			g_ptr_array_add(row, cmasim_sweep_format_double(stats.p95));
			g_ptr_array_add(row, cmasim_sweep_format_double(stats.ci95_low));
			g_ptr_array_add(row, cmasim_sweep_format_double(stats.ci95_high));
			g_ptr_array_add(srows, row);
		}
		first = end;
	}
	return cmasim_sweep_write_table(dir, "sweep-summary", srows, error);
}
