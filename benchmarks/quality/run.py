#!/usr/bin/env python3
"""Quality harness for the bulk linker (`patientindex link`).

Runs the CLI on many data shapes -- synthetic extracts and their variants, and the
public benchmark files in /work/shared/data -- and prints one markdown row per set
(precision, recall, F1, hard negatives, review load and how much of it is true,
rejected rows, wall time). Writes the same numbers as JSON.

Python 3 standard library only. Every input is written to a temporary directory;
nothing from the shared data is copied into the repository.

    python3 benchmarks/quality/run.py                      # build, then run every set
    python3 benchmarks/quality/run.py --cli /work/main/src/PatientIndex.Cli/bin/Release/net10.0/patientindex.dll
    python3 benchmarks/quality/run.py --only synth,febrl3 --keep /tmp/quality
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import hashlib
import json
import math
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CLI = os.path.join(REPO, "src", "PatientIndex.Cli", "bin", "Release", "net10.0", "patientindex.dll")
DATA = "/work/shared/data"

CANONICAL = ["record_id", "nhs_number", "other_id", "given_name", "middle_names", "family_name", "dob", "sex",
             "postcode", "address_line1", "address_line2", "city", "phone", "email"]
SYNTH_SOURCES = ["gp", "hospital", "community"]
# Fields the 3x-typo variant edits, and whose disagreement rate it calibrates against plain synth.
TYPO_FIELDS = ["given_name", "family_name", "address_line1"]


# --------------------------------------------------------------------------- small helpers

def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        return header, [row for row in r]


def write_truth(path, rows):
    """rows: (source, record_id, person_id)."""
    write_csv(path, ["source", "record_id", "person_id"], rows)


def stable_int(text):
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


class Skip(Exception):
    """A set that cannot run here (its data is absent); the message says why."""


class Dataset:
    """What `link` is run on: files, truth, and any extra CLI options."""

    def __init__(self, files, truth, args=None, notes=None, synth=False):
        self.files = files
        self.truth = truth
        self.args = args or []
        self.notes = notes or []
        self.synth = synth


# --------------------------------------------------------------------------- synth and its variants

class SynthBase:
    """Generates the synthetic extracts once; variants are written from them."""

    def __init__(self, cli, persons, seed, work):
        self.cli, self.persons, self.seed, self.work = cli, persons, seed, work
        self.dir = None
        self.tables = None  # source -> (header, rows)

    def ensure(self):
        if self.dir is None:
            self.dir = os.path.join(self.work, "synth-base")
            out = run_cli(self.cli, ["synth", "--persons", str(self.persons), "--seed", str(self.seed), "--out", self.dir])
            if out.returncode != 0:
                raise RuntimeError("synth failed: " + last_line(out.stderr or out.stdout))
            self.tables = {s: read_csv(os.path.join(self.dir, s + ".csv")) for s in SYNTH_SOURCES}
        return self

    def truth_map(self):
        _, rows = read_csv(os.path.join(self.dir, "truth.csv"))
        return {(s, r): p for s, r, p in rows}

    def variant(self, name, transform, notes=None):
        """transform(source, header, rows) -> (header, rows). Truth and hard negatives are copied unchanged."""
        self.ensure()
        d = os.path.join(self.work, name)
        os.makedirs(d, exist_ok=True)
        files = []
        for s in SYNTH_SOURCES:
            header, rows = self.tables[s]
            h2, r2 = transform(s, list(header), [list(r) for r in rows])
            p = os.path.join(d, s + ".csv")
            write_csv(p, h2, r2)
            files.append(p)
        for f in ("truth.csv", "hard_negatives.csv"):
            shutil.copy(os.path.join(self.dir, f), os.path.join(d, f))
        return Dataset(files, os.path.join(d, "truth.csv"), notes=notes, synth=True)


def drop_columns(*names):
    def t(source, header, rows):
        keep = [i for i, h in enumerate(header) if h not in names]
        return [header[i] for i in keep], [[r[i] for i in keep] for r in rows]
    return t


def keep_columns(*names):
    def t(source, header, rows):
        keep = [i for i, h in enumerate(header) if h in names]
        return [header[i] for i in keep], [[r[i] for i in keep] for r in rows]
    return t


def map_column(name, fn):
    def t(source, header, rows):
        if name in header:
            i = header.index(name)
            for r in rows:
                r[i] = fn(r[i])
        return header, rows
    return t


def postcode_district(pc):
    pc = re.sub(r"\s+", " ", pc.strip().upper())
    if not pc:
        return ""
    if " " in pc:
        return pc.split(" ")[0]
    return pc[:-3] if len(pc) > 4 else pc


def us_zip(pc):
    district = postcode_district(pc)
    if not district:
        return ""
    return "%05d" % (10000 + stable_int("zip:" + district) % 90000)


ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def year_only(dob):
    m = ISO.match(dob.strip())
    return m.group(1) if m else dob


# "Not known" dates the CLI treats as missing: left as they are, so they stay missing.
PLACEHOLDER_DATES = {"1900-01-01", "1800-01-01", "1901-01-01", "0001-01-01", "9999-12-31"}


def minus_130_years(dob):
    m = ISO.match(dob.strip())
    if not m or dob.strip()[:10] in PLACEHOLDER_DATES:
        return dob
    y, mo, d = int(m.group(1)) - 130, int(m.group(2)), int(m.group(3))
    if mo == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        d = 28
    return "%04d-%02d-%02d" % (y, mo, d) + dob.strip()[10:]


def all_caps(source, header, rows):
    rid = header.index("record_id")
    return header, [[v if i == rid else v.upper() for i, v in enumerate(r)] for r in rows]


# Street-type words folded to one spelling, so "Road"/"Rd" does not count as a differing field.
STREET_TYPES = {"road": "rd", "street": "st", "lane": "ln", "avenue": "ave", "av": "ave", "drive": "dr", "close": "cl",
                "grove": "gr", "terrace": "ter", "terr": "ter", "crescent": "cres", "place": "pl", "court": "ct",
                "gardens": "gdns", "square": "sq", "way": "wy", "park": "pk", "mews": "mws", "hill": "hl"}


def _fold(v):
    """A field's comparison key for counting disagreements: case, spacing, punctuation and street-type spelling ignored."""
    words = re.findall(r"[^\W_]+", v.casefold())
    return " ".join(STREET_TYPES.get(w, w) for w in words)


def field_disagreement(tables, truth):
    """Per field: share of true record pairs (both values present) whose values differ (case and spacing ignored)."""
    by_person = collections.defaultdict(list)
    for s, (header, rows) in tables.items():
        idx = {f: header.index(f) for f in TYPO_FIELDS if f in header}
        rid = header.index("record_id")
        for r in rows:
            p = truth.get((s, r[rid]))
            if p is not None:
                by_person[p].append({f: _fold(r[i]) for f, i in idx.items()})
    result = {}
    for f in TYPO_FIELDS:
        pairs = differ = 0
        for recs in by_person.values():
            for a in range(len(recs)):
                for b in range(a + 1, len(recs)):
                    x, y = recs[a].get(f, ""), recs[b].get(f, "")
                    if x and y:
                        pairs += 1
                        differ += x != y
        result[f] = (differ / pairs) if pairs else 0.0
    return result


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(value, rng):
    """One random character edit (substitute, delete, insert, transpose) that changes the value."""
    for _ in range(20):
        chars = list(value)
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        if not letters:
            return value
        i = rng.choice(letters)
        upper = chars[i].isupper()
        new = rng.choice(LETTERS)
        new = new.upper() if upper else new
        op = rng.random()
        if op < 0.4:
            chars[i] = new
        elif op < 0.6 and len(letters) > 2:
            del chars[i]
        elif op < 0.8:
            chars.insert(i, new)
        elif i + 1 < len(chars) and chars[i + 1].isalpha():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = new
        out = "".join(chars)
        if _fold(out) != _fold(value):
            return out
    return value


def typo_variant(base, factor=3.0):
    """Extra edits per record field at a per-field rate r chosen so that the share of true pairs that
    disagree on the field becomes factor x the plain rate p: 1 - (1-p)(1-r)^2 = factor*p."""
    base.ensure()
    truth = base.truth_map()
    plain = field_disagreement(base.tables, truth)
    rates = {}
    for f, p in plain.items():
        target = min(factor * p, 0.95)
        rates[f] = max(0.0, 1 - math.sqrt((1 - target) / (1 - p))) if p < 1 else 0.0
    rng = random.Random("typo3x:%d" % base.seed)

    def t(source, header, rows):
        idx = {f: header.index(f) for f in TYPO_FIELDS if f in header}
        for r in rows:
            for f, i in idx.items():
                if r[i].strip() and rng.random() < rates[f]:
                    r[i] = one_edit(r[i], rng)
        return header, rows

    ds = base.variant("synth_typo3x", t)
    achieved = field_disagreement({s: read_csv(os.path.join(os.path.dirname(ds.truth), s + ".csv")) for s in SYNTH_SOURCES}, truth)
    ds.notes.append("typo rates per field " + ", ".join(
        "%s %.3f (pairs differing %.3f -> %.3f, x%.2f)" % (f, rates[f], plain[f], achieved[f], achieved[f] / plain[f] if plain[f] else float("nan"))
        for f in TYPO_FIELDS))
    ds.typo = {"rates": rates, "plain": plain, "achieved": achieved}
    return ds


# --------------------------------------------------------------------------- public datasets

def need(path):
    if not os.path.exists(path):
        raise Skip("%s is absent" % path)
    return path


FEBRL_ID = re.compile(r"rec-(\d+)-")


def febrl(n, work, with_ssn=True):
    src = need(os.path.join(DATA, "febrl", "dataset%d.csv" % n))
    name = "febrl%d" % n
    d = os.path.join(work, name + ("" if with_ssn else "_no_ssn"))
    os.makedirs(d, exist_ok=True)
    with open(src, newline="", encoding="utf-8") as f:
        rows = [[v.strip() for v in r] for r in csv.reader(f, skipinitialspace=True)]
    header, rows = rows[0], [r for r in rows[1:] if any(r)]
    col = {h: i for i, h in enumerate(header)}
    out_header = ["record_id", "given_name", "family_name", "address_line1", "address_line2", "city", "postcode", "dob"]
    if with_ssn:
        out_header.append("other_id")
    out, truth = [], []
    for k, r in enumerate(rows, 1):
        rid = "r%05d" % k  # rec_id encodes the answer: it is not given to the linker
        street = " ".join(v for v in (r[col["street_number"]], r[col["address_1"]]) if v)
        row = [rid, r[col["given_name"]], r[col["surname"]], street, r[col["address_2"]], r[col["suburb"]],
               r[col["postcode"]], r[col["date_of_birth"]]]
        if with_ssn:
            row.append(r[col["soc_sec_id"]])
        out.append(row)
        truth.append((name, rid, "e" + FEBRL_ID.match(r[col["rec_id"]]).group(1)))
    p = os.path.join(d, name + ".csv")
    write_csv(p, out_header, out)
    write_truth(os.path.join(d, "truth.csv"), truth)
    return Dataset([p], os.path.join(d, "truth.csv"), args=["--date-format", "yyyyMMdd"])


def fake_1000(work):
    src = need(os.path.join(DATA, "splink", "fake_1000.csv"))
    d = os.path.join(work, "fake_1000")
    os.makedirs(d, exist_ok=True)
    header, rows = read_csv(src)
    col = {h: i for i, h in enumerate(header)}
    out = [[r[col["unique_id"]], r[col["first_name"]], r[col["surname"]], r[col["dob"]], r[col["city"]], r[col["email"]]] for r in rows]
    p = os.path.join(d, "fake_1000.csv")
    write_csv(p, ["record_id", "given_name", "family_name", "dob", "city", "email"], out)
    write_truth(os.path.join(d, "truth.csv"), [("fake_1000", r[col["unique_id"]], "c" + r[col["cluster"]]) for r in rows])
    return Dataset([p], os.path.join(d, "truth.csv"))


def rldata(work, size=10000):
    src = need(os.path.join(DATA, "rldata", "RLdata%d.csv" % size))
    name = "rldata%d" % size
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    header, rows = read_csv(src)
    col = {h: i for i, h in enumerate(header)}
    out, truth = [], []
    for r in rows:
        by, bm, bd = (r[col[c]] for c in ("by", "bm", "bd"))
        dob = "%04d-%02d-%02d" % (int(by), int(bm), int(bd)) if by and bm and bd else ""
        family = " ".join(v for v in (r[col["lname_c1"]], r[col["lname_c2"]]) if v)
        rid = "r" + r[col["rec_id"]]  # the row number: carries no truth
        out.append([rid, r[col["fname_c1"]], r[col["fname_c2"]], family, dob])
        truth.append((name, rid, "e" + r[col["ent_id"]]))
    p = os.path.join(d, name + ".csv")
    write_csv(p, ["record_id", "given_name", "middle_names", "family_name", "dob"], out)
    write_truth(os.path.join(d, "truth.csv"), truth)
    return Dataset([p], os.path.join(d, "truth.csv"))


def census(work):
    d = os.path.join(work, "census")
    os.makedirs(d, exist_ok=True)
    files, truth = [], []
    for part in "AB":
        src = need(os.path.join(DATA, "secondstring-census", "censusTextSegmented%s.tab" % part))
        with open(src, encoding="utf-8") as f:
            rows = [[v.strip() for v in line.rstrip("\n").split("\t")] for line in f if line.strip()]
        ids = collections.Counter(r[1] for r in rows)
        source = "census" + part
        out = []
        for k, r in enumerate(rows, 1):
            _, cid, surname, given, initial, number, street = (r + [""] * 7)[:7]
            rid = "%s%04d" % (part, k)
            out.append([rid, given, initial, surname, " ".join(v for v in (number, street) if v)])
            # An id shared by several rows of one file is a household: different people.
            truth.append((source, rid, cid if ids[cid] == 1 else "%s-%s" % (cid, rid)))
        p = os.path.join(d, source + ".csv")
        write_csv(p, ["record_id", "given_name", "middle_names", "family_name", "address_line1"], out)
        files.append(p)
    write_truth(os.path.join(d, "truth.csv"), truth)
    return Dataset(files, os.path.join(d, "truth.csv"))


# --------------------------------------------------------------------------- running and measuring

def run_cli(cli, args, timeout=900):
    cmd = ["dotnet", cli] + args if cli.endswith(".dll") else [cli] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def last_line(text):
    lines = [l for l in (text or "").splitlines() if l.strip()]
    return lines[-1].strip() if lines else "(no output)"


def review_true_share(review_csv, truth_csv):
    truth = {(s, r): p for s, r, p in read_csv(truth_csv)[1]}
    header, rows = read_csv(review_csv)
    c = {h: i for i, h in enumerate(header)}
    same = 0
    for r in rows:
        a = truth.get((r[c["left_source"]], r[c["left_record_id"]]))
        b = truth.get((r[c["right_source"]], r[c["right_record_id"]]))
        same += a is not None and a == b
    return (same / len(rows)) if rows else None, len(rows)


def hard_negatives_by_kind(persons_csv, truth_csv, hard_csv):
    """Per kind (twin, namesake, ...): pairs, and pairs with a record of each in one linked person."""
    if not os.path.exists(hard_csv):
        return None
    truth = {(s, r): p for s, r, p in read_csv(truth_csv)[1]}
    linked_of = collections.defaultdict(set)
    for s, r, linked in read_csv(persons_csv)[1]:
        t = truth.get((s, r))
        if t is not None:
            linked_of[t].add(linked)
    result = collections.OrderedDict()
    for row in read_csv(hard_csv)[1]:
        a, b, kind = row[0], row[1], (row[2] if len(row) > 2 else "")
        k = result.setdefault(kind, {"pairs": 0, "merged": 0})
        k["pairs"] += 1
        k["merged"] += bool(linked_of[a] & linked_of[b])
    return dict(result)


def run_set(cli, name, ds, out_dir, extra):
    args = ["link", "--truth", ds.truth, "--out", out_dir] + ds.args + extra + ds.files
    start = time.monotonic()
    proc = run_cli(cli, args)
    wall = time.monotonic() - start
    row = {"name": name, "wall_seconds": round(wall, 2), "command": args, "notes": ds.notes}
    if proc.returncode != 0:
        row["error"] = last_line(proc.stderr or proc.stdout)
        return row
    with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    q = summary.get("quality") or {}
    for k in ("precision", "recall", "f1", "blocking_recall"):
        if q.get(k) is not None:
            q[k] = float(q[k])
    share, review_rows = review_true_share(os.path.join(out_dir, "review.csv"), ds.truth)
    records = summary.get("records", 0)
    row.update({
        "records": records,
        "scorer": summary.get("scorer"),
        "precision": q.get("precision"),
        "recall": q.get("recall"),
        "f1": q.get("f1"),
        "blocking_recall": q.get("blocking_recall"),
        "true_pairs": q.get("true_pairs"),
        "predicted_pairs": q.get("predicted_pairs"),
        "hard_negatives_merged": q.get("hard_negatives_merged"),
        "hard_negative_pairs": q.get("hard_negative_pairs"),
        "hard_negatives_by_kind": hard_negatives_by_kind(os.path.join(out_dir, "persons.csv"), ds.truth,
                                                         os.path.join(os.path.dirname(ds.truth), "hard_negatives.csv")),
        "review_items": summary.get("review_items"),
        "review_rows": review_rows,
        "review_per_1000": (1000.0 * summary.get("review_items", 0) / records) if records else None,
        "review_true_share": share,
        "rejected": summary.get("rejected"),
        "field_warnings": summary.get("warnings"),
        "warning_reasons": warning_reasons(os.path.join(out_dir, "warnings.csv")),
        "persons": summary.get("persons"),
        "calibration": q.get("calibration"),
        "estimates": summary.get("estimates"),
    })
    return row


def reliability(rows):
    """Predicted against observed, ten bands, for each set whose summary has them (every candidate pair the truth names)."""
    out = []
    for r in rows:
        c = r.get("calibration")
        if not c:
            continue
        out.append("\n%s: expected calibration error %.4f (candidate pairs, twins and namesakes included)\n" % (r["name"], c["expected_calibration_error"]))
        out.append("| predicted | pairs | mean predicted | observed |")
        out.append("|---|---:|---:|---:|")
        for b in c["bands"]:
            if b["pairs"]:
                out.append("| [%g, %g) | %s | %.4f | %.4f |" % (b["from"], b["to"], "{:,}".format(b["pairs"]), b["mean_predicted"], b["observed"]))
    return "\n".join(out)


def warning_reasons(path):
    if not os.path.exists(path):
        return {}
    header, rows = read_csv(path)
    c = {h: i for i, h in enumerate(header)}
    counts = collections.Counter("%s: %s" % (r[c["column"]], r[c["reason"]]) for r in rows)
    return dict(counts.most_common())


# --------------------------------------------------------------------------- the sets

def set_list(args, work):
    base = SynthBase(args.cli, args.persons, args.seed, work)

    def synth_full():
        base.ensure()
        return Dataset([os.path.join(base.dir, s + ".csv") for s in SYNTH_SOURCES], os.path.join(base.dir, "truth.csv"), synth=True)

    return [
        ("synth", synth_full),
        ("synth_no_nhs", lambda: base.variant("synth_no_nhs", drop_columns("nhs_number"))),
        ("synth_no_dob", lambda: base.variant("synth_no_dob", drop_columns("dob"))),
        ("synth_no_postcode", lambda: base.variant("synth_no_postcode", drop_columns("postcode"))),
        ("synth_us_zip", lambda: base.variant("synth_us_zip", map_column("postcode", us_zip),
                                              ["postcode -> 5-digit zip, hashed from the postcode district"])),
        ("synth_year_dob", lambda: base.variant("synth_year_dob", map_column("dob", year_only), ["dob written as YYYY"])),
        ("synth_dob_pre1900", lambda: base.variant("synth_dob_pre1900", map_column("dob", minus_130_years), ["dob minus 130 years"])),
        ("synth_typo3x", lambda: typo_variant(base)),
        ("synth_caps", lambda: base.variant("synth_caps", all_caps, ["every value but record_id upper-cased"])),
        ("synth_ids_only", lambda: base.variant("synth_ids_only", keep_columns("record_id", "nhs_number", "other_id", "phone", "email"),
                                                ["only record_id, nhs_number, other_id, phone, email"])),
        ("febrl1", lambda: febrl(1, work)),
        ("febrl2", lambda: febrl(2, work)),
        ("febrl3", lambda: febrl(3, work)),
        ("febrl3_no_ssn", lambda: febrl(3, work, with_ssn=False)),
        ("fake_1000", lambda: fake_1000(work)),
        ("rldata10000", lambda: rldata(work)),
        ("census_a_b", lambda: census(work)),
    ]


# --------------------------------------------------------------------------- output

def fmt(v, digits=3):
    if v is None:
        return "–"
    if isinstance(v, float):
        return "%.*f" % (digits, v)
    return "{:,}".format(v) if isinstance(v, int) else str(v)


def table(rows, synth_row):
    head = ["set", "records", "precision", "est. link precision", "recall", "F1", "hard neg. merged / pairs", "review items",
            "review / 1k records", "review pairs true", "rejected rows", "field warnings", "wall s",
            "Δ recall vs synth (within 0.05?)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for r in rows:
        if "skipped" in r:
            lines.append("| %s | skipped: %s |%s" % (r["name"], r["skipped"], " |" * (len(head) - 2)))
            continue
        if "error" in r:
            lines.append("| %s | error: %s |%s" % (r["name"], r["error"].replace("|", "/"), " |" * (len(head) - 2)))
            continue
        hn = "%s / %s" % (r["hard_negatives_merged"], r["hard_negative_pairs"]) if r.get("hard_negative_pairs") else "–"
        twins = (r.get("hard_negatives_by_kind") or {}).get("twin")
        if twins:
            hn += " (twins %d / %d)" % (twins["merged"], twins["pairs"])
        delta = "–"
        if r.get("synth") and r["name"] != "synth" and synth_row and synth_row.get("recall") is not None:
            d = r["recall"] - synth_row["recall"]
            delta = "%+.3f (%s)" % (d, "yes" if abs(d) <= 0.05 else "no")
        share = fmt(r["review_true_share"]) if r["review_true_share"] is not None else "–"
        lines.append("| " + " | ".join([
            r["name"], fmt(r["records"]), fmt(r["precision"]), fmt((r.get("estimates") or {}).get("link_precision"), 4), fmt(r["recall"]), fmt(r["f1"]), hn,
            fmt(r["review_items"]), fmt(r["review_per_1000"], 1), share, fmt(r["rejected"]), fmt(r["field_warnings"]),
            fmt(r["wall_seconds"], 1), delta]) + " |")
    return "\n".join(lines)


def git_commit(path):
    try:
        head = subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", path, "status", "--porcelain", "--untracked-files=no", "--", "src"],
                               capture_output=True, text=True).stdout.strip()
        return head, bool(dirty)
    except OSError:
        return None, None


def repo_of(cli):
    d = os.path.dirname(os.path.abspath(cli))
    while d != os.path.dirname(d):
        if os.path.exists(os.path.join(d, "PatientIndex.sln")):
            return d
        d = os.path.dirname(d)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", help="patientindex.dll (or executable) to run; default: build this checkout's and use it")
    ap.add_argument("--no-build", action="store_true", help="do not run dotnet build (with the default --cli)")
    ap.add_argument("--persons", type=int, default=3000, help="synth population (default 3000)")
    ap.add_argument("--seed", type=int, default=7777, help="synth seed, also seeds the variants (default 7777)")
    ap.add_argument("--only", help="comma-separated set names to run")
    ap.add_argument("--list", action="store_true", help="list the set names and exit")
    ap.add_argument("--keep", help="write inputs and outputs under this directory and keep them")
    ap.add_argument("--json", help="write results here (default: results.json in --keep, else benchmarks/quality/last-run.json)")
    ap.add_argument("--data", default=DATA, help="public datasets folder (default %s); a set whose files are absent is skipped" % DATA)
    ap.add_argument("--scorer", choices=["ml", "fs"], help="pass --scorer to link")
    ap.add_argument("--link-args", default="", help="extra arguments for every link run, one shell-quoted string")
    args = ap.parse_args()
    globals()["DATA"] = args.data

    if args.cli is None:
        args.cli = DEFAULT_CLI
        if not args.no_build and not args.list:
            print("building src/PatientIndex.Cli (Release) ...", file=sys.stderr)
            b = subprocess.run(["dotnet", "build", os.path.join(REPO, "src", "PatientIndex.Cli"), "-c", "Release", "--nologo", "-v", "q"],
                               capture_output=True, text=True)
            if b.returncode != 0:
                sys.exit("build failed:\n" + b.stdout[-4000:] + b.stderr[-2000:])
    args.cli = os.path.abspath(args.cli)

    work = args.keep or tempfile.mkdtemp(prefix="pi-quality-")
    os.makedirs(work, exist_ok=True)
    sets = set_list(args, work)
    if args.list:
        print("\n".join(n for n, _ in sets))
        return
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in dict(sets)]
        if unknown:
            sys.exit("unknown set(s): %s; known: %s" % (", ".join(unknown), ", ".join(n for n, _ in sets)))
        sets = [(n, f) for n, f in sets if n in wanted]
    if not os.path.exists(args.cli):
        sys.exit("no CLI at %s (build it, or pass --cli)" % args.cli)

    extra = (["--scorer", args.scorer] if args.scorer else []) + shlex.split(args.link_args)
    cli_repo = repo_of(args.cli)
    commit, dirty = git_commit(cli_repo) if cli_repo else (None, None)
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    try:
        for name, make in sets:
            try:
                ds = make()
            except Skip as e:
                print("skip %-18s %s" % (name, e), file=sys.stderr)
                rows.append({"name": name, "skipped": str(e)})
                continue
            except Exception as e:  # a set that cannot be prepared is reported, the rest still run
                print("error %-17s %s" % (name, e), file=sys.stderr)
                rows.append({"name": name, "error": "preparing: %s" % e})
                continue
            out = os.path.join(work, "out", name)
            shutil.rmtree(out, ignore_errors=True)
            row = run_set(args.cli, name, ds, out, extra)
            row["synth"] = ds.synth
            if hasattr(ds, "typo"):
                row["typo_calibration"] = ds.typo
            rows.append(row)
            status = row.get("error") or "P %.3f R %.3f F1 %.3f review %s" % (row["precision"], row["recall"], row["f1"], row["review_items"])
            print("%-18s %6.1fs  %s" % (name, row["wall_seconds"], status), file=sys.stderr)
            for n in ds.notes:
                print("    note: " + n, file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    synth_row = next((r for r in rows if r["name"] == "synth" and "error" not in r and "skipped" not in r), None)
    md = table(rows, synth_row)
    print(md)
    print(reliability([r for r in rows if r["name"] == "synth"]))
    result = {
        "started_utc": started.isoformat(timespec="seconds"),
        "cli": args.cli,
        "cli_repo": cli_repo,
        "commit": commit,
        "src_uncommitted_changes": dirty,
        "persons": args.persons,
        "seed": args.seed,
        "link_extra_args": extra,
        "command": " ".join(shlex.quote(a) for a in [sys.executable, os.path.relpath(__file__, REPO)] + sys.argv[1:]),
        "sets": rows,
        "table_markdown": md,
    }
    json_path = args.json or (os.path.join(args.keep, "results.json") if args.keep else os.path.join(HERE, "last-run.json"))
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    print("\nresults: %s (commit %s%s, cli %s)" % (json_path, commit, " + uncommitted src changes" if dirty else "", args.cli), file=sys.stderr)


if __name__ == "__main__":
    main()
