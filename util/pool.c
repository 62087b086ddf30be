/* Worker threads: one mutex, three condition variables, two FIFO lists. */
#include "pool.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"

#define POOL_THREADS_MAX 64

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work;		/* a task was queued, or stop */
	pthread_cond_t done;		/* a task finished, or a hold ended */
	pthread_cond_t room;		/* a task was taken */
	struct pool_task *todo, *todo_tail;
	struct pool_task *fin, *fin_tail;
	unsigned outstanding;		/* submitted, not yet taken */
	unsigned holds;			/* producers that may still submit */
	int stop;
	unsigned n;
	pthread_t th[];
};

static void push(struct pool_task **head, struct pool_task **tail,
		 struct pool_task *t)
{
	t->next = NULL;
	if (*tail)
		(*tail)->next = t;
	else
		*head = t;
	*tail = t;
}

static struct pool_task *pop(struct pool_task **head, struct pool_task **tail)
{
	struct pool_task *t = *head;

	if (t) {
		*head = t->next;
		if (!*head)
			*tail = NULL;
		t->next = NULL;
	}
	return t;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct pool_task *t;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->todo && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		if (!(t = pop(&p->todo, &p->todo_tail)))
			break;		/* stop, and nothing left to do */
		pthread_mutex_unlock(&p->mu);
		t->run(t);
		pthread_mutex_lock(&p->mu);
		push(&p->fin, &p->fin_tail, t);
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct pool *pool_new(unsigned n, struct err *e)
{
	struct pool *p;
	unsigned i;

	if (n < 1)
		n = 1;
	if (n > POOL_THREADS_MAX)
		n = POOL_THREADS_MAX;
	p = v_calloc(1, sizeof *p + n * sizeof(pthread_t));
	if (!p) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		v_free(p);
		err_set(e, "cannot create a mutex");
		return NULL;
	}
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->room, NULL);
	for (i = 0; i < n; i++) {
		if (pthread_create(&p->th[i], NULL, worker, p) != 0)
			break;
		p->n++;
	}
	if (p->n < n) {
		err_set(e, "cannot start %u worker threads (%u started)", n, p->n);
		pool_free(p);
		return NULL;
	}
	return p;
}

int pool_submit(struct pool *p, struct pool_task *t)
{
	pthread_mutex_lock(&p->mu);
	push(&p->todo, &p->todo_tail, t);
	p->outstanding++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

struct pool_task *pool_take(struct pool *p, int wait)
{
	struct pool_task *t;

	pthread_mutex_lock(&p->mu);
	while (!p->fin && wait && (p->outstanding || p->holds))
		pthread_cond_wait(&p->done, &p->mu);
	if ((t = pop(&p->fin, &p->fin_tail))) {
		p->outstanding--;
		pthread_cond_broadcast(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
	return t;
}

unsigned pool_outstanding(struct pool *p)
{
	unsigned n;

	pthread_mutex_lock(&p->mu);
	n = p->outstanding;
	pthread_mutex_unlock(&p->mu);
	return n;
}

void pool_hold(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->holds++;
	pthread_mutex_unlock(&p->mu);
}

void pool_unhold(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->holds)
		p->holds--;
	pthread_cond_broadcast(&p->done);
	pthread_mutex_unlock(&p->mu);
}

void pool_wait_room(struct pool *p, unsigned max)
{
	pthread_mutex_lock(&p->mu);
	while (p->outstanding >= max)
		pthread_cond_wait(&p->room, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void pool_free(struct pool *p)
{
	unsigned i;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->n; i++)
		pthread_join(p->th[i], NULL);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->mu);
	v_free(p);
}

unsigned pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}
