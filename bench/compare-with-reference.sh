#!/usr/bin/env bash
# Our figures and the Python reference's, on this machine, one after another (run it alone: anything running
# beside it halves the figures). Needs the reference's Debian packages:
#   apt-get install -y python3-torch python3-torchvision python3-opencv python3-sklearn
# Usage: bench/compare-with-reference.sh [runs]   (runs = repetitions of each speed benchmark, default 3)
# INT8=1 also quantizes the backbone (calibrated on the UCF101 sample, not the benchmark) and measures it beside
# the float one, round after round with the reference's rgb extraction; INT8=only skips the rest, INT8_EXTRACT=0
# the extraction rounds (for the service and timeline part below alone).
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
    [ "${INT8_EXTRACT:-1}" = 0 ] && break
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
    [ "${INT8_EXTRACT:-1}" = 0 ] && break
    for b in "$ONNX" "$I8"; do
      echo "== actionrec: four streams (Farneback), $(basename "$b"), run $i"
      ./actionrec bench extract "$DATA" -b "$b" --workers 2 2>/dev/null | tee -a "$OUT/int8-extract-all.txt"
    done
  done
  # The service at 4 clients and the four-stream timeline, float against int8: needs the main job's model file
  # on each backbone (MODEL_FP32, MODEL_INT8: `actionrec run -b ...`) and the feature store they were made with
  # (STORE, which bench timeline trains its pools from).
  if [ -n "${MODEL_FP32:-}" ] && [ -n "${MODEL_INT8:-}" ]; then
    for i in $(seq "$RUNS"); do
      for pair in "fp32 $MODEL_FP32 $ONNX" "int8 $MODEL_INT8 $I8"; do
        set -- $pair
        echo "== actionrec: bench serve at 4 clients, $1, run $i"
        ./actionrec bench serve "$DATA" -m "$2" -b "$3" --clips 40 --clients 4 --requests 60 --soak 0 2>/dev/null \
          | tee -a "$OUT/int8-serve-$1.txt"
      done
    done
    for pair in "fp32 $ONNX" "int8 $I8"; do
      set -- $pair
      echo "== actionrec: bench timeline, rgb and four-stream pools, $1"
      ./actionrec bench timeline --data "$DATA" -b "$2" --store "${STORE:-$OUT/features}" --out "$OUT/timeline-$1" \
          --length-factor 1 --live-seconds 10 2>/dev/null | tee "$OUT/int8-timeline-$1.txt"
    done
  fi
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
