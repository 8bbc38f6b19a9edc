/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the fwctl selftests: loading the fwctl_test module,
 * adding and removing its devices through debugfs, and issuing ioctls.
 * Each returns 0 or -errno, so tests can assert on exact values.
 */
#ifndef __FWCTL_UTIL_H
#define __FWCTL_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fwctl/fwctl.h>

#include "fwctl_test_proto.h"

#define FWCTL_TEST_KO		"/modules/fwctl_test.ko"
#define FWCTL_DEV_DIR		"/dev/fwctl"
#define FWCTL_CLASS_DIR		"/sys/class/fwctl"
#define FWCTL_TAINT_BIT		19

static inline bool fwctl_module_loaded(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/*
 * Load a module from /modules. Returns 1 when this call loaded it, 0 when
 * it was loaded already, or -errno.
 */
static inline int fwctl_load_module(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	if (fwctl_module_loaded(name))
		return 0;
	snprintf(path, sizeof(path), "/modules/%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(__NR_finit_module, fd, "", 0);
	if (ret)
		ret = errno == EEXIST ? 0 : -errno;
	else
		ret = 1;
	close(fd);
	return ret;
}

static inline int fwctl_unload_module(const char *name)
{
	if (syscall(__NR_delete_module, name, O_NONBLOCK))
		return -errno;
	return 0;
}

static inline int fwctl_write_file(const char *path, const char *str)
{
	ssize_t len = strlen(str);
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, str, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

/* Reads a whole small file into @buf, NUL-terminated. */
static inline int fwctl_read_file(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return -errno;
	buf[len] = '\0';
	return 0;
}

/*
 * The value of a name=value word on the kernel command line: how the test
 * VM's runs are parameterised (run.sh --append). Returns false without it.
 */
static inline bool fwctl_cmdline_param(const char *name,
				       unsigned long long *val)
{
	char cmdline[4096], key[64], *p;

	if (fwctl_read_file("/proc/cmdline", cmdline, sizeof(cmdline)))
		return false;
	snprintf(key, sizeof(key), "%s=", name);
	for (p = strstr(cmdline, key); p; p = strstr(p + 1, key))
		if (p == cmdline || p[-1] == ' ') {
			*val = strtoull(p + strlen(key), NULL, 0);
			return true;
		}
	return false;
}

static inline long long fwctl_read_number(const char *path)
{
	char buf[64];
	int ret;

	ret = fwctl_read_file(path, buf, sizeof(buf));
	if (ret)
		return ret;
	return strtoll(buf, NULL, 0);
}

static inline long long fwctl_test_stat(const char *file)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), FWCTL_TEST_DEBUGFS "/%s", file);
	return fwctl_read_number(path);
}

/* The taint mask, or -errno. */
static inline long long fwctl_tainted(void)
{
	return fwctl_read_number("/proc/sys/kernel/tainted");
}

/* Registers one more test device and returns its name (fwctlN). */
static inline int fwctl_test_add(char *name, size_t size)
{
	char buf[4096], *line, *last = NULL, *save;
	int ret;

	ret = fwctl_write_file(FWCTL_TEST_DEBUGFS "/add", "1");
	if (ret)
		return ret;
	ret = fwctl_read_file(FWCTL_TEST_DEBUGFS "/devices", buf, sizeof(buf));
	if (ret)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		last = line;
	if (!last)
		return -ENOENT;
	snprintf(name, size, "%s", last);
	return 0;
}

static inline int fwctl_test_remove(const char *name)
{
	return fwctl_write_file(FWCTL_TEST_DEBUGFS "/remove", name);
}

static inline int fwctl_test_release(const char *name)
{
	return fwctl_write_file(FWCTL_TEST_DEBUGFS "/release", name);
}

static inline int fwctl_open(const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), FWCTL_DEV_DIR "/%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Whether /sys/class/fwctl/@name is a child of the test parent device. */
static inline bool fwctl_is_test_device(const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t len;
	char *base;

	snprintf(path, sizeof(path), FWCTL_CLASS_DIR "/%s/device", name);
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return false;
	target[len] = '\0';
	base = strrchr(target, '/');
	return base && !strcmp(base + 1, FWCTL_TEST_PARENT);
}

/* Number of entries in a directory, not counting . and .., or -errno. */
static inline int fwctl_count_entries(const char *dir)
{
	struct dirent *de;
	int count = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			count++;
	closedir(d);
	return count;
}

static inline bool fwctl_node_exists(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* One FWCTL_RPC; returns the ioctl's result, errno as the call left it. */
static inline int fwctl_rpc(int fd, uint32_t scope, const void *in,
			    uint32_t in_len, void *out, uint32_t *out_len)
{
	struct fwctl_rpc rpc = {
		.size = sizeof(rpc),
		.scope = scope,
		.in_len = in_len,
		.out_len = *out_len,
		.in = (uintptr_t)in,
		.out = (uintptr_t)out,
	};
	int ret;

	ret = ioctl(fd, FWCTL_RPC, &rpc);
	if (!ret)
		*out_len = rpc.out_len;
	return ret;
}

/* A fwctl_test command with a fwctl_test_resp answer. */
static inline int fwctl_test_cmd(int fd, uint32_t scope, uint32_t opcode,
				 uint64_t arg, struct fwctl_test_resp *resp)
{
	struct fwctl_test_req req = { .opcode = opcode, .arg = arg };
	uint32_t out_len = sizeof(*resp);

	memset(resp, 0xee, sizeof(*resp));
	return fwctl_rpc(fd, scope, &req, sizeof(req), resp, &out_len);
}

#endif
