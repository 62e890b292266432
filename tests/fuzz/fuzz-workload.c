/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * libFuzzer target: the bytes are a workload document, read the way
 * `cmasim validate` reads one (src/cli/cmasim-cmd-validate.c): the reader
 * with its schema, includes, machine preset and CPU profile, inline or
 * file events streamed once, then the machine build and region placement
 * of cmasim_sim_check_scenario(). A rejected input must give one
 * positioned message; an accepted one must survive the config.effective.yaml
 * round trip (written, read back, written again: the same text).
 *
 * Build and run: scripts/fuzz.sh (docs/fuzzing.md).
 */
#define G_LOG_DOMAIN "CmasimFuzz"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-sim.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

static void
fuzz_round_trip(const CmasimScenario *scenario)
{
	g_autofree gchar *y1 = cmasim_scenario_to_yaml(scenario);
	g_autofree gchar *y2 = NULL;
	g_autoptr(CmasimScenario) again = NULL;
	g_autoptr(GError) error = NULL;

	again = cmasim_scenario_load_from_data("config.effective.yaml", y1, strlen(y1), &error);
	if (again == NULL) {
		fprintf(stderr, "cmasim fuzz: the effective config does not load: %s\n%s\n",
		        error->message, y1);
		abort();
	}
	y2 = cmasim_scenario_to_yaml(again);
	if (g_strcmp0(y1, y2) != 0) {
		fprintf(stderr, "cmasim fuzz: round trip differs:\n--- first\n%s\n--- second\n%s\n",
		        y1, y2);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = NULL;

	if (fuzz_names_a_file_outside(data, size))
		return -1; /* not added to the corpus */
	scenario = cmasim_scenario_load_from_data(fuzz_document_name(), (const gchar *)data, size,
	                                          &error);
	if (scenario == NULL) {
		fuzz_check_rejection(error);
		return 0;
	}
	if (!cmasim_sim_check_scenario(scenario, &error)) {
		if (error == NULL || error->domain != CMASIM_ERROR) {
			fprintf(stderr, "cmasim fuzz: machine check failed without a cmasim error\n");
			abort();
		}
		return 0;
	}
	fuzz_round_trip(scenario);
	return 0;
}
