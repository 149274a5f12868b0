/* task.h - child processes for rendering in parallel. libharu and
 * libxlsxwriter are not thread-safe, so the work shared out by annex.c is
 * done by forked children. A child dies with its parent (a killed run
 * leaves no workers). */
#ifndef KV_TASK_H
#define KV_TASK_H

#include "status.h"

#include <sys/types.h>

typedef kv_status (*task_fn)(void *arg);

/* Forks a child that runs fn(arg) and exits with the exit code of its
 * status. Returns the child's pid, or -1 with errno set. */
pid_t task_start(task_fn fn, void *arg);

/* Waits for the child; returns the status its exit code stands for, or
 * KV_ERR_INTERNAL when it could not be waited for or was killed, then
 * with the signal in *signo (else 0). */
kv_status task_wait(pid_t pid, int *signo);

#endif
