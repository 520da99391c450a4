#!/bin/sh
# Evaluate one ENAS architecture as a Kubernetes Job and print its accuracy (the last stdout line).
#
#   opnas bo --run DIR --evaluator command --cmd ./k8s-evaluate.sh
#
# Creates a Job from OPNAS_IMAGE running OPNAS_TRAIN_CMD with the flat string appended, waits for
# it to complete, prints its log (whose last line must be the accuracy) and deletes the Job.
set -eu
: "${OPNAS_IMAGE:?set OPNAS_IMAGE to the training image}"
: "${OPNAS_TRAIN_CMD:=train-architecture}"
job="opnas-eval-$(printf '%s' "$1" | tr -d ' ' | cut -c1-21)-$$"
kubectl create job "$job" --image="$OPNAS_IMAGE" -- "$OPNAS_TRAIN_CMD" "$1" >/dev/null
trap 'kubectl delete job "$job" --wait=false >/dev/null 2>&1 || true' EXIT
kubectl wait --for=condition=complete --timeout=24h "job/$job" >/dev/null
kubectl logs "job/$job"
