# Shared by the namespace end-to-end scripts (sourced after they set here, out and name): fail, the cleanup of the
# firewall, the CGF and the topology at exit, and wait_for.
mkdir -p "$out"
fw_pid="" cgf_pid=""

fail() { echo "$name: FAIL: $*"; exit 1; }

cleanup() {
  [ -n "$fw_pid" ] && kill -TERM "$fw_pid" 2>/dev/null && wait "$fw_pid" 2>/dev/null
  [ -n "$cgf_pid" ] && kill -TERM "$cgf_pid" 2>/dev/null && wait "$cgf_pid" 2>/dev/null
  bash "$here/topology.sh" down
}
trap cleanup EXIT

# wait_for SECONDS PID DESCRIPTION COMMAND...: polls COMMAND every 0.2 s while PID lives.
wait_for() {
  local seconds=$1 pid=$2 what=$3; shift 3
  for _ in $(seq $((seconds * 5))); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || fail "$what: process exited"
    sleep 0.2
  done
  fail "$what: not ready after ${seconds}s"
}
