#!/bin/bash
# ci.sh: fresh clone of main's HEAD, `bash .ci/run` timed; log /tmp/lead/ci-REV.log; re-points the editable install after.
REV=$(git -C /work/main rev-parse --short HEAD)
D=/tmp/lead/ci-$REV; rm -rf $D; git clone -q /work/main $D
L=/tmp/lead/ci-$REV.log
echo "ci on $REV start $(date -u +%T) $(uptime)" > $L
cd $D && /usr/bin/time -f "wall %e s user %U sys %S" bash .ci/run >> $L 2>&1; echo "rc=$? end $(date -u +%T) $(uptime)" >> $L
cd /work/main && python3 -m pip install -q --disable-pip-version-check --no-deps -e . >/dev/null 2>&1
pgrep -af "bin/postgres -D" >> $L
tail -5 $L
