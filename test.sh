#!/usr/bin/env bash
# ActorQuic's one test command: installs what the tests need, builds, runs every test
# project, and ends with one line of totals over all of them: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

# --- what the tests need from Debian (installed only when missing) ---------------------
need=()
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/bin/gtlsclient ] || need+=(ngtcp2-client)   # interop: Debian's ngtcp2 HTTP/3 client
[ -x /usr/sbin/gtlsserver ] || need+=(ngtcp2-server)  # and server
[ -x /usr/bin/chromium ] || need+=(chromium)            # interop: headless Chromium over HTTP/3
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}" >&2; exit 1; }
fi
command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- build ------------------------------------------------------------------------------
dotnet build ActorQuic.sln -c Release -nologo -v quiet -clp:ErrorsOnly || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

# --- test every test project ------------------------------------------------------------
results=$(mktemp -d)
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
rm -rf "$results"
# A test project that crashed before writing results still counts as a failure.
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
