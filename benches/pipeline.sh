#!/usr/bin/env bash
# Whole-process throughput of doc pipelines: 1,000 diagrams (the corpus repeated) to SVG with
# --jobs 1 and with the default jobs, then the four seed documents; each run writes into a
# new output directory. Usage: benches/pipeline.sh [CORPUS_DIR] [RUNS]
# (CORPUS_DIR defaults to ../shared/corpus, else fixtures/corpus; RUNS to 10.)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
[ -d "$corpus" ] || corpus=fixtures/corpus
runs=${2:-10}
cargo build --release --quiet
bin=target/release/mmdr
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1,000 valid diagrams.
mkdir "$work/in"
mapfile -t all < <(find "$corpus" -name '*.mmd' | sort)
valid=()
for f in "${all[@]}"; do "$bin" check -q "$f" 2>/dev/null && valid+=("$f"); done
for i in $(seq 0 999); do cp "${valid[$((i % ${#valid[@]}))]}" "$work/in/d$i.mmd"; done

n=0
# time_ms ARGS...: milliseconds of one run into a new directory
time_ms() {
    n=$((n + 1))
    local s e
    s=$(date +%s%N)
    "$bin" render -q "$@" -o "$work/out$n" 2>/dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f ms", m/1000}'; }

bench() {
    local label=$1
    shift
    local one=() all=()
    for _ in $(seq "$runs"); do
        one+=("$(time_ms --jobs 1 "$@")")
        all+=("$(time_ms "$@")")
    done
    local m1 m2
    m1=$(printf '%s\n' "${one[@]}" | median)
    m2=$(printf '%s\n' "${all[@]}" | median)
    printf '%-34s --jobs 1: %s   default (%s cores): %s   speed-up %s\n' "$label" \
        "$m1" "$(nproc)" "$m2" "$(awk -v a="${m1% ms}" -v b="${m2% ms}" 'BEGIN {printf "%.2fx", a/b}')"
}

bench "1,000 diagrams to SVG" "$work"/in/*.mmd
png=()
for i in $(seq 0 239); do png+=("$work/in/d$i.mmd"); done
bench "240 diagrams to PNG" --format png "${png[@]}"
bench "4 seed documents (7 diagrams)" fixtures/docs/*.md
