"""Writing output files atomically: all of the new content, or the old file untouched.

Every writer of a user-visible file (reports, CSV tables, GeoJSON, flow files) goes through
:func:`atomic_write` or :func:`write_text_atomic`: the content is written to a temporary file in
the target's folder, flushed to disk and renamed over the target (``os.replace`` is atomic on the
same file system). A failure half-way — a render error, a full disk, an encoding error, Ctrl-C —
removes the temporary file and leaves an existing target as it was, never truncated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dalan.errors import InputError, Problem, os_reason


@contextlib.contextmanager
def atomic_write(path: str | Path, *, binary: bool = False, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO]:
    """A file handle whose content replaces ``path`` only when the ``with`` block succeeds.

    Parent folders are created. An OSError opening the temporary file becomes an
    :class:`InputError` naming the target.
    """
    target = check_output_file(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _cannot_write(target, error) from None
    temp = Path(temp_name)
    try:
        handle: IO = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp, target.stat().st_mode & 0o7777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def ensure_folder(folder: str | Path, target: str | Path | None = None) -> Path:
    """Create ``folder`` (and its parents) if missing; an OSError — a file in the way, no
    permission — becomes an :class:`InputError` naming ``target`` (default: the folder). Commands
    call it before long work so that a bad output folder fails at once."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(Path(target if target is not None else folder), error) from None
    return Path(folder)


def check_output_file(path: str | Path) -> Path:
    """``path`` as a file to write: a folder there, or a parent folder that cannot be made, is an
    :class:`InputError` naming it (commands call it before long work, so that it fails at once)."""
    target = Path(path)
    if target.is_dir():
        raise _cannot_write(target, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)), hint="file_not_folder")
    ensure_folder(target.parent, target)
    return target


def check_outputs(*paths: str | Path | None) -> None:
    """:func:`check_output_file` for each output file a command was given (None: not asked for)."""
    for path in paths:
        if path is not None:
            check_output_file(path)


def _cannot_write(target: Path, error: OSError, hint: str = "writable") -> InputError:
    return InputError(Problem.of("output", "path", str(target), "cannot_write", hint, reason=os_reason(error)))


def write_text_atomic(path: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write`); returns the path."""
    with atomic_write(path, encoding=encoding, newline="") as handle:
        handle.write(text)
    return Path(path)


def write_frame_csv(path: str | Path, frame, **to_csv_kwargs) -> Path:
    """A pandas DataFrame as CSV, atomically (the text is built first, then written)."""
    return write_text_atomic(path, frame.to_csv(**to_csv_kwargs))


__all__ = ["atomic_write", "check_output_file", "check_outputs", "ensure_folder", "write_frame_csv", "write_text_atomic"]
