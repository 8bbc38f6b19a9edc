/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel API of cxl_fwctl: a driver that manages a CXL Feature itself
 * (EDAC for the RAS Features, for example) claims it, and fwctl users may
 * then read the Feature but no longer set it.
 */
#ifndef __CXL_FWCTL_API_H
#define __CXL_FWCTL_API_H

#include <linux/uuid.h>

struct cxl_memdev;

int cxl_fwctl_claim_feature(struct cxl_memdev *cxlmd, const uuid_t *uuid,
			    const char *owner);
void cxl_fwctl_release_feature(struct cxl_memdev *cxlmd, const uuid_t *uuid);

#endif
