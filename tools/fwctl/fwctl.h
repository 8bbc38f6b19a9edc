/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwctl: the user tool. Declarations shared by its source files.
 */
#ifndef __FWCTL_TOOL_H
#define __FWCTL_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>
#include <libsmartcols/libsmartcols.h>

struct libscols_line;

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BIT(n)			(1UL << (n))

/* Exit codes; fwctl(8) documents them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* unexpected system error */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NODEV = 3,		/* no such device, or it cannot be opened */
	EXIT_REFUSED = 4,	/* the kernel refused the request (errno) */
	EXIT_DEVICE = 5,	/* the device failed the command (return code) */
};

#define SCOPE_UNKNOWN		(-1)

/* CXL mailbox opcodes the tool sends itself (CXL r3.1, 8.2.9, 7.6.7). */
#define OP_IDENTIFY		0x0001
#define OP_GET_SUPPORTED_LOGS	0x0400
#define OP_GET_LOG		0x0401
#define OP_GET_SUPPORTED_FEATURES	0x0500
#define OP_GET_FEATURE		0x0501
#define OP_SET_FEATURE		0x0502
#define OP_IDENTIFY_MEMDEV	0x4000
#define OP_IDENTIFY_SWITCH	0x5100
#define OP_PORT_STATE		0x5101
#define OP_TUNNEL		0x5300

#define IDENTIFY_LEN		18	/* CXL r3.1 table 8-37 */

/* A fwctl device as the command line named it, resolved through sysfs. */
struct fwdev {
	char name[32];		/* fwctl0 */
	char node[64];		/* /dev/fwctl/fwctl0 */
	char parent[64];	/* the device it controls: mem0 */
	char bus[32];		/* the parent's bus: cxl */
	char driver[32];	/* the parent's driver, if bound */
	bool swcci;		/* the parent is a CXL switch mailbox CCI */
	int fd;
};

/* Where a command goes: the device itself, or through up to 2 tunnels. */
#define CXL_PATH_MAX		2
struct cxl_path {
	unsigned int depth;	/* 0: the device itself */
	uint8_t id[CXL_PATH_MAX];	/* switch port, then LD */
};

/* One CEL entry with the kernel's verdict, from sysfs. */
struct cel_verdict {
	uint16_t opcode;
	char needs[24];
	char verdict[32];
	char detail[160];
};

/* One Feature with the kernel's verdict, from sysfs. */
struct feat_verdict {
	uint8_t uuid[16];
	char needs[40];	/* a scope, or the reason no scope will do */
	char owner[64];
};

/* What the kernel's sysfs says about one fwctl device. */
struct verdicts {
	bool cel_known;		/* cxl_cel/ was read */
	bool feat_known;	/* cxl_features/ was read */
	char why_unknown[400];
	struct cel_verdict *cel;
	int ncel;
	struct feat_verdict *feat;
	int nfeat;
};

/* One CXL mailbox command through FWCTL_RPC. */
struct cxl_cmd {
	uint16_t opcode;
	int scope;
	const void *in;
	size_t in_len;
	uint8_t *out;		/* the mailbox output payload */
	size_t out_max;
	size_t out_len;		/* bytes of payload received */
	uint32_t retval;	/* the mailbox return code */
	int err;		/* errno of the ioctl, 0 when delivered */
	const uint8_t *feature;	/* the Feature a Set Feature targets */
	const struct cxl_path *path;	/* NULL or depth 0: not tunnelled */
	unsigned int rc_level;	/* whose code retval is: 0 the device, n hop n */
	unsigned long taint_before;
	unsigned long taint_after;
};

/* One entry of Get Supported Features. */
struct feat_entry {
	uint8_t uuid[16];
	uint16_t id;
	uint16_t get_size;
	uint16_t set_size;
	uint32_t flags;
	uint8_t get_ver;
	uint8_t set_ver;
	uint16_t effects;
};

/**
 * struct out_col - one column of an output table (table.c)
 * @title: its heading in the table; NULL for a JSON-only column
 * @key: its member name in JSON; NULL for a table-only column
 * @whint: libsmartcols' width hint: below 1 a share of the terminal,
 *	else a number of characters
 * @flags: SCOLS_FL_TRUNC, SCOLS_FL_WRAP, SCOLS_FL_RIGHT, ...
 */
struct out_col {
	const char *title;
	const char *key;
	double whint;
	int flags;
};

struct out_table;

/**
 * struct out_row - a row being filled; from out_row()
 * @t: its table
 * @ln: its libsmartcols line, or NULL with --json
 * @obj: its JSON object, or NULL without --json
 */
struct out_row {
	struct out_table *t;
	struct libscols_line *ln;
	struct json_object *obj;
};

/* table.c */
void out_set_width(unsigned int width);
struct out_table *out_new(const struct out_col *cols, size_t ncols, bool json);
struct out_row out_row(struct out_table *t);
void out_cell(struct out_row *r, size_t col, const char *text,
	      struct json_object *val);
void out_str(struct out_row *r, size_t col, const char *s);
void out_u64(struct out_row *r, size_t col, uint64_t v);
void out_json(struct out_row *r, const char *key, struct json_object *val);
int out_print(struct out_table *t);
struct json_object *out_take_json(struct out_table *t);

/* util.c */
extern const char *progname;
/* printf-checked; the attribute is split so checkpatch reads it as meant */
void fwctl_err(const char *fmt, ...) __attribute__
	((format(printf, 1, 2)));
int parse_hex(const char *s, uint8_t **buf, size_t *len);
int read_file_bytes(const char *path, uint8_t **buf, size_t *len);
int write_file_bytes(const char *path, const uint8_t *buf, size_t len);
void hex_string(const uint8_t *buf, size_t len, char *out);
void print_hexdump(const uint8_t *buf, size_t len);
int parse_u32(const char *s, uint32_t *v);
int read_sysfs(const char *path, char *buf, size_t len);
void print_json(struct json_object *obj);

/**
 * struct subcommand - one word of the command line and its handler
 * @name: the word
 * @fn: called with argv starting at the word
 */
struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
};

int run_subcommand(const struct subcommand *cmds, size_t n, int argc,
		   char **argv, void (*usage)(FILE *f));
struct json_object *json_hex(const uint8_t *buf, size_t len);
struct json_object *json_u16hex(unsigned int v);
unsigned long kernel_taint(void);
bool have_cap_sys_rawio(void);
const char *lockdown_mode(void);
uint16_t get_le16(const uint8_t *p);
uint32_t get_le32(const uint8_t *p);
uint64_t get_le64(const uint8_t *p);
void put_le16(uint8_t *p, uint16_t v);
void put_le32(uint8_t *p, uint32_t v);

/* device.c */
int fwdev_resolve(const char *arg, struct fwdev *dev);
int fwdev_open(struct fwdev *dev);
int fwdev_open_quiet(struct fwdev *dev);
void memdev_of_serial(uint64_t serial, char *out, size_t len);
void fwdev_close(struct fwdev *dev);
int fwdev_list(char names[][32], int max);
const char *scope_name(int scope);
int parse_scope(const char *s);
int parse_scope_opt(const char *s, int *scope);
const char *device_type_name(uint32_t type);
const char *type_driver(uint32_t type);
int fwctl_info(struct fwdev *dev, uint32_t *type, uint8_t *data,
	       uint32_t *data_len);

/* verdict.c */
void verdicts_load(const char *fwctl, struct verdicts *v);
void verdicts_load_switch(const char *fwctl, struct verdicts *v);
void verdicts_load_dest(const char *fwctl, struct verdicts *v);
void verdicts_free(struct verdicts *v);
const struct cel_verdict *verdict_cel(const struct verdicts *v,
				      uint16_t opcode);
const struct feat_verdict *verdict_feat(const struct verdicts *v,
					const uint8_t uuid[16]);
bool verdict_is_refusal(const char *verdict);
const char *reason_text(const char *reason);

/* cxlmbox.c */
int cxl_send(struct fwdev *dev, struct cxl_cmd *cmd);
void cxl_explain(struct fwdev *dev, const struct cxl_cmd *cmd);
int cxl_run(struct fwdev *dev, struct cxl_cmd *cmd);
int cxl_check_retval(struct fwdev *dev, const struct cxl_cmd *cmd);
int cxl_open(const char *arg, struct fwdev *dev);
int cxl_open_memdev(const char *arg, struct fwdev *dev);
void cxl_path_string(const struct cxl_path *path, char *out, size_t len);
int cxl_path_opt(const char *opt, const char *arg, int *id);
int cxl_path_make(int port, int ld, const struct fwdev *dev,
		  struct cxl_path *path);
int cxl_switch_payload(struct fwdev *dev);
void cxl_effects_string(uint16_t effects, char *out, size_t len);
struct json_object *cxl_effects_json(uint16_t effects);
const char *cxl_opcode_name(uint16_t opcode);
const char *cxl_retval_name(uint32_t retval);
int cxl_read_cel(struct fwdev *dev, const struct cxl_path *path,
		 uint8_t **cel, size_t *len);
void cxl_identify_print(const uint8_t *out, size_t len, struct json_object *o);
bool cxl_identify_ok(const struct cxl_cmd *cmd);

/* cmdline.c */
extern bool fwctl_json;

/**
 * struct devargs - the devices a command was given ("all" expanded)
 * @names: as given, or fwctlN for "all"
 * @n: how many
 */
struct devargs {
	char **names;
	int n;
};

/* printf-checked, as fwctl_err() */
int usage_error(const char *fmt, ...) __attribute__
	((format(printf, 1, 2)));
int getopt_error(int c, char **argv);
int parse_json_opts(int argc, char **argv, bool *json, void (*help)(FILE *f),
		    int min, int max);
int check_nargs(int n, char **args, int min, int max);
int devargs_get(struct devargs *da, int n, char **args, bool memdevs);
void devargs_free(struct devargs *da);
/* Adds the rows of device @name to @t; returns an exit code. */
typedef int (*device_rows_fn)(struct out_table *t, const char *name,
			      void *ctx);
int rows_per_device(int n, char **args, bool memdevs, struct out_col *cols,
		    size_t ncols, size_t dev_col, bool json, device_rows_fn one,
		    void *ctx);

#endif
