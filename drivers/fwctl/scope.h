/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwctl core: what each RPC scope demands of the caller before a request
 * reaches a driver. One row per scope; the core's gate and the KUnit test
 * both read this table, so the rules are written down exactly once.
 */
#ifndef __FWCTL_SCOPE_H
#define __FWCTL_SCOPE_H

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/nospec.h>
#include <linux/types.h>
#include <uapi/fwctl/fwctl.h>

/* The caller must have CAP_SYS_RAWIO. */
#define FWCTL_SCOPE_NEEDS_RAWIO		BIT(0)
/*
 * The scope lets the driver change device state: refused while the kernel
 * is locked down, and a delivered command taints the kernel.
 */
#define FWCTL_SCOPE_MUTATES		BIT(1)

/**
 * struct fwctl_scope_rule - the core's rules for one enum fwctl_rpc_scope
 * @name: for log lines
 * @needs: FWCTL_SCOPE_* bits
 */
struct fwctl_scope_rule {
	const char *name;
	unsigned int needs;
};

/**
 * fwctl_scope_rule() - look up the rules for a scope sent by userspace
 * @scope: the untrusted fwctl_rpc.scope
 *
 * Pure: no locks, no side effects.
 *
 * Return: the rules, or NULL for a scope the core does not know.
 */
static inline const struct fwctl_scope_rule *fwctl_scope_rule(u32 scope)
{
	static const struct fwctl_scope_rule rules[] = {
		[FWCTL_RPC_CONFIGURATION] = {
			.name = "configuration",
		},
		[FWCTL_RPC_DEBUG_READ_ONLY] = {
			.name = "debug_read_only",
		},
		[FWCTL_RPC_DEBUG_WRITE] = {
			.name = "debug_write",
			.needs = FWCTL_SCOPE_MUTATES,
		},
		[FWCTL_RPC_DEBUG_WRITE_FULL] = {
			.name = "debug_write_full",
			.needs = FWCTL_SCOPE_MUTATES | FWCTL_SCOPE_NEEDS_RAWIO,
		},
	};

	if (scope >= ARRAY_SIZE(rules))
		return NULL;
	return &rules[array_index_nospec(scope, ARRAY_SIZE(rules))];
}

#endif
