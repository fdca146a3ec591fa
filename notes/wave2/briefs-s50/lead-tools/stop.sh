#!/bin/bash
# stop.sh REV_TREE: the "try it as its users do" checks on a tree (default /work/main).
T=${1:-/work/main}
V=/tmp/lead/venv-stop; rm -rf $V /tmp/lead/src-stop; git -C $T archive --format=tar HEAD --prefix=src-stop/ | tar -x -C /tmp/lead
python3 -m venv $V && $V/bin/pip install -q --disable-pip-version-check /tmp/lead/src-stop >/tmp/lead/venv.log 2>&1; echo "venv install rc $?"
cd /tmp
for t in "Your son's swimming lesson ends at half five, right? Pay today." "您在医院陪床不方便，那我们等您出院后，白天再约时间沟通。" "Miss another one and the police will be round, I promise you."; do
  echo "$t"; COLUMNS=80 $V/bin/loancs check "$t"; echo "check rc $?"; done
LOANCS="$V/bin/loancs" ROUNDS=7 LANG_UI=zh SIZE=80x24 bash $T/scripts/tmux_typing.sh
LOANCS="$V/bin/loancs" ROUNDS=7 LANG_UI=en SIZE=200x60 bash $T/scripts/tmux_typing.sh
D=$(mktemp -d); setsid $V/bin/loancs serve --db $D/s.db --port 18765 > $D/serve.log 2>&1 & sleep 6
PG=$(ps -o pgid= -p $! | tr -d ' '); echo "serve pgid $PG"; ss -ltnp | grep 18765
kill -TERM -- -$PG; sleep 4; cat $D/serve.log | tail -4; echo "left: $(pgrep -g $PG | wc -l)"
rm -rf $D
cd $T && ruff check -q . && echo "All checks passed!"; ruff format --check . | tail -1
grep -rn "^from loancs\.\(store\|server\|tui\)\|^import loancs\.\(store\|server\|tui\)" loancs/core | head; grep -rn "loancs\.store" loancs/tui | head; echo layers-done
