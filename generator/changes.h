/* changes.h - what changed since the previous generation.
 *
 * Every run keeps in its generation the state the next run compares with:
 * OUT/YEAR/.kvreport-state.gz (outputs.h: OUT_STATE), a gzip'ed text of the run's time, the
 * participants (with a digest of what each one's workbook shows), the
 * key-figure definitions, the base figures as delivered, and the key
 * figures and Gesamtwerte up to the report year, all numbers exact. The
 * next run reads it (chg_load), writes aenderungen.csv from the
 * difference (chg_write_csv) and says in one line what moved
 * (chg_summary); the mail manifest's `geaendert` comes from the digests
 * (chg_participant_changed).
 *
 * Scope: a run that writes only some participants' workbooks (--city,
 * --shard K/N with K >= 1) compares only those participants' base figures
 * and key figures, and keeps the others' entries of the previous state,
 * since their files were not written again. */
#ifndef KV_CHANGES_H
#define KV_CHANGES_H

#include "render.h"

#include <stddef.h>
#include "status.h"

#include <stdint.h>
#include <stdio.h>

typedef struct chg_state chg_state;

/* Reads the state in dir (the published generation). NULL without a
 * note when there is none (first run, or a generation from before); NULL
 * with the reason in note when it is unreadable (not a failure of the
 * run: there is then no change list). */
chg_state *chg_load(const char *dir, kv_error *note);
void chg_free(chg_state *s);

/* The previous run's time, for "Stand vom ...". */
time_t chg_time(const chg_state *s, int *utc);

/* The counts behind the summary line. */
typedef struct {
    size_t base, base_cities, kz, gesamt, added, removed, definitions;
} chg_counts;

/* Writes aenderungen.csv (header included) for the participants marked in
 * sel (NULL: all) and fills *n. 0, or -1 on a stream error or when out of
 * memory. */
int chg_write_csv(const chg_state *prev, const render_ctx *rc, const uint8_t *sel, FILE *fp,
                  chg_counts *n);

/* "12 Basiszahlen von 3 Teilnehmenden geändert, 41 Kennzahlwerte und 9
 * Gesamtwerte betroffen" (and what else changed), malloc'ed; NULL when out
 * of memory. */
char *chg_summary(const chg_counts *n);

/* Per participant the digest its entry in the new state carries: the
 * digest of what its workbook shows now (chg_digest) when it is marked in
 * sel (NULL: all) or prev lacks it, else the one prev has (its files were
 * not written again). malloc'ed; NULL when out of memory. */
uint64_t *chg_digests(const chg_state *prev, const render_ctx *rc, const uint8_t *sel);

/* One change for the draft report's page (report_changes.c), in the order
 * of aenderungen.csv: a base figure or key-figure value of a participant
 * both generations have (code an index into ds->codes or ds->kz, year one
 * of ds->years), a participant added (city) or removed (name), or a
 * key-figure definition changed (code an index into ds->kz) or removed
 * (name: its code). */
typedef enum { CHG_BASE, CHG_KZ, CHG_ADDED, CHG_REMOVED, CHG_DEFINITION } chg_kind;

typedef struct {
    chg_kind kind;
    size_t city, code; /* (size_t)-1 where they do not apply */
    int year;
    int has_old, has_new;
    double old_v, new_v;
    kv_flag old_flag, new_flag;
    const char *name; /* CHG_REMOVED and a removed definition: borrowed from prev */
} chg_item;

/* Every change against prev over all participants as a malloc'ed array
 * of *n items (valid while prev and rc live); NULL with *n = 0 when
 * nothing changed, NULL with *n = (size_t)-1 when out of memory. */
chg_item *chg_items(const chg_state *prev, const render_ctx *rc, size_t *n);

/* Writes the state of this run. Participants not marked in sel (NULL:
 * all) keep their entries of prev (when it has them). 0, or -1 on a
 * stream error or when out of memory. */
int chg_write_state(const chg_state *prev, const render_ctx *rc, const uint8_t *sel,
                    const uint64_t *digests, FILE *fp);

/* 1 when what participant city's workbook shows (its digest) differs from
 * the previous generation, or there is none, or the participant is new. */
int chg_participant_changed(const chg_state *prev, const char *id, uint64_t digest);

/* The digest of everything participant city's workbook shows: its own
 * data, the key-figure definitions and aggregates, the figures of its ring
 * (the whole circle without one), the layout's texts, draft or final and
 * the program version; not the run's time. */
uint64_t chg_digest(const render_ctx *rc, size_t city);

#endif
