/* libFuzzer target: the mail address checks and the header encoders
 * (display-name phrases, RFC 2047 words, folding) through mail.c's public
 * functions. The input is NUL-separated fields: flags, participant name,
 * e-mail list, absender, antwort_an, titel, kontakt, herausgeber, then the
 * attachment's bytes. Fields take only values the readers let through:
 * names valid UTF-8 without control characters but line breaks; the
 * layout's values through the layout parser, which checks absender and
 * antwort_an as addresses (issue 12 row 6). The
 * message must be 7-bit, CRLF only, lines within 998 characters, only
 * kvreport's header fields, each once, and its Subject must decode to
 * exactly mail_subject's text. */
#include "mail.h"
#include "text.h"

#include <stdint.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { F_FLAGS, F_NAME, F_EMAIL, F_FROM, F_REPLY, F_TITLE, F_CONTACT, F_PUBLISHER, F_COUNT };

static int valid_utf8(const char *s)
{
    return text_utf8_invalid(s, strlen(s)) == strlen(s);
}

static int b64val(int c)
{
    const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(t, c) : NULL;
    return p ? (int)(p - t) : -1;
}

/* Decodes an unfolded unstructured header value: encoded words (joined
 * without the whitespace between them) or plain text. */
static void decode_value(const char *v, char *out, size_t size)
{
    size_t o = 0;
    while (*v == ' ')
        v++;
    if (strncmp(v, "=?UTF-8?B?", 10) != 0) {
        snprintf(out, size, "%s", v);
        return;
    }
    while (strncmp(v, "=?UTF-8?B?", 10) == 0) {
        v += 10;
        const char *end = strstr(v, "?=");
        if (!end)
            abort();
        unsigned acc = 0;
        int bits = 0;
        for (; v < end; v++) {
            if (*v == '=')
                continue;
            int d = b64val(*v);
            if (d < 0)
                abort();
            acc = acc << 6 | (unsigned)d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (o + 1 < size)
                    out[o++] = (char)((acc >> bits) & 0xFF);
            }
        }
        v = end + 2;
        while (*v == ' ')
            v++;
    }
    if (*v)
        abort(); /* text after the encoded words */
    out[o] = '\0';
}

static const char *const allowed[] = {"From", "Reply-To",   "To",           "Subject",
                                      "Date", "Message-ID", "MIME-Version", "Content-Type"};

static void check_message(const char *m, size_t len, const char *subject)
{
    size_t line = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)m[i];
        if (c == 0 || c >= 0x80)
            abort(); /* 7-bit only */
        if (c == '\r' && (i + 1 == len || m[i + 1] != '\n'))
            abort(); /* a bare CR */
        if (c == '\n' && (i == 0 || m[i - 1] != '\r'))
            abort(); /* a bare LF */
        line = c == '\n' ? 0 : line + 1;
        if (line > 999)
            abort(); /* RFC 5322: 998 characters and CRLF */
    }
    /* the header: known fields, each once; the Subject unfolded, decoded */
    char *head = strndup(m, len), *end = head ? strstr(head, "\r\n\r\n") : NULL;
    if (!end)
        abort();
    end[2] = '\0';
    int seen[sizeof allowed / sizeof *allowed] = {0};
    char *subj = NULL, *field = NULL; /* the Subject's value; the field being read */
    for (char *l = head; *l;) {
        char *eol = strstr(l, "\r\n");
        *eol = '\0';
        if (*l == ' ' || *l == '\t') {
            if (!field)
                abort(); /* a continuation before any field */
            if (field == subj)
                memmove(subj + strlen(subj), l, strlen(l) + 1); /* unfold */
        } else {
            size_t n = strcspn(l, ":"), k = 0;
            while (k < sizeof allowed / sizeof *allowed &&
                   (strlen(allowed[k]) != n || strncmp(l, allowed[k], n) != 0))
                k++;
            if (k == sizeof allowed / sizeof *allowed || seen[k]++)
                abort(); /* an injected or repeated header field */
            field = l;
            if (strcmp(allowed[k], "Subject") == 0)
                subj = field = l + n + 1;
        }
        l = eol + 2;
    }
    if (!subj)
        abort();
    /* decoding never lengthens: the encoded value's size is enough */
    size_t cap = strlen(subj) + 1;
    char *decoded = malloc(cap);
    if (!decoded)
        abort();
    decode_value(subj, decoded, cap);
    if (strcmp(decoded, subject) != 0)
        abort(); /* the Subject does not say what it should */
    free(decoded);
    free(head);
}

/* The layout's values as its parser reads them: the five fields as
 * "key = value" lines (a field with a line break is left out). NULL when
 * the parser refuses the file. */
static layout *read_layout(char *const *field)
{
    static const char *const font_dirs[] = {"/usr/share/fonts/truetype/noto", NULL};
    static const char *const keys[F_COUNT] = {[F_FROM] = "[mail]\nabsender",
                                              [F_REPLY] = "antwort_an",
                                              [F_TITLE] = "[bericht]\ntitel",
                                              [F_CONTACT] = "kontakt",
                                              [F_PUBLISHER] = "herausgeber"};
    const char *dir = fz_tmpdir();
    char path[256], *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        return NULL;
    for (int i = F_FROM; i < F_COUNT; i++)
        fprintf(fp, "%s = %s\n", keys[i], strchr(field[i], '\n') ? "" : field[i]);
    fclose(fp);
    fz_write(dir, "mail.layout", text, len);
    free(text);
    diag_list *diag = diag_new(100);
    layout *l =
        diag ? layout_load(fz_path(dir, "mail.layout", path, sizeof path), font_dirs, diag) : NULL;
    diag_free(diag);
    return l;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1), *field[F_COUNT];
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    size_t pos = 0;
    for (int i = 0; i < F_COUNT; i++) {
        field[i] = pos <= size ? buf + pos : buf + size;
        pos += strlen(field[i]) + 1;
    }
    const unsigned char *att = (const unsigned char *)buf + (pos < size ? pos : size);
    size_t attlen = pos < size ? size - pos : 0;

    sbuf to;
    sbuf_init(&to);
    size_t n = mail_recipients(field[F_EMAIL], &to);
    size_t commas = 0;
    for (const char *p = to.s; *p; p++)
        commas += *p == ',';
    if ((n == 0) != (to.s[0] == '\0') || (n && commas != n - 1) ||
        n != mail_recipient_count(field[F_EMAIL]))
        abort();
    sbuf_free(&to);

    /* what the readers let through */
    if (!valid_utf8(field[F_NAME]) || text_has_control(field[F_NAME]))
        field[F_NAME] = "Stadt";
    ds_city city = {
        .id = "T1", .name = field[F_NAME], .shortname = "T1", .email = field[F_EMAIL], .ring = -1};
    dataset ds = {.cities = &city, .ncities = 1};
    layout *read = read_layout(field), lay = {0};
    if (read) {
        lay = *read; /* borrowed */
    }
    render_ctx o = {.ds = &ds,
                    .lay = &lay,
                    .year = 2024,
                    .draft = field[F_FLAGS][0] & 1,
                    .when = 1764000000,
                    .utc = 1};
    char *msg = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&msg, &len);
    if (!fp) {
        layout_free(read);
        free(buf);
        return 0;
    }
    /* the report attachment on every other input: both message shapes */
    const mail_files files = {att, attlen, field[F_FLAGS][0] & 2 ? att : NULL, attlen};
    if (mail_write(&o, 0, &files, fp) != 0)
        abort();
    fclose(fp);
    sbuf subject;
    sbuf_init(&subject);
    mail_subject(&o, 0, &subject);
    if (sbuf_failed(&subject))
        abort();
    check_message(msg, len, subject.s);
    sbuf_free(&subject);
    free(msg);
    layout_free(read);
    free(buf);
    return 0;
}
