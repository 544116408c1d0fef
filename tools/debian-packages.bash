# Installs the Debian packages that the README's two commands need (deploy/run-local and
# tools/test source this file): only those missing, once, with sudo when not root, and with the
# packages' own services kept from starting. Where installing is impossible (no apt-get, no root
# and no sudo, no network) it says in one line what to install and returns non-zero, with nothing
# half-installed: apt-get downloads every package before it unpacks any.

# What deploy/run-local uses: Prosody (the local XMPP server, with prosodyctl for its accounts),
# openssl (the local CA and certificates) and iproute2 (ss names whoever holds a port).
run_local_packages=(prosody openssl iproute2)

# What the tests start as real servers on loopback, besides run-local's: ejabberd (the XMPP
# client is tested against Prosody and ejabberd) and PostgreSQL (the service's second store).
test_packages=("${run_local_packages[@]}" ejabberd postgresql)

# Services that a package of the lists above brings with it and enables. The scripts start their
# own servers on loopback; Debian's would listen on every interface and hold the same ports
# (Prosody 5222 and 5269), now and after every boot.
own_services=(prosody ejabberd postgresql)

# ensure_debian_packages WHO WHY PACKAGE...: installs the packages that are missing.
#   WHO  the command's name, which starts every line it prints ("run-local")
#   WHY  what the packages are for, said in the one line before installing
ensure_debian_packages() {
    local who=$1 why=$2
    shift 2
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || return 0

    local wanted="${missing[*]}"
    local by_hand="install them (sudo apt-get install --no-install-recommends $wanted) and run it again"
    if ! command -v apt-get >/dev/null; then
        echo "$who: needs Debian's $wanted ($why) and this machine has no apt-get: $by_hand" >&2
        return 1
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "$who: needs Debian's $wanted ($why) and cannot install them (not root, no sudo): $by_hand" >&2
            return 1
        fi
        # Without a terminal sudo cannot ask for a password: find that out now, in one line.
        if [ ! -t 0 ] && ! sudo -n true 2>/dev/null; then
            echo "$who: needs Debian's $wanted ($why) and cannot install them (sudo asks for a password and there is no terminal): $by_hand" >&2
            return 1
        fi
        sudo="sudo"
    fi

    echo "$who: installing Debian's $wanted ($why) with ${sudo:+sudo }apt-get, once; the packages' own services are kept from starting and disabled" >&2
    # A subshell, so that its trap removes our policy-rc.d however it ends (Ctrl+C included).
    (
        log=$(mktemp)
        policy=/usr/sbin/policy-rc.d
        own_policy=""
        # shellcheck disable=SC2317 # called by the trap
        finish() {
            [ -z "$own_policy" ] || $sudo rm -f "$policy"
            rm -f "$log"
        }
        trap finish EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        failed() {
            local reason
            reason=$(grep -E '^(E|Err):' "$log" | tail -n 1)
            echo "$who: could not install $wanted: $1${reason:+ ($reason)}; $by_hand" >&2
            exit 1
        }
        # Debian's policy-rc.d hook refuses service starts during the install: invoke-rc.d and
        # deb-systemd-invoke obey it (ejabberd's postinst too: it registers an admin account
        # through the running service only when debconf was given one).
        if [ ! -e "$policy" ]; then
            printf '#!/bin/sh\n# made by SiotThing (tools/debian-packages.bash) while it installs; removed afterwards\nexit 101\n' \
                | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && own_policy=1
        fi
        $sudo apt-get update -qq >"$log" 2>&1 || failed "apt-get update failed (no network or no mirror?)"
        # Every package is downloaded before anything is unpacked: a lost network leaves nothing behind.
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends --download-only "${missing[@]}" >"$log" 2>&1 \
            || failed "apt-get could not fetch them"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 \
            || failed "apt-get install failed"
        # Debian's own servers would start at the next boot and hold the ports: disabled, for the
        # packages installed here only (one installed by hand is the user's business).
        local service
        for service in "${own_services[@]}"; do
            [[ " $wanted " == *" $service "* ]] || continue
            $sudo deb-systemd-helper disable "$service.service" >/dev/null 2>&1 || true
            [ ! -e "/etc/init.d/$service" ] || $sudo update-rc.d "$service" disable >/dev/null 2>&1 || true
        done
    )
}
