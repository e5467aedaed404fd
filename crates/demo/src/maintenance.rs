//! Planned maintenance works in the demo.

use super::*;

impl Seeder {
    /// Two planned works: one notified on time, with one customer informed
    /// and one objecting; one still a draft.
    pub(crate) async fn maintenance(&mut self) -> ServiceResult<()> {
        use averias_services::maintenance::{AnswerInput, WorkInput};
        let csm = self.actor(Role::Csm);
        let mgmt = self.actor(Role::CustomerServiceMgmt);
        // Starts are counted in business hours from now, on the calendar the
        // notice rules use: a count of calendar days lands too close before
        // a holiday or a weekend and the notice would be late (R-MAINT-1).
        let calendar = self
            .services
            .sla
            .calendar(averias_services::calendars::BUSINESS)
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
            .maintenance
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
        self.services
            .maintenance
            .notify_maintenance(&csm, &id, None)
            .await?;
        self.services
            .maintenance
            .answer_maintenance(&mgmt, &id, &accounts[0], AnswerInput::default())
            .await?;
        self.services
            .maintenance
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
            .maintenance
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
}
