//! The attachments workloads (`--attachments`): 1 MiB uploads at 8
//! connections (each one's bytes unique, so every upload is really
//! stored, never deduplicated), then downloads of what was uploaded at 32,
//! with the server's peak RSS after each. The server runs with a config
//! that raises the per-ticket limit (the load would fill a ticket's 50 MB
//! in seconds) and keeps the files in the run's temporary folder.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, bail};

use crate::scripts::lua_list;
use crate::server::{self, Server, Target};
use crate::wrk;

/// Uploads: one multipart `file` of 1 MiB of text, unique by its first line.
fn uploads_lua(numbers: &[String]) -> String {
    format!(
        r#"
wrk.headers["Authorization"] = "Bearer demo-csm"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=averiasbench"
local numbers = {}
local line = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n"
local filler = string.rep(line, 16384)
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
request = function()
  counter = counter + 1
  local head = string.format("lectura %d-%d-%d\n", tid, counter, math.random(1000000000))
  local body = "--averiasbench\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lectura.txt\"\r\nContent-Type: text/plain\r\n\r\n"
    .. head .. filler .. "\r\n--averiasbench--\r\n"
  return wrk.format("POST", "/api/v1/tickets/" .. numbers[math.random(#numbers)] .. "/attachments", nil, body)
end
"#,
        lua_list(numbers)
    )
}

/// Downloads of uploaded files by id.
fn downloads_lua(ids: &[String]) -> String {
    format!(
        r#"
wrk.headers["Authorization"] = "Bearer demo-csm"
local ids = {}
request = function()
  return wrk.format("GET", "/api/v1/attachments/" .. ids[math.random(#ids)])
end
"#,
        lua_list(ids)
    )
}

/// Runs both workloads on a demo database; their figures by name.
pub fn run(
    binary: &Path,
    target: &Target,
    seconds: u64,
) -> Result<BTreeMap<String, serde_json::Value>> {
    let dir = tempfile::tempdir()?;
    let db = target.fresh_database(dir.path())?;
    let config = dir.path().join("averias.toml");
    std::fs::write(
        &config,
        format!(
            "[attachments]\ndir = \"{}\"\nmax_ticket_bytes = 1099511627776\n",
            dir.path().join("files").display()
        ),
    )?;
    server::seed_configured(binary, &db, 0, Some(&config))?;
    let server = Server::start_configured(binary, &db, Some(&config))?;
    let open = server.sample_tickets()?.with_csm;
    if open.is_empty() {
        bail!("the demo has no open ticket with CSM to attach files to");
    }
    let mut figures = BTreeMap::new();
    let rss_before = server.peak_rss_mb()?;
    figures.insert("server_peak_rss_mb_start".into(), rss_before.into());

    let uploads = dir.path().join("uploads.lua");
    std::fs::write(&uploads, uploads_lua(&open))?;
    let out = wrk::run(&server.base, "/", &uploads, 8, seconds)?;
    let mut pairs: BTreeMap<String, String> = out.pairs().into_iter().collect();
    pairs.insert(
        "mib_per_s".into(),
        format!("{:.1}", out.rps), // one MiB each
    );
    for (k, v) in &pairs {
        println!("{}.attachments.uploads_c8.{k}={v}", target.name());
    }
    figures.insert("uploads_c8".into(), serde_json::to_value(&pairs)?);
    let rss = server.peak_rss_mb()?;
    println!(
        "{}.attachments.server_peak_rss_mb_after_uploads={rss:.1}",
        target.name()
    );
    figures.insert("server_peak_rss_mb_after_uploads".into(), rss.into());

    let mut ids = Vec::new();
    for n in &open {
        let listed = server.get(&format!("/api/v1/tickets/{n}/attachments"))?;
        ids.extend(
            listed
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["id"].as_str().map(str::to_owned)),
        );
    }
    if ids.is_empty() {
        bail!("no upload was stored");
    }
    ids.truncate(2000);
    let downloads = dir.path().join("downloads.lua");
    std::fs::write(&downloads, downloads_lua(&ids))?;
    let out = wrk::run(&server.base, "/", &downloads, 32, seconds)?;
    let mut pairs: BTreeMap<String, String> = out.pairs().into_iter().collect();
    pairs.insert("mib_per_s".into(), format!("{:.1}", out.rps));
    for (k, v) in &pairs {
        println!("{}.attachments.downloads_c32.{k}={v}", target.name());
    }
    figures.insert("downloads_c32".into(), serde_json::to_value(&pairs)?);
    let rss = server.peak_rss_mb()?;
    println!(
        "{}.attachments.server_peak_rss_mb_after_downloads={rss:.1}",
        target.name()
    );
    figures.insert("server_peak_rss_mb_after_downloads".into(), rss.into());
    drop(server);
    target.drop_database(&db);
    Ok(figures)
}
