#!/bin/sh
# Evaluate one ENAS architecture as a Slurm job and print its accuracy (the last stdout line).
#
#   opnas bo --run DIR --evaluator command --cmd ./slurm-evaluate.sh
#
# opnas calls this once per architecture with the flat string as the only argument ($1). srun
# submits a job step, blocks until it has run, and forwards its stdout, so this script needs no
# polling. Set OPNAS_TRAIN to the training program on the cluster (it receives the flat string
# and must print the accuracy in [0, 1] as its last line); adjust the resources to your cluster.
set -eu
: "${OPNAS_TRAIN:?set OPNAS_TRAIN to the program that trains one architecture}"
exec srun --job-name=opnas-eval --ntasks=1 --gres=gpu:1 --time=04:00:00 --quiet "$OPNAS_TRAIN" "$1"
