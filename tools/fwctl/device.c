// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: finding fwctl devices through sysfs and talking FWCTL_INFO.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fwctl/fwctl.h>

#include "fwctl.h"

#define CLASS_DIR	"/sys/class/fwctl"
#define CXL_DEVICES	"/sys/bus/cxl/devices"
#define PCI_DEVICES	"/sys/bus/pci/devices"
#define CLASS_SWITCH_CCI	"0x0c0b00"	/* CXL switch mailbox CCI */

static const char *const scope_names[] = {
	[FWCTL_RPC_CONFIGURATION] = "configuration",
	[FWCTL_RPC_DEBUG_READ_ONLY] = "debug_read_only",
	[FWCTL_RPC_DEBUG_WRITE] = "debug_write",
	[FWCTL_RPC_DEBUG_WRITE_FULL] = "debug_write_full",
};

const char *scope_name(int scope)
{
	if (scope < 0 || scope >= (int)ARRAY_SIZE(scope_names))
		return "unknown";
	return scope_names[scope];
}

/* A scope by its name, its short name (read, write, write_full) or value. */
int parse_scope(const char *s)
{
	static const char *const short_names[] = {
		"config", "read", "write", "write_full",
	};
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, scope_names[i]) || !strcmp(s, short_names[i]))
			return i;
	if (s[0] >= '0' && s[0] <= '3' && !s[1])
		return s[0] - '0';
	return SCOPE_UNKNOWN;
}

/* --scope S: the scope in *scope, or a usage error explained. */
int parse_scope_opt(const char *s, int *scope)
{
	*scope = parse_scope(s);
	if (*scope != SCOPE_UNKNOWN)
		return 0;
	fwctl_err("--scope %s: one of configuration, debug_read_only, debug_write, debug_write_full",
		  s);
	return EXIT_USAGE;
}

const char *device_type_name(uint32_t type)
{
	switch (type) {
	case FWCTL_DEVICE_TYPE_MLX5:
		return "mlx5";
	case FWCTL_DEVICE_TYPE_CXL:
		return "cxl";
	case FWCTL_DEVICE_TYPE_BNXT:
		return "bnxt";
	case FWCTL_DEVICE_TYPE_PDS:
		return "pds";
	default:
		return "unknown";
	}
}

/* The fwctl driver module that registers devices of a type. */
const char *type_driver(uint32_t type)
{
	switch (type) {
	case FWCTL_DEVICE_TYPE_MLX5:
		return "mlx5_fwctl";
	case FWCTL_DEVICE_TYPE_CXL:
		return "cxl_fwctl";
	case FWCTL_DEVICE_TYPE_BNXT:
		return "bnxt_fwctl";
	case FWCTL_DEVICE_TYPE_PDS:
		return "pds_fwctl";
	default:
		return "unknown";
	}
}

static int cmp_fwctl(const void *a, const void *b)
{
	return atoi((const char *)a + 5) - atoi((const char *)b + 5);
}

/* The fwctl devices present, by number. Returns how many, or -errno. */
int fwdev_list(char names[][32], int max)
{
	DIR *d = opendir(CLASS_DIR);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		if (strncmp(e->d_name, "fwctl", 5) || !e->d_name[5])
			continue;
		snprintf(names[n++], 32, "%.31s", e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_fwctl);
	return n;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Fill in the parent and its bus of dev->name from sysfs. */
static int fwdev_fill(struct fwdev *dev)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), CLASS_DIR "/%s", dev->name);
	if (access(path, F_OK))
		return -ENOENT;
	snprintf(dev->node, sizeof(dev->node), "/dev/fwctl/%s", dev->name);
	snprintf(path, sizeof(path), CLASS_DIR "/%s/device", dev->name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		snprintf(dev->parent, sizeof(dev->parent), "%.63s", base_name(link));
	}
	snprintf(path, sizeof(path), CLASS_DIR "/%s/device/subsystem", dev->name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		snprintf(dev->bus, sizeof(dev->bus), "%.31s", base_name(link));
	}
	snprintf(path, sizeof(path), CLASS_DIR "/%s/device/driver", dev->name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		snprintf(dev->driver, sizeof(dev->driver), "%.31s", base_name(link));
	}
	if (!strcmp(dev->bus, "pci")) {
		char cls[32];

		snprintf(path, sizeof(path), CLASS_DIR "/%s/device/class", dev->name);
		dev->swcci = !read_sysfs(path, cls, sizeof(cls)) &&
			     !strcmp(cls, CLASS_SWITCH_CCI);
	}
	return 0;
}

/*
 * The fwctl device of a memdev or a PCI function: the one entry of
 * @devices/@parent/fwctl/.
 */
static int parent_fwctl(const char *devices, const char *parent, char *name,
			size_t len)
{
	char path[PATH_MAX];
	struct dirent *e;
	int rc = -ENOENT;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", devices, parent);
	if (!parent[0] || access(path, F_OK))
		return -ENODEV;
	snprintf(path, sizeof(path), "%s/%s/fwctl", devices, parent);
	d = opendir(path);
	if (!d)
		return -ENOENT;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "fwctl", 5) || !e->d_name[5])
			continue;
		snprintf(name, len, "%.*s", (int)len - 1, e->d_name);
		rc = 0;
		break;
	}
	closedir(d);
	return rc;
}

/* A PCI address as sysfs names it: 0d:00.1 becomes 0000:0d:00.1. */
static void pci_name(const char *arg, char *out, size_t len)
{
	unsigned int bus, slot, fn;
	char end;

	if (sscanf(arg, "%x:%x.%x%c", &bus, &slot, &fn, &end) == 3 &&
	    !strchr(arg, '/'))
		snprintf(out, len, "0000:%s", arg);
	else
		snprintf(out, len, "%s", arg);
}

/*
 * Resolve fwctl0, /dev/fwctl/fwctl0, a memdev name (mem0) or the PCI
 * address of a function with a fwctl device (a CXL switch mailbox CCI:
 * 0000:0d:00.1). Prints why not and returns an exit code on failure.
 */
int fwdev_resolve(const char *arg, struct fwdev *dev)
{
	const char *name = base_name(arg);
	char pci[64];
	int rc;

	memset(dev, 0, sizeof(*dev));
	dev->fd = -1;
	pci_name(name, pci, sizeof(pci));
	if (!strncmp(name, "fwctl", 5) && name[5]) {
		snprintf(dev->name, sizeof(dev->name), "%s", name);
		goto fill;
	}
	rc = parent_fwctl(PCI_DEVICES, pci, dev->name, sizeof(dev->name));
	if (rc == -ENOENT) {
		fwctl_err("%s: the PCI function has no fwctl device: if it is a CXL switch mailbox CCI, is cxl_switch_fwctl loaded?",
			  arg);
		return EXIT_NODEV;
	}
	if (rc) {
		rc = parent_fwctl(CXL_DEVICES, name, dev->name, sizeof(dev->name));
		if (rc == -ENODEV) {
			fwctl_err("%s: no such device: give fwctlN, /dev/fwctl/fwctlN or a CXL memdev name, or a switch CCI's PCI address (see 'fwctl list')",
				  arg);
			return EXIT_NODEV;
		}
		if (rc) {
			fwctl_err("%s: the memdev has no fwctl device: is cxl_fwctl loaded? (modprobe cxl_fwctl)",
				  arg);
			return EXIT_NODEV;
		}
	}
fill:
	if (fwdev_fill(dev)) {
		fwctl_err("%s: no such fwctl device (see 'fwctl list')", arg);
		return EXIT_NODEV;
	}
	return EXIT_OK;
}

int fwdev_open(struct fwdev *dev)
{
	dev->fd = open(dev->node, O_RDWR | O_CLOEXEC);
	if (dev->fd >= 0)
		return EXIT_OK;
	if (errno == EACCES || errno == EPERM)
		fwctl_err("%s: permission denied: fwctl devices are root-only (mode 0600)",
			  dev->node);
	else if (errno == ENOENT)
		fwctl_err("%s: no device node, although sysfs lists %s (is devtmpfs or udev running?)",
			  dev->node, dev->name);
	else
		fwctl_err("%s: cannot open: %s", dev->node, strerror(errno));
	return EXIT_NODEV;
}

/* Open @dev without a word when that fails: 0 or -errno. */
int fwdev_open_quiet(struct fwdev *dev)
{
	dev->fd = open(dev->node, O_RDWR | O_CLOEXEC);
	return dev->fd < 0 ? -errno : 0;
}

void fwdev_close(struct fwdev *dev)
{
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
}

/*
 * FWCTL_INFO: the device type and up to *@data_len bytes of driver data;
 * *@data_len becomes the full length. Returns 0 or -errno.
 */
int fwctl_info(struct fwdev *dev, uint32_t *type, uint8_t *data,
	       uint32_t *data_len)
{
	struct fwctl_info info = {
		.size = sizeof(info),
		.device_data_len = *data_len,
		.out_device_data = (uintptr_t)data,
	};

	if (ioctl(dev->fd, FWCTL_INFO, &info))
		return -errno;
	*type = info.out_device_type;
	*data_len = info.device_data_len;
	return 0;
}

/* The memdev sysfs lists with serial number @serial, or "-". */
void memdev_of_serial(uint64_t serial, char *out, size_t len)
{
	DIR *d = opendir("/sys/bus/cxl/devices");
	struct dirent *e;

	snprintf(out, len, "-");
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[PATH_MAX], buf[32];

		if (strncmp(e->d_name, "mem", 3))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/serial",
			 e->d_name);
		if (read_sysfs(path, buf, sizeof(buf)) ||
		    strtoull(buf, NULL, 0) != serial)
			continue;
		snprintf(out, len, "%.*s", (int)len - 1, e->d_name);
		break;
	}
	closedir(d);
}
