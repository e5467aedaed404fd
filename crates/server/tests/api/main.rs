//! End-to-end tests through the HTTP API: the fault procedure from report
//! to closing, access rules, bad input, and operations endpoints.

mod access;
mod access_matrix;
mod attachment_s3;
mod attachment_scans;
mod attachments;
mod bad_input;
mod browser;
mod browser_crawl;
mod browser_desk;
mod browser_search;
mod calendars;
mod canned;
mod hardening;
mod helpers;
mod incidents;
mod intake;
mod jobs;
mod maintenance;
pub(crate) mod notifications;
mod ops;
mod procedure;
mod repair;
mod schemathesis;
pub(crate) mod search;
mod sla;
mod ticket_bulk;
mod ticket_facts;
mod ticket_merge;
mod ticket_owner;
pub(crate) mod tmf621;
mod tmf621_attachments;
mod tmf621_conformance;
pub(crate) mod tmf621_v5;
pub(crate) mod web;
mod weekly_report;
