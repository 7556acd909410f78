#!/usr/bin/env python3
"""Markdown tables and text plots from `bailanys graph evaluate --json` (standard library only).

Usage: bailanys graph evaluate --json [...] | scripts/evaluation-report.py [--title NAME] > fragment.md

Prints, for each task, the per-cut AUC and precision@k of every ranking (precision@k over the evaluated people with
more than k candidates, whose number is shown), the summary over cuts, and one plot per
Bailanys ranking: the share of candidates that renewed (reconnect) or formed (meet) in each tenth of the
candidates ranked by score, averaged over the cuts (decile 10 = highest scores).
"""
import argparse
import json
import sys


def fmt(value, digits=3):
    return "—" if value is None else f"{value:.{digits}f}"


def plot(deciles, width=40):
    """A horizontal bar per decile, scaled to the largest share."""
    top = max((d for d in deciles if d is not None), default=0) or 1
    lines = []
    for i, share in enumerate(deciles, 1):
        if share is None:
            lines.append(f"  decile {i:2d} |")
            continue
        bar = "█" * round(share / top * width)
        lines.append(f"  decile {i:2d} |{bar} {share * 100:.1f} %")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", default="")
    args = parser.parse_args()
    report = json.load(sys.stdin)
    k = report["k"]
    out = []
    if args.title:
        out.append(f"#### {args.title}\n")
    out.append(f"{len(report['cuts'])} cuts, windows of {report['windowDays']} days ending {report['at']}.\n")
    for task in ("reconnect", "meet"):
        cuts = report["cuts"]
        names = [r["name"] for r in cuts[0][task]["rankings"]]
        out.append(f"**{task}** — AUC per cut (positives / candidates; weights of the learned ranking):\n")
        header = "| ranking | " + " | ".join(c["cut"] for c in cuts) + " |"
        out.append(header)
        out.append("|---|" + "---:|" * len(cuts))
        out.append("| positives / candidates | " + " | ".join(f"{c[task]['positives']} / {c[task]['candidates']}" for c in cuts) + " |")
        out.append("| learned weights from | " + " | ".join(c[task]["weightsSource"] for c in cuts) + " |")
        out.append(f"| people in P@{k} (of evaluated) | "
                   + " | ".join(f"{c[task].get('precisionPeople', '?')} / {c[task]['evaluatedPeople']}" for c in cuts) + " |")
        out.append(f"| best possible P@{k} | " + " | ".join(fmt(c[task].get('bestPossiblePrecision'), 4) for c in cuts) + " |")
        for name in names:
            cells = []
            for c in cuts:
                r = next(r for r in c[task]["rankings"] if r["name"] == name)
                cells.append(f"{fmt(r.get('auc'))} / {fmt(r.get('precisionAtK'), 4)}")
            star = "" if next(r for r in cuts[0][task]["rankings"] if r["name"] == name)["isBaseline"] else " **★**"
            out.append(f"| {name}{star} (AUC / P@{k}) | " + " | ".join(cells) + " |")
        for name in names:
            for key, label, digits in (("aucVersusBestBaseline", "AUC", 3), ("versusBestBaseline", f"P@{k}", 4)):
                versus = [next(r for r in c[task]["rankings"] if r["name"] == name).get(key) for c in cuts]
                if any(versus):
                    out.append(f"| {name} − best baseline, {label} (95 % interval) | "
                               + " | ".join("—" if v is None else f"{v['difference']:+.{digits}f} ({v['low']:+.{digits - 1}f} … "
                                            f"{v['high']:+.{digits - 1}f}) vs {v['baseline']}" for v in versus) + " |")
        out.append("")
        out.append(f"Summary over the cuts (★ Bailanys rankings; 'beats all' counts cuts where it beat every baseline, "
                   f"'none ahead' cuts where no baseline beat it, 'clearly behind' cuts where the best baseline was ahead "
                   f"beyond the 95 % interval of the paired difference):\n")
        out.append(f"| ranking | cuts | AUC mean ± sd | min AUC | P@{k} mean ± sd | beats all (AUC) | clearly behind (AUC) | "
                   f"beats all (P@{k}) | none ahead (P@{k}) | clearly behind (P@{k}) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in report["summary"]:
            if s["task"] != task:
                continue
            star = "" if s["isBaseline"] else " ★"
            best_auc = "" if s.get("cutsBestAUC") is None else f"{s['cutsBestAUC']}/{s['cutsScored']}"
            with_p = s.get("cutsWithPrecision", s["cutsScored"])
            best_p = "" if s.get("cutsBestPrecision") is None else f"{s['cutsBestPrecision']}/{with_p}"
            level_p = "" if s.get("cutsLevelPrecision") is None else f"{s['cutsLevelPrecision']}/{with_p}"
            behind_p = "" if s.get("cutsClearlyBehindPrecision") is None else f"{s['cutsClearlyBehindPrecision']}/{with_p}"
            behind_auc = "" if s.get("cutsClearlyBehindAUC") is None else f"{s['cutsClearlyBehindAUC']}/{s['cutsScored']}"
            out.append(f"| {s['name']}{star} | {s['cutsScored']} | {fmt(s.get('meanAUC'))} ± {fmt(s.get('sdAUC'))} | "
                       f"{fmt(s.get('minAUC'))} | {fmt(s.get('meanPrecision'), 4)} ± {fmt(s.get('sdPrecision'), 4)} | "
                       f"{best_auc} | {behind_auc} | {best_p} | {level_p} | {behind_p} |")
        out.append("")
        for name in names:
            if next(r for r in cuts[0][task]["rankings"] if r["name"] == name)["isBaseline"]:
                continue
            sums = [0.0] * 10
            counts = [0] * 10
            for c in cuts:
                r = next(r for r in c[task]["rankings"] if r["name"] == name)
                for d in r["calibration"]:
                    sums[d["decile"] - 1] += d["positiveShare"]
                    counts[d["decile"] - 1] += 1
            deciles = [sums[i] / counts[i] if counts[i] else None for i in range(10)]
            out.append(f"{name}: share {'renewed' if task == 'reconnect' else 'formed'} by score decile (mean over cuts)\n")
            out.append("```")
            out.append(plot(deciles))
            out.append("```")
            out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
