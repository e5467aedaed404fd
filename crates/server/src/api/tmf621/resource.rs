//! A ticket as a [`TroubleTicket`] of a version (built by the services,
//! which the hub events share), and `fields=` selection.

use averias_services::tmf::model::TroubleTicket;

use super::*;

/// Ticket `view` as `actor` sees it in version `v` (see
/// `averias_services::tmf::resource`).
pub(super) async fn resource(
    app: &App,
    v: Version,
    actor: &averias_domain::Actor,
    view: &TicketView,
) -> TmfResult<TroubleTicket> {
    Ok(
        averias_services::tmf::resource::of(app.services.store.as_ref(), actor, v, &view.record)
            .await?,
    )
}

/// The resource with only the first-level attributes `fields` names (plus
/// `id`, `href` and `@type`); all of it without `fields`.
pub(super) fn select(t: &TroubleTicket, fields: Option<&str>) -> Value {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    let Some(fields) = fields.map(str::trim).filter(|f| !f.is_empty()) else {
        return v;
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    if let Value::Object(m) = &mut v {
        m.retain(|k, _| {
            matches!(k.as_str(), "id" | "href" | "@type") || wanted.contains(&k.as_str())
        });
    }
    v
}
