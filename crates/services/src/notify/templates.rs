//! Message templates: one MiniJinja file per event and language
//! (`es/ticket_opened.jinja`), each with the blocks `subject`, `text`,
//! `html` and `sms`. The built-in files are compiled in; an operator's
//! `templates_dir` replaces any of them file by file. Spanish is the
//! default; English is used for contacts who prefer it.

use std::path::Path;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment};

/// Every event with a template.
pub const EVENTS: &[&str] = &[
    "ticket_opened",
    "consultant_informed",
    "report_refused",
    "ticket_escalated",
    "ticket_repaired",
    "ticket_resolved",
    "ticket_closed",
    "sla_escalation",
    "maintenance_notice",
    "maintenance_customer_notice",
    "objection_window_closing",
    "sla_at_risk",
    "appointment_booked",
    "appointment_changed",
    "appointment_reminder",
    "low_stock",
    "weekly_report",
];

macro_rules! builtin {
    ($($lang:literal / $event:literal),+ $(,)?) => {
        &[$(($lang, $event, include_str!(concat!("../../templates/notifications/", $lang, "/", $event, ".jinja")))),+]
    };
}

const BUILTIN: &[(&str, &str, &str)] = builtin![
    "es" / "ticket_opened",
    "en" / "ticket_opened",
    "es" / "consultant_informed",
    "en" / "consultant_informed",
    "es" / "report_refused",
    "en" / "report_refused",
    "es" / "ticket_escalated",
    "en" / "ticket_escalated",
    "es" / "ticket_repaired",
    "en" / "ticket_repaired",
    "es" / "ticket_resolved",
    "en" / "ticket_resolved",
    "es" / "ticket_closed",
    "en" / "ticket_closed",
    "es" / "sla_escalation",
    "en" / "sla_escalation",
    "es" / "maintenance_notice",
    "en" / "maintenance_notice",
    "es" / "maintenance_customer_notice",
    "en" / "maintenance_customer_notice",
    "es" / "objection_window_closing",
    "en" / "objection_window_closing",
    "es" / "sla_at_risk",
    "en" / "sla_at_risk",
    "es" / "appointment_booked",
    "en" / "appointment_booked",
    "es" / "appointment_changed",
    "en" / "appointment_changed",
    "es" / "appointment_reminder",
    "en" / "appointment_reminder",
    "es" / "low_stock",
    "en" / "low_stock",
    "es" / "weekly_report",
    "en" / "weekly_report",
];

/// The longest SMS sent: one GSM-7 segment.
pub const SMS_MAX_CHARS: usize = 160;

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// At most [`SMS_MAX_CHARS`] characters.
    pub sms: String,
}

/// The loaded templates.
#[derive(Debug, Clone)]
pub struct Templates {
    /// Subject, text and SMS: plain text, nothing escaped.
    env: Arc<Environment<'static>>,
    /// The same templates with HTML escaping, for the `html` block.
    html_env: Arc<Environment<'static>>,
}

impl Templates {
    /// The built-in templates, with any file of `dir` replacing its namesake.
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        // Escaping is fixed when a template is compiled, so each environment
        // compiles its own copy.
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::None);
        let mut html_env = Environment::new();
        html_env.set_auto_escape_callback(|_| AutoEscape::Html);
        for (lang, event, source) in BUILTIN {
            let name = format!("{lang}/{event}");
            let text = match dir.map(|d| d.join(lang).join(format!("{event}.jinja"))) {
                Some(path) if path.exists() => std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read template {}: {e}", path.display()))?,
                _ => (*source).to_owned(),
            };
            env.add_template_owned(name.clone(), text.clone())
                .map_err(|e| format!("template {name}: {e}"))?;
            html_env
                .add_template_owned(name.clone(), text)
                .map_err(|e| format!("template {name}: {e}"))?;
        }
        Ok(Self {
            env: Arc::new(env),
            html_env: Arc::new(html_env),
        })
    }

    /// Renders `event` in `language` (Spanish when there is no such language).
    pub fn render(
        &self,
        event: &str,
        language: &str,
        data: &serde_json::Value,
    ) -> Result<Rendered, String> {
        let lang = if language == "en" { "en" } else { "es" };
        let name = format!("{lang}/{event}");
        let tmpl = self
            .env
            .get_template(&name)
            .map_err(|_| format!("no template for event '{event}'"))?;
        let blocks =
            |tmpl: minijinja::Template<'_, '_>, names: &[&str]| -> Result<Vec<String>, String> {
                let mut captured = tmpl
                    .render_captured(data)
                    .map_err(|e| format!("{name}: {e}"))?;
                names
                    .iter()
                    .map(|b| {
                        captured
                            .with_state_mut(|state| state.render_block(b))
                            .map(|s| s.trim().to_owned())
                            .map_err(|e| format!("{name} block {b}: {e}"))
                    })
                    .collect()
            };
        let plain = blocks(tmpl, &["subject", "text", "sms"])?;
        let html_tmpl = self
            .html_env
            .get_template(&name)
            .map_err(|e| e.to_string())?;
        let html = blocks(html_tmpl, &["html"])?.remove(0);
        let [subject, text, sms]: [String; 3] = plain
            .try_into()
            .map_err(|_| format!("{name}: missing blocks"))?;
        Ok(Rendered {
            subject: subject.replace(['\r', '\n'], " "),
            text,
            html,
            sms: sms.chars().take(SMS_MAX_CHARS).collect(),
        })
    }

    /// Renders an SMS gateway body template with `to`, `text` and `from`.
    pub fn render_sms_body(
        &self,
        body: &str,
        to: &str,
        text: &str,
        from: Option<&str>,
    ) -> Result<String, String> {
        self.env
            .render_str(
                body,
                minijinja::context! { to => to, text => text, from => from },
            )
            .map_err(|e| format!("sms body template: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_renders_in_both_languages_and_html_is_escaped() {
        let t = Templates::load(None).unwrap();
        let data = serde_json::json!({
            "contact": "Ana <b>Pérez</b>",
            "ticket": {"number": "AV-2026-000001", "title": "Sin señal", "status": "resuelta", "group": "cor",
                       "account_number": "1001", "account_name": "Empresa", "deadline": "2026-11-24 09:00"},
            "next_step": "ninguno", "resolution": "Se reinició la celda", "reason": "r", "step": "s",
            "account_number": "1001", "debt": "1.500,00 VES",
            "work": {"title": "t", "start": "s", "end": "e", "elements": ["a"], "impact": "i", "accounts": ["1001"], "window_closes": "w"},
            "account_name": "Empresa", "pending": ["1001 Empresa"],
            "week": "2026-W48", "opened": 40, "resolved": 35, "closed": 30, "backlog": 12, "compliance": 91.4,
            "previous_opened": 38, "previous_compliance": null, "backup_units": 2, "refused": 3, "path": "/x",
            "stock": {"location": "center-a", "model": "Galaxy A15", "available": 1, "minimum": 2},
            "appointment": {"status": "booked", "center": "Centro Chacao", "address": "Av. Principal", "date": "25/11/2026", "time": "09:00"}
        });
        for event in EVENTS {
            for lang in ["es", "en"] {
                let r = t
                    .render(event, lang, &data)
                    .unwrap_or_else(|e| panic!("{event}/{lang}: {e}"));
                assert!(
                    !r.subject.is_empty() && !r.text.is_empty() && !r.sms.is_empty(),
                    "{event}/{lang}"
                );
                assert!(r.sms.chars().count() <= SMS_MAX_CHARS);
                assert!(
                    !r.html.contains("<b>Pérez</b>"),
                    "{event}/{lang} HTML must escape: {}",
                    r.html
                );
            }
        }
        let es = t.render("ticket_opened", "es", &data).unwrap();
        assert!(es.subject.contains("AV-2026-000001") && es.subject.starts_with("Avería"));
        let en = t.render("ticket_opened", "en", &data).unwrap();
        assert!(en.subject.starts_with("Fault"));
    }
}
