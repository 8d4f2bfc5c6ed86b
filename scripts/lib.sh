# Shared shell helpers for scripts/run.sh and scripts/test.sh (sourced, not executed).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m[bmc %s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Debian packages, installed only when a command they provide is missing.
ensure_apt() {
    local missing=() pair cmd pkg
    for pair in "$@"; do
        cmd="${pair%%:*}"; pkg="${pair#*:}"
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        say "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
        return 1
    fi
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The virtual env with the pinned packages; reinstalled only when pyproject or constraints change.
ensure_venv() {
    local stamp="$VENV/.bmc-installed" want
    want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
    if [[ -x "$PY" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return 0
    fi
    say "creating the virtual env in .venv and installing pinned packages (about a minute)"
    [[ -x "$PY" ]] || python3 -m venv "$VENV"
    "$PY" -m pip install -q --disable-pip-version-check --upgrade pip setuptools wheel
    "$PY" -m pip install -q --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT[dev]"
    echo "$want" > "$stamp"
}

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Start a private redis-server on a free loopback port; sets REDIS_PID and REDIS_TEST_URL.
start_redis() {
    local dir="$1" port
    port="$(free_port)"
    mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$dir" --daemonize no --loglevel warning >"$dir/redis.log" 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -p "$port" ping >/dev/null || { say "redis-server did not start"; cat "$dir/redis.log"; return 1; }
    REDIS_TEST_URL="redis://127.0.0.1:$port/0"
    say "redis-server $(redis-server --version | awk '{print $3}') on $REDIS_TEST_URL"
}
