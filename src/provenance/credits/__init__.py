r"""Credits: whom an article says its story came from, each with its evidence in the original text.

:func:`extract` reads an article's text as published and returns its :class:`Credits`:
every credit line, wire dateline, signature and reporting phrase it finds, each a
:class:`Credit` with the name as found, the registry :class:`~provenance.registry.Agent`
it resolves to (or None: unknown agents are kept, unresolved), the ``(start, end)`` span of
its evidence in the *original* text, and the name of the pattern that found it; and the
article's :class:`Dateline` (place and date, the year taken from the publication time when
the dateline omits it).

The pattern families (``docs/reference/credits.md`` lists every pattern, with an example
and a near miss):

* ``header`` and ``footer``: an aggregator's syndication header ``(MENAFN- X)`` and credit
  footers (``Source: X``, ``Read more at X``, ``Originally published by/on X``,
  ``Republished with permission of X``, ``(c)``/``Copyright X``), read from the regions that
  :func:`provenance.clean.clean` sets aside;
* ``dateline`` and ``press_release``: ``LONDON, Sept 28 (Reuters) -``, ``WASHINGTON (AP) -``,
  ``BEIJING, Feb. 6 (Xinhua) --``, ``New Delhi [India], Feb 6 (ANI):``, ``ASTANA. KAZINFORM -``,
  ``BAKU, Azerbaijan, February 6.`` (Trend), ``/PRNewswire/``, ``(GLOBE NEWSWIRE)``,
  ``(BUSINESS WIRE)``;
* ``signature``: ``(Reporting by ...; Editing by ...)`` (Reuters), ``--IANS``,
  ``..., Trend reports.``, ``Trend xəbər verir``, ``сообщает Trend``;
* ``reporting``: phrases that name a primary source: ``X reports, referring to Y``,
  ``citing Y``, ``with reference to Y``, ``according to Y``, ``Y said in a statement``,
  ``the press service of Y``, ``сообщает X со ссылкой на Y``, ``Y-yə istinadən X xəbər verir``;
* ``byline`` and ``photo``: recorded as such, never as the source of the story.

The package has one module per job: :mod:`~provenance.credits.records` (the records),
:mod:`~provenance.credits.names` (reading a name next to a keyword),
:mod:`~provenance.credits.regions` (headers and footers set aside by the cleaner),
:mod:`~provenance.credits.datelines` (the dateline grammar), :mod:`~provenance.credits.finders`
(the keyword finders) and :mod:`~provenance.credits.assemble` (:func:`extract`).

Every pattern runs in time linear in the text: a regular expression without nested
unbounded quantifiers finds a keyword, and names are read from a bounded window next to it.

Examples:
    >>> page = (" date 2024-02-07 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 6. "
    ...         "The minister met the envoy, Trend reports, referring to the Azerbaijani Foreign Ministry.")
    >>> found = extract(page)
    >>> [(c.kind, c.agent, c.reporter, c.pattern) for c in found.credits]
    [('header', 'Trend News Agency', 'MENAFN', 'header.syndication'),
     ('reporting', 'Azerbaijani Foreign Ministry', 'Trend', 'reporting.referring_to')]
    >>> found.credits[1].resolved.name
    'Ministry of Foreign Affairs of Azerbaijan'
    >>> page[slice(*found.credits[0].span)]
    '(MENAFN- Trend News Agency)'
    >>> found.dateline.place, found.dateline.date
    ('Baku', datetime.date(2024, 2, 6))
"""

from __future__ import annotations

from provenance.credits.assemble import extract
from provenance.credits.records import KINDS, SOURCE_KINDS, Credit, Credits, Dateline

__all__ = ["KINDS", "SOURCE_KINDS", "Credit", "Credits", "Dateline", "extract"]
