r"""A synthetic syndication suite: wire stories, their copies in real aggregator styles, hard negatives.

Every family starts from one BBC story, published by a wire agency (or, now and then, a
publisher) at a random time in 2024. Copies are made in the styles real republishers use:

======================  ==========================================================  ===========
style                   what the copy does to the original                          relation
======================  ==========================================================  ===========
``menafn``              `` date YYYY-MM-DD (MENAFN- Outlet) `` header and MENAFN's   verbatim
                        ``Legal Disclaimer:`` footer
``source``              a ``Source: Outlet`` footer                                 verbatim
``read-more``           a ``Read more at Outlet`` (or its address) footer           verbatim
``originally``          an ``Originally published by Outlet`` footer                verbatim
``dateline``            a Reuters / AP / AFP / Trend dateline put before the story  verbatim
``wrapped``             hard wraps at 56-72 columns, long words hyphenated          identical
``disguised``           zero-width characters, soft hyphens, no-break spaces and    identical
                        Cyrillic look-alike letters
``ocr``                 OCR-like character substitutions (about 1 letter in 100),   edited
                        hard wraps
``edited``              word substitutions and two sentences swapped                edited
``excerpt``             the first paragraphs (35-80% of the story), sometimes with  excerpt
                        a ``Read the full story at`` footer
``local``               one or two local paragraphs added (at the end, or after     extended
                        the first paragraph)
``update``              the same outlet's later version: new paragraphs on top of   revision
                        the first version
======================  ==========================================================  ===========

A quarter of the copies that are not already about layout are also hard-wrapped. Copies
are published after the original by five minutes to three days (log-uniform), some with
no time and a few with a clock skewed to before the original; times carry the copy
outlet's UTC offset. The relation column is the ground truth of each copy against its
original (a dateline is a credit, not story text: docs/reference/relations.md lists it
under ``verbatim``).

Hard negatives, each in a family of its own: an independent story of the same BBC
section published within twelve hours of the original (``same-topic``), and a story of
the same section with one quoted sentence of a family's original inserted (``shared-quote``).

Stories are drawn only from BBC articles that share no run of eight words with any other
BBC article (the corpus holds real duplicates and near duplicates), so that families are
unrelated except where the generator relates them. Everything comes from one
``random.Random(seed)``: the same seed and corpus give the same suite.

Usage (from ``benchmarks/``)::

    records = load_bbc("../../shared/corpus/bbc/articles.jsonl")
    suite = generate(records, n=300, seed=0)
    matches = provenance.scan(suite.articles)
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs

from provenance import Article

__all__ = [
    "RELATION_OF_STYLE",
    "STYLES",
    "Suite",
    "Truth",
    "generate",
    "load_bbc",
    "usable",
]

WIRES = ("Reuters", "Associated Press", "Agence France-Presse", "Trend News Agency")
"""Outlets of the originals (wire agencies known to the registry)."""
ORIGIN_PUBLISHERS = ("Daily Sabah", "The Astana Times")
"""Publishers that are sometimes the origin of a story."""
AGGREGATORS = ("Yahoo News", "MSN", "Big News Network", "NewsNow")
"""Aggregators other than MENAFN (which has its own style)."""
PAPERS = (
    "AzerNews",
    "News.Az",
    "Lakeside Gazette",
    "The Evening Courier",
    "Northern Herald",
    "Valley Times",
    "The Harbour Post",
    "Riverside Chronicle",
)
"""Publishers of copies: some known to the registry, some local papers it does not know."""

DOMAINS = {
    "Reuters": "reuters.com",
    "Associated Press": "apnews.com",
    "Agence France-Presse": "afp.com",
    "Trend News Agency": "trend.az",
    "Daily Sabah": "dailysabah.com",
    "The Astana Times": "astanatimes.com",
    "MENAFN": "menafn.com",
    "Yahoo News": "news.yahoo.com",
    "MSN": "msn.com",
    "Big News Network": "bignewsnetwork.com",
    "NewsNow": "newsnow.co.uk",
    "AzerNews": "azernews.az",
    "News.Az": "news.az",
}
CREDIT_NAMES = {
    "Reuters": ("Reuters",),
    "Associated Press": ("Associated Press", "AP"),
    "Agence France-Presse": ("AFP", "Agence France-Presse"),
    "Trend News Agency": ("Trend News Agency", "Trend"),
    "Daily Sabah": ("Daily Sabah",),
    "The Astana Times": ("The Astana Times", "Astana Times"),
}
"""The names a copy credits an original's outlet by (the canonical name and common short forms)."""
OFFSETS = (0, 0, 1, 3, 4, 5, -5, -8)
"""UTC offsets (hours) that publication times are written in."""

STYLES = (
    "menafn",
    "source",
    "read-more",
    "originally",
    "dateline",
    "wrapped",
    "disguised",
    "ocr",
    "edited",
    "excerpt",
    "local",
)
"""Copy styles, in the order of the module docstring's table (``update`` is drawn apart)."""
RELATION_OF_STYLE = {
    "menafn": "verbatim",
    "source": "verbatim",
    "read-more": "verbatim",
    "originally": "verbatim",
    "dateline": "verbatim",
    "wrapped": "identical",
    "disguised": "identical",
    "ocr": "edited",
    "edited": "edited",
    "excerpt": "excerpt",
    "local": "extended",
    "update": "revision",
}
"""The true relation of a copy of each style against its original."""
_LAYOUT_STYLES = frozenset({"wrapped", "disguised", "ocr"})

MENAFN_DISCLAIMER = (
    "Legal Disclaimer:\nMENAFN provides the information \u201cas is\u201d without warranty of any kind. "
    "We do not accept any responsibility or liability for the accuracy, content, images, videos, "
    "licenses, completeness, legality, or reliability of the information contained in this article. "
    "If you have any complaints or copyright issues related to this article, kindly contact the "
    "provider above."
)

SYNONYMS = {
    "said": "stated",
    "says": "states",
    "company": "firm",
    "firm": "company",
    "government": "administration",
    "rose": "climbed",
    "fell": "dropped",
    "big": "large",
    "large": "big",
    "expected": "anticipated",
    "people": "individuals",
    "about": "around",
    "many": "numerous",
    "help": "assist",
    "buy": "purchase",
    "start": "begin",
    "began": "started",
    "shows": "indicates",
    "show": "indicate",
    "biggest": "largest",
    "also": "additionally",
    "however": "but",
    "told": "informed",
    "added": "continued",
    "plans": "intends",
    "new": "fresh",
    "after": "following",
    "before": "prior to",
    "warned": "cautioned",
    "decision": "move",
}
"""Word substitutions of the light edits (a sub-editor's usual swaps)."""

OCR_CONFUSIONS = {
    "m": "rn",
    "rn": "m",
    "l": "1",
    "i": "l",
    "e": "c",
    "c": "e",
    "o": "0",
    "h": "b",
    "u": "n",
    "n": "u",
    "t": "f",
    "S": "5",
    "B": "8",
}
"""Characters OCR engines misread, and what they read instead."""
OCR_RATE = 0.01

HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "x": "\u0445"}
"""Latin letters and the Cyrillic letters that look like them."""
INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"']))\s+(?=[\"'A-Z0-9])")
_WORDS = re.compile(r"\w+")
_QUOTED = re.compile(r"^\"[^\"]{40,}\"")
_RUN = 8  # words: a shared run this long relates two BBC stories


@attrs.frozen(kw_only=True)
class Truth:
    """What the generator knows about one article.

    Attributes:
        id: The article id.
        family: The family (story cluster) the article belongs to.
        role: ``"original"``, ``"copy"``, ``"update"`` or ``"negative"``.
        style: The copy style (see :data:`STYLES`), ``"update"``, ``"original"``, or
            the kind of hard negative (``"same-topic"``, ``"shared-quote"``).
        relation: The true relation against the family's original (None for originals
            and negatives).
        source: The BBC article the text came from.
    """

    id: str
    family: str
    role: str
    style: str
    relation: str | None = None
    source: str = ""


@attrs.frozen(kw_only=True)
class Suite:
    """The generated articles and their ground truth.

    Attributes:
        articles: The articles, shuffled (an original is not first in its family by rule).
        truth: The ground truth of each article, by id.
        originals: The original of each family, by family.
        hard_negatives: Unordered pairs (sorted tuples) that share text or topic but are
            not copies, with their kind.
    """

    articles: tuple[Article, ...]
    truth: Mapping[str, Truth]
    originals: Mapping[str, str]
    hard_negatives: Mapping[tuple[str, str], str]

    def families(self) -> dict[str, list[str]]:
        """The member ids of each family, sorted.

        Returns:
            Member ids by family.
        """
        out: dict[str, list[str]] = defaultdict(list)
        for t in self.truth.values():
            out[t.family].append(t.id)
        return {f: sorted(ids) for f, ids in sorted(out.items())}

    def positive_pairs(self) -> set[tuple[str, str]]:
        """Every unordered pair of articles in one family (copy-original and copy-copy).

        Returns:
            Sorted id tuples.
        """
        return {(x, y) for ids in self.families().values() for i, x in enumerate(ids) for y in ids[i + 1 :]}

    def copy_original_pairs(self) -> dict[tuple[str, str], str]:
        """Each copy (or update) against its family's original.

        Returns:
            ``(original, copy)`` to the copy's true relation.
        """
        return {
            (self.originals[t.family], t.id): str(t.relation)
            for t in self.truth.values()
            if t.role in ("copy", "update")
        }


def load_bbc(path: str | Path) -> list[dict[str, str]]:
    """Read the BBC corpus records (``id``, ``category``, ``title``, ``text``).

    Args:
        path: ``bbc/articles.jsonl``.

    Returns:
        The records in file order.
    """
    with Path(path).open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def _grams(text: str) -> set[tuple[str, ...]]:
    w = _WORDS.findall(text.lower())
    return {tuple(w[i : i + _RUN]) for i in range(len(w) - _RUN + 1)}


def usable(records: Sequence[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """The records that share no eight-word run with any other record and have three paragraphs.

    Args:
        records: BBC records.

    Returns:
        The usable records, in input order.
    """
    owners: dict[tuple[str, ...], str] = {}
    related: set[str] = set()
    for r in records:
        for g in _grams(r["text"]):
            first = owners.setdefault(g, r["id"])
            if first != r["id"]:
                related.update((first, r["id"]))
    return [
        r
        for r in records
        if r["id"] not in related and len(_paragraphs(r["text"])) >= 3 and len(r["text"]) >= 600
    ]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.split(paragraph) if s]


# --- copy styles ----------------------------------------------------------------------------


def _wrap(text: str, rng: random.Random) -> str:
    """Hard-wrap each paragraph, hyphenating some long lower-case words at the line end."""
    width = rng.randint(56, 72)
    out = []
    for paragraph in _paragraphs(text):
        lines: list[str] = []
        line = ""
        for word in re.findall(r"\S+-(?= ) \S+|\S+", paragraph):  # "counter- proliferation" stays whole
            if line and len(line) + 1 + len(word) > width:
                room = width - len(line) - 2
                if word.isalpha() and word.islower() and len(word) >= 8 and room >= 3 and rng.random() < 0.6:
                    cut = min(room, len(word) - 3)
                    lines.append(f"{line} {word[:cut]}-")
                    line = word[cut:]
                    continue
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _disguise(text: str, rng: random.Random) -> str:
    """Invisible characters, soft hyphens, no-break spaces and Cyrillic look-alikes."""

    def word(m: re.Match[str]) -> str:
        w = m.group()
        if len(w) >= 4 and rng.random() < 0.06:
            k = rng.randint(1, len(w) - 1)
            w = w[:k] + rng.choice(INVISIBLES) + w[k:]
        if len(w) >= 6 and rng.random() < 0.03:
            k = rng.randint(2, len(w) - 2)
            w = w[:k] + "\u00ad" + w[k:]
        if rng.random() < 0.06:
            w = "".join(HOMOGLYPHS.get(ch, ch) if rng.random() < 0.7 else ch for ch in w)
        return w

    text = re.sub(r"[^\W\d_]+", word, text)
    return re.sub(r"(?<=\w) (?=\w)", lambda _: "\u00a0" if rng.random() < 0.04 else " ", text)


def _ocr(text: str, rng: random.Random) -> str:
    """Character substitutions at :data:`OCR_RATE` of the letters (at least three)."""
    while True:
        out = []
        changes = 0
        i = 0
        while i < len(text):
            two = text[i : i + 2]
            if two in OCR_CONFUSIONS and rng.random() < OCR_RATE:
                out.append(OCR_CONFUSIONS[two])
                i += 2
                changes += 1
                continue
            ch = text[i]
            if ch in OCR_CONFUSIONS and rng.random() < OCR_RATE:
                out.append(OCR_CONFUSIONS[ch])
                changes += 1
            else:
                out.append(ch)
            i += 1
        if changes >= 3:
            return "".join(out)


def _edit(text: str, rng: random.Random) -> str:
    """Light edits: a synonym in about a third of the sentences, two sentences swapped."""
    paragraphs = [_sentences(p) for p in _paragraphs(text)]
    changed = False
    for sentences in paragraphs:
        for k, s in enumerate(sentences):
            if rng.random() >= 0.35:
                continue
            hits = [m for m in _WORDS.finditer(s) if m.group().lower() in SYNONYMS]
            if not hits:
                continue
            m = rng.choice(hits)
            new = SYNONYMS[m.group().lower()]
            if m.group()[0].isupper():
                new = new[0].upper() + new[1:]
            sentences[k] = s[: m.start()] + new + s[m.end() :]
            changed = True
    swappable = [k for k, sentences in enumerate(paragraphs) if len(sentences) >= 2]
    if swappable and (rng.random() < 0.6 or not changed):
        sentences = paragraphs[rng.choice(swappable)]
        k = rng.randrange(len(sentences) - 1)
        sentences[k], sentences[k + 1] = sentences[k + 1], sentences[k]
    return "\n\n".join(" ".join(s) for s in paragraphs)


def _dateline(outlet: str, when: datetime) -> str:
    month = when.strftime("%b")
    if outlet == "Reuters":
        return f"LONDON, {month} {when.day} (Reuters) - "
    if outlet == "Associated Press":
        return "LONDON (AP) \u2014 "
    if outlet == "Agence France-Presse":
        return "London (AFP) - "
    if outlet == "Trend News Agency":
        return f"BAKU, Azerbaijan, {when.strftime('%B')} {when.day}. "
    return f"LONDON, {when.strftime('%B')} {when.day}. "


def _excerpt(text: str, rng: random.Random) -> str | None:
    paragraphs = _paragraphs(text)
    total = sum(map(len, paragraphs))
    fits = [k for k in range(1, len(paragraphs)) if 0.35 <= sum(map(len, paragraphs[:k])) / total <= 0.8]
    if not fits:
        return None
    return "\n\n".join(paragraphs[: rng.choice(fits)])


def _credit(outlet: str, rng: random.Random) -> str:
    return rng.choice(CREDIT_NAMES.get(outlet, (outlet,)))


def _slug(title: str) -> str:
    return "-".join(_WORDS.findall(title.lower()))[:60] or "story"


class _Donors:
    """BBC stories not used as originals, handed out once each, by section."""

    def __init__(self, records: Sequence[Mapping[str, str]]) -> None:
        self.by_section: dict[str, list[Mapping[str, str]]] = defaultdict(list)
        for r in records:
            self.by_section[r["category"]].append(r)

    def take(self, section: str) -> Mapping[str, str] | None:
        pool = self.by_section.get(section)
        if pool:
            return pool.pop()
        for other in sorted(self.by_section):
            if self.by_section[other]:
                return self.by_section[other].pop()
        return None


def _local(text: str, donors: _Donors, section: str, rng: random.Random) -> str | None:
    """The text with local paragraphs of other stories added (a fifth to a half of the original's length)."""
    paragraphs = _paragraphs(text)
    total = sum(map(len, paragraphs))
    added: list[str] = []
    while sum(map(len, added)) < 0.2 * total:
        donor = donors.take(section)
        if donor is None:
            return None
        for p in _paragraphs(donor["text"]):
            if len(p) >= 100 and sum(map(len, added)) + len(p) <= 0.5 * total:
                added.append(p)
            if sum(map(len, added)) >= 0.2 * total:
                break
    if rng.random() < 0.6:
        return "\n\n".join(paragraphs + added)
    return "\n\n".join([paragraphs[0], *added, *paragraphs[1:]])


# --- the suite ---------------------------------------------------------------------------------


@attrs.define
class _Builder:
    rng: random.Random
    articles: list[Article] = attrs.Factory(list)
    truth: dict[str, Truth] = attrs.Factory(dict)
    originals: dict[str, str] = attrs.Factory(dict)
    hard_negatives: dict[tuple[str, str], str] = attrs.Factory(dict)

    def when(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        return moment.astimezone(timezone(timedelta(hours=self.rng.choice(OFFSETS))))


def _copy_time(t0: datetime, rng: random.Random) -> tuple[datetime, datetime | None]:
    """The true publication time of a copy, and the time its feed gives (missing or skewed)."""
    delay = math.exp(rng.uniform(math.log(5 * 60), math.log(3 * 86400)))
    true = t0 + timedelta(seconds=round(delay))
    draw = rng.random()
    if draw < 0.12:
        return true, None
    if draw < 0.17:
        return true, t0 - timedelta(seconds=rng.randint(10 * 60, 6 * 3600))
    return true, true


@attrs.frozen(kw_only=True)
class _Story:
    """One family's original: its BBC record, outlet, time and address."""

    family: str
    record: Mapping[str, str]
    outlet: str
    t0: datetime
    slug: str

    @property
    def text(self) -> str:
        return self.record["text"]

    def fields(self, **fields: Any) -> dict[str, Any]:
        return {"title": self.record["title"], **fields}

    def truth(self, role: str, style: str, relation: str | None = None) -> Truth:
        return Truth(
            id="", family=self.family, role=role, style=style, relation=relation, source=self.record["id"]
        )


def _body(style: str, story: _Story, donors: _Donors, rng: random.Random) -> str | None:
    """The story text of a copy of this style (None when the style cannot be made of this story)."""
    body: str | None = story.text
    if style == "excerpt":
        body = _excerpt(story.text, rng)
    elif style == "edited":
        body = _edit(story.text, rng)
    elif style == "local":
        body = _local(story.text, donors, story.record["category"], rng)
    elif style == "ocr":
        body = _ocr(story.text, rng)
    if body is None:
        return None
    if style in ("wrapped", "ocr") or (style not in _LAYOUT_STYLES and rng.random() < 0.25):
        body = _wrap(body, rng)
    if style == "disguised":
        body = _disguise(body, rng)
    return body


def _wrapper(style: str, body: str, story: _Story, when: datetime, rng: random.Random) -> str:
    """The page around the story: a header, a footer or a dateline, by style."""
    credit = _credit(story.outlet, rng)
    address = f"https://www.{DOMAINS[story.outlet]}/world/{story.slug}"
    footers = {
        "source": f"Source: {credit}",
        "read-more": f"Read more at {address if rng.random() < 0.4 else credit}",
        "originally": rng.choice(
            ("Originally published by {}.", "This article was originally published by {}.")
        ).format(credit),
        "excerpt": f"Read the full story at {credit}" if rng.random() < 0.5 else "",
    }
    if style == "menafn":
        return f" date {when:%Y-%m-%d} (MENAFN- {credit}) {body}\n\n{MENAFN_DISCLAIMER}"
    if style == "dateline":
        return _dateline(story.outlet, when) + body
    footer = footers.get(style, "")
    return f"{body}\n\n{footer}" if footer else body


def _family(b: _Builder, story: _Story, donors: _Donors) -> list[tuple[dict[str, Any], Truth]]:
    rng = b.rng
    members = [
        (
            story.fields(
                text=story.text,
                outlet=story.outlet,
                url=f"https://www.{DOMAINS[story.outlet]}/world/{story.slug}",
                published=None if rng.random() < 0.05 else b.when(story.t0),
            ),
            story.truth("original", "original"),
        )
    ]
    used = {story.outlet}
    for style in rng.sample(STYLES, rng.choice((1, 2, 2, 3, 3, 4))):
        true_time, given = _copy_time(story.t0, rng)
        body = _body(style, story, donors, rng)
        if body is None:
            continue
        if style == "menafn":
            outlet = "MENAFN"
        else:
            wrapped = style in ("source", "read-more", "originally")
            pool = AGGREGATORS + PAPERS if wrapped else PAPERS + AGGREGATORS
            outlet = rng.choice([o for o in pool if o not in used])
        used.add(outlet)
        domain = DOMAINS.get(outlet, _slug(outlet).replace("-", "") + ".example")
        members.append(
            (
                story.fields(
                    text=_wrapper(style, body, story, true_time, rng),
                    outlet=outlet,
                    url=f"https://{domain}/news/{story.slug}-{rng.randrange(10**6)}",
                    published=b.when(given),
                ),
                story.truth("copy", style, RELATION_OF_STYLE[style]),
            )
        )
    if rng.random() < 0.2:
        donor = donors.take(story.record["category"])
        if donor is not None:
            news = _paragraphs(donor["text"])[:2]
            members.append(
                (
                    story.fields(
                        text="\n\n".join([*news, *_paragraphs(story.text)]),
                        outlet=story.outlet,
                        url=f"https://www.{DOMAINS[story.outlet]}/world/{story.slug}-update",
                        title=story.record["title"] + " (updated)",
                        published=b.when(story.t0 + timedelta(minutes=rng.randint(60, 8 * 60))),
                    ),
                    story.truth("update", "update", "revision"),
                )
            )
    return members


def _negatives(b: _Builder, story: _Story, donors: _Donors, start: int) -> list[tuple[dict[str, Any], Truth]]:
    """Hard negatives of one family: a same-section story, a story sharing one quoted sentence."""
    rng = b.rng
    out: list[tuple[dict[str, Any], Truth]] = []
    when = story.t0 + timedelta(minutes=rng.randint(-12 * 60, 12 * 60))
    section = story.record["category"]
    if rng.random() < 0.3:
        donor = donors.take(section)
        if donor is not None:
            out.append(
                (
                    {
                        "text": donor["text"],
                        "outlet": rng.choice(WIRES + PAPERS),
                        "title": donor["title"],
                        "published": b.when(when),
                    },
                    Truth(id="", family="", role="negative", style="same-topic", source=donor["id"]),
                )
            )
    quotes = [
        s
        for p in _paragraphs(story.text)
        for s in _sentences(p)
        if _QUOTED.match(s) and len(s) <= 0.15 * len(story.text)  # one sentence, not a share of the story
    ]
    if quotes and rng.random() < 0.25:
        donor = donors.take(section)
        if donor is not None:
            paragraphs = _paragraphs(donor["text"])
            at = len(paragraphs) // 2
            quote = rng.choice(quotes)
            out.append(
                (
                    {
                        "text": "\n\n".join([*paragraphs[:at], quote, *paragraphs[at:]]),
                        "outlet": rng.choice(PAPERS),
                        "title": donor["title"],
                        "published": b.when(when),
                    },
                    Truth(id="", family="", role="negative", style="shared-quote", source=donor["id"]),
                )
            )
    return [(fields, attrs.evolve(t, family=f"n{start + k:03d}")) for k, (fields, t) in enumerate(out)]


def generate(records: Sequence[Mapping[str, str]], *, n: int = 300, seed: int = 0) -> Suite:
    """Generate the suite from BBC records.

    Args:
        records: BBC records (see :func:`load_bbc`).
        n: The number of source stories (families); fewer when the corpus has fewer
            usable stories.
        seed: The random seed.

    Returns:
        The suite.
    """
    rng = random.Random(seed)
    stories = sorted(usable(records), key=lambda r: r["id"])
    rng.shuffle(stories)
    sources, rest = stories[:n], stories[n:]
    donors = _Donors(rest)
    b = _Builder(rng=rng)
    negatives = 0
    for number, record in enumerate(sources):
        outlet = rng.choice(WIRES) if rng.random() < 0.9 else rng.choice(ORIGIN_PUBLISHERS)
        story = _Story(
            family=f"f{number:03d}",
            record=record,
            outlet=outlet,
            t0=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60)),
            slug=_slug(record["title"]),
        )
        members = _family(b, story, donors)
        family_negatives = _negatives(b, story, donors, negatives)
        negatives += len(family_negatives)
        letters = list("abcdefghij"[: len(members)])
        rng.shuffle(letters)
        ids = []
        for letter, (fields, t) in zip(letters, members, strict=True):
            key = f"{t.family}-{letter}"
            ids.append(key)
            b.truth[key] = attrs.evolve(t, id=key)
            b.articles.append(Article(id=key, **fields))
            if t.role == "original":
                b.originals[t.family] = key
        for fields, t in family_negatives:
            key = f"{t.family}-a"
            b.truth[key] = attrs.evolve(t, id=key)
            b.articles.append(Article(id=key, **fields))
            b.originals[t.family] = key
            for member in ids:
                b.hard_negatives[(min(key, member), max(key, member))] = t.style
    order = list(b.articles)
    rng.shuffle(order)
    return Suite(
        articles=tuple(order),
        truth=dict(b.truth),
        originals=dict(b.originals),
        hard_negatives=dict(b.hard_negatives),
    )
