"""Multi-label search (Martins) for Pareto sets of paths, in numba.

The same search as the plain :func:`dalan._kernels.pareto_reference.martins_reference` (the test
oracle), label for label: labels are popped in lexicographic order of their criteria vector
(then their index), a popped label is dropped when a label already settled at its node
dominates it (within a relative slack ε) or when its node holds ``max_labels`` settled labels,
and an extension is dropped when a label settled at its head dominates it. The sums and the
slack are computed in the same float64 operations, so both keep the same labels in the same order.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from dalan._kernels._cache import CACHE


@njit(cache=CACHE)
def _less(vectors, a, b):
    """Whether label ``a`` comes before label ``b``: criteria lexicographically, then index."""
    for c in range(vectors.shape[1]):
        if vectors[a, c] != vectors[b, c]:
            return vectors[a, c] < vectors[b, c]
    return a < b


@njit(cache=CACHE)
def _dominated(vectors, first, following, node, vector, slack):
    """Whether a label settled at ``node`` is within ``vector × slack + 1e-12`` on every criterion."""
    other = first[node]
    while other >= 0:
        good = True
        for c in range(vector.shape[0]):
            if not vectors[other, c] <= vector[c] * slack + 1e-12:
                good = False
                break
        if good:
            return True
        other = following[other]
    return False


@njit(cache=CACHE)
def martins(indptr, head, allowed, criteria, source, target, epsilon, max_labels):
    """Labels of the search from ``source``: ``(vectors, edge, parent, found)`` — each label's
    criteria sums, last edge and parent label (-1 at the source), and the labels settled at
    ``target`` in the order they were settled. ``max_labels`` < 0: no bound per node."""
    n = indptr.shape[0] - 1
    k = criteria.shape[1]
    capacity = 1024
    vectors = np.zeros((capacity, k))
    label_node = np.empty(capacity, dtype=np.int64)
    label_edge = np.empty(capacity, dtype=np.int64)
    label_parent = np.empty(capacity, dtype=np.int64)
    following = np.full(capacity, -1, dtype=np.int64)  # next label settled at the same node
    first = np.full(n, -1, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    heap = np.empty(capacity, dtype=np.int64)
    label_node[0], label_edge[0], label_parent[0] = source, -1, -1
    heap[0] = 0
    size, labels = 1, 1
    slack = 1.0 + epsilon
    vector = np.empty(k)
    while size > 0:
        lab = heap[0]  # pop the least label
        size -= 1
        moved = heap[size]
        i = 0
        while True:
            child = 2 * i + 1
            if child >= size:
                break
            if child + 1 < size and _less(vectors, heap[child + 1], heap[child]):
                child += 1
            if not _less(vectors, heap[child], moved):
                break
            heap[i] = heap[child]
            i = child
        if size > 0:
            heap[i] = moved
        node = label_node[lab]
        if _dominated(vectors, first, following, node, vectors[lab], slack):
            continue
        if max_labels >= 0 and count[node] >= max_labels:
            continue
        if last[node] < 0:
            first[node] = lab
        else:
            following[last[node]] = lab
        last[node] = lab
        count[node] += 1
        if node == target:
            continue
        for e in range(indptr[node], indptr[node + 1]):
            if not allowed[e]:
                continue
            h = head[e]
            for c in range(k):
                vector[c] = vectors[lab, c] + criteria[e, c]
            if _dominated(vectors, first, following, h, vector, slack):
                continue
            if labels == capacity:  # grow every label array and the heap
                capacity *= 2
                vectors = _grown2(vectors, capacity)
                label_node = _grown(label_node, capacity, 0)
                label_edge = _grown(label_edge, capacity, 0)
                label_parent = _grown(label_parent, capacity, 0)
                following = _grown(following, capacity, -1)
                heap = _grown(heap, capacity, 0)
            new = labels
            labels += 1
            vectors[new] = vector
            label_node[new], label_edge[new], label_parent[new] = h, e, lab
            i = size  # push
            size += 1
            while i > 0:
                parent = (i - 1) >> 1
                if not _less(vectors, new, heap[parent]):
                    break
                heap[i] = heap[parent]
                i = parent
            heap[i] = new
    found = np.empty(count[target], dtype=np.int64)
    lab, j = first[target], 0
    while lab >= 0:
        found[j] = lab
        j += 1
        lab = following[lab]
    return vectors[:labels], label_edge[:labels], label_parent[:labels], found


@njit(cache=CACHE)
def _grown(values, capacity, fill):
    out = np.full(capacity, fill, dtype=values.dtype)
    out[: values.shape[0]] = values
    return out


@njit(cache=CACHE)
def _grown2(values, capacity):
    out = np.zeros((capacity, values.shape[1]))
    out[: values.shape[0]] = values
    return out
