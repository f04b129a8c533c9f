#!/usr/bin/env python3
"""Frame accuracy of ways to label frames from a timeline's windows, against the truth of `bench timeline`.

    bench/timeline-labelling.py TIMELINE_CSV TRUTH_CSV [FPS]

TIMELINE_CSV: the timeline.csv of `actionrec timeline --smooth 1 --out DIR` (its p_<class> columns are then the
windows' own probabilities); TRUTH_CSV: the `<video>.truth.csv` that `actionrec bench timeline` writes beside its
video (clip,label,first_frame,end_frame). Each frame is labelled at its centre, without segments or a minimum
duration, by: the nearest window; the windows covering it, weighted by a tent over each (what TimelineBuilder
does), equally, by the tent times the window's top probability, by the tent over log-probabilities; and the tent
after averaging neighbouring windows (1, 2, 1). Prints the percentage of frames labelled right for each.
"""
import csv
import sys

import numpy as np


def main():
    timeline, truth_csv = sys.argv[1], sys.argv[2]
    fps = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    rows = list(csv.reader(open(timeline)))
    classes = [h[2:] for h in rows[0] if h.startswith("p_")]
    first_p = rows[0].index("p_" + classes[0])
    spans = np.array([[float(r[0]), float(r[1])] for r in rows[1:]])
    probs = np.array([[float(x) for x in r[first_p:]] for r in rows[1:]])
    truth = [(r[1], int(r[2]), int(r[3])) for r in list(csv.reader(open(truth_csv)))[1:]]
    index = {c: i for i, c in enumerate(classes)}
    frames = truth[-1][2]
    y = np.empty(frames, dtype=int)
    for label, a, b in truth:
        y[a:b] = index[label]
    t = (np.arange(frames) + 0.5) / fps
    centres = spans.mean(1)
    half = (spans[:, 1] - spans[:, 0]) / 2

    def accuracy(labels):
        return 100.0 * (labels == y).mean()

    def covering(weight, p=probs, log=False):
        out = np.zeros(frames, dtype=int)
        for s in range(0, frames, 2000):
            tt = t[s:s + 2000]
            d = np.abs(tt[:, None] - centres[None, :]) / half[None, :]
            w = weight(d)
            w[d >= 1] = 0
            uncovered = w.sum(1) == 0
            w[uncovered, np.abs(tt[uncovered, None] - centres[None, :]).argmin(1)] = 1
            out[s:s + 2000] = (w @ (np.log(p + 1e-9) if log else p)).argmax(1)
        return accuracy(out)

    nearest = np.abs(t[:, None] - centres[None, :]).argmin(1)
    top = probs.max(1)
    smoothed = probs.copy()
    smoothed[1:-1] = (probs[:-2] + 2 * probs[1:-1] + probs[2:]) / 4
    figures = {
        "nearest window": accuracy(probs[nearest].argmax(1)),
        "tent over covering windows": covering(lambda d: 1 - d),
        "equal weights": covering(np.ones_like),
        "tent x top probability": covering(lambda d: (1 - d) * top[None, :]),
        "tent over log-probabilities": covering(lambda d: 1 - d, log=True),
        "smoothed (1, 2, 1), then tent": covering(lambda d: 1 - d, p=smoothed),
    }
    for name, value in figures.items():
        print(f"{name:32s} {value:6.2f}")


if __name__ == "__main__":
    main()
