#!/bin/bash
# land.sh NAME: fast-forward main to wt-NAME (after you committed and ran `git rebase main`).
set -u
NAME="${1:?usage: land.sh NAME}"
WT=/work/wt/$NAME
BR=wt-$NAME
exec 9>/work/wt/.land.lock
flock 9
cd "$WT" || { echo "no worktree $WT"; exit 1; }
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "REFUSED: uncommitted changes to tracked files in $WT: commit or restore them first"; git status --short --untracked-files=no; exit 1
fi
if ! git merge-base --is-ancestor main "$BR"; then
  echo "REFUSED: $BR is not on top of main: run 'git rebase main' in $WT, re-run your touched tests, then land again"; exit 1
fi
CHANGED=$(git diff --name-only --diff-filter=ACMR main "$BR" -- '*.py')
if [ -n "$CHANGED" ]; then
  if ! ruff check $CHANGED >/tmp/land-ruff-$NAME.txt 2>&1; then echo "REFUSED: ruff check failed:"; cat /tmp/land-ruff-$NAME.txt; exit 1; fi
  if ! ruff format --check $CHANGED >/tmp/land-ruff-$NAME.txt 2>&1; then echo "REFUSED: ruff format --check failed (run ruff format):"; cat /tmp/land-ruff-$NAME.txt; exit 1; fi
fi
N=$(git rev-list --count main.."$BR")
if [ "$N" = 0 ]; then echo "nothing to land: $BR has no commits beyond main"; exit 0; fi
cd /work/main || exit 1
if ! git merge --ff-only -q "$BR"; then echo "REFUSED: fast-forward failed (rebase on main and retry)"; exit 1; fi
echo "$(date -u +%FT%TZ) $NAME $N commit(s) -> $(git rev-parse --short HEAD)" >> /work/wt/landings.log
echo "LANDED $N commit(s) from $BR; main is now $(git rev-parse --short HEAD)"
git log --oneline -"$N" | cat
