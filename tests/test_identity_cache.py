"""IdentityCache: found again by object identity, kept alive while cached, bounded."""

from __future__ import annotations

from dalan.identity_cache import IdentityCache


def test_values_are_found_by_identity_and_the_oldest_is_dropped():
    cache: IdentityCache[str] = IdentityCache(maxsize=2)
    builds: list[str] = []

    def build(text: str):
        return lambda: builds.append(text) or text

    a, b, c = object(), object(), object()
    assert cache.get((a,), 1, build("a1")) == "a1"
    assert cache.get((a,), 1, build("again")) == "a1"  # same object and extra: not rebuilt
    assert cache.get((a,), 2, build("a2")) == "a2"  # another extra: another entry
    assert cache.get((b,), 1, build("b1")) == "b1"  # a third entry drops (a, 1)
    assert cache.get((a,), 1, build("a1 again")) == "a1 again"
    assert builds == ["a1", "a2", "b1", "a1 again"]
    assert cache.get((c,), 1, build("c1")) == "c1"  # an equal-looking object is another key


def test_the_cached_objects_are_kept_alive_so_an_id_is_never_reused():
    import gc
    import weakref

    class Thing:
        pass

    cache: IdentityCache[int] = IdentityCache(maxsize=4)
    thing = Thing()
    ref = weakref.ref(thing)
    cache.get((thing,), None, lambda: 1)
    del thing
    gc.collect()
    assert ref() is not None
