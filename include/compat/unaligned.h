/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat: the unaligned access helpers moved from <asm/unaligned.h> (6.1)
 * to <linux/unaligned.h> (6.12). Include this one instead of either.
 *
 * The natural feature test, __has_include(), is unknown to Debian 12's
 * sparse (0.6.4), so probe.mk looks for the header.
 */
#ifndef __FWCTL_COMPAT_UNALIGNED_H
#define __FWCTL_COMPAT_UNALIGNED_H

#ifdef FWCTL_COMPAT_ASM_UNALIGNED
#include <asm/unaligned.h>
#else
#include <linux/unaligned.h>
#endif

#endif
