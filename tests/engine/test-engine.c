/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* Event queue order, tie-breaking, cancel, reschedule; RNG streams; run loop. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "cmasim/cmasim-engine.h"

static void
test_queue_orders_by_time_then_seq(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	CmasimEvent ev;
	/* same time: must come out in push order (arg32 0, 1, 2) */
	cmasim_event_queue_push(q, 50, 0, 10, 0, NULL);
	cmasim_event_queue_push(q, 20, 0, 0, 0, NULL);
	cmasim_event_queue_push(q, 20, 0, 1, 0, NULL);
	cmasim_event_queue_push(q, 5, 0, 99, 0, NULL);
	cmasim_event_queue_push(q, 20, 0, 2, 0, NULL);
	assert_int_equal(cmasim_event_queue_length(q), 5);
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.time_ns, 5);
	assert_int_equal(ev.arg32, 99);
	for (guint i = 0; i < 3; i++) {
		assert_true(cmasim_event_queue_pop(q, &ev));
		assert_int_equal(ev.time_ns, 20);
		assert_int_equal(ev.arg32, i);
	}
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.arg32, 10);
	assert_false(cmasim_event_queue_pop(q, &ev));
}

static void
test_queue_random_matches_sort(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	CmasimRng rng;
	CmasimEvent ev;
	CmasimTimeNs last_time = 0;
	guint64 last_seq = 0;
	guint n = 200000;

	cmasim_rng_init(&rng, 7, "queue");
	for (guint i = 0; i < n; i++)
		cmasim_event_queue_push(q, cmasim_rng_below(&rng, 1000), 0, i, 0, NULL);
	for (guint i = 0; i < n; i++) {
		assert_true(cmasim_event_queue_pop(q, &ev));
		assert_true(ev.time_ns >= last_time);
		if (i > 0 && ev.time_ns == last_time)
			assert_true(ev.seq > last_seq);
		last_time = ev.time_ns;
		last_seq = ev.seq;
	}
	assert_int_equal(cmasim_event_queue_length(q), 0);
}

static void
test_queue_cancel_and_reschedule(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	CmasimEventId ids[100];
	CmasimEvent ev;
	guint popped = 0;

	for (guint i = 0; i < 100; i++)
		ids[i] = cmasim_event_queue_push(q, 1000 + i, 0, i, 0, NULL);
	/* cancel the even ones */
	for (guint i = 0; i < 100; i += 2)
		assert_true(cmasim_event_queue_cancel(q, ids[i]));
	/* cancelling twice fails, as does an id that never existed */
	assert_false(cmasim_event_queue_cancel(q, ids[0]));
	assert_false(cmasim_event_queue_cancel(q, CMASIM_EVENT_ID_NONE));
	assert_false(cmasim_event_queue_is_pending(q, ids[2]));
	assert_true(cmasim_event_queue_is_pending(q, ids[3]));
	/* move 99 to the front, 1 to the back */
	assert_true(cmasim_event_queue_reschedule(q, ids[99], 1));
	assert_true(cmasim_event_queue_reschedule(q, ids[1], 5000));
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.arg32, 99);
	popped++;
	while (cmasim_event_queue_pop(q, &ev)) {
		assert_int_equal(ev.arg32 % 2, 1);
		popped++;
		if (cmasim_event_queue_length(q) == 0)
			assert_int_equal(ev.arg32, 1);
	}
	assert_int_equal(popped, 50);
	/* a recycled slot does not revive an old id */
	cmasim_event_queue_push(q, 1, 0, 0, 0, NULL);
	assert_false(cmasim_event_queue_cancel(q, ids[3]));
	assert_int_equal(cmasim_event_queue_length(q), 1);
}

static void
test_rng_streams_independent(void **state)
{
	CmasimRng a1, a2, b, other_seed;
	guint same_ab = 0;

	cmasim_rng_init(&a1, 42, "task-a");
	cmasim_rng_init(&a2, 42, "task-a");
	cmasim_rng_init(&b, 42, "task-b");
	cmasim_rng_init(&other_seed, 43, "task-a");
	/* interleaving draws from b does not change a's sequence */
	for (guint i = 0; i < 1000; i++) {
		guint64 x = cmasim_rng_next(&a1);
		guint64 y = cmasim_rng_next(&b);
		(void)cmasim_rng_next(&b);
		assert_int_equal(x, cmasim_rng_next(&a2));
		same_ab += (x == y);
		assert_true(x != cmasim_rng_next(&other_seed) || i > 0);
	}
	assert_int_equal(same_ab, 0);
}

static void
test_rng_distributions(void **state)
{
	CmasimRng rng;
	gdouble sum = 0, sum_ln = 0;
	guint n = 200000;
	guint counts[10] = {0};

	cmasim_rng_init(&rng, 1, "dist");
	for (guint i = 0; i < n; i++)
		sum += cmasim_rng_exponential(&rng, 100.0);
	assert_true(fabs(sum / n - 100.0) < 2.0);
	for (guint i = 0; i < n; i++) {
		gdouble v = cmasim_rng_lognormal(&rng, 50.0, 0.5);
		assert_true(v > 0);
		sum_ln += log(v);
	}
	/* the mean of log(X) is log(median) */
	assert_true(fabs(sum_ln / n - log(50.0)) < 0.01);
	for (guint i = 0; i < n; i++) {
		guint64 v = cmasim_rng_below(&rng, 10);
		assert_true(v < 10);
		counts[v]++;
	}
	for (guint i = 0; i < 10; i++)
		assert_true(counts[i] > n / 10 - n / 100 && counts[i] < n / 10 + n / 100);
	for (guint i = 0; i < 1000; i++) {
		gdouble u = cmasim_rng_double(&rng);
		assert_true(u >= 0.0 && u < 1.0);
	}
}

typedef struct {
	CmasimEngine *engine;
	guint32 kind;
	GArray *seen;
} EngineCtx;

static void
engine_handler(gpointer ctx, const CmasimEvent *ev)
{
	EngineCtx *c = ctx;
	guint64 t = cmasim_engine_now(c->engine);
	assert_int_equal(t, ev->time_ns);
	g_array_append_val(c->seen, ev->arg32);
	/* each event with arg32 < 3 schedules a child 10 ns later */
	if (ev->arg32 < 3)
		cmasim_engine_schedule_in(c->engine, 10, c->kind, ev->arg32 + 1, 0, NULL);
	if (ev->arg32 == 100)
		cmasim_engine_request_stop(c->engine);
}

static void
test_engine_run_and_stop(void **state)
{
	g_autoptr(CmasimEngine) engine = cmasim_engine_new();
	g_autoptr(GArray) seen = g_array_new(FALSE, FALSE, sizeof(guint32));
	EngineCtx ctx = {engine, 0, seen};

	ctx.kind = cmasim_engine_register(engine, engine_handler, &ctx);
	cmasim_engine_schedule_at(engine, 0, ctx.kind, 0, 0, NULL);
	cmasim_engine_schedule_at(engine, 25, ctx.kind, 100, 0, NULL);
	cmasim_engine_schedule_at(engine, 1000, ctx.kind, 7, 0, NULL);
	assert_int_equal(cmasim_engine_run(engine, 500), CMASIM_ENGINE_STOPPED);
	/* 0 @0, 1 @10, 2 @20, 100 @25 stops before 3 @30 */
	assert_int_equal(seen->len, 4);
	assert_int_equal(g_array_index(seen, guint32, 3), 100);
	assert_int_equal(cmasim_engine_now(engine), 25);
	assert_int_equal(cmasim_engine_get_events_processed(engine), 4);
}

static void
test_engine_runs_until(void **state)
{
	g_autoptr(CmasimEngine) engine = cmasim_engine_new();
	g_autoptr(GArray) seen = g_array_new(FALSE, FALSE, sizeof(guint32));
	EngineCtx ctx = {engine, 0, seen};

	ctx.kind = cmasim_engine_register(engine, engine_handler, &ctx);
	cmasim_engine_schedule_at(engine, 0, ctx.kind, 0, 0, NULL);
	cmasim_engine_schedule_at(engine, 1000, ctx.kind, 7, 0, NULL);
	assert_int_equal(cmasim_engine_run(engine, 500), CMASIM_ENGINE_DONE);
	assert_int_equal(seen->len, 4);
	assert_int_equal(cmasim_engine_now(engine), 500);
	assert_int_equal(cmasim_event_queue_length(cmasim_engine_get_queue(engine)), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_queue_orders_by_time_then_seq),
	    cmocka_unit_test(test_queue_random_matches_sort),
	    cmocka_unit_test(test_queue_cancel_and_reschedule),
	    cmocka_unit_test(test_rng_streams_independent),
	    cmocka_unit_test(test_rng_distributions),
	    cmocka_unit_test(test_engine_run_and_stop),
	    cmocka_unit_test(test_engine_runs_until),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
