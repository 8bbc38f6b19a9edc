// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: proves the debug lane (make check-debug) catches what its
 * sanitizers report. Loading this module with bug=leak loses one
 * allocation for kmemleak to find; with bug=kasan it reads one byte past
 * an allocation for KASAN to report. Without a bug= it does nothing.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *bug = "";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "leak or kasan");

static int __init rig_sanitize_init(void)
{
	u8 *p;

	int i;

	if (!strcmp(bug, "leak")) {
		/* As samples/kmemleak does: each pointer is gone at once. */
		for (i = 0; i < 8; i++)
			pr_info("rig_sanitize: lost kmalloc(128) = %p on purpose\n",
				kmalloc(128, GFP_KERNEL));
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
