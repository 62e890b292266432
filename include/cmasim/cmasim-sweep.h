/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Parameter sweeps (`cmasim sweep`, `cmasim sweep-merge`): the plan (a
 * workload, seeds, swept keys with their values, policies), its cross
 * product as named runs, shards, the resume decision, the tidy table of
 * every run and the per-configuration statistics. Running the runs is the
 * CLI's business (one child process each). Described in docs/sweep.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	gchar *key;
	GPtrArray *values; /* (element-type gchar*), as given */
} CmasimSweepSet;

typedef struct {
	gchar *workload;    /* the path as given */
	gchar *seeds_text;  /* "1..100" */
	GArray *seeds;      /* (element-type guint64), as given, no duplicates */
	GPtrArray *sets;    /* (element-type CmasimSweepSet), in the order given */
	GPtrArray *policies;/* (element-type gchar*) */
} CmasimSweepPlan;

typedef struct {
	gchar *name;    /* "<policy>/<k>=<v>,.../seed-<n>", relative to DIR/runs */
	gchar *config;  /* "<policy>/<k>=<v>,..." : the run's configuration */
	gchar *policy;
	guint64 seed;
	GPtrArray *values; /* (element-type gchar*), one per plan set */
} CmasimSweepRun;

typedef enum {
	CMASIM_SWEEP_MISSING, /* no complete summary.yaml, no failure recorded */
	CMASIM_SWEEP_OK,      /* complete summary.yaml */
	CMASIM_SWEEP_FAILED,  /* the child failed: exit-status file in its directory */
} CmasimSweepStatus;

/* "1..3,7" -> 1 2 3 7; ranges inclusive, at most 1000000 seeds, no duplicates */
gboolean cmasim_sweep_parse_seeds(const gchar *text, GArray *out, GError **error);
/* "key=v1,v2,v3" */
CmasimSweepSet *cmasim_sweep_set_parse(const gchar *text, GError **error);
void cmasim_sweep_set_free(CmasimSweepSet *set);

/* @sets: "key=v1,v2" each (nullable); @policies: (element-type gchar*) */
CmasimSweepPlan *cmasim_sweep_plan_new(const gchar *workload, const gchar *seeds,
                                       gchar **sets, GPtrArray *policies, GError **error);
void cmasim_sweep_plan_free(CmasimSweepPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimSweepPlan, cmasim_sweep_plan_free)

/* DIR/sweep.yaml's text, and reading it back (only what this writes) */
gchar *cmasim_sweep_plan_to_yaml(const CmasimSweepPlan *plan);
CmasimSweepPlan *cmasim_sweep_plan_load(const gchar *path, GError **error);
/* NULL if the plans are the same, else what differs ("seeds: 1..3 here, 1..4 in DIR") */
gchar *cmasim_sweep_plan_diff(const CmasimSweepPlan *old_plan, const CmasimSweepPlan *new_plan);

/* the cross product, sorted by run name (byte order) */
GPtrArray *cmasim_sweep_plan_expand(const CmasimSweepPlan *plan);
void cmasim_sweep_run_free(CmasimSweepRun *run);
/* a value made safe as part of a file name: [A-Za-z0-9._+-] kept, others as %XX */
gchar *cmasim_sweep_sanitize(const gchar *value);
/* does shard @shard of @count hold run number @index (of the sorted runs)? */
gboolean cmasim_sweep_shard_has(guint index, guint shard, guint count);
/* "2/8" -> 2, 8 */
gboolean cmasim_sweep_parse_shard(const gchar *text, guint *shard, guint *count, GError **error);

/* the status of the run directory @run_dir (resume skips OK runs) */
CmasimSweepStatus cmasim_sweep_run_status(const gchar *run_dir);
const gchar *cmasim_sweep_status_name(CmasimSweepStatus status);

/* statistics of @n values (sorted in place) */
typedef struct {
	guint n;
	gdouble mean, median, p5, p95;
	gdouble ci95_low, ci95_high; /* NaN when n < 2 */
} CmasimSweepStats;

void cmasim_sweep_stats(gdouble *values, guint n, CmasimSweepStats *out);
/* the 0.975 quantile of Student's t with @df degrees of freedom */
gdouble cmasim_sweep_t975(guint df);
/* percentile @p (0..100) of sorted @values, linear interpolation between closest ranks */
gdouble cmasim_sweep_percentile(const gdouble *sorted, guint n, gdouble p);

/* one CSV field quoted per RFC 4180 when it needs it, appended to @out */
void cmasim_sweep_csv_field(GString *out, const gchar *field);

/*
 * DIR/sweep.tsv, .csv, DIR/sweep-summary.tsv, .csv of @runs (all the plan's
 * runs); *@missing and *@failed get the names of those not OK (transfer full).
 */
gboolean cmasim_sweep_write_tables(const gchar *dir, const CmasimSweepPlan *plan, GPtrArray *runs,
                                   GPtrArray **missing, GPtrArray **failed, GError **error);

G_END_DECLS
