//! Delivering notifications: the outbox messages services write are rendered
//! from templates (a MiniJinja layout per event, with blocks `subject`,
//! `text`, `html` and `sms`, its words from the catalog in the recipient's
//! language; the operator may override any file)
//! and sent by email (SMTP), SMS (an HTTP gateway) or webhook (signed JSON
//! POST). Which channels exist is configuration: a channel that is not
//! configured gets no messages queued.

pub mod outbound;
mod templates;

use std::time::Duration;

use averias_store::{StoredMessage, Webhook};
use hmac::{Hmac, Mac};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use sha2::Sha256;

pub use outbound::{OutboundPolicy, WebhookSettings};
pub use templates::{EVENTS, Rendered, Templates};

/// How to reach the SMTP server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `none` (plain, for a relay on localhost), `starttls` or `tls` (implicit TLS).
    #[serde(default = "default_tls")]
    pub tls: String,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `Movilnet Averías <averias@movilnet.example>`.
    pub from: String,
    /// The domain of generated Message-IDs (default: the sender's domain).
    pub message_id_domain: Option<String>,
    /// A PEM certificate to trust for the server (a private CA), beside the
    /// public roots.
    #[serde(default)]
    pub ca_file: Option<std::path::PathBuf>,
}

fn default_smtp_port() -> u16 {
    587
}

fn default_tls() -> String {
    "starttls".into()
}

/// An SMS gateway reached over HTTP: where and how to send one message.
/// `body` is a MiniJinja template with `to` and `text` (and `from`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSettings {
    pub url: String,
    #[serde(default = "default_method")]
    pub method: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// `json` or `form`: the content type of the rendered body.
    #[serde(default = "default_body_kind")]
    pub body_kind: String,
    /// e.g. `{"to": "{{ to }}", "text": {{ text | tojson }}}`.
    pub body: String,
    #[serde(default)]
    pub from: Option<String>,
}

fn default_method() -> String {
    "POST".into()
}

fn default_body_kind() -> String {
    "json".into()
}

/// `[notifications]` of the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifySettings {
    pub smtp: Option<SmtpSettings>,
    pub sms: Option<SmsSettings>,
    /// A directory whose `EVENT.jinja` layouts, or `es/EVENT.jinja` / `en/EVENT.jinja` whole messages, replace the built-in layouts.
    pub templates_dir: Option<std::path::PathBuf>,
    /// Where maintenance notices go (R-MAINT-1: customer-service management).
    #[serde(default)]
    pub customer_service_mgmt: Vec<String>,
    /// The address people open Averías at (`https://averias.movilnet.example`),
    /// for links in mails (the files added to a fault); without it mails
    /// name the files and send the reader to the portal.
    #[serde(default)]
    pub public_url: Option<String>,
    /// `[notifications.webhooks]`: which non-public callbacks are allowed,
    /// and how many listeners an integration may hold.
    #[serde(default)]
    pub webhooks: WebhookSettings,
}

/// Renders and delivers messages; cheap to clone.
#[derive(Debug, Clone)]
pub struct Notifier {
    pub settings: NotifySettings,
    templates: Templates,
    /// For the operator's own SMS gateway.
    http: reqwest::Client,
    /// For callbacks integrations chose: resolves through the outbound
    /// policy and never follows a redirect.
    hooks_http: reqwest::Client,
    pub outbound: std::sync::Arc<OutboundPolicy>,
}

/// Header carrying a webhook body's HMAC-SHA256 signature: `sha256=<hex>`.
pub const SIGNATURE_HEADER: &str = "X-Averias-Signature";

impl Notifier {
    /// A notifier for `settings`; fails on a template override that does not parse.
    pub fn new(settings: NotifySettings) -> Result<Self, String> {
        // One TLS provider for the whole process (ring), as sqlx uses.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let templates = Templates::load(settings.templates_dir.as_deref())?;
        // Mistakes in the configuration surface at start-up, not as
        // messages failing one by one into the dead letters.
        if let Some(smtp) = &settings.smtp {
            if !matches!(smtp.tls.as_str(), "none" | "starttls" | "tls") {
                return Err(format!(
                    "smtp.tls '{}' is not none, starttls or tls",
                    smtp.tls
                ));
            }
            smtp.from
                .parse::<Mailbox>()
                .map_err(|e| format!("smtp.from '{}': {e}", smtp.from))?;
            if let Some(ca) = &smtp.ca_file {
                std::fs::read(ca).map_err(|e| format!("smtp.ca_file {}: {e}", ca.display()))?;
            }
        }
        if let Some(sms) = &settings.sms {
            reqwest::Method::from_bytes(sms.method.as_bytes())
                .map_err(|_| format!("sms.method '{}' is not an HTTP method", sms.method))?;
            if !matches!(sms.body_kind.as_str(), "json" | "form") {
                return Err(format!(
                    "sms.body_kind '{}' is not json or form",
                    sms.body_kind
                ));
            }
            templates.render_sms_body(&sms.body, "+584140000000", "prueba", sms.from.as_deref())?;
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| e.to_string())?;
        let outbound = std::sync::Arc::new(OutboundPolicy::new(&settings.webhooks.allow)?);
        let hooks_http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(std::sync::Arc::new(outbound::GuardedResolver {
                policy: outbound.clone(),
            }))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            settings,
            templates,
            http,
            hooks_http,
            outbound,
        })
    }

    /// Whether messages for `channel` should be queued at all.
    pub fn has_channel(&self, channel: &str) -> bool {
        match channel {
            "email" => self.settings.smtp.is_some(),
            "sms" => self.settings.sms.is_some(),
            "webhook" => true,
            _ => false,
        }
    }

    /// Renders a message's subject, text, HTML and SMS text.
    pub fn render(&self, m: &StoredMessage) -> Result<Rendered, String> {
        self.templates
            .render(&m.message.event, m.message.language, &m.message.data)
    }

    /// Delivers one message; the error says why it failed (retried later).
    pub async fn deliver(&self, m: &StoredMessage, hooks: &[Webhook]) -> Result<(), String> {
        match m.message.channel.as_str() {
            "email" => self.send_email(m).await,
            "sms" => self.send_sms(m).await,
            "webhook" => {
                let hook = hooks
                    .iter()
                    .find(|h| h.id.to_string() == m.message.recipient)
                    .ok_or("the webhook subscription no longer exists")?;
                self.post_webhook(m, hook).await
            }
            other => Err(format!("unknown channel '{other}'")),
        }
    }

    async fn send_email(&self, m: &StoredMessage) -> Result<(), String> {
        let smtp = self
            .settings
            .smtp
            .as_ref()
            .ok_or("no SMTP server is configured")?;
        let r = self.render(m)?;
        let from: Mailbox = smtp.from.parse().map_err(|e| format!("sender: {e}"))?;
        let to: Mailbox = m
            .message
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let domain = smtp
            .message_id_domain
            .clone()
            .unwrap_or_else(|| from.email.domain().to_owned());
        // The Message-ID is the outbox id: a resend after a crash carries the
        // same one, so the receiving side can drop the duplicate.
        let mut builder = Message::builder()
            .from(from)
            .to(to)
            .subject(r.subject)
            .message_id(Some(format!("<{}@{domain}>", m.message.id)));
        // Every message about one ticket threads under the ticket's root id.
        if let Some(number) = m.message.data["ticket"]["number"].as_str() {
            let root = format!("<{number}@{domain}>");
            builder = builder.in_reply_to(root.clone()).references(root);
        }
        let email = builder
            .multipart(MultiPart::alternative_plain_html(r.text, r.html))
            .map_err(|e| e.to_string())?;
        let transport = self.smtp_transport(smtp)?;
        transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }

    fn smtp_transport(
        &self,
        s: &SmtpSettings,
    ) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let builder = match s.tls.as_str() {
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                .map_err(|e| e.to_string())?,
            "tls" => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(|e| e.to_string())?
            }
            other => return Err(format!("smtp.tls '{other}' is not none, starttls or tls")),
        };
        let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(15)));
        if let (Some(ca), "starttls" | "tls") = (&s.ca_file, s.tls.as_str()) {
            use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
            let pem =
                std::fs::read(ca).map_err(|e| format!("smtp.ca_file {}: {e}", ca.display()))?;
            let params = TlsParameters::builder(s.host.clone())
                .add_root_certificate(
                    Certificate::from_pem(&pem).map_err(|e| format!("smtp.ca_file: {e}"))?,
                )
                .build_rustls()
                .map_err(|e| e.to_string())?;
            builder = builder.tls(if s.tls == "tls" {
                Tls::Wrapper(params)
            } else {
                Tls::Required(params)
            });
        }
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(builder.build())
    }

    async fn send_sms(&self, m: &StoredMessage) -> Result<(), String> {
        let sms = self
            .settings
            .sms
            .as_ref()
            .ok_or("no SMS gateway is configured")?;
        let r = self.render(m)?;
        let body = self.templates.render_sms_body(
            &sms.body,
            &m.message.recipient,
            &r.sms,
            sms.from.as_deref(),
        )?;
        let method =
            reqwest::Method::from_bytes(sms.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut req = self.http.request(method, &sms.url);
        for (k, v) in &sms.headers {
            req = req.header(k, v);
        }
        let content_type = match sms.body_kind.as_str() {
            "form" => "application/x-www-form-urlencoded",
            _ => "application/json",
        };
        let resp = req
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| format!("SMS gateway: {e}"))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(format!("SMS gateway answered {}", resp.status()))
        }
    }

    async fn post_webhook(&self, m: &StoredMessage, hook: &Webhook) -> Result<(), String> {
        // A name is checked by the client's resolver as it connects; an
        // address written in the URL never reaches a resolver.
        let url = reqwest::Url::parse(&hook.callback).map_err(|e| format!("webhook: {e}"))?;
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal
            && !self.outbound.ip_allowed(ip)
        {
            return Err(format!(
                "webhook: refused: {ip} is not an address callbacks may reach"
            ));
        }
        let body = m.message.data.to_string();
        let resp = self
            .hooks_http
            .post(url)
            .header("Content-Type", "application/json")
            .header(
                SIGNATURE_HEADER,
                format!("sha256={}", sign(&hook.secret, body.as_bytes())),
            )
            .header("X-Averias-Event-Id", m.message.id.to_string())
            .body(body)
            .send()
            .await
            .map_err(|e| format!("webhook: {e}"))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(format!("webhook answered {}", resp.status()))
        }
    }
}

/// Hex HMAC-SHA256 of `body` under `secret`: what a receiver recomputes.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(tls: &str, from: &str) -> SmtpSettings {
        SmtpSettings {
            host: "localhost".into(),
            port: 25,
            tls: tls.into(),
            username: None,
            password: None,
            from: from.into(),
            message_id_domain: None,
            ca_file: None,
        }
    }

    #[test]
    fn a_misconfigured_channel_is_refused_at_start_up() {
        let with = |smtp: Option<SmtpSettings>, sms: Option<SmsSettings>| {
            Notifier::new(NotifySettings {
                smtp,
                sms,
                ..Default::default()
            })
        };
        assert!(with(Some(smtp("starttls", "Averías <a@b.example>")), None).is_ok());
        assert!(
            with(Some(smtp("ssl", "a@b.example")), None)
                .unwrap_err()
                .contains("smtp.tls")
        );
        assert!(
            with(Some(smtp("none", "not an address")), None)
                .unwrap_err()
                .contains("smtp.from")
        );
        let sms = |body: &str, kind: &str| SmsSettings {
            url: "http://localhost/send".into(),
            method: "POST".into(),
            headers: vec![],
            body_kind: kind.into(),
            body: body.into(),
            from: None,
        };
        assert!(with(None, Some(sms("{{ to }}", "json"))).is_ok());
        assert!(
            with(None, Some(sms("{{ to ", "json")))
                .unwrap_err()
                .contains("sms body")
        );
        assert!(
            with(None, Some(sms("{{ to }}", "xml")))
                .unwrap_err()
                .contains("body_kind")
        );
    }
}
