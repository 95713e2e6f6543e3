"""Boilerplate learned from the articles: a portal's chrome and a company's release trailer are not story.

The pages are written in the conventions of real portals: a story, then a notice to readers, then
"Important news" and "Popular news" lists of teasers of the portal's other stories (as Azerbaijani
news portals lay out their pages), and cookie and subscription notices.
"""

from __future__ import annotations

import pytest

from provenance import Article, scan
from provenance.boilerplate import MIN_PAGES, Counts, learn, outlet_key, page_key

STORIES = [
    (
        "The central bank kept its refinancing rate at 7.25 percent on Thursday, citing slowing inflation. "
        "The board said consumer prices rose 2.1 percent in the year to October. Analysts had expected "
        "the decision after three months of stable prices. The next rate meeting is scheduled for January."
    ),
    (
        "A new ferry line between the capital and the port of Turkmenbashi will open in March, the "
        "transport ministry announced. Two vessels built in a local shipyard will serve the route. "
        "Each ferry can carry fifty trucks and two hundred passengers. Tickets will go on sale next month."
    ),
    (
        "The national football team beat its neighbours two goals to nil in a qualifier on Sunday. "
        "Both goals came in the second half after a rain delay of forty minutes. The coach praised the "
        "young defenders who kept a clean sheet. The team travels to Prague for its next match."
    ),
    (
        "Wheat harvest in the southern regions reached a record 1.9 million tonnes this year. Farmers "
        "credited new irrigation canals completed in the spring. The agriculture ministry plans to export "
        "a fifth of the crop. Storage capacity will be expanded before the next season."
    ),
    (
        "The old city walls will be restored over the next three years with funds from the culture "
        "ministry. Engineers found that two towers need urgent repairs. Tourists will still be able to "
        "visit most of the walls during the work. The project is expected to cost twelve million."
    ),
]

NOTICE = (
    "Dear reader, please take into consideration that all news is posted to our portal automatically "
    "by the system. If you consider this article incorrect, we kindly ask you to inform us about it."
)
COOKIES = "We use cookies to improve your experience on our website. By continuing you accept our policy."


def portal_page(k: int, outlet: str = "Daily Portal") -> Article:
    """Page k of a portal: its story, then the portal's notice and lists of the other stories' teasers."""
    teasers = "\n\n".join(STORIES[j].split(". ")[0] + "..." for j in range(len(STORIES)) if j != k)
    text = f"{STORIES[k]}\n\n{NOTICE}\n\nImportant news\n\n{teasers}\n\n{COOKIES}"
    return Article(id=f"{outlet}-{k}", outlet=outlet, url=f"https://portal.example/news/{k}", text=text)


def test_pages_of_one_portal_are_not_copies_of_each_other() -> None:
    """Five stories of one portal sharing its notice, teasers and cookie text give no pair at all."""
    pages = [portal_page(k) for k in range(len(STORIES))]
    assert [] == [(m.a, m.b, m.relation) for m in scan(pages)]


def test_chrome_is_set_aside_as_boilerplate_with_its_frequency() -> None:
    """A page's notice sentences are boilerplate regions whose value is how many pages carry them."""
    pages = [portal_page(k) for k in range(len(STORIES))]
    counts = learn(pages)
    found = counts.of(pages[0])
    notice_first = "dear reader please take into consideration that all news is posted to our portal"
    assert any(k.startswith(notice_first) for k in found)
    assert {len(STORIES)} == {n for k, n in found.items() if k.startswith(notice_first)}
    assert not any(k.startswith(("the central bank kept", "the board said")) for k in found)
    teasers = learn(pages).of(pages[1])  # other pages tease this page's lead: there it is chrome
    assert any(k.startswith("the central bank kept") for k in teasers)


def test_a_wire_story_on_many_portals_is_still_a_copy_everywhere() -> None:
    """A story carried by six portals, each with its own chrome, is one family of copies."""
    wire = Article(id="wire", outlet="Trend", text=STORIES[0])
    pages = [wire] + [portal_page(k, outlet=f"Portal {n}") for n in range(6) for k in range(len(STORIES))]
    matches = scan(pages)
    copies = {m.b for m in matches if m.a == "wire"}
    assert {f"Portal {n}-0" for n in range(6)} == copies
    assert all(m.relation in ("verbatim", "identical") for m in matches if m.a == "wire")


def test_two_versions_of_one_page_are_a_revision_not_boilerplate() -> None:
    """Updates of one page (same url) never make its sentences boilerplate, however many there are."""
    base = portal_page(1)
    versions = [
        Article(
            id=f"ferry@{v}", outlet="Daily Portal", url=base.url, text=f"{base.text}\n\nUpdate {v}: more."
        )
        for v in range(MIN_PAGES + 1)
    ]
    counts = learn(versions)
    assert {} == counts.of(versions[0])


@pytest.mark.parametrize("n", [MIN_PAGES - 1, MIN_PAGES])
def test_a_sentence_is_boilerplate_from_min_pages_on(n: int) -> None:
    """A sentence on n different pages of one outlet is boilerplate exactly when n >= MIN_PAGES."""
    line = "Our business desk publishes market summaries at noon and at six every weekday."
    pages = [Article(id=f"p{k}", outlet="Daily Portal", text=f"{STORIES[k]}\n\n{line}") for k in range(n)]
    counts = Counts()
    for page in pages:
        counts.add(page)
    assert (n >= MIN_PAGES) == bool(counts.of(pages[0]))


def test_the_same_sentence_at_other_outlets_is_not_boilerplate() -> None:
    """A sentence carried once by each of many outlets (a wire story) is never boilerplate."""
    pages = [Article(id=f"o{k}", outlet=f"Outlet {k}", text=STORIES[0]) for k in range(10)]
    assert {} == learn(pages).of(pages[0])


def test_outlet_and_page_keys() -> None:
    """The outlet falls back on the url's host; versions of a page share its key."""
    a = Article(id="a@1", text="t", url="https://www.example.com/news/1/")
    assert ("example.com", "url:example.com/news/1") == (outlet_key(a), page_key(a))
    assert None is outlet_key(Article(id="b", text="t"))
