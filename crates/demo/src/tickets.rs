//! Tickets in every status and stage, opened and moved through the same
//! services as real traffic while the demo clock runs.

use super::*;

impl Seeder {
    /// Reports a fault on an operative account, as teleservice, and returns its number.
    pub(crate) async fn report(&mut self, n: usize, channel: Channel) -> ServiceResult<String> {
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
            client_values: Default::default(),
            notes: Vec::new(),
        };
        let actor = if channel == Channel::Portal && idx == 0 {
            self.actor(Role::Customer)
        } else {
            self.actor(Role::Teleservice)
        };
        let opened = self
            .services
            .intake
            .report_fault(&actor, input, None, &LocalAccountChecker)
            .await?;
        self.summary.tickets += 1;
        Ok(opened.ticket.record.number.to_string())
    }

    pub(crate) async fn act(
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
    pub(crate) async fn tick(&mut self, max_minutes: i64) -> ServiceResult<()> {
        let step = Duration::minutes(self.rng.random_range(5..=max_minutes));
        if self.services.clock.now() + step < self.end {
            self.services.clock.advance(step);
        }
        while self.services.worker.run_due_jobs("demo-seed", 500).await? == 500 {}
        Ok(())
    }

    pub(crate) async fn tickets(&mut self) -> ServiceResult<()> {
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
                        self.services.tickets.add_note(&self.actor(Role::Csm), &number, Visibility::Internal, "Protocolo de atención: se verificó aprovisionamiento y registro en HLR.".into()).await?;
                        self.demo_files(&number, Role::Csm).await?;
                        // The agent working it took it: "my faults" is not empty.
                        let csm = self.actor(Role::Csm);
                        self.services
                            .tickets
                            .assign(&csm, &number, Some(&csm.user_id.to_string()), None)
                            .await?;
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
                        let t = self
                            .services
                            .store
                            .ticket_by_number(&number.parse().map_err(demo_err)?)
                            .await?
                            .ok_or_else(|| demo_err(format!("{number} was just opened")))?;
                        let group = match t.stage {
                            averias_domain::Stage::Escalated(g) => g,
                            _ => SecondLevel::Cor,
                        };
                        self.tick(60).await?;
                        self.services
                            .tickets
                            .add_note(
                                &self.actor(group.role()),
                                &number,
                                Visibility::Public,
                                "Estamos revisando el elemento de red asociado.".into(),
                            )
                            .await?;
                        self.demo_files(&number, group.role()).await?;
                        let agent = self.actor(group.role());
                        self.services
                            .tickets
                            .assign(&agent, &number, Some(&agent.user_id.to_string()), None)
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
                            self.services.repair.add_repair_entry(&center, &number, averias_domain::repair::RepairEntryKind::Test, "Equipo no enciende con cargador del centro; puerto de carga con corrosión.").await?;
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
                                .repair
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
                let incident = self.services.incidents.create_incident(&cor, IncidentInput {
                    title: "Caída de radiobase Los Ruices".into(),
                    description: "Falla de energía en la radiobase; afecta voz y datos en Los Ruices y Boleíta.".into(),
                    owner: SecondLevel::Cor,
                    fault_type: Some("no_signal".into()),
                    severity: Severity::Critical,
                }).await?;
                let number = incident.record.number.to_string();
                self.services
                    .incidents
                    .link_to_incident(&cor, &number, &resolved_incident_children)
                    .await?;
                self.tick(180).await?;
                self.services
                    .incidents
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
            .incidents
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
            .incidents
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
                client_values: Default::default(),
                notes: Vec::new(),
            };
            match self
                .services
                .intake
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

/// The demo's files: a customer's photo and a reading (CSM), a network
/// report (a second-level group).
const PHOTO: &[u8] = include_bytes!("../assets/sin_senal.png");
const REPORT: &[u8] = include_bytes!("../assets/informe_red.pdf");
const READINGS: &str = "hora;rsrp_dbm;sinr_db\n08:00;-121;-3\n08:30;-119;-2\n09:00;-122;-4\n";

impl Seeder {
    /// Attaches the demo's files to the first ticket of a kind that takes
    /// them (once per role): only when the server's folder is known.
    async fn demo_files(&mut self, number: &str, role: Role) -> ServiceResult<()> {
        if !self.files || self.attached.contains(&role) {
            return Ok(());
        }
        self.attached.push(role);
        let actor = self.actor(role);
        let files: Vec<(&str, &[u8], Visibility, &str)> = match role {
            Role::Csm => vec![
                (
                    "sin_senal.png",
                    PHOTO,
                    Visibility::Public,
                    "Captura enviada por el cliente: sin barras de señal en la sede.",
                ),
                (
                    "lecturas_celda.csv",
                    READINGS.as_bytes(),
                    Visibility::Internal,
                    "Lecturas de la celda durante la mañana.",
                ),
            ],
            _ => vec![(
                "informe_red.pdf",
                REPORT,
                Visibility::Public,
                "Informe del elemento de red revisado.",
            )],
        };
        for (name, bytes, visibility, note) in files {
            let a = &self.services.attachments;
            let mut upload = a.upload(name).await?;
            upload.write(bytes).await?;
            let staged = upload.finish().await?;
            a.attach(
                &actor,
                number,
                vec![staged],
                Some(visibility),
                Some(note.into()),
            )
            .await?;
            self.summary.attachments += 1;
        }
        Ok(())
    }
}
