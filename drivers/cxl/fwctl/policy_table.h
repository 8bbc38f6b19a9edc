/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CXL fwctl command policy as data. Only policy.c and its KUnit test
 * (policy_test.c, which checks the opcode rows are sorted) include this file.
 *
 * scripts/gen-cxl-policy-doc.py reads it to generate
 * Documentation/userspace-api/fwctl/cxl-policy-table.rst, so keep each row
 * on the macros below with plain arguments: numbers, the constants of
 * policy.h, enum names and string literals. After changing a row, run
 * "scripts/gen-cxl-policy-doc.py" and commit the regenerated file with it.
 */
#ifndef __CXL_FWCTL_POLICY_TABLE_H
#define __CXL_FWCTL_POLICY_TABLE_H

#include <linux/errno.h>
#include "policy.h"

/**
 * struct cxl_fwctl_reason_info - one reason, its errno and its text
 * @err: the positive errno of a refusal for this reason; 0 for "allowed"
 * @name: short stable name for logs and tools
 * @desc: one-line explanation
 */
struct cxl_fwctl_reason_info {
	int err;
	const char *name;
	const char *desc;
};

#define CXL_FWCTL_REASON(_reason, _err, _name, _desc)			\
	[CXL_FWCTL_R_##_reason] = { .err = _err, .name = _name, .desc = _desc }

static const struct cxl_fwctl_reason_info cxl_fwctl_reasons[] = {
	CXL_FWCTL_REASON(ALLOWED, 0, "allowed",
			 "the command's effects fit the requested scope"),
	CXL_FWCTL_REASON(READ_ONLY, 0, "read-only",
			 "a Feature read, allowed at every scope"),
	CXL_FWCTL_REASON(BAD_SCOPE, EINVAL, "bad-scope",
			 "the requested scope is not a known fwctl scope"),
	CXL_FWCTL_REASON(KERNEL_COORDINATED, EPERM, "kernel-coordinated",
			 "the kernel drives this command itself; refused whatever the CEL says"),
	CXL_FWCTL_REASON(NOT_IN_CEL, EOPNOTSUPP, "not-in-cel",
			 "the device's Command Effects Log does not list the opcode"),
	CXL_FWCTL_REASON(RESERVED_EFFECTS, EOPNOTSUPP, "reserved-effects",
			 "reserved effects bits are set: the effects are not understood"),
	CXL_FWCTL_REASON(SECURITY_CHANGE, EPERM, "security-change",
			 "the command changes the device's security state"),
	CXL_FWCTL_REASON(BACKGROUND, EOPNOTSUPP, "background",
			 "a Set Feature that would run as a background operation"),
	CXL_FWCTL_REASON(SCOPE_TOO_LOW, EPERM, "scope-too-low",
			 "the command's effects need a higher scope than requested"),
	CXL_FWCTL_REASON(FEATURE_UNKNOWN, ENOENT, "feature-unknown",
			 "Set Feature names a Feature the device does not report"),
	CXL_FWCTL_REASON(FEATURE_NOT_CHANGEABLE, EPERM, "feature-not-changeable",
			 "Set Feature names a Feature that is not changeable"),
	CXL_FWCTL_REASON(FEATURE_OWNED, EPERM, "feature-owned",
			 "Set Feature names a Feature an in-kernel user owns"),
	CXL_FWCTL_REASON(BMC_BUILD, 0, "bmc-build",
			 "allowed only because this is a BMC build"),
	CXL_FWCTL_REASON(FEATURE_NO_EFFECTS, EOPNOTSUPP, "feature-no-effects",
			 "Set Feature of a Feature whose set-effects name no change"),
};

/*
 * The set-effects bits by which a Feature says what a Set Feature changes.
 * A Feature with none of them (0, or only bits 7-9, or bit 10/11 without
 * bit 9) promises a Set Feature that changes nothing, which cannot be:
 * it is refused at every scope (reason feature-no-effects), as mainline
 * does. Bits 10 and 11 count only with bit 9.
 */
#define CXL_FWCTL_SET_FEATURE_CHANGES					\
	(CXL_FWCTL_EFFECT_CONFIG_COLD_RESET |				\
	 CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG |				\
	 CXL_FWCTL_EFFECT_IMMEDIATE_DATA |				\
	 CXL_FWCTL_EFFECT_IMMEDIATE_POLICY |				\
	 CXL_FWCTL_EFFECT_IMMEDIATE_LOG |				\
	 CXL_FWCTL_EFFECT_SECURITY_CHANGE)
#define CXL_FWCTL_SET_FEATURE_RESET_CHANGES				\
	(CXL_FWCTL_EFFECT_CONFIG_CONV_RESET | CXL_FWCTL_EFFECT_CONFIG_CXL_RESET)

/*
 * A BMC build (CONFIG_CXL_FWCTL_BMC) manages devices on behalf of other
 * hosts: what a host kernel must coordinate itself is the operator's to
 * send. There the kernel-coordinated opcodes and the rows marked
 * CXL_FWCTL_REFUSE_HOST below need this scope instead of being refused.
 */
#define CXL_FWCTL_BMC_SCOPE	FWCTL_RPC_DEBUG_WRITE_FULL

/**
 * enum cxl_fwctl_rule_kind - how an opcode with a row of its own is decided
 * @CXL_FWCTL_KIND_DENY: kernel-coordinated: refused at every scope, before
 *	the CEL is consulted
 * @CXL_FWCTL_KIND_READ_ONLY: a read: allowed at every scope when the device
 *	lists it in its CEL, whatever effects it reports
 * @CXL_FWCTL_KIND_SET_FEATURE: decided by the target Feature's ownership,
 *	changeability and set-effects, not by the CEL effects of the opcode
 */
enum cxl_fwctl_rule_kind {
	CXL_FWCTL_KIND_DENY,
	CXL_FWCTL_KIND_READ_ONLY,
	CXL_FWCTL_KIND_SET_FEATURE,
};

/**
 * struct cxl_fwctl_opcode_rule - opcodes decided by their row, not only by
 *	their CEL effects
 * @opcode: the (first) mailbox opcode
 * @last: the last opcode of a range of commands; 0 for a single command
 *	(see cxl_fwctl_rule_last())
 * @kind: how they are decided
 * @name: the command's (or command set's) name in the CXL specification
 * @why: the reason for the row, shown in logs and the documentation
 */
struct cxl_fwctl_opcode_rule {
	u16 opcode;
	u16 last;
	enum cxl_fwctl_rule_kind kind;
	const char *name;
	const char *why;
};

#define CXL_FWCTL_OPCODES(_first, _last, _kind, _name, _why)		\
	{ .opcode = _first, .last = _last,				\
	  .kind = CXL_FWCTL_KIND_##_kind, .name = _name, .why = _why }

#define CXL_FWCTL_OPCODE(_opcode, _kind, _name, _why)			\
	CXL_FWCTL_OPCODES(_opcode, 0, _kind, _name, _why)

/* The last opcode a row covers. */
static inline u16 cxl_fwctl_rule_last(const struct cxl_fwctl_opcode_rule *rule)
{
	return rule->last ? rule->last : rule->opcode;
}

/*
 * Sorted by opcode, ranges not overlapping: the policy looks rows up by
 * binary search.
 *
 * Every opcode Linux 6.12 refuses on its own RAW command path
 * (cxl_disabled_raw_commands and the security command sets 0x44, 0x45
 * and 0x46 of drivers/cxl/core/mbox.c) has a row here, except Get Poison
 * List, Scan Media and Get Scan Media Results (0x4300, 0x4304, 0x4305),
 * which are sent under the kernel's own poison lock instead (poison.c).
 */
static const struct cxl_fwctl_opcode_rule cxl_fwctl_opcode_rules[] = {
	/* Commands the kernel coordinates itself */
	CXL_FWCTL_OPCODE(0x0101, DENY, "Clear Event Records",
			 "the cxl_pci event handler reads and clears the event logs"),
	CXL_FWCTL_OPCODE(0x0103, DENY, "Set Event Interrupt Policy",
			 "cxl_pci sets up event interrupts for its event handler"),
	CXL_FWCTL_OPCODE(0x0201, DENY, "Transfer FW",
			 "firmware updates go through the kernel's firmware upload interface"),
	CXL_FWCTL_OPCODE(0x0202, DENY, "Activate FW",
			 "firmware updates go through the kernel's firmware upload interface"),
	CXL_FWCTL_OPCODE(0x0301, DENY, "Set Timestamp",
			 "the kernel sets the device clock"),

	/* Feature commands (CXL r3.1 8.2.9.6) */
	CXL_FWCTL_OPCODE(0x0500, READ_ONLY, "Get Supported Features",
			 "reads the list of Features"),
	CXL_FWCTL_OPCODE(0x0501, READ_ONLY, "Get Feature",
			 "reads a Feature's current, default or saved value"),
	CXL_FWCTL_OPCODE(0x0502, SET_FEATURE, "Set Feature",
			 "scope from the target Feature's set-effects"),

	/* More commands the kernel coordinates itself */
	CXL_FWCTL_OPCODE(0x4101, DENY, "Set Partition Info",
			 "the device memory map may change under live regions"),
	CXL_FWCTL_OPCODE(0x4103, DENY, "Set LSA",
			 "the kernel owns and caches the label storage area"),
	CXL_FWCTL_OPCODE(0x4204, DENY, "Set Shutdown State",
			 "the kernel tracks the persistent memory shutdown state"),
	CXL_FWCTL_OPCODE(0x4301, DENY, "Inject Poison",
			 "the kernel tracks poison; use its debugfs interface"),
	CXL_FWCTL_OPCODE(0x4302, DENY, "Clear Poison",
			 "the kernel tracks poison; use its debugfs interface"),
	CXL_FWCTL_OPCODES(0x4400, 0x44ff, DENY,
			  "Sanitize and Media Operations set (Sanitize, Secure Erase, ...)",
			  "destroys all data; the kernel coordinates it with memory regions"),
	CXL_FWCTL_OPCODES(0x4500, 0x45ff, DENY,
			  "Persistent Memory Data-at-rest Security set (Get Security State, ...)",
			  "persistent memory security goes through the kernel's nvdimm interface"),
	CXL_FWCTL_OPCODES(0x4600, 0x46ff, DENY,
			  "Security Passthrough (Security Send, Security Receive)",
			  "security protocol payloads in plain text; the kernel refuses them too"),
	CXL_FWCTL_OPCODE(0x4802, DENY, "Add Dynamic Capacity Response",
			 "dynamic capacity extents are accepted by the kernel"),
	CXL_FWCTL_OPCODE(0x4803, DENY, "Release Dynamic Capacity",
			 "dynamic capacity extents are released by the kernel"),

	/*
	 * Fabric management that reaches other hosts, or hides the command
	 * it really sends (CXL r3.1 7.6.7): a fabric manager's job, so only a
	 * BMC build sends it.
	 */
	CXL_FWCTL_OPCODE(0x5102, DENY, "Physical Port Control",
			 "resets or disables a switch port under the host behind it"),
	CXL_FWCTL_OPCODE(0x5103, DENY, "Send PPB CXL.io Configuration Request",
			 "writes a port's config space: can reset or disable it under a host"),
	CXL_FWCTL_OPCODE(0x5201, DENY, "Bind vPPB",
			 "binds a device into a host's hierarchy: fabric manager's job"),
	CXL_FWCTL_OPCODE(0x5202, DENY, "Unbind vPPB",
			 "surprise-removes a device from a host's hierarchy"),
	CXL_FWCTL_OPCODE(0x5301, DENY, "Send LD CXL.io Configuration Request",
			 "raw config access to another host's LD; "
			 "escapes the tunnel's per-command check"),
	CXL_FWCTL_OPCODE(0x5302, DENY, "Send LD CXL.io Memory Request",
			 "raw register access to another host's LD; "
			 "escapes the tunnel's per-command check"),
	CXL_FWCTL_OPCODE(0x5402, DENY, "Set LD Allocations",
			 "moves memory between other hosts' LDs: fabric manager's job"),
	CXL_FWCTL_OPCODES(0x5600, 0x56ff, DENY,
			  "DCD Management set (Initiate DC Add, Initiate DC Release, ...)",
			  "adds or releases other hosts' dynamic capacity: fabric manager's job"),
};

/**
 * struct cxl_fwctl_effect_rule - what one effects bit (or group) demands
 * @bits: the row applies when any of these effects bits is set ...
 * @valid_if: ... and all of these are set too (0: always)
 * @refuse: the reason to refuse with at every scope, or
 *	%CXL_FWCTL_R_ALLOWED when the row only sets a minimum scope
 * @scope: the minimum scope the row demands, when it does not refuse
 * @bmc_lifts: a BMC build demands %CXL_FWCTL_BMC_SCOPE instead of refusing
 * @what: what the bits mean, shown in logs and the documentation
 *
 * Rows are tried in order and the first refusing row decides, so a row
 * earlier in the table wins over a later one. Otherwise the command needs
 * the highest @scope of the rows that apply; with none, it is allowed at
 * every scope.
 */
struct cxl_fwctl_effect_rule {
	u16 bits;
	u16 valid_if;
	enum cxl_fwctl_reason refuse;
	enum fwctl_rpc_scope scope;
	bool bmc_lifts;
	const char *what;
};

#define CXL_FWCTL_NEEDS(_bits, _valid_if, _scope, _what)		\
	{ .bits = _bits, .valid_if = _valid_if,				\
	  .refuse = CXL_FWCTL_R_ALLOWED, .scope = _scope, .what = _what }

#define CXL_FWCTL_REFUSE(_bits, _reason, _what)				\
	{ .bits = _bits, .refuse = CXL_FWCTL_R_##_reason, .what = _what }

/* Refused on a host; needs CXL_FWCTL_BMC_SCOPE in a BMC build. */
#define CXL_FWCTL_REFUSE_HOST(_bits, _reason, _what)			\
	{ .bits = _bits, .refuse = CXL_FWCTL_R_##_reason,		\
	  .bmc_lifts = true, .what = _what }

static const struct cxl_fwctl_effect_rule cxl_fwctl_effect_rules[] = {
	CXL_FWCTL_REFUSE(CXL_FWCTL_EFFECT_RESERVED, RESERVED_EFFECTS,
			 "reserved"),
	CXL_FWCTL_REFUSE_HOST(CXL_FWCTL_EFFECT_SECURITY_CHANGE,
			      SECURITY_CHANGE, "security state change"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_BACKGROUND, 0,
			FWCTL_RPC_DEBUG_WRITE_FULL,
			"background operation"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG, 0,
			FWCTL_RPC_DEBUG_WRITE_FULL,
			"immediate configuration change"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_IMMEDIATE_DATA, 0,
			FWCTL_RPC_DEBUG_WRITE_FULL, "immediate data change"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_IMMEDIATE_POLICY, 0,
			FWCTL_RPC_DEBUG_WRITE_FULL, "immediate policy change"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_IMMEDIATE_LOG, 0,
			FWCTL_RPC_DEBUG_WRITE_FULL, "immediate log change"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_CONFIG_COLD_RESET, 0,
			FWCTL_RPC_DEBUG_WRITE,
			"configuration change after cold reset"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_CONFIG_CONV_RESET,
			CXL_FWCTL_EFFECT_RESET_BITS_VALID, FWCTL_RPC_DEBUG_WRITE,
			"configuration change after conventional reset"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_CONFIG_CXL_RESET,
			CXL_FWCTL_EFFECT_RESET_BITS_VALID, FWCTL_RPC_DEBUG_WRITE,
			"configuration change after CXL reset"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_SECONDARY_MAILBOX, 0,
			FWCTL_RPC_CONFIGURATION, "secondary mailbox supported"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_ABORT_SUPPORTED, 0,
			FWCTL_RPC_CONFIGURATION,
			"request abort background operation supported"),
	CXL_FWCTL_NEEDS(CXL_FWCTL_EFFECT_RESET_BITS_VALID, 0,
			FWCTL_RPC_CONFIGURATION, "bits 11:10 are valid"),
};

#endif
