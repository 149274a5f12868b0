/* mail.h - mail drafts: one RFC 5322 message per participant with its
 * workbook attached, ready for any sendmail-compatible MTA. Names are only
 * ever written as RFC 2047 encoded words and addresses are checked (addr.h),
 * so no input can inject a header.
 *
 * The bodies' words come from the layout: [text mail] (participants) and
 * [text mail geschaeftsstelle] (the office), with the program's own text
 * (the standard layout's) where a layout has none. {placeholders} are
 * replaced; a paragraph with a placeholder that has no value in a message
 * ({ring} without a ring, {entwurf} in a final run) is left out. */
#ifndef KV_MAIL_H
#define KV_MAIL_H

#include "changes.h"
#include "render.h"
#include "sbuf.h"

#include <stddef.h>
#include <stdio.h>

/* Appends the participant's usable recipients (addr.h; the reader warned
 * about every other one, naming it) to out, comma-separated, and returns
 * their number. Out of memory leaves out failed (sbuf_failed). */
size_t mail_recipients(const char *list, sbuf *out);

/* The number of usable recipients in list. This function can't fail. */
size_t mail_recipient_count(const char *list);

/* Appends the subject line (UTF-8, unencoded) to out; out of memory
 * leaves out failed (sbuf_failed). */
void mail_subject(const render_ctx *o, size_t city, sbuf *out);

/* What a participant's message carries: its workbook's bytes and, when
 * there is one, its participant report's (pdf NULL: none). Borrowed. */
typedef struct {
    const unsigned char *xlsx;
    size_t xlsx_len;
    const unsigned char *pdf;
    size_t pdf_len;
} mail_files;

/* Writes the message for participant city with its attachments: the
 * workbook ID.xlsx, then the report ID.pdf; the body names both ({bericht}
 * in the text: the report's file name; its paragraph is left out without
 * a report). 0 or -1 on a stream error or when out of memory. */
int mail_write(const render_ctx *o, size_t city, const mail_files *files, FILE *fp);

/* The office's message (mail/geschaeftsstelle.eml) after a run that
 * compared with a previous generation: from and to the layout's sender,
 * the summary line, per participant of the run the number of changed base
 * figures and whether its workbook changed, aenderungen.csv attached. */
typedef struct {
    const render_ctx *rc;
    const uint8_t *sel;       /* the run's participants; NULL: all */
    const chg_state *prev;    /* the previous generation's state */
    const uint64_t *digests;  /* per participant, see chg_digests */
    const chg_counts *counts; /* from chg_write_csv */
    const char *changes;      /* aenderungen.csv as written */
    size_t changes_len;
} mail_office;

/* The name of the office's message in the mail folder. */
#define MAIL_OFFICE_FILE "geschaeftsstelle.eml"

/* Writes the office's message. 0, or -1 on a stream error or when out of
 * memory (then nothing is written). */
int mail_write_office(const mail_office *m, FILE *fp);

#endif
