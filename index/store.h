/* index/: the SQLite database (the only module that includes sqlite3.h). */
#ifndef VEILLE_INDEX_STORE_H
#define VEILLE_INDEX_STORE_H

#include "../util/buf.h"

/* Appends SQLite's version and whether FTS5 and JSON are compiled in. */
int store_version(struct buf *out);

#endif
