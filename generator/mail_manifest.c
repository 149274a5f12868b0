/* mail_manifest.c - manifest.csv and the office's message. */
#include "mail_manifest.h"

#include "csv.h"
#include "mail.h"
#include "out.h"
#include "sbuf.h"

#include <stdlib.h>
#include <string.h>

/* One manifest row: the participant's fields, or nothing without an
 * address. 0, or -1 when out of memory. */
static int manifest_row(const mail_run *m, size_t c, FILE *fp)
{
    const ds_city *city = &m->rc->ds->cities[c];
    sbuf to, subject, att, eml, rep;
    sbuf_init(&to);
    size_t n = m->sel[c] ? mail_recipients(city->email, &to) : 0;
    if (n == 0 || sbuf_failed(&to)) {
        sbuf_free(&to);
        return n ? -1 : 0;
    }
    sbuf_init(&subject);
    sbuf_init(&att);
    sbuf_init(&eml);
    sbuf_init(&rep);
    mail_subject(m->rc, c, &subject);
    sbuf_addf(&att, "annex/%s.xlsx", city->id);
    sbuf_addf(&eml, "mail/%s.eml", city->id);
    /* the participant report attached beside the workbook; empty when the
     * layout turns the reports off */
    if (m->rc->lay->participant_reports)
        sbuf_addf(&rep, "berichte/%s.pdf", city->id);
    int failed =
        sbuf_failed(&subject) || sbuf_failed(&att) || sbuf_failed(&eml) || sbuf_failed(&rep);
    const char *changed = chg_participant_changed(m->prev, city->id, m->digests[c]) ? "ja" : "nein";
    const char *fields[] = {city->id, to.s, subject.s, att.s, eml.s, rep.s, changed};
    for (int i = 0; !failed && i < 7; i++) {
        csv_write_field(fp, fields[i]);
        fputc(i < 6 ? ';' : '\n', fp);
    }
    sbuf_free(&to);
    sbuf_free(&subject);
    sbuf_free(&att);
    sbuf_free(&eml);
    sbuf_free(&rep);
    return failed ? -1 : 0;
}

int mail_manifest_write(const void *ctx, FILE *fp)
{
    const mail_run *m = ctx;
    fputs("city;to;subject;attachment;eml;report;geaendert\n", fp);
    for (size_t c = 0; c < m->rc->ds->ncities; c++)
        if (manifest_row(m, c, fp) < 0)
            return -1;
    return ferror(fp) ? -1 : 0;
}

int mail_office_clash(const dataset *ds)
{
    return dataset_city_index(ds, "geschaeftsstelle") >= 0;
}

static int write_office(const void *ctx, FILE *fp)
{
    return mail_write_office(ctx, fp);
}

kv_status mail_office_save(const mail_run *m, const chg_counts *counts, const char *yeardir,
                           const char *mail_dir, kv_error *e)
{
    if (!m->prev || mail_office_clash(m->rc->ds))
        return KV_OK;
    char *path = out_path(yeardir, "aenderungen.csv"), *csv = NULL;
    size_t len = 0;
    kv_error why = {0};
    kv_status st =
        path ? csv_slurp(path, &csv, &len, &why) : kv_fail(&why, KV_ERR_NOMEM, "zu wenig Speicher");
    free(path);
    if (st != KV_OK) {
        kv_fail(e, KV_ERR_OUTPUT, "%s/%s: aenderungen.csv nicht lesbar: %s", mail_dir,
                MAIL_OFFICE_FILE, kv_error_text(&why));
        kv_error_free(&why);
        return KV_ERR_OUTPUT;
    }
    mail_office mo = {m->rc, m->sel, m->prev, m->digests, counts, csv, len};
    st = out_save(mail_dir, MAIL_OFFICE_FILE, write_office, &mo, e);
    free(csv);
    return st;
}
