/* task.h - child processes for rendering in parallel. libharu and
 * libxlsxwriter are not thread-safe, so the report's SVGs and the
 * workbooks are written by forked children while the parent writes the
 * PDF. A child dies with its parent (a killed run leaves no workers). */
#ifndef KV_TASK_H
#define KV_TASK_H

#include <sys/types.h>

typedef int (*task_fn)(void *arg);

/* Forks a child that runs fn(arg) and exits with its return value.
 * Returns the child's pid, or -1 with errno set. */
pid_t task_start(task_fn fn, void *arg);

/* Waits for the child; returns its exit code (70 when it was killed or
 * could not be waited for) and adds its CPU seconds to *cpu if not NULL. */
int task_wait(pid_t pid, double *cpu);

#endif
