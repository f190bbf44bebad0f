#!/usr/bin/env bash
# Regenerates the shipped match model from synth + ../shared/data (see train-plan.json).
# Run it after any change to the comparisons, levels or features: the engine refuses a model whose
# feature-schema hash differs from its own, and ShippedModelTests fails until this is rerun.
set -euo pipefail
cd "$(dirname "$0")/.."
id="$(sed -n 's/^ *"id": *"\([^"]*\)".*/\1/p' models/train-plan.json | head -1)"
dotnet run --project src/PatientIndex.Cli -c Release -- train --plan models/train-plan.json --out "models/$id" "$@"
