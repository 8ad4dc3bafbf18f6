//! Name resolution that refuses link-local addresses.
//!
//! Cloud metadata endpoints (169.254.169.254, fe80::…) hand out credentials to anyone
//! who asks from inside the VM. A URL — or a redirect, or a hostname that resolves
//! there — must never make wirebook ask. IP literals are refused before a request is
//! built ([`is_link_local`]); names go through [`GuardedResolver`], which fails the
//! lookup when any address is link-local, so reqwest never opens a connection.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Is this address link-local (169.254.0.0/16, fe80::/10, or one mapped into IPv6)?
#[must_use]
pub fn is_link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4.is_link_local();
            }
            (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

/// The lookup failed: the name does not exist or no address came back.
#[derive(Debug)]
pub struct DnsFailure(pub String);

impl fmt::Display for DnsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DNS lookup failed: {}", self.0)
    }
}
impl std::error::Error for DnsFailure {}

/// The name resolves to a link-local address: no connection is made.
#[derive(Debug)]
pub struct LinkLocalRefused(pub IpAddr);

impl fmt::Display for LinkLocalRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "link-local address refused ({})", self.0)
    }
}
impl std::error::Error for LinkLocalRefused {}

/// The system resolver with a deadline and the link-local guard. `overrides` map
/// names to fixed addresses (tests; the guard applies to them too).
#[derive(Clone, Default)]
pub struct GuardedResolver {
    pub timeout: Duration,
    pub overrides: Arc<HashMap<String, Vec<IpAddr>>>,
}

impl GuardedResolver {
    /// Resolves `host` to its addresses, refusing link-local ones.
    ///
    /// # Errors
    /// [`DnsFailure`] or [`LinkLocalRefused`].
    pub async fn lookup(
        &self,
        host: &str,
    ) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let addrs: Vec<SocketAddr> = if let Some(ips) = self.overrides.get(&host) {
            ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect()
        } else if host == "invalid" || host.ends_with(".invalid") {
            // RFC 6761: `.invalid` never resolves; answer at once without asking.
            return Err(Box::new(DnsFailure(format!(
                "`{host}` is a reserved invalid name"
            ))));
        } else {
            let deadline = if self.timeout.is_zero() {
                Duration::from_secs(20)
            } else {
                self.timeout
            };
            match tokio::time::timeout(deadline, tokio::net::lookup_host((host.as_str(), 0))).await
            {
                Ok(Ok(found)) => found.collect(),
                Ok(Err(e)) => return Err(Box::new(DnsFailure(format!("`{host}`: {e}")))),
                Err(_) => {
                    return Err(Box::new(DnsFailure(format!(
                        "`{host}` did not resolve within {deadline:?}"
                    ))))
                }
            }
        };
        if let Some(bad) = addrs.iter().find(|a| is_link_local(a.ip())) {
            return Err(Box::new(LinkLocalRefused(bad.ip())));
        }
        if addrs.is_empty() {
            return Err(Box::new(DnsFailure(format!("`{host}` has no address"))));
        }
        Ok(addrs)
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs = this.lookup(&host).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_local_ranges() {
        for ip in [
            "169.254.169.254",
            "169.254.0.1",
            "fe80::1",
            "febf::1",
            "::ffff:169.254.1.1",
        ] {
            assert!(is_link_local(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "127.0.0.1",
            "10.0.0.1",
            "169.255.0.1",
            "fec0::1",
            "::1",
            "8.8.8.8",
        ] {
            assert!(!is_link_local(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn refuses_names_that_resolve_link_local_and_invalid_names() {
        let mut overrides = HashMap::new();
        overrides.insert(
            "metadata.test".to_owned(),
            vec![
                "127.0.0.1".parse().unwrap(),
                "169.254.169.254".parse().unwrap(),
            ],
        );
        overrides.insert("ok.test".to_owned(), vec!["127.0.0.1".parse().unwrap()]);
        let r = GuardedResolver {
            timeout: Duration::from_secs(1),
            overrides: Arc::new(overrides),
        };
        let e = r.lookup("metadata.test").await.unwrap_err();
        assert!(e.downcast_ref::<LinkLocalRefused>().is_some());
        let e = r.lookup("nothing.invalid").await.unwrap_err();
        assert!(e.downcast_ref::<DnsFailure>().is_some());
        assert_eq!(r.lookup("OK.test.").await.unwrap().len(), 1);
    }
}
