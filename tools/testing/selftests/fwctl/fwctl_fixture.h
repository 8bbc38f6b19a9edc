/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the fwctl core's selftests: a fwctl_test device of its
 * own, opened. Setup loads fwctl_test if needed and teardown unloads it only
 * if setup loaded it, so the VM is left as found; teardown copes with a test
 * that unloaded the module itself. Include after kselftest_harness.h.
 */
#ifndef __FWCTL_FIXTURE_H
#define __FWCTL_FIXTURE_H

#include "fwctl_util.h"

FIXTURE(fwctl) {
	int fd;
	bool loaded;
	char name[32];
};

FIXTURE_SETUP(fwctl)
{
	int ret = fwctl_load_module("fwctl_test");

	self->fd = -1;
	ASSERT_LE(0, ret);
	/* Leave the VM as found: unload at teardown what setup loaded. */
	self->loaded = ret == 1;
	ASSERT_EQ(0, fwctl_test_add(self->name, sizeof(self->name)));
	ASSERT_TRUE(fwctl_is_test_device(self->name));
	self->fd = fwctl_open(self->name);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(fwctl)
{
	if (self->fd >= 0)
		close(self->fd);
	if (fwctl_module_loaded("fwctl_test"))
		fwctl_test_remove(self->name);
	if (self->loaded)
		fwctl_unload_module("fwctl_test");
}

#endif
