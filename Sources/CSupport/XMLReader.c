#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>
#include "CSupport.h"

/* libxml2's pull reader behind an opaque pointer: its headers pull in the system's ICU, whose declarations
   clash with Foundation's own copy of ICU in any Swift module that sees both. libxml2 never writes to the
   console: its errors are caught here (the first one, by code, line and column) for gongshi to say in its own
   words, and the generic handler that some of its paths still use is silenced on the reading thread. */

struct gongshi_xml {
    xmlTextReaderPtr reader;
    int code, line, column;
};

static void gongshi_xml_silent(void *context, const char *message, ...) { (void)context; (void)message; }

static void gongshi_xml_error(void *context, xmlErrorPtr error) {
    struct gongshi_xml *x = context;
    if (!error || x->code != 0 || error->level < XML_ERR_ERROR) return;
    x->code = error->code;
    x->line = error->line;
    x->column = error->int2;
}

static void *gongshi_xml_wrap(xmlTextReaderPtr reader) {
    if (!reader) return NULL;
    struct gongshi_xml *x = calloc(1, sizeof *x);
    if (!x) { xmlFreeTextReader(reader); return NULL; }
    x->reader = reader;
    xmlTextReaderSetStructuredErrorHandler(reader, gongshi_xml_error, x);
    return x;
}

static const int gongshi_xml_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

static int gongshi_xml_part_read(void *context, char *buffer, int length) {
    long n = gongshi_part_read(context, (unsigned char *)buffer, length > 0 ? (unsigned long)length : 0);
    return n < 0 ? -1 : (int)n;
}

static int gongshi_xml_part_close(void *context) { (void)context; return 0; }

void *gongshi_xml_open_part(void *part) {
    xmlSetGenericErrorFunc(NULL, gongshi_xml_silent);
    return gongshi_xml_wrap(xmlReaderForIO(gongshi_xml_part_read, gongshi_xml_part_close, part, NULL, NULL, gongshi_xml_options));
}

#define READER(x) (((struct gongshi_xml *)(x))->reader)

void gongshi_xml_close(void *x) {
    if (!x) return;
    xmlFreeTextReader(READER(x));
    free(x);
}

int gongshi_xml_read(void *x) { return xmlTextReaderRead(READER(x)); }

int gongshi_xml_node_type(void *x) { return xmlTextReaderNodeType(READER(x)); }

int gongshi_xml_is_empty(void *x) { return xmlTextReaderIsEmptyElement(READER(x)); }

int gongshi_xml_depth(void *x) { return xmlTextReaderDepth(READER(x)); }

int gongshi_xml_line(void *x) {
    struct gongshi_xml *w = x;
    return w->code != 0 && w->line > 0 ? w->line : xmlTextReaderGetParserLineNumber(w->reader);
}

int gongshi_xml_column(void *x) { return ((struct gongshi_xml *)x)->column; }

int gongshi_xml_error_kind(void *x) {
    switch (((struct gongshi_xml *)x)->code) {
    case 0: return GONGSHI_XML_NO_ERROR;
    case XML_ERR_UNSUPPORTED_ENCODING: case XML_ERR_UNKNOWN_ENCODING: return GONGSHI_XML_ENCODING;
    case XML_ERR_INVALID_CHAR: case XML_ERR_INVALID_ENCODING: case XML_ERR_INVALID_CHARREF: return GONGSHI_XML_CHARACTER;
    case XML_ERR_UNDECLARED_ENTITY: case XML_WAR_UNDECLARED_ENTITY: return GONGSHI_XML_ENTITY;
    case XML_ERR_ATTRIBUTE_REDEFINED: return GONGSHI_XML_ATTRIBUTE_TWICE;
    case XML_ERR_TAG_NAME_MISMATCH: case XML_ERR_TAG_NOT_FINISHED: case XML_ERR_LTSLASH_REQUIRED: return GONGSHI_XML_MISMATCH;
    case XML_ERR_DOCUMENT_END: return GONGSHI_XML_AFTER_END;
    case XML_ERR_DOCUMENT_EMPTY: return GONGSHI_XML_EMPTY;
    case XML_ERR_INTERNAL_ERROR: case XML_ERR_NO_MEMORY: return GONGSHI_XML_LIMIT;
    default: return GONGSHI_XML_OTHER;
    }
}

const char *gongshi_xml_local_name(void *x) { return (const char *)xmlTextReaderConstLocalName(READER(x)); }

const char *gongshi_xml_value(void *x) { return (const char *)xmlTextReaderConstValue(READER(x)); }

char *gongshi_xml_attribute(void *x, const char *name, const char *namespace) {
    xmlChar *value = namespace
        ? xmlTextReaderGetAttributeNs(READER(x), (const xmlChar *)name, (const xmlChar *)namespace)
        : xmlTextReaderGetAttribute(READER(x), (const xmlChar *)name);
    if (!value) return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}
