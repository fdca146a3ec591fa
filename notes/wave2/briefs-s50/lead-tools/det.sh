#!/bin/bash
# det.sh: held-out (bench --accuracy-only --sets heldout) on base50 (with main's final heldout.tsv copied in) and on fin50
# (a detached worktree of main's HEAD), then instructions a check on both. Output /tmp/lead/det-REV.txt
B=/tmp/lead/base50; F=/tmp/lead/fin50
REV=$(git -C /work/main rev-parse --short HEAD)
git -C /work/main worktree remove --force $F 2>/dev/null; git -C /work/main worktree add -q --detach $F $REV
cp $F/tests/data/compliance/heldout.tsv $B/tests/data/compliance/heldout.tsv
O=/tmp/lead/det-$REV.txt; : > $O
cd /tmp
for T in $B $F; do
  echo "== heldout $T $(date -u +%T) $(uptime)" >> $O
  (cd $T && PYTHONPATH=$T nice -n 2 python3 scripts/bench_compliance.py --accuracy-only --sets heldout >> $O 2>&1)
done
for T in $B $F; do
  echo "== instructions $T $(uptime)" >> $O
  (cd $T && PYTHONPATH=$T python3 scripts/bench_compliance_instructions.py >> $O 2>&1)
done
git -C $B checkout -q -- tests/data/compliance/heldout.tsv
grep -A2 "^== \|^  heldout" $O | head -40
