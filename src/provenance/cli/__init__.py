"""The terminal: ``provenance scan`` and friends, a thin shell over the public API.

Results go to standard output (a readable table, or JSON Lines for machines);
progress and messages go to standard error. Exit codes: 0 ok, 1 a copy found with
``check --fail-on-copy`` (or an ingest stopped by Ctrl-C, or by its output closed), 2 bad input
or usage (an input of no article included).

The library's stages are imported by the commands that use them, so that ``--version``
and ``--help`` start at once.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from provenance.__about__ import __version__
from provenance.cli._files import clusters, export_, report, scan, trace
from provenance.cli._ledger import backup, check, forget, ingest, salvage_, show, stats, verify
from provenance.cli._options import DEFAULT_DB
from provenance.cli._signals import Terminated, _end_by_sigterm, _terminable
from provenance.cli._terminal import _fail, _noted, _silence_output
from provenance.errors import ProvenanceError

__all__ = ["DEFAULT_DB", "main"]


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 2 (a traceback with --debug)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            with _terminable():
                return super().main(*args, **kwargs)
        except Terminated as stop:  # one line, then the end SIGTERM would have made
            click.echo(f"provenance: {_noted('terminated', stop)}", err=True)
            _end_by_sigterm()
            raise  # not reached: the process has ended
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.exceptions.NoArgsIsHelpError as error:
            # a bare ``provenance``: the usage and the commands, as --help shows them (exit 2, as
            # for any other usage error, so that a script that forgot its arguments notices)
            click.echo(error.ctx.get_help(), err=True)
            sys.exit(2)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            _fail(f"{error.format_message()}{hint}")
            sys.exit(2)
        except click.ClickException as error:
            _fail(error.format_message())
            sys.exit(error.exit_code)
        except click.Abort as stop:
            click.echo(f"provenance: {_noted('aborted', stop.__cause__)}", err=True)
            sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            # the reader of our output went away (``| head``): stop; quietly, unless the command had
            # recorded part of its work (an ingest's acknowledgements), which is said as any stop is
            _silence_output()
            if not getattr(error, "__notes__", None):
                raise SystemExit(0) from None
            with contextlib.suppress(OSError):  # standard error may have gone with it
                click.echo(f"provenance: {_noted('stopped: its output was closed', error)}", err=True)
            raise SystemExit(1) from None
        except ProvenanceError as error:
            if ctx.meta.get("provenance.debug"):
                raise
            _fail(_noted(str(error), error))
            raise SystemExit(2) from None
        except OSError as error:
            if ctx.meta.get("provenance.debug"):
                raise
            _fail(_noted(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), error))
            raise SystemExit(2) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Tell which news articles are copies of which, and with what evidence."""
    ctx.meta["provenance.debug"] = debug


for _command in (scan, clusters, ingest, check, show, forget, stats, verify, salvage_, backup, trace):
    main.add_command(_command)
main.add_command(export_)
main.add_command(report)
