#ifndef DOORSTROOM_CFILESYSTEM_H
#define DOORSTROOM_CFILESYSTEM_H

/// Renames `from` to `to` unless `to` exists: returns 0, or -1 with errno set
/// (EEXIST or ENOTEMPTY when `to` exists). Unlike rename(2), which silently
/// replaces an empty directory, it never replaces anything.
int doorstroom_rename_noreplace(const char *from, const char *to);

#endif
