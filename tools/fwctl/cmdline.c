// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: the command line's shared rules. Every usage error names its
 * reason on stderr, prefixed with the command ("fwctl cxl cel: ..."), and
 * exits 2; --json may come before the command; "all" stands for every
 * device where a command reads several.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwctl.h"

/* "fwctl --json COMMAND": every command prints JSON. */
bool fwctl_json;

/**
 * usage_error - explain a bad command line
 * @fmt: the reason, printf-style
 *
 * Return: EXIT_USAGE.
 */
int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", progname);
	return EXIT_USAGE;
}

/**
 * getopt_error - explain what getopt_long() refused
 * @c: what it returned: '?' or, with a leading ':' in the optstring, ':'
 * @argv: the argv it parsed
 *
 * getopt's own messages are off (opterr = 0) so they carry our prefix.
 * Return: EXIT_USAGE.
 */
int getopt_error(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return usage_error("option '%s' needs a value", arg);
	if (optopt && strncmp(arg, "--", 2))
		return usage_error("unknown option '-%c'", optopt);
	return usage_error("unknown option '%s'", arg);
}

/**
 * parse_json_opts - the options of a command that takes only --json
 * @argc: its argc
 * @argv: its argv
 * @json: set by --json (or fwctl --json before the command)
 * @help: prints the command's usage
 * @min: the fewest arguments after the options
 * @max: the most, or -1 for no limit
 *
 * Return: -1 to go on, else the exit code to return.
 */
int parse_json_opts(int argc, char **argv, bool *json, void (*help)(FILE *f),
		    int min, int max)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int c;

	*json = fwctl_json;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	return check_nargs(argc - optind, argv + optind, min, max);
}

/**
 * check_nargs - is the number of arguments right?
 * @n: the arguments left after the options
 * @args: them
 * @min: the fewest allowed; 1 means a DEV is needed
 * @max: the most, or -1 for no limit
 *
 * Return: -1 when right, else EXIT_USAGE after saying what is wrong.
 */
int check_nargs(int n, char **args, int min, int max)
{
	if (n < min)
		return usage_error("missing %s", min == 1 ? "DEV" : "arguments");
	if (max >= 0 && n > max)
		return usage_error("unexpected argument '%s'%s", args[max],
				   max == 1 ? ": this command takes one DEV" :
				   max == 0 ? ": this command takes none" : "");
	return -1;
}

/* Add @name to @da; false when out of memory. */
static bool devargs_add(struct devargs *da, const char *name)
{
	char **n = realloc(da->names, (da->n + 1) * sizeof(*n));

	if (!n)
		return false;
	da->names = n;
	da->names[da->n] = strdup(name);
	return da->names[da->n++];
}

/**
 * devargs_get - the devices a reading command works on
 * @da: filled in; free with devargs_free()
 * @n: the arguments
 * @args: device names, or the single word "all"
 * @memdevs: "all" means the CXL memdevs' fwctl devices only
 *
 * Return: 0, or an exit code after saying why.
 */
int devargs_get(struct devargs *da, int n, char **args, bool memdevs)
{
	static char names[4096][32];
	int i, k;

	memset(da, 0, sizeof(*da));
	if (n == 1 && !strcmp(args[0], "all")) {
		k = fwdev_list(names, ARRAY_SIZE(names));
		for (i = 0; i < k; i++) {
			struct fwdev dev;

			if (memdevs && (fwdev_resolve(names[i], &dev) ||
					strcmp(dev.bus, "cxl")))
				continue;
			if (!devargs_add(da, names[i]))
				goto oom;
		}
		if (!da->n) {
			fwctl_err("all: no %sfwctl devices (see 'fwctl list')",
				  memdevs ? "CXL memdev " : "");
			return EXIT_NODEV;
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(args[i], "all"))
			return usage_error("'all' stands alone: give it or device names");
		if (!devargs_add(da, args[i]))
			goto oom;
	}
	return 0;
oom:
	devargs_free(da);
	fwctl_err("out of memory");
	return EXIT_FAIL;
}

/**
 * devargs_free - free what devargs_get() built
 * @da: the devices
 */
void devargs_free(struct devargs *da)
{
	while (da->n)
		free(da->names[--da->n]);
	free(da->names);
	da->names = NULL;
}

/**
 * rows_per_device - one table of the rows of every device named
 * @n: the arguments left after the options
 * @args: device names, or "all"
 * @memdevs: "all" means the CXL memdevs' fwctl devices only
 * @cols: the table's columns; column @dev_col, the device's name, is
 *	shown only when there are several devices
 * @ncols: how many
 * @dev_col: see @cols
 * @json: print JSON
 * @one: adds the rows of the device it is given; returns an exit code
 * @ctx: for @one
 *
 * A device that fails is reported by @one and the others are still shown.
 * Return: the highest exit code.
 */
int rows_per_device(int n, char **args, bool memdevs, struct out_col *cols,
		    size_t ncols, size_t dev_col, bool json, device_rows_fn one,
		    void *ctx)
{
	int rc, worst = EXIT_OK, i;
	struct out_table *t;
	struct devargs da;

	rc = devargs_get(&da, n, args, memdevs);
	if (rc)
		return rc;
	if (da.n > 1)
		cols[dev_col].flags &= ~SCOLS_FL_HIDDEN;
	t = out_new(cols, ncols, json);
	for (i = 0; i < da.n; i++) {
		rc = one(t, da.names[i], ctx);
		if (rc > worst)
			worst = rc;
	}
	devargs_free(&da);
	if (out_print(t))
		return EXIT_FAIL;
	return worst;
}
