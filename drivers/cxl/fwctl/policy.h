/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CXL fwctl command policy: which mailbox commands a request of a given
 * fwctl scope may send.
 *
 * cxl_fwctl_policy() is a pure function of the facts it is handed: it does
 * not sleep, allocate, lock or touch the device, so it may be called from
 * any context and KUnit can prove its whole input space. The rules it
 * applies are data, in policy_table.h; the documentation table
 * (Documentation/userspace-api/fwctl/cxl-policy-table.rst) is generated from
 * that same file by scripts/gen-cxl-policy-doc.py.
 */
#ifndef __CXL_FWCTL_POLICY_H
#define __CXL_FWCTL_POLICY_H

#include <linux/bits.h>
#include <linux/kconfig.h>
#include <linux/types.h>
#include <uapi/fwctl/fwctl.h>

/*
 * Command Effects Log effects bits (CXL r3.1, Command Effects Log entry).
 * A Feature's "set feature effects" field uses the same bits.
 */
#define CXL_FWCTL_EFFECT_CONFIG_COLD_RESET	BIT(0)
#define CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG	BIT(1)
#define CXL_FWCTL_EFFECT_IMMEDIATE_DATA		BIT(2)
#define CXL_FWCTL_EFFECT_IMMEDIATE_POLICY	BIT(3)
#define CXL_FWCTL_EFFECT_IMMEDIATE_LOG		BIT(4)
#define CXL_FWCTL_EFFECT_SECURITY_CHANGE	BIT(5)
#define CXL_FWCTL_EFFECT_BACKGROUND		BIT(6)
#define CXL_FWCTL_EFFECT_SECONDARY_MAILBOX	BIT(7)
#define CXL_FWCTL_EFFECT_ABORT_SUPPORTED	BIT(8)
#define CXL_FWCTL_EFFECT_RESET_BITS_VALID	BIT(9)
#define CXL_FWCTL_EFFECT_CONFIG_CONV_RESET	BIT(10)
#define CXL_FWCTL_EFFECT_CONFIG_CXL_RESET	BIT(11)
#define CXL_FWCTL_EFFECT_RESERVED		GENMASK(15, 12)

/* Opcodes the policy names explicitly (CXL r3.1, section 8.2.9). */
#define CXL_FWCTL_OP_GET_SUPPORTED_FEATURES	0x0500
#define CXL_FWCTL_OP_GET_FEATURE		0x0501
#define CXL_FWCTL_OP_SET_FEATURE		0x0502

/**
 * enum cxl_fwctl_reason - why the policy decided as it did
 * @CXL_FWCTL_R_ALLOWED: the command's effects fit the requested scope
 * @CXL_FWCTL_R_READ_ONLY: a Feature read (Get Supported Features, Get
 *	Feature): allowed at every scope whatever the CEL says
 * @CXL_FWCTL_R_BAD_SCOPE: the scope is not an enum fwctl_rpc_scope value
 * @CXL_FWCTL_R_KERNEL_COORDINATED: the kernel drives this command itself
 * @CXL_FWCTL_R_NOT_IN_CEL: the device does not list the opcode in its CEL
 * @CXL_FWCTL_R_RESERVED_EFFECTS: reserved effects bits are set, so the
 *	effects are not understood
 * @CXL_FWCTL_R_SECURITY_CHANGE: the command changes the security state
 * @CXL_FWCTL_R_BACKGROUND: the command runs in the background where no
 *	background slot serves it: Set Feature (which never uses the slot) or
 *	a device without one
 * @CXL_FWCTL_R_SCOPE_TOO_LOW: the effects need a higher scope than requested
 * @CXL_FWCTL_R_FEATURE_UNKNOWN: Set Feature of a Feature the device does not
 *	report
 * @CXL_FWCTL_R_FEATURE_NOT_CHANGEABLE: Set Feature of a read-only Feature
 * @CXL_FWCTL_R_FEATURE_OWNED: Set Feature of a Feature an in-kernel user
 *	owns
 * @CXL_FWCTL_R_BMC_BUILD: allowed only because this is a BMC build
 *	(CONFIG_CXL_FWCTL_BMC): a kernel-coordinated or security-state command,
 *	at the scope a BMC build demands for it
 * @CXL_FWCTL_R_FEATURE_NO_EFFECTS: Set Feature of a Feature whose
 *	set-effects name no change at all (no immediate, cold-reset, valid
 *	conventional/CXL-reset or security-state bit): a Set Feature always
 *	changes something, so the device misreports what it does
 * @CXL_FWCTL_R_COUNT: number of reasons
 *
 * Values are stable: they appear in log lines and the documentation. Use
 * cxl_fwctl_reason_name() for the short text form.
 */
enum cxl_fwctl_reason {
	CXL_FWCTL_R_ALLOWED,
	CXL_FWCTL_R_READ_ONLY,
	CXL_FWCTL_R_BAD_SCOPE,
	CXL_FWCTL_R_KERNEL_COORDINATED,
	CXL_FWCTL_R_NOT_IN_CEL,
	CXL_FWCTL_R_RESERVED_EFFECTS,
	CXL_FWCTL_R_SECURITY_CHANGE,
	CXL_FWCTL_R_BACKGROUND,
	CXL_FWCTL_R_SCOPE_TOO_LOW,
	CXL_FWCTL_R_FEATURE_UNKNOWN,
	CXL_FWCTL_R_FEATURE_NOT_CHANGEABLE,
	CXL_FWCTL_R_FEATURE_OWNED,
	CXL_FWCTL_R_BMC_BUILD,
	CXL_FWCTL_R_FEATURE_NO_EFFECTS,
	CXL_FWCTL_R_COUNT
};

/**
 * struct cxl_fwctl_feature_facts - what Set Feature depends on
 * @known: the device reports the Feature (Get Supported Features)
 * @changeable: the Feature's "changeable" attribute is set
 * @kernel_owned: an in-kernel user has claimed the Feature
 * @set_effects: the Feature's "set feature effects" field
 */
struct cxl_fwctl_feature_facts {
	bool known;
	bool changeable;
	bool kernel_owned;
	u16 set_effects;
};

/**
 * struct cxl_fwctl_request_facts - everything a policy decision depends on
 * @opcode: the mailbox opcode requested
 * @in_cel: the device lists @opcode in its Command Effects Log
 * @effects: the CEL effects of @opcode; ignored unless @in_cel
 * @scope: the highest scope the caller accepts (fwctl_rpc.scope)
 * @feature: for Set Feature only, the target Feature; ignored otherwise
 * @no_background: the command would go where no background slot exists (a
 *	switch CCI): the background effect is refused with EOPNOTSUPP instead
 *	of demanding a scope
 * @bmc: the module is a BMC build (CONFIG_CXL_FWCTL_BMC): the refusals of
 *	kernel-coordinated commands and security-state changes are lifted to
 *	a scope requirement; everything else is decided as on a host
 *
 * Kernel Lockdown is deliberately not an input: the fwctl core refuses the
 * mutating scopes (FWCTL_RPC_DEBUG_WRITE and up) on a locked-down kernel
 * before the driver is asked, and this policy never allows a command that
 * needs more than the requested scope, so no mutating command can pass
 * under lockdown. KUnit checks that property over every effects value.
 */
struct cxl_fwctl_request_facts {
	u16 opcode;
	bool in_cel;
	u16 effects;
	enum fwctl_rpc_scope scope;
	struct cxl_fwctl_feature_facts feature;
	bool no_background;
	bool bmc;
};

/**
 * struct cxl_fwctl_verdict - the policy's answer
 * @err: 0 to allow the command, else the negative errno to refuse it with
 * @reason: why
 * @detail: a static string naming the table row that decided (the deny-list
 *	entry's reason, or the effect that set the scope); never NULL
 * @needed: the lowest scope that allows the command; meaningful when
 *	allowed and for %CXL_FWCTL_R_SCOPE_TOO_LOW
 * @mutating: allowed, and needs FWCTL_RPC_DEBUG_WRITE or higher: the
 *	caller must report it so the core taints the kernel
 */
struct cxl_fwctl_verdict {
	int err;
	enum cxl_fwctl_reason reason;
	const char *detail;
	enum fwctl_rpc_scope needed;
	bool mutating;
};

/*
 * Whether this module is a BMC build: the one place the build option
 * enters the policy's inputs (struct cxl_fwctl_request_facts.bmc).
 */
#define CXL_FWCTL_BMC_BUILD	IS_ENABLED(CONFIG_CXL_FWCTL_BMC)

/* What the modules call themselves, so nobody runs a BMC build unawares. */
#ifdef CONFIG_CXL_FWCTL_BMC
#define CXL_FWCTL_VARIANT	" (BMC build: host protections lifted)"
#define CXL_FWCTL_VERSION	"1.0-bmc"
#else
#define CXL_FWCTL_VARIANT	""
#define CXL_FWCTL_VERSION	"1.0"
#endif

struct cxl_fwctl_verdict
cxl_fwctl_policy(const struct cxl_fwctl_request_facts *facts);
bool cxl_fwctl_bmc_build(void);
const char *cxl_fwctl_reason_name(enum cxl_fwctl_reason reason);

#endif
