//! Message templates: one MiniJinja layout per event
//! (`templates/notifications/ticket_opened.jinja`) with the blocks `subject`,
//! `text`, `html` and `sms`, whose every word comes from the catalog
//! (`averias-i18n`, `notifications.ftl`) through `t("id", name=value)`. The
//! layout is rendered once per language; `t` answers in the language being
//! rendered. In the `html` block `t` escapes the message and its values, and
//! `value|strong` puts a value in bold.
//!
//! An operator's `templates_dir` replaces a layout file by file
//! (`<dir>/ticket_opened.jinja`), or a whole message of one language
//! (`<dir>/es/ticket_opened.jinja`, written with words rather than `t`).

use std::path::Path;
use std::sync::Arc;

use averias_i18n::{Arg, Lang};
use minijinja::value::Kwargs;
use minijinja::{AutoEscape, Environment, Error, HtmlEscape, State, Value};

/// Names each event once: [`EVENTS`] and the built-in layout of each.
macro_rules! events {
    ($($event:literal),+ $(,)?) => {
        /// Every event with a template.
        pub const EVENTS: &[&str] = &[$($event),+];
        /// The built-in layouts, by event.
        const BUILTIN: &[(&str, &str)] = &[$(($event, include_str!(concat!("../../templates/notifications/", $event, ".jinja")))),+];
    };
}

events![
    "ticket_opened",
    "consultant_informed",
    "report_refused",
    "ticket_escalated",
    "ticket_repaired",
    "ticket_resolved",
    "ticket_closed",
    "sla_escalation",
    "ticket_assigned",
    "ticket_merged",
    "files_added",
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

/// The language a template is compiled for, from its name (`en/low_stock`).
fn lang_of(state: &State<'_, '_>) -> Lang {
    state
        .name()
        .split_once('/')
        .and_then(|(code, _)| Lang::parse(code))
        .unwrap_or_default()
}

/// Marks a value's place in a message while the message is escaped: Unicode
/// private-use characters, which no catalog message or escaping produces.
fn placeholder(i: usize) -> String {
    format!("\u{e000}{i}\u{e001}")
}

/// `t("id", name=value, …)` in plain text: the message with its values.
fn t_plain(state: &State<'_, '_>, id: &str, kwargs: Kwargs) -> Result<Value, Error> {
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        args.push((name.to_owned(), value));
    }
    let args: Vec<(&str, Arg<'_>)> = args
        .iter()
        .map(|(name, value)| (name.as_str(), arg(value)))
        .collect();
    Ok(Value::from(averias_i18n::text_with(
        lang_of(state),
        id,
        &args,
    )))
}

/// `t("id", name=value, …)` in HTML: the message escaped, and each value
/// escaped unless it is already safe HTML (`|strong`, or another `t`).
fn t_html(state: &State<'_, '_>, id: &str, kwargs: Kwargs) -> Result<Value, Error> {
    let mut values = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        values.push((name.to_owned(), value));
    }
    // Text values go in as placeholders, so the message can be escaped
    // whole and the (separately escaped) values put back afterwards.
    let mut inserted = Vec::new();
    let mut args = Vec::new();
    for (name, value) in &values {
        if value.is_number() {
            args.push((name.as_str(), arg(value)));
        } else {
            let html = if value.is_safe() {
                value.to_string()
            } else {
                HtmlEscape(&value.to_string()).to_string()
            };
            args.push((name.as_str(), Arg::from(placeholder(inserted.len()))));
            inserted.push(html);
        }
    }
    let message = averias_i18n::text_with(lang_of(state), id, &args);
    let mut html = HtmlEscape(&message).to_string();
    for (i, value) in inserted.iter().enumerate() {
        html = html.replace(&placeholder(i), value);
    }
    Ok(Value::from_safe_string(html))
}

/// A template value as a message argument: numbers stay numbers (Fluent
/// prints whole ones without a decimal point); anything else is its text,
/// `none` for a missing value as MiniJinja prints it.
fn arg(value: &Value) -> Arg<'static> {
    match f64::try_from(value.clone()) {
        Ok(x) if value.is_number() => Arg::Number(x),
        _ => Arg::from(value.to_string()),
    }
}

/// `value|strong` in HTML: the value, escaped, in bold.
fn strong_html(value: Value) -> Value {
    let text = if value.is_safe() {
        value.to_string()
    } else {
        HtmlEscape(&value.to_string()).to_string()
    };
    Value::from_safe_string(format!("<strong>{text}</strong>"))
}

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
    /// The built-in layouts, with the files of `dir` replacing theirs.
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        // Escaping is fixed when a template is compiled, so each environment
        // compiles its own copy.
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.add_function("t", t_plain);
        env.add_filter("strong", |v: Value| v);
        let mut html_env = Environment::new();
        html_env.set_auto_escape_callback(|_| AutoEscape::Html);
        html_env.add_function("t", t_html);
        html_env.add_filter("strong", strong_html);
        for (event, layout) in BUILTIN {
            for lang in Lang::ALL {
                let name = format!("{lang}/{event}");
                let text = Self::source(dir, lang, event)?.unwrap_or_else(|| (*layout).to_owned());
                env.add_template_owned(name.clone(), text.clone())
                    .map_err(|e| format!("template {name}: {e}"))?;
                html_env
                    .add_template_owned(name.clone(), text)
                    .map_err(|e| format!("template {name}: {e}"))?;
            }
        }
        Ok(Self {
            env: Arc::new(env),
            html_env: Arc::new(html_env),
        })
    }

    /// An operator's file for `event` in `lang`: the language's own
    /// (`<dir>/en/low_stock.jinja`), else the layout (`<dir>/low_stock.jinja`).
    fn source(dir: Option<&Path>, lang: Lang, event: &str) -> Result<Option<String>, String> {
        let Some(dir) = dir else { return Ok(None) };
        let file = format!("{event}.jinja");
        for path in [dir.join(lang.code()).join(&file), dir.join(&file)] {
            if path.exists() {
                return std::fs::read_to_string(&path)
                    .map(Some)
                    .map_err(|e| format!("cannot read template {}: {e}", path.display()));
            }
        }
        Ok(None)
    }

    /// Renders `event` in `lang`.
    pub fn render(
        &self,
        event: &str,
        lang: Lang,
        data: &serde_json::Value,
    ) -> Result<Rendered, String> {
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
    fn every_event_and_hub_event_has_a_label_for_the_console_in_both_languages() {
        let hub = crate::notifications::HOOK_EVENTS;
        for event in EVENTS.iter().chain(hub.iter()) {
            for lang in [Lang::Es, Lang::En] {
                let id = format!("event-{event}");
                assert_ne!(averias_i18n::text(lang, &id), id, "{id} in {lang:?}");
            }
        }
    }

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
            "appointment": {"status": "booked", "center": "Centro Chacao", "address": "Av. Principal", "date": "25/11/2026", "time": "09:00"},
            "added_by": "CSM", "ticket_url": "https://averias.example/ui/tickets/AV-2026-000001",
            "files": [{"name": "<b>Pérez</b>.png", "size": "1,2 KB", "url": "https://averias.example/api/v1/attachments/1"}]
        });
        for event in EVENTS {
            for lang in Lang::ALL {
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
        let es = t.render("ticket_opened", Lang::Es, &data).unwrap();
        assert!(es.subject.contains("AV-2026-000001") && es.subject.starts_with("Avería"));
        let en = t.render("ticket_opened", Lang::En, &data).unwrap();
        assert!(en.subject.starts_with("Fault"));
        // The catalog's words, the values escaped once, a bold value in bold.
        assert!(
            en.html.contains("Ana &lt;b&gt;Pérez&lt;&#x2f;b&gt;"),
            "{}",
            en.html
        );
        assert!(en.html.contains("<strong>AV-2026-000001</strong>"));
        assert!(en.text.contains("Ana <b>Pérez</b>") && !en.text.contains("<strong>"));
    }

    #[test]
    fn an_operators_file_replaces_a_layout_or_one_languages_message() {
        let dir = std::env::temp_dir().join(format!("averias-templates-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(dir.join("en")).unwrap();
        let layout = "{% block subject %}{{ t(\"low_stock-subject\", model=stock.model, location=stock.location) }} (ops){% endblock %}\
             {% block text %}x{% endblock %}{% block html %}x{% endblock %}{% block sms %}x{% endblock %}";
        std::fs::write(dir.join("low_stock.jinja"), layout).unwrap();
        std::fs::write(
            dir.join("en").join("low_stock.jinja"),
            "{% block subject %}Stock is low{% endblock %}{% block text %}y{% endblock %}\
             {% block html %}y{% endblock %}{% block sms %}y{% endblock %}",
        )
        .unwrap();
        let t = Templates::load(Some(&dir)).unwrap();
        let data = serde_json::json!({"stock": {"location": "center-a", "model": "Galaxy A15", "available": 1, "minimum": 2}});
        let es = t.render("low_stock", Lang::Es, &data).unwrap();
        assert!(
            es.subject.ends_with("(ops)") && es.subject.contains("Galaxy A15"),
            "{}",
            es.subject
        );
        assert_eq!(
            t.render("low_stock", Lang::En, &data).unwrap().subject,
            "Stock is low"
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
