/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat: scope-based cleanup. 6.1's <linux/cleanup.h> has guards and
 * __free(kfree) but no __free(kvfree); 6.12 has both. The project frees
 * kvmalloc() memory through its own class, fwctl_kvfree, on every kernel,
 * so no kernel's definition is shadowed and no version is tested.
 */
#ifndef __FWCTL_COMPAT_CLEANUP_H
#define __FWCTL_COMPAT_CLEANUP_H

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/slab.h>

DEFINE_FREE(fwctl_kvfree, void *, if (!IS_ERR_OR_NULL(_T)) kvfree(_T))

#endif
