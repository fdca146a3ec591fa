"""`loancs gateway phone`: Asterisk AMI in, CallEvent frames out.

Call events are sent in order, one at a time, and each is resent until the server
acknowledges it (CallEvent is idempotent on (call_id, event), so a resend after a lost
ack is stored once). While the server is unreachable they wait in a queue.

Other CTIs (FreeSWITCH, cloud telephony) speak the same frames directly; the helpers at
the bottom build transcript segments and recording references for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import deque
from typing import Any

from loancs.channels.ami import AmiClient
from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p

log = logging.getLogger("loancs.phone")

# Errors that will not change by resending: log and move on.
PERMANENT = {"bad_frame", "forbidden", "not_found", "unauthorized"}


class PhoneGateway:
    def __init__(
        self,
        server_url: str,
        token: str,
        ami_host: str,
        ami_port: int,
        ami_user: str,
        ami_secret: str,
        *,
        max_backoff: float = 10.0,
    ):
        self.client = LoancsClient(server_url, token, client_name="phone-gateway")
        self.ami = AmiClient(
            ami_host, ami_port, ami_user, ami_secret, self._enqueue, max_backoff=max_backoff
        )
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sent: deque[dict[str, Any]] = deque(maxlen=1000)  # recent, for status and tests
        self.dropped: deque[tuple[dict[str, Any], str]] = deque(maxlen=1000)
        self._sender: asyncio.Task | None = None

    async def start(self) -> None:
        await self.client.start()
        self._sender = asyncio.create_task(self._send_loop())
        self.ami.start()

    async def close(self) -> None:
        await self.ami.close()
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
        await self.client.close()

    async def drained(self, timeout: float = 10.0) -> None:
        """Wait until every call event seen so far is acknowledged (tests, shutdown)."""
        await asyncio.wait_for(self.queue.join(), timeout)

    def _enqueue(self, frames: list[dict[str, Any]]) -> None:
        for frame in frames:
            self.queue.put_nowait(frame)

    async def _send_loop(self) -> None:
        while True:
            fields = await self.queue.get()
            try:
                await self._send(fields)
            finally:
                self.queue.task_done()

    async def _send(self, fields: dict[str, Any]) -> None:
        frame_fields = dict(fields)
        if frame_fields.get("customer"):
            frame_fields["customer"] = p.Identity(**frame_fields["customer"])
        if frame_fields.get("hints") is not None and not isinstance(frame_fields["hints"], p.Hints):
            frame_fields["hints"] = p.Hints(**frame_fields["hints"])
        delay = 0.2
        while True:
            try:
                ack = await self.client.request(
                    p.CallEvent(id=self.client.new_id(), **frame_fields), 10
                )
                for warning in getattr(ack, "warnings", None) or ():
                    log.warning("call %s: %s", fields.get("call_id"), warning.get("message"))
                self.sent.append(fields)
                return
            except ClientError as exc:
                if exc.code == "bad_frame" and frame_fields.get("hints") is not None:
                    # (a server before call hints were mapped refused an unknown language):
                    # the call matters more than how it is routed.
                    log.warning(
                        "call %s: hints refused (%s); sending the call without them",
                        fields.get("call_id"),
                        exc.message,
                    )
                    frame_fields.pop("hints")
                    continue
                if exc.code in PERMANENT:
                    log.error("call event %s refused: %s", fields, exc)
                    self.dropped.append((fields, exc.code))
                    return
                log.info("call event not acknowledged (%s); resending", exc.code)
            except TimeoutError:
                log.info("call event ack timed out; resending")
            await asyncio.sleep(delay)
            delay = min(5.0, delay * 2)


# ---------------------------------------------------------------- generic CTI helpers


def transcript_segment(
    client: LoancsClient,
    call_id: str,
    seq: int,
    speaker: str,
    text: str,
    customer: p.Identity,
    start_ms: int | None = None,
    end_ms: int | None = None,
) -> p.Ingest:
    """A live transcript line as an Ingest frame (external id ``<call>:seg:<seq>``)."""
    attachment = None
    if start_ms is not None and end_ms is not None:
        attachment = p.Attachment(
            kind="segment",
            ref=f"{call_id}:{seq}",
            duration_s=round((end_ms - start_ms) / 1000, 3),
        )
    return p.Ingest(
        id=client.new_id(),
        external_id=f"{call_id}:seg:{seq}",
        customer=customer,
        body=f"{'客户' if speaker == 'customer' else '坐席'}：{text}",
        kind="transcript",
        call_id=call_id,
        attachment=attachment,
    )


def recording_event(
    client: LoancsClient, call_id: str, uri: str, audio: bytes, duration_s: float
) -> p.CallEvent:
    """The recording reference; the sha256 is computed here from the bytes themselves."""
    return p.CallEvent(
        id=client.new_id(),
        call_id=call_id,
        event="recording",
        recording=p.Attachment(
            kind="recording",
            ref=uri,
            url=uri,
            mime="audio/wav",
            bytes=len(audio),
            sha256=hashlib.sha256(audio).hexdigest(),
            duration_s=duration_s,
        ),
        duration_s=duration_s,
    )
