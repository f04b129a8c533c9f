#!/usr/bin/env bash
# Our figures and the Python reference's, on this machine, one after another (run it alone: anything running
# beside it halves the figures). Needs the reference's Debian packages:
#   apt-get install -y python3-torch python3-torchvision python3-opencv python3-sklearn
# Usage: bench/compare-with-reference.sh [runs]   (runs = repetitions of each speed benchmark, default 3)
# INT8=1 also quantizes the backbone (calibrated on the UCF101 sample, not the benchmark) and measures it beside
# the float one, round after round with the reference's rgb extraction; INT8=only skips the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
SHARED="$(cd ../shared && pwd)"
DATA="$SHARED/data/jhmdb"
ONNX="$SHARED/models/mobilenet_v2/mobilenet_v2_features.onnx"
PT="$SHARED/models/mobilenet_v2/mobilenet_v2_features.pt"
OUT="${OUT:-out/compare}"
mkdir -p "$OUT"
# The same malloc setting on both sides (the reference's README asks for it).
export GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4294967296

if [ "${INT8:-0}" != 0 ]; then
  I8="$OUT/int8/mobilenet_v2_features_int8.onnx"
  [ -f "$I8" ] || ./actionrec quantize -b "$ONNX" --calibrate "$SHARED/data/ucf101-sample" --out "$I8" --no-convmap 2>/dev/null
  for i in $(seq "$RUNS"); do
    if /usr/bin/python3 -c 'import torch, cv2, sklearn' 2>/dev/null; then
      echo "== Python reference: rgb extraction (frozen_svm.py, extraction line), run $i"
      ( cd "$SHARED/reference" && /usr/bin/python3 frozen_svm.py ../data/jhmdb ../data/jhmdb/splits "$PT" 5 2>&1 \
          | grep '^extracted' ) | tee -a "$OUT/int8-reference-rgb.txt"
    fi
    for b in "$ONNX" "$I8"; do
      echo "== actionrec: rgb extraction, $(basename "$b"), run $i"
      ./actionrec bench extract "$DATA" -b "$b" --streams rgb 2>/dev/null | tee -a "$OUT/int8-extract-rgb.txt"
    done
  done
  for i in $(seq "$RUNS"); do
    for b in "$ONNX" "$I8"; do
      echo "== actionrec: four streams (Farneback), $(basename "$b"), run $i"
      ./actionrec bench extract "$DATA" -b "$b" --workers 2 2>/dev/null | tee -a "$OUT/int8-extract-all.txt"
    done
  done
  [ "${INT8}" = only ] && exit 0
fi

for i in $(seq "$RUNS"); do
  echo "== actionrec: rgb extraction, run $i"
  ./actionrec bench extract "$DATA" -b "$ONNX" --streams rgb 2>/dev/null | tee -a "$OUT/bench-extract-rgb.txt"
  echo "== actionrec: all four streams (Farneback), run $i"
  ./actionrec bench extract "$DATA" -b "$ONNX" 2>/dev/null | tee -a "$OUT/bench-extract-all.txt"
done

echo "== actionrec: the main job (extract, train and evaluate 3 splits, 4 streams)"
rm -rf "$OUT/features"
( time ./actionrec run --data "$DATA" -b "$ONNX" --out "$OUT/run" --store "$OUT/features" 2>/dev/null ) 2>&1 | tee "$OUT/run.txt"

if /usr/bin/python3 -c 'import torch, cv2, sklearn' 2>/dev/null; then
  cd "$SHARED/reference"
  echo "== Python reference: frozen_svm.py (rgb)"
  ( time /usr/bin/python3 frozen_svm.py ../data/jhmdb ../data/jhmdb/splits "$PT" 5 ) 2>&1 | tee "$OLDPWD/$OUT/reference-rgb.txt"
  echo "== Python reference: frozen_svm_motion.py (4 streams)"
  # As shipped, the script's 'feats = {}' sits inside a trailing comment and it stops with a NameError;
  # run a temporary copy with only that line split in two.
  FIXED="$(mktemp -d)/frozen_svm_motion.py"
  sed 's/  # fastest CPU form; feats = {}/  # fastest CPU form\nfeats = {}/' frozen_svm_motion.py > "$FIXED"
  ( time /usr/bin/python3 "$FIXED" ../data/jhmdb ../data/jhmdb/splits "$PT" 5 ) 2>&1 | tee "$OLDPWD/$OUT/reference-motion.txt"
else
  echo "Python reference skipped: install python3-torch python3-torchvision python3-opencv python3-sklearn (Debian)"
fi
