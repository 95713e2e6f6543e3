"""The options the commands share, with their defaults read from the library when needed."""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from provenance.fingerprint import Config
    from provenance.registry import Registry


DEFAULT_DB = "provenance.db"
"""The ledger file used when no --db is given (the ledger's own ``DEFAULT_PATH``; a test checks)."""


def _target(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | str | None:
    """A ``--db`` value: a ``postgresql://`` URL as it is, anything else a file path."""
    from provenance.ledger.store import is_url  # noqa: PLC0415 - stages are imported when used

    if value is None or is_url(value):
        return value
    path = Path(value)
    if path.is_dir():
        msg = f"{value!r} is a directory, not a ledger file"
        raise click.BadParameter(msg, ctx=ctx, param=param)
    return path


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="Output format: a readable table, or one JSON object per line.",
)


class _Fraction(click.FloatRange):
    """A number in a range, never NaN or infinite (click's range lets NaN through)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


class _Option(click.Option):
    """An option whose default comes from the library, read when it is needed (--help included).

    The default is a :class:`_Library` value, so that defining the commands imports no stage.
    ``fills``, a :class:`_Library` value too, is written where the help says ``{default}``
    (an option whose default is None, such as a ledger's own config, that names the default
    of a new ledger).
    """

    def __init__(self, *args: Any, fills: _Library | None = None, **kwargs: Any) -> None:
        self.fills = fills
        super().__init__(*args, **kwargs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self.fills is not None and self.help and "{default}" in self.help:
            self.help = self.help.replace("{default}", str(self.fills()))
        return super().get_help_record(ctx)

    def get_default(self, ctx: click.Context, call: bool = True) -> Any:
        value = super().get_default(ctx, call=call)
        if isinstance(value, _Library):
            return value()
        return value


class _Library:
    """A value of the library, imported when first asked for.

    A constant (``_Library("provenance.index", "THRESHOLD")``), or with ``default_of`` the
    default of a record's field (``_Library("provenance.fingerprint", "Config", default_of="seed")``)
    or of a function's keyword argument (``"Ledger.ingest"``, ``default_of="batch"``): the
    command line repeats no default of the library.
    """

    def __init__(self, module: str, name: str, *, default_of: str | None = None) -> None:
        self.module, self.name, self.default_of = module, name, default_of

    def __call__(self) -> Any:
        value: Any = importlib.import_module(self.module)
        for part in self.name.split("."):
            value = getattr(value, part)
        if self.default_of is None:
            return value
        import attrs  # noqa: PLC0415 - as the stages, imported when a default is asked for

        if attrs.has(value):
            return attrs.fields_dict(value)[self.default_of].default
        return value.__kwdefaults__[self.default_of]


class _LibraryChoice(click.Choice):  # type: ignore[type-arg]
    """A choice among the values of a library constant, read when first needed."""

    def __init__(self, constant: _Library) -> None:
        self._constant = constant
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._constant())

    @choices.setter
    def choices(self, value: Any) -> None:
        """Click sets the choices in __init__; they come from the library instead."""


_THRESHOLD = _Library("provenance.index", "THRESHOLD")
_CONTAINMENT = _Library("provenance.index", "CONTAINMENT")
_MIN_COVERAGE = _Library("provenance.compare", "MIN_COVERAGE")
_MAX_CHARS = _Library("provenance.read", "MAX_CHARS")
_REPRESENTATIVES = _Library("provenance.families", "REPRESENTATIVES")
_NUM_PERM = _Library("provenance.fingerprint", "Config", default_of="num_perm")
_SHINGLE = _Library("provenance.fingerprint", "Config", default_of="shingle")
_SEED = _Library("provenance.fingerprint", "Config", default_of="seed")
_BATCH = _Library("provenance.ledger", "Ledger.ingest", default_of="batch")


def _config_options(*, ledger: bool) -> list[Callable[[Callable[..., None]], Callable[..., None]]]:
    """``--num-perm``, ``--shingle`` and ``--seed``, defaulting to Config's (a new ledger's)."""
    new = " of a new ledger (an existing one keeps its own, and must match)" if ledger else ""
    return [
        click.option(
            "--num-perm",
            cls=_Option,
            type=click.IntRange(min=2),
            default=None if ledger else _NUM_PERM,
            fills=_NUM_PERM,
            show_default=not ledger,
            help=f"MinHash values per fingerprint{new}" + (" [default: {default}]." if ledger else "."),
        ),
        click.option(
            "--shingle",
            cls=_Option,
            type=click.IntRange(min=1),
            default=None if ledger else _SHINGLE,
            fills=_SHINGLE,
            show_default=not ledger,
            help=f"Words per shingle, 3 for OCR text{new}" + (" [default: {default}]." if ledger else "."),
        ),
        click.option(
            "--seed",
            cls=_Option,
            type=click.IntRange(min=0),
            default=None if ledger else _SEED,
            fills=_SEED,
            show_default=not ledger,
            help=f"MinHash seed{new}" + (" [default: {default}]." if ledger else "."),
        ),
    ]


def _scan_options(
    *, paths: str = "required", ledger: bool = False
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options of every command that reads articles and matches them, in one place.

    Args:
        paths: ``"required"``, ``"optional"`` (a command that can work on the ledger instead)
            or ``"none"`` (the command adds its own argument).
        ledger: The command works on a ledger, which keeps the fingerprint config it was
            made with: ``--shingle``, ``--num-perm`` and ``--seed`` then set up a new ledger,
            and must match an existing one.
    """
    options: list[Callable[[Callable[..., None]], Callable[..., None]]] = [
        click.option(
            "--skip-bad", is_flag=True, help="Skip bad records (and report how many) instead of stopping."
        ),
        click.option(
            "--threshold",
            cls=_Option,
            type=_Fraction(0.0, 1.0, min_open=True),
            default=_THRESHOLD,
            show_default=True,
            help="Jaccard threshold of the near-duplicate candidate search.",
        ),
        click.option(
            "--containment",
            cls=_Option,
            type=_Fraction(0.0, 1.0, min_open=True),
            default=_CONTAINMENT,
            show_default=True,
            help="Containment threshold of the excerpt candidate search.",
        ),
        click.option(
            "--min-coverage",
            cls=_Option,
            type=_Fraction(0.0, 1.0),
            default=_MIN_COVERAGE,
            show_default=True,
            help="Smallest share of either story in shared passages for a pair to be reported.",
        ),
        click.option(
            "--representatives",
            cls=_Option,
            type=click.IntRange(min=0),
            default=_REPRESENTATIVES,
            show_default=True,
            callback=lambda _context, _param, value: value or None,
            help="Most earlier articles one is compared with; beyond, a story's representatives only "
            "(its oldest and closest members, or an exact twin): a story on many sites costs pairs in "
            "proportion to its copies. 0 compares every candidate pair.",
        ),
        *_config_options(ledger=ledger),
        click.option(
            "--max-chars",
            cls=_Option,
            type=click.IntRange(min=1),
            default=_MAX_CHARS,
            show_default=True,
            help="Longest article text accepted, in characters; a longer one is a bad record.",
        ),
    ]
    if paths != "none":
        options.insert(0, click.argument("paths", nargs=-1, required=paths == "required"))

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _config(*, num_perm: int | None, shingle: int | None, seed: int | None) -> Config | None:
    """The fingerprint config the options ask for; None when they ask for nothing (a ledger's own)."""
    from provenance.fingerprint import Config  # noqa: PLC0415 - stages are imported when used

    given: dict[str, Any] = {
        k: v for k, v in (("num_perm", num_perm), ("shingle", shingle), ("seed", seed)) if v is not None
    }
    return Config(**given) if given else None


_ENGINE = click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Run here (a process pool), or as an Apache Spark job (the spark extra).",
)


_MASTER = click.option(
    "--master",
    default=None,
    help="The Spark master of --engine spark: local[2], spark://host:7077, yarn [default: local[*]].",
)


_DB = click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=DEFAULT_DB,
    show_default=True,
    envvar="PROVENANCE_DB",
    help="The ledger: a SQLite file, or a postgresql:// URL; also PROVENANCE_DB.",
)


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """An ISO 8601 date or moment (``2024-02-06``, ``2024-02-06T09:30+04:00``); an --until date: its end."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not an ISO 8601 date or moment (2024-02-06, 2024-02-06T09:30Z)"
        raise click.BadParameter(msg, ctx=ctx, param=param) from None
    if param.name == "until" and len(value) == 10:  # a whole day: until its last moment
        moment = datetime.combine(moment.date(), time.max)
    return moment


_SINCE = click.option(
    "--since",
    metavar="DATE",
    callback=_moment,
    default=None,
    help="Compare only with stored articles published at or after DATE (ISO 8601; UTC without a zone).",
)


_UNTIL = click.option(
    "--until",
    metavar="DATE",
    callback=_moment,
    default=None,
    help="Compare only with stored articles published at or before DATE (a date alone: to its end).",
)


_REGISTRY = click.option(
    "--registry",
    "registry_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A TOML or JSON file of agents that extends the bundled registry.",
)


def _registry(path: Path | None) -> Registry:
    from provenance.registry import Registry  # noqa: PLC0415 - stages are imported when used

    return Registry.default() if path is None else Registry.default().extend(path)
