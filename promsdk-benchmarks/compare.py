#!/usr/bin/env python3
"""Renders the same-run comparison of promsdk's rows between a baseline commit's benchmarks jar and
the current one (`benchmarks/run --baseline REV`) as a Markdown section.

Usage: compare.py --out FILE --meta META.json
                  --baseline-benchmarks NAMES.txt --current-benchmarks NAMES.txt
                  --baseline JMH.json [JMH.json ...] --current JMH.json [JMH.json ...]

The run measures each row in several rounds, one JMH fork per jar and round, so each jar has one
JSON file per round and group of benchmarks. Here the rounds of a row are pooled the way JMH pools
its forks: every measured iteration is one sample, the score is their mean and the error the
half-width of the 99.9% Student t interval. A row is compared only when both jars measured it with
the same benchmark name, parameters, thread count and unit; the others are listed. The NAMES files
hold the benchmark names each jar offered for the comparison (`java -jar ... -l`), so that
benchmarks present in one jar only, which were not run, are listed too.

If FILE exists, the section replaces the previous comparison section in it (between the markers),
or goes before its "## Results" heading, or at its end; otherwise FILE holds the section alone.
"""

import argparse
import json
import math
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import WORKLOADS, fmt_bytes, fmt_num, parse_benchmark  # noqa: E402

# The project rule: no row more than this much slower than at the baseline.
TOLERANCE = 0.10
CONFIDENCE = 0.999  # JMH's default for scoreError
START_MARKER = "<!-- baseline-comparison: written by `benchmarks/run --baseline`; the next comparison replaces it -->"
END_MARKER = "<!-- /baseline-comparison -->"

# Verdicts, as counted in the summary.
WORSE = "worse by more than 10%"
UNRESOLVED = "not settled"
NO_ERROR = "not settled (one sample)"
WITHIN = "within 10%"
BETTER = "better"


def student_t_cdf(t, dof):
    """P(T <= t) for Student's t with an integer number of degrees of freedom.

    The closed forms for integer dof (Abramowitz & Stegun 26.7.3 and 26.7.4): a finite series in
    cos^2 of theta = atan(t / sqrt(dof)); exact, so no special-function library is needed.
    """
    theta = math.atan(t / math.sqrt(dof))
    c2 = math.cos(theta) ** 2
    if dof % 2 == 1:
        series, term = 0.0, 1.0
        for k in range(1, (dof - 1) // 2 + 1):  # 1 + 2/3 c^2 + (2*4)/(3*5) c^4 + ... (dof - 3 power)
            series += term
            term *= c2 * (2 * k) / (2 * k + 1)
        return 0.5 + (theta + math.sin(theta) * math.cos(theta) * series) / math.pi
    series, term = 0.0, 1.0
    for k in range(1, dof // 2 + 1):  # 1 + 1/2 c^2 + (1*3)/(2*4) c^4 + ... (dof - 2 power)
        series += term
        term *= c2 * (2 * k - 1) / (2 * k)
    return 0.5 + 0.5 * math.sin(theta) * series


def student_t_quantile(p, dof):
    """The t with P(T <= t) = p, for p > 0.5: bisection on the monotone CDF."""
    lo, hi = 0.0, 1.0
    while student_t_cdf(hi, dof) < p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if student_t_cdf(mid, dof) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mean(samples):
    return sum(samples) / len(samples)


def half_width(samples):
    """Half-width of the 99.9% confidence interval of the mean; NaN with fewer than 2 samples."""
    n = len(samples)
    if n < 2:
        return float("nan")
    m = mean(samples)
    sd = math.sqrt(sum((x - m) ** 2 for x in samples) / (n - 1))
    return student_t_quantile(1 - (1 - CONFIDENCE) / 2, n - 1) * sd / math.sqrt(n)


class Pooled:
    """One row of one jar: the measured iterations of all its rounds, and allocation per op."""

    def __init__(self, unit):
        self.unit = unit
        self.samples = []
        self.alloc_samples = []

    def add(self, entry):
        for fork in entry["primaryMetric"].get("rawData") or []:
            self.samples.extend(fork)
        gc = (entry.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
        if gc:
            for fork in gc.get("rawData") or []:
                self.alloc_samples.extend(fork)

    @property
    def score(self):
        return mean(self.samples)

    @property
    def error(self):
        return half_width(self.samples)

    @property
    def bytes(self):
        return mean(self.alloc_samples) if self.alloc_samples else None

    @property
    def bytes_error(self):
        """As error, for bytes per op: a scrape of 100,000 series runs a few times per iteration, so
        what the profiler attributes to each op varies by a kilobyte between iterations."""
        return half_width(self.alloc_samples)


def row_id(entry):
    params = entry.get("params") or {}
    return entry["benchmark"], tuple(params.items()), entry["threads"]


def pool(paths):
    """{row id: Pooled} over all JSON files of one jar."""
    rows = {}
    for path in paths:
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            continue
        with open(path) as f:
            for entry in json.load(f):
                key = row_id(entry)
                if key not in rows:
                    rows[key] = Pooled(entry["primaryMetric"]["scoreUnit"])
                rows[key].add(entry)
    return rows


def short_name(benchmark):
    """io.promsdk.benchmarks.CounterIncBenchmark.T1.promsdk -> CounterIncBenchmark.T1.promsdk"""
    workload, variant, library = parse_benchmark(benchmark)
    return ".".join(p for p in (workload, variant, library) if p)


def label(key):
    benchmark, params, threads = key
    extra = [f"{k}={v}" for k, v in params]
    if threads != 1:
        extra.append(f"{threads} threads")
    return f"`{short_name(benchmark)}`" + (f" [{', '.join(extra)}]" if extra else "")


def sort_key(key):
    benchmark, params, threads = key
    workload, variant, library = parse_benchmark(benchmark)
    order = [w for w, _, _ in WORKLOADS]
    w = order.index(workload) if workload in order else len(order)
    numeric = tuple(int(v) if str(v).isdigit() else 0 for _, v in params)
    return w, variant, numeric, tuple(str(v) for _, v in params), library, threads


class Comparison:
    """Baseline and current measurements of one row, and what they show."""

    def __init__(self, key, base, cur):
        self.key = key
        self.base = base
        self.cur = cur
        self.ratio = cur.score / base.score
        be, ce = base.error, cur.error
        self.errors_known = not (math.isnan(be) or math.isnan(ce))
        if self.errors_known:
            # The widest ratio the two 99.9% bars allow: fast end of one over slow end of the other.
            self.ratio_low = max(cur.score - ce, 0.0) / (base.score + be)
            self.ratio_high = (cur.score + ce) / (base.score - be) if base.score > be else math.inf
        else:
            self.ratio_low = self.ratio_high = float("nan")
        self.verdict = self._verdict()

    def _verdict(self):
        if not self.errors_known:
            return NO_ERROR
        if self.ratio_low > 1 + TOLERANCE:
            return WORSE
        if self.ratio_high < 1:
            return BETTER
        if self.ratio <= 1 + TOLERANCE:
            return WITHIN
        return UNRESOLVED

    def alloc_grew(self):
        """Allocation per op up by more than 10% and 8 B, shown by its error bars as time is."""
        b, c = self.base.bytes, self.cur.bytes
        if b is None or c is None or math.isnan(self.base.bytes_error) or math.isnan(self.cur.bytes_error):
            return False  # one sample: no bars to show it
        c_low = c - self.cur.bytes_error
        b_high = b + self.base.bytes_error
        return c_low > b_high * (1 + TOLERANCE) and c_low - b_high > 8

    def verdict_text(self):
        pct = f"{(self.ratio - 1) * 100:+.0f}%"
        if self.verdict == WORSE:
            text = f"**worse by more than 10%** ({pct}, shown by the error bars)"
        elif self.verdict == BETTER:
            text = f"better ({pct}, shown by the error bars)"
        elif self.verdict == WITHIN:
            if self.ratio_low > 1:
                text = f"within 10% ({pct}, shown slower)"
            elif self.ratio < 1:
                text = f"within 10% ({pct}, faster by point estimate only)"
            else:
                text = f"within 10% ({pct})"
        elif self.verdict == UNRESOLVED:
            text = f"**not settled**: {pct} by point estimate, the error bars do not show more than 10%"
        else:
            text = f"**not settled**: {pct}, no error bars (one sample per jar)"
        if self.alloc_grew():
            text += f"; **allocates more** (+{fmt_bytes(self.cur.bytes - self.base.bytes)}/op)"
        return text

    def cells(self):
        def measured(p):
            err = fmt_num(p.error) if not math.isnan(p.error) else "?"
            return f"{fmt_num(p.score)} ± {err}"

        if self.errors_known:
            high = "∞" if math.isinf(self.ratio_high) else f"{self.ratio_high:.2f}"
            ratio = f"{self.ratio:.2f}× ({self.ratio_low:.2f}–{high})"
        else:
            ratio = f"{self.ratio:.2f}×"
        return [label(self.key), self.base.unit, measured(self.base), measured(self.cur), ratio,
                self.verdict_text(), fmt_bytes(self.base.bytes), fmt_bytes(self.cur.bytes)]


def read_names(path):
    if not path or not os.path.exists(path):
        return set()
    with open(path) as f:
        return {line.strip() for line in f if line.strip()}


def compare(baseline_rows, current_rows, baseline_names, current_names):
    """Returns (comparisons, lines listing what was not compared)."""
    comparisons = []
    not_compared = []
    for key in sorted(set(baseline_rows) & set(current_rows), key=sort_key):
        base, cur = baseline_rows[key], current_rows[key]
        if base.unit != cur.unit:
            not_compared.append(f"{label(key)}: unit {base.unit} at the baseline, {cur.unit} now")
        else:
            comparisons.append(Comparison(key, base, cur))
    for side, mine, theirs, names_mine, names_theirs in (
            ("baseline", baseline_rows, current_rows, baseline_names, current_names),
            ("current", current_rows, baseline_rows, current_names, baseline_names)):
        for name in sorted(names_mine - names_theirs):
            not_compared.append(f"`{short_name(name)}`: a benchmark of the {side} jar only (not run)")
        for key in sorted(set(mine) - set(theirs), key=sort_key):
            not_compared.append(f"{label(key)}: measured in the {side} jar only "
                                f"(the other jar has no row with these parameters)")
    return comparisons, not_compared


def summary(comparisons, mode):
    by = {}
    for c in comparisons:
        by.setdefault(c.verdict, []).append(c)
    counts = ", ".join(f"{len(by[v])} {v}" for v in (WORSE, UNRESOLVED, NO_ERROR, WITHIN, BETTER) if v in by)
    if not comparisons:
        return "**Rule \"no row more than 10% worse\": nothing compared** (no row in both jars)."
    if WORSE in by:
        rows = "; ".join(label(c.key) for c in by[WORSE])
        head = f"**Rule \"no row more than 10% worse\": broken** by {rows}"
    elif UNRESOLVED in by or NO_ERROR in by:
        head = ("**Rule \"no row more than 10% worse\": not settled**: no row is shown more than 10% "
                "worse, but the error bars cannot tell for some (more than 10% worse by point "
                "estimate, or a single sample); re-run with more rounds (`--rounds`)")
    else:
        head = "**Rule \"no row more than 10% worse\": kept**"
    text = f"{head}. {len(comparisons)} rows compared: {counts}."
    alloc = [c for c in comparisons if c.alloc_grew()]
    if alloc:
        text += " Allocation per op grew in: " + "; ".join(label(c.key) for c in alloc) + "."
    if mode != "full":
        text += (f" This is a `{mode}` comparison: few samples, wide error bars; a rough look, not a "
                 f"verdict to rely on.")
    return text


def render(meta, comparisons, not_compared):
    out = [START_MARKER, "## Same-run comparison with a baseline commit\n",
           "promsdk's own rows (hot paths, exposition, HTTP scrape) measured from the benchmarks jar "
           "of a baseline commit and from the current one **in the same run**, in alternating rounds "
           "(see `promsdk-benchmarks/README.md`, \"Comparing with a baseline commit\"). Each cell is "
           "the mean ± the 99.9% confidence half-width over all measured iterations of all rounds. "
           "`current ÷ baseline` is the time ratio (**above 1: slower now**); in brackets the widest "
           "ratio the two error bars allow. Verdicts: *worse by more than 10%* when even the bracket's "
           "low end is above 1.10; *better* when its high end is below 1; *within 10%* when the "
           "point estimate is at most 1.10 (\"shown slower\": slower, but not by 10%); *not settled* "
           "when the point estimate is above 1.10 but the bars do not show it.\n",
           "| | |", "|---|---|"]
    for k, v in meta.items():
        out.append(f"| {k} | {v} |")
    out.append("")
    out.append(summary(comparisons, meta.get("mode", "full")) + "\n")
    header = ["row", "unit", "baseline", "current", "current ÷ baseline", "verdict",
              "B/op baseline", "B/op current"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for c in comparisons:
        out.append("| " + " | ".join(c.cells()) + " |")
    out.append("")
    if not_compared:
        out.append("Not compared:\n")
        out.extend(f"- {line}" for line in not_compared)
        out.append("")
    out.append(END_MARKER)
    return "\n".join(out) + "\n"


def place(section, existing):
    """The document with the section in it: replacing an earlier one, else before ## Results."""
    if existing is None:
        return "# promsdk: comparison with a baseline commit\n\n" + section
    pattern = re.compile(re.escape(START_MARKER) + ".*?" + re.escape(END_MARKER) + "\n?", re.S)
    if pattern.search(existing):
        return pattern.sub(lambda _: section, existing, count=1)
    results = existing.find("\n## Results\n")
    if results >= 0:
        return existing[:results + 1] + section + "\n" + existing[results + 1:]
    return existing.rstrip("\n") + "\n\n" + section


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--baseline-benchmarks", help="benchmark names the baseline jar offered, one a line")
    ap.add_argument("--current-benchmarks", help="benchmark names the current jar offered, one a line")
    ap.add_argument("--baseline", nargs="+", required=True, help="JMH JSON files of the baseline jar")
    ap.add_argument("--current", nargs="+", required=True, help="JMH JSON files of the current jar")
    a = ap.parse_args()

    with open(a.meta) as f:
        meta = json.load(f)
    comparisons, not_compared = compare(pool(a.baseline), pool(a.current),
                                        read_names(a.baseline_benchmarks), read_names(a.current_benchmarks))
    section = render(meta, comparisons, not_compared)
    existing = None
    if os.path.exists(a.out):
        with open(a.out) as f:
            existing = f.read()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(place(section, existing))
    print(f"wrote {a.out}", file=sys.stderr)
    print(summary(comparisons, meta.get("mode", "full")), file=sys.stderr)


if __name__ == "__main__":
    main()
