"""Simulated borrower traffic (``loancs simulate``, ``loancs demo``, the load test)."""

from loancs.sim.traffic import SCENARIOS, Scenario, SimStats, Simulator, parse_mix

__all__ = ["SCENARIOS", "Scenario", "SimStats", "Simulator", "parse_mix"]
