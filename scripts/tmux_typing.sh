#!/usr/bin/env bash
# Type replies into the real console in tmux at full speed (send-keys bursts without pauses,
# with backspaces, a mid-line edit and an immediate Enter) and compare the message bodies
# stored in the demo's SQLite file with what was typed. Exits non-zero on any difference.
#
#   scripts/tmux_typing.sh              # 20 replies, English UI, 120x40
#   ROUNDS=50 LANG_UI=zh SIZE=80x24 scripts/tmux_typing.sh
#
# Needs tmux. Prints the figures: replies typed, stored, identical.
set -u
LOANCS=${LOANCS:-"python -m loancs"}
LANG_UI=${LANG_UI:-en}
ROUNDS=${ROUNDS:-20}
SIZE=${SIZE:-120x40}
SESSION=loancs-typing-$$
DIR=$(mktemp -d)
DB=$DIR/demo.db

# A private tmux server (-L): never touches anyone else's sessions.
tmux() { command tmux -L "$SESSION" "$@"; }
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install -y tmux)"; exit 2; }
cleanup() { tmux kill-server 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }
wait_for() { # wait_for TEXT SECONDS
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
if [[ $LANG_UI == zh ]]; then CONNECTED="已连接"; SENT="已发送"; TITLE="会话 #4"; QUIT="退出工作台？"; else CONNECTED="Connected"; SENT="Sent"; TITLE="Conversation #4"; QUIT="Quit the console?"; fi

tmux new-session -d -s "$SESSION" -x "${SIZE%x*}" -y "${SIZE#*x}" \
    "$LOANCS demo --lang $LANG_UI --no-traffic --db $DB; echo '[demo exited]'; sleep 30"
wait_for "$CONNECTED" 40 || { echo "FAILED: the console never connected"; screen; exit 1; }
sleep 1

# Conversation 4 of the demo seed is assigned to the demo agent: open it by search.
# On a loaded machine "#4" can arrive before the search box has the focus: check that the
# inbox shows the query, else clear it and type it again.
for ((try = 1; try <= 5; try++)); do
    tmux send-keys -t "$SESSION" /
    sleep 0.5
    tmux send-keys -t "$SESSION" -l "#4"
    wait_for "/ #4" 10 && break
    tmux send-keys -t "$SESSION" Escape
    sleep 1
done
tmux send-keys -t "$SESSION" Enter
# Keys sent before the conversation is on screen would go to the inbox (c opens the
# calculator ...): wait for it, however slow the machine, instead of a fixed pause.
wait_for "$TITLE" 60 || { echo "FAILED: conversation 4 did not open"; screen; exit 1; }
sleep 0.5
tmux send-keys -t "$SESSION" r   # into the reply box
sleep 0.5
START=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select coalesce(max(id),0) from messages').fetchone()[0])" "$DB")

EXPECTED=$DIR/expected
: >"$EXPECTED"
for ((i = 1; i <= ROUNDS; i++)); do
    # One burst per reply: text, five backspaces, more text, Enter, with no pause at all.
    tmux send-keys -t "$SESSION" -l "Echo run $i alpha"
    tmux send-keys -t "$SESSION" BSpace BSpace BSpace BSpace BSpace
    tmux send-keys -t "$SESSION" -l "beta"
    tmux send-keys -t "$SESSION" Enter
    echo "Echo run $i beta" >>"$EXPECTED"
    if ((i % 5 == 0)); then # a correction in the middle of the line
        tmux send-keys -t "$SESSION" -l "Fix 1x2"
        tmux send-keys -t "$SESSION" Left BSpace
        tmux send-keys -t "$SESSION" -l "y"
        tmux send-keys -t "$SESSION" End Enter
        echo "Fix 1y2" >>"$EXPECTED"
    fi
done
TYPED=$(wc -l <"$EXPECTED")

stored() {
    python3 - "$DB" "$START" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute(
    "SELECT body FROM messages WHERE id > ? AND conversation_id = 4 AND direction = 'out' ORDER BY id",
    (int(sys.argv[2]),),
).fetchall()
print("\n".join(r[0] for r in rows))
EOF
}
# Replies are held for the recall window (a few seconds) before they go out.
for ((i = 0; i < 300; i++)); do
    [[ $(stored | grep -c .) -ge $TYPED ]] && break
    sleep 0.1
done
sleep 1
stored >"$DIR/stored"
STORED=$(grep -c . "$DIR/stored")
BOX=$(screen | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
# The border title of the reply box (the header can say 已回复 beside the customer pane).
top = next(i for i, l in enumerate(lines) if "╭─ Reply" in l or "╭─ 回复" in l)
row = lines[top + 1]
start = row.index("│")
print(row[start + 1 : row.index("│", start + 1)].strip())
')
if diff -u "$EXPECTED" "$DIR/stored"; then
    echo "ok: $TYPED replies typed at full speed, $STORED stored, all identical ($LANG_UI, $SIZE)"
else
    echo "FAILED: typed $TYPED replies, stored $STORED; differences above"
    exit 1
fi
if [[ -n $BOX ]]; then
    echo "FAILED: the reply box is not empty after sending: '$BOX'"
    screen
    exit 1
fi
echo "ok: the reply box is empty"
# Esc leaves the reply box, Esc again goes back to the inbox, q asks first (open work).
# (A lone Esc is told from the start of an escape sequence by a pause: on a loaded machine
# one can be missed, so press it again until the conversation is gone.)
for ((try = 1; try <= 6; try++)); do
    screen | grep -qF -- "$TITLE" || break
    tmux send-keys -t "$SESSION" Escape
    sleep 1
done
screen | grep -qF -- "$TITLE" && { echo "FAILED: esc did not leave the conversation"; screen; exit 1; }
tmux send-keys -t "$SESSION" q
wait_for "$QUIT" 20 || { echo "FAILED: q did not ask first"; screen; exit 1; }
tmux send-keys -t "$SESSION" y
wait_for "[demo exited]" 20 && echo "ok: esc, esc, q, y quits" || { echo "FAILED: q did not quit"; screen; exit 1; }
