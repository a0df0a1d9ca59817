#!/usr/bin/env bash
# The project's one test command (README: "Run all tests"). Installs the real SIP peers the
# interop tests drive when they are missing, builds, runs every test project, and ends with
# a plain "N passed, N failed" line summed over all test projects.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Multicast tests (paging, media) create private network namespaces (unshare -n, ip netns): they need root.
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then exec sudo -E "$0" "$@"; fi
  echo "warning: not root: the tests that need private network namespaces will fail"
fi

need=()
command -v sipp    >/dev/null 2>&1 || need+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need+=(baresip baresip-core)
command -v sox     >/dev/null 2>&1 || need+=(sox)
command -v svcrack >/dev/null 2>&1 || need+=(sipvicious)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip      >/dev/null 2>&1 || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing peers: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || echo "warning: apt-get install ${need[*]} failed"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build SipGateway.sln -c Release -nologo -v q 2>&1 | grep -E "error|Warn|Elapsed" | grep -v "warning" ; build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

results=$(mktemp -d)
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" \
     --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E "^\s*(Failed|Passed!|Failed!)|error" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# Sum the counters of every TRX file: <Counters total=".." passed=".." failed="..">
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*'); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# Measured figures the tests print (issue targets that are reported, not asserted): pacing p99.
grep -ho "p99 by kernel receive stamps[^&<]*" "$results"/*.trx 2>/dev/null | head -3 | sed -e 's/ (target.*//' -e 's/^/figure: pacing (target < 2 ms) /'
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
