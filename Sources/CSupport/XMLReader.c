#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include "CSupport.h"

/* libxml2's pull reader behind an opaque pointer: its headers pull in the system's ICU, whose declarations
   clash with Foundation's own copy of ICU in any Swift module that sees both. */

void *gongshi_xml_open(const char *bytes, int length) {
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    return xmlReaderForMemory(bytes, length, NULL, NULL, options);
}

void gongshi_xml_close(void *reader) { xmlFreeTextReader((xmlTextReaderPtr)reader); }

int gongshi_xml_read(void *reader) { return xmlTextReaderRead((xmlTextReaderPtr)reader); }

int gongshi_xml_node_type(void *reader) { return xmlTextReaderNodeType((xmlTextReaderPtr)reader); }

int gongshi_xml_is_empty(void *reader) { return xmlTextReaderIsEmptyElement((xmlTextReaderPtr)reader); }

int gongshi_xml_depth(void *reader) { return xmlTextReaderDepth((xmlTextReaderPtr)reader); }

int gongshi_xml_line(void *reader) { return xmlTextReaderGetParserLineNumber((xmlTextReaderPtr)reader); }

const char *gongshi_xml_local_name(void *reader) {
    return (const char *)xmlTextReaderConstLocalName((xmlTextReaderPtr)reader);
}

const char *gongshi_xml_value(void *reader) { return (const char *)xmlTextReaderConstValue((xmlTextReaderPtr)reader); }

char *gongshi_xml_attribute(void *reader, const char *name, const char *namespace) {
    xmlChar *value = namespace
        ? xmlTextReaderGetAttributeNs((xmlTextReaderPtr)reader, (const xmlChar *)name, (const xmlChar *)namespace)
        : xmlTextReaderGetAttribute((xmlTextReaderPtr)reader, (const xmlChar *)name);
    if (!value) return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}

static int gongshi_xml_part_read(void *context, char *buffer, int length) {
    long n = gongshi_part_read(context, (unsigned char *)buffer, length > 0 ? (unsigned long)length : 0);
    return n < 0 ? -1 : (int)n;
}

static int gongshi_xml_part_close(void *context) { (void)context; return 0; }

void *gongshi_xml_open_part(void *part) {
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    return xmlReaderForIO(gongshi_xml_part_read, gongshi_xml_part_close, part, NULL, NULL, options);
}
