/* SQLite's version and features. */
#include <sqlite3.h>

#include "store.h"

int store_version(struct buf *out)
{
	return buf_addf(out, "SQLite %s (FTS5 %s, JSON %s)", sqlite3_libversion(),
			sqlite3_compileoption_used("ENABLE_FTS5") ? "yes" : "no",
			sqlite3_compileoption_used("OMIT_JSON") ? "no" : "yes");
}
