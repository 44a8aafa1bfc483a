#define _GNU_SOURCE
#include "CSupport.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>
#include <dirent.h>
#include <stdlib.h>
#include <stdint.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <link.h>
#include <elf.h>
#endif

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

/* zlib takes uInt lengths: the input and output go in slices of at most 1 GiB, the next ones from where
   the last call stopped. */
static void gongshi_next_slices(z_stream *stream, const unsigned char *input, unsigned long inLeft,
                                unsigned char *output, unsigned long outLeft) {
    stream->next_in = (Bytef *)input;
    stream->avail_in = (uInt)(inLeft > 0x40000000UL ? 0x40000000UL : inLeft);
    stream->next_out = output;
    stream->avail_out = (uInt)(outLeft > 0x40000000UL ? 0x40000000UL : outLeft);
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
       flipped padding bit, or a byte after the stream, cannot pass for the same data. Every call moves
       input or output forward, or the loop ends, so no stream can keep it running. */
    for (;;) {
        gongshi_next_slices(&stream, input + inDone, inputLength - inDone, output + outDone, outputCapacity - outDone);
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

unsigned long gongshi_deflate_bound(unsigned long length) {
    /* deflateBound for these settings, plus room for the 5 bytes each slice's stored-block fallback may add. */
    return length + length / 1000 + (length / 0x40000000UL + 1) * 5 + 64;
}

long gongshi_deflate_raw(const unsigned char *input, unsigned long length, unsigned char *output, unsigned long capacity) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    unsigned long inDone = 0, outDone = 0;
    int rc;
    do {
        gongshi_next_slices(&stream, input + inDone, length - inDone, output + outDone, capacity - outDone);
        uInt inBefore = stream.avail_in, outBefore = stream.avail_out;
        rc = deflate(&stream, inDone + inBefore == length ? Z_FINISH : Z_NO_FLUSH);
        inDone += inBefore - stream.avail_in;
        outDone += outBefore - stream.avail_out;
        if (rc == Z_STREAM_ERROR || (rc == Z_BUF_ERROR && outDone == capacity)) { deflateEnd(&stream); return -1; }
    } while (rc != Z_STREAM_END);
    deflateEnd(&stream);
    return (long)outDone;
}

struct gongshi_buffer { unsigned char *bytes; size_t length, capacity; int failed; };

static void gongshi_put(struct gongshi_buffer *b, const void *data, size_t n) {
    if (b->failed) return;
    if (b->length + n > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 65536;
        while (capacity < b->length + n) capacity *= 2;
        unsigned char *grown = realloc(b->bytes, capacity);
        if (!grown) { b->failed = 1; return; }
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, data, n);
    b->length += n;
}

static void gongshi_walk(int dirfd, char *path, size_t pathLength, struct gongshi_buffer *out) {
    int copy = dup(dirfd);
    if (copy < 0) return;
    DIR *dir = fdopendir(copy);
    if (!dir) { close(copy); return; }
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        size_t nameLength = strlen(name);
        if (pathLength + 1 + nameLength >= 4096) continue;
        struct stat st;
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        size_t childLength = pathLength ? pathLength + 1 + nameLength : nameLength;
        if (pathLength) path[pathLength] = '/';
        memcpy(path + (pathLength ? pathLength + 1 : 0), name, nameLength);
        path[childLength] = 0;
        int child = S_ISDIR(st.st_mode) ? openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
        /* A folder that cannot be opened is reported as "other": the caller removes it whole. */
        unsigned char kind = S_ISREG(st.st_mode) ? 0 : (S_ISDIR(st.st_mode) && child >= 0) ? 1 : 2;
        uint32_t mode = (uint32_t)(st.st_mode & 07777);
        int64_t seconds = (int64_t)st.st_ctim.tv_sec, nanoseconds = (int64_t)st.st_ctim.tv_nsec, size = (int64_t)st.st_size;
        uint16_t length = (uint16_t)childLength;
        gongshi_put(out, &kind, 1);
        gongshi_put(out, &mode, 4);
        gongshi_put(out, &seconds, 8);
        gongshi_put(out, &nanoseconds, 8);
        gongshi_put(out, &size, 8);
        gongshi_put(out, &length, 2);
        gongshi_put(out, path, childLength);
        if (child >= 0) { gongshi_walk(child, path, childLength, out); close(child); }
        path[pathLength] = 0;
    }
    closedir(dir);
}

long gongshi_walk_tree(const char *root, unsigned char **records) {
    *records = NULL;
    int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct gongshi_buffer out = {0};
    char path[4096];
    path[0] = 0;
    gongshi_walk(fd, path, 0, &out);
    close(fd);
    if (out.failed) { free(out.bytes); return -1; }
    *records = out.bytes;
    return (long)out.length;
}

#if defined(__linux__)
struct gongshi_build_id_search { unsigned char *out; int capacity; int length; };

static int gongshi_build_id_in(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct gongshi_build_id_search *search = data;
    // The first object dl_iterate_phdr reports is the executable itself.
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_NOTE) continue;
        const unsigned char *note = (const unsigned char *)(info->dlpi_addr + segment->p_vaddr);
        const unsigned char *end = note + segment->p_memsz;
        while (note + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *header = (const ElfW(Nhdr) *)note;
            const unsigned char *name = note + sizeof(ElfW(Nhdr));
            const unsigned char *desc = name + ((header->n_namesz + 3) & ~3u);
            const unsigned char *next = desc + ((header->n_descsz + 3) & ~3u);
            if (next > end) break;
            if (header->n_type == NT_GNU_BUILD_ID && header->n_namesz == 4 && memcmp(name, "GNU", 4) == 0
                && header->n_descsz > 0 && (int)header->n_descsz <= search->capacity) {
                memcpy(search->out, desc, header->n_descsz);
                search->length = (int)header->n_descsz;
                return 1;
            }
            note = next;
        }
    }
    return 1;
}
#endif

const char *gongshi_zlib_version(void) { return zlibVersion(); }

int gongshi_executable_build_id(unsigned char *out, int capacity) {
#if defined(__linux__)
    struct gongshi_build_id_search search = { out, capacity, 0 };
    dl_iterate_phdr(gongshi_build_id_in, &search);
    return search.length;
#else
    (void)out; (void)capacity;
    return 0;
#endif
}
