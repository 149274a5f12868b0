/* addr.c - the e-mail address rule and the layout's mailboxes. */
#include "addr.h"

#include <stdlib.h>
#include <string.h>

const char *addr_problem(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (n == 0)
        return "leer";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return "enthält Umlaute oder andere Nicht-ASCII-Zeichen";
        if (c <= 0x20 || c == 0x7F)
            return "enthält Leer- oder Steuerzeichen";
        if (strchr("<>()[]\\,;:\"", c))
            return "enthält eines der Zeichen <>()[]\\,;:\"";
    }
    if (n > 254)
        return "länger als 254 Zeichen";
    if (!at)
        return "ohne @";
    if (memchr(at + 1, '@', n - (size_t)(at + 1 - s)))
        return "mit mehr als einem @";
    size_t local = (size_t)(at - s), domain = n - local - 1;
    if (local == 0 || local > 64)
        return "Teil vor dem @ leer oder länger als 64 Zeichen";
    if (domain == 0 || !memchr(at + 1, '.', domain) || at[1] == '.' || s[n - 1] == '.')
        return "Domain nach dem @ ohne Punkt oder mit Punkt am Anfang oder Ende";
    return NULL;
}

int addr_ok(const char *s)
{
    return addr_problem(s, strlen(s)) == NULL;
}

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

int addr_list_next(const char **pos, const char **item, size_t *len)
{
    const char *p = *pos;
    while (*p == ',' || blank(*p))
        p++;
    *pos = p;
    if (!*p)
        return 0;
    const char *e = p + strcspn(p, ","), *end = e;
    while (end > p && blank(end[-1]))
        end--;
    *item = p;
    *len = (size_t)(end - p);
    *pos = e;
    return 1;
}

const char *addr_parse_mailbox(const char *spec, char **name, char **addr)
{
    const char *lt = strchr(spec, '<');
    const char *a = spec, *ae = spec + strlen(spec), *n = spec, *ne = spec;
    *name = *addr = NULL;
    if (lt) {
        const char *gt = strchr(lt, '>');
        if (!gt)
            return "„<“ ohne schließendes „>“";
        for (const char *p = gt + 1; *p; p++)
            if (!blank(*p))
                return "nach „>“ darf nichts mehr folgen";
        a = lt + 1;
        ae = gt;
        ne = lt;
    }
    while (a < ae && blank(*a))
        a++;
    while (ae > a && blank(ae[-1]))
        ae--;
    while (n < ne && blank(*n))
        n++;
    while (ne > n && blank(ne[-1]))
        ne--;
    for (const char *p = n; p < ne; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '<' || *p == '>')
            return "Name enthält Steuerzeichen oder spitze Klammern";
    const char *why = addr_problem(a, (size_t)(ae - a));
    if (why)
        return why;
    *name = strndup(n, (size_t)(ne - n));
    *addr = strndup(a, (size_t)(ae - a));
    if (!*name || !*addr) {
        free(*name);
        free(*addr);
        *name = *addr = NULL;
        return "zu wenig Speicher";
    }
    return NULL;
}
