//! Warehouses and installation centers, their free slots, and TMF646 `searchTimeSlot`.

use super::*;

/// A warehouse to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarehouseRequest {
    name: String,
    business_unit: String,
    #[serde(default)]
    address: String,
}

/// Warehouses (operator staff).
#[utoipa::path(get, path = "/api/v1/warehouses", tag = "repair",
    responses((status = 200, body = Vec<WarehouseBody>), (status = 403, body = ErrorBody)))]
pub(super) async fn list_warehouses(
    State(app): State<App>,
    caller: Caller,
) -> ApiResult<Json<Vec<WarehouseBody>>> {
    let list = app.services.repair.warehouses(&caller.0).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Create or replace a warehouse (admin).
#[utoipa::path(put, path = "/api/v1/warehouses/{code}", tag = "repair", request_body = WarehouseRequest,
    params(("code" = String, Path, description = "Warehouse code (lowercase, digits, '-')")),
    responses((status = 200, body = WarehouseBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn put_warehouse(
    State(app): State<App>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(req): ApiJson<WarehouseRequest>,
) -> ApiResult<Json<WarehouseBody>> {
    let input = WarehouseInput {
        name: req.name,
        business_unit: req.business_unit,
        address: req.address,
    };
    Ok(Json(
        app.services
            .repair
            .put_warehouse(&caller.0, &code, input)
            .await?
            .into(),
    ))
}

/// A center to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CenterRequest {
    name: String,
    address: String,
    area: String,
    business_unit: String,
    warehouse_code: String,
    /// Opening hours: a business calendar (default `caracas-business`).
    calendar: Option<String>,
    /// Slot length in minutes (default 60).
    slot_minutes: Option<u32>,
    /// Appointments per slot (default 2).
    slot_capacity: Option<u32>,
    active: Option<bool>,
}

/// Centers, optionally of one area (anyone signed in: customers choose where to go).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CenterQuery {
    area: Option<String>,
}

/// Installation centers.
#[utoipa::path(get, path = "/api/v1/centers", tag = "repair", params(CenterQuery),
    responses((status = 200, body = Vec<CenterBody>)))]
pub(super) async fn list_centers(
    State(app): State<App>,
    _caller: Caller,
    ApiQuery(q): ApiQuery<CenterQuery>,
) -> ApiResult<Json<Vec<CenterBody>>> {
    let list = app.services.repair.centers(q.area.as_deref()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One center.
#[utoipa::path(get, path = "/api/v1/centers/{code}", tag = "repair",
    params(("code" = String, Path, description = "Center code")),
    responses((status = 200, body = CenterBody), (status = 404, body = ErrorBody)))]
pub(super) async fn get_center(
    State(app): State<App>,
    _caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<CenterBody>> {
    Ok(Json(app.services.repair.center(&code).await?.into()))
}

/// Create or replace a center (admin). Its code becomes the group of its technicians.
#[utoipa::path(put, path = "/api/v1/centers/{code}", tag = "repair", request_body = CenterRequest,
    params(("code" = String, Path, description = "Center code (lowercase, digits, '-')")),
    responses((status = 200, body = CenterBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn put_center(
    State(app): State<App>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(req): ApiJson<CenterRequest>,
) -> ApiResult<Json<CenterBody>> {
    let input = CenterInput {
        name: req.name,
        address: req.address,
        area: req.area,
        business_unit: req.business_unit,
        warehouse_code: req.warehouse_code,
        calendar: req.calendar.unwrap_or_else(|| "caracas-business".into()),
        slot_minutes: req.slot_minutes.unwrap_or(60),
        slot_capacity: req.slot_capacity.unwrap_or(2),
        active: req.active.unwrap_or(true),
    };
    Ok(Json(
        app.services
            .repair
            .put_center(&caller.0, &code, input)
            .await?
            .into(),
    ))
}

// Slots ------------------------------------------------------------------------------------

/// A slot search range.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SlotsQuery {
    /// From (default now; never before now).
    from: Option<DateTime<Utc>>,
    /// To (default a week after `from`; at most 31 days).
    to: Option<DateTime<Utc>>,
    /// At most this many slots (default 200).
    limit: Option<i64>,
}

/// Free slots of a center, earliest first.
#[utoipa::path(get, path = "/api/v1/centers/{code}/slots", tag = "repair", params(("code" = String, Path, description = "Center code"), SlotsQuery),
    responses((status = 200, body = Vec<FreeSlotBody>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn center_slots(
    State(app): State<App>,
    _caller: Caller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<SlotsQuery>,
) -> ApiResult<Json<Vec<FreeSlotBody>>> {
    let query = SlotQuery {
        center: Some(code),
        area: None,
        from: q.from,
        to: q.to,
        limit: super::super::extract::Page::of(q.limit, None, 200, 1000)?.limit as usize,
    };
    let slots = app.services.repair.free_slots(query).await?;
    Ok(Json(slots.into_iter().map(Into::into).collect()))
}

/// TMF646 `TimePeriod`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct TimePeriod {
    #[serde(rename = "startDateTime")]
    start_date_time: Option<DateTime<Utc>>,
    #[serde(rename = "endDateTime")]
    end_date_time: Option<DateTime<Utc>>,
}

/// TMF646 requested `TimeSlot`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestedTimeSlot {
    #[serde(rename = "validFor")]
    valid_for: TimePeriod,
}

/// TMF646 `RelatedPlaceRefOrValue`: a center (`id`, role `installationCenter`)
/// or an area (`name`, role `area`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RelatedPlace {
    id: Option<String>,
    name: Option<String>,
    role: String,
}

/// TMF646 `SearchTimeSlot_Create`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SearchTimeSlotRequest {
    #[serde(rename = "requestedTimeSlot", default)]
    requested_time_slot: Vec<RequestedTimeSlot>,
    #[serde(rename = "relatedPlace")]
    related_place: Option<RelatedPlace>,
    #[serde(rename = "@type")]
    #[expect(
        dead_code,
        reason = "documents TMF646's @type in the OpenAPI schema; its value is not needed"
    )]
    kind: Option<String>,
}

/// Search free slots the TM Forum way (TMF646 `searchTimeSlot`): at one
/// center (`relatedPlace.id`, role `installationCenter`) or at every center
/// of an area (`relatedPlace.name`, role `area`) within the requested
/// period. Answers a `SearchTimeSlot` with `availableTimeSlot`; each slot's
/// `relatedParty` is the center.
#[utoipa::path(post, path = "/api/v1/searchTimeSlot", tag = "repair", request_body = SearchTimeSlotRequest,
    responses((status = 201, body = Object, description = "A TMF646 SearchTimeSlot"), (status = 422, body = ErrorBody)))]
pub(super) async fn search_time_slot(
    State(app): State<App>,
    _caller: Caller,
    ApiJson(req): ApiJson<SearchTimeSlotRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let period = req.requested_time_slot.first().map(|s| &s.valid_for);
    let (center, area) = match &req.related_place {
        Some(p) if p.role == "installationCenter" => (p.id.clone(), None),
        Some(p) if p.role == "area" => (None, p.name.clone().or(p.id.clone())),
        Some(p) => {
            return Err(ServiceError::invalid(
                "invalid_related_place",
                "relatedPlace.role",
                format!("role '{}' is neither installationCenter nor area", p.role),
            )
            .into());
        }
        None => (None, None),
    };
    let query = SlotQuery {
        center,
        area,
        from: period.and_then(|p| p.start_date_time),
        to: period.and_then(|p| p.end_date_time),
        limit: 200,
    };
    let slots = app.services.repair.free_slots(query).await?;
    let now = app.services.now();
    let id = uuid::Uuid::now_v7().to_string();
    let available: Vec<Value> = slots
        .iter()
        .map(|s| {
            json!({
                "id": format!("{}@{}", s.center, s.start.to_rfc3339()),
                "validFor": {"startDateTime": s.start, "endDateTime": s.end},
                "relatedParty": {"id": s.center, "name": s.center_name, "role": "installationCenter", "@referredType": "Organization"},
                "@type": "TimeSlot",
            })
        })
        .collect();
    let body = json!({
        "id": id,
        "href": format!("/api/v1/searchTimeSlot/{id}"),
        "searchDate": now,
        "searchResult": if available.is_empty() { "fail" } else { "success" },
        "status": "done",
        "requestedTimeSlot": req.requested_time_slot.iter().map(|s| json!({"validFor": s.valid_for})).collect::<Vec<_>>(),
        "availableTimeSlot": available,
        "@type": "SearchTimeSlot",
    });
    Ok((StatusCode::CREATED, Json(body)))
}
