/* gen.h - whole output generations: a run's outputs appear together or
 * not at all.
 *
 * A run writes everything into a private staging directory inside the
 * directory it publishes to (OUT/YEAR/.kvreport-new-XXXXXX, mode 0700, on
 * the same file system, so nobody else can plant a file or a link in it).
 * gen_commit then
 *   1. lists the staged files with size and CRC-32 and, from the previous
 *      generation's manifest (OUT/YEAR/.generation), the files this run
 *      owns but no longer produces;
 *   2. syncs the file system once (instead of one fsync per file);
 *   3. renames the staging directory to OUT/YEAR/.kvreport-commit: from
 *      this rename on the new generation is decided;
 *   4. renames every staged file into place, removes the obsolete ones,
 *      moves the new manifest to OUT/YEAR/.generation last, syncs the
 *      directories and removes the empty commit directory.
 * A run that fails or is killed before step 3 changes nothing visible; its
 * staging directory is removed by the next run. A kill during step 4
 * leaves a mix of old and new files next to .kvreport-commit, which holds
 * the rest of the new generation and its manifest; the next run that takes
 * the lock (any run, also --check) finishes that commit before it does
 * anything else (gen_recover). The manifest lists every file of the
 * generation (`file;bytes;crc32`), so a script can check a directory.
 *
 * Paths inside a generation are relative to its directory and never lead
 * through a symbolic link: a directory of the generation that is a link is
 * refused. Files get the mode 0666 & ~umask when they are published;
 * while staged they are 0600. Messages are German and name the path. */
#ifndef KV_GEN_H
#define KV_GEN_H

#include "status.h"

#include <stddef.h>

typedef struct gen gen;

/* Decides whether a file of the previous generation belongs to this run's
 * scope (rel: path inside the generation's directory): an owned file that
 * the run does not produce again is removed; files it does not own stay
 * as they are (--city, --shard, --check runs). */
typedef enum {
    GEN_FOREIGN = 0, /* not an output of kvreport: never touched, not listed */
    GEN_KEEP,        /* an output, but outside this run's scope: stays */
    GEN_OWNED        /* in this run's scope: replaced, or removed when not produced */
} gen_owner;
typedef gen_owner (*gen_owns_fn)(void *ctx, const char *rel);

/* Finishes a commit that a killed run left in out or in one of its year
 * directories and removes dead runs' staging directories. Call it holding
 * the lock on out. KV_OK, or what failed (KV_ERR_OUTPUT, KV_ERR_NOMEM)
 * with its message in err. */
kv_status gen_recover(const char *out, kv_error *err);

/* Starts a generation of the directory out/sub (sub NULL: out itself),
 * created when missing. NULL with the failure in err when the
 * directory or one of its subdirectories is a symbolic link or not a
 * directory, or cannot be created. */
gen *gen_begin(const char *out, const char *sub, kv_error *err);

/* The staging directory: the run writes its outputs below it, with the
 * same relative paths they will have when published. Owned by g. */
const char *gen_dir(const gen *g);

/* Publishes the staged files (see above) and frees g. KV_OK, or what
 * failed with its message in err; when it fails before the commit is
 * decided nothing visible has changed. */
kv_status gen_commit(gen *g, gen_owns_fn owns, void *ctx, kv_error *err);

/* Drops the staged files and frees g; nothing visible changes. */
void gen_abort(gen *g);

#endif
