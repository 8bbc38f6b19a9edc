// SPDX-License-Identifier: GPL-2.0
/*
 * The CXL fwctl command policy: one pure function over the tables of
 * policy_table.h. See policy.h for the contract.
 *
 * Order of the checks, each of which can end the decision:
 *  1. an unknown scope value is refused (the core should never pass one);
 *  2. a kernel-coordinated opcode is refused, whatever the CEL says (a
 *     BMC build goes on, and demands CXL_FWCTL_BMC_SCOPE at the end);
 *  3. an opcode the CEL does not list is refused;
 *  4. a Feature read is allowed;
 *  5. Set Feature: an unknown, unchangeable or kernel-owned Feature is
 *     refused, and the Feature's set-effects stand in for the CEL effects;
 *     one the effects rules would allow (at some scope) but whose
 *     set-effects have the background bit, or name no change at all, is
 *     refused;
 *  6. the effects rules: the first refusing row refuses (a BMC build
 *     passes the rows marked to be lifted, demanding CXL_FWCTL_BMC_SCOPE
 *     instead); otherwise the command needs the highest scope any applying
 *     row demands.
 */
#include <linux/array_size.h>
#include <linux/bsearch.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include "policy.h"
#include "policy_table.h"

static_assert(ARRAY_SIZE(cxl_fwctl_reasons) == CXL_FWCTL_R_COUNT);

/* No scope allows the command, except for CXL_FWCTL_R_SCOPE_TOO_LOW. */
static struct cxl_fwctl_verdict refuse(enum cxl_fwctl_reason reason,
				       const char *detail)
{
	return (struct cxl_fwctl_verdict) {
		.err = -cxl_fwctl_reasons[reason].err,
		.reason = reason,
		.detail = detail,
		.needed = FWCTL_RPC_DEBUG_WRITE_FULL,
	};
}

static struct cxl_fwctl_verdict allow(enum cxl_fwctl_reason reason,
				      const char *detail,
				      enum fwctl_rpc_scope needed)
{
	return (struct cxl_fwctl_verdict) {
		.reason = reason,
		.detail = detail,
		.needed = needed,
		.mutating = needed >= FWCTL_RPC_DEBUG_WRITE,
	};
}

static int opcode_rule_cmp(const void *key, const void *elt)
{
	const struct cxl_fwctl_opcode_rule *rule = elt;
	u16 opcode = *(const u16 *)key;

	if (opcode < rule->opcode)
		return -1;
	return opcode > cxl_fwctl_rule_last(rule);
}

/* The table is sorted by opcode, ranges disjoint (policy_test checks it). */
static const struct cxl_fwctl_opcode_rule *find_opcode_rule(u16 opcode)
{
	return __inline_bsearch(&opcode, cxl_fwctl_opcode_rules,
				ARRAY_SIZE(cxl_fwctl_opcode_rules),
				sizeof(cxl_fwctl_opcode_rules[0]),
				opcode_rule_cmp);
}

/*
 * The verdict once a refusal a BMC build lifts was passed: the command
 * needs at least CXL_FWCTL_BMC_SCOPE; refusals of other kinds stand.
 */
static struct cxl_fwctl_verdict lift(struct cxl_fwctl_verdict v,
				     enum fwctl_rpc_scope scope,
				     const char *detail)
{
	enum fwctl_rpc_scope needed = max_t(enum fwctl_rpc_scope, v.needed,
					    CXL_FWCTL_BMC_SCOPE);

	if (v.err && v.reason != CXL_FWCTL_R_SCOPE_TOO_LOW)
		return v;
	if (scope < needed) {
		v = refuse(CXL_FWCTL_R_SCOPE_TOO_LOW, detail);
		v.needed = needed;
		return v;
	}
	return allow(CXL_FWCTL_R_BMC_BUILD, detail, needed);
}

static struct cxl_fwctl_verdict judge_effects(u16 effects,
					      enum fwctl_rpc_scope scope,
					      bool bmc)
{
	enum fwctl_rpc_scope needed = FWCTL_RPC_CONFIGURATION;
	const char *detail = "no effects", *lifted = NULL;
	struct cxl_fwctl_verdict v;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cxl_fwctl_effect_rules); i++) {
		const struct cxl_fwctl_effect_rule *rule =
			&cxl_fwctl_effect_rules[i];

		if (!(effects & rule->bits) ||
		    (effects & rule->valid_if) != rule->valid_if)
			continue;
		if (rule->refuse != CXL_FWCTL_R_ALLOWED) {
			if (!(bmc && rule->bmc_lifts))
				return refuse(rule->refuse, rule->what);
			lifted = rule->what;
			continue;
		}
		if (rule->scope > needed) {
			needed = rule->scope;
			detail = rule->what;
		}
	}

	if (scope < needed) {
		v = refuse(CXL_FWCTL_R_SCOPE_TOO_LOW, detail);
		v.needed = needed;
	} else {
		v = allow(CXL_FWCTL_R_ALLOWED, detail, needed);
	}
	return lifted ? lift(v, scope, lifted) : v;
}

/*
 * Where no background slot serves the command, one the rules would allow
 * (at some scope) but that runs in the background is refused.
 */
static struct cxl_fwctl_verdict no_slot(struct cxl_fwctl_verdict v,
					u16 effects, const char *detail)
{
	if ((!v.err || v.reason == CXL_FWCTL_R_SCOPE_TOO_LOW) &&
	    (effects & CXL_FWCTL_EFFECT_BACKGROUND))
		return refuse(CXL_FWCTL_R_BACKGROUND, detail);
	return v;
}

/* Whether a Feature's set-effects name any change a Set Feature makes. */
static bool set_feature_changes(u16 effects)
{
	if (effects & CXL_FWCTL_SET_FEATURE_CHANGES)
		return true;
	return (effects & CXL_FWCTL_EFFECT_RESET_BITS_VALID) &&
	       (effects & CXL_FWCTL_SET_FEATURE_RESET_CHANGES);
}

static struct cxl_fwctl_verdict
judge_set_feature(const struct cxl_fwctl_feature_facts *feat,
		  enum fwctl_rpc_scope scope, bool bmc)
{
	struct cxl_fwctl_verdict v;

	if (!feat->known)
		return refuse(CXL_FWCTL_R_FEATURE_UNKNOWN, "unknown Feature");
	if (!feat->changeable)
		return refuse(CXL_FWCTL_R_FEATURE_NOT_CHANGEABLE,
			      "Feature is not changeable");
	if (feat->kernel_owned)
		return refuse(CXL_FWCTL_R_FEATURE_OWNED,
			      "Feature is owned by the kernel");
	v = judge_effects(feat->set_effects, scope, bmc);
	/* Set Feature has no background path: it is not sent through the slot. */
	v = no_slot(v, feat->set_effects, "Set Feature in the background");
	/* Effects that promise no change: the device misreports them. */
	if ((!v.err || v.reason == CXL_FWCTL_R_SCOPE_TOO_LOW) &&
	    !set_feature_changes(feat->set_effects))
		return refuse(CXL_FWCTL_R_FEATURE_NO_EFFECTS,
			      "Set Feature whose set-effects name no change");
	return v;
}

/**
 * cxl_fwctl_policy - decide whether a mailbox command may be sent
 * @facts: the request and what the device reports about it
 *
 * Pure: does not sleep, allocate, lock or touch the device.
 *
 * Return: the verdict; see struct cxl_fwctl_verdict.
 */
struct cxl_fwctl_verdict
cxl_fwctl_policy(const struct cxl_fwctl_request_facts *facts)
{
	const struct cxl_fwctl_opcode_rule *rule;
	struct cxl_fwctl_verdict v;

	if (facts->scope > FWCTL_RPC_DEBUG_WRITE_FULL)
		return refuse(CXL_FWCTL_R_BAD_SCOPE, "unknown scope");

	rule = find_opcode_rule(facts->opcode);
	if (rule && rule->kind == CXL_FWCTL_KIND_DENY && !facts->bmc)
		return refuse(CXL_FWCTL_R_KERNEL_COORDINATED, rule->why);

	if (!facts->in_cel)
		return refuse(CXL_FWCTL_R_NOT_IN_CEL, "opcode not in the CEL");

	if (rule && rule->kind == CXL_FWCTL_KIND_READ_ONLY)
		return allow(CXL_FWCTL_R_READ_ONLY, rule->why,
			     FWCTL_RPC_CONFIGURATION);

	if (rule && rule->kind == CXL_FWCTL_KIND_SET_FEATURE)
		return judge_set_feature(&facts->feature, facts->scope,
					 facts->bmc);

	v = judge_effects(facts->effects, facts->scope, facts->bmc);
	/* Only a BMC build gets here with a kernel-coordinated opcode. */
	if (rule && rule->kind == CXL_FWCTL_KIND_DENY)
		v = lift(v, facts->scope, rule->why);
	if (facts->no_background)
		v = no_slot(v, facts->effects,
			    "background operation without a background slot");
	return v;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_policy, CXL_FWCTL);

/**
 * cxl_fwctl_bmc_build - whether cxl_fwctl itself is a BMC build
 *
 * The other CXL fwctl modules must agree with it before they run.
 *
 * Return: true for a BMC build (CONFIG_CXL_FWCTL_BMC).
 */
bool cxl_fwctl_bmc_build(void)
{
	return CXL_FWCTL_BMC_BUILD;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_bmc_build, CXL_FWCTL);

/**
 * cxl_fwctl_reason_name - the short stable name of a reason
 * @reason: the reason
 *
 * Return: e.g. "kernel-coordinated"; "unknown" for a value out of range.
 */
const char *cxl_fwctl_reason_name(enum cxl_fwctl_reason reason)
{
	if (reason >= ARRAY_SIZE(cxl_fwctl_reasons) ||
	    !cxl_fwctl_reasons[reason].name)
		return "unknown";
	return cxl_fwctl_reasons[reason].name;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_reason_name, CXL_FWCTL);
