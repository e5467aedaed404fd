//! Managing SLA policies and the escalation matrix (admin). Every change
//! is validated against the calendars and fault types that exist, audited,
//! and followed by the recompute job, so open tickets' stored deadlines and
//! timers follow the new rules without anyone touching the tickets.

use averias_domain::escalation::{EscalationRule, Level};
use averias_domain::sla_policy::{DEFAULT_POLICY, SlaPolicy};
use averias_domain::{Actor, Role};
use averias_store::{AuditEvent, ChangeSet, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{ServiceError, ServiceResult, audit, require_role};
use crate::sla::{self, Sla};

/// Policies and the matrix are the operator's internals (R-ACCESS-1).
fn staff_only(actor: &Actor) -> ServiceResult<()> {
    // Customers, consultants and the authorized centers are outside it.
    if !actor.role.is_operator_staff() {
        return Err(ServiceError::Forbidden(
            "SLA policies and the escalation matrix are internal to the operator".into(),
        ));
    }
    Ok(())
}

impl Sla {
    /// Every policy, most specific first, then the built-in default (R-SLA-1)
    /// when no catch-all replaces it.
    pub async fn sla_policies(&self, actor: &Actor) -> ServiceResult<Vec<SlaPolicy>> {
        staff_only(actor)?;
        let mut policies = self.clock_store.list_sla_policies().await?;
        policies.sort_by_key(|p| {
            (
                std::cmp::Reverse(
                    u8::from(p.fault_type.is_some()) * 2 + u8::from(p.severity.is_some()),
                ),
                p.name.clone(),
            )
        });
        if !policies
            .iter()
            .any(|p| p.fault_type.is_none() && p.severity.is_none())
        {
            policies.push(SlaPolicy::procedure_default());
        }
        Ok(policies)
    }

    /// Creates or replaces a policy by name.
    pub async fn upsert_sla_policy(
        &self,
        actor: &Actor,
        policy: SlaPolicy,
    ) -> ServiceResult<SlaPolicy> {
        require_role(actor, &[Role::Admin], "manage SLA policies")?;
        policy
            .validate()
            .map_err(|m| ServiceError::invalid("invalid_sla_policy", "policy", m))?;
        if policy.name == DEFAULT_POLICY
            && (policy.fault_type.is_some() || policy.severity.is_some())
        {
            return Err(ServiceError::invalid(
                "invalid_sla_policy",
                "name",
                "the policy named 'default' is the catch-all; it cannot name a fault type or severity",
            ));
        }
        let catalog = self.sla_catalog().await?;
        for spec in std::iter::once(&policy.resolution).chain(policy.response.as_ref()) {
            if !catalog.has_calendar(&spec.calendar) {
                return Err(ServiceError::invalid(
                    "unknown_calendar",
                    "calendar",
                    format!("calendar '{}' does not exist", spec.calendar),
                ));
            }
        }
        self.check_fault_type(policy.fault_type.as_deref()).await?;
        let before = catalog
            .policies()
            .iter()
            .find(|p| p.name == policy.name)
            .cloned();
        let event = AuditEvent {
            before: before.map(|b| json!(b)),
            after: Some(json!(policy)),
            ..audit(
                actor,
                self.clock.now(),
                "sla_policy",
                policy.name.clone(),
                "upsert",
            )
        };
        self.clock_store
            .upsert_sla_policy(&policy, &event)
            .await
            .map_err(|e| match e {
                StoreError::Duplicate { .. } => ServiceError::Conflict(format!(
                    "another policy already covers fault type {} and severity {}; edit that one instead",
                    policy.fault_type.as_deref().unwrap_or("(any)"),
                    policy.severity.map_or("(any)", |s| s.as_str()),
                )),
                e => e.into(),
            })?;
        self.rules_changed().await?;
        Ok(policy)
    }

    /// Deletes a policy; its tickets fall back to the next match.
    pub async fn delete_sla_policy(&self, actor: &Actor, name: &str) -> ServiceResult<()> {
        require_role(actor, &[Role::Admin], "manage SLA policies")?;
        let event = audit(actor, self.clock.now(), "sla_policy", name, "delete");
        if !self.clock_store.delete_sla_policy(name, &event).await? {
            return Err(ServiceError::not_found("SLA policy", name));
        }
        self.rules_changed().await
    }

    /// The escalation matrix: every rule.
    pub async fn escalation_rules(&self, actor: &Actor) -> ServiceResult<Vec<EscalationRule>> {
        staff_only(actor)?;
        Ok(self.clock_store.list_escalation_rules().await?)
    }

    /// Creates or replaces the rule of a fault type (or `*`) at a level.
    pub async fn upsert_escalation_rule(
        &self,
        actor: &Actor,
        rule: EscalationRule,
    ) -> ServiceResult<EscalationRule> {
        require_role(actor, &[Role::Admin], "manage the escalation matrix")?;
        rule.validate()
            .map_err(|m| ServiceError::invalid("invalid_escalation_rule", "steps", m))?;
        let catalog = self.sla_catalog().await?;
        if let Some(step) = rule
            .steps
            .iter()
            .find(|s| !catalog.has_calendar(&s.calendar))
        {
            return Err(ServiceError::invalid(
                "unknown_calendar",
                "calendar",
                format!(
                    "step '{}' names calendar '{}', which does not exist",
                    step.name, step.calendar
                ),
            ));
        }
        self.check_fault_type(rule.fault_type.as_deref()).await?;
        let key = format!(
            "{}/{}",
            rule.fault_type.as_deref().unwrap_or("*"),
            rule.level.as_str()
        );
        let before = catalog
            .rules()
            .iter()
            .find(|r| r.fault_type == rule.fault_type && r.level == rule.level)
            .cloned();
        let event = AuditEvent {
            before: before.map(|b| json!(b)),
            after: Some(json!(rule)),
            ..audit(actor, self.clock.now(), "escalation_rule", key, "upsert")
        };
        self.clock_store
            .upsert_escalation_rule(&rule, &event)
            .await?;
        self.rules_changed().await?;
        Ok(rule)
    }

    /// Deletes the rule of a fault type (`None` for the catch-all) at a level.
    pub async fn delete_escalation_rule(
        &self,
        actor: &Actor,
        fault_type: Option<&str>,
        level: Level,
    ) -> ServiceResult<()> {
        require_role(actor, &[Role::Admin], "manage the escalation matrix")?;
        let key = format!("{}/{}", fault_type.unwrap_or("*"), level.as_str());
        let event = audit(
            actor,
            self.clock.now(),
            "escalation_rule",
            key.clone(),
            "delete",
        );
        if !self
            .clock_store
            .delete_escalation_rule(fault_type, level, &event)
            .await?
        {
            return Err(ServiceError::not_found("escalation rule", key));
        }
        self.rules_changed().await
    }

    async fn check_fault_type(&self, code: Option<&str>) -> ServiceResult<()> {
        if let Some(code) = code
            && self.directory_store.get_fault_type(code).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_fault_type",
                "fault_type",
                format!("fault type '{code}' does not exist"),
            ));
        }
        Ok(())
    }

    /// After any change to policies, the matrix or a calendar: forget the
    /// cached catalog and recompute open tickets' deadlines in the background.
    pub(crate) async fn rules_changed(&self) -> ServiceResult<()> {
        self.catalog.clear();
        self.schedule_recompute(self.clock.now()).await
    }

    /// Schedules the recompute job now (restarting it if it was running).
    pub(crate) async fn schedule_recompute(&self, now: DateTime<Utc>) -> ServiceResult<()> {
        self.ticket_store
            .apply_ticket_changes(ChangeSet {
                timers: vec![averias_store::TimerChange {
                    key: "sla-recompute".into(),
                    kind: sla::RECOMPUTE_KIND.into(),
                    payload: json!({}),
                    due_at: Some(now),
                }],
                ..Default::default()
            })
            .await?;
        Ok(())
    }
}
