"""Command line: `python -m services_directory check|render`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import List

from .check import run_check
from .hours import LONDON


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text}") from exc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services_directory")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the directory data")
    check.add_argument("--data", type=Path, default=None, help="data folder (default: shipped)")
    check.add_argument("--warn-days", type=int, default=180, help="warn if older (default 180)")
    check.add_argument("--error-days", type=int, default=365, help="fail if older (default 365)")
    check.add_argument("--today", type=_day, default=None, help="YYYY-MM-DD (default: today)")
    check.add_argument(
        "--pathways",
        type=Path,
        default=None,
        help="pathways YAML (e.g. actions/pathways.yml): fail on need tags no pathway asks for",
    )
    render = sub.add_parser("render", help="print the directory as printable HTML")
    render.add_argument("--data", type=Path, default=None, help="data folder (default: shipped)")
    render.add_argument("--out", type=Path, default=None, help="file to write (default stdout)")
    return parser


def _check(args: argparse.Namespace) -> int:
    today = args.today or datetime.now(LONDON).date()
    findings = run_check(args.data, today, args.warn_days, args.error_days, args.pathways)
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if not errors:
        _print_unconfirmed(args.data)
    return 1 if errors else 0


def _print_unconfirmed(data: Path | None) -> None:
    # A count, not one line per entry: unconfirmed is the honest state of new data, and
    # the staff page lists each entry as "not yet confirmed".
    from .loader import load_directory

    services = load_directory(data).services
    unconfirmed = sum(not s.confirmed for s in services)
    if unconfirmed:
        print(f"{unconfirmed} of {len(services)} entries not yet confirmed", file=sys.stderr)


def _render(args: argparse.Namespace) -> int:
    from .loader import load_directory
    from .render import render_html

    html = render_html(load_directory(args.data))
    if args.out:
        args.out.write_text(html, encoding="utf-8")
    else:
        sys.stdout.write(html)
    return 0


def main(argv: List[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = _parser().parse_args(argv)
    return _check(args) if args.command == "check" else _render(args)


if __name__ == "__main__":
    sys.exit(main())
