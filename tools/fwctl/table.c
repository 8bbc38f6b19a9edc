// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: output tables, for people (libsmartcols) and scripts (json-c),
 * from one description.
 *
 * A command describes its columns once (struct out_col) and fills each row
 * once, giving every cell its text and its JSON value together; --json
 * decides which of the two is printed. So a table and its JSON cannot drift
 * apart, and each command has one code path for both. libsmartcols sizes
 * the columns to the data and, on a terminal narrower than the table (or
 * with --width), truncates or wraps the columns that allow it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libsmartcols/libsmartcols.h>

#include "fwctl.h"

/* Set by --width: the width to lay tables out for, 0 for the terminal's. */
static unsigned int out_width;

struct out_table {
	const struct out_col *cols;
	size_t ncols;
	struct libscols_table *tb;	/* the table, or NULL with --json */
	struct json_object *jarr;	/* the rows with --json */
};

/**
 * out_set_width - lay every table out for @width columns
 * @width: the width; 0 for the terminal's (unlimited when not a terminal)
 */
void out_set_width(unsigned int width)
{
	out_width = width;
}

/**
 * out_new - start a table
 * @cols: its columns; must outlive the table
 * @ncols: how many
 * @json: print JSON (an array of objects) instead of a table
 *
 * Exits the program when out of memory, as nothing sensible remains.
 * Return: the table, for out_row() and out_print().
 */
struct out_table *out_new(const struct out_col *cols, size_t ncols, bool json)
{
	struct out_table *t = calloc(1, sizeof(*t));
	size_t i;

	if (!t)
		goto oom;
	t->cols = cols;
	t->ncols = ncols;
	if (json) {
		t->jarr = json_object_new_array();
		if (!t->jarr)
			goto oom;
		return t;
	}
	t->tb = scols_new_table();
	if (!t->tb)
		goto oom;
	if (out_width) {
		scols_table_set_termforce(t->tb, SCOLS_TERMFORCE_ALWAYS);
		scols_table_set_termwidth(t->tb, out_width);
	}
	for (i = 0; i < ncols; i++)
		if (!scols_table_new_column(t->tb, cols[i].title,
					    cols[i].whint, cols[i].flags))
			goto oom;
	return t;
oom:
	fwctl_err("out of memory");
	exit(EXIT_FAIL);
}

/**
 * out_row - add a row
 * @t: the table
 *
 * Return: the row, whose cells the out_*() setters fill.
 */
struct out_row out_row(struct out_table *t)
{
	struct out_row r = { .t = t };

	if (t->jarr) {
		r.obj = json_object_new_object();
		if (r.obj)
			json_object_array_add(t->jarr, r.obj);
	} else {
		r.ln = scols_table_new_line(t->tb, NULL);
	}
	if (!r.obj && !r.ln) {
		fwctl_err("out of memory");
		exit(EXIT_FAIL);
	}
	return r;
}

/**
 * out_cell - fill one cell
 * @r: the row
 * @col: the column's index in the table's out_col array
 * @text: what the table shows; NULL shows "-"
 * @val: the JSON value (NULL is JSON null); consumed, also without --json
 *
 * A column without a JSON key takes no JSON value; one without a title
 * shows nothing in the table.
 */
void out_cell(struct out_row *r, size_t col, const char *text,
	      struct json_object *val)
{
	const struct out_col *c = &r->t->cols[col];

	if (r->obj && c->key) {
		json_object_object_add(r->obj, c->key, val);
		return;
	}
	json_object_put(val);
	if (r->ln && c->title)
		scols_line_set_data(r->ln, col, text ? text : "-");
}

/**
 * out_str - a cell whose text is its JSON string
 * @r: the row
 * @col: the column
 * @s: the text; NULL shows "-" and is JSON null
 */
void out_str(struct out_row *r, size_t col, const char *s)
{
	out_cell(r, col, s, s ? json_object_new_string(s) : NULL);
}

/**
 * out_u64 - a number: decimal in the table and in JSON
 * @r: the row
 * @col: the column
 * @v: the value
 */
void out_u64(struct out_row *r, size_t col, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	out_cell(r, col, buf, json_object_new_int64(v));
}

/**
 * out_json - a JSON-only member of the row's object
 * @r: the row
 * @key: its name
 * @val: its value; consumed
 */
void out_json(struct out_row *r, const char *key, struct json_object *val)
{
	if (r->obj)
		json_object_object_add(r->obj, key, val);
	else
		json_object_put(val);
}

/**
 * out_print - print a table (or its JSON) and free it
 * @t: the table
 *
 * Return: 0, or -1 when printing failed.
 */
int out_print(struct out_table *t)
{
	int rc = 0;

	if (t->jarr) {
		print_json(t->jarr);
		json_object_put(t->jarr);
		free(t);
		return 0;
	}
	if (scols_table_get_nlines(t->tb))
		rc = scols_print_table(t->tb) ? -1 : 0;
	scols_unref_table(t->tb);
	free(t);
	return rc;
}

/**
 * out_take_json - the rows of a --json table, to put into a larger object
 * @t: the table, made with @json; freed
 *
 * Return: the array of row objects; the caller owns it.
 */
struct json_object *out_take_json(struct out_table *t)
{
	struct json_object *jarr = t->jarr;

	free(t);
	return jarr;
}
