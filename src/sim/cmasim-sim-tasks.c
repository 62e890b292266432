/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * How the workload becomes engine events.
 *
 * Background tasks (rt-app style generators) own 2^order blocks through the
 * memory model's owner handles:
 *  - fill: at time 0 the task allocates until it owns `fill` % of RAM,
 *    stopping at the first failure (that failure is not counted as a
 *    background allocation failure). A fill allocation that reaches the end
 *    of its lifetime is freed and replaced by a new one (new order, new
 *    flags, new lifetime), so the task keeps its share of memory over the
 *    whole run while its blocks turn over;
 *  - arrivals: a Poisson process at `rate` between `start` and `stop`, each
 *    allocation freed when its lifetime ends;
 *  - a lifetime of `fixed 0` means "until the end of the run";
 *  - exponential lifetimes are memoryless, so instead of one pending free
 *    event per block (a heap as large as memory) a task with exp(mean)
 *    lifetimes runs one death process: with N live blocks the next death
 *    comes after exp(mean / N) and takes a uniformly chosen live block,
 *    which is the same process in distribution; the pending event is
 *    rescheduled whenever N changes. The victim is a uniform 64-bit number
 *    scaled to N at the death (cmasim_rng_scale_below()); the numbers are
 *    drawn three deaths ahead, so the victims can be loaded ahead. Other
 *    distributions get one free event per block;
 *  - file pages are dirty or under writeback by the task's fractions; a
 *    writeback completes sim.writeback_duration (default 10 ms) later: the
 *    flag is cleared and the page is clean;
 *  - pins: a Poisson process at `pin_rate` pins a uniformly chosen live
 *    allocation of the task for a `pin_duration` (GUP / direct I/O); an
 *    allocation whose lifetime ends while pinned leaves the task (it is no
 *    longer pinned again, a fill block is replaced at once) but is freed
 *    only at its last unpin, as the pin's page reference keeps it;
 *  - `longterm_pin`: that fraction of allocations is pinned FOLL_LONGTERM at
 *    allocation time (the memory model migrates it out of CMA first).
 * Each task draws from its own named RNG streams ("task:<name>" for
 * arrivals, orders and flags, "task:<name>:pin" for pins, "task:<name>:free"
 * for the times of the death process and "task:<name>:victim" for whom it
 * takes), and draws the same variates per allocation whatever the outcome
 * (an order if it has several, a page state if it is a file task with
 * dirty or writeback pages, a long-term-pin draw if it has longterm_pin, a
 * lifetime if it is uniform or lognormal), so a task's arrivals do not
 * depend on the other tasks or on the policy. Live handles sit in a per-task array with
 * swap-remove, so a random live allocation is picked in O(1), and one
 * small record per handle (indexed by handle) says where; nothing is
 * allocated per event.
 *
 * Device tasks: after `start_delay`, every `period` (start to start) an
 * iteration requests `buffers` buffers one after the other (each request
 * starts when the previous one finished, as a driver's allocation loop
 * does; a failed buffer does not stop the loop), holds the successful ones
 * for `hold` from the moment the last one finished, then releases them.
 * An iteration that runs over its period makes the next one start at once
 * (counted as an overrun). `loops` iterations, or until the run ends.
 *
 * Timed events (`events:`) are read from the stream one at a time: exactly
 * one engine event is pending for the stream, so memory does not grow with
 * the length of a replayed trace. Ids map to handles and requests through
 * an id map; an event naming an unknown or duplicate id is skipped and
 * counted.
 */
#define G_LOG_DOMAIN "CmasimSim"

#include <math.h>
#include <string.h>

#include "core/cmasim-mem-private.h"
#include "mm/cmasim-mm-prefetch.h"
#include "sim/cmasim-sim-private.h"

#define CMASIM_SIM_TIME_CAP_NS (G_GUINT64_CONSTANT(1) << 62)

CmasimTimeNs
_cmasim_dist_sample_ns(const CmasimDist *dist, CmasimRng *rng)
{
	gdouble x;

	switch (dist->kind) {
	case CMASIM_DIST_UNIFORM:
		x = dist->a + (dist->b - dist->a) * cmasim_rng_double(rng);
		break;
	case CMASIM_DIST_EXPONENTIAL:
		x = cmasim_rng_exponential(rng, dist->a);
		break;
	case CMASIM_DIST_LOGNORMAL:
		x = cmasim_rng_lognormal(rng, dist->a, dist->b);
		break;
	case CMASIM_DIST_FIXED:
	default:
		x = dist->a;
		break;
	}
	/* !(x > 0) also catches NaN */
	if (!(x > 0.0))
		return 0;
	if (x >= (gdouble)CMASIM_SIM_TIME_CAP_NS)
		return CMASIM_SIM_TIME_CAP_NS;
	return (CmasimTimeNs)(x + 0.5);
}

/* Poisson inter-arrival time at @rate_per_s, at least 1 ns */
static CmasimTimeNs
cmasim_interarrival_ns(CmasimRng *rng, gdouble rate_per_s)
{
	gdouble x = cmasim_rng_exponential(rng, 1e9 / rate_per_s);
	if (!(x >= 1.0))
		return 1;
	if (x >= (gdouble)CMASIM_SIM_TIME_CAP_NS)
		return CMASIM_SIM_TIME_CAP_NS;
	return (CmasimTimeNs)(x + 0.5);
}

static CmasimSimHandleInfo *
cmasim_hinfo(CmasimSim *sim, CmasimHandle h)
{
	if (h >= sim->hinfo_len) {
		guint32 len = MAX(MAX(h + 1, sim->hinfo_len * 2), 1024u);
		sim->hinfo = _cmasim_mem_grow(sim->hinfo,
		                              (gsize)sim->hinfo_ready * sizeof(CmasimSimHandleInfo),
		                              (gsize)len * sizeof(CmasimSimHandleInfo));
		sim->hinfo_len = len;
	}
	/* zeroed as handles come into use, so capacity never used stays untouched */
	if (h >= sim->hinfo_ready) {
		memset(sim->hinfo + sim->hinfo_ready, 0,
		       (h + 1 - sim->hinfo_ready) * sizeof(CmasimSimHandleInfo));
		sim->hinfo_ready = h + 1;
	}
	return &sim->hinfo[h];
}

/* the live record of @h if the event's generation still matches, else NULL */
static CmasimSimHandleInfo *
cmasim_hinfo_current(CmasimSim *sim, guint32 h, guint64 gen)
{
	CmasimSimHandleInfo *info;
	if (h == CMASIM_HANDLE_NONE || h >= sim->hinfo_ready)
		return NULL;
	info = &sim->hinfo[h];
	if (!(info->flags & CMASIM_SIM_HANDLE_LIVE) || info->gen != (guint32)gen)
		return NULL;
	return info;
}

static CmasimSimBgTask *
cmasim_bg_task(CmasimSim *sim, guint t)
{
	return &g_array_index(sim->bg, CmasimSimBgTask, t);
}

/* the order of a new allocation; a task with one order draws nothing */
static guint
cmasim_bg_draw_order(CmasimSimBgTask *task, guint max_order)
{
	gdouble u;

	if (task->n_orders == 1)
		return MIN(task->order_val[0], max_order);
	u = cmasim_rng_double(&task->rng) * task->order_cum[task->n_orders - 1];
	for (guint i = 0; i < task->n_orders; i++) {
		if (u < task->order_cum[i])
			return MIN(task->order_val[i], max_order);
	}
	return MIN(task->order_val[task->n_orders - 1], max_order);
}

/* start loading the victim in @slot of @task's live array */
static void
cmasim_bg_prefetch_start(CmasimSim *sim, CmasimSimBgTask *task, CmasimSimPrefetch *pf, guint32 slot)
{
	pf->slot = slot;
	pf->step = 1;
	/* not the pump that ends this event, the next one: a whole event for the load */
	pf->ready = sim->prefetch_tick + 2;
	__builtin_prefetch(&task->live[slot]);
}

/* an old chain of @task that is loading @slot's current block, or NULL */
static const CmasimSimPrefetch *
cmasim_bg_prefetch_find(const CmasimSimBgTask *task, const CmasimSimPrefetch *old, guint from,
                        guint32 slot)
{
	for (guint j = from; j < MIN(from + 2, CMASIM_SIM_PREFETCH_AHEAD); j++) {
		const CmasimSimPrefetch *pf = &old[j];
		if (pf->step != CMASIM_SIM_PREFETCH_IDLE && pf->slot == slot &&
		    (pf->step == 1 || task->live[slot].handle == pf->handle))
			return pf;
	}
	return NULL;
}

/* the number the victim of @task's death @i from now is scaled from */
static inline guint64
cmasim_bg_victim_u(const CmasimSimBgTask *task, guint i)
{
	guint j = task->victim_head + i;
	return task->victim_u[j >= CMASIM_SIM_PREFETCH_AHEAD ? j - CMASIM_SIM_PREFETCH_AHEAD : j];
}

/* the victim of @task's death now: a slot below its live count; draws the number for a later one */
static guint32
cmasim_bg_next_victim(CmasimSimBgTask *task)
{
	guint32 slot = (guint32)cmasim_rng_scale_below(&task->victim_rng,
	                                               task->victim_u[task->victim_head],
	                                               task->live_len);
	task->victim_u[task->victim_head] = cmasim_rng_next(&task->victim_rng);
	task->victim_head = task->victim_head + 1 == CMASIM_SIM_PREFETCH_AHEAD
	                        ? 0
	                        : (guint8)(task->victim_head + 1);
	return slot;
}

/*
 * The victims of the death just scheduled (at @death_ns) and of the ones
 * after it, loaded ahead by cmasim_bg_prefetch_pump(); hints only, never
 * used for anything but prefetching, so a wrong guess costs only wasted
 * loads. Each death's victim is the number drawn ahead for it
 * (task->victim_u) scaled to the live count at that death, so only the
 * live counts are guessed:
 *  - with the live set unchanged until then (any change reschedules), the
 *    first victim comes from the live count now, exactly (but in the
 *    rejected low zone of cmasim_rng_scale_below(), less than once in 2^32);
 *  - if the task's next arrival comes first, the live count is one more;
 *  - after each death the live count stays the same if the victim is a
 *    fill block (replaced at once) and drops by one otherwise, which is
 *    known once the pump has loaded the victim's record.
 * A chain already loading the same slot (from the previous prediction, one
 * death earlier or not) carries on instead of starting again.
 */
static void
cmasim_bg_predict_death(CmasimSim *sim, CmasimSimBgTask *task, CmasimTimeNs death_ns)
{
	CmasimSimPrefetch old[CMASIM_SIM_PREFETCH_AHEAD];
	guint32 len = task->live_len;

	memcpy(old, task->ahead, sizeof(old));
	if (task->next_arrival_ns < death_ns)
		len++;
	for (guint i = 0; i < CMASIM_SIM_PREFETCH_AHEAD && len > 0; i++) {
		guint32 slot = (guint32)cmasim_mul_hi64(cmasim_bg_victim_u(task, i), len);
		const CmasimSimPrefetch *found = cmasim_bg_prefetch_find(task, old, i, slot);
		CmasimSimPrefetch *pf = &task->ahead[i];

		if (found != NULL)
			*pf = *found;
		else
			cmasim_bg_prefetch_start(sim, task, pf, slot);
		/* the record is read only once its load has had an event or more to land
		 * (step 4 or done: one pump or more after the record was requested) */
		if (pf->step >= 4 && pf->handle < sim->hinfo_ready &&
		    !(sim->hinfo[pf->handle].flags & CMASIM_SIM_HANDLE_FILL))
			len--;
	}
}

/* one more dependent load towards one of task @task's next victims (a hint only) */
static void
cmasim_bg_prefetch_step(CmasimSim *sim, CmasimSimBgTask *task, CmasimSimPrefetch *pf)
{
	guint32 last;
	guint next;

	switch (pf->step) {
	case CMASIM_SIM_PREFETCH_IDLE:
	case CMASIM_SIM_PREFETCH_DONE:
		return;
	case 1:
		if ((gint16)(sim->prefetch_tick - pf->ready) < 0)
			return;
		if (pf->slot >= task->live_len) {
			pf->step = CMASIM_SIM_PREFETCH_IDLE;
			return;
		}
		pf->handle = task->live[pf->slot].handle;
		pf->pfn_hint = task->live[pf->slot].pfn_hint;
		if (pf->handle < sim->hinfo_ready)
			__builtin_prefetch(&sim->hinfo[pf->handle], 1);
		/* the swap-remove will update the last one's slot */
		last = task->live[task->live_len - 1].handle;
		if (last < sim->hinfo_ready)
			__builtin_prefetch(&sim->hinfo[last], 1);
		pf->step = 2 + cmasim_mm_owner_prefetch(sim->mm, pf->handle, pf->pfn_hint, 0);
		return;
	default:
		next = cmasim_mm_owner_prefetch(sim->mm, pf->handle, pf->pfn_hint, pf->step - 2);
		pf->step = next == 0 ? CMASIM_SIM_PREFETCH_DONE : 2 + next;
		return;
	}
}

/* one step of each chain of every task, once per background event */
static void
cmasim_bg_prefetch_pump(CmasimSim *sim)
{
	sim->prefetch_tick++;
	for (guint t = 0; t < sim->bg->len; t++) {
		CmasimSimBgTask *task = cmasim_bg_task(sim, t);
		/* written out: GCC otherwise keeps a loop and its counter */
		G_STATIC_ASSERT(CMASIM_SIM_PREFETCH_AHEAD == 3);
		cmasim_bg_prefetch_step(sim, task, &task->ahead[0]);
		cmasim_bg_prefetch_step(sim, task, &task->ahead[1]);
		cmasim_bg_prefetch_step(sim, task, &task->ahead[2]);
	}
}

/*
 * keep exactly one death event pending for a task with N > 0 live blocks, at
 * exp(mean / N); outside a batch only: a change of the live set comes through
 * cmasim_bg_live_changed(), the end of a batch through cmasim_bg_batch_end()
 */
static void
cmasim_bg_reschedule_death(CmasimSim *sim, guint t)
{
	CmasimSimBgTask *task = cmasim_bg_task(sim, t);
	CmasimTimeNs at;
	gdouble x;

	g_assert(!task->death_batched);
	if (task->live_len == 0) {
		if (task->death_event != CMASIM_EVENT_ID_NONE)
			cmasim_engine_cancel(sim->engine, task->death_event);
		task->death_event = CMASIM_EVENT_ID_NONE;
		for (guint i = 0; i < CMASIM_SIM_PREFETCH_AHEAD; i++)
			task->ahead[i].step = CMASIM_SIM_PREFETCH_IDLE;
		return;
	}
	x = cmasim_rng_exponential(&task->death_rng, task->lifetime_mean_ns / task->live_len);
	at = cmasim_engine_now(sim->engine) + (x >= (gdouble)CMASIM_SIM_TIME_CAP_NS
	                                           ? CMASIM_SIM_TIME_CAP_NS
	                                           : MAX((CmasimTimeNs)(x + 0.5), 1));
	cmasim_bg_predict_death(sim, task, at);
	if (task->death_event != CMASIM_EVENT_ID_NONE &&
	    cmasim_event_queue_reschedule(cmasim_engine_get_queue(sim->engine), task->death_event,
	                                  at))
		return;
	task->death_event = cmasim_engine_schedule_at(sim->engine, at, sim->ev_death, t, 0, NULL);
}

/* task @t's live set changed: reschedule its death now, or at the end of the handler
 * that batches them (checked here, inline: twice per death of a fill block) */
static inline void
cmasim_bg_live_changed(CmasimSim *sim, CmasimSimBgTask *task, guint t)
{
	if (task->death_batched)
		task->death_dirty = TRUE;
	else
		cmasim_bg_reschedule_death(sim, t);
}

/* around a handler that may change task @t's live set many times: one reschedule at the end */
static void
cmasim_bg_batch_begin(CmasimSim *sim, guint t)
{
	CmasimSimBgTask *task = cmasim_bg_task(sim, t);
	task->death_batched = task->lifetime_exponential;
	task->death_dirty = FALSE;
}

static void
cmasim_bg_batch_end(CmasimSim *sim, guint t)
{
	CmasimSimBgTask *task = cmasim_bg_task(sim, t);
	if (!task->death_batched)
		return;
	task->death_batched = FALSE;
	if (task->death_dirty || task->death_event == CMASIM_EVENT_ID_NONE)
		cmasim_bg_reschedule_death(sim, t);
	task->death_dirty = FALSE;
}

/* one new background allocation of task @t; CMASIM_HANDLE_NONE when memory ran out */
static CmasimHandle
cmasim_bg_alloc(CmasimSim *sim, guint t, gboolean fill)
{
	CmasimSimBgTask *task = cmasim_bg_task(sim, t);
	const CmasimBackgroundTask *spec = task->spec;
	guint order = cmasim_bg_draw_order(task, sim->mm_config.max_order);
	/* only the draws the spec uses, the same ones for every allocation */
	gdouble u_state = task->draws_state ? cmasim_rng_double(&task->rng) : 1.0;
	gdouble u_longterm = task->draws_longterm ? cmasim_rng_double(&task->rng) : 1.0;
	CmasimTimeNs lifetime_ns = 0;
	CmasimSimHandleInfo *info;
	guint flags = 0;
	guint32 slot;
	CmasimHandle h;

	if (!task->lifetime_forever && !task->lifetime_exponential)
		lifetime_ns = MAX(_cmasim_dist_sample_ns(&spec->lifetime_ns, &task->rng), 1);
	if (spec->kind == CMASIM_OWNER_FILE) {
		if (u_state < spec->writeback_fraction)
			flags = CMASIM_PAGE_WRITEBACK;
		else if (u_state < spec->writeback_fraction + spec->dirty_fraction)
			flags = CMASIM_PAGE_DIRTY;
	}
	sim->current_task = (gint)t;
	h = cmasim_mm_owner_alloc(sim->mm, spec->kind, order, flags);
	sim->current_task = -1;
	if (h == CMASIM_HANDLE_NONE) {
		task->alloc_failures++;
		return CMASIM_HANDLE_NONE;
	}
	info = cmasim_hinfo(sim, h);
	info->slot = task->live_len;
	info->task = (guint16)t;
	info->pins = 0;
	info->order = (guint8)order;
	info->flags = CMASIM_SIM_HANDLE_LIVE | CMASIM_SIM_HANDLE_IN_TASK |
	              (fill ? CMASIM_SIM_HANDLE_FILL : 0);
	if (task->live_len == task->live_cap) {
		g_assert(task->live_cap <= G_MAXUINT32 / 2);
		task->live_cap = MAX(task->live_cap * 2, 1024u);
		task->live = _cmasim_mem_grow(task->live, (gsize)task->live_len * sizeof(CmasimSimLive),
		                              (gsize)task->live_cap * sizeof(CmasimSimLive));
	}
	slot = task->live_len++;
	task->live[slot].handle = h;
	task->owned_pages += G_GUINT64_CONSTANT(1) << order;
	task->allocs++;
	if (fill)
		task->fill_allocs++;
	if (u_longterm < spec->longterm_pin_fraction) {
		sim->current_task = (gint)t;
		cmasim_mm_owner_pin_longterm(sim->mm, h);
		sim->current_task = -1;
	}
	/* read after the pin, which may have migrated the block out of CMA */
	task->live[slot].pfn_hint = cmasim_mm_owner_pfn_hint(sim->mm, h);
	if (task->lifetime_exponential)
		cmasim_bg_live_changed(sim, task, t);
	else if (!task->lifetime_forever)
		cmasim_engine_schedule_in(sim->engine, lifetime_ns, sim->ev_free, h, info->gen,
		                          NULL);
	if (flags & CMASIM_PAGE_WRITEBACK)
		/* a constant delay: in time order, so a FIFO lane rather than the heap */
		cmasim_engine_schedule_in_lane(sim->engine, sim->writeback_lane, sim->writeback_ns,
		                               sim->ev_writeback, h, info->gen, NULL);
	return h;
}

/* take @h out of its task's live set: it is dead for the task */
static void
cmasim_bg_detach(CmasimSim *sim, CmasimHandle h)
{
	CmasimSimHandleInfo *info = &sim->hinfo[h];
	CmasimSimBgTask *task;
	guint32 slot = info->slot;

	if (!(info->flags & CMASIM_SIM_HANDLE_IN_TASK))
		return;
	task = cmasim_bg_task(sim, info->task);
	task->live[slot] = task->live[--task->live_len];
	if (slot < task->live_len)
		sim->hinfo[task->live[slot].handle].slot = slot;
	task->owned_pages -= G_GUINT64_CONSTANT(1) << info->order;
	task->frees++;
	info->flags &= ~(CMASIM_SIM_HANDLE_IN_TASK | CMASIM_SIM_HANDLE_FILL);
	if (task->lifetime_exponential)
		cmasim_bg_live_changed(sim, task, info->task);
}

/* free a live background allocation now (task or replayed) */
static void
cmasim_bg_release(CmasimSim *sim, CmasimHandle h)
{
	CmasimSimHandleInfo *info;

	cmasim_bg_detach(sim, h);
	cmasim_mm_owner_free(sim->mm, h);
	info = &sim->hinfo[h];
	info->gen++;
	info->flags = 0;
	info->pins = 0;
}

/* the end of an allocation's life: free it (at its last unpin if pinned); replace fill blocks */
static void
cmasim_bg_expire(CmasimSim *sim, CmasimHandle h)
{
	CmasimSimHandleInfo *info = &sim->hinfo[h];
	gboolean fill = (info->flags & CMASIM_SIM_HANDLE_FILL) != 0;
	guint t = info->task;

	if (info->pins > 0) {
		cmasim_bg_detach(sim, h);
		info->flags |= CMASIM_SIM_HANDLE_FREE_PENDING;
	} else {
		cmasim_bg_release(sim, h);
	}
	if (fill && t != CMASIM_SIM_TASK_TIMED)
		cmasim_bg_alloc(sim, t, TRUE);
}

static void
cmasim_on_fill(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimBgTask *task = cmasim_bg_task(sim, event->arg32);
	guint64 guard = cmasim_mm_get_present_pages(sim->mm) + 1;

	sim->background_events++;
	cmasim_bg_batch_begin(sim, event->arg32);
	while (task->owned_pages < task->fill_target_pages && guard-- > 0) {
		if (cmasim_bg_alloc(sim, event->arg32, TRUE) == CMASIM_HANDLE_NONE) {
			/* the end of the fill phase, not a failure of the workload */
			sim->fill_stop_failures++;
			break;
		}
	}
	cmasim_bg_batch_end(sim, event->arg32);
	g_debug("task %s: filled %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " pages",
	        task->spec->name, task->owned_pages, task->fill_target_pages);
}

static void
cmasim_on_arrival(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimBgTask *task = cmasim_bg_task(sim, event->arg32);
	CmasimHandle h;
	CmasimTimeNs next;

	sim->background_events++;
	task->next_arrival_ns = CMASIM_TIME_NS_MAX; /* not drawn yet */
	cmasim_bg_batch_begin(sim, event->arg32);
	h = cmasim_bg_alloc(sim, event->arg32, FALSE);
	cmasim_bg_batch_end(sim, event->arg32);
	if (task->streaming && h != CMASIM_HANDLE_NONE) {
		guint64 pages = G_GUINT64_CONSTANT(1) << sim->hinfo[h].order;
		task->stream_left_pages -= MIN(pages, task->stream_left_pages);
		if (task->stream_left_pages == 0) {
			cmasim_bg_prefetch_pump(sim);
			return; /* the whole stream is in the page cache */
		}
	}
	next = cmasim_engine_now(sim->engine) +
	       cmasim_interarrival_ns(&task->rng, task->spec->rate_per_s);
	if (next < task->stop_ns) {
		cmasim_engine_schedule_at(sim->engine, next, sim->ev_arrival, event->arg32, 0,
		                          NULL);
		task->next_arrival_ns = next;
	}
	cmasim_bg_prefetch_pump(sim);
}

static void
cmasim_on_free(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;

	sim->background_events++;
	if (cmasim_hinfo_current(sim, event->arg32, event->arg64) == NULL)
		return;
	cmasim_bg_expire(sim, event->arg32);
}

static void
cmasim_on_death(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimBgTask *task = cmasim_bg_task(sim, event->arg32);

	sim->background_events++;
	task->death_event = CMASIM_EVENT_ID_NONE;
	cmasim_bg_batch_begin(sim, event->arg32);
	if (task->live_len > 0) {
		guint32 idx = cmasim_bg_next_victim(task);
		sim->prefetch_deaths++;
		sim->prefetch_ready += task->ahead[0].step == CMASIM_SIM_PREFETCH_DONE &&
		                       task->ahead[0].slot == idx &&
		                       task->ahead[0].handle == task->live[idx].handle;
		cmasim_bg_expire(sim, task->live[idx].handle);
	}
	/* the next death, once, from the new number of live blocks */
	cmasim_bg_batch_end(sim, event->arg32);
	cmasim_bg_prefetch_pump(sim);
}

static void
cmasim_on_pin(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimBgTask *task = cmasim_bg_task(sim, event->arg32);
	CmasimTimeNs next;

	sim->background_events++;
	if (task->live_len > 0) {
		guint64 idx = cmasim_rng_below(&task->pin_rng, task->live_len);
		CmasimHandle h = task->live[idx].handle;
		CmasimSimHandleInfo *info = &sim->hinfo[h];
		CmasimTimeNs duration_ns =
		    MAX(_cmasim_dist_sample_ns(&task->spec->pin_duration_ns, &task->pin_rng), 1);
		if (info->pins < G_MAXUINT8 && !(info->flags & CMASIM_SIM_HANDLE_FREE_PENDING) &&
		    cmasim_mm_owner_pin(sim->mm, h)) {
			info->pins++;
			task->pins++;
			cmasim_engine_schedule_in(sim->engine, duration_ns, sim->ev_unpin, h,
			                          info->gen, NULL);
		} else {
			/* dropped by reclaim, or pinned too often */
			task->pins_skipped++;
		}
	} else {
		task->pins_skipped++;
	}
	next = cmasim_engine_now(sim->engine) +
	       cmasim_interarrival_ns(&task->pin_rng, task->spec->pin_rate_per_s);
	if (next < task->stop_ns)
		cmasim_engine_schedule_at(sim->engine, next, sim->ev_pin, event->arg32, 0, NULL);
}

static void
cmasim_on_unpin(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimHandleInfo *info;

	sim->background_events++;
	info = cmasim_hinfo_current(sim, event->arg32, event->arg64);
	if (info == NULL || info->pins == 0)
		return;
	cmasim_mm_owner_unpin(sim->mm, event->arg32);
	info->pins--;
	if (info->pins == 0 && (info->flags & CMASIM_SIM_HANDLE_FREE_PENDING))
		cmasim_bg_release(sim, event->arg32);
}

static void
cmasim_on_writeback(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;

	sim->background_events++;
	if (cmasim_hinfo_current(sim, event->arg32, event->arg64) == NULL)
		return;
	cmasim_mm_owner_set_flags(sim->mm, event->arg32, 0, CMASIM_PAGE_WRITEBACK);
}

/* ---- contiguous requests ---- */

CmasimSimRequest *
_cmasim_sim_request_new(CmasimSim *sim, guint16 owner)
{
	CmasimSimRequest *request;

	if (sim->free_requests->len > 0) {
		guint32 idx =
		    g_array_index(sim->free_requests, guint32, sim->free_requests->len - 1);
		g_array_set_size(sim->free_requests, sim->free_requests->len - 1);
		request = g_ptr_array_index(sim->requests, idx);
	} else {
		request = g_new0(CmasimSimRequest, 1);
		request->index = sim->requests->len;
		g_ptr_array_add(sim->requests, request);
	}
	memset(&request->req, 0, sizeof(request->req));
	request->req.id = ++sim->next_request_id;
	request->req.arrival_ns = cmasim_engine_now(sim->engine);
	request->req.pfn = CMASIM_PFN_NONE;
	request->req.region = -1;
	request->owner = owner;
	request->in_use = TRUE;
	request->release_pending = FALSE;
	request->timed_id = 0;
	request->timed_held_offset = request->timed_held_count = 0;
	return request;
}

void
_cmasim_sim_request_put(CmasimSim *sim, CmasimSimRequest *request)
{
	g_return_if_fail(request->in_use);
	request->in_use = FALSE;
	g_array_append_val(sim->free_requests, request->index);
}

static CmasimSimDevTask *
cmasim_dev_task(CmasimSim *sim, guint d)
{
	return &g_array_index(sim->dev, CmasimSimDevTask, d);
}

static void
cmasim_request_done(gpointer ctx, CmasimContigRequest *req)
{
	CmasimSim *sim = ctx;
	CmasimSimRequest *request = (CmasimSimRequest *)req;
	CmasimSimDevTask *dev;

	if (request->owner == CMASIM_SIM_TASK_TIMED) {
		/* a cma_release that came before the end: do it now, outside the policy */
		if (request->release_pending)
			cmasim_engine_schedule_in(sim->engine, 0, sim->ev_req_release, 0, 0,
			                          request);
		return;
	}
	dev = cmasim_dev_task(sim, request->owner);
	dev->buffers_done++;
	if (dev->buffers_issued < dev->spec->buffers) {
		/* the next buffer of the loop, as its own event (not from inside the policy) */
		cmasim_engine_schedule_in(sim->engine, 0, sim->ev_dev_next, dev->index, 0, NULL);
	} else {
		CmasimTimeNs hold_ns = _cmasim_dist_sample_ns(&dev->spec->hold_ns, &dev->rng);
		cmasim_engine_schedule_in(sim->engine, hold_ns, sim->ev_dev_hold_end, dev->index,
		                          dev->iterations, NULL);
	}
}

static void
cmasim_dev_issue(CmasimSim *sim, CmasimSimDevTask *dev)
{
	CmasimSimRequest *request = _cmasim_sim_request_new(sim, dev->index);

	request->req.count = dev->count_pages;
	request->req.align = dev->spec->align_order;
	request->req.atomic = dev->spec->gfp_atomic;
	g_strlcpy(request->req.device, dev->spec->device != NULL ? dev->spec->device : "",
	          sizeof(request->req.device));
	g_strlcpy(request->req.task, dev->spec->name, sizeof(request->req.task));
	dev->held[dev->buffers_issued++] = request;
	cmasim_policy_alloc(sim->policy, &request->req, cmasim_request_done, sim);
}

static void
cmasim_on_dev_iteration(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimDevTask *dev = cmasim_dev_task(sim, event->arg32);

	dev->iterations++;
	dev->iteration_start_ns = cmasim_engine_now(sim->engine);
	dev->buffers_issued = 0;
	dev->buffers_done = 0;
	cmasim_dev_issue(sim, dev);
}

static void
cmasim_on_dev_next(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	cmasim_dev_issue(sim, cmasim_dev_task(sim, event->arg32));
}

static void
cmasim_on_dev_hold_end(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimSimDevTask *dev = cmasim_dev_task(sim, event->arg32);
	CmasimTimeNs now = cmasim_engine_now(sim->engine);
	CmasimTimeNs next;

	for (guint i = 0; i < dev->buffers_issued; i++) {
		CmasimSimRequest *request = dev->held[i];
		if (request->req.status == CMASIM_ALLOC_OK)
			cmasim_policy_release(sim->policy, &request->req);
		_cmasim_sim_request_put(sim, request);
		dev->held[i] = NULL;
	}
	dev->buffers_issued = 0;
	dev->buffers_done = 0;
	if (dev->spec->loops != 0 && dev->iterations >= dev->spec->loops) {
		dev->finished_loops = TRUE;
		return;
	}
	next = dev->iteration_start_ns + dev->spec->period_ns;
	if (next < dev->iteration_start_ns)
		next = CMASIM_TIME_NS_MAX;
	if (next < now) {
		dev->overruns++;
		next = now;
	}
	if (next < sim->duration_ns)
		cmasim_engine_schedule_at(sim->engine, next, sim->ev_dev_iteration, dev->index, 0,
		                          NULL);
}

/* ---- timed events ---- */

static void cmasim_timed_read_next(CmasimSim *sim);

/*
 * Give the policy back what the event stream no longer holds of a finished
 * replay request: the head before timed_held_offset and the tail after the
 * held range (or all of it), each a cma_release() of its own. The request
 * is done with once nothing is held.
 */
static void
cmasim_timed_apply_release(CmasimSim *sim, CmasimSimRequest *request)
{
	CmasimContigRequest *req = &request->req;
	guint64 end = request->timed_held_offset + request->timed_held_count;

	if (req->status == CMASIM_ALLOC_OK && !req->released) {
		if (request->timed_held_count == 0) {
			cmasim_policy_release(sim->policy, req);
		} else {
			if (request->timed_held_offset > req->held_offset)
				cmasim_policy_release_range(sim->policy, req, req->held_offset,
				                            request->timed_held_offset -
				                                req->held_offset);
			if (req->held_offset + req->held_count > end)
				cmasim_policy_release_range(sim->policy, req, end,
				                            req->held_offset + req->held_count - end);
		}
	}
	request->release_pending = FALSE;
	if (request->timed_held_count == 0) {
		_cmasim_idmap_remove(&sim->timed_requests, request->timed_id, NULL);
		_cmasim_sim_request_put(sim, request);
	}
}

static void
cmasim_on_req_release(gpointer ctx, const CmasimEvent *event)
{
	cmasim_timed_apply_release(ctx, event->data);
}

static void
cmasim_timed_alloc(CmasimSim *sim, const CmasimTimedEvent *te)
{
	CmasimSimHandleInfo *info;
	CmasimHandle h;
	guint order = MIN(te->order, sim->mm_config.max_order);

	if (_cmasim_idmap_lookup(&sim->timed_allocs, te->id, NULL)) {
		sim->timed_skipped++;
		return;
	}
	h = cmasim_mm_owner_alloc(sim->mm, te->kind, order, 0);
	if (h == CMASIM_HANDLE_NONE)
		return;
	info = cmasim_hinfo(sim, h);
	info->task = CMASIM_SIM_TASK_TIMED;
	info->slot = 0;
	info->pins = 0;
	info->order = (guint8)order;
	info->flags = CMASIM_SIM_HANDLE_LIVE;
	_cmasim_idmap_insert(&sim->timed_allocs, te->id, h);
}

static void
cmasim_timed_free_or_unpin(CmasimSim *sim, const CmasimTimedEvent *te)
{
	CmasimSimHandleInfo *info;
	guint64 h;

	if (!_cmasim_idmap_lookup(&sim->timed_allocs, te->id, &h)) {
		sim->timed_skipped++;
		return;
	}
	info = &sim->hinfo[h];
	if (te->op == CMASIM_TIMED_UNPIN) {
		if (info->pins == 0) {
			sim->timed_skipped++;
			return;
		}
		cmasim_mm_owner_unpin(sim->mm, (CmasimHandle)h);
		info->pins--;
		if (info->pins > 0 || !(info->flags & CMASIM_SIM_HANDLE_FREE_PENDING))
			return;
	} else if (info->flags & CMASIM_SIM_HANDLE_FREE_PENDING) {
		sim->timed_skipped++;
		return;
	} else if (info->pins > 0) {
		info->flags |= CMASIM_SIM_HANDLE_FREE_PENDING;
		return;
	}
	_cmasim_idmap_remove(&sim->timed_allocs, te->id, NULL);
	cmasim_bg_release(sim, (CmasimHandle)h);
}

static void
cmasim_timed_pin(CmasimSim *sim, const CmasimTimedEvent *te)
{
	CmasimSimHandleInfo *info;
	guint64 h;

	if (!_cmasim_idmap_lookup(&sim->timed_allocs, te->id, &h)) {
		sim->timed_skipped++;
		return;
	}
	info = &sim->hinfo[h];
	if (info->pins == G_MAXUINT8 || (info->flags & CMASIM_SIM_HANDLE_FREE_PENDING) ||
	    !cmasim_mm_owner_pin(sim->mm, (CmasimHandle)h)) {
		sim->timed_skipped++;
		return;
	}
	info->pins++;
}

static void
cmasim_timed_cma_alloc(CmasimSim *sim, const CmasimTimedEvent *te)
{
	CmasimSimRequest *request;

	if (_cmasim_idmap_lookup(&sim->timed_requests, te->id, NULL)) {
		sim->timed_skipped++;
		return;
	}
	request = _cmasim_sim_request_new(sim, CMASIM_SIM_TASK_TIMED);
	request->req.count = te->count_pages;
	request->req.align = te->align_order;
	g_strlcpy(request->req.device, te->device, sizeof(request->req.device));
	g_strlcpy(request->req.task, "replay", sizeof(request->req.task));
	request->timed_id = te->id;
	request->timed_held_count = te->count_pages;
	_cmasim_idmap_insert(&sim->timed_requests, te->id, request->index);
	cmasim_policy_alloc(sim->policy, &request->req, cmasim_request_done, sim);
}

/*
 * cma_release(cma, page, count) of a replayed request: count pages (0 = all
 * that is still held) at offset pages from the head of what is still held.
 * The event stream has checked that the range leaves one piece held; a
 * release of an id not held (never allocated, already released) is skipped.
 * Before the request has finished the range is remembered and given back
 * when it finishes, as a driver's release would wait for its allocation.
 */
static void
cmasim_timed_cma_release(CmasimSim *sim, const CmasimTimedEvent *te)
{
	CmasimSimRequest *request;
	guint64 idx, held, count;

	if (!_cmasim_idmap_lookup(&sim->timed_requests, te->id, &idx)) {
		sim->timed_skipped++;
		return;
	}
	request = g_ptr_array_index(sim->requests, idx);
	held = request->timed_held_count;
	count = te->count_pages != 0 ? te->count_pages : held - MIN(te->offset_pages, held);
	/* the stream's checks, again for the held state at run time: one piece must stay */
	if (count == 0 || te->offset_pages + count > held ||
	    (te->offset_pages > 0 && te->offset_pages + count < held)) {
		sim->timed_skipped++;
		return;
	}
	if (te->offset_pages == 0)
		request->timed_held_offset += count;
	request->timed_held_count -= count;
	if (!request->req.finished)
		request->release_pending = TRUE;
	else
		cmasim_timed_apply_release(sim, request);
}

static void
cmasim_on_timed(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimTimedEvent te = sim->timed_next;

	sim->timed_events++;
	switch (te.op) {
	case CMASIM_TIMED_ALLOC:
		cmasim_timed_alloc(sim, &te);
		break;
	case CMASIM_TIMED_FREE:
	case CMASIM_TIMED_UNPIN:
		cmasim_timed_free_or_unpin(sim, &te);
		break;
	case CMASIM_TIMED_PIN:
		cmasim_timed_pin(sim, &te);
		break;
	case CMASIM_TIMED_CMA_ALLOC:
		cmasim_timed_cma_alloc(sim, &te);
		break;
	case CMASIM_TIMED_CMA_RELEASE:
		cmasim_timed_cma_release(sim, &te);
		break;
	default:
		sim->timed_skipped++;
		break;
	}
	cmasim_timed_read_next(sim);
}

/* read the stream's next event and make it the one pending engine event */
static void
cmasim_timed_read_next(CmasimSim *sim)
{
	g_autoptr(GError) error_local = NULL;

	if (sim->stream == NULL)
		return;
	if (!cmasim_event_stream_next(sim->stream, &sim->timed_next, &error_local)) {
		if (error_local != NULL && sim->run_error == NULL) {
			sim->run_error = g_steal_pointer(&error_local);
			cmasim_engine_request_stop(sim->engine);
		}
		g_clear_pointer(&sim->stream, cmasim_event_stream_free);
		return;
	}
	cmasim_engine_schedule_at(sim->engine, sim->timed_next.at_ns, sim->ev_timed, 0, 0, NULL);
}

/* ---- set-up ---- */

void
_cmasim_sim_register_task_events(CmasimSim *sim)
{
	sim->ev_fill = cmasim_engine_register(sim->engine, cmasim_on_fill, sim);
	sim->ev_arrival = cmasim_engine_register(sim->engine, cmasim_on_arrival, sim);
	sim->ev_free = cmasim_engine_register(sim->engine, cmasim_on_free, sim);
	sim->ev_death = cmasim_engine_register(sim->engine, cmasim_on_death, sim);
	sim->ev_pin = cmasim_engine_register(sim->engine, cmasim_on_pin, sim);
	sim->ev_unpin = cmasim_engine_register(sim->engine, cmasim_on_unpin, sim);
	sim->ev_writeback = cmasim_engine_register(sim->engine, cmasim_on_writeback, sim);
	sim->writeback_lane = cmasim_engine_add_lane(sim->engine);
	sim->ev_dev_iteration = cmasim_engine_register(sim->engine, cmasim_on_dev_iteration, sim);
	sim->ev_dev_next = cmasim_engine_register(sim->engine, cmasim_on_dev_next, sim);
	sim->ev_dev_hold_end = cmasim_engine_register(sim->engine, cmasim_on_dev_hold_end, sim);
	sim->ev_req_release = cmasim_engine_register(sim->engine, cmasim_on_req_release, sim);
	sim->ev_timed = cmasim_engine_register(sim->engine, cmasim_on_timed, sim);
}

guint
_cmasim_sim_get_order(guint64 count_pages)
{
	guint order = 0;
	while ((G_GUINT64_CONSTANT(1) << order) < count_pages && order < 63)
		order++;
	return order;
}

gboolean
_cmasim_sim_tasks_init(CmasimSim *sim, GError **error)
{
	const CmasimScenario *scenario = sim->scenario;
	guint n_bg = scenario->background != NULL ? scenario->background->len : 0;
	guint n_dev = scenario->devices != NULL ? scenario->devices->len : 0;
	guint64 present = cmasim_mm_get_present_pages(sim->mm);
	guint32 page = sim->mm_config.page_size_bytes;

	if (n_bg >= CMASIM_SIM_TASK_TIMED || n_dev >= CMASIM_SIM_TASK_TIMED) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
		            "too many tasks (at most %u of each type)", CMASIM_SIM_TASK_TIMED - 1);
		return FALSE;
	}
	sim->bg = g_array_sized_new(FALSE, TRUE, sizeof(CmasimSimBgTask), n_bg);
	g_array_set_size(sim->bg, n_bg);
	for (guint t = 0; t < n_bg; t++) {
		const CmasimBackgroundTask *spec = g_ptr_array_index(scenario->background, t);
		CmasimSimBgTask *task = cmasim_bg_task(sim, t);
		g_autofree gchar *stream = g_strdup_printf("task:%s", spec->name);
		g_autofree gchar *pin_stream = g_strdup_printf("task:%s:pin", spec->name);
		g_autofree gchar *death_stream = g_strdup_printf("task:%s:free", spec->name);
		g_autofree gchar *victim_stream = g_strdup_printf("task:%s:victim", spec->name);
		gdouble cum = 0;

		task->spec = spec;
		cmasim_rng_init(&task->rng, scenario->seed, stream);
		cmasim_rng_init(&task->pin_rng, scenario->seed, pin_stream);
		cmasim_rng_init(&task->death_rng, scenario->seed, death_stream);
		cmasim_rng_init(&task->victim_rng, scenario->seed, victim_stream);
		for (guint i = 0; i < CMASIM_SIM_PREFETCH_AHEAD; i++)
			task->victim_u[i] = cmasim_rng_next(&task->victim_rng);
		task->n_orders =
		    spec->orders != NULL && spec->orders->len > 0 ? spec->orders->len : 1;
		task->order_cum = g_new0(gdouble, task->n_orders);
		task->order_val = g_new0(guint, task->n_orders);
		if (spec->orders == NULL || spec->orders->len == 0) {
			task->order_cum[0] = 1.0;
			task->order_val[0] = 0;
		} else {
			for (guint i = 0; i < spec->orders->len; i++) {
				const CmasimOrderWeight *w =
				    &g_array_index(spec->orders, CmasimOrderWeight, i);
				if (w->order > sim->mm_config.max_order) {
					g_set_error(error, CMASIM_ERROR,
					            CMASIM_ERROR_INVALID_CONFIG,
					            "task '%s': order %u is above the machine's "
					            "max_order %u",
					            spec->name, w->order, sim->mm_config.max_order);
					return FALSE;
				}
				cum += w->weight > 0 ? w->weight : 0;
				task->order_cum[i] = cum;
				task->order_val[i] = w->order;
			}
			if (!(cum > 0)) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				            "task '%s': the order weights sum to zero", spec->name);
				return FALSE;
			}
		}
		task->fill_target_pages = (guint64)((gdouble)present * spec->fill_percent / 100.0);
		task->lifetime_forever =
		    spec->lifetime_ns.kind == CMASIM_DIST_FIXED && !(spec->lifetime_ns.a > 0);
		task->lifetime_exponential =
		    spec->lifetime_ns.kind == CMASIM_DIST_EXPONENTIAL && spec->lifetime_ns.a > 0;
		task->lifetime_mean_ns = spec->lifetime_ns.a;
		task->draws_state = spec->kind == CMASIM_OWNER_FILE &&
		                    (spec->writeback_fraction > 0 || spec->dirty_fraction > 0);
		task->draws_longterm = spec->longterm_pin_fraction > 0;
		task->death_event = CMASIM_EVENT_ID_NONE;
		task->next_arrival_ns = CMASIM_TIME_NS_MAX;
		task->stop_ns =
		    spec->stop_ns != 0 ? MIN(spec->stop_ns, sim->duration_ns) : sim->duration_ns;
		task->streaming = spec->stream_bytes != 0;
		task->stream_left_pages =
		    (spec->stream_bytes + scenario->machine.page_size_bytes - 1) /
		    scenario->machine.page_size_bytes;
	}

	sim->dev = g_array_sized_new(FALSE, TRUE, sizeof(CmasimSimDevTask), n_dev);
	g_array_set_size(sim->dev, n_dev);
	for (guint d = 0; d < n_dev; d++) {
		const CmasimDeviceTask *spec = g_ptr_array_index(scenario->devices, d);
		CmasimSimDevTask *dev = cmasim_dev_task(sim, d);
		g_autofree gchar *stream = g_strdup_printf("task:%s", spec->name);

		dev->spec = spec;
		dev->index = (guint16)d;
		cmasim_rng_init(&dev->rng, scenario->seed, stream);
		dev->count_pages = (spec->size_bytes + page - 1) / page;
		if (dev->count_pages == 0 || spec->buffers == 0) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "task '%s': empty request", spec->name);
			return FALSE;
		}
		dev->held = g_new0(CmasimSimRequest *, spec->buffers);
		sim->request_order = MAX(sim->request_order, _cmasim_sim_get_order(dev->count_pages));
	}

	sim->stream = cmasim_event_stream_open(scenario, error);
	if (sim->stream == NULL && error != NULL && *error != NULL)
		return FALSE;
	_cmasim_idmap_init(&sim->timed_allocs);
	_cmasim_idmap_init(&sim->timed_requests);
	return TRUE;
}

void
_cmasim_sim_schedule_tasks(CmasimSim *sim)
{
	for (guint t = 0; t < sim->bg->len; t++) {
		CmasimSimBgTask *task = cmasim_bg_task(sim, t);
		const CmasimBackgroundTask *spec = task->spec;
		if (task->fill_target_pages > 0)
			cmasim_engine_schedule_at(sim->engine, 0, sim->ev_fill, t, 0, NULL);
		if (spec->rate_per_s > 0 && spec->start_ns < task->stop_ns) {
			CmasimTimeNs at =
			    spec->start_ns + cmasim_interarrival_ns(&task->rng, spec->rate_per_s);
			if (at < task->stop_ns) {
				cmasim_engine_schedule_at(sim->engine, at, sim->ev_arrival, t, 0,
				                          NULL);
				task->next_arrival_ns = at;
			}
		}
		if (spec->pin_rate_per_s > 0 && spec->start_ns < task->stop_ns) {
			CmasimTimeNs at =
			    spec->start_ns +
			    cmasim_interarrival_ns(&task->pin_rng, spec->pin_rate_per_s);
			if (at < task->stop_ns)
				cmasim_engine_schedule_at(sim->engine, at, sim->ev_pin, t, 0, NULL);
		}
	}
	for (guint d = 0; d < sim->dev->len; d++) {
		CmasimSimDevTask *dev = cmasim_dev_task(sim, d);
		CmasimTimeNs at = _cmasim_dist_sample_ns(&dev->spec->start_delay_ns, &dev->rng);
		if (at < sim->duration_ns)
			cmasim_engine_schedule_at(sim->engine, at, sim->ev_dev_iteration, d, 0,
			                          NULL);
	}
	cmasim_timed_read_next(sim);
}

void
_cmasim_sim_tasks_clear(CmasimSim *sim)
{
	if (sim->bg != NULL) {
		for (guint t = 0; t < sim->bg->len; t++) {
			CmasimSimBgTask *task = cmasim_bg_task(sim, t);
			g_free(task->order_cum);
			g_free(task->order_val);
			g_free(task->live);
		}
		g_clear_pointer(&sim->bg, g_array_unref);
	}
	if (sim->dev != NULL) {
		for (guint d = 0; d < sim->dev->len; d++)
			g_free(cmasim_dev_task(sim, d)->held);
		g_clear_pointer(&sim->dev, g_array_unref);
	}
	g_clear_pointer(&sim->stream, cmasim_event_stream_free);
	_cmasim_idmap_clear(&sim->timed_allocs);
	_cmasim_idmap_clear(&sim->timed_requests);
	g_clear_pointer(&sim->hinfo, g_free);
	sim->hinfo_len = 0;
	sim->hinfo_ready = 0;
}
