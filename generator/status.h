/* status.h - the one status type of kvreport and its error carrier.
 *
 * Every module that can fail returns a kv_status (KV_OK or what went
 * wrong); where a caller needs to say more than the status, the module
 * fills a kv_error: the status and a German message naming what failed
 * ("eingabe/basiszahlen.csv.gz: Datei endet mitten im Datenstrom"). Data
 * errors with a file and line go into the diagnostics list (diag.h)
 * instead and the status is KV_ERR_DATA. Only the pipeline (run.c, its
 * worker processes in annex.c, main.c) prints messages; the mapping from
 * status to exit code (sysexits, the contract's section 5) is
 * kv_exit_code, here and nowhere else. */
#ifndef KV_STATUS_H
#define KV_STATUS_H

typedef enum {
    KV_OK = 0,
    KV_ERR_USAGE,    /* the command line: 64 */
    KV_ERR_DATA,     /* the input's content (diagnostics list): 65 */
    KV_ERR_INPUT,    /* an input missing or unreadable: 66 */
    KV_ERR_NOMEM,    /* out of memory: 70 */
    KV_ERR_INTERNAL, /* a library failed, a page cannot be laid out: 70 */
    KV_ERR_OUTPUT,   /* an output cannot be written: 73 */
    KV_ERR_BUSY      /* another run holds the output directory: 75 */
} kv_status;

/* The process exit code of a status. */
int kv_exit_code(kv_status st);

/* The status a worker process's exit code stands for (its message was
 * printed by the worker). */
kv_status kv_status_of_exit(int code);

/* A short German text for a status ("zu wenig Speicher"). */
const char *kv_strerror(kv_status st);

/* A German text for an errno value ("kein Platz auf dem Datenträger"),
 * for the messages the program prints: strerror speaks the C locale's
 * English. Values without a German text give strerror's. */
const char *kv_errno_text(int e);

/* The first failure of an operation: its status and message. Zero-
 * initialised it holds KV_OK; kv_error_free releases the message. */
typedef struct {
    kv_status status;
    char *msg; /* NULL: none (then kv_error_text gives kv_strerror) */
} kv_error;

/* Records a failure in e unless e holds one already (the first one is the
 * cause); the message is formatted like printf. Returns st, so that
 * `return kv_fail(e, KV_ERR_INPUT, "...")` reads as it does. A message
 * that cannot be allocated leaves msg NULL. */
kv_status kv_fail(kv_error *e, kv_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The message of a failure (never NULL). */
const char *kv_error_text(const kv_error *e);

void kv_error_free(kv_error *e);

/* The first of two statuses that is not KV_OK. */
static inline kv_status kv_first(kv_status a, kv_status b)
{
    return a != KV_OK ? a : b;
}

#endif
