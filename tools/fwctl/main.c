// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: list and use fwctl devices (/dev/fwctl/fwctlN). This file is the
 * dispatcher: the global options and the one table of commands, which
 * live in list.c (list, info), cxl.c (cel, identify, raw), features.c and
 * switch.c, on the library below them (device.c, cxlmbox.c, verdict.c,
 * table.c, cmdline.c, util.c).
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

#include "builtin.h"
#include "fwctl.h"

static void main_help(FILE *f)
{
	fprintf(f,
		"usage: fwctl [--json] [--width N] COMMAND [options]\n"
		"       fwctl --version\n"
		"\n"
		"  list                      every fwctl device\n"
		"  info DEV... | all         FWCTL_INFO, decoded\n"
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

static void cxl_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl COMMAND DEV [options]\n"
		"\n"
		"  cel            the Command Effects Log with the kernel's verdicts\n"
		"  features       the Features with sizes, effects, scope and owner\n"
		"  get-feature    read a Feature (decoded for patrol-scrub and ecs)\n"
		"  set-feature    change a Feature\n"
		"  identify       Identify Memory Device (memdev) or Identify, decoded\n"
		"  raw            send any mailbox command\n"
		"  switch         a switch CCI: identity and physical port states\n"
		"\n"
		"DEV is fwctlN, /dev/fwctl/fwctlN, a memdev name (mem0) or the PCI address\n"
		"of a CXL switch mailbox CCI; cel, identify and raw take --port N (and\n"
		"--ld M) on a switch CCI to reach the device behind a port.\n"
		"'fwctl cxl COMMAND --help' describes each command.\n");
}

static int cmd_cxl(int argc, char **argv)
{
	static const struct subcommand cmds[] = {
		{ "cel", cmd_cxl_cel },
		{ "features", cmd_cxl_features },
		{ "get-feature", cmd_cxl_get_feature },
		{ "set-feature", cmd_cxl_set_feature },
		{ "identify", cmd_cxl_identify },
		{ "raw", cmd_cxl_raw },
		{ "switch", cmd_cxl_switch },
	};

	return run_subcommand(cmds, ARRAY_SIZE(cmds), argc, argv, cxl_usage);
}

int main(int argc, char **argv)
{
	static const struct subcommand cmds[] = {
		{ "list", cmd_list },
		{ "info", cmd_info },
		{ "cxl", cmd_cxl },
	};
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "width", required_argument, NULL, 'w' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	uint32_t width;
	int c;

	/* Our messages, with our prefix, say what getopt refused. */
	opterr = 0;
	/* '+': options before the command only; the command parses its own. */
	while ((c = getopt_long(argc, argv, "+:jw:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			fwctl_json = true;
			break;
		case 'w':
			if (parse_u32(optarg, &width) || width < 20 || width > 4096)
				return usage_error("--width %s: from 20 to 4096 columns",
						   optarg);
			out_set_width(width);
			break;
		case 'V':
			printf("fwctl %s\n", FWCTL_VERSION);
			return EXIT_OK;
		case 'h':
			main_help(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	/* The command sees itself as argv[0], as run_subcommand() wants. */
	return run_subcommand(cmds, ARRAY_SIZE(cmds), argc - optind + 1,
			      argv + optind - 1, main_help);
}
