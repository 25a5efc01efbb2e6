#!/usr/bin/env python3
"""The image-heavy benchmark case (issue 9): images per second, cold and cached.

    bench/images.py --ttdn BUILD/ttdn [--images K] [--articles N] [--runs R] [--jobs J]

Makes (once) a portal-shaped corpus of N articles with bench/gen_corpus.py, then adds K
page bundles, each an article with a front-matter image and the same image in its text.
The JPEGs come from six base pictures drawn with the libvips CLI (`vips perlin`, fixed
seeds; 2400×1600, 1600×1067, 1200×1600 and 800×600 px); each bundle's copy gets a JPEG
comment with its number, so that every file has different bytes (a different cache key)
and costs the same to process. Same arguments ⇒ byte-identical corpus.

Three builds, each the median of R runs:
  cold    – no output folder, no image cache: every image is processed;
  cached  – no output folder, the cache of the cold build: no image is processed;
  no-change – output and cache in place.
Prints a Markdown table (also appended to bench/results-<date>.md).
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BASES = [(2400, 1600, 200), (1600, 1067, 150), (1200, 1600, 180), (2400, 1600, 90),
         (800, 600, 60), (1600, 1067, 300)]


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def base_pictures(folder):
    os.makedirs(folder, exist_ok=True)
    out = []
    for i, (w, h, cell) in enumerate(BASES):
        path = os.path.join(folder, f"base-{i}.jpg")
        if not os.path.exists(path):
            bands = []
            for b in range(3):
                v = os.path.join(folder, f"b{i}-{b}.v")
                run(["vips", "perlin", v, str(w), str(h), "--cell-size", str(cell + 37 * b),
                     "--uchar", "--seed", str(10 * i + b)])
                bands.append(v)
            rgb = os.path.join(folder, f"rgb{i}.v")
            run(["vips", "bandjoin", " ".join(bands), rgb])
            run(["vips", "copy", rgb, path + "[Q=90]", "--interpretation", "srgb"])
            for f in bands + [rgb]:
                os.remove(f)
        with open(path, "rb") as f:
            out.append(f.read())
    return out


def with_comment(jpeg, text):
    payload = text.encode()
    return jpeg[:2] + b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def make_corpus(root, articles, images):
    site = os.path.join(root, "site")
    stamp = os.path.join(root, "stamp")
    want = f"{articles} {images} 1\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return site
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(articles), site], stdout=subprocess.DEVNULL)
    bases = base_pictures(os.path.join(root, "bases"))
    for k in range(images):
        bundle = os.path.join(site, "content", "news", f"anh-bench-{k:05d}")
        os.makedirs(bundle)
        with open(os.path.join(bundle, "anh.jpg"), "wb") as f:
            f.write(with_comment(bases[k % len(bases)], f"bench image {k}"))
        day = dt.date(2020, 1, 1) + dt.timedelta(days=k % 2000)
        with open(os.path.join(bundle, "index.md"), "w") as f:
            f.write(f"---\ntitle: \"Ảnh thử {k}\"\ndate: {day.isoformat()}\n"
                    f"image: {{src: anh.jpg, alt: \"Ảnh thử {k}\", caption: \"Chú thích {k}\"}}\n---\n"
                    f"Đoạn văn của bài có ảnh số {k}.\n\n![Ảnh thử {k} trong bài](anh.jpg)\n")
    with open(stamp, "w") as f:
        f.write(want)
    return site


def timed_build(ttdn, site, out, jobs):
    cmd = [ttdn, "build", "--site", site, "--out", out, "--now", "2026-11-01T00:00:00+07:00", "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t = time.monotonic()
    run(cmd)
    return time.monotonic() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ttdn", required=True)
    ap.add_argument("--images", type=int, default=120)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--corpus-dir", default=os.path.join(HERE, ".corpus"))
    args = ap.parse_args()
    root = os.path.join(args.corpus_dir, f"images-{args.articles}-{args.images}")
    site = make_corpus(root, args.articles, args.images)
    work = os.path.join(root, "work")
    out = os.path.join(work, "public")
    cache = os.path.join(work, ".ttdn-cache")
    cold, cached, nochange = [], [], []
    for _ in range(args.runs):
        shutil.rmtree(work, ignore_errors=True)
        cold.append(timed_build(args.ttdn, site, out, args.jobs))
        shutil.rmtree(out)
        cached.append(timed_build(args.ttdn, site, out, args.jobs))
        nochange.append(timed_build(args.ttdn, site, out, args.jobs))
    variants = sum(len(files) for _, _, files in os.walk(cache))
    k = args.images
    c, w, n = statistics.median(cold), statistics.median(cached), statistics.median(nochange)
    load = open("/proc/loadavg").read().split()[:3]
    lines = [
        f"### Images: {k} JPEGs in {k} bundles + {args.articles} articles "
        f"({dt.date.today().isoformat()}, --jobs {args.jobs or 'all cores'}, {os.cpu_count()} cores, "
        f"load average {' '.join(load)} at the end, median of {args.runs})",
        "",
        "| build | seconds | images/s (whole build) |",
        "|---|---|---|",
        f"| cold (no output, no cache) | {c:.2f} | {k / c:.1f} |",
        f"| cached (no output, cache kept) | {w:.2f} | {k / w:.1f} |",
        f"| no change | {n:.2f} | {k / n:.1f} |",
        "",
        f"Processing alone (cold − cached): {c - w:.2f} s, {k / max(c - w, 1e-9):.1f} images/s; "
        f"cache: {variants} files.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(HERE, f"results-{dt.date.today().isoformat()}.md"), "a") as f:
        f.write("\n" + text)


if __name__ == "__main__":
    main()
