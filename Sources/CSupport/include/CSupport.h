#ifndef GONGSHI_CSUPPORT_H
#define GONGSHI_CSUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0 or -1 with errno set.
int gongshi_exchange_paths(const char *a, const char *b);

/// Flushes the file system that holds `path` to disk (syncfs). Returns 0 or -1 with errno set.
int gongshi_sync_filesystem(const char *path);

#endif
