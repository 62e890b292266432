/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* Event queue order, tie-breaking, cancel, reschedule, FIFO lanes; RNG streams; run loop. */
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

/* the naive model of test_queue_small_matches_model: every pending event, unordered */
typedef struct {
	CmasimTimeNs time_ns;
	guint64 seq;
	guint32 arg32;
	CmasimEventId id;
} ModelEvent;

static guint
model_min(const GArray *model)
{
	guint best = 0;
	for (guint i = 1; i < model->len; i++) {
		const ModelEvent *a = &g_array_index(model, ModelEvent, i);
		const ModelEvent *b = &g_array_index(model, ModelEvent, best);
		if (a->time_ns < b->time_ns || (a->time_ns == b->time_ns && a->seq < b->seq))
			best = i;
	}
	return best;
}

/*
 * Every order of pop, push, pop-pop, cancel, reschedule, length and peek on
 * a small queue (as a simulation keeps it: a handful of hot events, each
 * handler popping one and pushing its successor) must give the (time, seq)
 * order of a naive list; lengths are also checked without peeking.
 */
static void
test_queue_small_matches_model(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	g_autoptr(GArray) model = g_array_new(FALSE, FALSE, sizeof(ModelEvent));
	CmasimRng rng;
	CmasimTimeNs now = 0;
	guint64 seq = 0;
	guint pops = 0, replaced = 0, after_pop = 0;
	gboolean just_popped = FALSE;

	(void)state;
	cmasim_rng_init(&rng, 11, "small");
	for (guint step = 0; step < 200000; step++) {
		guint op = (guint)cmasim_rng_below(&rng, 100);
		/* keep the queue small for long stretches, as in a simulation */
		gboolean grow = (step / 5000) % 2 == 0;
		if (op < (grow ? 45u : 30u)) {
			ModelEvent e;
			e.time_ns = now + cmasim_rng_below(&rng, 50);
			e.seq = seq++;
			e.arg32 = step;
			e.id = cmasim_event_queue_push(q, e.time_ns, 0, step, 0, NULL);
			g_array_append_val(model, e);
			replaced += just_popped;
			just_popped = FALSE;
		} else if (op < 80) {
			CmasimEvent ev;
			gboolean got = cmasim_event_queue_pop(q, &ev);
			assert_int_equal(got, model->len > 0);
			after_pop += just_popped;
			just_popped = got;
			if (got) {
				guint i = model_min(model);
				ModelEvent *m = &g_array_index(model, ModelEvent, i);
				assert_int_equal(ev.time_ns, m->time_ns);
				assert_int_equal(ev.seq, m->seq);
				assert_int_equal(ev.arg32, m->arg32);
				assert_false(cmasim_event_queue_is_pending(q, m->id));
				now = ev.time_ns;
				g_array_remove_index_fast(model, i);
				pops++;
			}
		} else if (op < 88 && model->len > 0) {
			guint i = (guint)cmasim_rng_below(&rng, model->len);
			ModelEvent *m = &g_array_index(model, ModelEvent, i);
			assert_true(cmasim_event_queue_cancel(q, m->id));
			g_array_remove_index_fast(model, i);
			after_pop += just_popped;
			just_popped = FALSE;
		} else if (op < 96 && model->len > 0) {
			guint i = (guint)cmasim_rng_below(&rng, model->len);
			ModelEvent *m = &g_array_index(model, ModelEvent, i);
			m->time_ns = now + cmasim_rng_below(&rng, 50);
			m->seq = seq++;
			assert_true(cmasim_event_queue_reschedule(q, m->id, m->time_ns));
			after_pop += just_popped;
			just_popped = FALSE;
		} else if (op < 99) {
			assert_int_equal(cmasim_event_queue_length(q), model->len);
		} else {
			CmasimTimeNs t = 0;
			assert_int_equal(cmasim_event_queue_peek_time(q, &t), model->len > 0);
			if (model->len > 0)
				assert_int_equal(t, g_array_index(model, ModelEvent, model_min(model)).time_ns);
			just_popped = FALSE;
		}
	}
	assert_int_equal(cmasim_event_queue_length(q), model->len);
	/* the script did reach the paths it is about */
	assert_true(pops > 10000);
	assert_true(replaced > 10000);
	assert_true(after_pop > 1000);
}

/* push onto both the queue and the naive model */
static CmasimEventId
model_push(CmasimEventQueue *q, GArray *model, guint64 *seq, CmasimTimeNs time_ns, guint32 arg32)
{
	ModelEvent e = {time_ns, (*seq)++, arg32, 0};
	e.id = cmasim_event_queue_push(q, time_ns, 0, arg32, 0, NULL);
	g_array_append_val(model, e);
	return e.id;
}

/* the model's index of the pending event with @arg32 (the test fails if there is none) */
static guint
model_index(const GArray *model, guint32 arg32)
{
	for (guint i = 0; i < model->len; i++) {
		if (g_array_index(model, ModelEvent, i).arg32 == arg32)
			return i;
	}
	fail_msg("no pending event %u in the model", arg32);
	return 0;
}

/* pop one event from the queue: it must be the model's smallest */
static void
model_pop_check(CmasimEventQueue *q, GArray *model)
{
	CmasimEvent ev;
	guint i;

	assert_int_equal(cmasim_event_queue_length(q), model->len);
	assert_true(cmasim_event_queue_pop(q, &ev));
	i = model_min(model);
	assert_int_equal(ev.time_ns, g_array_index(model, ModelEvent, i).time_ns);
	assert_int_equal(ev.seq, g_array_index(model, ModelEvent, i).seq);
	assert_int_equal(ev.arg32, g_array_index(model, ModelEvent, i).arg32);
	g_array_remove_index_fast(model, i);
}

/*
 * The border between the sorted buffer of the nearest events (16) and the
 * heap behind it, one path at a time: a full buffer taking a smaller event
 * (its largest moves to the heap), a full buffer and an event between its
 * largest and the heap's smallest (the heap's new root), events above the
 * heap's smallest, a reschedule from the heap to the front and from the
 * buffer to the back, cancels in the buffer's middle and in the heap, and
 * pushes while the buffer is empty and the heap is not (below the heap's
 * smallest: the buffer; above it: the heap). Every pop is the model's
 * smallest.
 */
static void
test_queue_near_buffer_border(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	g_autoptr(GArray) model = g_array_new(FALSE, FALSE, sizeof(ModelEvent));
	guint64 seq = 0;
	ModelEvent *m;

	(void)state;
	/* 40 pushes, each the smallest yet: a full buffer hands its largest to the heap */
	for (guint i = 0; i < 40; i++)
		model_push(q, model, &seq, 10000 - 100 * i, i);
	/* the buffer holds 6100..7600, the heap 7700..10000; between the two: the heap's root */
	model_push(q, model, &seq, 7650, 100);
	/* above the heap's smallest; one tie with a buffered time, later seq */
	model_push(q, model, &seq, 20000, 101);
	model_push(q, model, &seq, 6100, 102);
	/* the heap's largest to the very front, a buffered one to the very back */
	m = &g_array_index(model, ModelEvent, model_index(model, 0));
	m->time_ns = 1;
	m->seq = seq++;
	assert_true(cmasim_event_queue_reschedule(q, m->id, 1));
	m = &g_array_index(model, ModelEvent, model_index(model, 30));
	m->time_ns = 30000;
	m->seq = seq++;
	assert_true(cmasim_event_queue_reschedule(q, m->id, 30000));
	/* cancel one in the buffer's middle and one in the heap */
	for (guint k = 0; k < 2; k++) {
		guint i = model_index(model, k == 0 ? 35 : 5);
		CmasimEventId id = g_array_index(model, ModelEvent, i).id;
		assert_true(cmasim_event_queue_cancel(q, id));
		assert_false(cmasim_event_queue_is_pending(q, id));
		g_array_remove_index_fast(model, i);
	}
	/* drain the buffer (16 pops) and a little of the heap */
	for (guint i = 0; i < 18; i++)
		model_pop_check(q, model);
	/* the buffer is empty now and the heap's smallest is 7800: below it and above it */
	model_push(q, model, &seq, 7000, 200);
	model_push(q, model, &seq, 25000, 201);
	model_push(q, model, &seq, 7000, 202);
	while (model->len > 0)
		model_pop_check(q, model);
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
assert_events_equal(const CmasimEvent *a, const CmasimEvent *b)
{
	assert_int_equal(a->time_ns, b->time_ns);
	assert_int_equal(a->seq, b->seq);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->arg32, b->arg32);
	assert_int_equal(a->arg64, b->arg64);
	assert_ptr_equal(a->data, b->data);
}

/* both queues agree on length and on the next time */
static void
assert_queues_agree(CmasimEventQueue *q, CmasimEventQueue *ref)
{
	CmasimTimeNs t = 0, t_ref = 0;
	gboolean has = cmasim_event_queue_peek_time(q, &t);
	gboolean has_ref = cmasim_event_queue_peek_time(ref, &t_ref);

	assert_int_equal(cmasim_event_queue_length(q), cmasim_event_queue_length(ref));
	assert_int_equal(has, has_ref);
	if (has)
		assert_int_equal(t, t_ref);
}

#define LANES_TEST_IDS 2048

/*
 * A random script of heap pushes, lane pushes at now + a constant delay (two
 * lanes), a few lane pushes at a random delay (earlier than the lane's tail,
 * so they go to the heap), pops, cancels and reschedules, run against a queue
 * with lanes and a reference queue where every lane push is a heap push:
 * every pop must return the same event.
 */
static void
lanes_match_heap_run(guint64 seed, guint n_ops)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	g_autoptr(CmasimEventQueue) ref = cmasim_event_queue_new();
	static const CmasimTimeNs delay_ns[2] = {10000, 25000};
	CmasimEventId ids[LANES_TEST_IDS], ref_ids[LANES_TEST_IDS];
	guint n_ids = 0;
	guint lane[2];
	CmasimTimeNs now_ns = 0;
	guint64 counter = 0;
	guint n_pops = 0, n_lane_pushes = 0, n_empty = 0;
	CmasimEvent ev, ev_ref;
	CmasimRng rng;

	cmasim_rng_init(&rng, seed, "lanes-script");
	lane[0] = cmasim_event_queue_add_lane(q);
	lane[1] = cmasim_event_queue_add_lane(q);
	assert_int_equal(lane[0], 0);
	assert_int_equal(lane[1], 1);

	for (guint i = 0; i < n_ops; i++) {
		/* alternate phases that grow the queue and phases that drain it */
		guint pop_weight = (i / 3000) % 2 == 0 ? 20 : 70;
		guint64 r = cmasim_rng_below(&rng, 100);
		guint32 kind = (guint32)cmasim_rng_below(&rng, 8);
		guint32 arg32 = (guint32)counter;
		guint64 arg64 = counter * 0x9e3779b97f4a7c15ULL;
		gpointer data = GSIZE_TO_POINTER((gsize)counter * 8 + 8);

		counter++;
		if (r < pop_weight) {
			gboolean ok = cmasim_event_queue_pop(q, &ev);
			assert_int_equal(ok, cmasim_event_queue_pop(ref, &ev_ref));
			if (ok) {
				assert_events_equal(&ev, &ev_ref);
				assert_true(ev.time_ns >= now_ns);
				now_ns = ev.time_ns;
				n_pops++;
			} else {
				n_empty++;
			}
		} else if (r < pop_weight + (100 - pop_weight) * 3 / 10) {
			/* heap push; coarse times so that ties with lane events happen */
			CmasimTimeNs t = now_ns + cmasim_rng_below(&rng, 40) * 1000;
			guint k = n_ids < LANES_TEST_IDS ? n_ids++
							 : (guint)cmasim_rng_below(&rng, n_ids);
			ids[k] = cmasim_event_queue_push(q, t, kind, arg32, arg64, data);
			ref_ids[k] = cmasim_event_queue_push(ref, t, kind, arg32, arg64, data);
		} else if (r < 92) {
			/* lane push; one in twenty at a random, possibly earlier, delay */
			guint which = (guint)cmasim_rng_below(&rng, 2);
			CmasimTimeNs t = now_ns + delay_ns[which];
			if (cmasim_rng_below(&rng, 20) == 0)
				t = now_ns + cmasim_rng_below(&rng, delay_ns[which]);
			cmasim_event_queue_push_lane(q, lane[which], t, kind, arg32, arg64, data);
			cmasim_event_queue_push(ref, t, kind, arg32, arg64, data);
			n_lane_pushes++;
		} else if (r < 96) {
			/* cancel a heap event, possibly one that already fired */
			if (n_ids > 0) {
				guint k = (guint)cmasim_rng_below(&rng, n_ids);
				assert_int_equal(cmasim_event_queue_cancel(q, ids[k]),
						 cmasim_event_queue_cancel(ref, ref_ids[k]));
			}
		} else {
			/* reschedule a heap event to a random future time */
			if (n_ids > 0) {
				guint k = (guint)cmasim_rng_below(&rng, n_ids);
				CmasimTimeNs t = now_ns + cmasim_rng_below(&rng, 40) * 1000;
				assert_int_equal(cmasim_event_queue_is_pending(q, ids[k]),
						 cmasim_event_queue_is_pending(ref, ref_ids[k]));
				assert_int_equal(cmasim_event_queue_reschedule(q, ids[k], t),
						 cmasim_event_queue_reschedule(ref, ref_ids[k], t));
			}
		}
		assert_queues_agree(q, ref);
	}
	/* drain */
	while (cmasim_event_queue_pop(ref, &ev_ref)) {
		assert_true(cmasim_event_queue_pop(q, &ev));
		assert_events_equal(&ev, &ev_ref);
		assert_queues_agree(q, ref);
	}
	assert_false(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(cmasim_event_queue_length(q), 0);
	/* the script did exercise what it is meant to */
	assert_true(n_pops > n_ops / 4);
	assert_true(n_lane_pushes > n_ops / 4);
	assert_true(n_empty > 0);
}

static void
test_queue_lanes_match_heap(void **state)
{
	static const guint64 seeds[] = {1, 2, 42, 1234567, 0xdeadbeefULL};
	for (guint i = 0; i < G_N_ELEMENTS(seeds); i++)
		lanes_match_heap_run(seeds[i], 60000);
}

static void
test_queue_lane_earlier_push_goes_to_heap(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	guint lane = cmasim_event_queue_add_lane(q);
	static const CmasimTimeNs want_time_ns[] = {50, 75, 100, 100, 120, 200};
	static const guint32 want_arg[] = {1, 3, 0, 2, 4, 5};
	CmasimTimeNs t;
	CmasimEvent ev;
	guint64 last_seq = 0;

	cmasim_event_queue_push_lane(q, lane, 100, 0, 0, 0, NULL);
	/* earlier than the lane's tail (100): must still come out first */
	cmasim_event_queue_push_lane(q, lane, 50, 0, 1, 0, NULL);
	assert_true(cmasim_event_queue_peek_time(q, &t));
	assert_int_equal(t, 50);
	cmasim_event_queue_push_lane(q, lane, 100, 0, 2, 0, NULL);
	cmasim_event_queue_push(q, 75, 0, 3, 0, NULL);
	cmasim_event_queue_push_lane(q, lane, 200, 0, 5, 0, NULL);
	/* between two lane events: the heap */
	cmasim_event_queue_push_lane(q, lane, 120, 0, 4, 0, NULL);
	assert_int_equal(cmasim_event_queue_length(q), 6);
	for (guint i = 0; i < G_N_ELEMENTS(want_arg); i++) {
		assert_true(cmasim_event_queue_peek_time(q, &t));
		assert_int_equal(t, want_time_ns[i]);
		assert_true(cmasim_event_queue_pop(q, &ev));
		assert_int_equal(ev.time_ns, want_time_ns[i]);
		assert_int_equal(ev.arg32, want_arg[i]);
		if (i > 0 && ev.time_ns == want_time_ns[i - 1])
			assert_true(ev.seq > last_seq);
		last_seq = ev.seq;
	}
	assert_false(cmasim_event_queue_pop(q, &ev));
	assert_false(cmasim_event_queue_peek_time(q, &t));
	/* an emptied lane takes any time again, still in order */
	cmasim_event_queue_push_lane(q, lane, 10, 0, 6, 0, NULL);
	cmasim_event_queue_push(q, 5, 0, 7, 0, NULL);
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.arg32, 7);
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.arg32, 6);
	assert_int_equal(cmasim_event_queue_length(q), 0);
}

static void
test_queue_lane_ties_by_seq(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	guint lanes[CMASIM_EVENT_QUEUE_MAX_LANES];
	CmasimEventId moved;
	CmasimEvent ev;
	guint64 last_seq = 0;

	for (guint i = 0; i < CMASIM_EVENT_QUEUE_MAX_LANES; i++) {
		lanes[i] = cmasim_event_queue_add_lane(q);
		assert_int_equal(lanes[i], i);
	}
	/* everything at 100: push order is pop order, whatever the container */
	moved = cmasim_event_queue_push(q, 100, 0, 99, 0, NULL);
	cmasim_event_queue_push(q, 100, 0, 0, 0, NULL);
	cmasim_event_queue_push_lane(q, lanes[0], 100, 0, 1, 0, NULL);
	cmasim_event_queue_push(q, 100, 0, 2, 0, NULL);
	cmasim_event_queue_push_lane(q, lanes[3], 100, 0, 3, 0, NULL);
	cmasim_event_queue_push_lane(q, lanes[0], 100, 0, 4, 0, NULL);
	cmasim_event_queue_push_lane(q, lanes[1], 100, 0, 5, 0, NULL);
	cmasim_event_queue_push(q, 100, 0, 6, 0, NULL);
	cmasim_event_queue_push_lane(q, lanes[2], 100, 0, 7, 0, NULL);
	cmasim_event_queue_push_lane(q, lanes[3], 100, 0, 8, 0, NULL);
	/* a reschedule takes a new seq: it now runs after all of the above */
	assert_true(cmasim_event_queue_reschedule(q, moved, 100));
	cmasim_event_queue_push_lane(q, lanes[1], 100, 0, 100, 0, NULL);
	assert_int_equal(cmasim_event_queue_length(q), 11);
	for (guint i = 0; i < 9; i++) {
		assert_true(cmasim_event_queue_pop(q, &ev));
		assert_int_equal(ev.time_ns, 100);
		assert_int_equal(ev.arg32, i);
		assert_true(i == 0 || ev.seq > last_seq);
		last_seq = ev.seq;
	}
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.arg32, 99);
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.arg32, 100);
	assert_false(cmasim_event_queue_pop(q, &ev));
}

static void
test_queue_lane_wraps_and_grows(void **state)
{
	g_autoptr(CmasimEventQueue) q = cmasim_event_queue_new();
	guint lane = cmasim_event_queue_add_lane(q);
	gsize bytes_before = cmasim_event_queue_get_memory_bytes(q);
	guint32 next_push = 0, next_pop = 0;
	CmasimEvent ev;

	/*
	 * Rounds of pushing more than popping move the head around the ring and
	 * make it grow while the head is not at 0, several times over. A heap
	 * event far in the future stays behind them all.
	 */
	cmasim_event_queue_push(q, G_MAXUINT32, 1, 0, 0, NULL);
	for (guint round = 0; round < 40; round++) {
		guint n_push = 100 + round * 37;
		guint n_pop = n_push / 2 + round;
		for (guint i = 0; i < n_push; i++, next_push++)
			cmasim_event_queue_push_lane(q, lane, next_push / 3, 0, next_push,
						     (guint64)next_push << 20,
						     GUINT_TO_POINTER(next_push + 1));
		assert_int_equal(cmasim_event_queue_length(q), next_push - next_pop + 1);
		for (guint i = 0; i < n_pop; i++, next_pop++) {
			assert_true(cmasim_event_queue_pop(q, &ev));
			assert_int_equal(ev.kind, 0);
			assert_int_equal(ev.arg32, next_pop);
			assert_int_equal(ev.arg64, (guint64)next_pop << 20);
			assert_ptr_equal(ev.data, GUINT_TO_POINTER(next_pop + 1));
			assert_int_equal(ev.time_ns, next_pop / 3);
		}
	}
	assert_true(next_push - next_pop > 256);
	assert_true(cmasim_event_queue_get_memory_bytes(q) >
		    bytes_before + (gsize)(next_push - next_pop) * sizeof(CmasimEvent) / 2);
	while (next_pop < next_push) {
		assert_true(cmasim_event_queue_pop(q, &ev));
		assert_int_equal(ev.arg32, next_pop);
		next_pop++;
	}
	assert_true(cmasim_event_queue_pop(q, &ev));
	assert_int_equal(ev.kind, 1);
	assert_false(cmasim_event_queue_pop(q, &ev));
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

/* the high half of a 64 x 64 product, with and without the 128-bit type */
static void
test_mul_hi64(void **state)
{
	static const guint64 cases[][3] = {
	    {0, 0, 0},
	    {1, 1, 0},
	    {G_MAXUINT64, 2, 1},
	    {G_MAXUINT64, G_MAXUINT64, G_MAXUINT64 - 1},
	    {G_GUINT64_CONSTANT(1) << 32, G_GUINT64_CONSTANT(1) << 32, 1},
	    {G_GUINT64_CONSTANT(0x123456789abcdef0), G_GUINT64_CONSTANT(0xfedcba9876543210),
	     G_GUINT64_CONSTANT(0x121fa00ad77d7422)},
	};
	CmasimRng rng;

	(void)state;
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		assert_int_equal(cmasim_mul_hi64(cases[i][0], cases[i][1]), cases[i][2]);
		assert_int_equal(cmasim_mul_hi64_halves(cases[i][0], cases[i][1]), cases[i][2]);
	}
	cmasim_rng_init(&rng, 5, "mul");
	for (guint i = 0; i < 100000; i++) {
		guint64 a = cmasim_rng_next(&rng), b = cmasim_rng_next(&rng) >> (i % 64);
		assert_int_equal(cmasim_mul_hi64_halves(a, b), cmasim_mul_hi64(a, b));
	}
}

/*
 * Victims scaled from numbers drawn ahead: in range, uniform (every value of
 * a small bound about equally often), the plain high half outside the low
 * zone, and a fresh draw from the stream inside it (u = 0 with bound 3:
 * 0 * 3 = 0 is below 2^64 mod 3 = 1).
 */
static void
test_rng_scale_below(void **state)
{
	CmasimRng rng, copy;
	guint counts[7] = {0};
	guint n = 700000;

	(void)state;
	cmasim_rng_init(&rng, 9, "scale");
	for (guint i = 0; i < n; i++) {
		guint64 u = cmasim_rng_next(&rng);
		guint64 v = cmasim_rng_scale_below(&rng, u, 7);
		assert_true(v < 7);
		assert_int_equal(v, cmasim_mul_hi64(u, 7));
		counts[v]++;
	}
	/* each is 100000 +- 316 (one sigma): 1% is over three sigma */
	for (guint v = 0; v < 7; v++)
		assert_true(counts[v] > 99000 && counts[v] < 101000);
	for (guint i = 0; i < 1000; i++) {
		guint64 bound = 1 + cmasim_rng_below(&rng, G_MAXUINT32);
		assert_true(cmasim_rng_scale_below(&rng, cmasim_rng_next(&rng), bound) < bound);
	}
	copy = rng;
	assert_int_equal(cmasim_rng_scale_below(&rng, 0, 3),
	                 cmasim_mul_hi64(cmasim_rng_next(&copy), 3));
	assert_int_equal(rng.s[0], copy.s[0]);
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

static int
cmp_double(const void *a, const void *b)
{
	gdouble x = *(const gdouble *)a, y = *(const gdouble *)b;
	return (x > y) - (x < y);
}

/* the ziggurat's tables describe 256 layers of equal area under exp(-x) */
static void
test_rng_exponential_layers(void **state)
{
	const gdouble r = _cmasim_rng_exp_r;
	const gdouble v = (r + 1.0) * exp(-r);
	const gdouble m = 9007199254740992.0; /* 2^53 */
	gdouble fast = 0;

	assert_true(r > 7.69 && r < 7.70);
	assert_true(_cmasim_rng_exp_f[0] == 1.0);
	assert_int_equal(_cmasim_rng_exp_k[1], 0);
	/* the base layer: a rectangle of height f(r) and width q = v / f(r), accepted below r */
	assert_true(fabs(_cmasim_rng_exp_w[0] * m * exp(-r) - v) < 1e-15);
	assert_true(fabs((gdouble)_cmasim_rng_exp_k[0] - r / (_cmasim_rng_exp_w[0] * m) * m) <= 4.0);
	for (guint i = 1; i < 256; i++) {
		gdouble x = _cmasim_rng_exp_w[i] * m;
		gdouble area = x * (_cmasim_rng_exp_f[i - 1] - _cmasim_rng_exp_f[i]);
		assert_true(fabs(_cmasim_rng_exp_f[i] - exp(-x)) < 1e-15);
		assert_true(fabs(area - v) < 1e-12 * v);
		if (i >= 2) {
			gdouble below = _cmasim_rng_exp_w[i - 1] * m;
			/* taken at once exactly below the next layer's edge (within the ulps of 2^53) */
			assert_true(fabs((gdouble)_cmasim_rng_exp_k[i] - below / x * m) <= 4.0);
		}
	}
	assert_true(fabs(_cmasim_rng_exp_w[255] * m - r) < 1e-12);
	/* the draws taken at once: 97.8% with these 256 layers */
	for (guint i = 0; i < 256; i++) {
		assert_true(_cmasim_rng_exp_k[i] < (guint64)m);
		fast += (gdouble)_cmasim_rng_exp_k[i] / m / 256.0;
	}
	assert_true(fast > 0.977 && fast < 0.979);
}

/* the draws follow 1 - exp(-x): Kolmogorov-Smirnov, moments, the tail and the mean */
static void
test_rng_exponential_ziggurat(void **state)
{
	const guint n = 1u << 20;
	g_autofree gdouble *x = g_new(gdouble, n);
	CmasimRng rng, copy;
	gdouble sum = 0, sum_sq = 0, d = 0, tail_excess = 0;
	guint tail = 0;

	cmasim_rng_init(&rng, 7, "ziggurat");
	for (guint i = 0; i < n; i++) {
		x[i] = cmasim_rng_exponential(&rng, 1.0);
		assert_true(x[i] >= 0.0 && isfinite(x[i]));
		sum += x[i];
		sum_sq += x[i] * x[i];
		if (x[i] > _cmasim_rng_exp_r) {
			tail++;
			tail_excess += x[i] - _cmasim_rng_exp_r;
		}
	}
	/* mean and variance 1; the sample's sigmas are 1/1024 and 2.8/1024 */
	assert_true(fabs(sum / n - 1.0) < 0.005);
	assert_true(fabs(sum_sq / n - (sum / n) * (sum / n) - 1.0) < 0.015);
	/* beyond r, the tail of layer 0: exp(-r) n = 476 +- 22 draws, and what they
	 * exceed r by is exponential again (memoryless): mean 1 +- 0.046 */
	assert_true(tail > 380 && tail < 580);
	assert_true(tail_excess / tail > 0.8 && tail_excess / tail < 1.2);
	qsort(x, n, sizeof(gdouble), cmp_double);
	for (guint i = 0; i < n; i++) {
		gdouble cdf = 1.0 - exp(-x[i]);
		d = MAX(d, MAX(fabs(cdf - (gdouble)i / n), fabs(cdf - (gdouble)(i + 1) / n)));
	}
	/* the 1% critical value is 1.63 / sqrt(n) = 0.0016 */
	assert_true(d < 0.0016);
	/* the mean scales the same draw */
	cmasim_rng_init(&rng, 3, "mean");
	copy = rng;
	for (guint i = 0; i < 10000; i++)
		assert_true(cmasim_rng_exponential(&rng, 250.0) ==
		            250.0 * cmasim_rng_exponential(&copy, 1.0));
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

typedef struct {
	CmasimEngine *engine;
	guint32 tick_kind;
	guint32 done_kind;
	guint lane;
	gboolean use_lane;
	GArray *seen; /* (element-type guint64): time_ns << 16 | arg32 */
} LaneCtx;

static void
lane_record(LaneCtx *c, const CmasimEvent *ev)
{
	guint64 v = (ev->time_ns << 16) | ev->arg32;
	assert_int_equal(cmasim_engine_now(c->engine), ev->time_ns);
	g_array_append_val(c->seen, v);
}

/* a tick every 30 ns schedules a "done" 100 ns later (a constant delay) */
static void
lane_tick_handler(gpointer ctx, const CmasimEvent *ev)
{
	LaneCtx *c = ctx;
	lane_record(c, ev);
	if (c->use_lane)
		cmasim_engine_schedule_in_lane(c->engine, c->lane, 100, c->done_kind,
					       ev->arg32 + 100, 0, c);
	else
		cmasim_engine_schedule_in(c->engine, 100, c->done_kind, ev->arg32 + 100, 0, c);
	if (ev->arg32 < 4)
		cmasim_engine_schedule_in(c->engine, 30, c->tick_kind, ev->arg32 + 1, 0, c);
}

static void
lane_done_handler(gpointer ctx, const CmasimEvent *ev)
{
	LaneCtx *c = ctx;
	assert_ptr_equal(ev->data, c);
	lane_record(c, ev);
}

static GArray *
lane_engine_run(gboolean use_lane)
{
	g_autoptr(CmasimEngine) engine = cmasim_engine_new();
	GArray *seen = g_array_new(FALSE, FALSE, sizeof(guint64));
	LaneCtx ctx = {engine, 0, 0, 0, use_lane, seen};
	CmasimEventQueue *q = cmasim_engine_get_queue(engine);
	CmasimTimeNs t;

	ctx.tick_kind = cmasim_engine_register(engine, lane_tick_handler, &ctx);
	ctx.done_kind = cmasim_engine_register(engine, lane_done_handler, &ctx);
	ctx.lane = cmasim_engine_add_lane(engine);
	cmasim_engine_schedule_at(engine, 0, ctx.tick_kind, 0, 0, &ctx);
	/* scheduled first: runs before the "done" that shares its time */
	cmasim_engine_schedule_at(engine, 130, ctx.done_kind, 50, 0, &ctx);
	assert_int_equal(cmasim_engine_run(engine, 1000), CMASIM_ENGINE_DONE);
	assert_int_equal(cmasim_engine_get_events_processed(engine), 11);
	assert_int_equal(cmasim_event_queue_length(q), 0);
	/* the delay saturates; the event stays pending and counts */
	if (use_lane)
		cmasim_engine_schedule_in_lane(engine, ctx.lane, CMASIM_TIME_NS_MAX,
					       ctx.done_kind, 0, 0, &ctx);
	else
		cmasim_engine_schedule_in(engine, CMASIM_TIME_NS_MAX, ctx.done_kind, 0, 0, &ctx);
	assert_int_equal(cmasim_engine_run(engine, 2000), CMASIM_ENGINE_DONE);
	assert_int_equal(cmasim_event_queue_length(q), 1);
	assert_true(cmasim_event_queue_peek_time(q, &t));
	assert_int_equal(t, CMASIM_TIME_NS_MAX);
	return seen;
}

static void
test_engine_schedule_in_lane(void **state)
{
	g_autoptr(GArray) seen = lane_engine_run(TRUE);
	g_autoptr(GArray) ref = lane_engine_run(FALSE);
	/* ticks 0..4 at 0, 30, 60, 90, 120; "done" of tick n at 30n + 100 */
	static const guint64 want[][2] = {
	    {0, 0},	{30, 1},   {60, 2},   {90, 3},	 {100, 100}, {120, 4},
	    {130, 50}, {130, 101}, {160, 102}, {190, 103}, {220, 104},
	};

	assert_int_equal(seen->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		assert_int_equal(g_array_index(seen, guint64, i), (want[i][0] << 16) | want[i][1]);
	/* the same run with plain heap events gives the same trace */
	assert_int_equal(ref->len, seen->len);
	assert_memory_equal(ref->data, seen->data, seen->len * sizeof(guint64));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_queue_orders_by_time_then_seq),
	    cmocka_unit_test(test_queue_random_matches_sort),
	    cmocka_unit_test(test_queue_cancel_and_reschedule),
	    cmocka_unit_test(test_queue_small_matches_model),
	    cmocka_unit_test(test_queue_near_buffer_border),
	    cmocka_unit_test(test_queue_lanes_match_heap),
	    cmocka_unit_test(test_queue_lane_earlier_push_goes_to_heap),
	    cmocka_unit_test(test_queue_lane_ties_by_seq),
	    cmocka_unit_test(test_queue_lane_wraps_and_grows),
	    cmocka_unit_test(test_rng_streams_independent),
	    cmocka_unit_test(test_rng_distributions),
	    cmocka_unit_test(test_rng_exponential_layers),
	    cmocka_unit_test(test_rng_exponential_ziggurat),
	    cmocka_unit_test(test_mul_hi64),
	    cmocka_unit_test(test_rng_scale_below),
	    cmocka_unit_test(test_engine_run_and_stop),
	    cmocka_unit_test(test_engine_runs_until),
	    cmocka_unit_test(test_engine_schedule_in_lane),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
