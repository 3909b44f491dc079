# shellcheck shell=bash
# Test-server harness: sourced by ./x. Functions only, no side effects on load.
#
# Everything lives under $CACHE (.cache/ in the repo, git-ignored):
#   (the server itself is never built or downloaded here: see find_server)
#   venv/         Python venv: pytest, cryptography
#   keys/         secrets and keys, made once (tests/server/keys.py)
#   pg/           private PostgreSQL cluster (owned by the postgres OS user)
#   logs/         one log per process
#   run/          pid files, per-instance env files, an empty working dir
#   env           KEY=value lines for the tests (see write_env_file)

CACHE=$ROOT/.cache
# The real Supabase Auth server (release v2.196.0) is a prebuilt binary found by find_server.
SERVER_BIN=
VENV=$CACHE/venv
KEYS=$CACHE/keys
PGDATA=$CACHE/pg
LOGS=$CACHE/logs
RUN=$CACHE/run
ENV_FILE=$CACHE/env
HARNESS=$ROOT/tests/server

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
# Every port can be moved (GOTRUE_HARNESS_<NAME>=N), e.g. to run a second checkout beside a running stack.
PG_PORT=${GOTRUE_HARNESS_PG_PORT:-54329}
PG_SOCKET_DIR=/tmp
DB_NAME=auth_test
DB_USER=supabase_auth_admin
DB_PASS=auth_test_password
DB_URL="postgres://$DB_USER:$DB_PASS@127.0.0.1:$PG_PORT/$DB_NAME?sslmode=disable"

MAIN_PORT=${GOTRUE_HARNESS_MAIN_PORT:-9999}
CONFIRM_PORT=${GOTRUE_HARNESS_CONFIRM_PORT:-9998}
CLOSED_PORT=${GOTRUE_HARNESS_CLOSED_PORT:-9997}
INSTANCES="main confirm closed"
SMTP_PORT=${GOTRUE_HARNESS_SMTP_PORT:-2525}
MAIL_API_PORT=${GOTRUE_HARNESS_MAIL_API_PORT:-9925}
SMS_HOOK_PORT=${GOTRUE_HARNESS_SMS_HOOK_PORT:-9926}

TEST_PHONES=15555550100,15555550101,15555550102,15555550103,15555550104,15555550105,15555550106,15555550107,15555550108,15555550109
TEST_OTP=123456
SSO_DOMAIN=sso.example.com
WEBAUTHN_ORIGIN=http://localhost:3000

export PATH=$PATH:/usr/local/go/bin:/usr/lib/go/bin

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }
port_of() { case $1 in main) echo $MAIN_PORT ;; confirm) echo $CONFIRM_PORT ;; closed) echo $CLOSED_PORT ;; esac; }
# running PID: exists and is not a zombie (our detached children are reaped by init, late)
running() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]; }
pid_alive() { [[ -f $1 ]] && running "$(cat "$1")"; }
py() { "$VENV/bin/python" "$@"; }

# --------------------------------------------------------------------------- install

install_postgres() {
  if [[ -x $PGBIN/initdb && -x $PGBIN/pg_ctl ]] && command -v psql >/dev/null; then return; fi
  say "installing PostgreSQL (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  [[ -x $PGBIN/initdb ]] || die "PostgreSQL install did not provide initdb"
}

# find_server: sets SERVER_BIN to a prebuilt server, looked for in this order:
# $GOTRUE_SERVER_BIN, $HOME/.cache/libgotrue/bin/auth, `auth` or `gotrue` on PATH.
# Returns 1 (reason on stderr) when there is none. The scripts never build or download it.
find_server() {
  local candidate
  if [[ -n ${GOTRUE_SERVER_BIN:-} ]]; then
    [[ -x $GOTRUE_SERVER_BIN ]] || { echo "GOTRUE_SERVER_BIN=$GOTRUE_SERVER_BIN is not an executable file" >&2; return 1; }
    SERVER_BIN=$GOTRUE_SERVER_BIN; return 0
  fi
  candidate=$HOME/.cache/libgotrue/bin/auth
  if [[ -x $candidate ]]; then SERVER_BIN=$candidate; return 0; fi
  for candidate in auth gotrue; do
    if command -v "$candidate" >/dev/null 2>&1; then SERVER_BIN=$(command -v "$candidate"); return 0; fi
  done
  echo "no Supabase Auth server binary: looked at \$GOTRUE_SERVER_BIN (unset), $HOME/.cache/libgotrue/bin/auth, and auth/gotrue on PATH" >&2
  return 1
}

install_server() {
  find_server || die "no server binary. Get one (see README: Supabase CLI, the supabase/auth image, or a hosted
       project), put it at \$HOME/.cache/libgotrue/bin/auth or set GOTRUE_SERVER_BIN=/path/to/auth, and rerun."
}

install_venv() {
  if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import pytest, cryptography' 2>/dev/null; then return; fi
  say "creating Python venv in $VENV (pytest, cryptography)"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$VENV"; python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HARNESS/requirements.txt"
}

install_all() {
  install_postgres
  install_venv
  install_server
}

# --------------------------------------------------------------------------- postgres

pg_as() { runuser -u postgres -- "$@"; }
psql_su() { pg_as "$PGBIN/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

start_postgres() {
  mkdir -p "$LOGS" "$RUN"
  if [[ ! -f $PGDATA/PG_VERSION ]]; then
    say "initdb $PGDATA"
    rm -rf "$PGDATA"; mkdir -p "$PGDATA"; chown postgres: "$PGDATA"; chmod 700 "$PGDATA"
    pg_as "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log"
    cat >>"$PGDATA/postgresql.conf" <<EOF
# test harness
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  touch "$LOGS/postgres.log"; chown postgres: "$LOGS/postgres.log"
  if ! pg_as "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg_as "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 60 start >/dev/null \
      || { tail -n 30 "$LOGS/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  setup_database
}

setup_database() {
  psql_su -d postgres <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN NOINHERIT CREATEROLE PASSWORD '$DB_PASS';
  END IF;
END \$\$;
ALTER ROLE $DB_USER SET search_path = auth;
SELECT 'CREATE DATABASE $DB_NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
EOF
  psql_su -d "$DB_NAME" <<EOF
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION $DB_USER;
GRANT CREATE ON DATABASE $DB_NAME TO $DB_USER;
EOF
}

stop_postgres() {
  [[ -f $PGDATA/PG_VERSION ]] || return 0
  if pg_as "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "stopping PostgreSQL"
    pg_as "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
  fi
}

# --------------------------------------------------------------------------- processes

# spawn NAME CMD...: start CMD detached (own session), log and pid file by NAME.
spawn() {
  local name=$1; shift
  mkdir -p "$LOGS" "$RUN/empty"
  (cd "$RUN/empty" && exec setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1) &
  echo $! >"$RUN/$name.pid"
}

stop_pidfile() {
  local name=$1 f=$RUN/$1.pid pid i
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do running "$pid" || break; sleep 0.05; done
    if running "$pid"; then
      echo "  $name did not stop on TERM, killing" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http NAME URL: wait until URL answers 200, else show the log and fail.
wait_http() {
  local name=$1 url=$2 i
  for ((i = 0; i < 300; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if ! pid_alive "$RUN/$name.pid"; then break; fi
    sleep 0.1
  done
  echo "---- last lines of $LOGS/$name.log ----" >&2
  tail -n 40 "$LOGS/$name.log" >&2 || true
  die "$name did not answer $url within 30s"
}

# --------------------------------------------------------------------------- sinks

start_sinks() {
  if pid_alive "$RUN/sinks.pid"; then return; fi
  for p in $SMTP_PORT $MAIL_API_PORT $SMS_HOOK_PORT; do
    port_busy "$p" && die "port $p is taken by a process this harness did not start"
  done
  say "starting sinks: SMTP 127.0.0.1:$SMTP_PORT, mail API :$MAIL_API_PORT, SMS hook :$SMS_HOOK_PORT"
  spawn sinks "$VENV/bin/python" -u "$HARNESS/sinks.py" --smtp-port "$SMTP_PORT" \
    --mail-port "$MAIL_API_PORT" --sms-port "$SMS_HOOK_PORT" --hook-secret "$(cat "$KEYS/hook_secret")"
  wait_http sinks "http://127.0.0.1:$MAIL_API_PORT/health"
  wait_http sinks "http://127.0.0.1:$SMS_HOOK_PORT/health"
}

# --------------------------------------------------------------------------- server

# Each instance gets a clean environment (env -i) and runs in an empty folder:
# the server reads ./.env, bare PORT/DATABASE_URL, and ignores misspelled names.
common_env() {
  local port=$1
  cat <<EOF
PATH=/usr/bin:/bin
GOTRUE_DB_DRIVER=postgres
GOTRUE_DB_DATABASE_URL=$DB_URL
GOTRUE_DB_MAX_POOL_SIZE=20
GOTRUE_JWT_SECRET=$(cat "$KEYS/jwt_secret")
GOTRUE_JWT_AUD=authenticated
GOTRUE_JWT_DEFAULT_GROUP_NAME=authenticated
GOTRUE_JWT_ADMIN_ROLES=service_role,supabase_admin
GOTRUE_JWT_EXP=3600
GOTRUE_API_HOST=127.0.0.1
GOTRUE_API_PORT=$port
API_EXTERNAL_URL=http://127.0.0.1:$port
GOTRUE_SITE_URL=http://127.0.0.1:3000
GOTRUE_URI_ALLOW_LIST=http://127.0.0.1:3000/**,http://localhost:3000/**,myapp://**
GOTRUE_RATE_LIMIT_EMAIL_SENT=100000
GOTRUE_RATE_LIMIT_SMS_SENT=100000
GOTRUE_RATE_LIMIT_VERIFY=100000
GOTRUE_RATE_LIMIT_TOKEN_REFRESH=100000
GOTRUE_RATE_LIMIT_SSO=100000
GOTRUE_RATE_LIMIT_ANONYMOUS_USERS=100000
GOTRUE_RATE_LIMIT_OTP=100000
GOTRUE_RATE_LIMIT_WEB3=100000
GOTRUE_MFA_RATE_LIMIT_CHALLENGE_AND_VERIFY=100000
GOTRUE_SAML_RATE_LIMIT_ASSERTION=100000
GOTRUE_SMTP_MAX_FREQUENCY=1s
GOTRUE_SMS_MAX_FREQUENCY=1s
GOTRUE_MFA_PHONE_MAX_FREQUENCY=1s
GOTRUE_SECURITY_REFRESH_TOKEN_ROTATION_ENABLED=true
GOTRUE_LOG_LEVEL=info
EOF
}

instance_env() {
  local name=$1 port
  port=$(port_of "$name")
  common_env "$port"
  case $name in
    main)
      local otp_map="" p
      for p in ${TEST_PHONES//,/ }; do otp_map+="${otp_map:+,}$p:$TEST_OTP"; done
      cat <<EOF
GOTRUE_MAILER_AUTOCONFIRM=true
GOTRUE_EXTERNAL_EMAIL_ENABLED=true
GOTRUE_EXTERNAL_PHONE_ENABLED=true
GOTRUE_SMS_TEST_OTP=$otp_map
GOTRUE_HOOK_SEND_SMS_ENABLED=true
GOTRUE_HOOK_SEND_SMS_URI=http://127.0.0.1:$SMS_HOOK_PORT/sms
GOTRUE_HOOK_SEND_SMS_SECRETS=$(cat "$KEYS/hook_secret")
GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED=true
GOTRUE_EXTERNAL_GITHUB_ENABLED=true
GOTRUE_EXTERNAL_GITHUB_CLIENT_ID=test-github-client-id
GOTRUE_EXTERNAL_GITHUB_SECRET=test-github-secret
GOTRUE_EXTERNAL_GITHUB_REDIRECT_URI=http://127.0.0.1:$port/callback
GOTRUE_SECURITY_MANUAL_LINKING_ENABLED=true
GOTRUE_MFA_TOTP_ENROLL_ENABLED=true
GOTRUE_MFA_TOTP_VERIFY_ENABLED=true
GOTRUE_MFA_PHONE_ENROLL_ENABLED=true
GOTRUE_MFA_PHONE_VERIFY_ENABLED=true
GOTRUE_SAML_ENABLED=true
GOTRUE_SAML_PRIVATE_KEY=$(cat "$KEYS/saml_private_key")
GOTRUE_JWT_KEYS=$(cat "$KEYS/jwt_keys.json")
EOF
      features_env
      ;;
    confirm)
      cat <<EOF
GOTRUE_MAILER_AUTOCONFIRM=false
GOTRUE_EXTERNAL_EMAIL_ENABLED=true
GOTRUE_SMTP_HOST=127.0.0.1
GOTRUE_SMTP_PORT=$SMTP_PORT
GOTRUE_SMTP_ADMIN_EMAIL=admin@example.com
GOTRUE_SMTP_SENDER_NAME=GoTrue Test
EOF
      ;;
    closed)
      cat <<EOF
GOTRUE_DISABLE_SIGNUP=true
GOTRUE_MAILER_AUTOCONFIRM=true
GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_CURRENT_PASSWORD=true
EOF
      ;;
  esac
}

# The newer features (issue 17), on the main instance: the OAuth 2.1 server (its consent page is
# SITE_URL + authorization path), passkeys and WebAuthn MFA (relying party "localhost", origin
# http://localhost:3000, which the tests' software authenticator signs for), Web3 sign-in
# (Ethereum and Solana) and custom OAuth/OIDC providers (on by default; stated here).
features_env() {
  cat <<EOF
GOTRUE_OAUTH_SERVER_ENABLED=true
GOTRUE_OAUTH_SERVER_AUTHORIZATION_PATH=/oauth/consent
GOTRUE_CUSTOM_OAUTH_ENABLED=true
GOTRUE_PASSKEY_ENABLED=true
GOTRUE_WEBAUTHN_RP_ID=localhost
GOTRUE_WEBAUTHN_RP_DISPLAY_NAME=libgotrue tests
GOTRUE_WEBAUTHN_RP_ORIGINS=$WEBAUTHN_ORIGIN
GOTRUE_MFA_WEB_AUTHN_ENROLL_ENABLED=true
GOTRUE_MFA_WEB_AUTHN_VERIFY_ENABLED=true
GOTRUE_EXTERNAL_WEB3_ETHEREUM_ENABLED=true
GOTRUE_EXTERNAL_WEB3_SOLANA_ENABLED=true
GOTRUE_RATE_LIMIT_PASSKEY=100000
EOF
}

migrate() {
  local stamp=$RUN/migrated
  if [[ -f $stamp && $stamp -nt $SERVER_BIN ]] &&
     [[ $(psql_su -d "$DB_NAME" -c "SELECT to_regclass('auth.schema_migrations') IS NOT NULL") == t ]]; then
    return
  fi
  say "running migrations (auth migrate)"
  instance_env closed >"$RUN/migrate.env"
  mkdir -p "$RUN/empty"
  (cd "$RUN/empty" && "$HARNESS/run_clean.sh" "$RUN/migrate.env" "$SERVER_BIN" migrate) >"$LOGS/migrate.log" 2>&1 \
    || { tail -n 40 "$LOGS/migrate.log" >&2; die "auth migrate failed (log: $LOGS/migrate.log)"; }
  touch "$stamp"
}

start_instance() {
  local name=$1 port
  port=$(port_of "$name")
  if ! pid_alive "$RUN/$name.pid"; then
    port_busy "$port" && die "port $port is taken by a process this harness did not start"
    say "starting server '$name' on 127.0.0.1:$port"
    instance_env "$name" >"$RUN/$name.env"
    chmod 600 "$RUN/$name.env"
    spawn "$name" "$HARNESS/run_clean.sh" "$RUN/$name.env" "$SERVER_BIN" serve
  fi
  wait_http "$name" "http://127.0.0.1:$port/health"
}

register_sso() {
  local id
  id=$(py "$HARNESS/sso.py" "http://127.0.0.1:$MAIN_PORT" "$(cat "$KEYS/service_role_key")" \
    "$KEYS/idp_metadata.xml" "$SSO_DOMAIN") || die "could not register the SAML provider"
  echo "$id" >"$RUN/sso_provider_id"
}

write_env_file() {
  local anon service
  anon=$(cat "$KEYS/anon_key"); service=$(cat "$KEYS/service_role_key")
  cat >"$ENV_FILE.tmp" <<EOF
GOTRUE_TEST_URL=http://127.0.0.1:$MAIN_PORT
GOTRUE_TEST_CONFIRM_URL=http://127.0.0.1:$CONFIRM_PORT
GOTRUE_TEST_CLOSED_URL=http://127.0.0.1:$CLOSED_PORT
GOTRUE_TEST_ANON_KEY=$anon
GOTRUE_TEST_SERVICE_ROLE_KEY=$service
GOTRUE_TEST_JWT_SECRET=$(cat "$KEYS/jwt_secret")
GOTRUE_TEST_MAIL_URL=http://127.0.0.1:$MAIL_API_PORT
GOTRUE_TEST_SMS_URL=http://127.0.0.1:$SMS_HOOK_PORT
GOTRUE_TEST_SMTP_PORT=$SMTP_PORT
GOTRUE_TEST_SMS_HOOK_SECRET=$(cat "$KEYS/hook_secret")
GOTRUE_TEST_SSO_DOMAIN=$SSO_DOMAIN
GOTRUE_TEST_SSO_PROVIDER_ID=$(cat "$RUN/sso_provider_id" 2>/dev/null)
GOTRUE_TEST_FEATURES_URL=http://127.0.0.1:$MAIN_PORT
GOTRUE_TEST_WEBAUTHN_ORIGIN=$WEBAUTHN_ORIGIN
GOTRUE_TEST_PHONES=$TEST_PHONES
GOTRUE_TEST_OTP=$TEST_OTP
GOTRUE_TEST_RS256_JWK=$KEYS/rs256_private.json
GOTRUE_TEST_DB_URL=$DB_URL
SUPABASE_URL=http://127.0.0.1:$MAIN_PORT
SUPABASE_ANON_KEY=$anon
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

start_all() {
  [[ -n $SERVER_BIN && -x $VENV/bin/python ]] || install_all
  mkdir -p "$LOGS" "$RUN"
  py "$HARNESS/keys.py" "$KEYS"
  start_postgres
  migrate
  start_sinks
  local n
  for n in $INSTANCES; do start_instance "$n"; done
  register_sso
  write_env_file
  say "ready: env in ${ENV_FILE#"$ROOT"/}"
}

stop_all() {
  local n leftover=()
  for n in $INSTANCES sinks; do stop_pidfile "$n"; done
  stop_postgres
  # The server processes carry no marker of their own: match what was started from this tree.
  mapfile -t leftover < <(pgrep -af "$HARNESS/sinks.py|postgres -D $PGDATA" 2>/dev/null || true)
  if [[ ${#leftover[@]} -gt 0 ]]; then
    printf '%s\n' "${leftover[@]}" >&2
    die "processes remain after stop (listed above)"
  fi
}

# stack_running: the three instances and the sinks this tree started are up (./x start).
stack_running() {
  local n
  for n in $INSTANCES sinks; do pid_alive "$RUN/$n.pid" || return 1; done
  [[ -f $ENV_FILE ]]
}

status_all() {
  local n port state
  for n in $INSTANCES; do
    port=$(port_of "$n")
    if pid_alive "$RUN/$n.pid" && curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/health"; then
      state="up (pid $(cat "$RUN/$n.pid"))"; else state=down; fi
    printf '%-9s 127.0.0.1:%-6s %s\n' "$n" "$port" "$state"
  done
  if pid_alive "$RUN/sinks.pid"; then state="up (pid $(cat "$RUN/sinks.pid"))"; else state=down; fi
  printf '%-9s smtp:%s mail:%s sms:%s %s\n' sinks "$SMTP_PORT" "$MAIL_API_PORT" "$SMS_HOOK_PORT" "$state"
  if [[ -f $PGDATA/PG_VERSION ]] && pg_as "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    state=up; else state=down; fi
  printf '%-9s 127.0.0.1:%-6s %s\n' postgres "$PG_PORT" "$state"
}

run_smoke() {
  [[ -f $ENV_FILE ]] || die "no $ENV_FILE: run ./x start first"
  (set -a; source "$ENV_FILE"; set +a; cd "$ROOT" && "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$HARNESS" "$@")
}

# --- when there is no real server ------------------------------------------------------
# Tests that need the server are then reported as NOT RUN, by name, never as passed.
SERVER_INSTALL_LOG=$CACHE/server-install.log

# try_install_server: 0 when a server binary was found; else 1, reason in the log.
try_install_server() {
  mkdir -p "$CACHE"
  find_server 2>"$SERVER_INSTALL_LOG"
}

server_unavailable_reason() {
  head -n1 "$SERVER_INSTALL_LOG" 2>/dev/null || echo "server binary missing"
}

# start_sinks_only: keys, mail/SMS sinks and the env file, without PostgreSQL or servers.
start_sinks_only() {
  mkdir -p "$LOGS" "$RUN"
  py "$HARNESS/keys.py" "$KEYS"
  start_sinks
  write_env_file
}
