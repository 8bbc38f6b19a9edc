/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <cxl/features.h> for the kernel side: the CXL Feature definitions of the
 * uAPI, which <uapi/fwctl/cxl.h> includes by this name as mainline's does.
 * Mainline's kernel header of the same name also holds the CXL core's
 * Feature state; here that lives in drivers/cxl/fwctl/.
 */
#ifndef __CXL_FEATURES_KERNEL_H
#define __CXL_FEATURES_KERNEL_H

#include <uapi/cxl/features.h>

#endif
