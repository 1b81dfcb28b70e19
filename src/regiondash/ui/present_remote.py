"""The presenter's remote: keyboard and clicker keys, and the clock, as one tiny component.

`st.button(shortcut=...)` takes one key per button; a clicker sends Page Up / Page Down, a
keyboard arrows, and "B" (or ".") blacks the screen, so one document-wide key listener reports
the action instead. Keys typed into a field, a select box or the story editor's table are left
alone. The clock counts in the browser from the elapsed time Python sends, so it needs no rerun
each second and no agreement between the server's and the laptop's clocks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

NAME = "regiondash.present_remote"
# KeyboardEvent.key -> action. Clickers send PageUp/PageDown, and "b" or "." for a black screen.
KEYS = {
    "PageDown": "next",
    "ArrowRight": "next",
    "ArrowDown": "next",
    "PageUp": "previous",
    "ArrowLeft": "previous",
    "ArrowUp": "previous",
    "b": "black",
    "B": "black",
    ".": "black",
}
ACTIONS = ("next", "previous", "black")
HANDLED = "present_remote_handled"  # id of the last key press acted on
CSS = """
.present-clock { font: 600 1.4rem/1.6 "Source Sans Pro", sans-serif; font-variant-numeric:
  tabular-nums; color: var(--st-text-color, #31333f); white-space: nowrap; }
"""
JS = """
const entries = new WeakMap(); // parentElement -> listener state across reruns
const loaded = Date.now().toString(36); // press ids stay unique across page loads
let pressed = 0;

// Keys typed into a field, a select box, a popover or the story editor's grid are theirs.
const EDITING = "input, textarea, select, [contenteditable=''], [contenteditable='true'], " +
  "[role='grid'], [role='listbox'], [data-testid='stDataFrame'], [data-testid='stPopoverBody']";

function clockText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n) => String(n).padStart(2, "0");
  const hours = Math.floor(s / 3600);
  const rest = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return hours ? `${hours}:${rest}` : rest;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let entry = entries.get(parentElement);
  if (!entry) {
    const clock = document.createElement("span");
    clock.className = "present-clock";
    clock.setAttribute("role", "timer");
    parentElement.appendChild(clock);
    entry = { clock };
    entry.onKey = (event) => {
      if (!entry.data.keys || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target instanceof Element && target.closest(EDITING)) return;
      const action = entry.data.keys[event.key];
      if (!action) return;
      event.preventDefault(); // no page scroll on arrows and Page Down
      // A press id: a rerun for another reason may report the same press again. This run's
      // setter: one kept from an earlier run is stale.
      pressed += 1;
      entry.setTriggerValue("action", { action, press: `${loaded}-${pressed}` });
    };
    entry.tick = () => {
      const seconds = entry.data.elapsed + (Date.now() - entry.received) / 1000;
      entry.clock.textContent = clockText(seconds);
      entry.clock.dataset.seconds = String(Math.floor(seconds));
    };
    document.addEventListener("keydown", entry.onKey);
    entry.timer = setInterval(() => entry.tick(), 1000);
    entries.set(parentElement, entry);
  }
  entry.data = data;
  entry.setTriggerValue = setTriggerValue;
  entry.received = Date.now();
  entry.clock.setAttribute("aria-label", data.label || "");
  entry.clock.title = data.label || "";
  entry.tick();
  return () => {
    document.removeEventListener("keydown", entry.onKey);
    clearInterval(entry.timer);
    entries.delete(parentElement);
  };
}
"""


@functools.cache
def _component():
    return st.components.v2.component(NAME, js=JS, css=CSS)


def remote(
    key: str, elapsed: float, label: str, keys: bool, on_action: Callable[[str], None]
) -> None:
    """The clock (`elapsed` seconds, counting on in the browser) and, when `keys`, the key
    listener; `on_action` gets "next", "previous" or "black" in a callback before the rerun."""
    _component()(
        key=key,
        data={"elapsed": round(elapsed, 1), "label": label, "keys": KEYS if keys else None},
        on_action_change=lambda: _dispatch(key, on_action),
        width="content",
    )


def new_press(value, handled: str | None) -> tuple[str, str] | None:
    """(action, press id) of a reported key press not acted on yet; None for a malformed
    report or the same press reported again by a later rerun."""
    if not isinstance(value, dict) or value.get("action") not in ACTIONS:
        return None
    press = value.get("press")
    if not isinstance(press, str) or not press or press == handled:
        return None
    return value["action"], press


def _dispatch(key: str, on_action: Callable[[str], None]) -> None:
    """Callback: act on a new key press once."""
    pressed = new_press(
        (st.session_state.get(key) or {}).get("action"), st.session_state.get(HANDLED)
    )
    if pressed is not None:
        st.session_state[HANDLED] = pressed[1]
        on_action(pressed[0])
