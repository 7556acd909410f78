#!/usr/bin/env python3
"""Turn a SNAP-style temporal edge list (`sender recipient seconds` per line) into the two CSV files that
`bailanys import` reads: people.csv (one person per address) and interactions.csv (one contact per pair of
people per day, whichever way and however many messages; the tie model works in days).

Usage: scripts/temporal-to-csv.py EDGES OUTDIR [--start 2020-01-06]
Then:  bailanys --db D init --empty && bailanys --db D import OUTDIR/people.csv --settlement Astana
       && bailanys --db D import OUTDIR/interactions.csv
Second 0 of the file becomes --start (the data carry no calendar dates). Standard library only.
"""
import argparse
import csv
import datetime
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edges")
    parser.add_argument("outdir")
    parser.add_argument("--start", default="2020-01-06", help="calendar day of second 0 (YYYY-MM-DD)")
    args = parser.parse_args()
    start = datetime.date.fromisoformat(args.start)
    people = set()
    contacts = set()
    with open(args.edges, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 3 or not all(x.isdigit() for x in fields):
                sys.exit(f"{args.edges}:{number}: expected 'sender recipient seconds', got {line.strip()!r}")
            a, b, seconds = int(fields[0]), int(fields[1]), int(fields[2])
            people.update((a, b))
            if a != b:  # a message to oneself is not a contact
                contacts.add((min(a, b), max(a, b), seconds // 86400))
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "people.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["external_id", "full_name"])
        for p in sorted(people):
            w.writerow([f"n{p}", f"Node {p}"])
    with open(os.path.join(args.outdir, "interactions.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["a", "b", "date", "channel"])
        for a, b, day in sorted(contacts, key=lambda c: (c[2], c[0], c[1])):
            w.writerow([f"n{a}", f"n{b}", (start + datetime.timedelta(days=day)).isoformat(), "email"])
    print(f"{len(people)} people, {len(contacts)} contacts (pair-days) written to {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
