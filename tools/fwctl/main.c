// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: list and use fwctl devices (/dev/fwctl/fwctlN).
 *
 *   fwctl list                     every fwctl device
 *   fwctl info DEV                 FWCTL_INFO, decoded
 *   fwctl cxl COMMAND DEV ...      CXL mailbox: cel, features, get-feature,
 *                                  set-feature, identify, raw, switch
 *
 * Tables by default, --json for scripts. fwctl(8) and one page per
 * subcommand describe the rest.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwctl/fwctl.h>

#include "fwctl.h"

#define MAX_DEVICES	4096

static const struct option json_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

/* -j/-h only; returns -1 to go on, else an exit code. */
static int parse_json_opts(int argc, char **argv, bool *json,
			   void (*help)(FILE *f), int nargs)
{
	int c;

	while ((c = getopt_long(argc, argv, "jh", json_opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != nargs) {
		help(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static void list_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl list [--json]\n"
		"\n"
		"List every fwctl device with its type, driver and parent device; for\n"
		"CXL memdevs also the memdev, its serial number and PCI device; for a\n"
		"CXL switch mailbox CCI its PCI device.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-list(8))\n");
}

/* The PCI device above a memdev: the parent directory of its sysfs path. */
static void memdev_pci(const char *memdev, char *out, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX], *s;

	snprintf(out, len, "-");
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

static int cmd_list(int argc, char **argv)
{
	static char names[MAX_DEVICES][32];
	struct json_object *jarr = NULL;
	bool json = false;
	int i, n, rc;

	rc = parse_json_opts(argc, argv, &json, list_usage, 0);
	if (rc >= 0)
		return rc;
	n = fwdev_list(names, MAX_DEVICES);
	if (n < 0)
		n = 0;
	if (json)
		jarr = json_object_new_array();
	else if (n)
		printf("%-8s %-8s %-16s %-16s %-8s %-20s %s\n", "FWCTL", "TYPE",
		       "DRIVER", "PARENT", "MEMDEV", "SERIAL", "PCI");
	for (i = 0; i < n; i++) {
		char serial[32] = "-", pci[64] = "-", path[PATH_MAX], parent[128];
		bool cxl = false;
		const char *type = "unknown", *driver = "unknown";
		uint32_t t, dlen = 0;
		struct fwdev dev;

		if (fwdev_resolve(names[i], &dev))
			continue;
		if (!fwdev_open(&dev) && !fwctl_info(&dev, &t, NULL, &dlen)) {
			type = device_type_name(t);
			driver = type_driver(t);
			cxl = t == FWCTL_DEVICE_TYPE_CXL && !dev.swcci;
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
			snprintf(pci, sizeof(pci), "%s", dev.parent);
		}
		if (cxl) {
			snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/serial",
				 dev.parent);
			if (read_sysfs(path, serial, sizeof(serial)))
				snprintf(serial, sizeof(serial), "-");
			memdev_pci(dev.parent, pci, sizeof(pci));
		}
		snprintf(parent, sizeof(parent), "%s/%s", dev.bus[0] ? dev.bus : "?",
			 dev.parent[0] ? dev.parent : "?");
		if (json) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "fwctl", json_object_new_string(dev.name));
			json_object_object_add(o, "node", json_object_new_string(dev.node));
			json_object_object_add(o, "type", json_object_new_string(type));
			json_object_object_add(o, "driver", json_object_new_string(driver));
			json_object_object_add(o, "parent", json_object_new_string(parent));
			if (cxl) {
				json_object_object_add(o, "memdev",
						       json_object_new_string(dev.parent));
				json_object_object_add(o, "serial",
						       json_object_new_string(serial));
				json_object_object_add(o, "pci", json_object_new_string(pci));
			}
			if (dev.swcci) {
				json_object_object_add(o, "pci", json_object_new_string(pci));
				json_object_object_add(o, "component",
						       json_object_new_string("switch-cci"));
			}
			json_object_array_add(jarr, o);
			continue;
		}
		printf("%-8s %-8s %-16s %-16s %-8s %-20s %s\n", dev.name, type, driver,
		       parent, cxl ? dev.parent : "-", serial, pci);
	}
	if (json) {
		print_json(jarr);
		json_object_put(jarr);
	} else if (!n) {
		printf("no fwctl devices (is the fwctl module loaded? modprobe cxl_fwctl)\n");
	}
	return EXIT_OK;
}

static void info_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl info DEV [--json]\n"
		"\n"
		"Send FWCTL_INFO and decode the device type and the driver data.\n"
		"DEV is fwctlN, /dev/fwctl/fwctlN, a CXL memdev name (mem0) or the PCI\n"
		"address of a CXL switch mailbox CCI.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-info(8))\n");
}

static int cmd_info(int argc, char **argv)
{
	uint8_t data[4096];
	uint32_t type, len = sizeof(data);
	struct fwdev dev;
	bool json = false;
	int rc;

	rc = parse_json_opts(argc, argv, &json, info_usage, 1);
	if (rc >= 0)
		return rc;
	rc = fwdev_resolve(argv[optind], &dev);
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
	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "fwctl", json_object_new_string(dev.name));
		json_object_object_add(o, "parent", json_object_new_string(dev.parent));
		json_object_object_add(o, "type", json_object_new_string(device_type_name(type)));
		json_object_object_add(o, "type_value", json_object_new_int(type));
		json_object_object_add(o, "device_data_len", json_object_new_int(len));
		json_object_object_add(o, "device_data", json_hex(data, len));
		if (type == FWCTL_DEVICE_TYPE_CXL && len >= 4)
			json_object_object_add(o, "cxl_reserved",
					       json_object_new_int(get_le32(data)));
		print_json(o);
		json_object_put(o);
		return EXIT_OK;
	}
	printf("%s (%s):\n", dev.name, dev.node);
	printf("  %-18s %s (%u)\n", "type:", device_type_name(type), type);
	printf("  %-18s %s\n", "parent:", dev.parent);
	printf("  %-18s %u bytes\n", "driver data:", len);
	if (type == FWCTL_DEVICE_TYPE_CXL && len >= 4)
		printf("  %-18s %u (struct fwctl_info_cxl: always 0)\n", "reserved:",
		       get_le32(data));
	else
		print_hexdump(data, len);
	return EXIT_OK;
}

static void main_help(FILE *f)
{
	fprintf(f,
		"usage: fwctl COMMAND [options]\n"
		"\n"
		"  list                      every fwctl device\n"
		"  info DEV                  FWCTL_INFO, decoded\n"
		"  cxl cel DEV               the CXL Command Effects Log and the kernel's verdicts\n"
		"  cxl features DEV          CXL Features: sizes, effects, scope, owner\n"
		"  cxl get-feature DEV FEATURE [--selection current|default|saved]\n"
		"  cxl set-feature DEV FEATURE --data HEX [--scope S]\n"
		"  cxl identify DEV          Identify Memory Device (or Identify), decoded\n"
		"  cxl raw DEV --opcode X [--in HEX|--in-file F] [--scope S]\n"
		"  cxl switch DEV            a CXL switch CCI: identity and port states\n"
		"\n"
		"DEV is fwctlN, /dev/fwctl/fwctlN, a CXL memdev name (mem0) or a CXL\n"
		"switch CCI's PCI address; on a switch CCI, cxl cel, identify and raw\n"
		"take --port N [--ld M] for the device behind a port. Every\n"
		"command takes --help and --json. Exit status: 0 ok, 1 error, 2 usage,\n"
		"3 no such device, 4 refused by the kernel, 5 failed by the device.\n"
		"See fwctl(8).\n");
}

int main(int argc, char **argv)
{
	static const struct subcommand cmds[] = {
		{ "list", cmd_list },
		{ "info", cmd_info },
		{ "cxl", cmd_cxl },
	};

	return run_subcommand(cmds, ARRAY_SIZE(cmds), argc, argv, main_help, "");
}
