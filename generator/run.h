/* run.h - one kvreport job from dataset to outputs; returns the exit code
 * (sysexits, see SPEC section 5). */
#ifndef KV_RUN_H
#define KV_RUN_H

#include <stddef.h>

enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,
    EXIT_DATAERR = 65,
    EXIT_NOINPUT = 66,
    EXIT_SOFTWARE = 70,
    EXIT_CANTCREAT = 73,
    EXIT_TEMPFAIL = 75
};

typedef struct {
    const char *input;  /* dataset directory */
    const char *layout; /* NULL = default layout */
    const char *output; /* output root */
    int year;           /* 0 = latest year in the data */
    int draft, check, mail, quiet;
    char decimal;        /* ',' or '.' */
    double change_warn;  /* plausibility: relative change that warns */
    int jobs;            /* 0 = number of CPUs */
    const char **cities; /* --city ids */
    size_t ncities;
} run_options;

int run_job(const run_options *opt);

#endif
