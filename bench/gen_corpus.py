#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus shaped like the Cao Bằng portal.

    bench/gen_corpus.py N OUT_DIR [--hugo HUGO_OUT] [--seed S]

OUT_DIR becomes a complete ttdn site: site.yaml, templates/, assets/ and i18n/ copied from
the portal (the repository this script lives in), the portal's document library, glossary and
bulletin issues, and N translation groups of news articles. Every group has a Vietnamese
article; about 70 % have an English and 50 % a Chinese translation. A few explainers (border
section), Bản Giốc pages and root pages come on top, scaled with N.

The text is sampled from real sources read at generation time: Vietnamese sentences from
/work/shared/seeds/*.txt (the official documents) and the portal's Vietnamese sources,
English and Chinese sentences from content/**/*.en.md and *.zh.md. Articles have ## headings,
tables, lists, footnotes, 1–3 topics, document citations in the text (numbers from
content/documents/*.yaml), 400–900 words, dates spread over 2015–2026.

With --hugo, the same content is also written as a Hugo multilingual site (one content
folder per language, translations joined by translationKey) using the theme in
bench/hugo/theme: see bench/hugo/README.md.

Same N and seed ⇒ byte-identical corpus. Only the Python 3 standard library is used.
"""

import argparse
import datetime as dt
import glob
import json
import os
import random
import re
import shutil
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_SEEDS = "/work/shared/seeds"

LANGS = ["vi", "en", "zh"]
# Folder of each section in the Hugo site, per language: the ttdn URL slugs of site.yaml.
HUGO_SECTION = {
    "news": {"vi": "tin-tuc", "en": "news", "zh": "xinwen"},
    "border": {"vi": "bien-gioi", "en": "border", "zh": "bianjie"},
    "ban-gioc": {"vi": "ban-gioc", "en": "ban-gioc", "zh": "banyue"},
    "pages": {"vi": "", "en": "", "zh": ""},
}
HUGO_TAXONOMY = {
    "topic": {"vi": "chu-de", "en": "topics", "zh": "zhuti"},
    "document": {"vi": "van-ban", "en": "documents", "zh": "wenjian"},
    "bulletin": {"vi": "ban-tin", "en": "bulletin", "zh": "jianbao"},
}

FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)  # run.sh builds with --now 2026-11-01
EMBARGO_DAY = dt.date(2026, 12, 15)  # publish_at of the few embargoed articles
BULLETIN_FIRST = (2023, 1)  # one bulletin issue a quarter from here to LAST_DAY

DOC_KIND = {
    "huong-dan": ("Hướng dẫn", "Guidance", "指导意见"),
    "ke-hoach": ("Kế hoạch", "Plan", "计划"),
    "ket-luan": ("Kết luận", "Conclusion", "结论"),
    "nghi-quyet": ("Nghị quyết", "Resolution", "决议"),
    "chi-thi": ("Chỉ thị", "Directive", "指示"),
    "quyet-dinh": ("Quyết định", "Decision", "决定"),
    "nghi-dinh": ("Nghị định", "Decree", "议定"),
    "thong-tu": ("Thông tư", "Circular", "通知"),
    "cong-van": ("Công văn", "Official letter", "公文"),
    "chuong-trinh": ("Chương trình", "Programme", "纲领"),
}

AUTHORS = {
    "vi": ["Trung tâm Thông tin và Dịch vụ đối ngoại", "Phòng Hợp tác Quốc tế", "Ban biên tập",
           "Phòng Quản lý biên giới"],
    "en": ["Centre for External Information and Services", "International Cooperation Division",
           "Editorial board", "Border Management Division"],
    "zh": ["对外信息与服务中心", "国际合作处", "编辑部", "边界管理处"],
}
SOURCES = {
    "vi": ["Sở Ngoại vụ tỉnh Cao Bằng", "Báo Cao Bằng", "Ủy ban nhân dân tỉnh Cao Bằng", ""],
    "en": ["Cao Bang Department of Foreign Affairs", "Cao Bang Newspaper",
           "Cao Bang Provincial People's Committee", ""],
    "zh": ["高平省外务厅", "高平报", "高平省人民委员会", ""],
}
TABLE_HEAD = {"vi": ("TT", "Nội dung", "Thời gian"), "en": ("No.", "Item", "Timing"),
              "zh": ("序号", "内容", "时间")}
TABLE_WHEN = {
    "vi": ["Thường xuyên", "Quý I", "Quý II", "Quý III", "Quý IV", "Trong năm", "Cả năm"],
    "en": ["Ongoing", "Quarter I", "Quarter II", "Quarter III", "Quarter IV", "During the year"],
    "zh": ["经常性", "第一季度", "第二季度", "第三季度", "第四季度", "全年"],
}
FAQ_Q = {"vi": "{} là gì?", "en": "What is {}?", "zh": "什么是{}？"}

# A document number's shape (57-KL/TW, 142/KH-SNgV, 42/2022/NĐ-CP): sampled sentences that
# cite a number outside the library are dropped, so the corpus cites only known documents.
NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])\d+(?:/\d{4})?[-/][A-ZĐ][A-Za-zĐđ]*(?:[-/][A-ZĐ][A-Za-zĐđ]*)+")


# --- reading the real sources -------------------------------------------------------------

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def body_of(text):
    """The Markdown after the front matter."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[text.find("\n", end + 1) + 1:]
    return text


def clean_markdown_line(line):
    line = re.sub(r"\[\^[^\]]*\]", "", line)             # footnote refs
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links, images
    line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)     # list markers
    return clean_text(line)


def clean_text(s):
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"[*_`#|<>\[\]\\{}~^]", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def markdown_lines(paths):
    for path in paths:
        for line in body_of(read(path)).splitlines():
            t = line.strip()
            if not t or t.startswith(("|", "#", "[^", "---", "<", ">")):
                continue
            yield clean_markdown_line(t)


def cites_only_known(sentence, known_numbers):
    return all(m in known_numbers for m in NUMBER_RE.findall(sentence))


def vietnamese_sentences(seeds_dir, known_numbers):
    text = ""
    for path in sorted(glob.glob(os.path.join(seeds_dir, "*.txt"))):
        text += " " + read(path)
    vi_sources = [p for p in sorted(glob.glob(os.path.join(REPO, "content", "**", "*.md"),
                                              recursive=True))
                  if not re.search(r"\.[a-z]{2}\.md$", p)]
    text += " " + " ".join(markdown_lines(vi_sources))
    text = clean_text(text)
    # Item numbers (`4.`, `II.`, `a)`) and dashes before a capital start a new sentence.
    text = re.sub(r"\s(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)]\s+", ". ", text)
    text = re.sub(r"\s[-–+]\s+(?=[A-ZĐÂĂÊÔƠƯ])", ". ", text)
    out = []
    for s in re.split(r"(?<=[.;!?:])\s+(?=[^\W\d_])", text):
        if s.rstrip().endswith(":") or "Nơi nhận" in s or "(b/c)" in s:
            continue  # introduces a list, or an address block
        s = s.strip(" -–+;:,")
        words = s.split()
        if not 8 <= len(words) <= 45 or not s[0].isupper():
            continue
        letters = sum(c.isalpha() for c in s)
        if letters < 0.7 * len(s.replace(" ", "")):
            continue  # OCR debris, tables of numbers
        if sum(c.isupper() for c in s) > 0.3 * letters:
            continue  # headings in capitals
        if not cites_only_known(s, known_numbers):
            continue
        if s[-1] not in ".!?":
            s += "."
        out.append(s)
    return sorted(set(out))


def english_sentences(known_numbers):
    paths = sorted(glob.glob(os.path.join(REPO, "content", "**", "*.en.md"), recursive=True))
    out = []
    for line in markdown_lines(paths):
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line):
            s = s.strip()
            if s.endswith(":"):
                continue
            if 6 <= len(s.split()) <= 50 and s[0].isupper() and cites_only_known(s, known_numbers):
                if s[-1] not in ".!?\"”":
                    s += "."
                out.append(s)
    return sorted(set(out))


def chinese_sentences(known_numbers):
    paths = sorted(glob.glob(os.path.join(REPO, "content", "**", "*.zh.md"), recursive=True))
    out = []
    for line in markdown_lines(paths):
        for s in re.split(r"(?<=[。！？；])", line):
            s = s.strip()
            if "：" in s[-2:]:
                continue
            if 12 <= len(s) <= 160 and cites_only_known(s, known_numbers):
                if s[-1] == "；":
                    s = s[:-1] + "。"
                if s[-1] not in "。！？”":
                    s += "。"
                out.append(s)
    return sorted(set(out))


def yaml_scalar(raw):
    raw = raw.strip()
    if raw.startswith('"'):
        return json.loads(raw)
    return raw.strip("'")


def read_document(path):
    """The few fields of a content/documents/*.yaml file the corpus needs."""
    doc = {"slug": os.path.splitext(os.path.basename(path))[0], "title": {}, "priorities": []}
    key = None
    for line in read(path).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^([a-z_]+):\s*(.*)$", line)
        if m:
            key, value = m.group(1), m.group(2)
            if key in ("number", "type", "date") and value:
                doc[key] = yaml_scalar(value)
            elif key == "title" and value.startswith("{"):
                doc["title"] = {k: json.loads(v) for k, v in
                                re.findall(r'(\w+):\s*("(?:[^"\\]|\\.)*")', value)}
            continue
        m = re.match(r"^  ([a-z]{2}):\s*(\".*\")\s*$", line)
        if m and key == "title":
            doc["title"][m.group(1)] = json.loads(m.group(2))
        m = re.match(r'^\s*-\s*(?:\{\s*)?id:\s*"([^"]+)"', line)
        if m and key == "priorities":
            doc["priorities"].append(m.group(1))
    doc["date"] = dt.date.fromisoformat(str(doc["date"]))
    return doc


# --- helpers -------------------------------------------------------------------------------

def fold(text):
    """Vietnamese → ASCII slug (Bản Giốc → ban-gioc), as ttdn folds names."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def words_of(text, lang):
    return len(text) / 1.7 if lang == "zh" else len(text.split())


def shorten(sentence, lang, rng, lo, hi):
    """The first lo..hi words (characters in Chinese) of a sentence, without end punctuation."""
    if lang == "zh":
        cut = re.split(r"[，。；：！？、]", sentence)[0]
        n = rng.randint(lo * 2, hi * 2)
        # Never inside a Latin run: a document number (第142/KH-SNgV号) stays whole.
        while 0 < n < len(cut) and cut[n - 1].isascii() and cut[n].isascii():
            n += 1
        return cut[:n]
    words = sentence.split()
    n = min(len(words), rng.randint(lo, hi))
    return " ".join(words[:n]).rstrip(".,;:–-")


def capitalised(s):
    return s[:1].upper() + s[1:] if s else s


def date_text(d, lang):
    if lang == "vi":
        return f"ngày {d.day:02d}/{d.month:02d}/{d.year}"
    if lang == "en":
        return f"of {d.day} {d.strftime('%B')} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


def citation(doc, lang):
    """`Kế hoạch số 142/KH-SNgV ngày 03/02/2023` in the article's language."""
    kind = DOC_KIND.get(doc.get("type", ""), ("Văn bản", "Document", "文件"))
    if lang == "vi":
        return f"{kind[0]} số {doc['number']} {date_text(doc['date'], lang)}"
    if lang == "en":
        return f"{kind[1]} No. {doc['number']} {date_text(doc['date'], lang)}"
    return f"{date_text(doc['date'], lang)}第{doc['number']}号{kind[2]}"


def citing_sentence(doc, sentence, lang):
    if lang == "vi":
        return f"Theo {citation(doc, lang)}, {sentence[:1].lower()}{sentence[1:]}"
    if lang == "en":
        return f"Under {citation(doc, lang)}: {sentence}"
    return f"根据{citation(doc, lang)}，{sentence}"


def quarter_of(d):
    return d.year, (d.month - 1) // 3 + 1


# --- the corpus ----------------------------------------------------------------------------

class Corpus:
    def __init__(self, n, seed, seeds_dir):
        self.n = n
        self.rng = random.Random(seed)
        self.docs = [read_document(p) for p in
                     sorted(glob.glob(os.path.join(REPO, "content", "documents", "*.yaml")))]
        self.docs.sort(key=lambda d: (d["date"], d["slug"]))
        known = {d["number"] for d in self.docs}
        self.sentences = {
            "vi": vietnamese_sentences(seeds_dir, known),
            "en": english_sentences(known),
            "zh": chinese_sentences(known),
        }
        for lang, s in self.sentences.items():
            if len(s) < 50:
                sys.exit(f"gen_corpus: only {len(s)} {lang} sentences found; are the seeds and "
                         f"content/ in place?")
        self.topics = self.read_topics()
        self.bulletins = self.bulletin_quarters()
        self.pages = []  # dicts: section, name, lang, front (list of lines), body, hugo extras

    def read_topics(self):
        text = read(os.path.join(REPO, "site.yaml"))
        block = text[text.index("\ntopics:"):]
        block = block[block.index("terms:"):]
        keys = re.findall(r"^    ([a-z0-9-]+):\s*\{", block, re.M)
        names = {}
        for key in keys:
            line = re.search(r"^    " + re.escape(key) + r":\s*(\{.*\})", block, re.M).group(1)
            names[key] = {k: json.loads(v) for k, v in re.findall(r'(\w+):\s*("[^"]*")', line)}
        return names

    def bulletin_quarters(self):
        out = []
        y, qn = BULLETIN_FIRST
        while (y, qn) <= quarter_of(LAST_DAY):
            out.append((y, qn))
            y, qn = (y, qn + 1) if qn < 4 else (y + 1, 1)
        return out

    # Text ----------------------------------------------------------------------------------

    def sentence(self, lang):
        return self.rng.choice(self.sentences[lang])

    def paragraph(self, lang, lo=2, hi=5):
        sep = "" if lang == "zh" else " "
        return sep.join(self.sentence(lang) for _ in range(self.rng.randint(lo, hi)))

    def heading(self, lang):
        return capitalised(shorten(self.sentence(lang), lang, self.rng, 3, 8))

    def title(self, lang):
        return capitalised(shorten(self.sentence(lang), lang, self.rng, 8, 14))

    def table(self, lang):
        head = TABLE_HEAD[lang]
        rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---|"]
        for i in range(self.rng.randint(3, 6)):
            item = capitalised(shorten(self.sentence(lang), lang, self.rng, 4, 9))
            rows.append(f"| {i + 1} | {item} | {self.rng.choice(TABLE_WHEN[lang])} |")
        return "\n".join(rows)

    def bullet_list(self, lang):
        return "\n".join("- " + shorten(self.sentence(lang), lang, self.rng, 6, 16) +
                         ("；" if lang == "zh" else ";")
                         for _ in range(self.rng.randint(3, 5)))

    def article_body(self, lang, cited, target_words):
        """## sections of paragraphs, one table, one list, citations and footnotes."""
        rng = self.rng
        blocks = [self.paragraph(lang, 3, 5)]
        n_sections = rng.randint(3, 5)
        has_table = rng.random() < 0.6
        has_list = rng.random() < 0.7
        n_notes = rng.randint(1, 2) if cited else 0
        cites = list(cited)
        # Citations go into the text at random paragraphs; footnotes cite the first ones.
        paragraphs = []
        for s in range(n_sections):
            blocks.append("## " + self.heading(lang))
            for _ in range(rng.randint(2, 3)):
                paragraphs.append(len(blocks))
                blocks.append(self.paragraph(lang, 2, 5))
            if s == 1 and has_table:
                blocks.append(self.table(lang))
            if s == n_sections - 1 and has_list:
                blocks.append(self.bullet_list(lang))
        # Lengthen or shorten to the target.
        total = sum(words_of(b, lang) for b in blocks)
        while total < target_words:
            i = rng.choice(paragraphs)
            extra = self.sentence(lang)
            blocks[i] += ("" if lang == "zh" else " ") + extra
            total += words_of(extra, lang)
        for k, doc in enumerate(cites):
            i = paragraphs[(k * 3 + 1) % len(paragraphs)]
            sep = "" if lang == "zh" else " "
            blocks[i] += sep + citing_sentence(doc, self.sentence(lang), lang)
            if k < n_notes:
                blocks[i] += f"[^{k + 1}]"
        for k in range(min(n_notes, len(cites))):
            blocks.append(f"[^{k + 1}]: {capitalised(citation(cites[k], lang))}.")
        return "\n\n".join(blocks) + "\n"

    # Pages ---------------------------------------------------------------------------------

    def add(self, section, name, lang, front, body, hugo):
        self.pages.append({"section": section, "name": name, "lang": lang, "front": front,
                           "body": body, "hugo": hugo})

    def articles(self):
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        in_bulletin_period = (LAST_DAY - dt.date(*BULLETIN_FIRST, 1)).days / span
        # About 10 articles per issue, as the printed bulletin carries.
        p_bulletin = min(0.5, 10 * len(self.bulletins) / max(1.0, self.n * in_bulletin_period))
        topic_keys = sorted(self.topics)
        for i in range(self.n):
            day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
            hour = rng.choice([7, 8, 9, 10, 14, 15, 16])
            langs = ["vi"] + [l for l, p in (("en", 0.7), ("zh", 0.5)) if rng.random() < p]
            topics = rng.sample(topic_keys, rng.randint(1, 3))
            earlier = [d for d in self.docs if d["date"] <= day] or self.docs[:3]
            cited = rng.sample(earlier, min(len(earlier), rng.randint(1, 3)))
            directives = []
            if rng.random() < 0.5:
                for doc in rng.sample(earlier, min(len(earlier), rng.randint(1, 2))):
                    number = doc["number"]
                    if doc["priorities"] and rng.random() < 0.4:
                        number += "#" + rng.choice(doc["priorities"])
                    directives.append(number)
            bulletin = None
            if (quarter_of(day) in self.bulletins and rng.random() < p_bulletin):
                bulletin = "%d-Q%d" % quarter_of(day)
            summary = rng.random() < 0.6
            updated = day + dt.timedelta(days=rng.randint(1, 30)) if rng.random() < 0.1 else None
            draft = rng.random() < 0.01
            embargo = not draft and rng.random() < 0.005
            target = rng.randint(400, 900)
            author = rng.randrange(len(AUTHORS["vi"]))
            source = rng.randrange(len(SOURCES["vi"]))
            name = None
            for lang in langs:
                title = self.title(lang)
                if name is None:
                    name = f"{fold(shorten(title, 'vi', rng, 4, 7))[:48].strip('-')}-{i + 1}"
                front = [f"title: {q(title)}", f"date: {day.isoformat()}T{hour:02d}:00:00+07:00"]
                if updated:
                    front.append(f"updated: {updated.isoformat()}T{hour:02d}:30:00+07:00")
                if summary:
                    front.append(f"summary: {q(self.paragraph(lang, 1, 1))}")
                front.append("topics: [" + ", ".join(topics) + "]")
                if directives:
                    front.append("directives: [" + ", ".join(q(d) for d in directives) + "]")
                front.append(f"author: {q(AUTHORS[lang][author])}")
                if SOURCES[lang][source]:
                    front.append(f"source: {q(SOURCES[lang][source])}")
                if bulletin:
                    front.append(f"bulletin: {bulletin}")
                if draft:
                    front.append("draft: true")
                if embargo:
                    front.append(f"publish_at: {EMBARGO_DAY.isoformat()}T08:00:00+07:00")
                body = self.article_body(lang, cited, target)
                docs = sorted({d["slug"] for d in cited} |
                              {d["slug"] for d in self.docs
                               if d["number"] in {x.split("#")[0] for x in directives}})
                self.add("news", name, lang, front, body, {
                    "title": title, "date": f"{day.isoformat()}T{hour:02d}:00:00+07:00",
                    "lastmod": updated and f"{updated.isoformat()}T{hour:02d}:30:00+07:00",
                    "topics": topics, "documents": docs,
                    "bulletin": bulletin and bulletin.lower(),
                    "author": AUTHORS[lang][author], "draft": draft or embargo,
                    "front_summary": summary and json.loads(
                        next(f for f in front if f.startswith("summary: "))[9:]),
                })

    def explainers_and_pages(self):
        rng = self.rng
        n_explainers = max(4, self.n // 250)
        n_gioc = max(2, self.n // 1000)
        n_pages = max(2, self.n // 1000)
        specs = ([("border", k) for k in range(n_explainers)] +
                 [("ban-gioc", k) for k in range(n_gioc)] +
                 [("pages", k) for k in range(n_pages)])
        for section, k in specs:
            langs = ["vi"] + [l for l, p in (("en", 0.9), ("zh", 0.8)) if rng.random() < p]
            topics = rng.sample(sorted(self.topics), rng.randint(1, 2))
            cited = rng.sample(self.docs, 2)
            n_faq = rng.randint(2, 4) if section == "border" else 0
            timeline = sorted(FIRST_DAY + dt.timedelta(days=rng.randint(0, 4000))
                              for _ in range(rng.randint(2, 4))) if section == "border" else []
            name = None
            for lang in langs:
                title = self.title(lang)
                if name is None:
                    prefix = {"border": "giai-thich", "ban-gioc": "ban-gioc", "pages": "trang"}[section]
                    name = f"{prefix}-{k + 1}-{fold(shorten(title, 'vi', rng, 3, 5))[:40].strip('-')}"
                front = [f"title: {q(title)}", f"weight: {k + 1}",
                         f"summary: {q(self.paragraph(lang, 1, 1))}",
                         "topics: [" + ", ".join(topics) + "]"]
                if n_faq:
                    front.append("faq:")
                    for _ in range(n_faq):
                        term = shorten(self.sentence(lang), lang, rng, 3, 6)
                        front.append(f"  - q: {q(FAQ_Q[lang].format(term))}")
                        front.append(f"    a: {q(self.paragraph(lang, 1, 2))}")
                if timeline:
                    front.append("timeline:")
                    for d in timeline:
                        front.append(f"  - {{date: {q(d.isoformat())}, "
                                     f"text: {q(shorten(self.sentence(lang), lang, rng, 6, 12))}}}")
                body = self.article_body(lang, cited, rng.randint(500, 1200))
                self.add(section, name, lang, front, body, {
                    "title": title, "weight": k + 1, "topics": topics,
                    "documents": sorted(d["slug"] for d in cited), "draft": False,
                    "front_summary": json.loads(front[2][9:]), "faq": n_faq > 0,
                })

    def section_indexes(self):
        titles = {
            "news": ("Tin tức", "News", "新闻"),
            "border": ("Biên giới Việt Nam – Trung Quốc", "The Viet Nam – China border", "越中边界"),
            "ban-gioc": ("Thác Bản Giốc", "Ban Gioc Waterfall", "板约瀑布"),
        }
        for section, t in titles.items():
            for lang, title in zip(LANGS, t):
                front = [f"title: {q(title)}", f"summary: {q(self.paragraph(lang, 1, 1))}"]
                self.add(section, "_index", lang, front, self.paragraph(lang, 2, 4) + "\n",
                         {"title": title, "index": True})

    def generate(self):
        self.articles()
        self.explainers_and_pages()
        self.section_indexes()


# --- writing -------------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def copy_tree(src, dst):
    if os.path.isdir(src):
        shutil.copytree(src, dst, dirs_exist_ok=True)


def write_ttdn(corpus, out):
    """The ttdn site: the portal's settings, templates, assets, i18n and data, plus the
    generated sources."""
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(REPO, "site.yaml"), os.path.join(out, "site.yaml"))
    for d in ("templates", "assets", "i18n"):
        copy_tree(os.path.join(REPO, d), os.path.join(out, d))
    copy_tree(os.path.join(REPO, "content", "documents"), os.path.join(out, "content", "documents"))
    shutil.copy(os.path.join(REPO, "content", "glossary.yaml"),
                os.path.join(out, "content", "glossary.yaml"))
    for y, qn in corpus.bulletins:
        number = qn
        write(os.path.join(out, "content", "bulletins", f"{y}-q{qn}.yaml"),
              f"year: {y}\nquarter: {qn}\nnumber: {number}\n"
              f"title: {{vi: {q(f'Bản tin Đối ngoại Cao Bằng số {number}/{y}')}, "
              f"en: {q(f'Cao Bang Foreign Affairs Bulletin No. {number}/{y}')}, "
              f"zh: {q(f'《高平对外简报》{y}年第{number}期')}}}\n")
    for p in corpus.pages:
        suffix = "" if p["lang"] == "vi" else "." + p["lang"]
        path = os.path.join(out, "content", p["section"], p["name"] + suffix + ".md")
        write(path, "---\n" + "\n".join(p["front"]) + "\n---\n\n" + p["body"])


def hugo_front(fields):
    lines = []
    for key, value in fields:
        if value is None or value == [] or value is False and key != "draft":
            continue
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        elif isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(q(v) for v in value) + "]")
        else:
            lines.append(f"{key}: {q(value)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def write_hugo(corpus, out):
    """The same content as a Hugo multilingual site (content/<lang>/<section slug>/...)."""
    os.makedirs(out, exist_ok=True)
    theme_src = os.path.join(HERE, "hugo", "theme")
    theme_dst = os.path.join(out, "themes", "ttdn")
    if os.path.isdir(theme_dst):
        shutil.rmtree(theme_dst)
    shutil.copytree(theme_src, theme_dst)
    shutil.copy(os.path.join(HERE, "hugo", "hugo.yaml"), os.path.join(out, "hugo.yaml"))
    copy_tree(os.path.join(REPO, "assets"), os.path.join(out, "assets"))  # resources.Get
    # Data the templates need: the glossary, the documents with their numbers.
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    shutil.copy(os.path.join(REPO, "content", "glossary.yaml"),
                os.path.join(out, "data", "glossary.yaml"))
    write(os.path.join(out, "data", "documents.json"),
          json.dumps([{"number": d["number"], "slug": d["slug"]} for d in corpus.docs],
                     ensure_ascii=False, indent=1) + "\n")
    for p in corpus.pages:
        h = p["hugo"]
        lang = p["lang"]
        folder = HUGO_SECTION[p["section"]][lang]
        base = os.path.join(out, "content", lang, folder) if folder else os.path.join(out, "content", lang)
        if h.get("index"):
            write(os.path.join(base, "_index.md"),
                  hugo_front([("title", h["title"])]) + p["body"])
            continue
        fields = [("title", h["title"]), ("date", h.get("date")), ("lastmod", h.get("lastmod")),
                  ("weight", h.get("weight")), ("summary", h.get("front_summary") or None),
                  ("translationKey", p["section"] + "/" + p["name"]),
                  ("author", h.get("author")),
                  (HUGO_TAXONOMY["topic"][lang], h["topics"]),
                  (HUGO_TAXONOMY["document"][lang], h["documents"]),
                  (HUGO_TAXONOMY["bulletin"][lang], [h["bulletin"]] if h.get("bulletin") else None),
                  ("draft", h["draft"])]
        write(os.path.join(base, p["name"] + ".md"), hugo_front(fields) + p["body"])
    # Term pages with their real names: topics, documents, bulletin issues.
    titles = {d["slug"]: d for d in corpus.docs}
    for lang in LANGS:
        for key, names in corpus.topics.items():
            write(os.path.join(out, "content", lang, HUGO_TAXONOMY["topic"][lang], key, "_index.md"),
                  hugo_front([("title", names.get(lang) or names["vi"])]))
        for slug, d in titles.items():
            write(os.path.join(out, "content", lang, HUGO_TAXONOMY["document"][lang], slug, "_index.md"),
                  hugo_front([("title", d["title"].get(lang) or d["title"].get("vi", d["number"])),
                              ("number", d["number"])]))
        for y, qn in corpus.bulletins:
            title = {"vi": f"Bản tin Đối ngoại Cao Bằng số {qn}/{y}",
                     "en": f"Cao Bang Foreign Affairs Bulletin No. {qn}/{y}",
                     "zh": f"《高平对外简报》{y}年第{qn}期"}[lang]
            write(os.path.join(out, "content", lang, HUGO_TAXONOMY["bulletin"][lang], f"{y}-q{qn}",
                               "_index.md"),
                  "---\n" + f"title: {q(title)}\noutputs: [html, print]\n---\n")
        # Glossary and search pages at the language root.
        slug = {"vi": ("thuat-ngu", "tim-kiem"), "en": ("glossary", "search"),
                "zh": ("shuyu", "sousuo")}[lang]
        write(os.path.join(out, "content", lang, slug[0] + ".md"),
              hugo_front([("title", {"vi": "Thuật ngữ", "en": "Glossary", "zh": "术语"}[lang]),
                          ("layout", "glossary"), ("translationKey", "glossary")]))
        write(os.path.join(out, "content", lang, slug[1] + ".md"),
              hugo_front([("title", {"vi": "Tìm kiếm", "en": "Search", "zh": "搜索"}[lang]),
                          ("layout", "search"), ("translationKey", "search")]))


def manifest(corpus):
    """What a correct ttdn build of the corpus holds: published pages per section and
    language, per topic and language, the unpublished names, and a file to edit."""
    published = {}
    topics = {}
    hidden = []
    for p in corpus.pages:
        if p["hugo"].get("index"):
            continue
        if p["hugo"].get("draft"):
            hidden.append(f"{p['section']}/{p['name']}")
            continue
        key = f"{p['section']}/{p['lang']}"
        published[key] = published.get(key, 0) + 1
        for t in p["hugo"]["topics"]:
            k = f"{t}/{p['lang']}"
            topics[k] = topics.get(k, 0) + 1
    edit = next(p for p in corpus.pages
                if p["section"] == "news" and p["lang"] == "vi" and not p["hugo"].get("draft")
                and not p["hugo"].get("index"))
    return {"groups": corpus.n, "sources": len(corpus.pages), "published": published,
            "topics": topics, "unpublished": sorted(set(hidden)),
            "edit": f"content/news/{edit['name']}.md", "bulletins": len(corpus.bulletins),
            "documents": len(corpus.docs)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of translation groups of news articles")
    ap.add_argument("out", help="folder for the ttdn site (created)")
    ap.add_argument("--hugo", help="also write the same content as a Hugo site here")
    ap.add_argument("--seed", type=int, default=20260301, help="PRNG seed (default 20260301)")
    ap.add_argument("--seeds-dir", default=DEFAULT_SEEDS,
                    help="folder of the Vietnamese seed documents (*.txt)")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("N must be at least 1")
    if os.path.exists(os.path.join(args.out, "content")):
        ap.error(f"{args.out} already holds a site; remove it first")
    corpus = Corpus(args.n, args.seed, args.seeds_dir)
    corpus.generate()
    write_ttdn(corpus, args.out)
    write(os.path.join(args.out, ".bench-manifest.json"),
          json.dumps(manifest(corpus), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    if args.hugo:
        if os.path.exists(os.path.join(args.hugo, "content")):
            ap.error(f"{args.hugo} already holds a site; remove it first")
        write_hugo(corpus, args.hugo)
    n_files = len(corpus.pages)
    print(f"gen_corpus: {args.n} article groups, {n_files} source files -> {args.out}"
          + (f" and {args.hugo}" if args.hugo else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
