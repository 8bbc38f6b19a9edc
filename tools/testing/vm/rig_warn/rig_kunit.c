// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: proves the leak scan of stage vm-debug-kunit (make
 * check-debug) catches a leak made inside a KUnit test. Its one case loses
 * 64 allocations and passes; only the kmemleak scan the guest's init runs
 * afterwards can fail the run, and in stage rig-kunit-leak it must.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#define RIG_KUNIT_LEAK_OBJECTS	64

/* Takes the pointer out of the caller's registers; keeps nothing. */
static noinline void rig_kunit_lose(void *p)
{
	OPTIMIZER_HIDE_VAR(p);
}

static void rig_kunit_leak(struct kunit *test)
{
	int i, got = 0;

	/*
	 * kmalloc(), not kunit_kmalloc(): KUnit would free its own
	 * allocations at the end of the case. 64 objects, so that a stale
	 * register or stack word hides a few at most.
	 */
	for (i = 0; i < RIG_KUNIT_LEAK_OBJECTS; i++) {
		void *p = kmalloc(128, GFP_KERNEL);

		got += !!p;
		rig_kunit_lose(p);
	}
	KUNIT_EXPECT_EQ(test, got, RIG_KUNIT_LEAK_OBJECTS);
}

static struct kunit_case rig_kunit_cases[] = {
	KUNIT_CASE(rig_kunit_leak),
	{}
};

static struct kunit_suite rig_kunit_suite = {
	.name = "fwctl_rig_kunit_leak",
	.test_cases = rig_kunit_cases,
};

kunit_test_suite(rig_kunit_suite);

MODULE_DESCRIPTION("Test rig self-test: a KUnit case that leaks on purpose");
MODULE_LICENSE("GPL");
