/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat: the device class API. Up to 6.3 class_register() is a macro
 * taking a writable class, and a class's devnode() gets a writable device;
 * from 6.4 on (6.12) classes are const and devnode() gets a const device.
 * The macro is the feature test.
 *
 *   static FWCTL_CLASS_CONST struct class foo_class = { ... };
 *   static char *foo_devnode(FWCTL_DEVNODE_CONST struct device *dev, ...);
 */
#ifndef __FWCTL_COMPAT_CLASS_H
#define __FWCTL_COMPAT_CLASS_H

#include <linux/device.h>

#ifdef class_register
#define FWCTL_CLASS_CONST
#define FWCTL_DEVNODE_CONST
#else
#define FWCTL_CLASS_CONST const
#define FWCTL_DEVNODE_CONST const
#endif

#endif
