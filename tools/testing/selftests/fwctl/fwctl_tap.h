/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP for the selftests that run outside the kselftest harness (the fuzzer
 * and the unplug storm): numbered results, and whether any of them failed.
 */
#ifndef __FWCTL_TAP_H
#define __FWCTL_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int tap_count;
static bool tap_failed;

/* One result line; flushed, so it survives a crash of what comes next. */
static inline void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		tap_failed = true;
}

#endif /* __FWCTL_TAP_H */
