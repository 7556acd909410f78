#!/usr/bin/env python3
"""Turn a temporal edge list into the two CSV files that `bailanys import` reads: people.csv (one person per
address) and interactions.csv (one contact per pair of people per day, whichever way and however many messages;
the tie model works in days).

Usage: scripts/temporal-to-csv.py EDGES OUTDIR [--start 2020-01-06] [--konect] [--channel email]
Then:  bailanys --db D init --empty && bailanys --db D import OUTDIR/people.csv --settlement Astana
       && bailanys --db D import OUTDIR/interactions.csv
EDGES is SNAP's layout (`sender recipient seconds` per line), whose second 0 becomes --start (those data carry no
calendar dates), or with --konect KONECT's (`%` comment lines, then `sender recipient weight unix-time`), whose
days are the UTC days of the messages. A .gz file is read as gzip. Standard library only.
"""
import argparse
import csv
import gzip
import datetime
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edges")
    parser.add_argument("outdir")
    parser.add_argument("--start", default="2020-01-06", help="calendar day of second 0 (YYYY-MM-DD)")
    parser.add_argument("--konect", action="store_true", help="KONECT layout: sender recipient weight unix-time")
    parser.add_argument("--channel", default="email", choices=["meeting", "call", "message", "email", "event"])
    args = parser.parse_args()
    # KONECT times are Unix seconds: day 0 is 1970-01-01, so every contact keeps its real calendar day.
    start = datetime.date(1970, 1, 1) if args.konect else datetime.date.fromisoformat(args.start)
    layout = "sender recipient weight unix-time" if args.konect else "sender recipient seconds"
    people = set()
    contacts = set()
    opener = gzip.open if args.edges.endswith(".gz") else open
    with opener(args.edges, "rt", encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if not fields or (args.konect and line.startswith("%")):
                continue
            if len(fields) != len(layout.split()) or not all(x.isdigit() for x in fields):
                sys.exit(f"{args.edges}:{number}: expected '{layout}', got {line.strip()!r}")
            a, b, seconds = int(fields[0]), int(fields[1]), int(fields[-1])
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
            w.writerow([f"n{a}", f"n{b}", (start + datetime.timedelta(days=day)).isoformat(), args.channel])
    print(f"{len(people)} people, {len(contacts)} contacts (pair-days) written to {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
