// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl hot unplug and lifetime: unregistering a device with files open
 * and with an RPC blocked in the driver, unloading the driver module with a
 * file open, the fwctl module pinned while devices or files exist, and
 * open/close and register/unregister cycles that leave nothing behind.
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "kselftest_harness.h"
#include "fwctl_util.h"
#include "fwctl_fixture.h"

/* Every ioctl on a file whose device is gone fails with ENODEV. */
static bool gone(int fd)
{
	struct fwctl_info info = { .size = sizeof(info) };
	struct fwctl_test_resp resp;

	if (ioctl(fd, FWCTL_INFO, &info) != -1 || errno != ENODEV)
		return false;
	if (fwctl_test_cmd(fd, FWCTL_RPC_CONFIGURATION, FWCTL_TEST_OP_READ, 0,
			   &resp) != -1 || errno != ENODEV)
		return false;
	return true;
}

static bool nodes_exist(const char *name)
{
	return fwctl_node_exists(FWCTL_DEV_DIR, name) ||
	       fwctl_node_exists(FWCTL_CLASS_DIR, name);
}

struct sleeper {
	int fd;
	int ret;
	int err;
	struct fwctl_test_resp resp;
};

static void *sleeper_fn(void *arg)
{
	struct sleeper *s = arg;

	s->ret = fwctl_test_cmd(s->fd, FWCTL_RPC_CONFIGURATION,
				FWCTL_TEST_OP_SLEEP, 0, &s->resp);
	s->err = errno;
	return NULL;
}

/* Waits up to 10 s for @n RPCs to be asleep in the driver. */
static bool wait_sleepers(long long n)
{
	struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 1000; i++) {
		if (fwctl_test_stat("sleepers") == n)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

TEST_F(fwctl, unplug_with_open_files)
{
	long long contexts = fwctl_test_stat("contexts");
	int fd2 = fwctl_open(self->name);

	ASSERT_LE(0, fd2);
	ASSERT_EQ(contexts + 1, fwctl_test_stat("contexts"));
	ASSERT_EQ(0, fwctl_test_remove(self->name));
	/* Unregister closed both contexts. */
	ASSERT_EQ(contexts - 1, fwctl_test_stat("contexts"));
	ASSERT_FALSE(nodes_exist(self->name));
	ASSERT_TRUE(gone(self->fd));
	ASSERT_TRUE(gone(fd2));
	/* Command validity is still checked first. */
	ASSERT_EQ(-1, ioctl(self->fd, _IO(FWCTL_TYPE, 7), NULL));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(0, close(fd2));
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	ASSERT_EQ(-ENOENT, fwctl_open(self->name));
	ASSERT_EQ(-ENOENT, fwctl_test_remove(self->name));
}

TEST_F(fwctl, unplug_with_blocked_rpc)
{
	struct sleeper s = { .fd = self->fd };
	pthread_t thread;

	ASSERT_EQ(0, fwctl_test_stat("sleepers"));
	ASSERT_EQ(0, pthread_create(&thread, NULL, sleeper_fn, &s));
	ASSERT_TRUE(wait_sleepers(1));
	/* Returns only once the RPC in flight has finished. */
	ASSERT_EQ(0, fwctl_test_remove(self->name));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_EQ(0, s.ret);
	ASSERT_EQ((__u32)FWCTL_TEST_OP_SLEEP, s.resp.opcode);
	ASSERT_EQ((__u32)FWCTL_TEST_STATUS_ABORTED, s.resp.status);
	ASSERT_EQ(0, fwctl_test_stat("sleepers"));
	ASSERT_TRUE(gone(self->fd));
	ASSERT_FALSE(nodes_exist(self->name));
}

TEST_F(fwctl, release_blocked_rpc)
{
	struct sleeper s = { .fd = self->fd };
	struct fwctl_test_resp resp;
	pthread_t thread;

	ASSERT_EQ(0, pthread_create(&thread, NULL, sleeper_fn, &s));
	ASSERT_TRUE(wait_sleepers(1));
	/* Other RPCs run while one sleeps. */
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(0, fwctl_test_release(self->name));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_EQ(0, s.ret);
	ASSERT_EQ((__u32)FWCTL_TEST_STATUS_OK, s.resp.status);
	ASSERT_EQ(0, fwctl_test_stat("sleepers"));
}

static void on_signal(int sig)
{
}

TEST_F(fwctl, signal_blocked_rpc)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct sleeper s = { .fd = self->fd };
	pthread_t thread;

	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, pthread_create(&thread, NULL, sleeper_fn, &s));
	ASSERT_TRUE(wait_sleepers(1));
	ASSERT_EQ(0, pthread_kill(thread, SIGUSR1));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_EQ(-1, s.ret);
	ASSERT_EQ(EINTR, s.err);
	ASSERT_EQ(0, fwctl_test_stat("sleepers"));
}

TEST_F_TIMEOUT(fwctl, open_close_1000, 300)
{
	long long contexts = fwctl_test_stat("contexts");
	int devs = fwctl_count_entries(FWCTL_DEV_DIR);
	int i, fd;

	for (i = 0; i < 1000; i++) {
		fd = fwctl_open(self->name);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, close(fd));
	}
	ASSERT_EQ(contexts, fwctl_test_stat("contexts"));
	ASSERT_EQ(devs, fwctl_count_entries(FWCTL_DEV_DIR));
}

TEST_F_TIMEOUT(fwctl, register_unregister_100, 600)
{
	int devs = fwctl_count_entries(FWCTL_DEV_DIR);
	int cls = fwctl_count_entries(FWCTL_CLASS_DIR);
	struct fwctl_test_resp resp;
	char name[32];
	int i, fd;

	ASSERT_LE(1, devs);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, fwctl_test_add(name, sizeof(name)));
		ASSERT_TRUE(fwctl_is_test_device(name));
		fd = fwctl_open(name);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, fwctl_test_cmd(fd, FWCTL_RPC_CONFIGURATION,
					    FWCTL_TEST_OP_READ, 0, &resp));
		/* Half unregistered with the file still open. */
		if (i & 1)
			ASSERT_EQ(0, close(fd));
		ASSERT_EQ(0, fwctl_test_remove(name));
		ASSERT_FALSE(nodes_exist(name));
		if (!(i & 1)) {
			ASSERT_TRUE(gone(fd));
			ASSERT_EQ(0, close(fd));
		}
	}
	ASSERT_EQ(devs, fwctl_count_entries(FWCTL_DEV_DIR));
	ASSERT_EQ(cls, fwctl_count_entries(FWCTL_CLASS_DIR));
}

/* fwctl itself cannot go while a driver has devices registered. */
TEST_F(fwctl, rmmod_fwctl_with_devices)
{
	ASSERT_EQ(-EWOULDBLOCK, fwctl_unload_module("fwctl"));
	ASSERT_TRUE(fwctl_module_loaded("fwctl"));
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_ECHO, 0,
				    &(struct fwctl_test_resp){}));
}

/*
 * The driver module may unload while a file is open; the file then
 * reports ENODEV, and keeps the fwctl module loaded until it is closed.
 */
TEST_F(fwctl, rmmod_driver_with_open_file)
{
	int ret;

	ASSERT_EQ(0, fwctl_unload_module("fwctl_test"));
	ASSERT_FALSE(fwctl_module_loaded("fwctl_test"));
	ASSERT_FALSE(nodes_exist(self->name));
	ASSERT_TRUE(gone(self->fd));

	ret = fwctl_unload_module("fwctl");
	if (!ret)	/* Keep the VM usable for the tests that follow. */
		fwctl_load_module("fwctl");
	ASSERT_EQ(-EWOULDBLOCK, ret);

	ASSERT_TRUE(gone(self->fd));
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	/* Put the driver back as the fixture found it. */
	ASSERT_LE(0, fwctl_load_module("fwctl_test"));
}

TEST_F(fwctl, rmmod_driver_with_blocked_rpc)
{
	struct sleeper s = { .fd = self->fd };
	pthread_t thread;

	ASSERT_EQ(0, pthread_create(&thread, NULL, sleeper_fn, &s));
	ASSERT_TRUE(wait_sleepers(1));
	ASSERT_EQ(0, fwctl_unload_module("fwctl_test"));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_EQ(0, s.ret);
	ASSERT_EQ((__u32)FWCTL_TEST_STATUS_ABORTED, s.resp.status);
	ASSERT_TRUE(gone(self->fd));
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	ASSERT_LE(0, fwctl_load_module("fwctl_test"));
}

TEST_HARNESS_MAIN
