// renameat2 is a GNU extension that Swift's Glibc module does not export.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "CFileSystem.h"

int doorstroom_rename_noreplace(const char *from, const char *to) {
#if defined(__linux__)
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
    // EINVAL/ENOSYS: the kernel or file system cannot refuse; fall back below.
    if (errno != EINVAL && errno != ENOSYS) return -1;
#elif defined(__APPLE__)
    return renamex_np(from, to, RENAME_EXCL);
#endif
    // Fallback: check, then rename(2), which still refuses a non-empty target.
    struct stat st;
    if (lstat(to, &st) == 0) { errno = EEXIST; return -1; }
    return rename(from, to);
}
