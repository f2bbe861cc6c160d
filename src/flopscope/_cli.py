"""``flopscope run SCRIPT [args…] [--budget N] [--namespace NAME] [--json FILE]``

Runs a Python script the way ``python SCRIPT args…`` would, with every counted
operation charged to one budget (installed as the global default, so the script's own
BudgetContexts still work), then prints the session summary.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback
from dataclasses import dataclass, field

EXIT_BUDGET_EXHAUSTED = 3
EXIT_TIME_EXHAUSTED = 4
EXIT_USAGE = 2

USAGE = """\
usage: flopscope run SCRIPT [args ...] [--budget N] [--namespace NAME] [--json FILE]

Run a Python script under a FLOP budget and print the budget summary.

options (before or after SCRIPT; put `--` before script arguments that clash with them):
  --budget N        FLOP budget for the run, any number float() reads, e.g. 1e9
                    (default: $FLOPSCOPE_DEFAULT_BUDGET or 1e15)
  --namespace NAME  label for the run's budget in the summary
  --json FILE       also write budget_summary_dict(by_namespace=True) to FILE ('-' = stdout)

exit status: the script's own; 3 if the FLOP budget ran out, 4 if a time limit did.
"""

_OPTIONS = ("--budget", "--namespace", "--json")


class UsageError(Exception):
    pass


@dataclass
class RunArgs:
    script: str
    script_args: list[str] = field(default_factory=list)
    budget: str | None = None
    namespace: str | None = None
    json_path: str | None = None


def parse_run_args(tokens: list[str]) -> RunArgs:
    """Split ``run``'s arguments into flopscope's options and the script's own."""
    values: dict[str, str] = {}
    script: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            rest.extend(tokens[i + 1 :])
            break
        name, eq, inline = token.partition("=")
        if name in _OPTIONS:
            if eq:
                value = inline
            elif i + 1 < len(tokens):
                i += 1
                value = tokens[i]
            else:
                raise UsageError(f"{name} needs a value")
            values[name] = value
        elif script is None:
            if token.startswith("-"):
                raise UsageError(f"unknown option {token!r} before the script")
            script = token
        else:
            rest.append(token)
        i += 1
    if script is None:
        if rest:
            script, rest = rest[0], rest[1:]
        else:
            raise UsageError("no script given")
    return RunArgs(
        script, rest, values.get("--budget"), values.get("--namespace"), values.get("--json")
    )


def _run_script(path: str, argv: list[str]) -> int:
    """Run ``path`` as ``__main__``; return its exit status (exceptions are reported)."""
    from ._errors import BudgetExhaustedError, TimeExhaustedError

    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [path, *argv]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        runpy.run_path(path, run_name="__main__")
        return 0
    except BudgetExhaustedError as exc:
        print(f"flopscope: budget exhausted: {exc}", file=sys.stderr)
        return EXIT_BUDGET_EXHAUSTED
    except TimeExhaustedError as exc:
        print(f"flopscope: time limit exceeded: {exc}", file=sys.stderr)
        return EXIT_TIME_EXHAUSTED
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        print(exc.code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path


def run(args: RunArgs) -> int:
    from . import _session
    from ._budget import BudgetContext, validate_flop_budget
    from ._display import budget_summary
    from ._flavor import FLOPSCOPE

    if not os.path.isfile(args.script):
        raise UsageError(f"cannot open script {args.script!r}: no such file")
    if args.budget is None:
        flop_budget = _session._env_budget(FLOPSCOPE.env_var)
    else:
        try:
            flop_budget = validate_flop_budget(float(args.budget), what="--budget")
        except ValueError as exc:
            raise UsageError(
                f"--budget {args.budget!r}: must be a positive number such as 1e9"
            ) from exc
    try:
        ctx = BudgetContext(flop_budget, namespace=args.namespace, quiet=True)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc

    _session.install_default(ctx)
    try:
        status = _run_script(args.script, args.script_args)
    finally:
        _session.uninstall_default()
    sys.stdout.flush()
    budget_summary()
    if args.json_path:
        data = _session.session_dict(FLOPSCOPE, by_namespace=True)
        text = json.dumps(data, indent=2)
        if args.json_path == "-":
            print(text)
        else:
            with open(args.json_path, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    tokens = sys.argv[1:] if argv is None else argv
    if not tokens or tokens[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if tokens else EXIT_USAGE
    if tokens[0] == "--version":
        from ._version import __version__

        print(f"flopscope {__version__}")
        return 0
    try:
        if tokens[0] != "run":
            raise UsageError(f"unknown command {tokens[0]!r} (the command is `run`)")
        return run(parse_run_args(tokens[1:]))
    except UsageError as exc:
        print(f"flopscope: error: {exc}\n\n{USAGE}", end="", file=sys.stderr)
        return EXIT_USAGE
