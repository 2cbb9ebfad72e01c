#!/usr/bin/env bash
# Entry point of the build: restores the pinned local tools (.config/dotnet-tools.json: Cake.Tool) and runs
# build.cake with the given arguments, e.g.
#   ./build.sh --target=Test
#   ./build.sh --target=UpdateSnapshots
#   ./build.sh --target=Pack --configuration=Release
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet tool restore
exec dotnet cake build.cake "$@"
