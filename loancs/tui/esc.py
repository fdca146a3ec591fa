"""esc then a key typed quickly, read as esc and that key (the agent's console and the
supervisor's desk). A terminal sends esc as the byte ESC and alt+X as ESC then X, so esc and
a key typed within Textual's escape delay (0.1 s: a quick hand, tmux's `send-keys Escape q`, a
console the machine starves) arrive as one alt+X, which no key of either app is bound to."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App
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


class EscKeysApp(App[None]):
    """An app that binds no alt key and reads an alt+X as esc, then X (``on_event``)."""

    # Keys that came while an alt+X is read as esc then X: held, in order, until the esc's
    # own effects are done (None: nothing is held).
    held_keys: list[events.Key] | None = None

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
