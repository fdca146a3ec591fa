"""The server reads a websocket connection's state for every frame it reads or writes as
websockets' Protocol keeps it (``_state``), not through the ``state`` property (a Python call
each time): the two must stay one and the same for every state, on the server's protocol and
on websockets' own base (websockets is pinned; an upgrade that moves it fails here)."""

from __future__ import annotations

import pytest
from websockets.protocol import Protocol, State
from websockets.server import ServerProtocol

from loancs.server import session


@pytest.mark.parametrize("state", list(State))
def test_the_state_attribute_is_what_the_property_answers(state: State) -> None:
    protocol = ServerProtocol()
    protocol.state = state
    assert protocol._state is state
    assert protocol.state is protocol._state


def test_the_property_reads_nothing_but_the_attribute() -> None:
    assert Protocol.state.fget.__code__.co_names == ("_state",)
    assert "state" not in ServerProtocol.__dict__  # not overridden


def test_the_hot_paths_read_the_attribute() -> None:
    import inspect

    for method in (
        session.KeepaliveSocket._at_boundary,
        session.Connection.write_now,
        session.Connection._write,
    ):
        source = inspect.getsource(method)
        assert "._state is" in source and ".state is" not in source
