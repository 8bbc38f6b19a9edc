// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl list, fwctl info: the fwctl devices and what FWCTL_INFO says.
 *
 * Keys of the JSON are cxl-cli's where it has one: "memdev", "host" (the
 * PCI device), "serial" (a number).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwctl/fwctl.h>

#include "builtin.h"
#include "fwctl.h"

#define MAX_DEVICES	4096

static void list_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl list [--json]\n"
		"\n"
		"List every fwctl device with its type, driver and parent device; for\n"
		"CXL memdevs also the memdev, its serial number and PCI device (host);\n"
		"for a CXL switch mailbox CCI its PCI device. Exits 3 when there is\n"
		"none.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-list(8))\n");
}

/* The PCI device above a memdev: the parent directory of its sysfs path. */
static void memdev_host(const char *memdev, char *out, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX], *s;

	out[0] = 0;
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s", memdev);
	if (!realpath(path, real))
		return;
	s = strrchr(real, '/');
	if (!s)
		return;
	*s = 0;
	s = strrchr(real, '/');
	if (s)
		snprintf(out, len, "%s", s + 1);
}

enum {
	L_FWCTL, L_NODE, L_TYPE, L_DRIVER, L_BUS, L_PARENT, L_MEMDEV, L_SERIAL,
	L_HOST
};

static const struct out_col list_cols[] = {
	[L_FWCTL] = { "FWCTL", "fwctl", 0, 0 },
	[L_NODE] = { NULL, "node", 0, 0 },
	[L_TYPE] = { "TYPE", "type", 0, 0 },
	[L_DRIVER] = { "DRIVER", "driver", 0, SCOLS_FL_TRUNC },
	[L_BUS] = { NULL, "bus", 0, 0 },
	[L_PARENT] = { "PARENT", "parent", 0, SCOLS_FL_TRUNC },
	[L_MEMDEV] = { "MEMDEV", "memdev", 0, 0 },
	[L_SERIAL] = { "SERIAL", "serial", 0, 0 },
	[L_HOST] = { "HOST", "host", 0, 0 },
};

/* One row of the list: what sysfs and FWCTL_INFO say about @name. */
static void list_one(struct out_table *t, const char *name)
{
	const char *type = "unknown", *driver = "unknown";
	char serial[32], host[64], path[PATH_MAX];
	bool cxl = false;
	uint32_t ty, dlen = 0;
	struct fwdev dev;
	struct out_row r;

	if (fwdev_resolve(name, &dev))
		return;
	if (!fwdev_open_quiet(&dev) && !fwctl_info(&dev, &ty, NULL, &dlen)) {
		type = device_type_name(ty);
		driver = type_driver(ty);
		cxl = ty == FWCTL_DEVICE_TYPE_CXL && !dev.swcci;
	} else if (!strcmp(dev.bus, "cxl")) {
		/* Not root: the parent's bus still tells. */
		type = "cxl";
		driver = "cxl_fwctl";
		cxl = true;
	}
	fwdev_close(&dev);
	if (dev.swcci) {
		/* Its PCI function; the fwctl driver is the PCI driver. */
		type = "cxl";
		driver = dev.driver[0] ? dev.driver : "cxl_switch_fwctl";
	}

	r = out_row(t);
	out_str(&r, L_FWCTL, dev.name);
	out_str(&r, L_NODE, dev.node);
	out_str(&r, L_TYPE, type);
	out_str(&r, L_DRIVER, driver);
	out_str(&r, L_BUS, dev.bus[0] ? dev.bus : NULL);
	out_str(&r, L_PARENT, dev.parent[0] ? dev.parent : NULL);
	out_str(&r, L_MEMDEV, cxl ? dev.parent : NULL);
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/serial", dev.parent);
	if (cxl && !read_sysfs(path, serial, sizeof(serial)))
		out_cell(&r, L_SERIAL, serial,
			 json_object_new_uint64(strtoull(serial, NULL, 0)));
	else
		out_str(&r, L_SERIAL, NULL);
	if (dev.swcci)
		snprintf(host, sizeof(host), "%s", dev.parent);
	else if (cxl)
		memdev_host(dev.parent, host, sizeof(host));
	else
		host[0] = 0;
	out_str(&r, L_HOST, host[0] ? host : NULL);
	if (dev.swcci)
		out_json(&r, "component", json_object_new_string("switch-cci"));
}

int cmd_list(int argc, char **argv)
{
	static char names[MAX_DEVICES][32];
	struct out_table *t;
	bool json;
	int i, n, rc;

	rc = parse_json_opts(argc, argv, &json, list_usage, 0, 0);
	if (rc >= 0)
		return rc;
	n = fwdev_list(names, MAX_DEVICES);
	t = out_new(list_cols, ARRAY_SIZE(list_cols), json);
	for (i = 0; i < n; i++)
		list_one(t, names[i]);
	if (out_print(t))
		return EXIT_FAIL;
	if (n > 0)
		return EXIT_OK;
	fwctl_err("no fwctl devices (is a fwctl driver loaded? modprobe cxl_fwctl)");
	return EXIT_NODEV;
}

static void info_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl info DEV... | all [--json]\n"
		"\n"
		"Send FWCTL_INFO and decode the device type and the driver data.\n"
		"DEV is fwctlN, /dev/fwctl/fwctlN, a CXL memdev name (mem0) or the PCI\n"
		"address of a CXL switch mailbox CCI; 'all' is every fwctl device.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-info(8))\n");
}

enum { I_FWCTL, I_PARENT, I_TYPE, I_TYPE_VALUE, I_LEN, I_DATA, I_CXL_RSVD };

static struct out_col info_cols[] = {
	[I_FWCTL] = { "FWCTL", "fwctl", 0, 0 },
	[I_PARENT] = { "PARENT", "parent", 0, SCOLS_FL_TRUNC },
	[I_TYPE] = { "TYPE", "type", 0, 0 },
	[I_TYPE_VALUE] = { NULL, "type_value", 0, 0 },
	[I_LEN] = { "DATA", "device_data_len", 0, SCOLS_FL_RIGHT },
	[I_DATA] = { "DRIVER DATA", "device_data", 0, SCOLS_FL_WRAP },
	[I_CXL_RSVD] = { NULL, "cxl_reserved", 0, 0 },
};

/* One device's FWCTL_INFO as a row; an exit code. */
static int info_one(struct out_table *t, const char *arg, void *unused)
{
	uint8_t data[4096];
	uint32_t type, len = sizeof(data);
	struct fwdev dev;
	struct out_row r;
	char *hex;
	int rc;

	(void)unused;

	rc = fwdev_resolve(arg, &dev);
	if (rc)
		return rc;
	rc = fwdev_open(&dev);
	if (rc)
		return rc;
	rc = fwctl_info(&dev, &type, data, &len);
	fwdev_close(&dev);
	if (rc) {
		fwctl_err("FWCTL_INFO on %s: refused: %s", dev.node, strerror(-rc));
		return EXIT_REFUSED;
	}
	if (len > sizeof(data))
		len = sizeof(data);
	hex = malloc(2 * len + 1);
	if (!hex)
		return EXIT_FAIL;
	hex_string(data, len, hex);
	r = out_row(t);
	out_str(&r, I_FWCTL, dev.name);
	out_str(&r, I_PARENT, dev.parent);
	out_str(&r, I_TYPE, device_type_name(type));
	out_u64(&r, I_TYPE_VALUE, type);
	out_u64(&r, I_LEN, len);
	out_str(&r, I_DATA, hex);
	if (type == FWCTL_DEVICE_TYPE_CXL && len >= 4)
		out_u64(&r, I_CXL_RSVD, get_le32(data));
	free(hex);
	return EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
	bool json;
	int rc;

	rc = parse_json_opts(argc, argv, &json, info_usage, 1, -1);
	if (rc >= 0)
		return rc;
	return rows_per_device(argc - optind, argv + optind, false, info_cols,
			       ARRAY_SIZE(info_cols), I_FWCTL, json, info_one,
			       NULL);
}
