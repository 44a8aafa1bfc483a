#define _GNU_SOURCE
#include "CSupport.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

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
