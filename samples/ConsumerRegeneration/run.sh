#!/usr/bin/env bash
# Builds and runs this sample from the packed FlexInference packages: packs them first when ../../artifacts/packages
# has none, and clears the restored copies so a fresh pack is always the one used (see nuget.config).
# Exit code: 0 when the contract is unchanged, 1 when the contract check reports a change.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if ! compgen -G "$repo/artifacts/packages/FlexInference.Testing.*.nupkg" > /dev/null; then
  echo "No packed FlexInference packages in $repo/artifacts/packages: packing them (./build.sh --target=Pack)."
  (cd "$repo" && ./build.sh --target=Pack)
fi

rm -rf "$here/obj/packages/flexinference" "$here/obj/packages/flexinference.testing"
dotnet restore "$here/ConsumerRegeneration.csproj" --force
exec dotnet run --project "$here/ConsumerRegeneration.csproj" --configuration Release --no-restore -- "$@"
