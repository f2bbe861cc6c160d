"""The two faces of one engine: flopscope (FMA = 1 FLOP) and mechestim (FMA = 2 FLOPs).

A flavor decides how a multiply-add is priced, what the functions return, and the
names users see (summary header, environment variable, per-op key of summary dicts).
Budgets, the log and the session are shared by both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class Flavor:
    name: str  # product name shown in banners and summary headers
    fma: int  # FLOPs charged for one multiply-add
    env_var: str  # environment variable holding the global default budget
    cost_key: str  # per-operation key of budget_summary_dict()["operations"]
    counted_outputs: bool  # return read-only counted arrays (flopscope) or plain ndarrays

    @property
    def header(self) -> str:
        return f"{self.name} FLOP Budget Summary"


FLOPSCOPE = Flavor("flopscope", 1, "FLOPSCOPE_DEFAULT_BUDGET", "flop_cost", True)
MECHESTIM = Flavor("mechestim", 2, "MECHESTIM_DEFAULT_BUDGET", "flops", False)
