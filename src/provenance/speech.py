"""Speech in a sentence: a quotation, or words attributed to someone, and who speaks.

Two outlets may share a third party's words (a ministry's statement, a release's quotes)
without copying each other: :func:`provenance.compare.compare` counts such sentences apart.

Examples:
    >>> speech('"We will build the plant," the minister said.', False)
    (True, False, 'the minister')
    >>> speech("Prices rose on Monday.", False)
    (False, False, None)
"""

from __future__ import annotations

import re

__all__ = ["speech"]

_SAYS = re.compile(
    r"\b(?:said|says|told|stated|added|according to|in a statement|quoted as saying)\b", re.IGNORECASE
)
_NAME = r"\b[A-Z][\w.'-]{0,30}+(?>(?:[ ][A-Z][\w.'-]{0,30}+){0,4})"
_SPEAKER = re.compile(
    rf"(?:\b(?:said|says|told|added|stated)[ ](?P<after>(?:the[ ])?{_NAME})"
    rf"|\baccording to[ ](?P<per>(?:the[ ])?{_NAME})"
    rf"|(?P<before>(?:\b[Tt]he[ ])?{_NAME})[ ](?:said|says|told|added|stated)\b"
    r"|(?P<role>\bthe[ ][a-z]{3,20}+(?:[ ][a-z]{3,20}+)?)[ ](?:said|says|told|added|stated)\b)"
)


def speech(text: str, inside: bool) -> tuple[bool, bool, str | None]:
    """Whether a sentence is speech: a quotation, or speech attributed to someone.

    Returns also whether a quotation is still open after it, and who speaks (when the
    sentence names them). A sentence is a quotation when at least half its characters
    stand inside quotation marks (quotes are ASCII after cleaning; a quotation may open
    in an earlier sentence of the paragraph), and attributed speech when it says who
    said, told or stated it.
    """
    quoted_chars, pos, state = 0, 0, inside
    for k, ch in enumerate(text):
        if ch == '"':
            if state:
                quoted_chars += k - pos
            state, pos = not state, k + 1
    if state:
        quoted_chars += len(text) - pos
    said = _SAYS.search(text) is not None
    speaker = None
    if said or quoted_chars:
        m = _SPEAKER.search(text)
        if m:
            speaker = next(
                g for g in (m.group("after"), m.group("per"), m.group("before"), m.group("role")) if g
            )
    return (2 * quoted_chars >= len(text.strip()) or said), state, speaker
