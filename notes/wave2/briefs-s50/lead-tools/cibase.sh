#!/bin/bash
REV=a56a294d; D=/tmp/lead/ci-base-$REV; rm -rf $D; git clone -q /work/main $D && git -C $D checkout -q $REV
L=/tmp/lead/ci-base-$REV.log; echo "ci on $REV start $(date -u +%T) $(uptime)" > $L
cd $D && /usr/bin/time -f "wall %e s user %U sys %S" bash .ci/run >> $L 2>&1; echo "rc=$? end $(date -u +%T) $(uptime)" >> $L
cd /work/main && python3 -m pip install -q --disable-pip-version-check --no-deps -e . >/dev/null 2>&1
pgrep -af "bin/postgres -D" >> $L
