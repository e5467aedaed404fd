### The notifications' words: the subject, the lines of the mail body and
### the SMS of every event mailed or texted to a contact. The layouts are
### crates/services/templates/notifications/<event>.jinja; they add the line
### breaks and the HTML markup and call these messages one line or paragraph
### at a time. Ids are `<event>-<part>`; pieces several events share are
### `notification-<part>`. The same message serves the text and the HTML
### body: a value the HTML shows in bold arrives already marked up. SMS texts
### leave out accents on purpose (one GSM-7 segment of 160 characters).

-brand = Movilnet

## notification

notification-greeting = Estimado(a) { $contact }:
# To a consultant or an escalation contact.
notification-greeting_short = { $contact }:
notification-greeting_customer_service = Gerencia de Atención al Cliente:
notification-signature = { -brand } — Centro de Servicio y Monitoreo
notification-signature_customer_service = { -brand } — Atención al cliente
notification-signature_warehouse = Averías — Almacén
notification-signature_reports = Averías — Centro de Servicio y Monitoreo
notification-status_next_step = Estado: { $status }. Próximo paso: { $next_step }
# A maintenance work's period and impact.
notification-work_period = Inicio: { $start } — Fin: { $end }
notification-work_impact = Impacto esperado: { $impact }
# A work's title quoted in the plain text (the HTML shows it in bold instead).
notification-quoted = «{ $text }»

## ticket_opened

ticket_opened-subject = Avería { $number } registrada: { $title }
ticket_opened-intro = Registramos su reporte de avería con el número { $number } para la cuenta { $account_number } ({ $account_name }).
ticket_opened-quote_number = Cite este número en cualquier consulta.
# Labels, followed by the next step and the deadline (bold in HTML).
ticket_opened-next_step_label = Próximo paso:
ticket_opened-deadline_label = Plazo de atención:
ticket_opened-sms = { -brand }: su averia { $number } fue registrada. Le informaremos del avance.

## consultant_informed

consultant_informed-subject = Nueva avería { $number } en la cuenta { $account_number }
consultant_informed-intro = Su cliente { $account_name } (cuenta { $account_number }) reportó la avería { $number }: { $title }.
consultant_informed-status = Estado: { $status }, en manos de { $group }.
consultant_informed-sms = { -brand }: nueva averia { $number } de su cliente { $account_number }.

## report_refused

report_refused-subject = No pudimos registrar su reporte de avería (cuenta { $account_number })
report_refused-intro = La cuenta { $account_number } tiene una deuda pendiente de { $debt }. Podremos registrar la avería una vez cancelado el saldo.
report_refused-sms = { -brand }: la cuenta { $account_number } tiene deuda de { $debt }. Registraremos la averia al cancelar.

## ticket_escalated

ticket_escalated-subject = Su avería { $number } pasó a { $group }
ticket_escalated-intro = Su avería fue escalada al grupo especializado { $group }, que trabaja en ella.
ticket_escalated-sms = { -brand }: su averia { $number } fue escalada a { $group }.

## ticket_repaired

ticket_repaired-subject = Su equipo fue reparado (avería { $number })
ticket_repaired-intro = El centro de instalación certificó la reparación: { $resolution }
ticket_repaired-sms = { -brand }: averia { $number }: equipo reparado.

## ticket_resolved

ticket_resolved-subject = Avería { $number } resuelta
ticket_resolved-intro = Resolvimos su avería: { $resolution }
ticket_resolved-persists = Si el problema persiste, responda a este mensaje citando el número.
ticket_resolved-sms = { -brand }: averia { $number } resuelta.

## ticket_closed

ticket_closed-subject = Avería { $number } cerrada
ticket_closed-intro = Cerramos su avería. Gracias por su paciencia.
ticket_closed-sms = { -brand }: averia { $number } cerrada.

## sla_escalation

sla_escalation-subject = [Escalamiento] { $number }: { $step }
sla_escalation-intro = La avería { $number } ({ $account_name }, { $title }) activó el paso «{ $step }» de la matriz de escalamiento.
sla_escalation-reason = Motivo: { $reason }
sla_escalation-status = Estado: { $status } en { $group }; vencimiento { $deadline }.
sla_escalation-sms = Escalamiento { $number }: { $step }.

## ticket_assigned

ticket_assigned-subject = Avería { $number } asignada a usted: { $title }
ticket_assigned-intro = { $by } le asignó la avería { $number } ({ $account_name }, { $title }).
ticket_assigned-deadline = Vencimiento: { $deadline }.
ticket_assigned-sms = Avería { $number } asignada a usted.

## files_added

files_added-subject = Nuevos archivos en su avería { $number }
files_added-intro = { $by } agregó archivos a su avería { $number }:
files_added-open = Véalos en la avería: { $url }
files_added-sign_in = Véalos en el portal, en la página de la avería.
files_added-sms = { -brand }: hay archivos nuevos en su avería { $number }.

## ticket_merged

ticket_merged-subject = Su avería { $number } continúa como { $original }
ticket_merged-intro = Su reporte { $number } trata de la misma falla que la avería { $original }, que ya estamos atendiendo. Unimos los dos: siga la avería con el número { $original }; sus notas están allí.
ticket_merged-sms = { -brand }: su avería { $number } continúa como { $original }.

## maintenance_notice

maintenance_notice-subject = Trabajo programado: { $title } ({ $start })
# $title comes quoted (notification-quoted) in the text, bold in HTML.
maintenance_notice-intro = { -brand } realizará el trabajo programado { $title }.
maintenance_notice-elements = Elementos afectados: { $elements }
maintenance_notice-accounts = Cuentas afectadas: { $accounts }
maintenance_notice-inform = Informe a los clientes afectados. Si alguno no puede prescindir del servicio en ese período, respóndanos antes de { $window_closes } (8 horas hábiles).
maintenance_notice-emergency = Aviso de emergencia: { $emergency }
maintenance_notice-sms = { -brand }: trabajo programado { $title } el { $start }. Objeciones antes de { $window_closes }.

## maintenance_customer_notice

maintenance_customer_notice-subject = Trabajo programado que afecta su servicio: { $start }
maintenance_customer_notice-intro = { -brand } realizará un trabajo programado que afecta el servicio de la cuenta { $account_number } ({ $account_name }).
maintenance_customer_notice-work = Trabajo: { $title }
maintenance_customer_notice-objections = Si su empresa no puede prescindir del servicio en ese período, comuníquelo a su ejecutivo antes de { $window_closes }.
maintenance_customer_notice-sms = { -brand }: trabajo programado { $start } afecta su servicio. Objeciones antes de { $window_closes }.

## objection_window_closing

objection_window_closing-subject = Cierra la ventana de objeciones: { $title } ({ $window_closes })
# $title comes quoted (notification-quoted) in the text, bold in HTML.
objection_window_closing-intro = La ventana de objeciones del trabajo { $title } cierra el { $window_closes }.
objection_window_closing-pending = Cuentas sin respuesta registrada: { $accounts }
objection_window_closing-sms = { -brand }: cierra ventana de objeciones de { $title } el { $window_closes }.

## sla_at_risk

sla_at_risk-subject = Su avería { $number } sigue en atención
sla_at_risk-intro = Su avería { $number } ({ $title }) aún no está resuelta y su plazo de atención vence el { $deadline }. Los supervisores del caso fueron alertados y seguimos trabajando en ella.
sla_at_risk-next_step = Próximo paso: { $next_step }
sla_at_risk-sms = { -brand }: su averia { $number } sigue en atencion; plazo { $deadline }.

## appointment_booked

appointment_booked-subject = Cita de reparación confirmada (avería { $number })
appointment_booked-intro = Su cita para la avería { $number } quedó confirmada:
appointment_booked-center = Centro: { $center }
appointment_booked-address = Dirección: { $address }
appointment_booked-date = Fecha: { $date } a las { $time }
appointment_booked-bring = Lleve el equipo y mencione el número de avería { $number }.
appointment_booked-sms = { -brand }: cita averia { $number } el { $date } { $time } en { $center }.

## appointment_changed

appointment_changed-subject = Cita de reparación cambiada (avería { $number })
appointment_changed-subject_cancelled = Cita cancelada (avería { $number })
appointment_changed-intro = Su cita para la avería { $number } ahora es el { $date } a las { $time } en { $center } ({ $address }).
appointment_changed-intro_cancelled = Su cita del { $date } a las { $time } en { $center } fue cancelada. Puede reservar otra citando la avería { $number }.
appointment_changed-sms = { -brand }: averia { $number }: nueva cita { $date } { $time }.
appointment_changed-sms_cancelled = { -brand }: averia { $number }: cita cancelada.

## appointment_reminder

appointment_reminder-subject = Recordatorio: su cita de mañana (avería { $number })
appointment_reminder-intro = Le recordamos su cita del { $date } a las { $time } en { $center } ({ $address }) por la avería { $number }.
appointment_reminder-cannot_come = Si no puede asistir, cámbiela o cancélela para liberar el cupo.
appointment_reminder-sms = { -brand }: recuerde su cita { $date } { $time }, averia { $number }, { $center }.

## low_stock

low_stock-subject = Stock bajo: { $model } en { $location }
low_stock-intro = Quedan { $available } unidades de respaldo { $model } disponibles en { $location }, por debajo del nivel de reposición ({ $minimum }).
low_stock-action = Revise las solicitudes de reposición pendientes y despache unidades.
low_stock-sms = Averias: stock bajo { $model } en { $location }: { $available } (min { $minimum }).

## weekly_report

weekly_report-subject = Reporte semanal de averías { $week }
weekly_report-intro = Reporte semanal de averías, semana { $week }:
weekly_report-opened = Averías abiertas: { $opened } (semana anterior: { $previous_opened })
weekly_report-resolved = Resueltas: { $resolved }; cerradas: { $closed }
weekly_report-backlog = Pendientes al cierre de la semana: { $backlog }
# $compliance and $previous_compliance are weekly_report-percent or
# weekly_report-no_resolutions.
weekly_report-compliance = Cumplimiento de la atención en 24 horas: { $compliance } (semana anterior: { $previous_compliance })
weekly_report-percent = { $value } %
weekly_report-no_resolutions = sin resoluciones
weekly_report-backup_units = Equipos de respaldo usados: { $backup_units }
weekly_report-refused = Reportes rechazados por deuda: { $refused }
# In the plain text.
weekly_report-stored = El reporte completo (con tablas por tipo, canal, nivel, grupo y centro, y la tendencia de 12 semanas) queda guardado en { $path }, y cada tabla se puede bajar en CSV o en XLSX.
# In the HTML.
weekly_report-stored_short = El reporte completo queda guardado en { $path }.
weekly_report-sms = Averias: reporte semanal { $week }: { $opened } abiertas, { $resolved } resueltas.

## The customer's next step, by the ticket's stage ($next_step of ticket mail)

next_step-with_csm = el Centro de Servicio y Monitoreo revisa su caso
next_step-second_level = un grupo especializado trabaja en la falla; le informaremos
next_step-awaiting_repair = lleve el equipo a un centro de instalación autorizado citando el número de avería
next_step-confirm = confirme que el servicio funciona; cerraremos la avería
next_step-none = ninguno
