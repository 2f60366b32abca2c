"""A hashed sparse linear classifier in numpy: string features in, class probabilities out.

Small and fast enough to train on a laptop CPU in seconds to minutes, with no dependency
beyond numpy. Features are hashed (crc32, stable across processes) into 2**bits rows; training
is AdaGrad on the log loss, softmax over exclusive classes or one sigmoid per class otherwise.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np


class HashedLinear:
    def __init__(self, classes: Sequence[str], exclusive: bool, bits: int = 20) -> None:
        self.classes = list(classes)
        self.exclusive = exclusive
        self.mask = (1 << bits) - 1
        self.weights = np.zeros((1 << bits, len(self.classes)), dtype=np.float32)
        self.bias = np.zeros(len(self.classes), dtype=np.float32)

    def rows(self, features: Iterable[str]) -> np.ndarray:
        return np.unique(np.fromiter((zlib.crc32(f.encode("utf-8")) & self.mask for f in features), dtype=np.int64))

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = self.weights[rows].sum(axis=0) + self.bias
        if self.exclusive:
            e = np.exp(z - z.max())
            return e / e.sum()
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, without overflow

    def fit(self, examples: list[np.ndarray], targets: np.ndarray, epochs: int, rate: float = 0.2, seed: int = 0) -> None:
        """AdaGrad over the examples (row arrays from `rows`), `targets` one row of 0/1 per example."""
        squares = np.full_like(self.weights, 1e-6)
        bias_squares = np.full_like(self.bias, 1e-6)
        order = list(range(len(examples)))
        rng = random.Random(seed)
        for _ in range(epochs):
            rng.shuffle(order)
            for n in order:
                rows = examples[n]
                gradient = (self.probabilities(rows) - targets[n]).astype(np.float32)
                squares[rows] += gradient * gradient
                self.weights[rows] -= rate * gradient / np.sqrt(squares[rows])
                bias_squares += gradient * gradient
                self.bias -= rate * gradient / np.sqrt(bias_squares)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights, bias=self.bias)

    @classmethod
    def load(cls, path: Path, classes: Sequence[str], exclusive: bool) -> "HashedLinear":
        arrays = np.load(path)
        model = cls(classes, exclusive, bits=int(arrays["weights"].shape[0]).bit_length() - 1)
        model.weights, model.bias = arrays["weights"], arrays["bias"]
        return model
