"""Where numba keeps the compiled kernels (``@njit(cache=CACHE)``).

By default numba caches next to the sources (``__pycache__``) and checks only the source file's
time stamp, and it fails when no folder is writable. Here the cache goes to a per-user folder
named by a hash of the kernel sources (and the numba and Python versions), so changed kernels
never meet stale machine code, and when that folder cannot be written the kernels are simply
compiled on every run (``CACHE`` is False) with one warning saying so.

``NUMBA_CACHE_DIR``, when set, is used as it is.

Loading a kernel from the cache is made cheap (:func:`load_lean`): numba refreshes its whole
compiler context before every cache lookup, which imports every lowering module it has (and, through
``numba.np.arraymath``, scipy.linalg): about 0.25 s of CPU that a process which only loads machine
code does not need. The kernels therefore use no numpy function implemented there (``any``,
``sum``, ``sort`` ...; a loaded kernel's environment imports the module that implemented it).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numba
import numba.core.caching
import numba.core.config
from numba.core.runtime import rtsys
from platformdirs import user_cache_path


def source_key() -> str:
    """Hash of every kernel module's text, numba's version and the Python version."""
    digest = hashlib.sha256(f"{numba.__version__} {sys.version_info[:2]}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _writable(folder: Path) -> str:
    """Empty when ``folder`` exists (created if needed) and takes a new file, else why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError as error:
        return error.strerror or str(error)
    return ""


def configure_cache() -> bool:
    """Point numba's cache at a writable folder; False (no caching) when there is none."""
    chosen = os.environ.get("NUMBA_CACHE_DIR")
    folder = Path(chosen) if chosen else user_cache_path("dalan", appauthor=False) / "numba" / source_key()
    problem = _writable(folder)
    if problem:
        warnings.warn(
            f"dalan: numba's cache folder {folder} is not writable ({problem}); the kernels are "
            "compiled on every run (set NUMBA_CACHE_DIR to a writable folder to cache them)",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    if not chosen:
        os.environ["NUMBA_CACHE_DIR"] = str(folder)
        numba.core.config.reload_config()
    return True


def load_lean() -> bool:
    """Let numba load cached kernels after starting only its runtime (NRT), not after refreshing its
    compiler context; a kernel that must be compiled still refreshes it first (numba's compiler does).
    Uses numba's internals (``Cache.load_overload``); False, and nothing changed, if they differ."""
    cache = numba.core.caching.Cache
    if not all(hasattr(cache, name) for name in ("load_overload", "_load_overload", "_guard_against_spurious_io_errors")):
        return False

    def load_overload(self, sig, target_context):
        rtsys.initialize(target_context)
        with self._guard_against_spurious_io_errors():
            return self._load_overload(sig, target_context)

    cache.load_overload = load_overload  # type: ignore[method-assign]
    return True


CACHE = configure_cache()
LEAN = CACHE and load_lean()
