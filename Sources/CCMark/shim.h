#ifndef CAIRN_CCMARK_SHIM_H
#define CAIRN_CCMARK_SHIM_H
/* libcmark-gfm (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev): CommonMark plus the
   GitHub extensions (tables, task lists, strikethrough, autolinks). */
#include <stdlib.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#endif
