//! The HTTP client the tests use. In the workspace build reqwest carries
//! `rustls-no-provider` (the server installs ring, the one TLS provider of
//! the process), so a test process installs it too before building a client.

pub fn client() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}
