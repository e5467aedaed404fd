//! Business calendars through the API (R-MAINT-3): the defaults exist,
//! deadlines and business time cross weekends and holidays, admins manage
//! calendars, bad definitions are refused by name.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn the_default_calendars_compute_deadlines_across_weekends_and_carnival() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, all) = app.get(CSM, "/api/v1/calendars").await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<_> = all.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
        assert_eq!(names, ["24x7", "caracas-business"]);
        let (_, cal) = app.get(CSM, "/api/v1/calendars/caracas-business").await;
        assert_eq!(cal["zone"], "America/Caracas");
        assert_eq!(cal["week"]["monday"], json!(["08:00-12:00", "13:00-17:00"]));
        assert!(cal["holidays"].as_array().unwrap().iter().any(|h| h["name"] == "Lunes de Carnaval"));

        // Friday 13 Feb 2026 15:00 in Caracas + 16 business hours: Thursday 19 Feb 15:00.
        let (status, d) = app.get(CSM, "/api/v1/calendars/caracas-business/deadline?from=2026-02-13T15:00:00-04:00&minutes=960").await;
        assert_eq!(status, StatusCode::OK, "{d}");
        assert_eq!(d["deadline"], "2026-02-19T19:00:00Z");
        let (_, d) = app.get(CSM, "/api/v1/calendars/24x7/deadline?from=2026-02-13T15:00:00-04:00&minutes=1440").await;
        assert_eq!(d["deadline"], "2026-02-14T19:00:00Z");
        let (_, t) = app.get(CSM, "/api/v1/calendars/caracas-business/business-time?from=2026-02-13T19:00:00Z&to=2026-02-19T19:00:00Z").await;
        assert_eq!(t["minutes"], 960);
        let (status, e) = app.get(CSM, "/api/v1/calendars/nope/deadline?from=2026-02-13T15:00:00Z&minutes=5").await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
        let (status, e) = app.get(CSM, "/api/v1/calendars/24x7/deadline?from=yesterday&minutes=5").await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_query")));
    })
    .await;
}

#[tokio::test]
async fn admins_define_calendars_and_bad_definitions_are_refused_by_name() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let body = json!({
            "zone": "America/Caracas",
            "week": {"saturday": ["08:00-12:00"]},
            "holidays": [{"kind": "one_off", "date": "2026-11-28", "name": "Decreto"}]
        });
        let put = |token: &'static str, name: &'static str, body: serde_json::Value| {
            let app = &app;
            async move {
                app.send(
                    reqwest::Method::PUT,
                    token,
                    &format!("/api/v1/calendars/{name}"),
                    Some(body),
                    &[],
                )
                .await
            }
        };
        let (status, _) = put(CSM, "guardia-sabado", body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, saved) = put(ADMIN, "guardia-sabado", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["week"]["saturday"], json!(["08:00-12:00"]));
        // The one-off holiday (Saturday 28 Nov 2026) counts nothing; the next Saturday does.
        let (_, d) = app
            .get(
                CSM,
                "/api/v1/calendars/guardia-sabado/deadline?from=2026-11-27T12:00:00Z&minutes=60",
            )
            .await;
        assert_eq!(d["deadline"], "2026-12-05T13:00:00Z");

        for (patch, code, field) in [
            (json!({"zone": "Mars/Olympus"}), "invalid_zone", "zone"),
            (
                json!({"week": {"monday": ["9-5"]}}),
                "invalid_interval",
                "week.monday",
            ),
            (
                json!({"week": {"monday": ["08:00-12:00", "11:00-13:00"]}}),
                "invalid_calendar",
                "week",
            ),
            (json!({"week": {}}), "invalid_calendar", "week"),
        ] {
            let mut bad = body.clone();
            for (k, v) in patch.as_object().unwrap() {
                bad[k] = v.clone();
            }
            let (status, e) = put(ADMIN, "mala", bad).await;
            assert_eq!(
                (status, e["code"].as_str(), e["details"]["field"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code), Some(field)),
                "{e}"
            );
        }
        let (status, _) = app.get(CSM, "/api/v1/calendars/mala").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "nothing was saved");
        let audit = app
            .store
            .audit_of("calendar", "guardia-sabado")
            .await
            .unwrap();
        assert_eq!(audit.len(), 1);
    })
    .await;
}
