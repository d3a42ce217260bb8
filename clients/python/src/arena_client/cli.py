"""The ``arena-client`` command: download, submit, claim, wait, leaderboard.

Exit status: 0 on success; 1 when the server refuses (its code and message on stderr), a file cannot
be read, scoring failed, or waiting timed out; 2 for a command line argparse cannot read.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

from .client import Arena
from .errors import ArenaError
from .results import leaderboard_rows, value_columns


def _common(suppress: bool) -> argparse.ArgumentParser:
    # On the subcommands too, so `arena-client submit … --url X` works; SUPPRESS keeps a value
    # given before the subcommand from being reset by the subcommand's default.
    d = {"default": argparse.SUPPRESS} if suppress else {}
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--url", help="the site (default: $ARENA_URL, else http://localhost:3000)", **d)
    p.add_argument("--token", help="an API token (default: $ARENA_TOKEN)", **d)
    p.add_argument("--json", action="store_true", help="print the server's JSON instead of a summary", **d)
    return p


def parser() -> argparse.ArgumentParser:
    """The command line of ``arena-client``."""
    top = argparse.ArgumentParser(
        prog="arena-client",
        description="Anomaly Arena from the command line: download a black box, submit scores or a "
        "claim, wait for the scorer, read a leaderboard.",
        parents=[_common(False)],
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = [_common(True)]

    def box_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("challenge", help="challenge slug, e.g. lhc-olympics-demo")
        p.add_argument("box", help="black box slug, e.g. bb1")

    def wait_args(p: argparse.ArgumentParser, flag: bool) -> None:
        if flag:
            p.add_argument("--wait", action="store_true", help="wait for the scorer and print the result")
        p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait (default 600)")

    p = sub.add_parser("download", parents=common, help="download a box's public.h5 (or truth.h5)")
    box_args(p)
    p.add_argument("-o", "--output", help="file or directory (default: ./{challenge}-{box}-public.h5)")
    p.add_argument("--truth", action="store_true", help="truth.h5 instead (once the truth is public)")

    p = sub.add_parser("submit", parents=common, help="upload a score (or top-ids) file as it is")
    box_args(p)
    p.add_argument("file", help=".npy, .h5, .csv or .txt, optionally .gz (docs/how-to-submit.md)")
    p.add_argument("--kind", choices=["scores", "top-ids"], default="scores")
    p.add_argument("--method", help="short name of your method, shown on the leaderboard")
    p.add_argument("--description")
    wait_args(p, True)

    p = sub.add_parser("claim", parents=common, help="claim a resonance (masses in GeV) or no signal")
    box_args(p)
    p.add_argument("--no-signal", action="store_true", help="claim the box holds no signal")
    p.add_argument("--mass", type=float)
    p.add_argument("--mass-uncertainty", type=float)
    p.add_argument("--width", type=float)
    p.add_argument("--n-signal", type=float, help="signal events in the whole box")
    p.add_argument("--n-signal-uncertainty", type=float)
    p.add_argument(
        "--daughter",
        nargs=2,
        type=float,
        action="append",
        metavar=("MASS", "UNCERTAINTY"),
        help="a daughter's mass and uncertainty; repeat for each daughter",
    )
    p.add_argument("--p-value", type=float)
    p.add_argument("--note", help="text stored with the claim")
    p.add_argument("--method")
    p.add_argument("--description")
    wait_args(p, True)

    p = sub.add_parser("wait", parents=common, help="wait until a submission is scored or failed")
    p.add_argument("submission", help="the submission id")
    wait_args(p, False)

    p = sub.add_parser("leaderboard", parents=common, help="print a box's leaderboard")
    box_args(p)
    p.add_argument("--kind", choices=["scores", "claim", "top-ids"], default="scores")
    return top


def main(argv: Optional[List[str]] = None) -> int:
    """Run ``arena-client`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = parser().parse_args(argv)
    try:
        with Arena(args.url, args.token) as arena:
            return COMMANDS[args.command](arena, args)
    except ArenaError as e:
        print(f"arena-client: {e}", file=sys.stderr)
        for f in (e.details or {}).get("fields") or []:
            if isinstance(f, dict) and f.get("message") and f.get("message") not in e.message:
                print(f"  {f.get('field')}: {f.get('message')}", file=sys.stderr)
        return 1
    except (TimeoutError, ValueError, OSError) as e:
        print(f"arena-client: {e}", file=sys.stderr)
        return 1


def _print_json(value: object) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _download(arena: Arena, args: argparse.Namespace) -> int:
    path = arena.download(args.challenge, args.box, args.output, file="truth.h5" if args.truth else "public.h5")
    _print_json({"path": path}) if args.json else print(path)
    return 0


def _accepted(arena: Arena, args: argparse.Namespace, sub: dict) -> int:
    if args.wait:
        return _finish(arena.wait(sub, timeout=args.timeout), args)
    if args.json:
        _print_json(sub)
    else:
        left = (sub.get("quota") or {}).get("remaining")
        print(f"accepted {sub['id']} ({sub.get('kind')}; quota left: {left})")
    return 0


def _submit(arena: Arena, args: argparse.Namespace) -> int:
    sub = arena.submit_file(
        args.challenge, args.box, args.file, kind=args.kind, method=args.method, description=args.description
    )
    return _accepted(arena, args, sub)


def _claim(arena: Arena, args: argparse.Namespace) -> int:
    sub = arena.submit_claim(
        args.challenge,
        args.box,
        signal_present=not args.no_signal,
        mass=args.mass,
        mass_uncertainty=args.mass_uncertainty,
        width=args.width,
        n_signal=args.n_signal,
        n_signal_uncertainty=args.n_signal_uncertainty,
        daughter_masses=args.daughter,
        p_value=args.p_value,
        note=args.note,
        method=args.method,
        description=args.description,
    )
    return _accepted(arena, args, sub)


def _wait(arena: Arena, args: argparse.Namespace) -> int:
    return _finish(arena.wait(args.submission, timeout=args.timeout), args)


def _finish(sub: dict, args: argparse.Namespace) -> int:
    """Print a finished submission; 1 when it failed."""
    if args.json:
        _print_json(sub)
    else:
        print("\n".join(summary_lines(sub)))
    return 0 if sub.get("status") == "scored" else 1


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return "" if v is None else str(v)


def summary_lines(sub: dict) -> List[str]:
    """Human lines for a finished submission: its status, then each metric family it has."""
    sid = sub.get("id")
    if sub.get("status") != "scored":
        return [f"{sub.get('status')} {sid}: {(sub.get('error') or {}).get('message', '')}".rstrip(": ")]
    lines = [f"scored {sid}"]
    metrics = (sub.get("evaluation") or {}).get("metrics") or {}
    d = metrics.get("discovery")
    if d is not None:
        s = d.get("summary")
        if s is None:
            lines.append(f"discovery: no Z, {d.get('summaryReason', 'the background model was rejected')}")
        else:
            extra = " (extrapolated)" if s.get("extrapolated") else ""
            lines.append(
                f"discovery: global Z = {_fmt(s.get('globalSignificance'))}{extra} at cut efficiency "
                f"{_fmt(s.get('efficiency'))}, bump at {_fmt(s.get('claimedMass'))} GeV"
            )
    t = metrics.get("truth") or {}
    if "auc" in t:
        lines.append(f"truth: AUC = {_fmt(t.get('auc'))}, Max SIC = {_fmt((t.get('sicMax') or {}).get('value'))}")
    c = metrics.get("claim")
    if c:
        lines.append(f"claim: detection correct = {c.get('detectionCorrect')}, log score = {_fmt(c.get('logScore'))}")
    k = metrics.get("topK")
    if k:
        lines.append(f"top-K: precision = {_fmt(k.get('precision'))}")
    return lines


def _leaderboard(arena: Arena, args: argparse.Namespace) -> int:
    answer = arena.request("GET", arena._box(args.challenge, args.box) + "/leaderboard", params={"kind": args.kind})
    if args.json:
        _print_json(answer)
        return 0
    rows = leaderboard_rows(answer)
    ranking = answer.get("ranking") or {}
    frozen = answer.get("frozen")
    print(f"{args.challenge}/{args.box} {args.kind}: {ranking.get('label', '')}" + (" (frozen)" if frozen else ""))
    print(table(rows))
    return 0


def table(rows: List[dict]) -> str:
    """Rows as a plain-text table (no pandas needed): rank, team or baseline, method, values."""
    columns = ["rank", "team", "method"] + value_columns(rows) + ["submissions"]
    # A baseline has no team: its name goes in the team column.
    cells = [[_fmt(r.get(c) if c != "team" else r.get("team") or r.get("baseline")) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(out) if rows else out[0] + "\n(no rows yet)"


COMMANDS = {
    "download": _download,
    "submit": _submit,
    "claim": _claim,
    "wait": _wait,
    "leaderboard": _leaderboard,
}
