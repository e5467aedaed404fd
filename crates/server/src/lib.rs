//! The Averías HTTP surface: the JSON API, the TMF621 façade and the web
//! console over the services (`averias-services`). `averias serve` builds an [`App`] and
//! serves [`App::router`].

pub mod api;
pub mod error;
pub mod http_server;
pub mod metrics;
pub mod ui;

use std::sync::Arc;

use averias_store::Store;

pub use averias_services::{Clock, Services};

/// Settings the server needs at run time (the binary maps its config onto this).
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Email, SMS and webhook delivery; `None`: webhooks only.
    pub notifier: Option<averias_services::notify::Notifier>,
    /// How weekly reports are counted and mailed.
    pub reports: averias_services::weekly_report::ReportSettings,
    /// Mark the web session cookie `Secure` (set when served over HTTPS;
    /// a request with `X-Forwarded-Proto: https` gets it anyway).
    pub secure_cookies: bool,
    /// Connection and request limits.
    pub http: http_server::HttpLimits,
    /// When set, `/metrics` answers only `Authorization: Bearer <this>`.
    pub metrics_token: Option<String>,
    /// Where attachments' bytes go and how large they may be; `None`: a
    /// folder of the process's own under the system's temporary folder.
    pub attachments: Option<averias_services::attachments::AttachmentSettings>,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 * 1024,
            notifier: None,
            reports: Default::default(),
            secure_cookies: false,
            http: Default::default(),
            metrics_token: None,
            attachments: None,
        }
    }
}

/// Everything a request handler needs, cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    /// Behind an `Arc`: axum clones the state for every request, and the
    /// services are a tree of capabilities, each holding its own handles.
    pub services: Arc<Services>,
    pub settings: Arc<ServerSettings>,
    /// When `/metrics` last read the open-ticket counts from the database.
    pub gauges_read_at: Arc<std::sync::Mutex<Option<std::time::Instant>>>,
    /// The change mark live queues listen to.
    pub live: Arc<ui::live::Live>,
}

impl App {
    /// Builds the app over an already-migrated store.
    pub fn new(store: Arc<dyn Store>, clock: Clock, settings: ServerSettings) -> Self {
        let mut services = Services::new(store, clock).with_reports(settings.reports.clone());
        if let Some(n) = settings.notifier.clone() {
            services = services.with_notifier(n);
        }
        if let Some(a) = settings.attachments.clone() {
            let dir = a.dir.display().to_string();
            services = services.with_attachments(a).unwrap_or_else(|e| {
                panic!("the attachments folder {dir} cannot be made or used: {e}")
            });
        }
        Self {
            services: Arc::new(services),
            settings: Arc::new(settings),
            gauges_read_at: Arc::default(),
            live: Arc::default(),
        }
    }

    /// The complete HTTP router: API, docs, health and metrics.
    pub fn router(&self) -> axum::Router {
        api::router(self.clone())
    }
}
