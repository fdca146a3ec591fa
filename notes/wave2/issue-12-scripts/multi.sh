#!/bin/bash
# min over N runs of each stage
for i in $(seq 1 ${N:-8}); do python /tmp/cw/stages.py; done | awk '{i=$2;l=$4;p=$6;c=$8; t=i+l+p+c; if(NR==1||t<bt){bt=t;bi=i;bl=l;bp=p;bc=c}} END{printf "best total %.1f (import %.1f load %.1f pinyin %.1f check %.1f)\n",bt,bi,bl,bp,bc}'
