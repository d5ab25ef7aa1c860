"""Connected components of a graph given as two arrays of node indices, vectorised.

Minimum-label propagation with pointer jumping: each round every edge pulls both ends to the
smaller label, then every label jumps to its label's label. Person clusters are small and
shallow, so a million edges settle in a handful of rounds, without a Python loop per edge.
"""

from __future__ import annotations

import numpy as np


def component_labels(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For nodes 0..n-1, the smallest node index of each node's connected component."""
    labels = np.arange(n, dtype=np.int64)
    if len(left) == 0:
        return labels
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while True:
        low = np.minimum(labels[left], labels[right])
        pulled = labels.copy()
        np.minimum.at(pulled, left, low)
        np.minimum.at(pulled, right, low)
        while True:  # pointer jumping: a label's label is also its component's
            jumped = pulled[pulled]
            if np.array_equal(jumped, pulled):
                break
            pulled = jumped
        if np.array_equal(pulled, labels):
            return labels
        labels = pulled
