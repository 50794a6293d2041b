"""Generates a trainer benchmark's data and times scikit-learn on it.

Usage: sklearn_baseline.py FOLDER linear|nonlinear

Writes train.csv and test.csv (label first, then 50 features) to FOLDER, then prints one JSON line:
{"seconds": fit time, "accuracy": test accuracy}.
- linear: make_classification (100k train, 25k test, 50 features, 5 classes), LogisticRegression(lbfgs, C=1).
- nonlinear: the same sizes, labels from thresholds and interactions of a few features (an XOR, a product,
  an absolute value, a threshold) with 5% label noise, HistGradientBoostingClassifier with LightGBM's
  defaults (100 iterations, learning rate 0.1, 31 leaves, 20 rows per leaf, no early stopping).
"""
import json
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

folder, kind = sys.argv[1], sys.argv[2]
if kind == "linear":
    X, y = make_classification(n_samples=125_000, n_features=50, n_informative=20, n_classes=5, random_state=7)
    model = LogisticRegression(solver="lbfgs", C=1.0, max_iter=200)
else:
    rng = np.random.default_rng(7)
    X = rng.normal(size=(125_000, 50))
    y = (((X[:, 0] > 0) ^ (X[:, 1] > 0.5)).astype(int)
         + (X[:, 2] * X[:, 3] > 0).astype(int)
         + (np.abs(X[:, 4]) > 1).astype(int)
         + (X[:, 5] > 1.0).astype(int))
    noise = rng.random(125_000) < 0.05
    y[noise] = rng.integers(0, 5, noise.sum())
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
                                           early_stopping=False, random_state=7)

train, test = slice(0, 100_000), slice(100_000, 125_000)
for name, part in (("train", train), ("test", test)):
    np.savetxt(f"{folder}/{name}.csv", np.column_stack([y[part], X[part]]), delimiter=",", fmt="%.9g")

start = time.perf_counter()
model.fit(X[train], y[train])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "accuracy": float(model.score(X[test], y[test]))}))
