#define _GNU_SOURCE
#include "CSupport.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int gongshi_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int gongshi_sync_filesystem(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
#if defined(__linux__)
    int rc = syncfs(fd);
#else
    int rc = fsync(fd);
#endif
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

long gongshi_find(const void *haystack, long length, const void *needle, long needleLength) {
    if (length <= 0 || needleLength <= 0) return -1;
    const char *found = memmem(haystack, (size_t)length, needle, (size_t)needleLength);
    return found ? (long)(found - (const char *)haystack) : -1;
}

int gongshi_inflate_raw(const unsigned char *input, unsigned long inputLength,
                        unsigned char *output, unsigned long outputCapacity,
                        unsigned long *consumed, unsigned long *produced) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    *consumed = 0;
    *produced = 0;
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return GONGSHI_INFLATE_ERROR;
    int result = GONGSHI_INFLATE_ERROR;
    unsigned long inDone = 0, outDone = 0;
    /* Z_BLOCK: inflate stops after each block, so that after the last one the bits it holds but did not
       use are known (data_type) before they are thrown away: the stream must end in the last byte of the
       input, and the bits that pad that byte must be zero, as every deflate writer leaves them. Then a
       flipped padding bit, or a byte after the stream, cannot pass for the same data. zlib takes uInt
       lengths: the input and output go in slices. Every call moves input or output forward, or the loop
       ends, so no stream can keep it running. */
    for (;;) {
        unsigned long inLeft = inputLength - inDone, outLeft = outputCapacity - outDone;
        stream.next_in = (Bytef *)(input + inDone);
        stream.avail_in = (uInt)(inLeft > 0x40000000UL ? 0x40000000UL : inLeft);
        stream.next_out = output + outDone;
        stream.avail_out = (uInt)(outLeft > 0x40000000UL ? 0x40000000UL : outLeft);
        uInt inBefore = stream.avail_in, outBefore = stream.avail_out;
        int rc = inflate(&stream, Z_BLOCK);
        inDone += inBefore - stream.avail_in;
        outDone += outBefore - stream.avail_out;
        if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR) { result = GONGSHI_INFLATE_ERROR; break; }
        if (rc == Z_STREAM_END) { result = GONGSHI_INFLATE_END; break; }
        if ((stream.data_type & 128) && (stream.data_type & 64)) {
            /* The last block has ended: `unused` bits of what was taken are not part of the stream. */
            unsigned long unused = (unsigned long)(stream.data_type & 63);
            unsigned long endBit = inDone * 8 - unused;
            unsigned long lastByte = (endBit + 7) / 8;
            if (lastByte != inputLength) { result = GONGSHI_INFLATE_TRAILING; *consumed = lastByte; break; }
            unsigned int padding = (unsigned int)(lastByte * 8 - endBit);
            if (padding > 0 && (input[inputLength - 1] >> (8 - padding)) != 0) { result = GONGSHI_INFLATE_PADDING; break; }
            result = GONGSHI_INFLATE_END;
            break;
        }
        if (inBefore == stream.avail_in && outBefore == stream.avail_out) {
            /* No progress: the input ended before the stream did, or the output is full. */
            result = outDone == outputCapacity ? GONGSHI_INFLATE_OVERFLOW : GONGSHI_INFLATE_TRUNCATED;
            break;
        }
    }
    inflateEnd(&stream);
    if (result == GONGSHI_INFLATE_END) *consumed = inputLength;
    else if (result != GONGSHI_INFLATE_TRAILING) *consumed = inDone;
    *produced = outDone;
    return result;
}

unsigned long gongshi_crc32(const unsigned char *bytes, unsigned long length) {
    unsigned long crc = crc32(0L, Z_NULL, 0);
    while (length > 0) {
        uInt slice = (uInt)(length > 0x40000000UL ? 0x40000000UL : length);
        crc = crc32(crc, bytes, slice);
        bytes += slice;
        length -= slice;
    }
    return crc;
}
