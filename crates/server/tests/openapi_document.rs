//! `docs/openapi.json` is the OpenAPI document the server generates, kept in
//! the repository so integrators can read it without running Averías. This
//! test fails when the code and the file drift apart; regenerate with
//! `UPDATE_OPENAPI=1 cargo test -p averias-server --test openapi_document`.

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let generated = serde_json::to_string_pretty(&averias_server::api::openapi()).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is stale; run UPDATE_OPENAPI=1 cargo test -p averias-server --test openapi_document"
    );
}
