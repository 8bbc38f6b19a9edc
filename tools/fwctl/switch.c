// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl cxl switch: a CXL switch mailbox CCI (cxl_switch_fwctl): its
 * Identify (0x0001), Identify Switch Device (0x5100) and the state of each
 * physical port (Get Physical Port State, 0x5101), decoded; for a port
 * with a device, the memdev behind it, found by the serial number its
 * tunnelled Identify reports.
 */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwctl/fwctl.h>

#include "builtin.h"
#include "fwctl.h"

#define IDENTIFY_SWITCH_LEN	0x49	/* CXL r3.1 table 7-18 */
#define PORT_BLOCK		16	/* CXL r3.1 table 7-20 */
#define PORT_STATE_HDR		4
#define MAX_PORTS		256

/* Current Port Configuration State, bits 3:0. */
static const char *config_state_name(unsigned int v)
{
	static const char *const names[] = {
		"disabled", "bind in progress", "unbind in progress", "DSP", "USP",
		"fabric link",
	};

	if (v < ARRAY_SIZE(names))
		return names[v];
	return v == 0xf ? "invalid port id" : "reserved";
}

/* Connected Device Type. */
static const char *device_type_str(unsigned int v)
{
	static const char *const names[] = {
		"none", "PCIe device", "CXL type 1", "CXL type 2 or HBR switch",
		"CXL type 3 SLD", "CXL type 3 MLD", "PBR component",
	};

	return v < ARRAY_SIZE(names) ? names[v] : "reserved";
}

/* PCIe link speeds as the link registers encode them (1: 2.5 GT/s). */
static const char *link_speed(unsigned int v)
{
	static const char *const names[] = {
		"-", "2.5 GT/s", "5 GT/s", "8 GT/s", "16 GT/s", "32 GT/s", "64 GT/s",
	};

	return v < ARRAY_SIZE(names) ? names[v] : "reserved";
}

static void switch_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl switch DEV [--json]\n"
		"\n"
		"Show a CXL switch mailbox CCI: its Identify (0x0001), Identify Switch\n"
		"Device (0x5100) and the state of every active physical port (Get\n"
		"Physical Port State, 0x5101); for a port with a device, the memdev\n"
		"behind it (by the serial number a tunnelled Identify reports).\n"
		"DEV is the switch CCI's fwctlN, /dev/fwctl/fwctlN or PCI address.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-cxl-switch(8))\n");
}

/* Ids of the bits set in a 256-bit mask, as "0,1,2" and in @ids. */
static int mask_ids(const uint8_t *mask, uint8_t *ids, char *out, size_t len)
{
	size_t n = 0;
	int i, count = 0;

	out[0] = 0;
	for (i = 0; i < MAX_PORTS; i++) {
		if (!(mask[i / 8] & (1u << (i % 8))))
			continue;
		ids[count++] = i;
		n += snprintf(out + n, n < len ? len - n : 0, "%s%d", n ? "," : "", i);
	}
	if (!count)
		snprintf(out, len, "none");
	return count;
}

static struct json_object *json_ids(const uint8_t *ids, int n)
{
	struct json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_int(ids[i]));
	return a;
}

/* The serial number of the device behind @port, by a tunnelled Identify. */
static bool port_serial(struct fwdev *dev, uint8_t port, uint64_t *serial)
{
	struct cxl_path path = { .depth = 1, .id = { port } };
	uint8_t out[64];
	struct cxl_cmd cmd = {
		.opcode = OP_IDENTIFY,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = out,
		.out_max = sizeof(out),
		.path = &path,
	};

	if (cxl_send(dev, &cmd) || cmd.retval || cmd.out_len < IDENTIFY_LEN)
		return false;
	*serial = get_le64(out + 8);
	return true;
}

/*
 * Get Physical Port State of the @n ports at @ids, as many per request as
 * the switch's message size allows. *@blocks gets one 16-byte block each.
 */
static int port_states(struct fwdev *dev, const uint8_t *ids, int n,
		       uint8_t *blocks)
{
	int per = (cxl_switch_payload(dev) - PORT_STATE_HDR) / PORT_BLOCK, i, k;
	uint8_t in[1 + MAX_PORTS], out[PORT_STATE_HDR + MAX_PORTS * PORT_BLOCK];

	if (per < 1)
		per = 1;
	for (i = 0; i < n; i += per) {
		int count = n - i < per ? n - i : per;
		struct cxl_cmd cmd = {
			.opcode = OP_PORT_STATE,
			.scope = FWCTL_RPC_CONFIGURATION,
			.in = in,
			.in_len = 1 + count,
			.out = out,
			.out_max = sizeof(out),
		};
		int rc;

		in[0] = count;
		memcpy(in + 1, ids + i, count);
		rc = cxl_run(dev, &cmd);
		if (rc)
			return rc;
		if (cmd.out_len < PORT_STATE_HDR + (size_t)count * PORT_BLOCK ||
		    out[0] != count) {
			fwctl_err("Get Physical Port State answered %zu bytes for %d ports, fewer than the %d it must",
				  cmd.out_len, count, PORT_STATE_HDR + count * PORT_BLOCK);
			return EXIT_DEVICE;
		}
		for (k = 0; k < count; k++)
			memcpy(blocks + (i + k) * PORT_BLOCK,
			       out + PORT_STATE_HDR + k * PORT_BLOCK, PORT_BLOCK);
	}
	return EXIT_OK;
}

enum {
	P_PORT, P_STATE, P_STATE_VALUE, P_DEVICE, P_DEVICE_VALUE, P_MODE,
	P_MODES, P_MAX_WIDTH, P_WIDTH, P_MAX_SPEED, P_SPEED, P_LTSSM, P_LDS,
	P_SERIAL, P_MEMDEV, P_LINK
};

static const struct out_col port_cols[] = {
	[P_PORT] = { "PORT", "port", 0, SCOLS_FL_RIGHT },
	[P_STATE] = { "STATE", "config_state", 0, SCOLS_FL_TRUNC },
	[P_STATE_VALUE] = { NULL, "config_state_value", 0, 0 },
	[P_DEVICE] = { "DEVICE", "device_type", 0, SCOLS_FL_TRUNC },
	[P_DEVICE_VALUE] = { NULL, "device_type_value", 0, 0 },
	[P_MODE] = { NULL, "device_mode", 0, 0 },
	[P_MODES] = { NULL, "supported_cxl_modes", 0, 0 },
	[P_MAX_WIDTH] = { NULL, "max_link_width", 0, 0 },
	[P_WIDTH] = { NULL, "negotiated_link_width", 0, 0 },
	[P_MAX_SPEED] = { NULL, "max_link_speed", 0, 0 },
	[P_SPEED] = { NULL, "current_link_speed", 0, 0 },
	[P_LTSSM] = { NULL, "ltssm_state", 0, 0 },
	[P_LDS] = { "LDS", "ld_count", 0, SCOLS_FL_RIGHT },
	[P_SERIAL] = { "SERIAL", "serial", 0, 0 },
	[P_MEMDEV] = { "MEMDEV", "memdev", 0, 0 },
	[P_LINK] = { "LINK", NULL, 0.2, SCOLS_FL_WRAP },
};

/* One port's Get Physical Port State block as a row; @serial if @has_sn. */
static void port_row(struct out_table *t, const uint8_t *b, bool has_sn,
		     uint64_t serial, const char *memdev)
{
	unsigned int state = b[1] & 0xf, type = b[4];
	struct out_row r = out_row(t);
	char text[80];

	out_u64(&r, P_PORT, b[0]);
	out_str(&r, P_STATE, config_state_name(state));
	out_u64(&r, P_STATE_VALUE, state);
	out_str(&r, P_DEVICE, device_type_str(type));
	out_u64(&r, P_DEVICE_VALUE, type);
	out_u64(&r, P_MODE, b[2]);
	out_u64(&r, P_MODES, b[5]);
	out_u64(&r, P_MAX_WIDTH, b[6] & 0x3f);
	out_u64(&r, P_WIDTH, b[7] & 0x3f);
	out_str(&r, P_MAX_SPEED, link_speed(b[9] & 0x3f));
	out_str(&r, P_SPEED, link_speed(b[10] & 0x3f));
	out_u64(&r, P_LTSSM, b[11]);
	out_u64(&r, P_LDS, b[15]);
	snprintf(text, sizeof(text), "0x%llx", (unsigned long long)serial);
	out_cell(&r, P_SERIAL, has_sn ? text : NULL,
		 has_sn ? json_object_new_uint64(serial) : NULL);
	out_str(&r, P_MEMDEV, strcmp(memdev, "-") ? memdev : NULL);
	snprintf(text, sizeof(text), "x%u %s (max x%u %s)", b[7] & 0x3f,
		 link_speed(b[10] & 0x3f), b[6] & 0x3f, link_speed(b[9] & 0x3f));
	out_str(&r, P_LINK, text);
}

int cmd_cxl_switch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	uint8_t id[64] = { 0 }, sw[128] = { 0 }, ids[MAX_PORTS], vids[MAX_PORTS];
	struct cxl_cmd ident = {
		.opcode = OP_IDENTIFY,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = id,
		.out_max = sizeof(id),
	};
	struct cxl_cmd swid = {
		.opcode = OP_IDENTIFY_SWITCH,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = sw,
		.out_max = sizeof(sw),
	};
	struct json_object *o = NULL, *j;
	struct out_table *t;
	char active[MAX_PORTS * 4], vcss[MAX_PORTS * 4];
	uint8_t *blocks = NULL;
	struct fwdev dev;
	bool json = fwctl_json;
	int c, rc, n, nv, i;

	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			switch_usage(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	rc = check_nargs(argc - optind, argv + optind, 1, 1);
	if (rc >= 0)
		return rc;
	rc = cxl_open(argv[optind], &dev);
	if (rc)
		return rc;
	if (!dev.swcci) {
		fwctl_err("%s (%s): not a CXL switch mailbox CCI (a memdev: see 'fwctl cxl identify %s')",
			  dev.name, dev.parent, dev.parent);
		rc = EXIT_NODEV;
		goto out;
	}
	rc = cxl_run(&dev, &ident);
	if (rc)
		goto out;
	if (!cxl_identify_ok(&ident)) {
		rc = EXIT_DEVICE;
		goto out;
	}
	rc = cxl_run(&dev, &swid);
	if (rc)
		goto out;
	if (swid.out_len < IDENTIFY_SWITCH_LEN) {
		fwctl_err("Identify Switch Device answered %zu bytes, fewer than the %d it must",
			  swid.out_len, IDENTIFY_SWITCH_LEN);
		rc = EXIT_DEVICE;
		goto out;
	}
	n = mask_ids(sw + 0x04, ids, active, sizeof(active));
	nv = mask_ids(sw + 0x24, vids, vcss, sizeof(vcss));
	blocks = calloc(n ? n : 1, PORT_BLOCK);
	if (!blocks) {
		rc = EXIT_FAIL;
		goto out;
	}
	rc = n ? port_states(&dev, ids, n, blocks) : EXIT_OK;
	if (rc)
		goto out;

	if (json) {
		o = json_object_new_object();
		json_object_object_add(o, "fwctl", json_object_new_string(dev.name));
		json_object_object_add(o, "host", json_object_new_string(dev.parent));
		json_object_object_add(o, "driver", json_object_new_string(dev.driver));
		j = json_object_new_object();
		cxl_identify_print(id, ident.out_len, j);
		json_object_object_add(o, "identify", j);
		j = json_object_new_object();
		json_object_object_add(j, "ingress_port", json_object_new_int(sw[0]));
		json_object_object_add(j, "physical_ports", json_object_new_int(sw[2]));
		json_object_object_add(j, "vcss", json_object_new_int(sw[3]));
		json_object_object_add(j, "active_ports", json_ids(ids, n));
		json_object_object_add(j, "active_vcss", json_ids(vids, nv));
		json_object_object_add(j, "vppbs", json_object_new_int(get_le16(sw + 0x44)));
		json_object_object_add(j, "bound_vppbs",
				       json_object_new_int(get_le16(sw + 0x46)));
		json_object_object_add(j, "hdm_decoders", json_object_new_int(sw[0x48]));
		json_object_object_add(o, "switch", j);
	} else {
		printf("%s (%s): CXL switch mailbox CCI, driver %s\n", dev.name,
		       dev.parent, dev.driver[0] ? dev.driver : "-");
		cxl_identify_print(id, ident.out_len, NULL);
		printf("  %-26s %u\n", "ingress port", sw[0]);
		printf("  %-26s %u\n", "physical ports", sw[2]);
		printf("  %-26s %u\n", "virtual CXL switches", sw[3]);
		printf("  %-26s %s\n", "active ports", active);
		printf("  %-26s %s\n", "active VCSs", vcss);
		printf("  %-26s %u, %u bound\n", "vPPBs", get_le16(sw + 0x44),
		       get_le16(sw + 0x46));
		printf("  %-26s %u\n", "HDM decoders", sw[0x48]);
		printf("\n");
	}
	t = out_new(port_cols, ARRAY_SIZE(port_cols), json);
	for (i = 0; i < n; i++) {
		const uint8_t *b = blocks + i * PORT_BLOCK;
		char memdev[64] = "-";
		uint64_t sn = 0;
		bool has_sn;

		/* A downstream port with a device: who is behind it? */
		has_sn = (b[1] & 0xf) == 3 && b[4] && port_serial(&dev, b[0], &sn);
		if (has_sn)
			memdev_of_serial(sn, memdev, sizeof(memdev));
		port_row(t, b, has_sn, sn, memdev);
	}
	if (json) {
		json_object_object_add(o, "ports", out_take_json(t));
		print_json(o);
		json_object_put(o);
	} else if (out_print(t)) {
		rc = EXIT_FAIL;
	}
out:
	free(blocks);
	fwdev_close(&dev);
	return rc;
}
