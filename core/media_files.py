"""Every stored media file, read and written through the storage API: for backups and moves.

Works the same on the local disk and on a bucket (`core/media_storage.py`): the names are
the storage's own (`images/2026/12/summit.jpg`, `renditions/7/640.jpg`), which the database's
rows refer to, so a file put back under its name is found again by the row that names it.
"""

import io
import tarfile
import time


def walk(storage, folder=""):
    """Every file's name in `storage`, folders first-to-last in a stable order."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for child in sorted(folders):
        yield from walk(storage, f"{folder}/{child}" if folder else child)


def write_archive(storage, target):
    """Every file in `storage` into the tar file `target`; returns how many."""
    count = 0
    with tarfile.open(target, "w") as archive:
        for name in walk(storage):
            with storage.open(name, "rb") as stored:
                data = stored.read()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            member.mtime = int(time.time())
            archive.addfile(member, io.BytesIO(data))
            count += 1
    return count


def restore_archive(storage, source):
    """Put back every file of the tar `source` that `storage` lacks; returns (restored, kept)."""
    restored = kept = 0
    with tarfile.open(source, "r") as archive:
        for member in archive:
            if not member.isfile() or not is_safe_name(member.name):
                continue
            if storage.exists(member.name):
                kept += 1
                continue
            stored_name = storage.save(member.name, archive.extractfile(member))
            if stored_name != member.name:  # only possible if it appeared meanwhile
                storage.delete(stored_name)
            restored += 1
    return restored, kept


def copy_all(source, target):
    """Every file of `source` that `target` lacks, copied under the same name: (copied, kept)."""
    copied = kept = 0
    for name in walk(source):
        if target.exists(name):
            kept += 1
            continue
        with source.open(name, "rb") as stored:
            target.save(name, stored)
        copied += 1
    return copied, kept


def is_safe_name(name):
    """A relative name inside the store: no absolute path, no `..` (a crafted archive)."""
    return bool(name) and not name.startswith("/") and ".." not in name.split("/")
