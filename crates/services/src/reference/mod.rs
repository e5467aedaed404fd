//! Reference data the procedure runs on: accounts and their billing state,
//! lines, equipment, contacts, groups, the fault-type catalog (which decides
//! escalation, R-TRIAGE-4) and users. Admins write; staff read.

use std::sync::Arc;

use averias_domain::{
    AccountId, Actor, BillingState, Email, Imei, Lang, Msisdn, Role, SecondLevel, Severity, UserId,
};
use averias_store::{
    Account, AccountFilter, AuditEvent, Contact, Equipment, FaultType, Group, Line, Page,
    RefusedReport, User,
};
use serde_json::json;

use super::{ServiceError, ServiceResult, audit, require_role};
use crate::tokens;

mod users;

/// Fields of a new or changed account.
#[derive(Debug, Clone)]
pub struct AccountInput {
    pub number: String,
    pub name: String,
    pub billing: BillingState,
    pub sales_consultant: Option<UserId>,
}

/// A partial account change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AccountPatch {
    pub name: Option<String>,
    pub billing: Option<BillingState>,
    /// `Some(None)` removes the consultant.
    pub sales_consultant: Option<Option<UserId>>,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub name: String,
    pub role: Role,
    pub group: Option<String>,
    /// Account number or id, for customer contacts.
    pub account: Option<String>,
    /// A chosen token (demo data only); otherwise one is generated.
    pub token: Option<String>,
    /// Where this user's notifications go (escalations, new tickets for a consultant).
    pub email: Option<String>,
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub role: Option<Role>,
    /// `Some(None)` removes the group.
    pub group: Option<Option<String>>,
    pub active: Option<bool>,
    /// Issue a new token and invalidate the old one.
    pub rotate_token: bool,
}

fn billing_json(b: &BillingState) -> serde_json::Value {
    match b {
        BillingState::Operative => json!({"state": "operative"}),
        BillingState::Debt(m) => {
            json!({"state": "debt", "amount_minor": m.minor, "currency": m.currency})
        }
    }
}

fn account_json(a: &Account) -> serde_json::Value {
    json!({"number": a.number, "name": a.name, "billing": billing_json(&a.billing), "sales_consultant": a.sales_consultant_id})
}

const STAFF_READERS: [Role; 8] = [
    Role::Teleservice,
    Role::Csm,
    Role::Cor,
    Role::Sigis,
    Role::Gsac,
    Role::Admin,
    Role::CustomerServiceMgmt,
    Role::ProductDevelopment,
];

/// Reference data and administration: groups, users, accounts, lines, equipment, fault types.
#[derive(Debug, Clone)]
pub struct Admin {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) intake_store: Arc<dyn averias_store::IntakeStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) repair: crate::repair_booking::Repair,
    pub(crate) tokens: crate::auth_cache::TokenCache,
}

impl Admin {
    async fn check_consultant(&self, id: Option<UserId>) -> ServiceResult<()> {
        if let Some(id) = id {
            match self.directory_store.get_user(id).await? {
                Some(u) if u.role == Role::SalesConsultant => {}
                _ => {
                    return Err(ServiceError::invalid(
                        "unknown_consultant",
                        "sales_consultant",
                        format!("{id} is not a sales consultant"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Creates a corporate account (admin).
    pub async fn create_account(
        &self,
        actor: &Actor,
        input: AccountInput,
    ) -> ServiceResult<Account> {
        require_role(actor, &[Role::Admin], "create accounts")?;
        if input.number.trim().is_empty() || input.name.trim().is_empty() {
            return Err(ServiceError::invalid(
                "account_fields_required",
                "number",
                "an account needs a number and a name",
            ));
        }
        self.check_consultant(input.sales_consultant).await?;
        let now = self.clock.now();
        let account = Account {
            id: AccountId::new(),
            number: input.number.trim().to_owned(),
            name: input.name.trim().to_owned(),
            billing: input.billing,
            sales_consultant_id: input.sales_consultant,
            created_at: now,
            updated_at: now,
        };
        let event = AuditEvent {
            after: Some(account_json(&account)),
            ..audit(actor, now, "account", account.id.to_string(), "create")
        };
        self.directory_store
            .insert_account(&account, &event)
            .await?;
        Ok(account)
    }

    /// Changes an account: billing state (paying a debt), consultant, name (admin).
    pub async fn update_account(
        &self,
        actor: &Actor,
        reference: &str,
        patch: AccountPatch,
    ) -> ServiceResult<Account> {
        require_role(actor, &[Role::Admin], "change accounts")?;
        let before = self
            .lookup
            .find_account(reference)
            .await?
            .ok_or_else(|| ServiceError::not_found("account", reference))?;
        let mut after = before.clone();
        if let Some(name) = patch.name.filter(|n| !n.trim().is_empty()) {
            after.name = name.trim().to_owned();
        }
        if let Some(billing) = patch.billing {
            after.billing = billing;
        }
        if let Some(consultant) = patch.sales_consultant {
            self.check_consultant(consultant).await?;
            after.sales_consultant_id = consultant;
        }
        let now = self.clock.now();
        after.updated_at = now;
        let event = AuditEvent {
            before: Some(account_json(&before)),
            after: Some(account_json(&after)),
            ..audit(actor, now, "account", after.id.to_string(), "update")
        };
        self.directory_store.update_account(&after, &event).await?;
        Ok(after)
    }

    /// One account: staff see any, a customer its own, a consultant its assigned ones.
    pub async fn account(&self, actor: &Actor, reference: &str) -> ServiceResult<Account> {
        let a = self
            .lookup
            .find_account(reference)
            .await?
            .ok_or_else(|| ServiceError::not_found("account", reference))?;
        let allowed = STAFF_READERS.contains(&actor.role)
            || (actor.role == Role::Customer && actor.account_id == Some(a.id))
            || (actor.role == Role::SalesConsultant
                && a.sales_consultant_id == Some(actor.user_id));
        if allowed {
            Ok(a)
        } else {
            Err(ServiceError::not_found("account", reference))
        }
    }

    /// Account search for intake: by number, name or MSISDN.
    pub async fn accounts(
        &self,
        actor: &Actor,
        mut filter: AccountFilter,
    ) -> ServiceResult<Page<Account>> {
        match actor.role {
            r if STAFF_READERS.contains(&r) => {}
            Role::SalesConsultant => filter.consultant = Some(actor.user_id),
            _ => {
                return Err(ServiceError::Forbidden(format!(
                    "role {} may not search accounts",
                    actor.role
                )));
            }
        }
        Ok(self.directory_store.list_accounts(&filter).await?)
    }

    /// Lines of an account the caller may see.
    pub async fn account_lines(&self, actor: &Actor, reference: &str) -> ServiceResult<Vec<Line>> {
        let a = self.account(actor, reference).await?;
        Ok(self.directory_store.lines_of_account(a.id).await?)
    }

    /// Contacts of an account the caller may see.
    pub async fn account_contacts(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<Vec<Contact>> {
        let a = self.account(actor, reference).await?;
        Ok(self.directory_store.contacts_of_account(a.id).await?)
    }

    /// Adds or moves a line, optionally with its device (admin).
    pub async fn upsert_line(
        &self,
        actor: &Actor,
        account_ref: &str,
        msisdn: Msisdn,
        imei: Option<Imei>,
    ) -> ServiceResult<Line> {
        require_role(actor, &[Role::Admin], "manage lines")?;
        let a = self
            .lookup
            .find_account(account_ref)
            .await?
            .ok_or_else(|| ServiceError::not_found("account", account_ref))?;
        if let Some(i) = &imei
            && self
                .directory_store
                .get_equipment(i.as_str())
                .await?
                .is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_equipment",
                "imei",
                format!("register device {i} before assigning it to a line"),
            ));
        }
        let line = Line {
            msisdn,
            account_id: a.id,
            imei,
        };
        let now = self.clock.now();
        let event = AuditEvent {
            after: Some(json!({"account": a.number, "imei": line.imei})),
            ..audit(actor, now, "line", line.msisdn.to_string(), "upsert")
        };
        self.directory_store.upsert_line(&line, &event).await?;
        Ok(line)
    }

    /// Registers or updates a device (admin).
    pub async fn upsert_equipment(
        &self,
        actor: &Actor,
        equipment: Equipment,
    ) -> ServiceResult<Equipment> {
        require_role(actor, &[Role::Admin], "manage equipment")?;
        if equipment.make.trim().is_empty() || equipment.model.trim().is_empty() {
            return Err(ServiceError::invalid(
                "make_model_required",
                "model",
                "a device needs a make and a model",
            ));
        }
        let now = self.clock.now();
        let event = AuditEvent {
            after: Some(
                json!({"make": equipment.make, "model": equipment.model, "account": equipment.account_id}),
            ),
            ..audit(
                actor,
                now,
                "equipment",
                equipment.imei.to_string(),
                "upsert",
            )
        };
        self.directory_store
            .upsert_equipment(&equipment, &event)
            .await?;
        Ok(equipment)
    }

    /// A device, for staff and for a center the device concerns.
    pub async fn equipment(&self, actor: &Actor, imei: &Imei) -> ServiceResult<Equipment> {
        require_role(actor, &STAFF_READERS, "look up equipment")
            .or_else(|_| require_role(actor, &[Role::InstallationCenter], "look up equipment"))?;
        if actor.role == Role::InstallationCenter
            && !self
                .repair
                .center_handles_device(actor, imei.as_str())
                .await?
        {
            return Err(ServiceError::not_found("equipment", imei.as_str()));
        }
        self.directory_store
            .get_equipment(imei.as_str())
            .await?
            .ok_or_else(|| ServiceError::not_found("equipment", imei.as_str()))
    }

    /// Adds a contact to an account (admin).
    pub async fn add_contact(
        &self,
        actor: &Actor,
        account_ref: &str,
        name: String,
        phone: String,
        email: Option<Email>,
        language: String,
    ) -> ServiceResult<Contact> {
        require_role(actor, &[Role::Admin], "manage contacts")?;
        let a = self
            .lookup
            .find_account(account_ref)
            .await?
            .ok_or_else(|| ServiceError::not_found("account", account_ref))?;
        if name.trim().is_empty() || phone.trim().is_empty() {
            return Err(ServiceError::invalid(
                "contact_required",
                "name",
                "a contact needs a name and a phone",
            ));
        }
        let Some(language) = Lang::parse(&language) else {
            return Err(ServiceError::invalid(
                "unknown_language",
                "language",
                "language must be 'es' or 'en'",
            ));
        };
        let contact = Contact {
            id: uuid::Uuid::now_v7(),
            account_id: a.id,
            name: name.trim().into(),
            phone: phone.trim().into(),
            email,
            language,
        };
        let now = self.clock.now();
        let event = AuditEvent {
            after: Some(json!({"name": contact.name, "phone": contact.phone})),
            ..audit(actor, now, "contact", contact.id.to_string(), "create")
        };
        self.directory_store
            .insert_contact(&contact, &event)
            .await?;
        Ok(contact)
    }

    /// Groups (queues): every authenticated user may list them.
    pub async fn groups(&self) -> ServiceResult<Vec<Group>> {
        Ok(self.directory_store.list_groups().await?)
    }

    /// Creates or renames a group (admin).
    pub async fn upsert_group(&self, actor: &Actor, group: Group) -> ServiceResult<Group> {
        require_role(actor, &[Role::Admin], "manage groups")?;
        let valid = !group.code.is_empty()
            && group
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            return Err(ServiceError::invalid(
                "invalid_group_code",
                "code",
                "a group code uses lowercase letters, digits, '-' and '_'",
            ));
        }
        self.directory_store.upsert_group(&group).await?;
        Ok(group)
    }

    /// The fault-type catalog.
    pub async fn fault_types(&self) -> ServiceResult<Vec<FaultType>> {
        Ok(self.directory_store.list_fault_types().await?)
    }

    /// Creates or changes a fault type and its second-level group (admin).
    pub async fn upsert_fault_type(
        &self,
        actor: &Actor,
        code: String,
        name: String,
        severity: Severity,
        second_level: SecondLevel,
        active: bool,
    ) -> ServiceResult<FaultType> {
        require_role(actor, &[Role::Admin], "manage fault types")?;
        if code.trim().is_empty() || name.trim().is_empty() {
            return Err(ServiceError::invalid(
                "fault_type_fields_required",
                "code",
                "a fault type needs a code and a name",
            ));
        }
        let ft = FaultType {
            code: code.trim().into(),
            name: name.trim().into(),
            default_severity: severity,
            second_level,
            active,
        };
        let now = self.clock.now();
        let event = AuditEvent {
            after: Some(
                json!({"name": ft.name, "second_level": ft.second_level.as_str(), "severity": ft.default_severity.as_str(), "active": active}),
            ),
            ..audit(actor, now, "fault_type", ft.code.clone(), "upsert")
        };
        self.directory_store.upsert_fault_type(&ft, &event).await?;
        Ok(ft)
    }

    /// Reports refused for debt (R-INTAKE-3), for CSM and reporting.
    pub async fn refused_reports(
        &self,
        actor: &Actor,
        limit: i64,
    ) -> ServiceResult<Vec<RefusedReport>> {
        require_role(
            actor,
            &[
                Role::Csm,
                Role::Admin,
                Role::ProductDevelopment,
                Role::Teleservice,
            ],
            "read refused reports",
        )?;
        Ok(self.intake_store.list_refused_reports(None, limit).await?)
    }
}

/// The actor used by the CLI and demo seeding: an admin acting as the system.
pub fn system_actor() -> Actor {
    Actor {
        user_id: UserId(uuid::Uuid::nil()),
        name: "system".into(),
        role: Role::Admin,
        group: None,
        account_id: None,
    }
}
