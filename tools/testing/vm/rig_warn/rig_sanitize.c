// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: proves the debug lane (make check-debug) catches what its
 * sanitizers report. Loading this module with bug=leak loses 64
 * allocations for kmemleak to find; with bug=kasan it reads one byte past
 * an allocation for KASAN to report. Without a bug= it does nothing.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *bug = "";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "leak or kasan");

#define RIG_LEAK_OBJECTS	64

/* Takes the pointer out of the caller's registers; keeps nothing. */
static noinline void rig_lose(void *p)
{
	OPTIMIZER_HIDE_VAR(p);
}

static int __init rig_sanitize_init(void)
{
	u8 *p;

	int i;

	if (!strcmp(bug, "leak")) {
		/*
		 * Each pointer is gone at once. Not printed: a pointer passed
		 * down to printk stays in stale stack words, which kmemleak
		 * scans (a freed task's stack is cached, not cleared), and
		 * then counts as a reference. 64 objects, so that a stray
		 * register or stack word hides a few at most.
		 */
		for (i = 0; i < RIG_LEAK_OBJECTS; i++)
			rig_lose(kmalloc(128, GFP_KERNEL));
		pr_info("rig_sanitize: lost %d kmalloc(128) on purpose\n",
			RIG_LEAK_OBJECTS);
	} else if (!strcmp(bug, "kasan")) {
		p = kmalloc(16, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		OPTIMIZER_HIDE_VAR(p);
		pr_info("rig_sanitize: read %u past the end on purpose\n",
			READ_ONCE(p[16]));
		kfree(p);
	}
	return 0;
}
module_init(rig_sanitize_init);

static void __exit rig_sanitize_exit(void)
{
}
module_exit(rig_sanitize_exit);

MODULE_DESCRIPTION("Test rig self-test: a deliberate leak or out-of-bounds read");
MODULE_LICENSE("GPL");
