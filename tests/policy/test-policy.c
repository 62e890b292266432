/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The policy contract, run against every registered policy, and the basic
 * truths of the field: carve-outs never migrate, clean page cache is dropped
 * not migrated, a pinned page makes mainline cma retry at the next window
 * while v14 fails, alloc_contig_pages fails among scattered unmovable pages
 * while cma succeeds, and concurrent requests serialise on the cma mutex.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-cost.h"
#include "cmasim/cmasim-dma-map.h"
#include "mm/cmasim-mm-private.h"
#include "policy/cmasim-policy-private.h"

/* 64 MiB, max order 10, pageblock order 9 (2 MiB); one 16 MiB region at 32 MiB */
typedef struct {
	CmasimEngine *engine;
	CmasimMm *mm;
	CmasimParams *params;
	CmasimCost *cost;
	CmasimDmaMap *dma_map;
	CmasimPolicy *policy;
	const gchar *names[1];
	CmasimPfn pfn[1];
	guint64 count[1];
	guint opb[1];
	const gchar *devs0[2];
	const gchar *const *devices[1];
	guint finished;
	guint busy_retries;
	CmasimTimeNs busy_at[64];
	gboolean check_every_event;
} Fixture;

static void
fixture_post_event(gpointer ctx, const CmasimEvent *ev)
{
	Fixture *f = ctx;
	g_autoptr(GError) error = NULL;
	if (f->check_every_event && !cmasim_mm_check(f->mm, &error))
		fail_msg("invariant broken after an event: %s", error->message);
}

static void
obs_busy(gpointer ctx, const CmasimContigRequest *req, CmasimPfn pfn)
{
	Fixture *f = ctx;
	if (f->busy_retries < G_N_ELEMENTS(f->busy_at))
		f->busy_at[f->busy_retries] = cmasim_engine_now(f->engine);
	f->busy_retries++;
}

static void
obs_finish(gpointer ctx, const CmasimContigRequest *req)
{
	((Fixture *)ctx)->finished++;
}

/* order_per_bit of the fixture's region */
static guint fixture_opb;

static Fixture *
fixture_new(const gchar *policy, const gchar *const *sets)
{
	Fixture *f = g_new0(Fixture, 1);
	CmasimMmConfig cfg = {
	    .page_size_bytes = 4096,
	    .max_order = 10,
	    .pageblock_order = 9,
	    .span_pages = 16384,
	    .n_zones = 1,
	    .zones = {{"Normal", 16384, FALSE}},
	    .cma_fallback = CMASIM_CMA_FALLBACK_MAINLINE,
	    .reclaim = TRUE,
	};
	CmasimPolicyEnv env = {0};
	CmasimPolicyObserver obs = {.busy_retry = obs_busy, .finish = obs_finish};
	g_autoptr(GError) error = NULL;

	f->params = cmasim_params_new();
	for (guint i = 0; sets != NULL && sets[i] != NULL; i += 2)
		assert_true(cmasim_params_set(f->params, sets[i], sets[i + 1], NULL));
	if (g_strcmp0(cmasim_params_get_enum(f->params, "policy.cma.behaviour"), "v14") == 0)
		cfg.cma_fallback = CMASIM_CMA_FALLBACK_V14;
	f->engine = cmasim_engine_new();
	f->mm = cmasim_mm_new(&cfg, &error);
	assert_non_null(f->mm);
	f->cost = cmasim_cost_new(f->params, "arm32", 4096, 1, &error);
	assert_non_null(f->cost);
	f->dma_map = cmasim_dma_map_new(f->cost, f->params, "arm32", 16384, &error);
	assert_non_null(f->dma_map);
	f->names[0] = "area";
	f->pfn[0] = 8192;
	f->count[0] = 4096;
	f->opb[0] = fixture_opb;
	f->devs0[0] = "cam";
	f->devices[0] = f->devs0;
	env.engine = f->engine;
	env.mm = f->mm;
	env.params = f->params;
	env.cost = f->cost;
	env.dma_map = f->dma_map;
	env.n_regions = 1;
	env.region_names = f->names;
	env.region_pfn = f->pfn;
	env.region_count = f->count;
	env.region_order_per_bit = f->opb;
	env.region_devices = f->devices;
	env.default_region = 0;
	f->policy = cmasim_policy_new(cmasim_policy_ops_lookup(policy, NULL), &env, &obs, f, &error);
	if (f->policy == NULL)
		fail_msg("%s", error->message);
	cmasim_engine_set_post_event_hook(f->engine, fixture_post_event, f);
	return f;
}

static void
fixture_free(Fixture *f)
{
	cmasim_policy_free(f->policy);
	cmasim_dma_map_free(f->dma_map);
	cmasim_cost_free(f->cost);
	cmasim_mm_free(f->mm);
	cmasim_engine_free(f->engine);
	cmasim_params_free(f->params);
	g_free(f);
}

static CmasimContigRequest *
request(Fixture *f, guint64 count, guint align)
{
	CmasimContigRequest *req = g_new0(CmasimContigRequest, 1);
	req->count = count;
	req->align = align;
	g_strlcpy(req->device, "cam", sizeof(req->device));
	cmasim_policy_alloc(f->policy, req, NULL, NULL);
	return req;
}

static void
run(Fixture *f)
{
	cmasim_engine_run(f->engine, cmasim_engine_now(f->engine) + 60 * CMASIM_NS_PER_S);
}

/* fill memory with movable owners: half anon, half clean file */
static GArray *
fill(Fixture *f, guint64 pages, guint dirty_every)
{
	GArray *handles = g_array_new(FALSE, FALSE, sizeof(CmasimHandle));
	for (guint64 i = 0; i < pages; i++) {
		guint flags = dirty_every && i % dirty_every == 0 ? CMASIM_PAGE_DIRTY : 0;
		CmasimHandle h = cmasim_mm_owner_alloc(f->mm, i % 2 ? CMASIM_OWNER_FILE
								     : CMASIM_OWNER_ANON,
						       0, flags);
		if (h == CMASIM_HANDLE_NONE)
			break;
		g_array_append_val(handles, h);
	}
	return handles;
}

/* turn an owned movable block into an unmovable kernel allocation in place */
static void
make_unmovable(Fixture *f, CmasimHandle handle)
{
	CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
	CmasimPage *page = &f->mm->pages[pfn];
	_cmasim_lru_del(f->mm, pfn);
	_cmasim_owner_account(f->mm, pfn, page->order, _cmasim_page_kind(page), -1);
	page->flags = (page->flags & ~CMASIM_PAGE_KIND_MASK) | CMASIM_OWNER_UNMOVABLE;
	_cmasim_owner_account(f->mm, pfn, page->order, CMASIM_OWNER_UNMOVABLE, 1);
}

static GArray *
fill_kind(Fixture *f, guint64 pages, CmasimOwnerKind kind)
{
	GArray *handles = g_array_new(FALSE, FALSE, sizeof(CmasimHandle));
	for (guint64 i = 0; i < pages; i++) {
		CmasimHandle h = cmasim_mm_owner_alloc(f->mm, kind, 0, 0);
		if (h == CMASIM_HANDLE_NONE)
			break;
		g_array_append_val(handles, h);
	}
	return handles;
}

static const gchar *const all_policies[] = {"cma", "alloc_contig_pages", "carveout"};

static void
test_contract_every_policy(void **state)
{
	for (guint p = 0; p < G_N_ELEMENTS(all_policies); p++) {
		Fixture *f = fixture_new(all_policies[p], NULL);
		g_autoptr(GArray) h = fill(f, 6000, 0);
		CmasimContigRequest *reqs[4];
		f->check_every_event = TRUE;
		for (guint i = 0; i < 4; i++)
			reqs[i] = request(f, 512 + i * 100, 8);
		run(f);
		assert_int_equal(f->finished, 4);
		for (guint i = 0; i < 4; i++) {
			CmasimContigRequest *r = reqs[i];
			assert_true(r->finished);
			assert_int_equal(r->status, CMASIM_ALLOC_OK);
			/* aligned to its order, and the latency is the sum of its parts */
			assert_int_equal(r->pfn % 256, 0);
			assert_true(r->finish_ns >= r->arrival_ns);
			for (guint j = 0; j < i; j++)
				assert_true(r->pfn + r->count <= reqs[j]->pfn ||
					    reqs[j]->pfn + reqs[j]->count <= r->pfn);
			for (guint64 q = r->pfn; q < r->pfn + r->count; q++)
				assert_true(f->mm->pages[q].state == CMASIM_PAGE_CONTIG ||
					    f->mm->pages[q].state == CMASIM_PAGE_RESERVED);
		}
		/* release then allocate again */
		for (guint i = 0; i < 4; i++)
			cmasim_policy_release(f->policy, reqs[i]);
		assert_true(cmasim_mm_check(f->mm, NULL));
		{
			CmasimContigRequest *again = request(f, 2048, 8);
			run(f);
			assert_int_equal(again->status, CMASIM_ALLOC_OK);
			cmasim_policy_release(f->policy, again);
			g_free(again);
		}
		for (guint i = 0; i < 4; i++)
			g_free(reqs[i]);
		assert_int_equal(cmasim_policy_get_in_flight(f->policy), 0);
		assert_true(cmasim_mm_check(f->mm, NULL));
		fixture_free(f);
	}
}

static guint64
contig_pages_in(Fixture *f, CmasimPfn pfn, guint64 count)
{
	guint64 n = 0;
	for (guint64 q = pfn; q < pfn + count; q++)
		n += f->mm->pages[q].state == CMASIM_PAGE_CONTIG;
	return n;
}

/*
 * cma_release(cma, page, count) of part of an allocation: the head or the
 * tail goes back, a hole in the middle or pages not held are refused, and
 * what stays is still the request's.
 */
static void
test_partial_release_every_policy(void **state)
{
	for (guint p = 0; p < G_N_ELEMENTS(all_policies); p++) {
		Fixture *f = fixture_new(all_policies[p], NULL);
		gboolean buddy = p != 2; /* carve-out pages never enter the buddy allocator */
		CmasimContigRequest *r = request(f, 1000, 0);
		CmasimPfn base;
		guint64 reserved, in_use;

		run(f);
		assert_int_equal(r->status, CMASIM_ALLOC_OK);
		assert_int_equal(r->held_offset, 0);
		assert_int_equal(r->held_count, 1000);
		base = r->pfn;
		/* the head: 100 pages */
		assert_true(cmasim_policy_release_range(f->policy, r, 0, 100));
		assert_false(r->released);
		assert_int_equal(r->held_offset, 100);
		assert_int_equal(r->held_count, 900);
		if (buddy) {
			assert_int_equal(contig_pages_in(f, base, 100), 0);
			assert_int_equal(contig_pages_in(f, base + 100, 900), 900);
		}
		/* refused: a hole in the middle, pages already given back, past the end */
		assert_false(cmasim_policy_release_range(f->policy, r, 300, 100));
		assert_false(cmasim_policy_release_range(f->policy, r, 50, 100));
		assert_false(cmasim_policy_release_range(f->policy, r, 900, 101));
		assert_false(cmasim_policy_release_range(f->policy, r, 100, 0));
		assert_int_equal(r->held_offset, 100);
		assert_int_equal(r->held_count, 900);
		/* the tail: 100 pages */
		assert_true(cmasim_policy_release_range(f->policy, r, 900, 100));
		assert_int_equal(r->held_offset, 100);
		assert_int_equal(r->held_count, 800);
		if (buddy)
			assert_int_equal(contig_pages_in(f, base, 1000), 800);
		cmasim_policy_reserved_pages(f->policy, &reserved, &in_use);
		if (p == 0)
			assert_int_equal(in_use, 800); /* the cma bitmap follows */
		assert_true(cmasim_mm_check(f->mm, NULL));
		/* cma: the freed head is the first fit again */
		if (p == 0) {
			CmasimContigRequest *again = request(f, 100, 0);
			run(f);
			assert_int_equal(again->status, CMASIM_ALLOC_OK);
			assert_int_equal(again->pfn, base);
			cmasim_policy_release(f->policy, again);
			g_free(again);
		}
		/* the rest */
		cmasim_policy_release(f->policy, r);
		assert_true(r->released);
		assert_int_equal(r->held_count, 0);
		if (buddy)
			assert_int_equal(contig_pages_in(f, base, 1000), 0);
		cmasim_policy_reserved_pages(f->policy, &reserved, &in_use);
		assert_int_equal(in_use, 0);
		assert_true(cmasim_mm_check(f->mm, NULL));
		g_free(r);
		fixture_free(f);
	}
}

/*
 * order_per_bit > 0: cma_release() clears ALIGN(count, 2^opb) >> opb bits
 * from the bit of its first page, so a partial release of 5 of 10 pages
 * with 4 pages per bit clears two bits (8 pages) while 5 pages stay held.
 * The next allocation finds those bits free, but alloc_contig_range()
 * cannot take pages that are still allocated: -EBUSY, and it retries at
 * the next window, as in the kernel.
 */
static void
test_partial_release_order_per_bit(void **state)
{
	Fixture *f;
	CmasimContigRequest *r, *next;
	guint64 reserved, in_use;

	fixture_opb = 2;
	f = fixture_new("cma", NULL);
	fixture_opb = 0;
	r = request(f, 10, 0);
	run(f);
	assert_int_equal(r->status, CMASIM_ALLOC_OK);
	cmasim_policy_reserved_pages(f->policy, &reserved, &in_use);
	assert_int_equal(in_use, 12); /* three bits */
	assert_true(cmasim_policy_release_range(f->policy, r, 0, 5));
	cmasim_policy_reserved_pages(f->policy, &reserved, &in_use);
	assert_int_equal(in_use, 4); /* bits 0 and 1 cleared, bit 2 left */
	f->busy_retries = 0;
	next = request(f, 8, 0);
	run(f);
	assert_int_equal(next->status, CMASIM_ALLOC_OK);
	assert_true(f->busy_retries >= 1); /* bits 0..1 were tried: pages 5..7 are r's */
	assert_int_equal(next->pfn, r->pfn + 12);
	cmasim_policy_release(f->policy, next);
	cmasim_policy_release(f->policy, r);
	cmasim_policy_reserved_pages(f->policy, &reserved, &in_use);
	assert_int_equal(in_use, 0);
	g_free(next);
	g_free(r);
	fixture_free(f);
}

static void
test_carveout_never_migrates_and_costs_memory(void **state)
{
	Fixture *f = fixture_new("carveout", NULL);
	g_autoptr(GArray) h = fill(f, 20000, 0);
	guint64 reserved, in_use;
	CmasimContigRequest *r;

	/* the carve-out's 4096 pages are gone from the system */
	assert_int_equal(cmasim_mm_zone_get_managed_pages(f->mm, 0), 16384 - 4096);
	assert_true(h->len > 0);
	r = request(f, 768, 0); /* 3 MiB -> rounded to 4 MiB */
	run(f);
	assert_int_equal(r->status, CMASIM_ALLOC_OK);
	assert_int_equal(r->pages_migrated, 0);
	assert_int_equal(r->attempts, 0);
	assert_int_equal(r->breakdown.step_ns[CMASIM_STEP_MIGRATION], 0);
	cmasim_policy_reserved_pages(f->policy, &reserved, &in_use);
	assert_int_equal(reserved, 4096);
	assert_int_equal(in_use, 1024);
	cmasim_policy_release(f->policy, r);
	g_free(r);
	fixture_free(f);
}

/* free owners outside the area until @pages pages are free there (migration targets) */
static void
free_outside_area(Fixture *f, GArray *h, guint64 pages)
{
	guint64 freed = 0;
	for (guint i = 0; i < h->len && freed < pages; i++) {
		CmasimHandle handle = g_array_index(h, CmasimHandle, i);
		CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
		if (pfn == CMASIM_PFN_NONE || pfn >= 8192)
			continue;
		freed += 1u << cmasim_mm_owner_get_order(f->mm, handle);
		cmasim_mm_owner_free(f->mm, handle);
		g_array_remove_index_fast(h, i);
		i--;
	}
}

/* owners of @kind whose pages lie in [start, end) */
static guint64
count_in(Fixture *f, GArray *h, CmasimOwnerKind kind, CmasimPfn start, CmasimPfn end)
{
	guint64 n = 0;
	for (guint i = 0; i < h->len; i++) {
		CmasimHandle handle = g_array_index(h, CmasimHandle, i);
		CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
		if (pfn != CMASIM_PFN_NONE && pfn >= start && pfn < end &&
		    cmasim_mm_owner_get_kind(f->mm, handle) == kind)
			n += 1u << cmasim_mm_owner_get_order(f->mm, handle);
	}
	return n;
}

static void
test_cma_lends_area_and_latency_grows_with_movable(void **state)
{
	CmasimTimeNs latency[2];
	guint64 moved[2];
	for (guint k = 0; k < 2; k++) {
		Fixture *f = fixture_new("cma", NULL);
		g_autoptr(GArray) h = fill_kind(f, k == 0 ? 2000 : 16384, CMASIM_OWNER_ANON);
		CmasimContigRequest *r;
		if (k == 1) {
			/* the idle area was lent to movable allocations */
			assert_true(cmasim_mm_zone_get_free_cma_pages(f->mm, 0) < 512);
			free_outside_area(f, h, 3000);
		}
		r = request(f, 2048, 8);
		run(f);
		assert_int_equal(r->status, CMASIM_ALLOC_OK);
		latency[k] = r->finish_ns - r->arrival_ns;
		moved[k] = r->pages_migrated;
		g_free(r);
		fixture_free(f);
	}
	assert_int_equal(moved[0], 0);
	assert_true(moved[1] > 1500);
	assert_true(latency[1] > latency[0]);
	assert_true(latency[1] - latency[0] >= moved[1] * 1000); /* >= 1 us a page */
}

static void
test_clean_page_cache_dropped(void **state)
{
	Fixture *f = fixture_new("cma", NULL);
	g_autoptr(GArray) h = g_array_new(FALSE, FALSE, sizeof(CmasimHandle));
	guint64 anon_in, file_in;
	CmasimContigRequest *r;

	/* anon everywhere, then every odd page of the first window becomes clean
	 * page cache */
	g_array_unref(h);
	h = fill_kind(f, 16384, CMASIM_OWNER_ANON);
	for (guint i = 0; i < h->len; i++) {
		CmasimHandle handle = g_array_index(h, CmasimHandle, i);
		CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
		if (pfn >= 8192 && pfn < 8192 + 2048 && pfn % 2) {
			_cmasim_lru_del(f->mm, pfn);
			f->mm->pages[pfn].flags =
			    (f->mm->pages[pfn].flags & ~CMASIM_PAGE_KIND_MASK) | CMASIM_OWNER_FILE;
			_cmasim_lru_add(f->mm, pfn);
		}
	}
	free_outside_area(f, h, 3000);
	anon_in = count_in(f, h, CMASIM_OWNER_ANON, 8192, 8192 + 2048);
	file_in = count_in(f, h, CMASIM_OWNER_FILE, 8192, 8192 + 2048);
	assert_true(anon_in > 100 && file_in > 100);
	r = request(f, 2048, 8);
	run(f);
	assert_int_equal(r->status, CMASIM_ALLOC_OK);
	assert_int_equal(r->pfn, 8192);
	/* every page cache page was dropped, every anon page migrated */
	assert_int_equal(r->pages_dropped, file_in);
	assert_int_equal(r->pages_migrated, anon_in);
	assert_int_equal(cmasim_mm_get_stats(f->mm)->pgsteal, 0);
	g_free(r);
	fixture_free(f);
}

/* pin one page in the first window of the area */
static void
pin_first_window(Fixture *f, GArray *h)
{
	for (guint i = 0; i < h->len; i++) {
		CmasimHandle handle = g_array_index(h, CmasimHandle, i);
		CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
		if (pfn >= 8192 && pfn < 8192 + 512) {
			assert_true(cmasim_mm_owner_pin(f->mm, handle));
			return;
		}
	}
	fail_msg("no movable page in the first window");
}

static void
test_pinned_page_mainline_retries_v14_fails(void **state)
{
	const gchar *const v14[] = {"policy.cma.behaviour", "v14", NULL};
	{
		Fixture *f = fixture_new("cma", NULL);
		g_autoptr(GArray) h = fill(f, 15000, 0);
		CmasimContigRequest *r;
		pin_first_window(f, h);
		r = request(f, 512, 9);
		run(f);
		assert_int_equal(r->status, CMASIM_ALLOC_OK);
		assert_true(r->retries >= 1);
		assert_int_equal(f->busy_retries, r->retries);
		assert_true(r->pfn >= 8192 + 512);
		g_free(r);
		fixture_free(f);
	}
	{
		Fixture *f = fixture_new("cma", v14);
		g_autoptr(GArray) h = fill(f, 15000, 0);
		CmasimContigRequest *r;
		pin_first_window(f, h);
		r = request(f, 512, 9);
		run(f);
		assert_int_equal(r->status, CMASIM_ALLOC_EBUSY);
		assert_int_equal(r->retries, 0);
		assert_true(cmasim_mm_check(f->mm, NULL));
		g_free(r);
		fixture_free(f);
	}
}

static void
test_acp_fails_with_scattered_unmovable(void **state)
{
	const gchar *const *dummy = NULL;
	CmasimAllocStatus status[2];
	(void)dummy;
	for (guint k = 0; k < 2; k++) {
		Fixture *f = fixture_new(k == 0 ? "alloc_contig_pages" : "cma", NULL);
		g_autoptr(GArray) h = fill(f, 16000, 0);
		g_autoptr(GArray) kern = g_array_new(FALSE, FALSE, sizeof(CmasimHandle));
		CmasimContigRequest *r;
		/* free one page in every 256, and put an unmovable page there */
		for (guint i = 0; i < h->len; i++) {
			CmasimHandle handle = g_array_index(h, CmasimHandle, i);
			CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
			if (pfn != CMASIM_PFN_NONE && pfn % 256 == 100 &&
			    cmasim_mm_get_pageblock_migratetype(f->mm, pfn) !=
				CMASIM_MIGRATETYPE_CMA) {
				make_unmovable(f, handle);
				g_array_append_val(kern, handle);
			}
		}
		r = request(f, 1024, 8);
		run(f);
		status[k] = r->status;
		g_free(r);
		fixture_free(f);
	}
	assert_int_not_equal(status[0], CMASIM_ALLOC_OK);
	assert_int_equal(status[1], CMASIM_ALLOC_OK);
}

static void
test_mutex_serialises(void **state)
{
	Fixture *f = fixture_new("cma", NULL);
	g_autoptr(GArray) h = fill(f, 15000, 0);
	CmasimContigRequest *a = request(f, 1024, 8);
	CmasimContigRequest *b = request(f, 1024, 8);
	run(f);
	assert_int_equal(a->status, CMASIM_ALLOC_OK);
	assert_int_equal(b->status, CMASIM_ALLOC_OK);
	assert_int_equal(a->breakdown.step_ns[CMASIM_STEP_MUTEX_WAIT], 0);
	assert_true(b->breakdown.step_ns[CMASIM_STEP_MUTEX_WAIT] > 0);
	/* b waited for a's migration: it finishes later than a would alone */
	assert_true(b->finish_ns > a->finish_ns);
	assert_true(b->finish_ns - b->arrival_ns >
		    b->breakdown.step_ns[CMASIM_STEP_MUTEX_WAIT]);
	g_free(a);
	g_free(b);
	fixture_free(f);
}

static void
test_placements_all_work(void **state)
{
	const gchar *const placements[] = {"first-fit", "best-fit", "fewest-migrations"};
	guint64 migrated[3];
	for (guint i = 0; i < 3; i++) {
		const gchar *const sets[] = {"policy.cma.placement", placements[i], NULL};
		Fixture *f = fixture_new("cma", sets);
		g_autoptr(GArray) h = fill(f, 15000, 0);
		CmasimContigRequest *r;
		/* empty the upper half of the area: the fewest-migration window is there */
		for (guint j = 0; j < h->len; j++) {
			CmasimHandle handle = g_array_index(h, CmasimHandle, j);
			CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
			if (pfn != CMASIM_PFN_NONE && pfn >= 8192 + 3072 && pfn < 8192 + 4096)
				cmasim_mm_owner_free(f->mm, handle);
		}
		f->check_every_event = TRUE;
		r = request(f, 512, 9);
		run(f);
		assert_int_equal(r->status, CMASIM_ALLOC_OK);
		migrated[i] = r->pages_migrated + r->pages_dropped;
		g_free(r);
		fixture_free(f);
	}
	assert_true(migrated[2] < migrated[0]);
}

typedef struct {
	Fixture *f;
	GArray *pinned;
} UnpinCtx;

static void
unpin_all(gpointer ctx, const CmasimEvent *ev)
{
	UnpinCtx *u = ctx;
	for (guint i = 0; i < u->pinned->len; i++)
		cmasim_mm_owner_unpin(u->f->mm, g_array_index(u->pinned, CmasimHandle, i));
}

static void
test_vendor_sleep_and_retry(void **state)
{
	CmasimTimeNs walk_ns = 0;
	for (guint k = 0; k < 3; k++) {
		const gchar *const sets[] = {"policy.cma.retry_sleep", k ? "2ms" : "0",
					     "policy.cma.max_walks", "3", NULL};
		Fixture *f = fixture_new("cma", sets);
		g_autoptr(GArray) h = fill_kind(f, 16384, CMASIM_OWNER_ANON);
		g_autoptr(GArray) pinned = g_array_new(FALSE, FALSE, sizeof(CmasimHandle));
		UnpinCtx u = {f, pinned};
		CmasimContigRequest *r;
		guint done_windows = 0;
		/* one pinned page in each of the area's eight 2 MiB windows */
		for (guint i = 0; i < h->len; i++) {
			CmasimHandle handle = g_array_index(h, CmasimHandle, i);
			CmasimPfn pfn = cmasim_mm_owner_get_pfn(f->mm, handle);
			if (pfn != CMASIM_PFN_NONE && pfn >= 8192 && pfn < 8192 + 4096 &&
			    !(done_windows & (1u << ((pfn - 8192) / 512)))) {
				done_windows |= 1u << ((pfn - 8192) / 512);
				assert_true(cmasim_mm_owner_pin(f->mm, handle));
				g_array_append_val(pinned, handle);
			}
		}
		assert_int_equal(pinned->len, 8);
		free_outside_area(f, h, 3000);
		if (k == 2) /* the pins go away during the first sleep */
			cmasim_engine_schedule_in(f->engine, walk_ns + CMASIM_NS_PER_MS,
						  cmasim_engine_register(f->engine, unpin_all, &u),
						  0, 0, NULL);
		r = request(f, 512, 9);
		run(f);
		if (k == 0) {
			assert_int_equal(r->status, CMASIM_ALLOC_EBUSY);
			assert_int_equal(r->walks, 0);
			assert_int_equal(r->retries, 8);
		} else if (k == 1) {
			/* three walks of eight windows, two sleeps between them */
			assert_int_equal(r->status, CMASIM_ALLOC_EBUSY);
			assert_int_equal(r->walks, 2);
			assert_int_equal(r->retries, 24);
			assert_int_equal(r->slept_ns, 4 * CMASIM_NS_PER_MS);
			assert_true(r->finish_ns - r->arrival_ns > 4 * CMASIM_NS_PER_MS);
			/* the first walk ended at the eighth busy retry */
			walk_ns = f->busy_at[7] - r->arrival_ns;
		} else {
			/* the second walk finds the first window free of pins */
			assert_int_equal(r->status, CMASIM_ALLOC_OK);
			assert_int_equal(r->walks, 1);
			assert_int_equal(r->retries, 8);
			assert_int_equal(r->pfn, 8192);
		}
		assert_true(cmasim_mm_check(f->mm, NULL));
		g_free(r);
		fixture_free(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_contract_every_policy),
	    cmocka_unit_test(test_partial_release_every_policy),
	    cmocka_unit_test(test_partial_release_order_per_bit),
	    cmocka_unit_test(test_carveout_never_migrates_and_costs_memory),
	    cmocka_unit_test(test_cma_lends_area_and_latency_grows_with_movable),
	    cmocka_unit_test(test_clean_page_cache_dropped),
	    cmocka_unit_test(test_pinned_page_mainline_retries_v14_fails),
	    cmocka_unit_test(test_acp_fails_with_scattered_unmovable),
	    cmocka_unit_test(test_mutex_serialises),
	    cmocka_unit_test(test_placements_all_work),
	    cmocka_unit_test(test_vendor_sleep_and_retry),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
