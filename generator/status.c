/* status.c - the status type, its exit codes and the error carrier. */
#include "status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    int exit_code;
    const char *text;
} info[] = {
    [KV_OK] = {0, "kein Fehler"},
    [KV_ERR_USAGE] = {64, "falscher Aufruf"},
    [KV_ERR_DATA] = {65, "Fehler in den Daten"},
    [KV_ERR_INPUT] = {66, "Eingabe fehlt oder ist nicht lesbar"},
    [KV_ERR_NOMEM] = {70, "zu wenig Speicher"},
    [KV_ERR_INTERNAL] = {70, "interner Fehler"},
    [KV_ERR_OUTPUT] = {73, "Ausgabe kann nicht geschrieben werden"},
    [KV_ERR_BUSY] = {75, "Ausgabeverzeichnis ist von einem anderen Lauf gesperrt"},
};

static int known(kv_status st)
{
    return (unsigned)st < sizeof info / sizeof info[0];
}

int kv_exit_code(kv_status st)
{
    return known(st) ? info[st].exit_code : 70;
}

kv_status kv_status_of_exit(int code)
{
    if (code == 0)
        return KV_OK;
    for (unsigned st = KV_ERR_USAGE; known((kv_status)st); st++)
        if (info[st].exit_code == code)
            return (kv_status)st;
    return KV_ERR_INTERNAL;
}

const char *kv_strerror(kv_status st)
{
    return known(st) ? info[st].text : info[KV_ERR_INTERNAL].text;
}

const char *kv_errno_text(int e)
{
    static const struct {
        int e;
        const char *text;
    } de[] = {
        {ENOSPC, "kein Platz mehr auf dem Datenträger"},
        {EDQUOT, "Speicherkontingent (Quota) erschöpft"},
        {EACCES, "keine Berechtigung"},
        {EPERM, "Vorgang nicht erlaubt"},
        {EROFS, "Dateisystem nur lesbar"},
        {ENOENT, "nicht vorhanden"},
        {ENOTDIR, "kein Verzeichnis"},
        {EISDIR, "ist ein Verzeichnis"},
        {EIO, "Ein-/Ausgabefehler"},
        {EFBIG, "Datei zu groß"},
        {ENAMETOOLONG, "Name zu lang"},
        {ELOOP, "symbolischer Link"},
        {EMFILE, "zu viele offene Dateien"},
        {ENFILE, "zu viele offene Dateien im System"},
        {ENOMEM, "zu wenig Speicher"},
        {EEXIST, "ist schon vorhanden"},
        {ENOTEMPTY, "Verzeichnis ist nicht leer"},
        {EXDEV, "liegt auf einem anderen Dateisystem"},
        {EBUSY, "ist belegt"},
        {EINVAL, "ungültiges Argument"},
        {EAGAIN, "vorübergehend nicht verfügbar"},
        {ENXIO, "Gerät nicht vorhanden"},
        {ENODEV, "Gerät nicht vorhanden"},
        {ETXTBSY, "wird gerade ausgeführt"},
    };
    for (size_t i = 0; i < sizeof de / sizeof *de; i++)
        if (de[i].e == e)
            return de[i].text;
    return strerror(e);
}

kv_status kv_fail(kv_error *e, kv_status st, const char *fmt, ...)
{
    if (!e || e->status != KV_OK || st == KV_OK)
        return st;
    e->status = st;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&e->msg, fmt, ap) < 0)
        e->msg = NULL;
    va_end(ap);
    return st;
}

const char *kv_error_text(const kv_error *e)
{
    return e->msg ? e->msg : kv_strerror(e->status);
}

void kv_error_free(kv_error *e)
{
    free(e->msg);
    e->msg = NULL;
    e->status = KV_OK;
}
