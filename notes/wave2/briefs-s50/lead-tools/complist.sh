#!/bin/bash
# complist.sh: the whole compliance list (-n 2, niced) on a frozen /work/wt/lead at main's HEAD. Log /tmp/lead/cl-REV.log
cd /work/wt/lead || exit 1
git checkout -q -B wt-lead main
REV=$(git rev-parse --short HEAD)
echo "complist on $REV at $(date -u +%T), $(uptime)" > /tmp/lead/cl-$REV.log
cd /work/wt/lead && PYTHONPATH=/work/wt/lead nice -n 5 timeout 3000 python3 -m pytest -q -n 2 --dist loadfile -p no:cacheprovider \
  --basetemp=/tmp/lead/pyt-cl -rfE tests/test_compliance*.py tests/test_pii*.py tests/test_finance*.py tests/test_masking*.py \
  tests/test_check*.py tests/test_verify*.py tests/test_assistant*.py >> /tmp/lead/cl-$REV.log 2>&1
echo "rc=$? end $(date -u +%T)" >> /tmp/lead/cl-$REV.log
tail -15 /tmp/lead/cl-$REV.log
