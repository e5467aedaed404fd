//! Reference data: groups, fault types, users, SLA rules, the repair network
//! and the corporate accounts with their lines.

use super::*;

impl Seeder {
    /// Two SLA policies beside R-SLA-1's default and an escalation matrix,
    /// so the demo shows business-hour clocks, pauses and escalations.
    pub(crate) async fn sla_rules(&self, admin: &Actor) -> ServiceResult<()> {
        let policies = serde_json::json!([
            {"name": "critica-24x7", "severity": "critical",
             "resolution": {"target_minutes": 240, "calendar": "24x7"},
             "response": {"target_minutes": 30, "calendar": "24x7"}},
            {"name": "sms-horario-laboral", "fault_type": "sms_failure",
             "resolution": {"target_minutes": 960, "calendar": "caracas-business", "pause_statuses": ["pending"]},
             "response": {"target_minutes": 120, "calendar": "caracas-business"}}
        ]);
        let rules = serde_json::json!([
            {"level": "first", "steps": [
                {"name": "sin-atender", "event": "opened", "delay_minutes": 30, "condition": "not_taken",
                 "actions": [{"type": "notify_group", "group": "csm"}]},
                {"name": "en-riesgo", "event": "warning", "percent": 75,
                 "actions": [{"type": "notify_role", "role": "customer_service_mgmt"}, {"type": "notify_contact"}]},
                {"name": "vencido", "event": "breach", "repeat_every_minutes": 240, "max_firings": 3,
                 "actions": [{"type": "raise_priority"}, {"type": "notify_role", "role": "customer_service_mgmt"}]}
            ]},
            {"level": "second", "steps": [
                {"name": "segundo-nivel-en-riesgo", "event": "warning", "percent": 90,
                 "actions": [{"type": "notify_role", "role": "csm"}, {"type": "notify_role", "role": "cor"}]}
            ]}
        ]);
        let invalid =
            |e: serde_json::Error| ServiceError::invalid("invalid_demo_data", "sla", e.to_string());
        for p in serde_json::from_value::<Vec<averias_domain::sla_policy::SlaPolicy>>(policies)
            .map_err(invalid)?
        {
            self.services.sla.upsert_sla_policy(admin, p).await?;
        }
        for r in serde_json::from_value::<Vec<averias_domain::escalation::EscalationRule>>(rules)
            .map_err(invalid)?
        {
            self.services.sla.upsert_escalation_rule(admin, r).await?;
        }
        Ok(())
    }

    pub(crate) async fn reference_data(&mut self) -> ServiceResult<()> {
        let admin = system_actor();
        for (code, name, kind) in GROUPS {
            self.services
                .admin
                .upsert_group(
                    &admin,
                    Group {
                        code: (*code).into(),
                        name: (*name).into(),
                        kind: (*kind).into(),
                    },
                )
                .await?;
        }
        for (code, name, severity, group) in FAULT_TYPES {
            self.services
                .admin
                .upsert_fault_type(
                    &admin,
                    (*code).into(),
                    (*name).into(),
                    *severity,
                    *group,
                    true,
                )
                .await?;
        }
        self.sla_rules(&admin).await?;
        self.repair_network(&admin).await?;
        for (group, name, body_es, body_en) in CANNED {
            self.services
                .canned
                .create(
                    &admin,
                    averias_services::canned::CannedInput {
                        group: (*group).into(),
                        name: (*name).into(),
                        body_es: (*body_es).into(),
                        body_en: (*body_en).into(),
                    },
                )
                .await?;
        }
        for (name, role, group, token) in DEMO_USERS {
            let input = UserInput {
                email: None,
                name: (*name).into(),
                role: *role,
                group: group.map(Into::into),
                account: None,
                token: Some((*token).into()),
            };
            let (user, _) = self.services.admin.create_user(&admin, input).await?;
            // The demo's web password is the user's demo token (README).
            self.services
                .auth
                .set_password(&admin, user.id, token)
                .await?;
            self.actors.push((
                *role,
                Actor {
                    user_id: user.id,
                    name: user.name,
                    role: user.role,
                    group: user.group_code,
                    account_id: None,
                },
            ));
            self.summary.users += 1;
        }
        Ok(())
    }

    /// Two business units' warehouses, three centers and their stock of
    /// backup units, with a reorder level that the demo swap brings low.
    pub(crate) async fn repair_network(&mut self, admin: &Actor) -> ServiceResult<()> {
        for (code, name, unit, address) in WAREHOUSES {
            let input = WarehouseInput {
                name: (*name).into(),
                business_unit: (*unit).into(),
                address: (*address).into(),
            };
            self.services
                .repair
                .put_warehouse(admin, code, input)
                .await?;
        }
        for (code, name, area, warehouse, address) in CENTERS {
            let unit = WAREHOUSES
                .iter()
                .find(|w| w.0 == *warehouse)
                .map_or("", |w| w.2);
            let input = CenterInput {
                name: (*name).into(),
                address: (*address).into(),
                area: (*area).into(),
                business_unit: unit.into(),
                warehouse_code: (*warehouse).into(),
                calendar: "caracas-business".into(),
                slot_minutes: 60,
                slot_capacity: 2,
                active: true,
            };
            self.services.repair.put_center(admin, code, input).await?;
        }
        let locations = [
            ("center-chacao", 4),
            ("center-valencia", 2),
            ("center-maracaibo", 2),
            ("almacen-capital", 6),
            ("almacen-occidente", 3),
        ];
        let mut serial = 0;
        for (location, count) in locations {
            for k in 0..count {
                let (make, model) = if k % 3 == 2 {
                    ("ZTE", "Blade A72")
                } else {
                    ("Samsung", "Galaxy A15")
                };
                serial += 1;
                let imei = Imei::from_body(&format!("86{:012}", serial)).map_err(demo_err)?;
                let input = UnitInput {
                    imei: imei.as_str().into(),
                    make: make.into(),
                    model: model.into(),
                    location: location.into(),
                };
                self.services.repair.add_unit(admin, input).await?;
            }
        }
        for (location, minimum) in [("center-chacao", 3), ("center-valencia", 2)] {
            let level = averias_store::ReorderLevel {
                location: location.into(),
                model: "Galaxy A15".into(),
                minimum,
            };
            self.services.repair.set_reorder_level(admin, level).await?;
        }
        Ok(())
    }

    /// Books the first free slot at `center` from `from` on, as teleservice.
    pub(crate) async fn book(
        &self,
        number: &str,
        center: &str,
        from: DateTime<Utc>,
    ) -> ServiceResult<()> {
        let query = SlotQuery {
            center: Some(center.into()),
            from: Some(from),
            limit: 1,
            ..SlotQuery::default()
        };
        let slot = self
            .services
            .repair
            .free_slots(query)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| demo_err(format!("no free slot at {center}")))?;
        let choice = SlotChoice {
            center: center.into(),
            start: slot.start,
        };
        self.services
            .repair
            .book_appointment(&self.actor(Role::Teleservice), number, choice)
            .await?;
        Ok(())
    }

    pub(crate) async fn accounts(&mut self) -> ServiceResult<()> {
        let admin = system_actor();
        let consultant = self.actor(Role::SalesConsultant).user_id;
        for (i, company) in COMPANIES.iter().enumerate() {
            let number = format!("{}", 1001 + i);
            // Every eighth account owes money, so intake refusals can be tried.
            let billing = if i % 8 == 4 {
                BillingState::Debt(Money {
                    minor: self.rng.random_range(50_000..900_000),
                    currency: "VES".into(),
                })
            } else {
                BillingState::Operative
            };
            let input = AccountInput {
                number: number.clone(),
                name: (*company).into(),
                billing,
                sales_consultant: (i % 3 == 0).then_some(consultant),
            };
            let account = self.services.admin.create_account(&admin, input).await?;
            let mut lines = Vec::new();
            let count = self.rng.random_range(6..=18);
            for j in 0..count {
                let prefix = if j % 2 == 0 { "416" } else { "426" };
                let msisdn: Msisdn = format!("+58{prefix}{:07}", 1_000_000 + i * 1000 + j)
                    .parse()
                    .map_err(demo_err)?;
                let (make, model) = DEVICES[(i + j) % DEVICES.len()];
                let imei = Imei::from_body(&format!("35{:012}", i * 1000 + j)).map_err(demo_err)?;
                let equipment = Equipment {
                    imei: imei.clone(),
                    account_id: Some(account.id),
                    make: make.into(),
                    model: model.into(),
                };
                self.services
                    .admin
                    .upsert_equipment(&admin, equipment)
                    .await?;
                self.services
                    .admin
                    .upsert_line(&admin, &number, msisdn.clone(), Some(imei))
                    .await?;
                lines.push(msisdn);
            }
            for k in 0..(1 + i % 2) {
                let person = PEOPLE[(i + k) % PEOPLE.len()];
                let email: Email = format!("contacto{}@cuenta{number}.example", k + 1)
                    .parse()
                    .map_err(demo_err)?;
                let language = if i % 7 == 3 { "en" } else { "es" };
                self.services
                    .admin
                    .add_contact(
                        &admin,
                        &number,
                        person.into(),
                        format!("+58212{:07}", 5_550_000 + i * 10 + k),
                        Some(email),
                        language.into(),
                    )
                    .await?;
            }
            self.summary.accounts += 1;
            self.summary.lines += lines.len();
            self.accounts.push((number, lines));
        }
        let (name, account, token) = DEMO_CUSTOMER;
        let input = UserInput {
            email: None,
            name: name.into(),
            role: Role::Customer,
            group: None,
            account: Some(account.into()),
            token: Some(token.into()),
        };
        let (user, _) = self.services.admin.create_user(&admin, input).await?;
        self.services
            .auth
            .set_password(&admin, user.id, token)
            .await?;
        self.actors.push((
            Role::Customer,
            Actor {
                user_id: user.id,
                name: user.name,
                role: Role::Customer,
                group: None,
                account_id: user.account_id,
            },
        ));
        self.summary.users += 1;
        Ok(())
    }
}

/// The demo's canned responses: what CSM and COR write most.
const CANNED: &[(&str, &str, &str, &str)] = &[
    (
        "csm",
        "Reinicio del equipo",
        "Estimado(a) {{contact}}: para la avería {{ticket}} le pedimos apagar el equipo, retirar la SIM durante un minuto y volver a encenderlo. Si la falla sigue, respóndanos por este medio. Atentamente, {{agent}} (CSM).",
        "Dear {{contact}}: for fault {{ticket}} please switch the phone off, take the SIM out for a minute and switch it on again. If the fault persists, answer us here. Kind regards, {{agent}} (CSM).",
    ),
    (
        "csm",
        "Seguimos trabajando",
        "Avería {{ticket}} de {{customer}}: seguimos trabajando en ella y le avisaremos en cuanto tengamos la solución.",
        "Fault {{ticket}} of {{customer}}: we are still working on it and will tell you as soon as it is solved.",
    ),
    (
        "cor",
        "Radiobase en revisión",
        "La radiobase que sirve la zona de la avería {{ticket}} está en revisión por COR. Próxima actualización en 2 horas.",
        "The cell site serving the area of fault {{ticket}} is being checked by COR. Next update in 2 hours.",
    ),
];
