"""Boilerplate: the text an outlet repeats on page after page, learned from the articles themselves.

A portal's pages share menus, "Most read" lists, cookie and subscription notices, directory
links and photo captions; a company's releases share their "About <Company>" paragraph. Such
text is not story: two pages that share only it are not copies of each other, and two versions
of one story are not made more alike by it. Cleaning one text cannot tell it from the story, so
it is counted over many (as passim's boilerplate pass, the repeated-line filters of C4 and
Gopher, and datatrove's line deduplication do).

The unit is the sentence, as :func:`units` splits a story (the same units that
:func:`provenance.compare.compare` aligns). A sentence is **boilerplate for an outlet** when
it stands on at least :data:`MIN_PAGES` different pages of that outlet. The rule's reasons:

* a story appears once on an outlet's site; its updates are versions of one page, so pages
  are counted by what identifies a page (its url, else its title, else its id without a
  revision suffix), and an update of a story never makes its own sentences boilerplate;
  a page posted again under another address (an aggregator that carries a wire story
  twice) has the same sentences, so pages are counted by their content too: the count is
  the smaller of the distinct page keys and the distinct sets of sentences;
* a wire story carried by many outlets repeats across outlets, not within one, so copies of
  one story are never boilerplate, however many outlets carry it;
* two pages may share a sentence by chance or quotation (an outlet's two stories quoting one
  statement); three different pages of one outlet carrying the same sentence is a template.

The outlet is the article's ``outlet`` (its registry name when the registry knows it), else
the host of its ``url``; an article with neither has no outlet boilerplate. Sentences of fewer
than :data:`MIN_WORDS` words are never counted: they are too short to be evidence either way.
A boilerplate sentence that the page's own text follows stays in its story: it opens that
text (a lead that the outlet's other pages tease in their "Most read" lists), it is no template;
a short line that boilerplate follows (a list's heading, "Popular news") is boilerplate too.

:class:`Counts` is the tally (:meth:`Counts.add` one article at a time, as a ledger grows, or
:func:`learn` over a collection, as :func:`provenance.scan` does in its first pass), and
:meth:`Counts.of` says which sentences of an article are boilerplate, with their frequency.

Examples:
    >>> from provenance import Article
    >>> chrome = "Dear reader, please tell us about errors on this page. Popular news today."
    >>> pages = [Article(id=f"p{k}", outlet="Daily Portal", text=f"Story number {k} is about a topic "
    ...          f"of its own, number {k}. {chrome}") for k in range(3)]
    >>> counts = learn(pages)
    >>> counts.of(pages[0])
    {'dear reader please tell us about errors on this page': 3, 'popular news today': 3}
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import attrs

from provenance.article import Article
from provenance.clean import Story, clean
from provenance.errors import EmptyStoryError
from provenance.registry import Registry, host
from provenance.shingle import words

__all__ = [
    "MIN_PAGES",
    "MIN_WORDS",
    "Boilerplate",
    "Counts",
    "Sentences",
    "learn",
    "outlet_key",
    "page_key",
    "sentence_hashes",
    "units",
]

MIN_PAGES = 3
"""Different pages of one outlet that must carry a sentence for it to be that outlet's boilerplate."""
MIN_WORDS = 4
"""Fewest words of a sentence that is counted."""

ABBREVIATIONS = (
    # titles and ranks before a name
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Gen", "Col", "Maj", "Capt", "Lt", "Sgt", "Adm", "Cmdr",
    "Gov", "Sen", "Rep", "Pres", "Hon", "Mme",
    # months before a day ("Feb. 6"), places ("St. Petersburg", "Mt. Everest", "Ft. Worth", "Ave.")
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "St", "Mt", "Ft", "Ave", "Blvd",
    # numbers ("No. 10", "Vol. 2") and company names ("Acme Inc. Chief", "Smith Bros. Ltd.")
    "No", "Nos", "Vol", "Inc", "Corp", "Ltd", "Co", "Bros",
)  # fmt: skip
"""Words that a period after them does not end a sentence (``Mr.``, ``Feb.``, ``No.``, ``Inc.``).

The list is of abbreviations that news copy writes before what they qualify (a title before a
name, a month before a day, ``No.`` before a number, ``St.`` before a name) and the company
suffixes, which a capitalised word follows inside a sentence as often as outside it. A single
capital letter before a period is an initial (``J. Smith``, and each letter of ``U.S.``,
``U.K.``, ``E.U.``) and does not end a sentence either. The one cost: a sentence that does end
on such a word is joined to the next, so a shared sentence is never cut in two (which would count
one shared sentence as two and could make a quotation a copy); a joined pair still aligns with
the same pair in a copy. ``a.m.`` and ``p.m.`` do end sentences ("at 5 p.m. The talks") and are
not in the list."""


def _not_after(words: tuple[str, ...]) -> str:
    """Look-behinds, one per length (Python's must be of fixed width), for a period after ``words``."""
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return "".join(rf"(?<!\b(?:{'|'.join(group)})\.)" for _, group in sorted(by_length.items()))


# a sentence ends at the spaces (group 1) after . ! or ? (and a closing quote or bracket) before a capital
# or a digit (maybe after an opening quote), unless the period follows an abbreviation or an initial;
# the pattern starts with the punctuation, which the regular expression engine finds fast, and the
# look-behinds are tried there only, not at every character
SENTENCE = re.compile(
    r"[.!?]"
    + _not_after(ABBREVIATIONS)
    + r"(?<!\b[A-Z]\.)"
    + r"[\"')\]]?([ ]+)(?=[\"'(\[]?[A-Z0-9\u00c0-\u00de])"
)


def units(story: Story) -> list[tuple[int, int, tuple[str, ...]]]:
    """The story's sentences: ``(start, end, words)`` with spans in the story text.

    Args:
        story: A cleaned story.

    Returns:
        Each sentence of each paragraph, in order, with its case-folded words (a
        sentence with no word is left out).

    Examples:
        >>> [w for _, _, w in units(clean("One fine day. Two more days!"))]
        [('one', 'fine', 'day'), ('two', 'more', 'days')]
        >>> len(units(clean("Mr. J. Smith of Acme Inc. met U.S. envoys on Feb. 6. They talked.")))
        2
    """
    out = []
    text = story.text
    for pa, pb in story.paragraphs:
        pos = pa
        for m in SENTENCE.finditer(text, max(pa - 2, 0), pb):  # the punctuation may precede pa
            if m.start(1) >= pa:
                out.append((pos, m.start(1), tuple(words(text[pos : m.start(1)]))))
                pos = m.end(1)
        out.append((pos, pb, tuple(words(text[pos:pb]))))
    return [u for u in out if u[2]]


def key(sentence: tuple[str, ...]) -> str:
    """A sentence's key: its words joined by spaces."""
    return " ".join(sentence)


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).digest())


def _norm(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def outlet_key(article: Article) -> str | None:
    """Whose pages an article is among: its outlet (the registry's name for it), else its url's host.

    Examples:
        >>> outlet_key(Article(id="x", text="t", url="https://www.example.com/a/1"))
        'example.com'
    """
    if article.outlet and _norm(article.outlet):
        found = Registry.default().resolve(article.outlet)
        return found.name if found is not None else _norm(article.outlet)
    return host(article.url)


def page_key(article: Article) -> str:
    """What identifies the page an article is (its versions share it): url, else title, else id.

    Examples:
        >>> page_key(Article(id="story@2", text="t"))
        'id:story'
        >>> page_key(Article(id="a", text="t", title=" The Title "))
        'title:the title'
    """
    if article.url:
        parts = urlsplit(article.url.strip())
        return "url:" + (parts.netloc.casefold().removeprefix("www.") + parts.path.rstrip("/"))
    if article.title and _norm(article.title):
        return "title:" + _norm(article.title)
    return "id:" + article.id.split("@", 1)[0]


def sentence_hashes(story: Story) -> list[int]:
    """The hashes of a story's distinct counted sentences (those of :data:`MIN_WORDS` words or more)."""
    return sorted({_hash(key(w)) for _, _, w in units(story) if len(w) >= MIN_WORDS})


def _slots(outlet: str, sentences: Iterable[int]) -> list[int]:
    """Each sentence's slot: its hash with the outlet's (hashed once)."""
    salt = _hash(outlet)
    return [salt ^ sentence for sentence in sentences]


@attrs.frozen(kw_only=True)
class Sentences:
    """An article's counted sentences as a tally keeps them (what a ledger stores of it).

    Attributes:
        slots: Its distinct counted sentences, each hashed with its outlet, sorted.
        page: The hash of its :func:`page_key` (its versions share it).
        content: The hash of its set of sentences (the same page posted under another address shares it).

    Examples:
        >>> from provenance import Article
        >>> page = Article(id="p1", outlet="Daily Portal", text="Dear reader, tell us about errors here.")
        >>> len(Sentences.of(page, sentence_hashes(clean(page.text))).slots)
        1
        >>> Sentences.of(Article(id="x", text="No outlet, no url."), []) is None
        True
    """

    slots: tuple[int, ...]
    page: int
    content: int

    @classmethod
    def of(cls, article: Article, hashes: Iterable[int]) -> Sentences | None:
        """The sentences of an article (given as :func:`sentence_hashes`), or None when it has no outlet."""
        outlet = outlet_key(article)
        if outlet is None:
            return None
        ordered = sorted(set(hashes))
        return cls(
            slots=tuple(sorted(_slots(outlet, ordered))),
            page=_hash(page_key(article)),
            content=_hash(" ".join(map(str, ordered))),
        )


@attrs.frozen(kw_only=True)
class Boilerplate:
    """What is known to be boilerplate: for each outlet's boilerplate sentence, its page count.

    Attributes:
        slots: Page counts by slot (outlet and sentence hashed together).
    """

    slots: Mapping[int, int] = attrs.field(factory=dict, repr=False)

    def of(self, article: Article, story: Story | None = None) -> dict[str, int]:
        """The sentences of an article that are boilerplate for its outlet, with their page counts.

        Args:
            article: The article.
            story: Its cleaned story, when the caller has it.

        Returns:
            Each boilerplate sentence's :func:`key` and how many pages carry it (at least).
        """
        outlet = outlet_key(article)
        if outlet is None or not self.slots:
            return {}
        if story is None:
            try:
                story = clean(article.text)
            except EmptyStoryError:
                return {}
        every = [key(w) for _, _, w in units(story)]
        counted = [i for i, k in enumerate(every) if k.count(" ") + 1 >= MIN_WORDS]
        found = [self.slots.get(slot) for slot in _slots(outlet, (_hash(every[i]) for i in counted))]
        aside: dict[int, int] = {}
        for n, (i, pages) in enumerate(zip(counted, found, strict=True)):
            # a sentence followed by the page's own text opens it (a lead that the outlet's other
            # pages tease): it stays in the story
            if pages is not None and (n + 1 == len(found) or found[n + 1] is not None):
                aside[i] = pages
        out = {every[i]: pages for i, pages in aside.items()}
        for i, k in enumerate(every):  # a short line among boilerplate ("Popular news") is boilerplate
            if i not in aside and k.count(" ") + 1 < MIN_WORDS:
                after = next((j for j in counted if j > i), None)
                before = next((j for j in reversed(counted) if j < i), None)
                near = after if after is not None else before
                if near is not None and near in aside:
                    out.setdefault(k, aside[near])
        return out


@attrs.define
class Counts:
    """How many different pages of each outlet carry each sentence (a tally that grows).

    Attributes:
        min_pages: Pages of one outlet that make a sentence boilerplate.
    """

    min_pages: int = attrs.field(default=MIN_PAGES, validator=attrs.validators.ge(2))
    # per slot, the page keys and the story contents seen (until it is boilerplate), or the page count
    _pages: dict[int, tuple[set[int], set[int]] | int] = attrs.field(factory=dict, init=False, repr=False)

    def add(self, article: Article, story: Story | None = None) -> None:
        """Count an article's sentences among its outlet's pages.

        Args:
            article: The article.
            story: Its cleaned story, when the caller has it.
        """
        if outlet_key(article) is None:
            return
        if story is None:
            try:
                story = clean(article.text)
            except EmptyStoryError:
                return
        self.add_hashes(article, sentence_hashes(story))

    def add_hashes(self, article: Article, hashes: Iterable[int]) -> None:
        """Count an article's sentences given as :func:`sentence_hashes`."""
        self.add_sentences(Sentences.of(article, hashes))

    def add_sentences(self, sentences: Sentences | None) -> list[int]:
        """Count an article's :class:`Sentences`.

        Returns:
            The slots that became boilerplate with it.
        """
        if sentences is None:
            return []
        crossed = []
        for slot in sentences.slots:
            seen = self._pages.get(slot)
            if isinstance(seen, int):  # boilerplate already: count the page, no longer keep who it was
                self._pages[slot] = seen + 1
                continue
            if seen is None:
                seen = self._pages[slot] = (set(), set())
            seen[0].add(sentences.page)
            seen[1].add(sentences.content)  # a page posted again under another address
            pages = min(len(seen[0]), len(seen[1]))
            if pages >= self.min_pages:
                self._pages[slot] = pages
                crossed.append(slot)
        return crossed

    def known(self) -> Boilerplate:
        """What the tally knows to be boilerplate now."""
        return Boilerplate(slots={k: v for k, v in self._pages.items() if isinstance(v, int)})

    def of(self, article: Article, story: Story | None = None) -> dict[str, int]:
        """The sentences of an article that are boilerplate for its outlet (see :meth:`Boilerplate.of`)."""
        return self.known().of(article, story)


def learn(
    articles: Iterable[Article], stories: Iterable[Story] | None = None, *, min_pages: int = MIN_PAGES
) -> Counts:
    """Count every sentence of a collection among its outlet's pages.

    Args:
        articles: The articles.
        stories: Their cleaned stories, in the same order, when the caller has them.
        min_pages: Pages of one outlet that make a sentence boilerplate.

    Returns:
        The counts.
    """
    counts = Counts(min_pages=min_pages)
    if stories is None:
        for article in articles:
            counts.add(article)
    else:
        for article, story in zip(articles, stories, strict=True):
            counts.add(article, story)
    return counts
