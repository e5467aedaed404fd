//! Repair appointments: booking, moving, cancelling, no-shows.

use super::*;

/// A slot to book or move to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotRequest {
    center: String,
    /// The slot's start, as listed by the slot search.
    start: DateTime<Utc>,
}

impl From<SlotRequest> for SlotChoice {
    fn from(r: SlotRequest) -> Self {
        SlotChoice {
            center: r.center,
            start: r.start,
        }
    }
}

/// Appointments of a ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/appointments", tag = "repair",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = Vec<AppointmentBody>), (status = 404, body = ErrorBody)))]
pub(super) async fn ticket_appointments(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    let list = app
        .services
        .repair
        .ticket_appointments(&caller.0, &ticket)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Book a repair appointment for a point fault (R-REPAIR-1): the customer,
/// an agent for them, or the center for a walk-in. A full slot answers 409
/// `slot_full` with `details.alternatives`; a second active appointment 409
/// `appointment_exists`.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/appointments", tag = "repair", request_body = SlotRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 201, body = AppointmentBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn book(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<SlotRequest>,
) -> ApiResult<(StatusCode, Json<AppointmentBody>)> {
    let a = app
        .services
        .repair
        .book_appointment(&caller.0, &ticket, req.into())
        .await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// One appointment.
#[utoipa::path(get, path = "/api/v1/appointments/{id}", tag = "repair",
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 404, body = ErrorBody)))]
pub(super) async fn get_appointment(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services
            .repair
            .appointment(&caller.0, &id)
            .await?
            .0
            .into(),
    ))
}

/// Move a booked appointment to another slot.
#[utoipa::path(patch, path = "/api/v1/appointments/{id}", tag = "repair", request_body = SlotRequest,
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn reschedule(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SlotRequest>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services
            .repair
            .reschedule_appointment(&caller.0, &id, req.into())
            .await?
            .into(),
    ))
}

/// Why an appointment is cancelled.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    reason: Option<String>,
}

/// Cancel a booked appointment; its place is freed.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/cancel", tag = "repair", request_body = CancelRequest,
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn cancel_appointment(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    OptionalJson(req): OptionalJson<CancelRequest>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services
            .repair
            .cancel_appointment(&caller.0, &id, req.reason)
            .await?
            .into(),
    ))
}

/// Record that the customer did not come (center staff or CSM, once the slot began).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/no-show", tag = "repair",
    params(("id" = String, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn no_show(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AppointmentBody>> {
    Ok(Json(
        app.services.repair.no_show(&caller.0, &id).await?.into(),
    ))
}

/// A center's appointments in a range.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CenterAppointmentsQuery {
    status: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

/// A center's appointments by start (its own staff, or operator staff).
#[utoipa::path(get, path = "/api/v1/centers/{code}/appointments", tag = "repair",
    params(("code" = String, Path, description = "Center code"), CenterAppointmentsQuery),
    responses((status = 200, body = Vec<AppointmentBody>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn center_appointments(
    State(app): State<App>,
    caller: Caller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<CenterAppointmentsQuery>,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    let status = q
        .status
        .as_deref()
        .map(|s| parse_field::<AppointmentStatus>(s, "status", "invalid_status"))
        .transpose()?;
    let list = app
        .services
        .repair
        .center_appointments(&caller.0, &code, status, q.from, q.to)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}
