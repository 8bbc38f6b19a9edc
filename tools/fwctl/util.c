// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: small helpers: messages, hex, sysfs, JSON, the kernel's state.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fwctl.h"

const char *progname = "fwctl";

void fwctl_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Hex bytes as "030c0100", "03 0c 01 00", "03:0c:01:00" or "0x030c0100".
 * Returns 0, or -EINVAL on anything else (an odd number of digits too).
 */
int parse_hex(const char *s, uint8_t **buf, size_t *len)
{
	size_t n = 0, max = strlen(s) / 2 + 1;
	uint8_t *b = calloc(1, max);
	int hi = -1;

	if (!b)
		return -ENOMEM;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int d = hex_digit(*s);

		if (d < 0) {
			if ((*s == ' ' || *s == ':' || *s == ',' || *s == '\n') &&
			    hi < 0)
				continue;
			free(b);
			return -EINVAL;
		}
		if (hi < 0) {
			hi = d;
			continue;
		}
		b[n++] = hi << 4 | d;
		hi = -1;
	}
	if (hi >= 0) {
		free(b);
		return -EINVAL;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* All of file @path ("-": standard input) into a new buffer. 0 or -errno. */
int read_file_bytes(const char *path, uint8_t **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	uint8_t *b = malloc(cap);
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : dup(0);
	ssize_t r;

	if (fd < 0 || !b) {
		int e = fd < 0 ? errno : ENOMEM;

		free(b);
		if (fd >= 0)
			close(fd);
		return -e;
	}
	while ((r = read(fd, b + n, cap - n)) > 0) {
		n += r;
		if (n == cap) {
			uint8_t *nb = realloc(b, cap * 2);

			if (!nb) {
				free(b);
				close(fd);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (r < 0) {
		free(b);
		return -errno;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* @len bytes into file @path ("-": standard output). 0 or -errno. */
int write_file_bytes(const char *path, const uint8_t *buf, size_t len)
{
	int fd = strcmp(path, "-") ?
		 open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) :
		 dup(1);
	size_t done = 0;
	int err = 0;

	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t w = write(fd, buf + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			break;
		}
		done += w;
	}
	if (close(fd) && !err)
		err = errno;
	return -err;
}

/* @out must hold 2 * @len + 1 bytes. */
void hex_string(const uint8_t *buf, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", buf[i]);
	out[2 * len] = 0;
}

void print_hexdump(const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			printf("  %04zx:", i);
		printf(" %02x", buf[i]);
		if (i % 16 == 15 || i == len - 1)
			putchar('\n');
	}
}

/* A number in decimal or 0x hex, up to 32 bits. */
int parse_u32(const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || x > 0xffffffffULL)
		return -EINVAL;
	*v = x;
	return 0;
}

/* A sysfs attribute without its trailing newline. */
int read_sysfs(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

void print_json(struct json_object *obj)
{
	int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE;

	printf("%s\n", json_object_to_json_string_ext(obj, flags));
}

struct json_object *json_hex(const uint8_t *buf, size_t len)
{
	char *s = malloc(2 * len + 1);
	struct json_object *o;

	if (!s)
		return NULL;
	hex_string(buf, len, s);
	o = json_object_new_string(s);
	free(s);
	return o;
}

struct json_object *json_u16hex(unsigned int v)
{
	char s[8];

	snprintf(s, sizeof(s), "0x%04x", v & 0xffff);
	return json_object_new_string(s);
}

unsigned long kernel_taint(void)
{
	char buf[32];

	if (read_sysfs("/proc/sys/kernel/tainted", buf, sizeof(buf)))
		return 0;
	return strtoul(buf, NULL, 10);
}

/* Whether this process holds CAP_SYS_RAWIO (bit 17) in its effective set. */
bool have_cap_sys_rawio(void)
{
	unsigned long long eff = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return true;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return eff & (1ULL << 17);
}

/*
 * The Kernel Lockdown mode in force: "integrity", "confidentiality", "none",
 * or NULL when securityfs does not tell.
 */
const char *lockdown_mode(void)
{
	char buf[128];

	if (read_sysfs("/sys/kernel/security/lockdown", buf, sizeof(buf)))
		return NULL;
	if (strstr(buf, "[confidentiality]"))
		return "confidentiality";
	if (strstr(buf, "[integrity]"))
		return "integrity";
	return "none";
}

uint16_t get_le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

uint32_t get_le32(const uint8_t *p)
{
	return get_le16(p) | (uint32_t)get_le16(p + 2) << 16;
}

uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, v & 0xffff);
	put_le16(p + 2, v >> 16);
}

/*
 * Run the subcommand argv[1] names from @cmds, with argv shifted so it sees
 * itself as argv[0]; --help, -h and help print @usage to stdout. Messages
 * from then on carry the subcommand in their prefix ("fwctl cxl cel:").
 */
int run_subcommand(const struct subcommand *cmds, size_t n, int argc,
		   char **argv, void (*usage)(FILE *f))
{
	static char names[4][64];
	static int depth;
	size_t i;

	if (argc < 2) {
		fwctl_err("missing command");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		if (depth < (int)ARRAY_SIZE(names)) {
			snprintf(names[depth], sizeof(names[depth]), "%s %s",
				 progname, argv[1]);
			progname = names[depth++];
		}
		optind = 0;
		return cmds[i].fn(argc - 1, argv + 1);
	}
	fwctl_err("unknown command '%s'", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
