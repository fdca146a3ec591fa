"""esc then a key typed quickly, read as esc and that key (the agent's console and the
supervisor's desk). A terminal sends esc as the byte ESC and alt+X as ESC then X, so esc and
a key typed within Textual's escape delay (0.1 s: a quick hand, tmux's `send-keys Escape q`, a
console the machine starves) arrive as one alt+X, which no key of either app is bound to."""

from __future__ import annotations

import os
import selectors
import unicodedata
from codecs import getincrementaldecoder
from collections.abc import Iterable
from typing import Any

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.widget import AwaitMount

# How long an esc read out of an alt+X has to do what it does before X (EscKeysApp.on_event):
# its messages take a few turns of the loop; the timer comes after them.
ESC_SETTLE_S = 0.05


def _without_alt(key: events.Key) -> events.Key:
    """alt+X as the key X (shift+x as X; a named one, full_stop, with its character)."""
    rest = key.key[4:]
    if rest.startswith("shift+") and len(rest) == 7:
        return events.Key(rest, rest[-1].upper())
    if len(rest) == 1:
        return events.Key(rest, rest)
    try:
        char: str | None = unicodedata.lookup(rest.replace("_", " "))
    except KeyError:
        char = None
    return events.Key(rest, char)


class EscParser(XTermParser):
    """Textual's parser, with esc then a key read as alt+X when another esc follows at once.

    ESC j is held for the escape delay (0.1 s) to learn whether it is alt+j or the start of a
    longer sequence. If the next ESC comes within that delay (esc j enter typed twice in a
    row, or read in one go by a starved console), Textual gives up on the first sequence and
    reissues it with its ESC as a literal "^" (Textual PR #570): the console read "^ j enter"
    and the reply box got "j" and an enter. Here that ESC followed by a plain key is read as
    it is when the delay runs out (alt+j: EscKeysApp reads it as esc, then j); an ESC that
    starts an escape sequence ("[", "O") is reissued as Textual does."""

    _esc_pending = False

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        # Called with a lone ESC only when a sequence is reissued because another ESC came:
        # its meaning depends on the character after it, which is the next call.
        if sequence == "\x1b":
            self._esc_pending = True
            return
        if self._esc_pending:
            self._esc_pending = False
            if len(sequence) == 1 and sequence not in "[O" and sequence.isprintable():
                yield from super()._sequence_to_key_events(sequence, alt=True)
                return
            yield events.Key("escape", "\x1b")  # (reissued as "^", as Textual does)
        yield from super()._sequence_to_key_events(sequence, alt)


class EscDriver(LinuxDriver):
    """Textual's Linux / macOS driver reading keys with ``EscParser`` (its input thread as in
    Textual 8.2.x, the parser's class being the one change)."""

    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ
        parser = EscParser(self._debug)
        feed = parser.feed
        tick = parser.tick
        decode = getincrementaldecoder("utf-8")().decode
        read = os.read

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # (stdin piped)
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass

    def write(self, data: str) -> None:
        """As Textual's, except that nothing is queued for an output thread that has died."""
        writer = self._writer_thread
        if writer is not None and not writer.is_alive():
            return
        super().write(data)

    def close(self) -> None:
        """As Textual's, except with an output thread that has died. When the terminal goes
        away (tmux kill-session), the thread's write raises and the thread ends. Its queue (30
        writes) fills, and Textual's close() then waited for room in it for ever: the demo
        and its writer child stayed up after their tmux server was gone, deaf to SIGTERM (its
        loop blocked in `WriterThread.stop`, found by gdb on a demo left at 22:48)."""
        writer = self._writer_thread
        if writer is not None and not writer.is_alive():
            return
        super().close()


class EscKeysApp(App[None]):
    """An app that binds no alt key and reads an alt+X as esc, then X (``on_event``)."""

    # Keys that came while an alt+X is read as esc then X: held, in order, until the esc's
    # own effects are done (None: nothing is held).
    held_keys: list[events.Key] | None = None

    def get_driver_class(self) -> Any:
        """Textual's terminal driver with ``EscParser`` (the others, headless in tests, web,
        Windows, or one set by TEXTUAL_DRIVER, as they are)."""
        driver: type[Driver] = super().get_driver_class()
        return EscDriver if driver is LinuxDriver else driver

    async def on_event(self, event: events.Event) -> None:
        """alt+X is read as what was typed: esc, then X once the esc has done what it does
        (leave the reply box, close a conversation or the monitor, cancel a dialog). Read as
        alt+X, both were lost: esc esc q left a conversation's box and then did nothing."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.screen_built()
            held = self.held_keys
            if held is not None:
                held.append(event)  # (after the one waiting for the esc: typed in this order)
                return
            if event.key.startswith("alt+"):
                self.held_keys = [_without_alt(event)]
                await super().on_event(events.Key("escape", "\x1b"))
                # The esc's messages (a conversation closed by the app) go first.
                self.set_timer(ESC_SETTLE_S, self._release_keys)
                return
            # A screen may take a typed key as it arrives, in key order with the priority
            # keys (ConversationScreen.take_typed), before it is queued for the focused widget.
            take = getattr(self.screen, "take_typed", None)
            if take is not None and take(event):
                return
        await super().on_event(event)

    async def _release_keys(self) -> None:
        """The held keys, at once and in order. Posted, they went behind keys typed after
        them that were already waiting (a second esc+key typed quickly: enter, esc j enter,
        esc j enter opened the wrong conversation and an enter became "reply"); an alt+X
        among them holds the rest again, after its own X."""
        held, self.held_keys = self.held_keys or [], None
        for i, key in enumerate(held):
            if self.held_keys is not None:
                self.held_keys.extend(held[i:])
                return
            await self.on_event(key)

    async def screen_built(self) -> None:
        """Wait until the screen on top is built, so a key goes to a whole screen. A key that
        opens a conversation pushes its screen, which builds itself in its own task, and
        Textual waits for it only once the app's queue is empty: keys typed at once went to
        an empty screen. An esc read out of alt+j (enter, esc j enter, esc j enter typed
        within 0.1 s) found no reply box there, action_back's lookup raised NoMatches and the
        esc was lost, so the wrong conversation stayed open."""
        screen = self.screen
        if not screen.is_mounted:
            await AwaitMount(screen, [screen])
