#!/usr/bin/env python3
"""Measures ttdn against Hugo on generated corpora; bench/run.sh is the way in.

    bench/bench.py --ttdn BIN [--runs R] [--jobs J] [--no-hugo] [N...]

For each N: generates the corpus once (bench/.corpus/N/, reused while gen_corpus.py and the
Hugo theme are unchanged; templates, i18n, assets and site.yaml are refreshed from the
repository every time), then measures with /usr/bin/time -v, R times each, the median kept:

  ttdn cold      `ttdn build --quiet --now NOW` into a fresh folder
  ttdn no-change the same build again into the same folder
  ttdn one edit  one article's body changed, rebuilt into the same folder
  hugo cold      `hugo --quiet -d OUT` into a fresh folder

and checks ttdn's output against what the corpus should give (pages per section and
language, list and topic pagination, unpublished pages absent). Prints the tables and
appends them to bench/results-<date>.md.
"""

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NOW = "2026-11-01T00:00:00+07:00"  # after every corpus date, before the embargoed ones
PER_PAGE = 20


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --- corpus --------------------------------------------------------------------------------

def corpus_stamp(n):
    h = hashlib.sha256(f"n={n}\n".encode())
    for root, _, files in sorted(os.walk(os.path.join(HERE, "hugo"))):
        for f in sorted(files):
            with open(os.path.join(root, f), "rb") as fh:
                h.update(f.encode() + b"\0" + fh.read())
    with open(os.path.join(HERE, "gen_corpus.py"), "rb") as fh:
        h.update(fh.read())
    return h.hexdigest()


def refresh_site_files(site):
    """The corpus is measured with the repository's current templates and settings."""
    for d in ("templates", "i18n", "assets"):
        shutil.rmtree(os.path.join(site, d), ignore_errors=True)
        shutil.copytree(os.path.join(REPO, d), os.path.join(site, d))
    shutil.copy(os.path.join(REPO, "site.yaml"), os.path.join(site, "site.yaml"))


def ensure_corpus(n, root):
    base = os.path.join(root, str(n))
    stamp_file = os.path.join(base, "stamp")
    stamp = corpus_stamp(n)
    site, hugo = os.path.join(base, "ttdn"), os.path.join(base, "hugo")
    if not (os.path.exists(stamp_file) and open(stamp_file).read() == stamp):
        shutil.rmtree(base, ignore_errors=True)
        os.makedirs(base)
        log(f"[N={n}] generating the corpus…")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(n), site,
                        "--hugo", hugo], check=True)
        with open(stamp_file, "w") as f:
            f.write(stamp)
    refresh_site_files(site)
    with open(os.path.join(site, ".bench-manifest.json"), encoding="utf-8") as f:
        return site, hugo, json.load(f)


# --- measuring -----------------------------------------------------------------------------

def parse_time(path):
    text = open(path).read()

    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", text)
        return m.group(1).strip() if m else None

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(x) for x in wall.split(":")]
    seconds = 0.0
    for x in parts:
        seconds = seconds * 60 + x
    user, system = float(field("User time (seconds)")), float(field("System time (seconds)"))
    return {"wall": seconds, "cpu": user + system, "user": user, "sys": system,
            "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024.0}


def timed(cmd, log_file):
    """Runs cmd under /usr/bin/time -v; returns the measures and the exit status.

    Whatever earlier runs left to write back is written first (sync), so that no run pays
    for the previous one's output: the kernel flushes dirty pages in the background, on the
    same two cores, for half a minute or more after a build has ended.
    """
    os.sync()
    with tempfile.NamedTemporaryFile(prefix="bench-time-", delete=False) as t:
        tpath = t.name
    with open(log_file, "a") as err:
        err.write("$ " + " ".join(cmd) + "\n")
        err.flush()
        rc = subprocess.run(["/usr/bin/time", "-v", "-o", tpath] + cmd,
                            stdout=err, stderr=err).returncode
    m = parse_time(tpath)
    os.unlink(tpath)
    m["rc"] = rc
    return m


def median_of(runs):
    out = {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss_mb")}
    out["rc"] = max(r["rc"] for r in runs)
    out["runs"] = runs
    return out


def count_html(folder):
    """HTML pages, not counting redirect stubs (Hugo's page/1/ aliases)."""
    n = 0
    for root, _, files in os.walk(folder):
        for f in files:
            if not f.endswith(".html"):
                continue
            path = os.path.join(root, f)
            if os.path.getsize(path) < 1024:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    if 'http-equiv="refresh"' in fh.read():
                        continue
            n += 1
    return n


def count_diagnostics(log_file):
    text = open(log_file, encoding="utf-8", errors="replace").read()
    return (len(re.findall(r": error: ", text)), len(re.findall(r": warning: ", text)))


# --- checking ttdn's output ----------------------------------------------------------------

def site_slugs():
    """Section and topic slugs per language, read from the repository's site.yaml."""
    text = open(os.path.join(REPO, "site.yaml"), encoding="utf-8").read()
    langs = re.findall(r"-\s*\{code:\s*([a-z-]+)", text)
    default = re.search(r"^default_language:\s*(\S+)", text, re.M).group(1)

    def slug_of(block_key, indent):
        m = re.search(r"^" + " " * indent + re.escape(block_key) + r":\n((?:" + " " * (indent + 2)
                      + r".*\n)+)", text, re.M)
        sm = re.search(r"slug:\s*\{([^}]*)\}", m.group(1))
        return {k: v.strip('"') for k, v in re.findall(r"([a-z-]+):\s*(\"[^\"]*\"|[a-z0-9-]+)",
                                                        sm.group(1))}
    return langs, default, {k: slug_of(k, 2) for k in ("news", "border", "ban-gioc")}, \
        slug_of("topics", 0)


def check_ttdn_output(out, manifest):
    """Differences between ttdn's output and what the corpus must give."""
    problems = []
    langs, default, sections, topic_slug = site_slugs()

    def prefix(lang):
        return "" if lang == default else lang + "/"

    for section, slugs in sections.items():
        for lang in langs:
            expected = manifest["published"].get(f"{section}/{lang}", 0)
            folder = os.path.join(out, prefix(lang) + slugs[lang])
            if not os.path.isdir(folder):
                if expected:
                    problems.append(f"{prefix(lang)}{slugs[lang]}/ missing ({expected} pages expected)")
                continue
            pages = [d for d in os.listdir(folder)
                     if d != "page" and os.path.isfile(os.path.join(folder, d, "index.html"))]
            if len(pages) != expected:
                problems.append(f"{prefix(lang)}{slugs[lang]}/: {len(pages)} pages, expected {expected}")
            lists = 1 + (len(os.listdir(os.path.join(folder, "page")))
                         if os.path.isdir(os.path.join(folder, "page")) else 0)
            want = max(1, math.ceil(expected / PER_PAGE))
            if lists != want:
                problems.append(f"{prefix(lang)}{slugs[lang]}/: {lists} list pages, expected {want}")
    for key, count in sorted(manifest["topics"].items()):
        topic, lang = key.split("/")
        folder = os.path.join(out, prefix(lang) + topic_slug[lang], topic)
        lists = 0
        if os.path.isfile(os.path.join(folder, "index.html")):
            lists = 1 + (len(os.listdir(os.path.join(folder, "page")))
                         if os.path.isdir(os.path.join(folder, "page")) else 0)
        want = math.ceil(count / PER_PAGE)
        if lists != want:
            problems.append(f"{prefix(lang)}{topic_slug[lang]}/{topic}/: {lists} pages, expected {want}")
    names = {u.split("/", 1)[1] for u in manifest["unpublished"]}
    if names:
        leaked = set()
        for root, dirs, files in os.walk(out):
            leaked |= names & set(dirs)
            for f in files:
                if f.endswith((".xml", ".json")):
                    text = open(os.path.join(root, f), encoding="utf-8", errors="replace").read()
                    leaked |= {n for n in names if n in text}
        for n in sorted(leaked):
            problems.append(f"unpublished page '{n}' appears in the output")
    return problems


# --- one corpus ----------------------------------------------------------------------------

def bench_one(n, args, corpus_root, work):
    site, hugo_site, manifest = ensure_corpus(n, corpus_root)
    log_file = os.path.join(work, f"log-{n}.txt")
    open(log_file, "w").close()
    r = {"n": n, "sources": manifest["sources"], "load_before": os.getloadavg()}

    # Every cold build writes into a folder of its own, and nothing is deleted until all
    # the runs are over (cleanup() at the end): on this machine's ext4 (no journal), files
    # created within minutes of a large deletion cost many times more system time (the
    # kernel's inode allocator steps over inodes freed in the last 60 s, or 360 s while
    # their inode table block is dirty), which would time the file system's state, not the
    # generator. The incremental-build cache lives beside
    # the output folder: a cold build has neither.
    def ttdn_cmd(out):
        cmd = [args.ttdn, "build", "--site", site, "--out", out, "--quiet", "--now", NOW]
        return cmd + (["--jobs", str(args.jobs)] if args.jobs else [])

    # ttdn's and Hugo's cold builds take turns, so that both meet the same conditions on a
    # shared machine (a virtual machine's host load moves user time too); each run's
    # times are kept in the results, not only the medians.
    cold, hugo_runs = [], []
    for i in range(args.runs):
        out = os.path.join(work, f"ttdn-{n}-{i + 1}")
        log(f"[N={n}] ttdn cold build {i + 1}/{args.runs}")
        cold.append(timed(ttdn_cmd(out), log_file))
        if not args.no_hugo:
            hugo_out = os.path.join(work, f"hugo-{n}-{i + 1}")
            log(f"[N={n}] hugo cold build {i + 1}/{args.runs}")
            hugo_runs.append(timed([args.hugo, "--quiet", "-s", hugo_site, "-d", hugo_out], log_file))
    ttdn = ttdn_cmd(out)  # the rebuilds: in the last cold build's folder
    r["ttdn_cold"] = median_of(cold)
    r["ttdn_pages"] = count_html(out) if os.path.isdir(out) else 0
    r["ttdn_diags"] = count_diagnostics(log_file)
    r["problems"] = check_ttdn_output(out, manifest) if cold[-1]["rc"] == 0 else \
        [f"ttdn build failed with exit status {cold[-1]['rc']} (see {log_file})"]
    if hugo_runs:
        r["hugo_cold"] = median_of(hugo_runs)
        r["hugo_pages"] = count_html(hugo_out) if os.path.isdir(hugo_out) else 0
        if hugo_runs[-1]["rc"] != 0:
            r["problems"].append(f"hugo failed with exit status {hugo_runs[-1]['rc']} (see {log_file})")

    same = []
    for i in range(args.runs):
        log(f"[N={n}] ttdn no-change rebuild {i + 1}/{args.runs}")
        same.append(timed(ttdn, log_file))
    r["ttdn_same"] = median_of(same)

    edit_path = os.path.join(site, manifest["edit"])
    original = open(edit_path, encoding="utf-8").read()
    edits = []
    try:
        for i in range(args.runs):
            with open(edit_path, "w", encoding="utf-8") as f:
                f.write(original + f"\nĐoạn sửa thử số {i + 1} cho phép đo xây dựng lại.\n")
            log(f"[N={n}] ttdn one-article rebuild {i + 1}/{args.runs}")
            edits.append(timed(ttdn, log_file))
    finally:
        with open(edit_path, "w", encoding="utf-8") as f:
            f.write(original)
    r["ttdn_edit"] = median_of(edits)

    r["load_after"] = os.getloadavg()
    return r


def cleanup(work):
    """Removes every output folder and build cache the runs left in `work`."""
    for name in os.listdir(work):
        path = os.path.join(work, name)
        if name.startswith(("ttdn-", "hugo-")) and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith(".ttdn-") and ".ttdn-cache" in name:
            os.remove(path)


# --- reporting -----------------------------------------------------------------------------

def fmt_s(x):
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def tables(results, args):
    lines = ["| N groups | source files | ttdn pages | Hugo pages | ttdn wall | ttdn CPU | ttdn RSS "
             "| Hugo wall | Hugo CPU | Hugo RSS | Hugo/ttdn wall | Hugo/ttdn CPU | ttdn pages/s "
             "| Hugo pages/s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t = r["ttdn_cold"]
        h = r.get("hugo_cold")
        row = [f"{r['n']:,}", f"{r['sources']:,}", f"{r['ttdn_pages']:,}",
               f"{r['hugo_pages']:,}" if h else "–",
               fmt_s(t["wall"]), fmt_s(t["cpu"]), f"{t['rss_mb']:.0f} MB"]
        if h:
            row += [fmt_s(h["wall"]), fmt_s(h["cpu"]), f"{h['rss_mb']:.0f} MB",
                    f"{h['wall'] / t['wall']:.2f}", f"{h['cpu'] / t['cpu']:.2f}"]
        else:
            row += ["–"] * 5
        row.append(f"{r['ttdn_pages'] / t['wall']:,.0f}")
        row.append(f"{r['hugo_pages'] / h['wall']:,.0f}" if h else "–")
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "| N groups | ttdn cold wall (CPU) | no-change rebuild wall (CPU) | "
              "one-article rebuild wall (CPU) | rebuild / cold wall | RSS (rebuild) | "
              "load avg before → after |",
              "|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        c, s, e = r["ttdn_cold"], r["ttdn_same"], r["ttdn_edit"]
        lines.append(f"| {r['n']:,} | {fmt_s(c['wall'])} ({fmt_s(c['cpu'])}) | "
                     f"{fmt_s(s['wall'])} ({fmt_s(s['cpu'])}) | {fmt_s(e['wall'])} ({fmt_s(e['cpu'])}) | "
                     f"{s['wall'] / c['wall']:.2f} / {e['wall'] / c['wall']:.2f} | "
                     f"{e['rss_mb']:.0f} MB | {r['load_before'][0]:.1f} → {r['load_after'][0]:.1f} |")
    notes = []
    for r in results:
        if args.runs > 1:
            for k, name in (("ttdn_cold", "ttdn cold"), ("hugo_cold", "Hugo cold")):
                if k in r:
                    each = ", ".join(f"{fmt_s(m['wall'])} ({fmt_s(m['user'])} + {fmt_s(m['sys'])})"
                                     for m in r[k]["runs"])
                    notes.append(f"- N={r['n']:,}: {name} runs in order, wall (user + sys CPU): {each}")
        errors, warnings = r["ttdn_diags"]
        if errors or warnings:
            notes.append(f"- N={r['n']:,}: ttdn printed {errors} error(s) and {warnings} warning(s) "
                         f"over all runs.")
        for p in r["problems"]:
            notes.append(f"- N={r['n']:,}: {p}")
        for k in ("ttdn_cold", "ttdn_same", "ttdn_edit", "hugo_cold"):
            if k in r and r[k]["rc"] != 0:
                notes.append(f"- N={r['n']:,}: {k} exited with status {r[k]['rc']}")
    return lines, notes


def header(args):
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip() or \
                subprocess.run(cmd, capture_output=True, text=True).stderr.strip()
        except OSError:
            return "?"
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"Run at {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores ({cpu}), "
        f"`uptime`: {out(['uptime']).strip()}",
        f"ttdn: {out([args.ttdn, '--version'])} (git {out(['git', '-C', REPO, 'rev-parse', '--short', 'HEAD'])}"
        f"{' + uncommitted changes' if out(['git', '-C', REPO, 'status', '--porcelain', '--', 'generator']) else ''}),"
        f" `build --quiet --now {NOW}`{' --jobs ' + str(args.jobs) if args.jobs else ''}; "
        f"{'hugo: ' + out([args.hugo, 'version']) if not args.no_hugo else 'Hugo not run'}",
        f"Median of {args.runs} run(s) each; CPU = user + sys; RSS = peak resident memory.",
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 30000])
    ap.add_argument("--ttdn", required=True)
    ap.add_argument("--hugo", default="hugo")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    ap.add_argument("--corpus-dir", default=os.environ.get("BENCH_CORPUS_DIR",
                                                           os.path.join(HERE, ".corpus")))
    ap.add_argument("--work-dir", default=os.environ.get("BENCH_WORK_DIR",
                                                         os.path.join(tempfile.gettempdir(),
                                                                      "ttdn-bench")))
    ap.add_argument("--results", default=os.path.join(
        HERE, f"results-{dt.date.today().isoformat()}.md"))
    args = ap.parse_args()
    if not args.no_hugo and not shutil.which(args.hugo):
        ap.error("hugo not found (apt-get install -y hugo), or pass --no-hugo")
    os.makedirs(args.work_dir, exist_ok=True)
    # What an earlier run left (kept, or killed half-way) goes first, and the file system
    # is given time to settle before anything is timed (see bench_one).
    if any(name.startswith(("ttdn-", "hugo-", ".ttdn-")) for name in os.listdir(args.work_dir)):
        cleanup(args.work_dir)
        os.sync()
        log("removed the previous run's output; waiting 400 s before timing anything")
        time.sleep(400)
    head = header(args)
    results = []
    for n in args.sizes:
        results.append(bench_one(n, args, args.corpus_dir, args.work_dir))
        lines, notes = tables(results, args)
        print("\n".join([""] + lines + [""] + notes), flush=True)
    if not args.keep:
        cleanup(args.work_dir)
    lines, notes = tables(results, args)
    with open(args.results, "a", encoding="utf-8") as f:
        f.write("\n## " + ", ".join(f"N={n:,}" for n in args.sizes) + "\n\n")
        f.write("\n".join(f"{h}  " if i < len(head) - 1 else h for i, h in enumerate(head)) + "\n\n")
        f.write("\n".join(lines) + "\n")
        if notes:
            f.write("\n" + "\n".join(notes) + "\n")
    log(f"results appended to {args.results}; logs in {args.work_dir}")
    return 1 if any(r["problems"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
