/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Benchmark: buddy allocation + free of owned blocks, and event queue push +
 * pop, on a 4 GiB machine (4 KiB pages, max order 10, pageblock order 9).
 * Prints operations per second and simulator bytes per simulated page.
 * Wall-clock figures are reported, never asserted.
 */
#include <stdio.h>

#include "cmasim/cmasim-engine.h"
#include "cmasim/cmasim-mm.h"

int
main(void)
{
	CmasimMmConfig cfg = {
	    .page_size_bytes = 4096,
	    .max_order = 10,
	    .pageblock_order = 9,
	    .span_pages = G_GUINT64_CONSTANT(1) << 20,
	    .n_zones = 2,
	    .zones = {{"DMA32", 786432, FALSE}, {"Normal", 262144, FALSE}},
	    .cma_fallback = CMASIM_CMA_FALLBACK_MAINLINE,
	    .reclaim = TRUE,
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimMm) mm = cmasim_mm_new(&cfg, &error);
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	g_autofree CmasimHandle *live = g_new0(CmasimHandle, 1 << 19);
	CmasimRng rng;
	const guint64 n_ops = 20000000;
	guint n_live = 0;
	gint64 t0, t1;
	CmasimEvent ev;

	if (mm == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	if (!cmasim_mm_declare_cma(mm, 1 << 18, 1 << 16, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	cmasim_rng_init(&rng, 1, "bench-buddy");
	t0 = g_get_monotonic_time();
	for (guint64 i = 0; i < n_ops; i++) {
		guint64 r = cmasim_rng_next(&rng);
		if ((r & 1) && n_live < (1u << 19)) {
			guint order = (r >> 8) % 16 == 0 ? (guint)((r >> 16) % 4) : 0;
			CmasimHandle h = cmasim_mm_owner_alloc(mm, (CmasimOwnerKind)((r >> 4) % 4),
							       order, 0);
			if (h != CMASIM_HANDLE_NONE)
				live[n_live++] = h;
		} else if (n_live > 0) {
			guint idx = (guint)((r >> 20) % n_live);
			cmasim_mm_owner_free(mm, live[idx]);
			live[idx] = live[--n_live];
		}
	}
	t1 = g_get_monotonic_time();
	printf("buddy: %" G_GUINT64_FORMAT " alloc/free operations in %.3f s: %.2f M ops/s\n",
	       n_ops, (t1 - t0) / 1e6, n_ops / ((t1 - t0) / 1e6) / 1e6);
	printf("buddy: %.2f bytes of simulator memory per simulated page (%" G_GSIZE_FORMAT
	       " bytes for %" G_GUINT64_FORMAT " pages)\n",
	       (gdouble)cmasim_mm_get_memory_bytes(mm) / (gdouble)cmasim_mm_get_span_pages(mm),
	       cmasim_mm_get_memory_bytes(mm), cmasim_mm_get_span_pages(mm));

	/* queue: keep 500 000 pending events, push one pop one */
	for (guint i = 0; i < 500000; i++)
		cmasim_event_queue_push(q, cmasim_rng_below(&rng, 1000000000), 0, i, 0, NULL);
	t0 = g_get_monotonic_time();
	for (guint64 i = 0; i < n_ops / 2; i++) {
		cmasim_event_queue_pop(q, &ev);
		cmasim_event_queue_push(q, ev.time_ns + cmasim_rng_below(&rng, 1000000000), 0, 0,
					0, NULL);
	}
	t1 = g_get_monotonic_time();
	printf("queue: %" G_GUINT64_FORMAT " push+pop pairs with 500000 pending in %.3f s: "
	       "%.2f M pairs/s (%" G_GSIZE_FORMAT " bytes held)\n",
	       n_ops / 2, (t1 - t0) / 1e6, n_ops / 2 / ((t1 - t0) / 1e6) / 1e6,
	       cmasim_event_queue_get_memory_bytes(q));
	return cmasim_mm_check(mm, &error) ? 0 : 1;
}
