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
        _exit(70);
    int code = fn(arg);
    fflush(NULL);
    _exit(code);
}

int task_wait(pid_t pid, int *signo)
{
    int status;
    pid_t got;
    *signo = 0;
    while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (got < 0)
        return 70;
    if (WIFSIGNALED(status))
        *signo = WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 70;
}
