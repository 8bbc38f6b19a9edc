// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl core (skeleton): registers the fwctl class. The char devices, the
 * ioctls and the scope gate follow.
 */
#include <linux/device.h>
#include <linux/module.h>

static const struct class fwctl_class = {
	.name = "fwctl",
};

static int __init fwctl_init(void)
{
	return class_register(&fwctl_class);
}

static void __exit fwctl_exit(void)
{
	class_unregister(&fwctl_class);
}

module_init(fwctl_init);
module_exit(fwctl_exit);
MODULE_DESCRIPTION("fwctl device firmware access framework");
MODULE_LICENSE("GPL");
