#ifndef GONGSHI_CSUPPORT_H
#define GONGSHI_CSUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0 or -1 with errno set.
int gongshi_exchange_paths(const char *a, const char *b);

/// Flushes the file system that holds `path` to disk (syncfs). Returns 0 or -1 with errno set.
int gongshi_sync_filesystem(const char *path);

/// The offset of the first occurrence of `needle` in `haystack` (glibc memmem), or -1.
long gongshi_find(const void *haystack, long length, const void *needle, long needleLength);

#endif
