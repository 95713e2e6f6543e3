"""Stories kept compact between passes: shared by the engines.

:func:`provenance.scan` keeps each story compact between its two passes, and the ledger keeps
the stories it read ahead or recently ingested that way.
"""

from __future__ import annotations

import zlib
from array import array
from datetime import datetime

import attrs
import numpy as np

from provenance.clean import Region, Story

__all__ = ["Compact"]


@attrs.frozen(kw_only=True)
class Compact:
    """A story without its source, the offset map delta-encoded and compressed (~2% of its size)."""

    text: str
    offsets: bytes
    regions: tuple[Region, ...]
    paragraphs: tuple[tuple[int, int], ...]
    published: datetime | None
    version: str

    @classmethod
    def of(cls, story: Story) -> Compact:
        offsets = np.frombuffer(story.offsets, dtype=np.intc)
        steps = offsets.copy()
        np.subtract(offsets[1:], offsets[:-1], out=steps[1:])  # mostly ones: a few dozen bytes compressed
        return cls(
            text=story.text,
            offsets=zlib.compress(steps.tobytes(), 1),
            regions=story.regions,
            paragraphs=story.paragraphs,
            published=story.published,
            version=story.version,
        )

    def story(self, source: str) -> Story:
        steps = np.frombuffer(zlib.decompress(self.offsets), dtype=np.intc)
        offsets = array("i")
        offsets.frombytes(np.cumsum(steps, dtype=np.intc).tobytes())
        return Story(
            text=self.text,
            source=source,
            offsets=offsets,
            regions=self.regions,
            paragraphs=self.paragraphs,
            published=self.published,
            version=self.version,
        )
