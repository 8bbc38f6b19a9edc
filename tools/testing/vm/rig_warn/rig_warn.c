// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: proves the VM runner catches a kernel warning. Loading this
 * module emits one WARN; the runner must then report the run as failed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init rig_warn_init(void)
{
	WARN(1, "rig_warn: deliberate warning for the test rig's self-test\n");
	return 0;
}
module_init(rig_warn_init);

static void __exit rig_warn_exit(void)
{
}
module_exit(rig_warn_exit);

MODULE_DESCRIPTION("Test rig self-test: emits one kernel warning");
MODULE_LICENSE("GPL");
