//! Where webhook and hub deliveries may go. A listener's callback is a URL
//! an integration chose, and the worker POSTs to it from inside the
//! operator's network: without a check, anyone who may subscribe can make
//! the server reach its loopback, the cloud metadata address or any private
//! host and port (server-side request forgery). By default only public
//! addresses are reached; an operator whose partners sit on its internal
//! network names them in `[notifications.webhooks] allow` (host names, or
//! addresses and CIDR ranges).
//!
//! The check runs when a listener subscribes and again at every delivery,
//! inside the HTTP client's own name resolution ([`GuardedResolver`]), so
//! the address checked is the address connected to even if the name's DNS
//! answer changes in between.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;
use serde::Deserialize;

/// `[notifications.webhooks]` of the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    /// Host names, addresses or CIDR ranges that callbacks may reach even
    /// though they are not public (e.g. `["crm.intranet.example",
    /// "10.20.0.0/16"]`). Empty (the default): public addresses only.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Listeners one integration may hold at once (default 20).
    pub max_per_owner: Option<usize>,
}

/// Listeners one integration may hold when the configuration says nothing.
pub const DEFAULT_MAX_LISTENERS: usize = 20;

/// The compiled allowlist.
#[derive(Debug, Clone, Default)]
pub struct OutboundPolicy {
    hosts: Vec<String>,
    nets: Vec<IpNet>,
}

impl OutboundPolicy {
    /// Reads the allowlist; an entry that is neither a range, an address nor
    /// a host name is a configuration error.
    pub fn new(allow: &[String]) -> Result<Self, String> {
        let mut policy = Self::default();
        for entry in allow {
            let entry = entry.trim();
            if let Ok(net) = entry.parse::<IpNet>() {
                policy.nets.push(net);
            } else if let Ok(ip) = entry.parse::<IpAddr>() {
                policy.nets.push(IpNet::from(ip));
            } else if !entry.is_empty()
                && entry
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                policy.hosts.push(entry.to_ascii_lowercase());
            } else {
                return Err(format!(
                    "webhooks.allow: '{entry}' is not a host name, an address or a CIDR range"
                ));
            }
        }
        Ok(policy)
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether a connection to `ip` is allowed.
    pub fn ip_allowed(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        is_public(ip) || self.nets.iter().any(|n| n.contains(&ip))
    }

    /// Checks a callback URL: scheme, host, and every address its host
    /// resolves to now; answers it in its normal form (scheme and host in
    /// lower case, no default port), so one callback has one spelling. The
    /// error is for the person subscribing.
    pub async fn check_url(&self, url: &str) -> Result<String, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err("the callback is an http:// or https:// URL".into());
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("the callback may not carry a user name or password".into());
        }
        let Some(host) = parsed.host() else {
            return Err("the callback names no host".into());
        };
        let port = parsed.port_or_known_default().unwrap_or(80);
        match host {
            url::Host::Ipv4(ip) => self.check_ip(IpAddr::V4(ip))?,
            url::Host::Ipv6(ip) => self.check_ip(IpAddr::V6(ip))?,
            url::Host::Domain(name) => {
                if self.host_allowed(name) {
                    return Ok(parsed.to_string());
                }
                // A name that does not resolve now is taken: nothing can be
                // reached through it, and every delivery resolves it again
                // through the guarded resolver, which refuses internal
                // answers then. What is refused here is a name that already
                // points inside.
                let addrs: Vec<SocketAddr> = match tokio::net::lookup_host((name, port)).await {
                    Ok(found) => found.collect(),
                    Err(_) => Vec::new(),
                };
                for a in addrs {
                    self.check_ip(a.ip())
                        .map_err(|_| format!("the callback's host '{name}' resolves to an address that is not public ({}); an operator may allow it in [notifications.webhooks] allow", a.ip()))?;
                }
            }
        }
        Ok(parsed.to_string())
    }

    fn check_ip(&self, ip: IpAddr) -> Result<(), String> {
        if self.ip_allowed(ip) {
            Ok(())
        } else {
            Err(format!(
                "the callback's address {ip} is not public (loopback, private, link-local or reserved); an operator may allow it in [notifications.webhooks] allow"
            ))
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Globally routable unicast: not loopback, private, shared (CGNAT),
/// link-local, unspecified, multicast, documentation, benchmarking or
/// reserved (IANA's special-purpose registries).
pub fn is_public(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || (s[0] == 0x0064 && s[1] == 0xff9b)
                // 6to4 and Teredo carry an IPv4 address (any, 127.0.0.1
                // included) that a relay would reach.
                || s[0] == 0x2002
                || (s[0] == 0x2001 && s[1] == 0x0000)
                || s[0] == 0x0100)
        }
    }
}

/// The webhook client's name resolution: the system resolver, keeping only
/// addresses the policy allows (all of them for an allowed host name).
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub policy: Arc<OutboundPolicy>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = if policy.host_allowed(&host) {
                found
            } else {
                found
                    .into_iter()
                    .filter(|a| policy.ip_allowed(a.ip()))
                    .collect()
            };
            if kept.is_empty() {
                return Err(format!(
                    "refused: '{host}' resolves to no address callbacks may reach"
                )
                .into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass_by_default() {
        let p = OutboundPolicy::default();
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::ffff:127.0.0.1",
            "fe80::1",
            "fd00::1",
            "224.0.0.1",
            "2002:7f00:1::",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
        ] {
            assert!(!p.ip_allowed(private.parse().unwrap()), "{private}");
        }
        for public in ["8.8.8.8", "200.44.32.12", "2800:3f0:4001::200e"] {
            assert!(p.ip_allowed(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn the_allowlist_opens_named_ranges_and_hosts_only() {
        let p = OutboundPolicy::new(&[
            "10.20.0.0/16".into(),
            "crm.intranet".into(),
            "127.0.0.1".into(),
        ])
        .unwrap();
        assert!(p.ip_allowed("10.20.3.4".parse().unwrap()));
        assert!(!p.ip_allowed("10.21.3.4".parse().unwrap()));
        assert!(p.ip_allowed("127.0.0.1".parse().unwrap()));
        assert!(!p.ip_allowed("127.0.0.2".parse().unwrap()));
        assert!(p.host_allowed("CRM.intranet."));
        assert!(OutboundPolicy::new(&["http://x/".into()]).is_err());
    }

    #[tokio::test]
    async fn callbacks_to_internal_addresses_are_refused_with_a_reason() {
        let p = OutboundPolicy::default();
        for url in [
            "http://127.0.0.1:5432/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:22/",
            "http://localhost:1/",
            "http://user:pw@example.com/",
            "ftp://example.com/",
        ] {
            assert!(p.check_url(url).await.is_err(), "{url}");
        }
        assert_eq!(
            p.check_url("HTTP://8.8.8.8:80/hook").await.as_deref(),
            Ok("http://8.8.8.8/hook")
        );
        // Unresolvable now: taken, and resolved (and checked) at delivery.
        assert!(p.check_url("https://crm.invalid/eventos").await.is_ok());
    }
}
