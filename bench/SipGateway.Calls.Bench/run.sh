#!/usr/bin/env bash
# One command: bash bench/SipGateway.Calls.Bench/run.sh [--quick] [options, see Program.cs]
# Installs SIPp (sip-tester) and Kamailio when missing, builds the gateway and the bench in Release, and runs:
# Kamailio (stateful t_relay) and SipGateway with the same SIPp harness, memory per active call, media with G.711 RTP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >/dev/null
fi
# Each anchored call holds 4 sockets in the gateway; held-call and media runs need a few thousand descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
dotnet build "$here/SipGateway.Calls.Bench.csproj" -c Release -v q -nologo -clp:ErrorsOnly
exec dotnet "$here/bin/Release/net10.0/SipGateway.Calls.Bench.dll" "$@"
