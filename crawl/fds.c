/* Concurrency within the file descriptors the process may open: with a low
 * `ulimit -n`, more transfers than descriptors fail every feed at once
 * ("couldn't connect") and back them all off; fewer transfers at once let
 * every feed through. */
#include <fcntl.h>
#include <sys/resource.h>

#include "crawl_int.h"
#include "../util/log.h"

/* Descriptors kept aside: the database and its WAL and shared memory,
 * temporary files of SQLite, libcurl's wake-up pair, the workers' pipes,
 * a configuration file opened late. */
#define FD_RESERVE 12
/* Per transfer: its socket, and a resolver's pair while a name resolves. */
#define FD_PER_TRANSFER 3

int crawl_fd_jobs(int jobs, struct err *e)
{
	struct rlimit rl;
	long limit, used = 0, fd, room;
	int fit;

	if (jobs < 1 || getrlimit(RLIMIT_NOFILE, &rl) != 0 ||
	    rl.rlim_cur == RLIM_INFINITY)
		return jobs;
	limit = (long)rl.rlim_cur;
	if (limit >= (long)jobs * FD_PER_TRANSFER + FD_RESERVE + 256)
		return jobs;	/* plenty: not worth counting */
	for (fd = 0; fd < limit; fd++)
		if (fcntl((int)fd, F_GETFD) != -1)
			used++;
	if (limit - used < FD_PER_TRANSFER + 1)	/* not even one transfer */
		return err_set(e, "only %ld file descriptors (ulimit -n) and %ld "
			       "in use: too few to fetch anything; raise "
			       "ulimit -n", limit, used);
	room = limit - used - FD_RESERVE;
	fit = room >= FD_PER_TRANSFER ? (int)(room / FD_PER_TRANSFER) : 1;
	if (fit >= jobs)
		return jobs;
	log_warn("fetch: only %ld file descriptors (ulimit -n), %ld in use: "
		 "%d transfer%s at once instead of %d", limit, used, fit,
		 fit == 1 ? "" : "s", jobs);
	return fit;
}
