//! `averias import KIND FILE`: bulk-load accounts, lines, equipment, contacts
//! or fault types from CSV (header row) or JSON (an array of objects). Each
//! row goes through the same services and validation as the API; bad rows
//! are reported with their row number and the rest still load.

use std::path::Path;

use anyhow::{Context, Result, bail};
use averias_domain::{BillingState, Money};
use averias_server::Services;
use averias_services::reference::{AccountInput, system_actor};
use averias_store::Equipment;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// What an import file holds.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    Accounts,
    Lines,
    Equipment,
    Contacts,
    FaultTypes,
    /// A whole installation written by `averias export`.
    Installation,
}

/// Outcome of an import.
#[derive(Debug, Default)]
pub struct Report {
    pub imported: usize,
    /// (1-based row number, reason)
    pub failed: Vec<(usize, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountRow {
    number: String,
    name: String,
    #[serde(default)]
    billing_state: Option<String>,
    #[serde(default)]
    debt_amount: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    /// Name of a sales-consultant user.
    #[serde(default)]
    sales_consultant: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineRow {
    msisdn: String,
    account: String,
    #[serde(default)]
    imei: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EquipmentRow {
    imei: String,
    make: String,
    model: String,
    #[serde(default)]
    account: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactRow {
    account: String,
    name: String,
    phone: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultTypeRow {
    code: String,
    name: String,
    default_severity: String,
    second_level: String,
    #[serde(default)]
    active: Option<bool>,
}

fn read_rows<T: DeserializeOwned>(path: &Path) -> Result<Vec<Result<T, String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            let values: Vec<serde_json::Value> =
                serde_json::from_str(&text).context("a JSON import is an array of objects")?;
            Ok(values
                .into_iter()
                .map(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
                .collect())
        }
        Some("csv") => {
            // Cells stay strings (an account number like 1001 is not a number);
            // empty cells mean "not given", and `active` is the one boolean.
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let rows = reader.deserialize::<std::collections::BTreeMap<String, String>>();
            Ok(rows
                .map(|r| {
                    let cells = r.map_err(|e| e.to_string())?;
                    let object: serde_json::Map<String, serde_json::Value> = cells
                        .into_iter()
                        .filter(|(_, v)| !v.trim().is_empty())
                        .map(|(k, v)| {
                            let value = match (k.as_str(), v.trim()) {
                                ("active", "true") => serde_json::Value::Bool(true),
                                ("active", "false") => serde_json::Value::Bool(false),
                                (_, v) => serde_json::Value::String(v.to_owned()),
                            };
                            (k, value)
                        })
                        .collect();
                    serde_json::from_value(serde_json::Value::Object(object))
                        .map_err(|e| e.to_string())
                })
                .collect())
        }
        _ => bail!("{}: use a .csv or .json file", path.display()),
    }
}

fn empty_to_none(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

fn parse<T: std::str::FromStr>(v: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    v.parse::<T>().map_err(|e| e.to_string())
}

async fn import_row(services: &Services, kind: Kind, row: serde_json::Value) -> Result<(), String> {
    let admin = system_actor();
    let svc = |e: averias_services::ServiceError| e.to_string();
    match kind {
        Kind::Accounts => {
            let r: AccountRow = serde_json::from_value(row).map_err(|e| e.to_string())?;
            let billing = match r.billing_state.as_deref().unwrap_or("operative") {
                "operative" | "" => BillingState::Operative,
                "debt" => {
                    let amount: f64 = parse(r.debt_amount.as_deref().unwrap_or("0"))?;
                    BillingState::owing(Money {
                        minor: (amount * 100.0).round() as i64,
                        currency: r.currency.unwrap_or_else(|| "VES".into()),
                    })
                }
                other => return Err(format!("billing_state '{other}' is not operative or debt")),
            };
            let consultant = match empty_to_none(r.sales_consultant) {
                Some(name) => {
                    let users = services.admin.users(&admin).await.map_err(svc)?;
                    Some(
                        users
                            .into_iter()
                            .find(|u| u.name == name)
                            .ok_or(format!("no user named '{name}'"))?
                            .id,
                    )
                }
                None => None,
            };
            services
                .admin
                .create_account(
                    &admin,
                    AccountInput {
                        number: r.number,
                        name: r.name,
                        billing,
                        sales_consultant: consultant,
                    },
                )
                .await
                .map_err(svc)?;
        }
        Kind::Lines => {
            let r: LineRow = serde_json::from_value(row).map_err(|e| e.to_string())?;
            let imei = empty_to_none(r.imei).map(|i| parse(&i)).transpose()?;
            services
                .admin
                .upsert_line(&admin, &r.account, parse(&r.msisdn)?, imei)
                .await
                .map_err(svc)?;
        }
        Kind::Equipment => {
            let r: EquipmentRow = serde_json::from_value(row).map_err(|e| e.to_string())?;
            let account_id = match empty_to_none(r.account) {
                Some(a) => Some(services.admin.account(&admin, &a).await.map_err(svc)?.id),
                None => None,
            };
            services
                .admin
                .upsert_equipment(
                    &admin,
                    Equipment {
                        imei: parse(&r.imei)?,
                        account_id,
                        make: r.make,
                        model: r.model,
                    },
                )
                .await
                .map_err(svc)?;
        }
        Kind::Contacts => {
            let r: ContactRow = serde_json::from_value(row).map_err(|e| e.to_string())?;
            let email = empty_to_none(r.email).map(|e| parse(&e)).transpose()?;
            services
                .admin
                .add_contact(
                    &admin,
                    &r.account,
                    r.name,
                    r.phone,
                    email,
                    r.language.unwrap_or_else(|| "es".into()),
                )
                .await
                .map_err(svc)?;
        }
        Kind::Installation => return Err("installations are imported whole, not row by row".into()),
        Kind::FaultTypes => {
            let r: FaultTypeRow = serde_json::from_value(row).map_err(|e| e.to_string())?;
            services
                .admin
                .upsert_fault_type(
                    &admin,
                    r.code,
                    r.name,
                    parse(&r.default_severity)?,
                    parse(&r.second_level)?,
                    r.active.unwrap_or(true),
                )
                .await
                .map_err(svc)?;
        }
    }
    Ok(())
}

/// Imports every row of `path`, with a progress bar on a terminal.
pub async fn run(services: &Services, kind: Kind, path: &Path) -> Result<Report> {
    let rows: Vec<Result<serde_json::Value, String>> = read_rows(path)?;
    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut report = Report::default();
    for (i, row) in rows.into_iter().enumerate() {
        let outcome = match row {
            Ok(value) => import_row(services, kind, value).await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => report.imported += 1,
            Err(why) => report.failed.push((i + 1, why)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(report)
}
