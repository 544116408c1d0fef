-- Prosody configuration for SiotThing's local runs and tests (Prosody 0.12, Debian 12).
--
-- One file for both: everything that differs between runs comes from the environment, so the
-- test harness and deploy/run-local start the same server. Every port is bound to loopback only.
--
--   SIOT_PROSODY_DIR        folder for data, log, pid file and certs/<domain>.{crt,key} (required)
--   SIOT_DOMAIN             the XMPP domain (default example.org)
--   SIOT_C2S_PORT           client port with STARTTLS (default 5222)
--   SIOT_C2S_TLS_PORT       client port with direct TLS, XEP-0368 (default 5223)
--   SIOT_COMPONENT_PORT     external component port, XEP-0114 (default 5347)
--   SIOT_COMPONENT_SECRET   shared secret of the provisioning component (required)
--   SIOT_LOG_LEVEL          debug, info, warn, error (default info)
--   SIOT_PASSWORD_HASH      SHA-256 (default) or SHA-1: the SCRAM credentials SIOT_DOMAIN stores
--
-- prosodyctl needs the same variables: for deploy/run-local's server, its subcommand
-- "deploy/run-local add-account NAME [PASSWORD]" sets them and creates the account.
--
-- Hosts: SIOT_DOMAIN stores SCRAM-SHA-256 credentials unless SIOT_PASSWORD_HASH says SHA-1 (the
-- test harness does, to test both mechanisms against one server); sha256.SIOT_DOMAIN always
-- stores SCRAM-SHA-256. Things' accounts belong on a SCRAM-SHA-256 host: the ESP32 firmware has
-- a native HMAC-SHA-256, so the first login's PBKDF2 takes seconds there, while SCRAM-SHA-1 runs
-- interpreted for minutes (docs/performance.md). Prosody keeps one hash per host and cannot
-- convert stored credentials: set it before accounts are created.
-- provisioning.SIOT_DOMAIN is the provisioning service's component.

local function env(name, default)
	local value = os.getenv(name)
	if value == nil or value == "" then
		assert(default ~= nil, "Prosody config: set " .. name)
		return default
	end
	return value
end

local dir = env("SIOT_PROSODY_DIR")
local domain = env("SIOT_DOMAIN", "example.org")

-- The tests run as root in CI; Prosody refuses that unless told.
run_as_root = true
pidfile = dir .. "/prosody.pid"
data_path = dir .. "/data"
log = { { levels = { min = env("SIOT_LOG_LEVEL", "info") }, to = "file", filename = dir .. "/prosody.log" } }

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { tonumber(env("SIOT_C2S_PORT", "5222")) }
c2s_direct_tls_ports = { tonumber(env("SIOT_C2S_TLS_PORT", "5223")) }
component_interfaces = { "127.0.0.1" }
component_ports = { tonumber(env("SIOT_COMPONENT_PORT", "5347")) }
-- Small stanzas go out at once (TCP_NODELAY). With Prosody's default (Nagle's algorithm on), a
-- stanza written while an earlier one was not yet acknowledged waited for the peer's delayed
-- ACK, up to 40 ms: the service's throughput benchmark saw p95 latencies of 48 ms from it, and
-- claims answered in bursts (the service's batched commits) waited for it nearly every time.
network_settings = { nagle = false }
-- No federation, no HTTP: nothing here talks to other servers.
s2s_ports = { }
http_ports = { }
https_ports = { }

-- This folder's plugins/ holds the project's own modules (siot_smacks_overflow, below).
plugin_paths = { (CFG_CONFIGDIR or ".") .. "/plugins" }

modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco"; "ping"; "presence"; "message"; "iq";
	"smacks"; "carbons"; "offline"; "private"; "vcard_legacy"; "version"; "uptime"; "time";
	"posix";
	-- A stream management queue that fills while its client is away ends the session instead of
	-- overwriting stanzas unseen (plugins/mod_siot_smacks_overflow.lua says why).
	"siot_smacks_overflow";
}
modules_disabled = { "s2s"; "dialback"; "http"; "bosh"; "websocket"; }

authentication = "internal_hashed"
storage = "internal"
c2s_require_encryption = true
-- Prosody closes a connection that has not authenticated 300 s after it opened (its default,
-- stated here because a thing's first login must fit in it): an ESP32 computes SCRAM-SHA-256's
-- PBKDF2 natively in seconds, but managed SCRAM-SHA-1 with 10000 iterations is estimated at
-- 1.3-3.5 minutes there (docs/performance.md).
c2s_timeout = 300
allow_unencrypted_plain_auth = false
allow_registration = false
-- Tests exercise reconnects and stream resumption quickly.
smacks_hibernation_time = 60

certificates = dir .. "/certs"
ssl = {
	certificate = dir .. "/certs/" .. domain .. ".crt";
	key = dir .. "/certs/" .. domain .. ".key";
}

VirtualHost(domain)
	password_hash = env("SIOT_PASSWORD_HASH", "SHA-256")

VirtualHost("sha256." .. domain)
	password_hash = "SHA-256"

Component("provisioning." .. domain)
	component_secret = env("SIOT_COMPONENT_SECRET")
