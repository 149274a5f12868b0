/* mail_manifest.h - what the mail folder holds besides the participants'
 * messages: manifest.csv (one row per message, for a send script) and,
 * after a run that compared with a previous generation, the office's
 * message (mail.h, MAIL_OFFICE_FILE). */
#ifndef KV_MAIL_MANIFEST_H
#define KV_MAIL_MANIFEST_H

#include "changes.h"
#include "render.h"
#include "status.h"

#include <stdint.h>
#include <stdio.h>

/* The run as the mail folder sees it. */
typedef struct {
    const render_ctx *rc;
    const uint8_t *sel;      /* the participants whose mails this run writes */
    const chg_state *prev;   /* the previous generation's state, or NULL */
    const uint64_t *digests; /* per participant, see chg_digests */
} mail_run;

/* Writes manifest.csv (an out_write_fn, ctx a mail_run): columns
 * city;to;subject;attachment;eml;report;geaendert, a row per selected
 * participant with a usable address. 0, or -1 on a stream error or when
 * out of memory (never a manifest missing addresses). */
int mail_manifest_write(const void *ctx, FILE *fp);

/* Writes mail_dir/MAIL_OFFICE_FILE from yeardir/aenderungen.csv (written
 * before) when m->prev is set; nothing when it is not, or when a
 * participant has the id "geschaeftsstelle" (its own message has that
 * name; the run warned about it, see mail_office_clash). KV_OK, or the
 * failure in e, naming the file. */
kv_status mail_office_save(const mail_run *m, const chg_counts *counts, const char *yeardir,
                           const char *mail_dir, kv_error *e);

/* 1 when a participant of ds has the id that would give its message the
 * office's file name. */
int mail_office_clash(const dataset *ds);

#endif
