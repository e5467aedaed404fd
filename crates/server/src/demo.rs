//! Demo data: a realistic small operator (groups, fault types, a few dozen
//! corporate accounts with hundreds of lines, one user per role with fixed
//! tokens, and tickets in every status and stage), created through the same
//! services as real traffic so histories and audit trails are genuine.
//!
//! Only ever seeded into an empty database (`averias serve --demo`).

use std::sync::Arc;

use averias_domain::{
    Actor, BillingState, Channel, Email, Imei, Money, Msisdn, Role, SecondLevel, Severity,
    Visibility,
};
use averias_store::{Equipment, Group, Store};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::clock::Clock;
use crate::services::incidents::IncidentInput;
use crate::services::intake::{LocalAccountChecker, ReportInput};
use crate::services::reference::{AccountInput, UserInput, system_actor};
use crate::services::repair_booking::{CenterInput, SlotChoice, SlotQuery, WarehouseInput};
use crate::services::repair_center::CertifyInput;
use crate::services::repair_stock::UnitInput;
use crate::services::tickets::{ActionInput, ActionName};
use crate::services::{ServiceError, ServiceResult, Services};

/// The demo users: (name, role, group, fixed API token). Documented in the README.
pub const DEMO_USERS: &[(&str, Role, Option<&str>, &str)] = &[
    ("admin", Role::Admin, None, "demo-admin"),
    (
        "teleservicio",
        Role::Teleservice,
        Some("teleservice"),
        "demo-teleservice",
    ),
    ("csm", Role::Csm, Some("csm"), "demo-csm"),
    ("cor", Role::Cor, Some("cor"), "demo-cor"),
    ("sigis", Role::Sigis, Some("sigis"), "demo-sigis"),
    ("gsac", Role::Gsac, Some("gsac"), "demo-gsac"),
    (
        "centro-chacao",
        Role::InstallationCenter,
        Some("center-chacao"),
        "demo-center",
    ),
    (
        "almacen",
        Role::Warehouse,
        Some("almacen-capital"),
        "demo-warehouse",
    ),
    (
        "atencion-empresas",
        Role::CustomerServiceMgmt,
        Some("customer-service-mgmt"),
        "demo-csmgmt",
    ),
    (
        "desarrollo-producto",
        Role::ProductDevelopment,
        Some("product-development"),
        "demo-product",
    ),
    (
        "consultor-ventas",
        Role::SalesConsultant,
        None,
        "demo-consultant",
    ),
    ("crm-empresas", Role::Integration, None, "demo-integration"),
];

/// The demo customer contact: a user of account 1001.
pub const DEMO_CUSTOMER: (&str, &str, &str) = ("cliente-1001", "1001", "demo-customer");

const GROUPS: &[(&str, &str, &str)] = &[
    ("teleservice", "Teleservicio *626", "teleservice"),
    ("csm", "Centro de Servicio y Monitoreo (CSM)", "csm"),
    (
        "cor",
        "Centro de Operaciones de la Red (COR)",
        "second_level",
    ),
    ("sigis", "SIGIS — plataformas y sistemas", "second_level"),
    (
        "gsac",
        "Gerencia de Soporte al Cliente (GSAC)",
        "second_level",
    ),
    (
        "center-chacao",
        "Centro de Instalación Chacao",
        "installation_center",
    ),
    (
        "center-valencia",
        "Centro de Instalación Valencia",
        "installation_center",
    ),
    (
        "center-maracaibo",
        "Centro de Instalación Maracaibo",
        "installation_center",
    ),
    (
        "customer-service-mgmt",
        "Gerencia de Atención al Cliente, Cantv Empresas",
        "management",
    ),
    (
        "product-development",
        "Coordinación de Desarrollo del Producto",
        "product_development",
    ),
];

const FAULT_TYPES: &[(&str, &str, Severity, SecondLevel)] = &[
    (
        "no_signal",
        "Sin señal o sin cobertura",
        Severity::Major,
        SecondLevel::Cor,
    ),
    (
        "dropped_calls",
        "Llamadas caídas",
        Severity::Major,
        SecondLevel::Cor,
    ),
    (
        "slow_data",
        "Datos móviles lentos o sin navegación",
        Severity::Minor,
        SecondLevel::Cor,
    ),
    (
        "sms_failure",
        "No envía o no recibe SMS",
        Severity::Minor,
        SecondLevel::Sigis,
    ),
    (
        "voicemail",
        "Buzón de voz no disponible",
        Severity::Minor,
        SecondLevel::Sigis,
    ),
    (
        "roaming",
        "Roaming internacional no funciona",
        Severity::Major,
        SecondLevel::Sigis,
    ),
    (
        "device_failure",
        "Falla del equipo terminal",
        Severity::Minor,
        SecondLevel::Gsac,
    ),
    (
        "sim_failure",
        "SIM dañada o no reconocida",
        Severity::Minor,
        SecondLevel::Gsac,
    ),
    (
        "line_blocked",
        "Línea bloqueada o suspendida por error",
        Severity::Major,
        SecondLevel::Gsac,
    ),
];

const COMPANIES: &[&str] = &[
    "Distribuidora El Ávila C.A.",
    "Transporte Los Llanos S.A.",
    "Constructora Orinoco C.A.",
    "Farmacias Salud Total C.A.",
    "Alimentos La Sabana S.A.",
    "Seguros Caribe C.A.",
    "Clínica Santa Rosa C.A.",
    "Inversiones Guayana S.A.",
    "Logística Puerto Cabello C.A.",
    "Universidad del Centro",
    "Hotel Margarita Suites C.A.",
    "Banco Comunal del Sur",
    "Agroindustrias Portuguesa C.A.",
    "Petroservicios Zulia S.A.",
    "Textiles Aragua C.A.",
    "Editorial Caracas C.A.",
    "Supermercados Familia C.A.",
    "Mensajería Veloz C.A.",
    "Cooperativa Andina de Transporte",
    "Laboratorios Tamanaco C.A.",
    "Ferretería Industrial Lara C.A.",
    "Consultores Asociados Chacao",
    "Alcaldía de Ejemplo",
    "Gobernación de Ejemplo",
    "Minera Bolívar S.A.",
    "Cementos del Oriente C.A.",
    "Panadería La Espiga C.A.",
    "Seguridad Integral 24 C.A.",
    "Refrigeración Maracay C.A.",
    "Automotriz Barquisimeto C.A.",
    "Turismo Los Roques C.A.",
    "Electro Hogar Valencia C.A.",
    "Pesquera Cumaná C.A.",
    "Arquitectura y Diseño C.A.",
    "Colegio San Ignacio de Ejemplo",
    "Servicios Médicos Mérida C.A.",
];

/// (code, name, business unit, address)
const WAREHOUSES: &[(&str, &str, &str, &str)] = &[
    (
        "almacen-capital",
        "Almacén Región Capital",
        "Región Capital",
        "Zona Industrial La Yaguara, Caracas",
    ),
    (
        "almacen-occidente",
        "Almacén Región Occidente",
        "Región Occidente",
        "Av. 17 Los Haticos, Maracaibo",
    ),
];

/// (code, name, area, warehouse, address)
const CENTERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "center-chacao",
        "Centro de Instalación Chacao",
        "Caracas",
        "almacen-capital",
        "Av. Francisco de Miranda, Chacao, Caracas",
    ),
    (
        "center-valencia",
        "Centro de Instalación Valencia",
        "Carabobo",
        "almacen-occidente",
        "Av. Bolívar Norte, Valencia",
    ),
    (
        "center-maracaibo",
        "Centro de Instalación Maracaibo",
        "Zulia",
        "almacen-occidente",
        "Av. 5 de Julio, Maracaibo",
    ),
];

const DEVICES: &[(&str, &str)] = &[
    ("ZTE", "Blade A72"),
    ("Samsung", "Galaxy A15"),
    ("Samsung", "Galaxy A05s"),
    ("Huawei", "Y9 Prime"),
    ("Motorola", "Moto G24"),
    ("Xiaomi", "Redmi 13C"),
    ("Vtelca", "Caribe 3"),
];

const PEOPLE: &[&str] = &[
    "María González",
    "José Rodríguez",
    "Carmen Pérez",
    "Luis Hernández",
    "Ana Martínez",
    "Carlos Ramírez",
    "Rosa Torres",
    "Pedro Flores",
    "Yolanda Díaz",
    "Miguel Rojas",
];

const COMPLAINTS: &[(&str, &str)] = &[
    (
        "no_signal",
        "Las líneas de la sede principal no tienen señal desde esta mañana.",
    ),
    (
        "dropped_calls",
        "Las llamadas se caen a los pocos segundos en la zona industrial.",
    ),
    (
        "slow_data",
        "La navegación de datos es muy lenta en todas las líneas de la flota.",
    ),
    (
        "sms_failure",
        "No se reciben los SMS de verificación bancaria.",
    ),
    (
        "voicemail",
        "El buzón de voz indica que no está disponible.",
    ),
    (
        "roaming",
        "El gerente está en Bogotá y su línea no registra en roaming.",
    ),
    (
        "device_failure",
        "El equipo se reinicia solo y no carga la batería.",
    ),
    (
        "sim_failure",
        "El teléfono indica 'SIM no válida' tras una actualización.",
    ),
    (
        "line_blocked",
        "La línea aparece suspendida aunque la cuenta está al día.",
    ),
];

/// What the demo seeding created, for the log line.
#[derive(Debug, Default, Clone)]
pub struct DemoSummary {
    pub accounts: usize,
    pub lines: usize,
    pub users: usize,
    pub tickets: usize,
    pub refused_reports: usize,
}

struct Seeder {
    services: Services,
    rng: StdRng,
    actors: Vec<(Role, Actor)>,
    /// (account number, lines of that account)
    accounts: Vec<(String, Vec<Msisdn>)>,
    summary: DemoSummary,
    /// The demo clock never passes this instant, so no event lies in the future.
    end: DateTime<Utc>,
}

fn demo_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::invalid("demo", "demo", e.to_string())
}

/// Seeds the demo operator. History is spread over the four days before
/// `now`; no demo event lies after it.
pub async fn seed(store: Arc<dyn Store>, now: DateTime<Utc>) -> ServiceResult<DemoSummary> {
    let clock = Clock::manual(now - Duration::days(4));
    let services = Services::new(store, clock);
    let mut s = Seeder {
        services,
        rng: StdRng::seed_from_u64(626),
        actors: Vec::new(),
        accounts: Vec::new(),
        summary: DemoSummary::default(),
        end: now - Duration::minutes(1),
    };
    s.reference_data().await?;
    s.accounts().await?;
    s.tickets().await?;
    s.maintenance().await?;
    Ok(s.summary)
}

impl Seeder {
    fn actor(&self, role: Role) -> Actor {
        self.actors
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, a)| a.clone())
            .expect("every demo role has a user")
    }

    /// Two planned works: one notified on time, with one customer informed
    /// and one objecting; one still a draft.
    async fn maintenance(&mut self) -> ServiceResult<()> {
        use crate::services::maintenance::{AnswerInput, WorkInput};
        let csm = self.actor(Role::Csm);
        let mgmt = self.actor(Role::CustomerServiceMgmt);
        // Starts are counted in business hours from now, on the calendar the
        // notice rules use: a count of calendar days lands too close before
        // a holiday or a weekend and the notice would be late (R-MAINT-1).
        let calendar = self
            .services
            .calendar(crate::services::calendars::BUSINESS)
            .await?;
        let now = self.services.now();
        let business_hours_ahead = |h: i64| {
            let t = calendar
                .add(now, Duration::hours(h))
                .expect("the business calendar has working time ahead");
            // On the next whole hour: later, so never closer than asked.
            let past_hour = t.timestamp().rem_euclid(3600);
            if past_hour == 0 {
                t
            } else {
                t + Duration::seconds(3600 - past_hour)
            }
        };
        let first_start = business_hours_ahead(24);
        let second_start = business_hours_ahead(40);
        let accounts: Vec<String> = self
            .accounts
            .iter()
            .take(3)
            .map(|(n, _)| n.clone())
            .collect();
        let work = self
            .services
            .plan_maintenance(
                &csm,
                WorkInput {
                    title: "Actualización de software de la plataforma SMSC".into(),
                    description:
                        "El proveedor instala la versión 9.2; la mensajería se reinicia dos veces."
                            .into(),
                    elements: vec!["SMSC Caracas".into(), "Pasarela SMPP".into()],
                    impact: "SMS sin entrega durante hasta 20 minutos".into(),
                    start: Some(first_start),
                    end: Some(first_start + Duration::hours(2)),
                    accounts: accounts.clone(),
                    ..Default::default()
                },
            )
            .await?;
        let id = work.id.to_string();
        self.services.notify_maintenance(&csm, &id, None).await?;
        self.services
            .answer_maintenance(&mgmt, &id, &accounts[0], AnswerInput::default())
            .await?;
        self.services
            .answer_maintenance(
                &mgmt,
                &id,
                &accounts[1],
                AnswerInput {
                    objection: Some("Campaña de cobranza por SMS ese día".into()),
                    alternative: Some("El domingo siguiente de madrugada".into()),
                },
            )
            .await?;
        self.services
            .plan_maintenance(
                &csm,
                WorkInput {
                    title: "Sustitución de baterías en la radiobase Los Ruices".into(),
                    elements: vec!["Radiobase CCS-114 Los Ruices".into()],
                    impact: "Cobertura reducida en Los Ruices".into(),
                    start: Some(second_start),
                    end: Some(second_start + Duration::hours(4)),
                    accounts: accounts[2..].to_vec(),
                    ..Default::default()
                },
            )
            .await?;
        Ok(())
    }

    /// Two SLA policies beside R-SLA-1's default and an escalation matrix,
    /// so the demo shows business-hour clocks, pauses and escalations.
    async fn sla_rules(&self, admin: &Actor) -> ServiceResult<()> {
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
            self.services.upsert_sla_policy(admin, p).await?;
        }
        for r in serde_json::from_value::<Vec<averias_domain::escalation::EscalationRule>>(rules)
            .map_err(invalid)?
        {
            self.services.upsert_escalation_rule(admin, r).await?;
        }
        Ok(())
    }

    async fn reference_data(&mut self) -> ServiceResult<()> {
        let admin = system_actor();
        for (code, name, kind) in GROUPS {
            self.services
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
        for (name, role, group, token) in DEMO_USERS {
            let input = UserInput {
                email: None,
                name: (*name).into(),
                role: *role,
                group: group.map(Into::into),
                account: None,
                token: Some((*token).into()),
            };
            let (user, _) = self.services.create_user(&admin, input).await?;
            // The demo's web password is the user's demo token (README).
            self.services.set_password(&admin, user.id, token).await?;
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
    async fn repair_network(&mut self, admin: &Actor) -> ServiceResult<()> {
        for (code, name, unit, address) in WAREHOUSES {
            let input = WarehouseInput {
                name: (*name).into(),
                business_unit: (*unit).into(),
                address: (*address).into(),
            };
            self.services.put_warehouse(admin, code, input).await?;
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
            self.services.put_center(admin, code, input).await?;
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
                self.services.add_unit(admin, input).await?;
            }
        }
        for (location, minimum) in [("center-chacao", 3), ("center-valencia", 2)] {
            let level = averias_store::ReorderLevel {
                location: location.into(),
                model: "Galaxy A15".into(),
                minimum,
            };
            self.services.set_reorder_level(admin, level).await?;
        }
        Ok(())
    }

    /// Books the first free slot at `center` from `from` on, as teleservice.
    async fn book(&self, number: &str, center: &str, from: DateTime<Utc>) -> ServiceResult<()> {
        let query = SlotQuery {
            center: Some(center.into()),
            from: Some(from),
            limit: 1,
            ..SlotQuery::default()
        };
        let slot = self
            .services
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
            .book_appointment(&self.actor(Role::Teleservice), number, choice)
            .await?;
        Ok(())
    }

    async fn accounts(&mut self) -> ServiceResult<()> {
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
            let account = self.services.create_account(&admin, input).await?;
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
                self.services.upsert_equipment(&admin, equipment).await?;
                self.services
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
        let (user, _) = self.services.create_user(&admin, input).await?;
        self.services.set_password(&admin, user.id, token).await?;
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

    /// Reports a fault on an operative account, as teleservice, and returns its number.
    async fn report(&mut self, n: usize, channel: Channel) -> ServiceResult<String> {
        let operative: Vec<usize> = (0..self.accounts.len()).filter(|i| i % 8 != 4).collect();
        let idx = operative[n % operative.len()];
        let (account, lines) = self.accounts[idx].clone();
        let (fault_type, text) = COMPLAINTS[n % COMPLAINTS.len()];
        let line = lines[n % lines.len()].clone();
        let person = PEOPLE[n % PEOPLE.len()];
        let input = ReportInput {
            account,
            channel,
            lines: vec![line],
            equipment: vec![],
            fault_type: Some(fault_type.into()),
            severity: None,
            title: None,
            description: text.into(),
            reporter_name: person.into(),
            reporter_phone: format!("+58414{:07}", 2_000_000 + n),
            reporter_email: format!("reportante{n}@example.com").parse().ok(),
            external_ids: Vec::new(),
        };
        let actor = if channel == Channel::Portal && idx == 0 {
            self.actor(Role::Customer)
        } else {
            self.actor(Role::Teleservice)
        };
        let opened = self
            .services
            .report_fault(&actor, input, None, &LocalAccountChecker)
            .await?;
        self.summary.tickets += 1;
        Ok(opened.ticket.record.number.to_string())
    }

    async fn act(
        &self,
        role: Role,
        ticket: &str,
        name: ActionName,
        input: ActionInput,
    ) -> ServiceResult<()> {
        self.services
            .act(&self.actor(role), ticket, name, input)
            .await
            .map(|_| ())
    }

    /// Moves the demo clock on and lets the background worker catch up, so
    /// escalation steps fire at their time in the demo history.
    async fn tick(&mut self, max_minutes: i64) -> ServiceResult<()> {
        let step = Duration::minutes(self.rng.random_range(5..=max_minutes));
        if self.services.clock.now() + step < self.end {
            self.services.clock.advance(step);
        }
        while self.services.run_due_jobs("demo-seed", 500).await? == 500 {}
        Ok(())
    }

    async fn tickets(&mut self) -> ServiceResult<()> {
        let channels = [
            Channel::Phone,
            Channel::FleetLine,
            Channel::Email,
            Channel::Portal,
            Channel::Api,
        ];
        let resolution = |s: &str| ActionInput {
            resolution: Some(s.into()),
            ..Default::default()
        };
        let mut n = 0;
        // Spread ~70 tickets over the three days before `now`.
        let plan: &[(&str, usize)] = &[
            ("closed", 10),
            ("resolved", 5),
            ("cancelled", 3),
            ("repaired", 3),
            ("awaiting_repair", 5),
            ("escalated", 6),
            ("solution_returned", 3),
            ("in_progress", 6),
            ("incident_resolved", 4),
            ("incident_open", 6),
            ("acknowledged", 8),
        ];
        let (mut repaired, mut awaiting) = (0, 0);
        let mut open_incident_children = Vec::new();
        let mut resolved_incident_children = Vec::new();
        for (scenario, count) in plan {
            for _ in 0..*count {
                self.tick(90).await?;
                let number = self.report(n, channels[n % channels.len()]).await?;
                n += 1;
                self.tick(40).await?;
                match *scenario {
                    "acknowledged" => {}
                    "in_progress" => {
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::StartWork,
                            ActionInput::default(),
                        )
                        .await?;
                        self.services.add_note(&self.actor(Role::Csm), &number, Visibility::Internal, "Protocolo de atención: se verificó aprovisionamiento y registro en HLR.".into()).await?;
                    }
                    "escalated" | "solution_returned" => {
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::StartWork,
                            ActionInput::default(),
                        )
                        .await?;
                        self.tick(30).await?;
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::Escalate,
                            ActionInput::default(),
                        )
                        .await?;
                        let t = self.services.find_ticket(&number).await?;
                        let group = match t.stage {
                            averias_domain::Stage::Escalated(g) => g,
                            _ => SecondLevel::Cor,
                        };
                        self.tick(60).await?;
                        self.services
                            .add_note(
                                &self.actor(group.role()),
                                &number,
                                Visibility::Public,
                                "Estamos revisando el elemento de red asociado.".into(),
                            )
                            .await?;
                        if *scenario == "solution_returned" {
                            self.tick(120).await?;
                            self.act(group.role(), &number, ActionName::ReturnSolution, resolution("Se reinició la tarjeta de la radiobase y se normalizó el servicio.")).await?;
                        }
                    }
                    "awaiting_repair" | "repaired" => {
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::StartWork,
                            ActionInput::default(),
                        )
                        .await?;
                        self.act(Role::Csm, &number, ActionName::ClassifyPointFault, ActionInput {
                            note: Some((Visibility::Public, "Falla puntual: acuda a un centro de instalación autorizado con su número de avería.".into())),
                            ..Default::default()
                        }).await?;
                        if *scenario == "repaired" {
                            let now = self.services.now();
                            self.book(&number, "center-chacao", now).await?;
                            self.tick(240).await?;
                            let center = self.actor(Role::InstallationCenter);
                            self.services.add_repair_entry(&center, &number, averias_domain::repair::RepairEntryKind::Test, "Equipo no enciende con cargador del centro; puerto de carga con corrosión.").await?;
                            // The first repair needed a backup unit: the demo's completed swap.
                            let swap = repaired == 0;
                            repaired += 1;
                            let input = CertifyInput {
                                work_done: if swap {
                                    "Equipo sin reparación en sitio; se entregó equipo de respaldo."
                                        .into()
                                } else {
                                    "Se reemplazó el conector de carga.".into()
                                },
                                result: "Pruebas de llamada y datos satisfactorias.".into(),
                                backup_imei: swap
                                    .then(|| {
                                        Imei::from_body(&format!("86{:012}", 1))
                                            .map(|i| i.as_str().to_owned())
                                    })
                                    .transpose()
                                    .map_err(demo_err)?,
                                ..CertifyInput::default()
                            };
                            self.services
                                .certify_repair(&center, &number, input)
                                .await?;
                        } else {
                            // Booked for the coming days, spread over the three centers.
                            let center = ["center-chacao", "center-valencia", "center-maracaibo"]
                                [awaiting % 3];
                            awaiting += 1;
                            self.book(&number, center, self.end + Duration::days(1))
                                .await?;
                        }
                    }
                    "resolved" | "closed" => {
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::StartWork,
                            ActionInput::default(),
                        )
                        .await?;
                        self.tick(60).await?;
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::Resolve,
                            resolution(
                                "Se reconfiguró el APN y se confirmó la navegación con el cliente.",
                            ),
                        )
                        .await?;
                        if *scenario == "closed" {
                            self.tick(60).await?;
                            self.act(
                                Role::Csm,
                                &number,
                                ActionName::Close,
                                ActionInput::default(),
                            )
                            .await?;
                        }
                    }
                    "cancelled" => {
                        self.act(
                            Role::Csm,
                            &number,
                            ActionName::Cancel,
                            ActionInput {
                                reason: Some("Reporte duplicado".into()),
                                ..Default::default()
                            },
                        )
                        .await?;
                    }
                    "incident_open" => open_incident_children.push(number),
                    "incident_resolved" => resolved_incident_children.push(number),
                    other => unreachable!("unknown demo scenario {other}"),
                }
            }
            if *scenario == "incident_resolved" {
                let cor = self.actor(Role::Cor);
                let incident = self.services.create_incident(&cor, IncidentInput {
                    title: "Caída de radiobase Los Ruices".into(),
                    description: "Falla de energía en la radiobase; afecta voz y datos en Los Ruices y Boleíta.".into(),
                    owner: SecondLevel::Cor,
                    fault_type: Some("no_signal".into()),
                    severity: Severity::Critical,
                }).await?;
                let number = incident.record.number.to_string();
                self.services
                    .link_to_incident(&cor, &number, &resolved_incident_children)
                    .await?;
                self.tick(180).await?;
                self.services
                    .resolve_incident(
                        &cor,
                        &number,
                        "Se restituyó la energía y la radiobase volvió a servicio.".into(),
                        None,
                    )
                    .await?;
                self.summary.tickets += 1;
            }
        }
        let cor = self.actor(Role::Cor);
        let incident = self
            .services
            .create_incident(
                &cor,
                IncidentInput {
                    title: "Degradación de datos en Valencia norte".into(),
                    description:
                        "Congestión en el enlace de transmisión hacia la central Valencia.".into(),
                    owner: SecondLevel::Cor,
                    fault_type: Some("slow_data".into()),
                    severity: Severity::Major,
                },
            )
            .await?;
        self.services
            .link_to_incident(
                &cor,
                &incident.record.number.to_string(),
                &open_incident_children,
            )
            .await?;
        self.summary.tickets += 1;

        // Reports refused for debt (R-INTAKE-3).
        for i in (0..self.accounts.len()).filter(|i| i % 8 == 4).take(3) {
            let (account, lines) = self.accounts[i].clone();
            let input = ReportInput {
                account,
                channel: Channel::Phone,
                lines: vec![lines[0].clone()],
                equipment: vec![],
                fault_type: Some("no_signal".into()),
                severity: None,
                title: None,
                description: "No hay señal en la oficina.".into(),
                reporter_name: PEOPLE[i % PEOPLE.len()].into(),
                reporter_phone: "+584141234567".into(),
                reporter_email: None,
                external_ids: Vec::new(),
            };
            match self
                .services
                .report_fault(
                    &self.actor(Role::Teleservice),
                    input,
                    None,
                    &LocalAccountChecker,
                )
                .await
            {
                Err(ServiceError::AccountHasDebt { .. }) => self.summary.refused_reports += 1,
                Err(e) => return Err(e),
                Ok(_) => return Err(demo_err("a demo account with debt was not refused")),
            }
        }
        Ok(())
    }
}
