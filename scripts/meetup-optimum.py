#!/usr/bin/env python3
"""Exact optimum of a meetup plan's problem, by a mixed-integer program (scipy.optimize.milp).

Input: the output of `bailanys meetup plan --json --problem` (one file per argument, or stdin).
Output: one JSON line per plan: the planner's objective, the exact optimum, their ratio and the
planner's upper bound.

The program (docs/algorithms.md, "Meetup planner"):
  maximise   Σ value_m x_m + w_r Σ_ties lost_t y_t + w_m Σ_rounds Σ_j (√j − √(j−1)) z_rj
  subject to y_t ≤ x_a, y_t ≤ x_b               (a fading tie pays when both come)
             Σ_j z_rj ≤ Σ_{m in round r} x_m      (concave mix term, increments fall with j)
             Σ x ≤ capacity, Σ mentors x ≤ mentor seats
             x_mentor ≤ Σ_{mentees} x              (a mentor comes with a mentee)
             x binary; y, z in [0, 1]
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix


def optimum(problem, time_limit=60.0):
    members, links = problem["members"], problem["links"]
    n, t = len(members), len(links)
    rounds = {}
    for m, member in enumerate(members):
        for r in member["rounds"]:
            rounds.setdefault(r, []).append(m)
    z_index = []  # (round, j)
    for r, people in sorted(rounds.items()):
        for j in range(1, len(people) + 1):
            z_index.append((r, j))
    size = n + t + len(z_index)
    c = np.zeros(size)
    for m, member in enumerate(members):
        c[m] = -member["value"]
    for k, link in enumerate(links):
        c[n + k] = -problem["revivedTie"] * link["lost"]
    for k, (r, j) in enumerate(z_index):
        c[n + t + k] = -problem["roundMix"] * (math.sqrt(j) - math.sqrt(j - 1))
    rows = 2 * t + len(rounds) + 2 + sum(1 for m in members if m["mentor"])
    a = lil_matrix((rows, size))
    lower, upper = [], []
    row = 0
    for k, link in enumerate(links):
        for end in (link["a"], link["b"]):
            a[row, n + k] = 1
            a[row, end] = -1
            lower.append(-np.inf); upper.append(0); row += 1
    z_of = {}
    for k, (r, _) in enumerate(z_index):
        z_of.setdefault(r, []).append(n + t + k)
    for r, people in sorted(rounds.items()):
        for col in z_of[r]:
            a[row, col] = 1
        for m in people:
            a[row, m] = -1
        lower.append(-np.inf); upper.append(0); row += 1
    for m in range(n):
        a[row, m] = 1
    lower.append(0); upper.append(problem["capacity"]); row += 1
    for m, member in enumerate(members):
        if member["mentor"]:
            a[row, m] = 1
    lower.append(0); upper.append(problem["mentorSeats"]); row += 1
    for m, member in enumerate(members):
        if member["mentor"]:
            a[row, m] = 1
            for mentee in member["mentees"]:
                a[row, mentee] = -1
            lower.append(-np.inf); upper.append(0); row += 1
    integrality = np.zeros(size)
    integrality[:n] = 1
    result = milp(c, constraints=LinearConstraint(a.tocsr(), lower, upper), integrality=integrality,
                  bounds=Bounds(0, 1), options={"time_limit": time_limit})
    if result.x is None:
        raise SystemExit(f"milp found no solution: {result.message}")
    chosen = [members[m]["id"] for m in range(n) if result.x[m] > 0.5]
    return -result.fun, result.status == 0, chosen


def report(plan):
    best, proven, _ = optimum(plan["problem"])
    ratio = plan["objective"] / best if best > 0 else 1.0
    return {"host": plan["host"], "capacity": plan["capacity"], "radiusKm": plan["radiusKm"],
            "objective": plan["objective"], "optimum": best, "proven": proven, "ratio": ratio,
            "upperBound": plan["upperBound"]}


if __name__ == "__main__":
    sources = sys.argv[1:] or ["-"]
    for source in sources:
        plan = json.load(sys.stdin if source == "-" else open(source, encoding="utf-8"))
        print(json.dumps(report(plan)))
