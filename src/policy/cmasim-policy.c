/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The policy registry and the wrappers that run every contiguous request as
 * a process in simulated time, whatever the policy:
 *
 *   arrive -> [mutex] -> find a window -> [mutex] -> isolate -> migrate a
 *   batch (repeated; background events run in between) -> complete ->
 *   remap and cache work -> finish
 *
 * Each step is an engine event scheduled at the time the cost model says
 * the previous one took. A failed window goes back to the policy, which
 * says whether to try the next one (the -EBUSY retry walk of mm/cma.c).
 * The mutex is cma_mutex (global) or a per-area alloc_mutex; waiters queue
 * in FIFO order and their wait is the "mutex_wait" part of the latency.
 * The observer sees start, busy retry, migration, finish and release of
 * every request from here and from nowhere else, as the kernel's cma
 * tracepoints sit in the generic code around the per-range loop.
 */
#define G_LOG_DOMAIN "CmasimPolicy"

#include <string.h>

#include "cmasim/cmasim-error.h"
#include "policy/cmasim-policy-private.h"

enum {
	CMASIM_REQ_ARRIVE,
	CMASIM_REQ_LOCK,
	CMASIM_REQ_FIND,
	CMASIM_REQ_ISOLATE,
	CMASIM_REQ_MIGRATE,
	CMASIM_REQ_COMPLETE,
	CMASIM_REQ_WINDOW_FAIL,
	CMASIM_REQ_MAP,
	CMASIM_REQ_FINISH,
};

#define CMASIM_NO_MUTEX G_MAXUINT32

struct _CmasimPolicy {
	const CmasimPolicyOps *ops;
	CmasimPolicyEnv env;
	CmasimPolicyObserver observer;
	gpointer observer_ctx;
	gpointer data;
	guint32 kind;
	guint n_mutexes;
	CmasimContigRequest **holder;
	GQueue *waiters;
	guint in_flight;
	/*
	 * The alloc_contig_range() state of every window being isolated or
	 * migrated: the policy owns them all, whether a request finishes or
	 * the run stops with it in flight, and cmasim_policy_free() frees them.
	 * Taken from and given back to a free stack, so a warm run allocates none.
	 */
	GPtrArray *windows;	 /* (element-type CmasimContigRange) every one made */
	GPtrArray *free_windows; /* those not in use */
	guint64 batch_pages; /* 0 = by the window's rules */
	guint max_tries;
};

static const CmasimPolicyOps *(*const cmasim_policy_registry[])(void) = {
    _cmasim_policy_cma_get_ops,
    _cmasim_policy_acp_get_ops,
    _cmasim_policy_carveout_get_ops,
};

const CmasimPolicyOps *const *
cmasim_policy_ops_list(guint *n_ops)
{
	static const CmasimPolicyOps *list[G_N_ELEMENTS(cmasim_policy_registry) + 1];
	for (guint i = 0; i < G_N_ELEMENTS(cmasim_policy_registry); i++)
		list[i] = cmasim_policy_registry[i]();
	*n_ops = G_N_ELEMENTS(cmasim_policy_registry);
	return list;
}

const CmasimPolicyOps *
cmasim_policy_ops_lookup(const gchar *name, GError **error)
{
	g_autoptr(GString) valid = g_string_new(NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cmasim_policy_registry); i++) {
		const CmasimPolicyOps *ops = cmasim_policy_registry[i]();
		if (g_strcmp0(ops->name, name) == 0)
			return ops;
		g_string_append_printf(valid, "%s%s", i ? ", " : "", ops->name);
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		    "unknown policy '%s'; valid values are: %s", name ? name : "", valid->str);
	return NULL;
}

guint
_cmasim_order_of(guint64 n)
{
	guint o = 0;
	while ((G_GUINT64_CONSTANT(1) << o) < n)
		o++;
	return o;
}

static void cmasim_policy_step(gpointer ctx, const CmasimEvent *event);

CmasimPolicy *
cmasim_policy_new(const CmasimPolicyOps *ops, const CmasimPolicyEnv *env,
		  const CmasimPolicyObserver *observer, gpointer observer_ctx, GError **error)
{
	g_autoptr(CmasimPolicy) self = NULL;
	g_return_val_if_fail(ops != NULL && env != NULL, NULL);
	if (ops->version != CMASIM_POLICY_OPS_VERSION) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL,
			    "policy %s has ops version %u, expected %u", ops->name, ops->version,
			    CMASIM_POLICY_OPS_VERSION);
		return NULL;
	}
	self = g_new0(CmasimPolicy, 1);
	self->ops = ops;
	self->env = *env;
	if (observer != NULL)
		self->observer = *observer;
	self->observer_ctx = observer_ctx;
	self->kind = cmasim_engine_register(env->engine, cmasim_policy_step, self);
	self->n_mutexes = env->n_regions + 1;
	self->holder = g_new0(CmasimContigRequest *, self->n_mutexes);
	self->waiters = g_new0(GQueue, self->n_mutexes);
	self->windows = g_ptr_array_new_with_free_func(g_free);
	self->free_windows = g_ptr_array_new();
	if (ops->needs_migration && ops->isolation == NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL,
			    "policy %s migrates but has no isolation op", ops->name);
		return NULL;
	}
	self->batch_pages = cmasim_params_get_uint(env->params, "policy.migrate_batch");
	self->max_tries = (guint)cmasim_params_get_uint(env->params, "policy.migrate_retries");
	if (!ops->init(self, error)) {
		g_prefix_error(error, "policy %s: ", ops->name);
		return NULL;
	}
	return g_steal_pointer(&self);
}

void
cmasim_policy_free(CmasimPolicy *self)
{
	if (self == NULL)
		return;
	if (self->ops->finalize != NULL)
		self->ops->finalize(self);
	for (guint m = 0; m < self->n_mutexes; m++)
		g_queue_clear(&self->waiters[m]);
	g_free(self->waiters);
	g_free(self->holder);
	g_clear_pointer(&self->free_windows, g_ptr_array_unref);
	g_clear_pointer(&self->windows, g_ptr_array_unref);
	g_free(self);
}

guint
cmasim_policy_get_windows_in_use(const CmasimPolicy *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->windows->len - self->free_windows->len;
}

/* a window's alloc_contig_range() state, from the policy's pool */
static CmasimContigRange *
cmasim_policy_window_get(CmasimPolicy *self)
{
	if (self->free_windows->len > 0)
		return g_ptr_array_steal_index_fast(self->free_windows,
						    self->free_windows->len - 1);
	g_ptr_array_add(self->windows, g_new0(CmasimContigRange, 1));
	return g_ptr_array_index(self->windows, self->windows->len - 1);
}

/* back to the pool; req->window is NULL afterwards */
static void
cmasim_policy_window_put(CmasimPolicy *self, CmasimContigRequest *req)
{
	g_ptr_array_add(self->free_windows, g_steal_pointer(&req->window));
}

const CmasimPolicyOps *
cmasim_policy_get_ops(const CmasimPolicy *self)
{
	return self->ops;
}

const CmasimPolicyEnv *
cmasim_policy_get_env(const CmasimPolicy *self)
{
	return &self->env;
}

gpointer
cmasim_policy_get_data(const CmasimPolicy *self)
{
	return self->data;
}

void
cmasim_policy_set_data(CmasimPolicy *self, gpointer data)
{
	self->data = data;
}

CmasimMm *
_cmasim_policy_mm(const CmasimPolicy *self)
{
	return self->env.mm;
}

const CmasimCost *
_cmasim_policy_cost(const CmasimPolicy *self)
{
	return self->env.cost;
}

CmasimDmaMap *
_cmasim_policy_dma_map(const CmasimPolicy *self)
{
	return self->env.dma_map;
}

gint
cmasim_policy_region_for_device(const CmasimPolicy *self, const gchar *device)
{
	for (guint r = 0; device != NULL && *device != '\0' && r < self->env.n_regions; r++) {
		const gchar *const *devices = self->env.region_devices[r];
		if (devices != NULL && g_strv_contains(devices, device))
			return (gint)r;
	}
	return self->env.default_region;
}

guint
cmasim_policy_get_in_flight(const CmasimPolicy *self)
{
	return self->in_flight;
}

void
cmasim_policy_reserved_pages(CmasimPolicy *self, guint64 *reserved, guint64 *in_use)
{
	*reserved = *in_use = 0;
	if (self->ops->reserved_pages != NULL)
		self->ops->reserved_pages(self, reserved, in_use);
}

static CmasimTimeNs
cmasim_breakdown_sum(const CmasimBreakdown *bd)
{
	CmasimTimeNs total = 0;
	for (guint s = 0; s < CMASIM_STEPS; s++)
		total += bd->step_ns[s];
	return total;
}

/* go to @state after @delay_ns of simulated work */
static void
cmasim_policy_goto(CmasimPolicy *self, CmasimContigRequest *req, guint32 state,
		   CmasimTimeNs delay_ns)
{
	req->state = state;
	cmasim_engine_schedule_in(self->env.engine, delay_ns, self->kind, 0, 0, req);
}

static gboolean
cmasim_policy_lock_covers_search(CmasimPolicy *self)
{
	return self->ops->lock_covers_search != NULL && self->ops->lock_covers_search(self);
}

static void
cmasim_policy_unlock(CmasimPolicy *self, CmasimContigRequest *req)
{
	guint32 m = req->mutex;
	CmasimContigRequest *next;

	if (m == CMASIM_NO_MUTEX)
		return;
	g_assert(self->holder[m] == req);
	req->mutex = CMASIM_NO_MUTEX;
	self->holder[m] = NULL;
	next = g_queue_pop_head(&self->waiters[m]);
	if (next != NULL) {
		CmasimTimeNs now = cmasim_engine_now(self->env.engine);
		self->holder[m] = next;
		next->mutex = m;
		next->breakdown.step_ns[CMASIM_STEP_MUTEX_WAIT] += now - next->wait_start_ns;
		cmasim_policy_goto(self, next,
				   cmasim_policy_lock_covers_search(self) ? CMASIM_REQ_FIND
									  : CMASIM_REQ_ISOLATE,
				   0);
	}
}

static void
cmasim_policy_finish(CmasimPolicy *self, CmasimContigRequest *req, CmasimAllocStatus status)
{
	req->status = status;
	if (status != CMASIM_ALLOC_OK)
		req->pfn = CMASIM_PFN_NONE;
	cmasim_policy_goto(self, req, CMASIM_REQ_FINISH, 0);
}

static void
cmasim_policy_do_lock(CmasimPolicy *self, CmasimContigRequest *req)
{
	gint m = self->ops->mutex_for != NULL ? self->ops->mutex_for(self, req) : -1;
	guint32 next_state =
	    cmasim_policy_lock_covers_search(self) ? CMASIM_REQ_FIND : CMASIM_REQ_ISOLATE;

	if (m < 0) {
		cmasim_policy_goto(self, req, next_state, 0);
		return;
	}
	g_assert((guint)m < self->n_mutexes);
	if (self->holder[m] == NULL) {
		self->holder[m] = req;
		req->mutex = (guint32)m;
		cmasim_policy_goto(self, req, next_state, 0);
		return;
	}
	req->wait_start_ns = cmasim_engine_now(self->env.engine);
	g_queue_push_tail(&self->waiters[m], req);
}

static void
cmasim_policy_do_find(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimTimeNs before = cmasim_breakdown_sum(&req->breakdown);
	CmasimPfn pfn = CMASIM_PFN_NONE;
	guint64 count = 0;
	CmasimAllocStatus status = self->ops->find(self, req, &pfn, &count);
	CmasimTimeNs cost = cmasim_breakdown_sum(&req->breakdown) - before;

	if (status != CMASIM_ALLOC_OK) {
		CmasimTimeNs sleep_ns = self->ops->retry_sleep != NULL
					    ? self->ops->retry_sleep(self, req, status)
					    : 0;
		cmasim_policy_unlock(self, req);
		if (sleep_ns > 0) {
			/* the vendor's msleep() then a new walk; the sleep is waiting time */
			req->slept_ns += sleep_ns;
			req->breakdown.step_ns[CMASIM_STEP_MUTEX_WAIT] += sleep_ns;
			cmasim_policy_goto(self, req,
					   cmasim_policy_lock_covers_search(self) ? CMASIM_REQ_LOCK
										  : CMASIM_REQ_FIND,
					   cost + sleep_ns);
			return;
		}
		req->status = status;
		req->pfn = CMASIM_PFN_NONE;
		cmasim_policy_goto(self, req, CMASIM_REQ_FINISH, cost);
		return;
	}
	req->pfn = pfn;
	req->window_count = count;
	if (!self->ops->needs_migration)
		cmasim_policy_goto(self, req, CMASIM_REQ_MAP, cost);
	else if (cmasim_policy_lock_covers_search(self))
		cmasim_policy_goto(self, req, CMASIM_REQ_ISOLATE, cost);
	else
		cmasim_policy_goto(self, req, CMASIM_REQ_LOCK, cost);
}

/* turn a step's work into time and counters */
static CmasimTimeNs
cmasim_policy_charge(CmasimPolicy *self, CmasimContigRequest *req, const CmasimContigWork *w,
		     gboolean old_rules, CmasimStep scan_step)
{
	const CmasimCost *c = self->env.cost;
	CmasimBreakdown *bd = &req->breakdown;
	CmasimTimeNs t = 0;

	if (w->pageblocks_isolated)
		t += cmasim_cost_isolate(c, w->pageblocks_isolated, bd);
	t += cmasim_cost_scan_pfns(c, w->pfns_scanned, scan_step, bd);
	if (w->migrated)
		t += cmasim_cost_migrate(c, w->migrated, !old_rules, bd);
	if (w->dropped)
		t += cmasim_cost_drop_clean(c, w->dropped, bd);
	if (w->written)
		t += cmasim_cost_writeout(c, w->written, bd);
	for (guint64 i = 0; i < w->writeback_waits; i++)
		t += cmasim_cost_writeback_wait(c, bd);
	if (w->buddy_ops)
		t += cmasim_cost_buddy_ops(c, w->buddy_ops, scan_step, bd);
	req->pages_migrated += w->migrated;
	req->pages_dropped += w->dropped;
	req->pages_written += w->written;
	req->migrate_failed += w->failed;
	return t;
}

static void
cmasim_policy_do_isolate(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimContigRange *cr = cmasim_policy_window_get(self);
	CmasimContigWork work = {0};
	CmasimAllocStatus status;
	CmasimTimeNs t;
	CmasimMigratetype mt = CMASIM_MIGRATETYPE_MOVABLE;
	gboolean old_rules = FALSE;

	self->ops->isolation(self, &mt, &old_rules);
	_cmasim_contig_init(cr, self->env.mm, req->pfn, (CmasimPfn)(req->pfn + req->window_count),
			    mt, old_rules, self->max_tries);
	req->window = cr;
	req->attempts++;
	status = _cmasim_contig_isolate(self->env.mm, cr, &work);
	/* has_unmovable_pages() looks at the pages of each block */
	work.pfns_scanned += work.pageblocks_isolated
			     << cmasim_mm_get_pageblock_order(self->env.mm);
	t = cmasim_policy_charge(self, req, &work, old_rules, CMASIM_STEP_ISOLATION);
	if (status != CMASIM_ALLOC_OK) {
		req->status = status;
		cmasim_policy_goto(self, req, CMASIM_REQ_WINDOW_FAIL, t);
		return;
	}
	cmasim_policy_goto(self, req, CMASIM_REQ_MIGRATE, t);
}

static void
cmasim_policy_do_migrate(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimContigRange *cr = req->window;
	CmasimContigWork work = {0};
	/* NR_OFFLINE_AT_ONCE_PAGES (2010/2011) or NR_MAX_BATCHED_MIGRATION */
	guint64 batch = self->batch_pages ? self->batch_pages : cr->old_semantics ? 256 : 512;
	CmasimContigStep step = _cmasim_contig_migrate_step(self->env.mm, cr, batch, &work);
	CmasimTimeNs t = cmasim_policy_charge(self, req, &work, cr->old_semantics,
					      CMASIM_STEP_MIGRATION);

	if ((work.migrated || work.failed) && self->observer.migrate != NULL)
		self->observer.migrate(self->observer_ctx, req, work.migrated, work.failed);
	switch (step) {
	case CMASIM_CONTIG_MORE:
		cmasim_policy_goto(self, req, CMASIM_REQ_MIGRATE, t);
		break;
	case CMASIM_CONTIG_NOMEM:
		_cmasim_contig_abort(self->env.mm, cr, NULL);
		req->status = CMASIM_ALLOC_ENOMEM;
		cmasim_policy_goto(self, req, CMASIM_REQ_WINDOW_FAIL, t);
		break;
	case CMASIM_CONTIG_MIGRATED:
	case CMASIM_CONTIG_GAVE_UP:
	default:
		/* -EBUSY from the migration loop is ignored: the final check decides */
		cmasim_policy_goto(self, req, CMASIM_REQ_COMPLETE, t);
		break;
	}
}

static void
cmasim_policy_do_complete(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimContigRange *cr = req->window;
	CmasimContigWork work = {0};
	CmasimAllocStatus status = _cmasim_contig_complete(self->env.mm, cr, &work);
	CmasimTimeNs t = cmasim_policy_charge(self, req, &work, cr->old_semantics,
					      CMASIM_STEP_ISOLATION);

	cmasim_policy_window_put(self, req);
	if (status != CMASIM_ALLOC_OK) {
		req->status = status;
		cmasim_policy_goto(self, req, CMASIM_REQ_WINDOW_FAIL, t);
		return;
	}
	cmasim_policy_unlock(self, req);
	if (self->ops->window_done != NULL)
		self->ops->window_done(self, req);
	cmasim_policy_goto(self, req, CMASIM_REQ_MAP, t);
}

static void
cmasim_policy_do_window_fail(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimAllocStatus status = req->status;
	CmasimPfn failed_pfn = req->pfn;

	if (req->window != NULL) {
		_cmasim_contig_abort(self->env.mm, req->window, NULL);
		cmasim_policy_window_put(self, req);
	}
	cmasim_policy_unlock(self, req);
	if (self->ops->window_failed(self, req, status)) {
		req->retries++;
		if (self->observer.busy_retry != NULL)
			self->observer.busy_retry(self->observer_ctx, req, failed_pfn);
		cmasim_policy_goto(self, req,
				   cmasim_policy_lock_covers_search(self) ? CMASIM_REQ_LOCK
									  : CMASIM_REQ_FIND,
				   0);
		return;
	}
	cmasim_policy_finish(self, req, status);
}

static void
cmasim_policy_do_map(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimTimeNs t = 0;
	if (self->env.dma_map != NULL)
		t = cmasim_dma_map_alloc(self->env.dma_map, cmasim_engine_now(self->env.engine),
					 req->pfn, req->count,
					 (CmasimDmaRegionKind)self->ops->dma_region_kind,
					 &req->breakdown);
	req->status = CMASIM_ALLOC_OK;
	cmasim_policy_goto(self, req, CMASIM_REQ_FINISH, t);
}

static void
cmasim_policy_do_arrive(CmasimPolicy *self, CmasimContigRequest *req)
{
	if (self->observer.start != NULL)
		self->observer.start(self->observer_ctx, req);
	if (req->atomic) {
		/* GFP_ATOMIC: the pool set aside at boot, no sleeping, no remap */
		CmasimTimeNs before = cmasim_breakdown_sum(&req->breakdown);
		gboolean ok = self->env.dma_map != NULL &&
			      cmasim_dma_map_atomic_alloc(
				  self->env.dma_map, cmasim_engine_now(self->env.engine),
				  req->count * cmasim_mm_get_page_size(self->env.mm),
				  &req->atomic_offset, &req->breakdown);
		req->status = ok ? CMASIM_ALLOC_OK : CMASIM_ALLOC_ENOMEM;
		req->pfn = CMASIM_PFN_NONE;
		cmasim_policy_goto(self, req, CMASIM_REQ_FINISH,
				   cmasim_breakdown_sum(&req->breakdown) - before);
		return;
	}
	if (cmasim_policy_lock_covers_search(self))
		cmasim_policy_do_lock(self, req);
	else
		cmasim_policy_do_find(self, req);
}

static void
cmasim_policy_step(gpointer ctx, const CmasimEvent *event)
{
	CmasimPolicy *self = ctx;
	CmasimContigRequest *req = event->data;

	switch (req->state) {
	case CMASIM_REQ_ARRIVE:
		cmasim_policy_do_arrive(self, req);
		break;
	case CMASIM_REQ_LOCK:
		cmasim_policy_do_lock(self, req);
		break;
	case CMASIM_REQ_FIND:
		cmasim_policy_do_find(self, req);
		break;
	case CMASIM_REQ_ISOLATE:
		cmasim_policy_do_isolate(self, req);
		break;
	case CMASIM_REQ_MIGRATE:
		cmasim_policy_do_migrate(self, req);
		break;
	case CMASIM_REQ_COMPLETE:
		cmasim_policy_do_complete(self, req);
		break;
	case CMASIM_REQ_WINDOW_FAIL:
		cmasim_policy_do_window_fail(self, req);
		break;
	case CMASIM_REQ_MAP:
		cmasim_policy_do_map(self, req);
		break;
	case CMASIM_REQ_FINISH:
	default:
		req->finish_ns = cmasim_engine_now(self->env.engine);
		req->finished = TRUE;
		req->held_offset = 0;
		req->held_count = req->status == CMASIM_ALLOC_OK ? req->count : 0;
		self->in_flight--;
		if (self->observer.finish != NULL)
			self->observer.finish(self->observer_ctx, req);
		if (req->done != NULL)
			req->done(req->done_ctx, req);
		break;
	}
}

void
cmasim_policy_alloc(CmasimPolicy *self, CmasimContigRequest *req, CmasimContigDoneFunc done,
		    gpointer done_ctx)
{
	g_return_if_fail(self != NULL && req != NULL);
	req->arrival_ns = cmasim_engine_now(self->env.engine);
	req->status = CMASIM_ALLOC_OK;
	req->pfn = CMASIM_PFN_NONE;
	req->finished = req->released = FALSE;
	req->held_offset = req->held_count = 0;
	req->mutex = CMASIM_NO_MUTEX;
	req->region = -1;
	req->cursor = 0;
	req->window = NULL;
	req->done = done;
	req->done_ctx = done_ctx;
	memset(&req->breakdown, 0, sizeof(req->breakdown));
	req->pages_migrated = req->pages_dropped = req->pages_written = 0;
	req->migrate_failed = req->retries = req->attempts = 0;
	req->walks = 0;
	req->slept_ns = 0;
	self->in_flight++;
	req->state = CMASIM_REQ_ARRIVE;
	cmasim_policy_do_arrive(self, req);
}

gboolean
cmasim_policy_release_range(CmasimPolicy *self, CmasimContigRequest *req, guint64 offset,
			    guint64 count)
{
	CmasimTimeNs now = cmasim_engine_now(self->env.engine);
	CmasimPfn pfn = (CmasimPfn)(req->pfn + offset);
	gboolean head, tail, last;

	g_return_val_if_fail(req->finished && req->status == CMASIM_ALLOC_OK && !req->released,
			     FALSE);
	head = offset == req->held_offset;
	tail = offset + count == req->held_offset + req->held_count;
	if (count == 0 || offset < req->held_offset ||
	    offset + count > req->held_offset + req->held_count || !(head || tail))
		return FALSE; /* not held, or would leave two pieces */
	last = head && tail;
	if (req->atomic) {
		if (!last)
			return FALSE;
		if (self->env.dma_map != NULL)
			cmasim_dma_map_atomic_release(self->env.dma_map, req->atomic_offset,
						      req->count *
							  cmasim_mm_get_page_size(self->env.mm));
	} else {
		if (self->env.dma_map != NULL)
			cmasim_dma_map_release(self->env.dma_map, now, pfn, count,
					       (CmasimDmaRegionKind)self->ops->dma_region_kind,
					       NULL);
		self->ops->release(self, req, pfn, count, last);
	}
	if (head)
		req->held_offset += count;
	req->held_count -= count;
	req->released = last;
	if (self->observer.release != NULL)
		self->observer.release(self->observer_ctx, req, req->atomic ? req->pfn : pfn, count,
				       now);
	return TRUE;
}

void
cmasim_policy_release(CmasimPolicy *self, CmasimContigRequest *req)
{
	g_return_if_fail(req->finished && req->status == CMASIM_ALLOC_OK && !req->released);
	cmasim_policy_release_range(self, req, req->held_offset, req->held_count);
}

gboolean
cmasim_policy_boot_alloc(CmasimPolicy *self, CmasimContigRequest *req)
{
	CmasimContigRange cr;
	CmasimContigWork work = {0};
	CmasimMigratetype mt = CMASIM_MIGRATETYPE_MOVABLE;
	gboolean old_rules = FALSE;
	CmasimPfn pfn;
	guint64 count;

	if (!self->ops->serves_boot_pools || self->env.default_region < 0 || req->count == 0)
		return FALSE;
	req->status = CMASIM_ALLOC_OK;
	req->pfn = CMASIM_PFN_NONE;
	req->finished = req->released = FALSE;
	req->region = self->env.default_region;
	req->cursor = 0;
	if (self->ops->find(self, req, &pfn, &count) != CMASIM_ALLOC_OK)
		return FALSE;
	self->ops->isolation(self, &mt, &old_rules);
	_cmasim_contig_init(&cr, self->env.mm, pfn, (CmasimPfn)(pfn + count), mt, old_rules,
			    self->max_tries);
	if (_cmasim_contig_isolate(self->env.mm, &cr, &work) != CMASIM_ALLOC_OK ||
	    _cmasim_contig_complete(self->env.mm, &cr, &work) != CMASIM_ALLOC_OK) {
		self->ops->window_failed(self, req, CMASIM_ALLOC_EBUSY);
		return FALSE;
	}
	req->pfn = pfn;
	req->window_count = count;
	req->finished = TRUE;
	req->held_offset = 0;
	req->held_count = req->count;
	return TRUE;
}
