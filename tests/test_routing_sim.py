"""The routing simulator runs end to end and its figures hang together."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "routing_sim.py"


def load_sim():
    spec = importlib.util.spec_from_file_location("routing_sim", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["routing_sim"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def test_small_day_prints_both_strategies_side_by_side(capsys):
    sim = load_sim()
    args = ["--conversations", "400", "--agents", "12", "--seed", "3"]
    bench = ["--bench-waiting", "60", "--bench-agents", "20", "--bench-rounds", "50"]
    assert sim.main([*args, *bench, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    default = figures["strategies"]["default (least loaded)"]
    plain = figures["strategies"]["round robin"]
    for result in (default, plain):
        assert result["arrivals"] == 400
        assert result["answered"] + result["abandoned"] <= 400
        assert result["answered"] > 300
        assert 0 < result["answered_within_30s_share"] <= 1
        assert result["load_imbalance_max_over_mean"] >= 1
    assert default["sticky_hit_rate"] > plain["sticky_hit_rate"]
    assert default["answered_by_tier1_share"] > plain["answered_by_tier1_share"]
    assert figures["decision"]["median_ms"] is not None

    assert sim.main([*args, *bench]) == 0
    table = capsys.readouterr().out
    assert "round robin" in table and "sticky hit rate" in table
    assert "decision time with" in table


def test_same_seed_same_day():
    sim = load_sim()
    world = sim.make_world(5, 300, 10)
    first = sim.summarise(sim.DaySimulation(world, sim.RoutingPolicy()).run())
    second = sim.summarise(sim.DaySimulation(world, sim.RoutingPolicy()).run())
    first.pop("median_tick_us")
    second.pop("median_tick_us")
    assert first == second
