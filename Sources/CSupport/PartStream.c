#include "CSupport.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* One zip entry's data, inflated as it is read: a workbook part costs zlib's window and the reader's buffer,
   not its inflated size. The same checks as gongshi_inflate_raw, made as the stream goes: at most `size` bytes
   (one more is an overflow), the stream ends in the input's last byte with zero padding bits, and the CRC-32
   and length of what came out are kept for the caller to compare with the zip's directory. */
struct gongshi_part {
    const unsigned char *input;
    unsigned long length, size, inDone, produced, crc;
    int method, status, started;
    z_stream stream;
    /* The markup seen so far (see gongshi_part_scan): state, bytes of the current tag, of comments and
       processing instructions in all, and how far an opening or closing delimiter has matched. */
    int state, quote, matched;
    unsigned long tagBytes, commentBytes;
};

/* What libxml2 keeps or spends time on beyond the document's data is bounded before it sees the bytes:
   comments and processing instructions (kept in memory when they stand before the root element, and never
   written by a spreadsheet program) at most GONGSHI_PART_MAX_COMMENTS bytes per part, one tag (an element's
   name and attributes) at most GONGSHI_PART_MAX_TAG bytes. CDATA sections pass as they are. */
enum { TEXT, OPEN, BANG, COMMENT, CDATA, PI, TAG };
static const char cdataOpen[] = "[CDATA[";

/* A comment ends at `-->`, a CDATA section at `]]>`: two of `twice`, then `>`. */
static void gongshi_part_close_on(struct gongshi_part *p, unsigned char c, unsigned char twice) {
    if (c == twice) { if (p->matched < 2) p->matched++; }
    else if (c == '>' && p->matched == 2) p->state = TEXT;
    else p->matched = 0;
}

static int gongshi_part_scan(struct gongshi_part *p, const unsigned char *bytes, unsigned long n) {
    for (unsigned long i = 0; i < n; i++) {
        unsigned char c = bytes[i];
        switch (p->state) {
        case TEXT:
            if (c == '<') { p->state = OPEN; p->tagBytes = 1; }
            break;
        case OPEN:
            if (c == '!') { p->state = BANG; p->matched = 0; }
            else if (c == '?') { p->state = PI; p->matched = 0; p->commentBytes += 2; }
            else { p->state = TAG; p->quote = 0; p->tagBytes = 2; if (c == '>') p->state = TEXT; }
            break;
        case BANG:
            /* `<!--` opens a comment, `<![CDATA[` a CDATA section; anything else (a DOCTYPE, refused by the
               reader) is read as a tag. `matched`: dashes seen, or minus the characters of `[CDATA[` seen. */
            if (p->matched >= 0 && c == '-') {
                if (++p->matched == 2) { p->state = COMMENT; p->matched = 0; p->commentBytes += 4; }
            } else if (p->matched <= 0 && c == (unsigned char)cdataOpen[-p->matched]) {
                p->matched--;
                if (cdataOpen[-p->matched] == 0) { p->state = CDATA; p->matched = 0; }
            } else {
                p->state = c == '>' ? TEXT : TAG;
                p->quote = 0;
                p->tagBytes = 3;
            }
            break;
        case COMMENT:
            if (++p->commentBytes > GONGSHI_PART_MAX_COMMENTS) { p->status = GONGSHI_PART_COMMENTS; return -1; }
            gongshi_part_close_on(p, c, '-');
            break;
        case PI:
            if (++p->commentBytes > GONGSHI_PART_MAX_COMMENTS) { p->status = GONGSHI_PART_COMMENTS; return -1; }
            if (c == '>' && p->matched) p->state = TEXT;
            p->matched = c == '?';
            break;
        case CDATA:
            gongshi_part_close_on(p, c, ']');
            break;
        case TAG:
            if (++p->tagBytes > GONGSHI_PART_MAX_TAG) { p->status = GONGSHI_PART_TAG; return -1; }
            if (p->quote) { if (c == p->quote) p->quote = 0; }
            else if (c == '"' || c == '\'') p->quote = c;
            else if (c == '>') p->state = TEXT;
            break;
        }
    }
    return 0;
}

void *gongshi_part_open(const unsigned char *input, unsigned long length, int method, unsigned long size) {
    struct gongshi_part *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->input = input;
    p->length = length;
    p->size = size;
    p->method = method;
    p->status = -1;
    p->crc = crc32(0L, Z_NULL, 0);
    if (method == 8) {
        if (inflateInit2(&p->stream, -MAX_WBITS) != Z_OK) { free(p); return NULL; }
        p->started = 1;
    }
    return p;
}

static long gongshi_part_take(struct gongshi_part *p, unsigned char *out, unsigned long produced) {
    p->crc = crc32(p->crc, out, (uInt)produced);
    p->produced += produced;
    if (p->produced > p->size) { p->status = GONGSHI_INFLATE_OVERFLOW; return -1; }
    if (gongshi_part_scan(p, out, produced) < 0) return -1;
    return (long)produced;
}

long gongshi_part_read(void *part, unsigned char *out, unsigned long capacity) {
    struct gongshi_part *p = part;
    if (p->status >= 0) return p->status == GONGSHI_INFLATE_END || p->status == GONGSHI_INFLATE_TRAILING
                                || p->status == GONGSHI_INFLATE_PADDING ? 0 : -1;
    if (capacity > 0x40000000UL) capacity = 0x40000000UL;
    if (p->method == 0) {
        unsigned long left = p->length - p->inDone, n = left < capacity ? left : capacity;
        if (n == 0) { p->status = GONGSHI_INFLATE_END; return 0; }
        memcpy(out, p->input + p->inDone, n);
        p->inDone += n;
        return gongshi_part_take(p, out, n);
    }
    for (;;) {
        unsigned long inLeft = p->length - p->inDone;
        p->stream.next_in = (Bytef *)(p->input + p->inDone);
        p->stream.avail_in = (uInt)(inLeft > 0x40000000UL ? 0x40000000UL : inLeft);
        p->stream.next_out = out;
        p->stream.avail_out = (uInt)capacity;
        uInt inBefore = p->stream.avail_in, outBefore = p->stream.avail_out;
        int rc = inflate(&p->stream, Z_BLOCK);
        p->inDone += inBefore - p->stream.avail_in;
        unsigned long produced = outBefore - p->stream.avail_out;
        if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR) { p->status = GONGSHI_INFLATE_ERROR; return -1; }
        int ended = rc == Z_STREAM_END;
        if (!ended && (p->stream.data_type & 128) && (p->stream.data_type & 64)) {
            unsigned long unused = (unsigned long)(p->stream.data_type & 63);
            unsigned long endBit = p->inDone * 8 - unused;
            unsigned long lastByte = (endBit + 7) / 8;
            unsigned int padding = (unsigned int)(lastByte * 8 - endBit);
            if (lastByte != p->length) p->status = GONGSHI_INFLATE_TRAILING;
            else if (padding > 0 && (p->input[p->length - 1] >> (8 - padding)) != 0) p->status = GONGSHI_INFLATE_PADDING;
            else p->status = GONGSHI_INFLATE_END;
            ended = 1;
        } else if (ended) {
            p->status = GONGSHI_INFLATE_END;
        }
        if (ended) {
            if (produced > 0) return gongshi_part_take(p, out, produced);
            return 0;
        }
        if (produced > 0) return gongshi_part_take(p, out, produced);
        if (inBefore == p->stream.avail_in) { p->status = GONGSHI_INFLATE_TRUNCATED; return -1; }
        /* Input moved but no output yet (a block header, or the end of a block): go on. */
    }
}

int gongshi_part_status(void *part) { return ((struct gongshi_part *)part)->status; }
unsigned long gongshi_part_produced(void *part) { return ((struct gongshi_part *)part)->produced; }
unsigned long gongshi_part_crc(void *part) { return ((struct gongshi_part *)part)->crc; }

void gongshi_part_close(void *part) {
    struct gongshi_part *p = part;
    if (!p) return;
    if (p->started) inflateEnd(&p->stream);
    free(p);
}
