/* The crawl's lock beside the database, and its default threads. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "crawl.h"
#include "../util/pool.h"

unsigned crawl_default_threads(void)
{
	unsigned n = pool_cpus();
	const char *fail = getenv("VEILLE_ALLOC_FAIL_AT");

	if ((fail && *fail) || getenv("VEILLE_ALLOC_COUNT"))
		return 0;
	return n > 1 ? (n > 8 ? 8 : n) : 0;
}

int crawl_lock(const char *db, long wait, int *fd_out, struct err *e)
{
	struct buf path = BUF_INIT;
	struct timespec t0, t, pause = { 0, 100000000L };
	int fd;

	if (buf_addf(&path, "%s.lock", db) < 0)
		return err_set(e, "out of memory");
	fd = open(buf_cstr(&path), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_set(e, "cannot open lock file '%s': %s", buf_cstr(&path),
			strerror(errno));
		buf_release(&path);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (errno != EWOULDBLOCK || t.tv_sec - t0.tv_sec >= wait) {
			err_set(e, "another 'veille fetch' holds '%s'%s%s",
				buf_cstr(&path),
				wait > 0 ? " (waited the --wait time)" : "",
				wait > 0 ? "" : "; use --wait SECONDS to wait for it");
			close(fd);
			buf_release(&path);
			return -1;
		}
		nanosleep(&pause, NULL);
	}
	buf_release(&path);
	*fd_out = fd;
	return 0;
}
