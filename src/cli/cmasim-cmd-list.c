/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * `cmasim list policies|presets|workloads|cpus|params`: what is available,
 * one line each, in a stable (sorted or registry) order.
 */
#define G_LOG_DOMAIN "Cmasim"

#include "cli/cmasim-cli.h"
#include "cmasim/cmasim-params.h"
#include "cmasim/cmasim-policy.h"
#include "cmasim/cmasim-workload.h"

static const gchar *
cmasim_param_type_name(CmasimParamType type)
{
	switch (type) {
	case CMASIM_PARAM_UINT:
		return "uint";
	case CMASIM_PARAM_DOUBLE:
		return "double";
	case CMASIM_PARAM_BOOL:
		return "bool";
	case CMASIM_PARAM_ENUM:
		return "enum";
	case CMASIM_PARAM_SIZE:
		return "size";
	case CMASIM_PARAM_TIME:
		return "time";
	default:
		return "?";
	}
}

static void
cmasim_list_policies(void)
{
	guint n_ops = 0;
	const CmasimPolicyOps *const *ops = cmasim_policy_ops_list(&n_ops);
	for (guint i = 0; i < n_ops; i++)
		g_print("%-20s %s\n", ops[i]->name, ops[i]->description);
}

static void
cmasim_list_data(const gchar *subdir, const gchar *prefix)
{
	g_autoptr(GPtrArray) names = cmasim_data_list(subdir);
	for (guint i = 0; i < names->len; i++)
		g_print("%s%s\n", prefix, (const gchar *)g_ptr_array_index(names, i));
}

static void
cmasim_list_params(void)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		g_autofree gchar *type = NULL;
		if (def->type == CMASIM_PARAM_ENUM)
			type = g_strdup_printf("enum(%s)", def->choices);
		else
			type = g_strdup(cmasim_param_type_name(def->type));
		g_print("%-38s %-24s default=%-10s unit=%-9s %s\n", def->key, type,
		        def->default_value,
		        def->unit != NULL && def->unit[0] != '\0' ? def->unit : "-", def->doc);
	}
}

gint
cmasim_cmd_list(gint argc, gchar **argv)
{
	g_autoptr(GOptionContext) context =
	    g_option_context_new("policies|presets|workloads|cpus|params - list what is available");
	gint exit_code = CMASIM_EXIT_OK;
	const gchar *what;

	g_option_context_set_description(
	    context, "policies: contiguous allocation policies; presets: machines in "
	             "configs/machines; workloads: shipped workloads; cpus: CPU cost profiles in "
	             "configs/cpus; params: every parameter with type, default, unit and "
	             "description.");
	if (!cmasim_cli_parse(context, "list", &argc, &argv, &exit_code))
		return exit_code;
	if (argc != 2)
		return cmasim_cli_usage_error("list", argc < 2
		                                          ? "what to list? (policies, presets, "
		                                            "workloads, cpus or params)"
		                                          : "one thing to list expected");
	what = argv[1];
	if (g_strcmp0(what, "policies") == 0) {
		cmasim_list_policies();
	} else if (g_strcmp0(what, "presets") == 0) {
		cmasim_list_data("configs/machines", "");
	} else if (g_strcmp0(what, "workloads") == 0) {
		cmasim_list_data("workloads", "");
		cmasim_list_data("workloads/bench", "bench/");
	} else if (g_strcmp0(what, "cpus") == 0) {
		cmasim_list_data("configs/cpus", "");
	} else if (g_strcmp0(what, "params") == 0) {
		cmasim_list_params();
	} else {
		return cmasim_cli_usage_error("list",
		                              "unknown list '%s' (expected policies, presets, "
		                              "workloads, cpus or params)",
		                              what);
	}
	return CMASIM_EXIT_OK;
}
