/* run.h - one kvreport job from dataset to outputs; returns its status
 * (status.h; kv_exit_code gives the exit code). */
#ifndef KV_RUN_H
#define KV_RUN_H

#include "status.h"

#include <stddef.h>

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
    /* --shard K/N (N = 0: none): K = 0 writes the report only, K >= 1 the
     * workbooks and mails of participants K, K+N, K+2N, ... (1-based, in
     * the order of cities.csv) and no report */
    int shard_k, shard_n;
    /* SOURCE_DATE_EPOCH, checked by main.c: the run's time in seconds since
     * 1970 (UTC) when epoch_set */
    int epoch_set;
    long long epoch;
} run_options;

kv_status run_job(const run_options *opt);

#endif
