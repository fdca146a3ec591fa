#!/usr/bin/env bash
# Drive the real console in tmux the way a newcomer would: start `loancs demo`, open a
# conversation, reply, use the calculator and insert its summary, look at help, quit.
# Prints every screen it saw and a verdict per step; exits non-zero if a step failed.
#
#   scripts/tmux_newcomer.sh            # English UI
#   LANG_UI=zh scripts/tmux_newcomer.sh # Chinese UI
#
# Needs tmux (Debian/Ubuntu package: tmux).
set -u
LOANCS=${LOANCS:-"python -m loancs"}
LANG_UI=${LANG_UI:-en}
SESSION=loancs-newcomer-$$
OUT=$(mktemp)
FAILED=0

# A private tmux server (-L): never touches anyone else's sessions.
tmux() { command tmux -L "$SESSION" "$@"; }
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install -y tmux)"; exit 2; }

cleanup() { tmux kill-server 2>/dev/null; rm -f "$OUT"; }
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }
show() { echo; echo "=== $1 ==="; screen | sed -e 's/[[:space:]]*$//' | awk 'NF || p {print} {p = NF}'; }
keys() { tmux send-keys -t "$SESSION" "$@"; sleep "${PAUSE:-0.8}"; }
type_text() { tmux send-keys -t "$SESSION" -l "$1"; sleep 0.8; }
wait_for() { # wait_for TEXT SECONDS
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
check() { # check STEP TEXT
    if screen | grep -qF -- "$2"; then echo "ok: $1"; else echo "FAILED: $1 (did not see \"$2\")"; FAILED=1; fi
}

tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "$LOANCS demo --lang $LANG_UI --rate 12; echo '[demo exited]'; sleep 30"
if [[ $LANG_UI == zh ]]; then CONNECTED="已连接"; SENT="已发送"; HELP="快捷键"; APR="年化利率"; NOSEND="不能发送"; IDENT="身份（各渠道）"; BLOCK="禁止"; LOAN="12万元"; else CONNECTED="Connected"; SENT="Sent"; HELP="Keys"; APR="APR"; NOSEND="Cannot send"; IDENT="Identities across channels"; BLOCK="BLOCK"; LOAN="120,000.00"; fi

wait_for "$CONNECTED" 30 || { show "startup (console never connected)"; exit 1; }
sleep 2
show "1. the console opens on the inbox"
check "inbox shows the demo agent" "王芳"
check "inbox lists waiting conversations with masked customers" "138****5678"

keys Enter
PAUSE=1.5 keys F5   # accept it if it is still in the queue
show "2. enter opens the most urgent conversation; F5 accepts it"
check "the transcript and the customer are shown" "$IDENT"

keys r   # the transcript has the focus first: r (or enter) goes into the reply box
type_text "Hello, thank you for waiting. Let me look at your account."
keys Enter
wait_for "$SENT" 10
show "3. typed a reply and pressed enter"
check "the reply was sent" "$SENT"
check "the reply is in the transcript" "Let me look at your account"

type_text "We guarantee approval"
show "4. a compliance problem is highlighted while typing"
check "a blocking rule is shown with why and a fix" "$BLOCK"
keys Enter
check "enter refuses to send it" "$NOSEND"
keys End
keys C-u

keys F4
type_text "120000"
show "5. F4 opens the calculator; results follow what is typed"
check "the results follow the new principal" "$LOAN"
check "the calculator shows the APR" "$APR"
keys C-s
show "6. ctrl+s puts a compliant summary into the reply"
check "the summary is in the reply box" "$LOAN"
keys Enter
wait_for "$SENT" 10
check "the summary was sent" "$SENT"

keys Escape
keys Escape
keys F1
show "7. esc leaves the reply box, esc again goes back to the inbox, F1 shows every key"
check "help lists the keys" "$HELP"
keys Escape

keys q
keys y   # conversations are open: q asks first
sleep 3
show "8. q quits; the demo stops the server and the traffic"
tmux capture-pane -p -S -200 -t "$SESSION" >"$OUT"
grep -v '^[[:space:]]*$' "$OUT" | tail -8
if grep -q "demo stopped" "$OUT"; then echo "ok: the demo stopped cleanly"; else echo "FAILED: no 'demo stopped'"; FAILED=1; fi
if grep -q "loancs tail --server ws://" "$OUT"; then echo "ok: it printed the tail line: $(grep -m1 'loancs tail' "$OUT" | sed 's/--token .*/--token …/')"; else echo "FAILED: no tail line"; FAILED=1; fi

echo
if [[ $FAILED == 0 ]]; then echo "newcomer walk-through: all steps ok"; else echo "newcomer walk-through: some steps FAILED"; fi
exit $FAILED
