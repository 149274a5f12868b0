/* task.c - forked children with a parent-death signal. */
#include "task.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t task_start(task_fn fn, void *arg)
{
    pid_t parent = getpid();
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    /* a killed run takes its children along (and so releases the lock) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(kv_exit_code(KV_ERR_INTERNAL));
    int code = kv_exit_code(fn(arg));
    fflush(NULL);
    _exit(code);
}

kv_status task_wait(pid_t pid, int *signo)
{
    int status;
    pid_t got;
    *signo = 0;
    while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (got < 0)
        return KV_ERR_INTERNAL;
    if (WIFSIGNALED(status))
        *signo = WTERMSIG(status);
    return WIFEXITED(status) ? kv_status_of_exit(WEXITSTATUS(status)) : KV_ERR_INTERNAL;
}
