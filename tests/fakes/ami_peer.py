"""A scripted Asterisk Manager Interface peer: banner, Login, CoreShowChannels, and
whatever real AMI event text a test pushes to the connected gateway."""

from __future__ import annotations

import asyncio
import contextlib

BANNER = "Asterisk Call Manager/5.0.1\r\n"


def block(text: str) -> bytes:
    """Event text as written in the tests (LF, indented) -> AMI wire format."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


class ScriptedAmiPeer:
    def __init__(self, username: str = "loancs", secret: str = "amipass"):
        self.username = username
        self.secret = secret
        self.live_channels: list[str] = []  # CoreShowChannel bodies (without Event/ActionID)
        self.logins = 0
        self.failed_logins = 0
        self.writers: list[asyncio.StreamWriter] = []
        self.logged_in = asyncio.Event()
        self.server: asyncio.AbstractServer | None = None
        self.port: int | None = None

    async def start(self, port: int = 0) -> ScriptedAmiPeer:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", port)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        await self.drop()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def drop(self) -> None:
        """Close every connection, as when Asterisk restarts or the network blips."""
        for writer in self.writers:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
        self.writers.clear()
        self.logged_in.clear()

    async def send(self, *events: str) -> None:
        for writer in self.writers:
            for text in events:
                writer.write(block(text))
            await writer.drain()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(BANNER.encode())
        await writer.drain()
        authed = False
        try:
            while True:
                raw = await reader.readuntil(b"\r\n\r\n")
                fields = {}
                for line in raw.decode().split("\r\n"):
                    key, sep, value = line.partition(":")
                    if sep:
                        fields[key.strip()] = value.strip()
                action, action_id = fields.get("Action"), fields.get("ActionID", "")
                if action == "Login":
                    if (
                        fields.get("Username") == self.username
                        and fields.get("Secret") == self.secret
                    ):
                        authed = True
                        self.logins += 1
                        writer.write(
                            block(
                                f"Response: Success\nActionID: {action_id}\nMessage: Authentication accepted"
                            )
                        )
                        writer.write(
                            block("Event: FullyBooted\nPrivilege: system,all\nStatus: Fully Booted")
                        )
                        self.writers.append(writer)
                        self.logged_in.set()
                    else:
                        self.failed_logins += 1
                        writer.write(
                            block(
                                f"Response: Error\nActionID: {action_id}\nMessage: Authentication failed"
                            )
                        )
                        await writer.drain()
                        writer.close()
                        return
                elif action == "CoreShowChannels" and authed:
                    writer.write(
                        block(
                            f"Response: Success\nActionID: {action_id}\nEventList: start\nMessage: Channels will follow"
                        )
                    )
                    for body in self.live_channels:
                        writer.write(
                            block(f"Event: CoreShowChannel\nActionID: {action_id}\n{body}")
                        )
                    writer.write(
                        block(
                            f"Event: CoreShowChannelsComplete\nActionID: {action_id}\nEventList: Complete\nListItems: {len(self.live_channels)}"
                        )
                    )
                else:
                    writer.write(
                        block(f"Response: Error\nActionID: {action_id}\nMessage: Permission denied")
                    )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            if writer in self.writers:
                self.writers.remove(writer)
