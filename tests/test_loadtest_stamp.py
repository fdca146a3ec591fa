"""The load test times each delivery by the send time in the message's body: agents get
bodies masked, so that time must never read as a personal number, whatever the machine's
uptime (time.perf_counter() from 13,000 s to 20,000 s used to read as a mobile number, and
every agent's worker then failed on "139****2312": 0 deliveries)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from loancs.core.privacy import masked_for_agents

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import loadtest  # noqa: E402


@pytest.mark.parametrize(
    "stamp", [5821.5, 13000.0, 13912.342312, 15000.000001, 19999.999999, 123456.654321]
)
def test_the_send_time_in_a_body_reaches_agents_unmasked(stamp: float) -> None:
    payload = {
        "body": json.loads(loadtest.frame(7, stamp, 500, loadtest.AGENT_PREFIX, "a"))["body"]
    }
    assert masked_for_agents(payload) is payload  # nothing to mask
    assert loadtest.stamp_of(payload["body"]) == pytest.approx(stamp, abs=1e-6)
