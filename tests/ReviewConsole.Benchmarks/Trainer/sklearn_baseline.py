"""Generates the trainer benchmark's data and times scikit-learn's LogisticRegression on it.

Writes train.csv and test.csv (label first, then 50 features) to the folder given, then prints one JSON
line: {"seconds": fit time, "accuracy": test accuracy, "iterations": n_iter_}.
"""
import json
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

folder = sys.argv[1]
X, y = make_classification(n_samples=125_000, n_features=50, n_informative=20, n_classes=5, random_state=7)
train, test = slice(0, 100_000), slice(100_000, 125_000)
for name, part in (("train", train), ("test", test)):
    np.savetxt(f"{folder}/{name}.csv", np.column_stack([y[part], X[part]]), delimiter=",", fmt="%.17g")

model = LogisticRegression(solver="lbfgs", C=1.0, max_iter=200)
start = time.perf_counter()
model.fit(X[train], y[train])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "accuracy": float(model.score(X[test], y[test])), "iterations": int(model.n_iter_[0])}))
