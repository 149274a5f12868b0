/* layout.c - the layout file parser. */
#include "layout.h"

#include "addr.h"
#include "csv.h"
#include "sbuf.h"
#include "text.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    layout *l;
    diag_list *diag;
    const char *fname;
    long line;
    int errors;
} parser;

static void err(parser *p, const char *msg, const char *arg)
{
    char ex[120];
    text_excerpt(arg ? arg : "", 60, ex, sizeof ex);
    diag_add(p->diag, DIAG_ERROR, p->fname, p->line, NULL, 0, NULL, "%s%s%s%s", msg,
             arg ? " \xE2\x80\x9E" : "", arg ? ex : "", arg ? "\xE2\x80\x9C" : "");
    p->errors++;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = strdup(v);
}

static int parse_color(const char *v, uint32_t *out)
{
    if (v[0] != '#' || strlen(v) != 7 || strspn(v + 1, "0123456789abcdefABCDEF") != 6)
        return -1;
    *out = (uint32_t)strtoul(v + 1, NULL, 16);
    return 0;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Absolute font paths are taken as they are; names are searched in the
 * layout's directory, then in font_dirs. */
static char *find_font(const char *name, const char *layout_path, const char *const *dirs)
{
    if (name[0] == '/')
        return is_file(name) ? strdup(name) : NULL;
    const char *slash = strrchr(layout_path, '/');
    int dlen = slash ? (int)(slash - layout_path) : 1;
    sbuf path;
    sbuf_init(&path);
    sbuf_addf(&path, "%.*s/%s", dlen, slash ? layout_path : ".", name);
    for (; !sbuf_failed(&path) && !is_file(path.s) && dirs && *dirs; dirs++) {
        sbuf_free(&path);
        sbuf_addf(&path, "%s/%s", *dirs, name);
    }
    if (!sbuf_failed(&path) && is_file(path.s))
        return sbuf_take(&path);
    sbuf_free(&path);
    return NULL;
}

static const char *const section_names[] = {"titel",        "inhalt", "vorbemerkungen", "bereiche",
                                            "stadtprofile", "anhang", "ergebnisse"};
#define NSECTIONS (sizeof section_names / sizeof *section_names)

static void parse_sections(parser *p, char *v)
{
    p->l->sections = 0;
    char *save = NULL;
    for (char *tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        tok = trim(tok);
        size_t i;
        for (i = 0; i < NSECTIONS && strcmp(tok, section_names[i]) != 0; i++)
            ;
        if (i == NSECTIONS)
            err(p,
                "unbekannter Abschnitt (erlaubt: titel, inhalt, ergebnisse, vorbemerkungen, "
                "bereiche, stadtprofile, anhang)",
                tok);
        else
            p->l->sections |= 1u << i;
    }
    if (!p->l->sections) /* a report of nothing but its running heads */
        err(p,
            "abschnitte: mindestens ein Abschnitt (titel, inhalt, ergebnisse, vorbemerkungen, "
            "bereiche, stadtprofile, anhang)",
            v);
}

/* A plain decimal number: digits with an optional fraction after '.' or
 * ','. No sign, exponent, hex, nan or inf (strtod would take all of them).
 * Sets *end after it; -1 when s does not start with one. */
static int parse_number(const char *s, const char **end, double *out)
{
    size_t ip = strspn(s, "0123456789"), fp = 0;
    if (ip == 0 || ip > 6)
        return -1;
    if ((s[ip] == '.' || s[ip] == ',') && (fp = strspn(s + ip + 1, "0123456789")) == 0)
        return -1;
    if (fp > 6)
        return -1;
    char buf[16];
    memcpy(buf, s, ip);
    buf[ip] = '\0';
    double v = (double)strtol(buf, NULL, 10), scale = 1;
    for (size_t i = 0; i < fp; i++) {
        scale /= 10;
        v += (s[ip + 1 + i] - '0') * scale;
    }
    *out = v;
    *end = s + ip + (fp ? fp + 1 : 0);
    return 0;
}

static void parse_margins(parser *p, const char *v)
{
    static const char msg[] = "rand_mm erwartet vier Zahlen von 5 bis 60 (oben rechts unten links)";
    double m[4];
    const char *s = v;
    for (int i = 0; i < 4; i++) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (parse_number(s, &s, &m[i]) < 0 || !(m[i] >= 5 && m[i] <= 60) ||
            (*s && *s != ' ' && *s != '\t')) {
            err(p, msg, v);
            return;
        }
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s) {
        err(p, msg, v);
        return;
    }
    for (int i = 0; i < 4; i++)
        p->l->margin[i] = m[i] * 72.0 / 25.4;
}

/* [mail] absender / antwort_an: checked like every address (addr.h). */
static void parse_mailbox(parser *p, const char *key, const char *v, char **name, char **addr)
{
    char *n, *a;
    const char *why = addr_parse_mailbox(v, &n, &a);
    if (why) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s: keine gültige Absenderangabe „Name <adresse>“ (%s)", key,
                 why);
        err(p, msg, v);
        return;
    }
    free(*name);
    free(*addr);
    *name = n;
    *addr = a;
}

static const char *const color_keys[LAY_COL_COUNT] = {
    "balken", "gesamtwert", "mittelwert", "spanne", "akzent", "gekennzeichnet", "ring"};
static const char *const font_keys[LAY_FONT_COUNT] = {"normal", "fett", "kursiv"};

/* The font entries of [schrift]: a name per face and the line giving it
 * (0: the built-in default). */
typedef struct {
    char *name[LAY_FONT_COUNT];
    long line[LAY_FONT_COUNT];
} font_names;

/* [texte] key = text: a text of texts.h (written as tx_unquote reads it). */
static void fixed_text(parser *p, const char *key, char *v)
{
    int k = tx_find(key);
    if (k < 0) {
        err(p, "unbekannter Schlüssel in [texte] (die Schlüssel stehen im Standardlayout)", key);
        return;
    }
    if (p->l->tx[k]) {
        err(p, "Text in [texte] doppelt", key);
        return;
    }
    tx_unquote(v);
    sbuf what;
    sbuf_init(&what);
    const char *why = tx_compile((tx_key)k, v, &p->l->tx[k], &what);
    if (why) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s: %s%s%s", key, why, what.len ? " " : "", what.s);
        err(p, msg, v);
    }
    sbuf_free(&what);
}

static void key_value(parser *p, const char *section, char *key, char *v, font_names *fonts)
{
    layout *l = p->l;
    if (strcmp(section, "bericht") == 0) {
        struct {
            const char *k;
            char **dst;
        } strs[] = {{"titel", &l->title},
                    {"untertitel", &l->subtitle},
                    {"ring", &l->circle},
                    {"herausgeber", &l->publisher},
                    {"stichtag", &l->reference_date},
                    {"kontakt", &l->contact},
                    {"schlagworte", &l->keywords},
                    {"lizenz", &l->licence},
                    {"zitiervorschlag", &l->citation}};
        for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
            if (strcmp(key, strs[i].k) == 0) {
                set_str(strs[i].dst, v);
                return;
            }
        }
        if (strcmp(key, "abschnitte") == 0) {
            parse_sections(p, v);
        } else if (strcmp(key, "sortierung") == 0) {
            if (strcmp(v, "keine") == 0)
                l->sort = LAY_SORT_NONE;
            else if (strcmp(v, "wert-absteigend") == 0)
                l->sort = LAY_SORT_DESC;
            else if (strcmp(v, "wert-aufsteigend") == 0)
                l->sort = LAY_SORT_ASC;
            else
                err(p, "sortierung: erlaubt sind keine, wert-absteigend, wert-aufsteigend", v);
        } else if (strcmp(key, "ringberichte") == 0) {
            if (strcmp(v, "ja") == 0 || strcmp(v, "nein") == 0)
                l->ring_reports = strcmp(v, "ja") == 0;
            else
                err(p, "ringberichte: erlaubt sind ja, nein", v);
        } else if (strcmp(key, "format") == 0) {
            if (strcmp(v, "ausfuehrlich") == 0 || strcmp(v, "ausführlich") == 0)
                l->compact = 0;
            else if (strcmp(v, "kompakt") == 0)
                l->compact = 1;
            else
                err(p, "format: erlaubt sind ausfuehrlich, kompakt", v);
        } else if (strcmp(key, "vergleich") == 0) {
            if (strcmp(v, "namentlich") == 0)
                l->anonymous = 0;
            else if (strcmp(v, "anonym") == 0)
                l->anonymous = 1;
            else
                err(p, "vergleich: erlaubt sind namentlich, anonym", v);
        } else if (strcmp(key, "teilnehmerberichte") == 0) {
            if (strcmp(v, "ja") != 0 && strcmp(v, "nein") != 0)
                err(p, "teilnehmerberichte: erlaubt sind ja, nein", v);
            l->participant_reports = strcmp(v, "nein") != 0;
        } else if (strcmp(key, "teilnehmerbericht_vergleich") == 0) {
            if (strcmp(v, "anonym") != 0 && strcmp(v, "namentlich") != 0)
                err(p, "teilnehmerbericht_vergleich: erlaubt sind anonym, namentlich", v);
            l->part_named = strcmp(v, "namentlich") == 0;
        } else if (strcmp(key, "profil") == 0) {
            if (strcmp(v, "Stadtprofil") == 0 || strcmp(v, "Kreisprofil") == 0 ||
                strcmp(v, "Profil") == 0)
                set_str(&l->profile, v);
            else
                err(p, "profil: erlaubt sind Stadtprofil, Kreisprofil, Profil", v);
        } else if (strcmp(key, "stadtprofile_bis") == 0) {
            long n =
                strspn(v, "0123456789") == strlen(v) && strlen(v) <= 6 ? strtol(v, NULL, 10) : -1;
            if (n < 0 || !*v)
                err(p, "stadtprofile_bis muss eine ganze Zahl von 0 bis 999999 sein", v);
            else
                l->profiles_upto = n;
        } else {
            err(p, "unbekannter Schlüssel in [bericht]", key);
        }
    } else if (strcmp(section, "seite") == 0) {
        if (strcmp(key, "rand_mm") == 0) {
            parse_margins(p, v);
        } else if (strcmp(key, "diagramm_dpi") == 0) {
            long dpi =
                strspn(v, "0123456789") == strlen(v) && strlen(v) <= 4 ? strtol(v, NULL, 10) : -1;
            if (dpi < 72 || dpi > 1200)
                err(p, "diagramm_dpi muss eine ganze Zahl von 72 bis 1200 sein", v);
            else
                l->dpi = (int)dpi;
        } else {
            err(p, "unbekannter Schlüssel in [seite]", key);
        }
    } else if (strcmp(section, "mail") == 0) {
        if (strcmp(key, "absender") == 0)
            parse_mailbox(p, key, v, &l->mail_from_name, &l->mail_from_addr);
        else if (strcmp(key, "antwort_an") == 0)
            parse_mailbox(p, key, v, &l->mail_reply_name, &l->mail_reply_addr);
        else
            err(p, "unbekannter Schlüssel in [mail] (erlaubt: absender, antwort_an)", key);
    } else if (strcmp(section, "farben") == 0) {
        for (int i = 0; i < LAY_COL_COUNT; i++) {
            if (strcmp(key, color_keys[i]) == 0) {
                if (parse_color(v, &l->color[i]) < 0)
                    err(p, "Farbe erwartet als #RRGGBB", v);
                return;
            }
        }
        err(p, "unbekannte Farbe in [farben]", key);
    } else if (strcmp(section, "texte") == 0) {
        fixed_text(p, key, v);
    } else if (strcmp(section, "schrift") == 0) {
        for (int i = 0; i < LAY_FONT_COUNT; i++) {
            if (strcmp(key, font_keys[i]) == 0) {
                set_str(&fonts->name[i], v);
                fonts->line[i] = p->line;
                return;
            }
        }
        err(p, "unbekannter Schlüssel in [schrift]", key);
    } else {
        err(p, "Schlüssel außerhalb eines Abschnitts", key);
    }
}

static void add_text(parser *p, const char *kind, const char *name, long line)
{
    layout *l = p->l;
    /* a second section of the same kind and name would be ignored (the
     * first one is used): say so rather than lose the text */
    for (size_t i = 0; i < l->ntexts; i++)
        if (strcmp(l->texts[i].kind, kind) == 0 && strcmp(l->texts[i].name, name) == 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "Textabschnitt doppelt (zuerst in Zeile %ld)",
                     l->texts[i].line);
            err(p, msg, name[0] ? name : kind);
            break;
        }
    lay_text *n = realloc(l->texts, (l->ntexts + 1) * sizeof *n);
    if (!n)
        return;
    l->texts = n;
    lay_text *t = &l->texts[l->ntexts++];
    t->kind = strdup(kind);
    t->name = strdup(name);
    t->text = strdup("");
    t->line = line;
}

static void append_text(lay_text *t, const char *line)
{
    size_t a = strlen(t->text), b = strlen(line);
    char *n = realloc(t->text, a + b + 2);
    if (!n)
        return;
    memcpy(n + a, line, b);
    n[a + b] = '\n';
    n[a + b + 1] = '\0';
    t->text = n;
}

/* Collapses the collected lines: single line breaks become spaces (in a
 * mail text, plain text, they stay), blank lines separate paragraphs
 * ("\n\n"), outer blank lines go. */
static void finish_text(lay_text *t)
{
    int keep_lines = strcmp(t->kind, "mail") == 0;
    char *s = t->text, *o = s;
    int newlines = 0;
    for (char *r = s; *r; r++) {
        if (*r == '\n') {
            newlines++;
            continue;
        }
        if (newlines && o != s) {
            if (newlines > 1) {
                *o++ = '\n';
                *o++ = '\n';
            } else {
                *o++ = keep_lines ? '\n' : ' ';
            }
        }
        newlines = 0;
        *o++ = *r;
    }
    *o = '\0';
}

static const char *const text_kinds[] = {
    "titel", "vorbemerkungen", "bereich",           "kennzahl",  "anhang",
    "mail",  "ring",           "teilnehmerbericht", "ergebnisse"};

static void section_header(parser *p, char *h, char *section, size_t size)
{
    char *end = strrchr(h, ']');
    if (!end || trim(end + 1)[0] != '\0') {
        err(p, "Abschnittskopf muss mit ] enden", h);
        return;
    }
    *end = '\0';
    char *name = trim(h + 1);
    if (strncmp(name, "text ", 5) == 0) {
        char *kind = trim(name + 5), *arg = strchr(kind, ' ');
        if (arg)
            *arg++ = '\0';
        size_t i;
        for (i = 0; i < sizeof text_kinds / sizeof *text_kinds; i++)
            if (strcmp(kind, text_kinds[i]) == 0)
                break;
        int needs_name = i != 5 && (strcmp(kind, "bereich") == 0 || strcmp(kind, "kennzahl") == 0 ||
                                    strcmp(kind, "ring") == 0);
        /* [text mail] for the participants, [text mail geschaeftsstelle] */
        int mail_ok = i == 5 && (!arg || strcmp(trim(arg), "geschaeftsstelle") == 0);
        if (i == sizeof text_kinds / sizeof *text_kinds ||
            (i == 5 ? !mail_ok : needs_name != (arg != NULL)))
            err(p,
                "Textabschnitt: erlaubt sind [text titel], [text vorbemerkungen], [text "
                "anhang], [text ergebnisse], [text bereich NAME], [text kennzahl CODE], [text "
                "ring NAME], [text mail], [text mail geschaeftsstelle], [text teilnehmerbericht]",
                name);
        else
            add_text(p, kind, arg ? trim(arg) : "", p->line);
        snprintf(section, size, "text");
        return;
    }
    static const char *const known[] = {"bericht", "seite", "farben", "schrift", "mail", "texte"};
    size_t i;
    for (i = 0; i < sizeof known / sizeof *known && strcmp(name, known[i]) != 0; i++)
        ;
    if (i == sizeof known / sizeof *known)
        err(p,
            "unbekannter Abschnitt (erlaubt: bericht, seite, farben, schrift, mail, texte, text "
            "...)",
            name);
    snprintf(section, size, "%s", name);
}

static void defaults(layout *l)
{
    l->sections = LAY_SEC_COVER | LAY_SEC_CONTENTS | LAY_SEC_PREFACE | LAY_SEC_AREAS |
                  LAY_SEC_PROFILES | LAY_SEC_ANNEX | LAY_SEC_SUMMARY;
    for (int i = 0; i < 4; i++)
        l->margin[i] = 20 * 72.0 / 25.4;
    l->dpi = 300;
    l->ring_reports = 1;
    l->participant_reports = 1;
    l->profiles_upto = 40;
    static const uint32_t colors[LAY_COL_COUNT] = {0x2B5C8A, 0xD55E00, 0x222222, 0xC9D8E8,
                                                   0x1F4E79, 0x9DB9D3, 0x007A5E};
    memcpy(l->color, colors, sizeof colors);
}

/* A key of a section seen before is warned of (in the sections of
 * settings; [texte] refuses a second text itself): its later value
 * replaces the earlier one, which happened silently (a layout extended by
 * appending to a copy may mean it). Records a first use. */
typedef struct {
    char **v; /* "section=key" */
    long *line;
    size_t n;
} seen_keys;

static void key_seen_before(parser *p, seen_keys *s, const char *section, const char *key)
{
    if (strcmp(section, "texte") == 0)
        return;
    size_t len = strlen(section) + strlen(key) + 2;
    char *sk = malloc(len);
    if (!sk)
        return;
    snprintf(sk, len, "%s=%s", section, key);
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], sk) == 0) {
            char ex[120];
            text_excerpt(key, 60, ex, sizeof ex);
            diag_add(p->diag, DIAG_WARNING, p->fname, p->line, NULL, 0, NULL,
                     "Schlüssel „%s“ in [%s] doppelt (zuerst in Zeile %ld): dieser Wert gilt", ex,
                     section, s->line[i]);
            free(sk);
            return;
        }
    char **v = realloc(s->v, (s->n + 1) * sizeof *v);
    long *line = v ? realloc(s->line, (s->n + 1) * sizeof *line) : NULL;
    if (v)
        s->v = v;
    if (!v || !line) {
        free(sk);
        return;
    }
    s->line = line;
    s->v[s->n] = sk;
    s->line[s->n++] = p->line;
}

static void parse(parser *p, char *buf, font_names *fonts)
{
    char section[256] = "";
    seen_keys seen = {NULL, NULL, 0};
    lay_text *cur = NULL;
    char *save = NULL;
    p->line = 0;
    /* strtok_r would skip empty lines, which carry paragraph breaks */
    for (char *line = buf; line; line = save) {
        save = strchr(line, '\n');
        if (save)
            *save++ = '\0';
        p->line++;
        char *t = trim(line);
        if (t[0] == '[') {
            if (cur)
                finish_text(cur);
            section_header(p, t, section, sizeof section);
            cur = strcmp(section, "text") == 0 && p->l->ntexts &&
                          p->l->texts[p->l->ntexts - 1].line == p->line
                      ? &p->l->texts[p->l->ntexts - 1]
                      : NULL;
            continue;
        }
        if (strcmp(section, "text") == 0) {
            if (cur)
                append_text(cur, t);
            continue;
        }
        if (t[0] == '#' || t[0] == '\0')
            continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            err(p, "erwartet: Schlüssel = Wert", t);
            continue;
        }
        *eq = '\0';
        char *key = trim(t);
        key_seen_before(p, &seen, section, key);
        key_value(p, section, key, trim(eq + 1), fonts);
    }
    if (cur)
        finish_text(cur);
    for (size_t i = 0; i < seen.n; i++)
        free(seen.v[i]);
    free(seen.v);
    free(seen.line);
}

/* Why the file at path is no TrueType font libharu can embed, or NULL.
 * libharu reads these tables when the font is loaded and the glyphs when
 * the PDF is saved; a broken file would fail only then, after the run
 * has done all its work. */
static const char *font_problem(FT_Library lib, const char *path)
{
    static const FT_ULong tables[] = {TTAG_head, TTAG_hhea, TTAG_maxp, TTAG_cmap,
                                      TTAG_hmtx, TTAG_loca, TTAG_glyf, TTAG_name};
    FT_Face face;
    if (FT_New_Face(lib, path, 0, &face) != 0)
        return "keine gültige Schriftdatei";
    const char *why = NULL;
    if (!FT_IS_SFNT(face) || !FT_IS_SCALABLE(face))
        why = "keine gültige Schriftdatei (keine TrueType-Schrift)";
    for (size_t i = 0; !why && i < sizeof tables / sizeof *tables; i++) {
        FT_ULong len = 0;
        if (FT_Load_Sfnt_Table(face, tables[i], 0, NULL, &len) != 0 || len == 0) {
            why = "keine gültige Schriftdatei (TrueType-Tabelle fehlt, z. B. OpenType/CFF)";
            break;
        }
        FT_Byte *buf = malloc(len);
        if (!buf || FT_Load_Sfnt_Table(face, tables[i], 0, buf, &len) != 0)
            why = buf ? "keine gültige Schriftdatei (Datei unvollständig)" : "zu wenig Speicher";
        free(buf);
    }
    /* letters the reports always use must have loadable outlines */
    static const FT_ULong probe[] = {'A', 'e', '0', 0xE4 /* ä */, 0xDF /* ß */};
    for (size_t i = 0; !why && i < sizeof probe / sizeof *probe; i++) {
        FT_UInt g = FT_Get_Char_Index(face, probe[i]);
        if (g == 0 || FT_Load_Glyph(face, g, FT_LOAD_NO_SCALE) != 0)
            why = "keine gültige Schriftdatei (Glyphen fehlen oder sind unlesbar)";
    }
    FT_Done_Face(face);
    return why;
}

/* Resolves and checks the three fonts. */
static void load_fonts(parser *p, const char *path, const char *const *font_dirs,
                       const font_names *fonts)
{
    FT_Library lib;
    if (FT_Init_FreeType(&lib) != 0) {
        p->line = 0;
        err(p, "FreeType kann nicht gestartet werden", NULL);
        return;
    }
    for (int i = 0; i < LAY_FONT_COUNT; i++) {
        p->line = fonts->line[i];
        p->l->font[i] = find_font(fonts->name[i], path, font_dirs);
        const char *why = p->l->font[i] ? font_problem(lib, p->l->font[i]) : NULL;
        if (!p->l->font[i])
            err(p, "Schriftdatei nicht gefunden (Paket fonts-noto-core installiert?)",
                fonts->name[i]);
        else if (why)
            err(p, why, fonts->name[i]);
    }
    FT_Done_FreeType(lib);
}

/* Line of offset off in buf. */
static long line_of(const char *buf, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += buf[i] == '\n';
    return line;
}

layout *layout_load(const char *path, const char *const *font_dirs, diag_list *diag)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *buf = NULL;
    size_t len;
    kv_error e = {0};
    if (csv_slurp(path, &buf, &len, &e) != KV_OK) {
        diag_add(diag, DIAG_ERROR, base, 0, NULL, 0, NULL, "Layout %s: %s", path,
                 kv_error_text(&e));
        kv_error_free(&e);
        return NULL;
    }
    layout *l = calloc(1, sizeof *l);
    parser p = {.l = l, .diag = diag, .fname = base};
    font_names fonts = {{strdup("NotoSans-Regular.ttf"), strdup("NotoSans-Bold.ttf"),
                         strdup("NotoSans-Italic.ttf")},
                        {0, 0, 0}};
    size_t bad = text_utf8_invalid(buf, len);
    unsigned cp = 0;
    if (!l || !fonts.name[0] || !fonts.name[1] || !fonts.name[2]) {
        err(&p, "zu wenig Speicher", NULL);
    } else if (bad < len) {
        p.line = line_of(buf, bad);
        err(&p, "ungültige UTF-8-Bytefolge; das Layout muss UTF-8 sein", NULL);
    } else if ((bad = text_xml_forbidden(buf, len, &cp)) < len) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "%s U+%04X ist nicht erlaubt (XML verbietet es; es kann in keine Ausgabe "
                 "geschrieben werden)",
                 cp < 0x20 ? "Steuerzeichen" : "Zeichen", cp);
        p.line = line_of(buf, bad);
        err(&p, msg, NULL);
    } else {
        l->path = strdup(path);
        defaults(l);
        parse(&p, buf + (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0), &fonts);
    }
    if (!p.errors)
        load_fonts(&p, path, font_dirs, &fonts);
    for (int i = 0; i < LAY_FONT_COUNT; i++)
        free(fonts.name[i]);
    free(buf);
    if (p.errors) {
        layout_free(l);
        return NULL;
    }
    return l;
}

void layout_free(layout *l)
{
    if (!l)
        return;
    char **strs[] = {&l->mail_from_name,  &l->mail_from_addr, &l->mail_reply_name,
                     &l->mail_reply_addr, &l->path,           &l->title,
                     &l->subtitle,        &l->circle,         &l->publisher,
                     &l->reference_date,  &l->contact,        &l->keywords,
                     &l->licence,         &l->citation,       &l->profile};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        free(*strs[i]);
    for (int i = 0; i < LAY_FONT_COUNT; i++)
        free(l->font[i]);
    for (int i = 0; i < TX_COUNT; i++)
        free(l->tx[i]);
    for (size_t i = 0; i < l->ntexts; i++) {
        free(l->texts[i].kind);
        free(l->texts[i].name);
        free(l->texts[i].text);
    }
    free(l->texts);
    free(l);
}

void layout_check_refs(const layout *l, const dataset *ds, diag_list *diag)
{
    const char *base = strrchr(l->path, '/') ? strrchr(l->path, '/') + 1 : l->path;
    for (size_t i = 0; i < l->ntexts; i++) {
        const lay_text *t = &l->texts[i];
        int kz = strcmp(t->kind, "kennzahl") == 0, area = strcmp(t->kind, "bereich") == 0;
        if (!kz && !area)
            continue;
        size_t n = kz ? ds->nkz : ds->nareas, k;
        for (k = 0; k < n && strcmp(kz ? ds->kz[k].code : ds->areas[k], t->name) != 0; k++)
            ;
        if (k < n)
            continue;
        char ex[200];
        text_excerpt(t->name, 60, ex, sizeof ex);
        diag_add(diag, DIAG_WARNING, base, t->line, NULL, 0, NULL,
                 kz ? "[text kennzahl %s]: keine Kennzahl mit diesem Code in kennzahlen.csv; "
                      "der Text erscheint nirgends"
                    : "[text bereich %s]: kein Leistungsbereich (area) dieses Namens in "
                      "kennzahlen.csv; der Text erscheint nirgends",
                 ex);
    }
}

const char *layout_text(const layout *l, const char *kind, const char *name)
{
    for (size_t i = 0; i < l->ntexts; i++)
        if (strcmp(l->texts[i].kind, kind) == 0 && strcmp(l->texts[i].name, name ? name : "") == 0)
            return l->texts[i].text[0] ? l->texts[i].text : NULL;
    return NULL;
}

const char *layout_or(const char *value, const char *fallback)
{
    return value && *value ? value : fallback;
}
