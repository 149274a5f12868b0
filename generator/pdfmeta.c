/* pdfmeta.c - the document-level entries of a tagged PDF/UA-1 and
 * PDF/A-2 file (see pdfmeta.h), on libharu's object layer. */
#include "pdfmeta.h"

#include "pdffont.h"
#include "sbuf.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

/* The document and the first libharu call that failed. */
typedef struct {
    HPDF_Doc doc;
    HPDF_STATUS bad;
} meta;

static void check(meta *w, HPDF_STATUS st)
{
    if (st != HPDF_OK && !w->bad)
        w->bad = st;
}

HPDF_STATUS meta_catalog(HPDF_Doc doc)
{
    meta ctx = {doc, HPDF_OK}, *w = &ctx;
    HPDF_MMgr mm = doc->mmgr;
    HPDF_Dict cat = doc->catalog, mark = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);
    if (!mark || !vp)
        return HPDF_FAILD_TO_ALLOC_MEM;
    check(w, HPDF_Dict_Add(cat, "MarkInfo", mark));
    check(w, HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE));
    check(w, HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, "de-DE", NULL)));
    check(w, HPDF_Dict_Add(cat, "ViewerPreferences", vp));
    check(w, HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE));
    doc->pdf_version = HPDF_VER_17;
    return w->bad;
}

static void xml_escaped(sbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            sbuf_adds(b, "&amp;");
            break;
        case '<':
            sbuf_adds(b, "&lt;");
            break;
        case '>':
            sbuf_adds(b, "&gt;");
            break;
        case '"':
            sbuf_adds(b, "&quot;");
            break;
        default:
            /* XML 1.0 forbids the other control characters */
            if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
                sbuf_addc(b, (char)*p);
        }
    }
}

static void xmp_alt(sbuf *b, const char *tag, const char *v)
{
    sbuf_addf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
    xml_escaped(b, v);
    sbuf_addf(b, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void xmp_simple(sbuf *b, const char *tag, const char *v)
{
    sbuf_addf(b, "   <%s>", tag);
    xml_escaped(b, v);
    sbuf_addf(b, "</%s>\n", tag);
}

/* The XMP packet: Dublin Core, XMP basic and PDF properties mirroring the
 * Info dictionary (PDF/A requires both to agree), and the PDF/UA and PDF/A
 * identification. */
static int xmp_packet(sbuf *b, const tags_meta *m, const char *producer)
{
    char date[32];
    struct tm tm;
    gmtime_r(&m->when, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sbuf_adds(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "  <rdf:Description rdf:about=\"\"\n"
                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                 "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                 "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                 "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                 "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                 "   <dc:format>application/pdf</dc:format>\n");
    xmp_alt(b, "dc:title", m->title);
    sbuf_adds(b, "   <dc:creator><rdf:Seq><rdf:li>");
    xml_escaped(b, m->author);
    sbuf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    xmp_alt(b, "dc:description", m->subject);
    sbuf_adds(b, "   <dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>\n");
    xmp_simple(b, "xmp:CreateDate", date);
    xmp_simple(b, "xmp:ModifyDate", date);
    xmp_simple(b, "xmp:MetadataDate", date);
    xmp_simple(b, "xmp:CreatorTool", m->creator);
    xmp_simple(b, "pdf:Producer", producer);
    xmp_simple(b, "pdf:Keywords", m->keywords);
    sbuf_adds(b, "   <pdfuaid:part>1</pdfuaid:part>\n"
                 "   <pdfaid:part>2</pdfaid:part>\n"
                 "   <pdfaid:conformance>A</pdfaid:conformance>\n"
                 "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                 "<?xpacket end=\"r\"?>\n");
    return sbuf_failed(b) ? -1 : 0;
}

/* A stream object holding data as it is: plain (metadata must stay
 * readable without filters), or deflated already (marked so). */
static HPDF_Dict data_stream(meta *w, const void *data, size_t len, int deflated)
{
    HPDF_Dict s = HPDF_DictStream_New(w->doc->mmgr, w->doc->xref);
    if (!s) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (deflated)
        pdffont_mark_deflated(s);
    check(w, HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len));
    return s;
}

HPDF_STATUS meta_xmp(HPDF_Doc doc, const tags_meta *m)
{
    meta ctx = {doc, HPDF_OK}, *w = &ctx;
    const char *producer = HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER);
    if (!producer || !*producer) {
        producer = "Haru Free PDF Library " HPDF_VERSION_TEXT;
        HPDF_SetInfoAttr(doc, HPDF_INFO_PRODUCER, producer);
    }
    sbuf b;
    sbuf_init(&b);
    if (xmp_packet(&b, m, producer) < 0) {
        sbuf_free(&b);
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return w->bad;
    }
    HPDF_Dict x = data_stream(w, b.s, b.len, 0);
    sbuf_free(&b);
    if (!x)
        return w->bad;
    check(w, HPDF_Dict_AddName(x, "Type", "Metadata"));
    check(w, HPDF_Dict_AddName(x, "Subtype", "XML"));
    check(w, HPDF_Dict_Add(doc->catalog, "Metadata", x));
    return w->bad;
}

HPDF_STATUS meta_output_intent(HPDF_Doc doc, const unsigned char *icc, size_t icc_len)
{
    meta ctx = {doc, HPDF_OK}, *w = &ctx;
    HPDF_MMgr mm = doc->mmgr;
    HPDF_Dict prof = data_stream(w, icc, icc_len, 1);
    HPDF_Dict oi = HPDF_Dict_New(mm);
    HPDF_Array list = HPDF_Array_New(mm);
    if (!prof || !oi || !list) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return w->bad;
    }
    check(w, HPDF_Dict_AddNumber(prof, "N", 3));
    check(w, HPDF_Dict_AddName(oi, "Type", "OutputIntent"));
    check(w, HPDF_Dict_AddName(oi, "S", "GTS_PDFA1"));
    check(w, HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                           HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)));
    check(w, HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)));
    check(w, HPDF_Dict_Add(oi, "DestOutputProfile", prof));
    check(w, HPDF_Array_Add(list, oi));
    check(w, HPDF_Dict_Add(doc->catalog, "OutputIntents", list));
    return w->bad;
}
