/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwctl: the commands, one family per file. main.c's tables are the only
 * callers; a command calls the library (fwctl.h), never another command.
 */
#ifndef __FWCTL_BUILTIN_H
#define __FWCTL_BUILTIN_H

/* list.c */
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);

/* cxl.c */
int cmd_cxl_cel(int argc, char **argv);
int cmd_cxl_identify(int argc, char **argv);
int cmd_cxl_raw(int argc, char **argv);

/* features.c */
int cmd_cxl_features(int argc, char **argv);
int cmd_cxl_get_feature(int argc, char **argv);
int cmd_cxl_set_feature(int argc, char **argv);

/* switch.c */
int cmd_cxl_switch(int argc, char **argv);

#endif
