#ifndef GONGSHI_CSUPPORT_H
#define GONGSHI_CSUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0 or -1 with errno set.
int gongshi_exchange_paths(const char *a, const char *b);

/// Flushes the file system that holds `path` to disk (syncfs). Returns 0 or -1 with errno set.
int gongshi_sync_filesystem(const char *path);

/// The GNU build ID of the running executable (the linker's hash of its contents), copied into `out`;
/// returns its length, or 0 when the executable carries none.
int gongshi_executable_build_id(unsigned char *out, int capacity);

/// The version of the zlib gongshi runs with (a shared library: an upgrade may deflate to other bytes).
const char *gongshi_zlib_version(void);

/// The offset of the first occurrence of `needle` in `haystack` (glibc memmem), or -1.
long gongshi_find(const void *haystack, long length, const void *needle, long needleLength);

enum {
    GONGSHI_INFLATE_END = 0,        /* the stream ended */
    GONGSHI_INFLATE_TRUNCATED = 1,  /* the input ended before the stream did */
    GONGSHI_INFLATE_OVERFLOW = 2,   /* the stream holds more than the output can take */
    GONGSHI_INFLATE_ERROR = 3,      /* the stream is not valid deflate data */
    GONGSHI_INFLATE_TRAILING = 4,   /* bytes follow the end of the stream */
    GONGSHI_INFLATE_PADDING = 5,    /* the bits that pad the stream's last byte are not zero */
    GONGSHI_PART_COMMENTS = 6,      /* a part holds more comments and processing instructions than allowed */
    GONGSHI_PART_TAG = 7            /* a part holds a tag longer than allowed */
};

/* What one workbook part may hold of what is not data: comments and processing instructions in all, and
   the bytes of one tag (`<c r="A1" s="3">`; Excel's longest are a few hundred). */
#define GONGSHI_PART_MAX_COMMENTS (1UL << 20)
#define GONGSHI_PART_MAX_TAG (64UL << 10)

/// Inflates one raw deflate stream (a zip entry) into at most `outputCapacity` bytes, in bounded time:
/// each step moves input or output forward, or the call returns. The stream must fill the input exactly,
/// its last byte padded with zero bits. Reports what it consumed and produced.
int gongshi_inflate_raw(const unsigned char *input, unsigned long inputLength,
                        unsigned char *output, unsigned long outputCapacity,
                        unsigned long *consumed, unsigned long *produced);

/// Every entry below `root`, without following links, as packed records: kind (1 byte: 0 file, 1 folder,
/// 2 other), permission bits (4), change time seconds and nanoseconds (8 + 8), size (8), path length (2),
/// then the relative path. The caller frees `*records`. Returns the length, or -1.
long gongshi_walk_tree(const char *root, unsigned char **records);

/// zlib's CRC-32 of `bytes`.
unsigned long gongshi_crc32(const unsigned char *bytes, unsigned long length);

/// The most bytes `gongshi_deflate_raw` can write for `length` bytes of input.
unsigned long gongshi_deflate_bound(unsigned long length);

/// Deflates `input` as one raw stream (zlib level 6, window 15, memLevel 9: a zip entry's data) into `output`;
/// the compressed length, or -1. Thread-safe: nothing is shared between calls.
long gongshi_deflate_raw(const unsigned char *input, unsigned long length, unsigned char *output, unsigned long capacity);

#endif

/* A streaming XML reader (libxml2's pull parser) over a workbook part as it is inflated (gongshi_part_open,
   which must outlive it): no network, no entity expansion, errors as return values. Node types are libxml2's:
   1 element, 3 text, 4 CDATA, 5 entity reference, 10 document type, 13 and 14 whitespace, 15 end of element. */
void *gongshi_xml_open_part(void *part);
void gongshi_xml_close(void *reader);
/// 1: moved to the next node; 0: the end; -1: the XML is not well-formed.
int gongshi_xml_read(void *reader);
int gongshi_xml_node_type(void *reader);
int gongshi_xml_is_empty(void *reader);
int gongshi_xml_depth(void *reader);
int gongshi_xml_line(void *reader);
/// The column of the first error, or 0.
int gongshi_xml_column(void *reader);

/// What the first error was, in kinds gongshi says in its own words.
enum {
    GONGSHI_XML_NO_ERROR = 0,
    GONGSHI_XML_ENCODING = 1,        /* an encoding libxml2 does not read */
    GONGSHI_XML_CHARACTER = 2,       /* bytes that are not valid in the encoding, or a character XML forbids */
    GONGSHI_XML_ENTITY = 3,          /* an entity that is not declared */
    GONGSHI_XML_ATTRIBUTE_TWICE = 4, /* an element with the same attribute twice */
    GONGSHI_XML_MISMATCH = 5,        /* an element closed by another's end tag, or never closed */
    GONGSHI_XML_AFTER_END = 6,       /* something after the root element's end */
    GONGSHI_XML_EMPTY = 7,           /* no root element */
    GONGSHI_XML_LIMIT = 8,           /* nesting or a text beyond libxml2's limits */
    GONGSHI_XML_OTHER = 9
};
int gongshi_xml_error_kind(void *reader);
const char *gongshi_xml_local_name(void *reader);
const char *gongshi_xml_value(void *reader);
/// The attribute's value (free it with free()), or NULL.
char *gongshi_xml_attribute(void *reader, const char *name, const char *namespace);

/* A zip entry's data read as a stream: `method` 0 (stored) or 8 (deflate); `input` must outlive it. Reading
   gives at most `size` bytes in all (one more ends in GONGSHI_INFLATE_OVERFLOW); the status is -1 while the
   stream runs, then a GONGSHI_INFLATE_… value. */
void *gongshi_part_open(const unsigned char *input, unsigned long length, int method, unsigned long size);
/// Up to `capacity` bytes: their count, 0 at the end of the stream, -1 when it is damaged (see the status).
long gongshi_part_read(void *part, unsigned char *out, unsigned long capacity);
int gongshi_part_status(void *part);
unsigned long gongshi_part_produced(void *part);
unsigned long gongshi_part_crc(void *part);
void gongshi_part_close(void *part);
