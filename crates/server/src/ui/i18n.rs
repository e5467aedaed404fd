//! The console's words in Spanish (the default) and English. One table,
//! looked up by key from the templates (`tr.t("queue.title")`); a unit test
//! checks that every key a template uses is in it.
//!
//! The table is most of the file; issue 19's single catalog (Fluent) is to
//! replace it, with the notification templates' and reports' words.

use axum::http::HeaderMap;

/// The cookie that remembers the language a person chose.
pub const LANG_COOKIE: &str = "averias_lang";

/// The language a page is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `lang` cookie, else the browser's first preference, else Spanish.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let jar = axum_extra::extract::cookie::CookieJar::from_headers(headers);
        if let Some(lang) = jar
            .get(LANG_COOKIE)
            .map(|c| c.value())
            .and_then(Lang::parse)
        {
            return lang;
        }
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if accept.trim_start().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Es
        }
    }
}

/// What templates call to translate.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text of `key`, or the key itself when missing (a test forbids that).
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        match TEXTS.iter().find(|(k, _, _)| *k == key) {
            Some((_, es, en)) => match self.0 {
                Lang::Es => es,
                Lang::En => en,
            },
            None => key,
        }
    }

    pub fn lang(&self) -> &'static str {
        self.0.code()
    }
}

/// `(key, Spanish, English)`.
pub(crate) const TEXTS: &[(&str, &str, &str)] = &[
    ("app.name", "Averías", "Averías"),
    ("app.skip", "Saltar al contenido", "Skip to content"),
    ("nav.queue", "Cola", "Queue"),
    ("nav.intake", "Recepción", "Intake"),
    ("nav.portal", "Mis averías", "My faults"),
    ("nav.report", "Reportar avería", "Report a fault"),
    ("nav.signout", "Cerrar sesión", "Sign out"),
    (
        "nav.signout_all",
        "Cerrar todas mis sesiones",
        "Sign out everywhere",
    ),
    ("nav.language", "English", "Español"),
    ("login.title", "Iniciar sesión", "Sign in"),
    ("login.user", "Usuario", "User name"),
    ("login.password", "Contraseña", "Password"),
    ("login.submit", "Entrar", "Sign in"),
    (
        "login.failed",
        "Usuario o contraseña incorrectos.",
        "Wrong user name or password.",
    ),
    (
        "login.too_many",
        "Demasiados intentos. Espere un minuto e intente de nuevo.",
        "Too many attempts. Wait a minute and try again.",
    ),
    (
        "login.expired",
        "El formulario caducó. Intente de nuevo.",
        "The form expired. Please try again.",
    ),
    ("login.signed_out", "Sesión cerrada.", "You are signed out."),
    ("queue.title", "Cola de averías", "Fault queue"),
    ("queue.group", "Grupo", "Group"),
    ("queue.status", "Estado", "Status"),
    ("queue.any", "Todos", "Any"),
    ("queue.open", "Abiertas", "Open"),
    ("queue.breached", "Solo vencidas", "Breached only"),
    ("queue.filter", "Filtrar", "Filter"),
    (
        "queue.empty",
        "No hay averías en esta cola.",
        "No faults in this queue.",
    ),
    ("queue.count", "averías", "faults"),
    (
        "queue.refresh",
        "Se actualiza cada 30 segundos.",
        "Refreshes every 30 seconds.",
    ),
    (
        "queue.save_view",
        "Guardar esta vista como",
        "Save this view as",
    ),
    ("queue.save", "Guardar", "Save"),
    ("queue.delete_view", "Borrar la vista", "Delete the view"),
    (
        "clock.explain",
        "Cómo se contó el plazo",
        "How the clock counted",
    ),
    ("clock.calendar", "Calendario", "Calendar"),
    ("clock.target", "Meta", "Target"),
    ("clock.counted_total", "Contado", "Counted"),
    ("clock.counted", "cuenta", "counts"),
    ("clock.paused", "en pausa", "paused"),
    ("clock.stopped", "detenido", "stopped"),
    ("users.new", "Nuevo usuario", "New user"),
    (
        "users.account",
        "Cuenta (solo clientes)",
        "Account (customers only)",
    ),
    (
        "users.email",
        "Correo para notificaciones (opcional)",
        "Email for notifications (optional)",
    ),
    ("users.create", "Crear usuario", "Create user"),
    ("users.role_required", "Elija un rol.", "Choose a role."),
    (
        "maint.override",
        "Seguir adelante pese a las objeciones",
        "Go ahead despite the objections",
    ),
    ("maint.start_work", "Iniciar el trabajo", "Start the work"),
    ("maint.complete", "Trabajo terminado", "Work completed"),
    ("maint.cancel", "Anular el trabajo", "Cancel the work"),
    (
        "maint.reschedule",
        "Cambiar las fechas (requiere un aviso nuevo)",
        "Change the dates (a new notice is needed)",
    ),
    ("col.number", "Número", "Number"),
    ("col.account", "Cuenta", "Account"),
    ("col.fault_type", "Tipo de falla", "Fault type"),
    ("col.status", "Estado", "Status"),
    ("col.stage", "Etapa", "Stage"),
    ("col.reported", "Reportada", "Reported"),
    ("col.deadline", "Vence", "Due"),
    ("col.remaining", "Restante", "Left"),
    ("sla.ok", "a tiempo", "on time"),
    ("sla.warning", "por vencer", "due soon"),
    ("sla.breached", "vencida", "breached"),
    ("sla.stopped", "detenido", "stopped"),
    ("sla.none", "sin plazo", "no deadline"),
    ("ticket.title", "Avería", "Fault"),
    ("ticket.account", "Cuenta", "Account"),
    ("ticket.lines", "Líneas", "Lines"),
    ("ticket.channel", "Canal", "Channel"),
    ("ticket.reporter", "Contacto", "Contact"),
    ("ticket.description", "Descripción", "Description"),
    ("ticket.resolution", "Solución", "Resolution"),
    (
        "ticket.clock",
        "Plazo de atención (24 h)",
        "Attention deadline (24 h)",
    ),
    ("ticket.clock_policy", "Política SLA", "SLA policy"),
    ("ticket.incident", "Incidente masivo", "Mass incident"),
    ("ticket.next_step", "Próximo paso", "Next step"),
    ("ticket.timeline", "Historial", "Timeline"),
    ("ticket.notes", "Notas", "Notes"),
    ("ticket.no_notes", "Sin notas.", "No notes."),
    ("ticket.internal", "interna", "internal"),
    ("ticket.public", "pública", "public"),
    ("ticket.actions", "Acciones", "Actions"),
    (
        "ticket.no_actions",
        "No hay acciones disponibles para su rol en este momento.",
        "No actions are open to your role right now.",
    ),
    ("ticket.add_note", "Agregar nota", "Add note"),
    ("ticket.note_body", "Nota", "Note"),
    ("ticket.note_visibility", "Visible para", "Visible to"),
    (
        "ticket.note_internal",
        "Solo personal del operador",
        "Operator staff only",
    ),
    (
        "ticket.note_public",
        "También el cliente",
        "The customer too",
    ),
    ("ticket.reason", "Motivo", "Reason"),
    ("ticket.done", "Lo hecho", "What was done"),
    (
        "ticket.stale",
        "Otra persona cambió esta avería mientras usted la veía. Revise su estado actual e intente de nuevo.",
        "Someone else changed this fault while you were looking at it. Review its current state and try again.",
    ),
    ("ticket.saved", "Hecho.", "Done."),
    ("ticket.escalations", "Escalamientos", "Escalations"),
    (
        "ticket.notifications",
        "Notificaciones enviadas",
        "Notifications sent",
    ),
    ("ticket.children", "Averías asociadas", "Linked faults"),
    ("action.start_work", "Iniciar atención", "Start work"),
    ("action.resolve", "Resolver", "Resolve"),
    (
        "action.classify_point_fault",
        "Falla puntual: enviar a reparación",
        "Point fault: send to repair",
    ),
    ("action.escalate", "Escalar", "Escalate"),
    (
        "action.return_solution",
        "Devolver solución a CSM",
        "Return solution to CSM",
    ),
    (
        "action.certify_repair",
        "Certificar reparación",
        "Certify repair",
    ),
    (
        "action.reject_resolution",
        "Rechazar la solución",
        "Reject the resolution",
    ),
    ("action.close", "Cerrar", "Close"),
    ("action.cancel", "Anular", "Cancel ticket"),
    (
        "action.resolve_incident",
        "Resolver incidente",
        "Resolve incident",
    ),
    ("intake.title", "Recepción de averías", "Fault intake"),
    (
        "intake.search",
        "Cuenta, número de línea o nombre",
        "Account, line number or name",
    ),
    ("intake.find", "Buscar", "Find"),
    (
        "intake.no_match",
        "Ninguna cuenta coincide.",
        "No account matches.",
    ),
    ("intake.operative", "Operativa", "Operative"),
    ("intake.debt", "Con deuda", "Has debt"),
    ("intake.debt_amount", "Deuda pendiente", "Outstanding debt"),
    ("intake.choose", "Reportar", "Report"),
    (
        "intake.report_for",
        "Reporte de avería para la cuenta",
        "Fault report for account",
    ),
    ("intake.lines", "Líneas afectadas", "Affected lines"),
    ("intake.fault_type", "Tipo de falla", "Fault type"),
    (
        "intake.fault_type_unknown",
        "Por clasificar",
        "To be classified",
    ),
    ("intake.description", "Qué ocurre", "What is happening"),
    ("intake.contact_name", "Nombre del contacto", "Contact name"),
    (
        "intake.contact_phone",
        "Teléfono del contacto",
        "Contact phone",
    ),
    (
        "intake.contact_email",
        "Correo del contacto (opcional)",
        "Contact email (optional)",
    ),
    ("intake.submit", "Abrir avería", "Open fault"),
    (
        "intake.opened",
        "Avería abierta. Número para el cliente:",
        "Fault opened. Number for the caller:",
    ),
    (
        "intake.refused",
        "No se puede reportar la avería: la cuenta tiene deuda pendiente. El reporte rechazado quedó registrado.",
        "The fault cannot be reported: the account has an outstanding debt. The refused report was recorded.",
    ),
    (
        "intake.another",
        "Atender otra llamada",
        "Take another call",
    ),
    ("portal.title", "Mis averías", "My faults"),
    (
        "portal.none",
        "Su cuenta no tiene averías reportadas.",
        "Your account has no reported faults.",
    ),
    ("portal.report", "Reportar una avería", "Report a fault"),
    (
        "portal.opened",
        "Recibimos su reporte. Su número de avería es",
        "We received your report. Your fault number is",
    ),
    ("nav.center", "Mi centro", "My center"),
    ("repair.title", "Cita de reparación", "Repair appointment"),
    ("repair.book", "Cita de reparación", "Repair appointment"),
    ("repair.appointments", "Citas", "Appointments"),
    (
        "repair.free_slots",
        "Horarios libres (próximos 7 días)",
        "Free slots (next 7 days)",
    ),
    ("repair.confirm", "Reservar", "Book"),
    ("repair.cancel", "Anular la cita", "Cancel the appointment"),
    ("repair.move", "Mover la cita", "Move the appointment"),
    (
        "repair.move_to",
        "Mover a otro horario libre",
        "Move to another free slot",
    ),
    ("repair.choose_slot", "Elija un horario.", "Choose a slot."),
    ("repair.when", "Fecha y hora", "When"),
    ("repair.work_done", "Trabajo realizado", "Work done"),
    ("repair.result", "Resultado", "Result"),
    (
        "repair.backup",
        "Equipo de respaldo entregado",
        "Backup unit handed over",
    ),
    (
        "repair.no_backup",
        "Ninguno (se reparó el equipo del cliente)",
        "None (the customer's device was repaired)",
    ),
    (
        "center.title",
        "Centro de instalación",
        "Installation center",
    ),
    (
        "center.lookup",
        "Buscar por número de avería",
        "Find by fault number",
    ),
    (
        "center.week",
        "Citas de los próximos 7 días",
        "Appointments, next 7 days",
    ),
    ("center.none", "No hay citas.", "No appointments."),
    ("center.stock", "Inventario de respaldo", "Backup stock"),
    ("center.model", "Modelo", "Model"),
    ("center.available", "Disponibles", "Available"),
    ("center.reserved", "Reservados", "Reserved"),
    ("center.in_transit", "En tránsito", "In transit"),
    ("center.low", "bajo el mínimo", "below reorder level"),
    ("nav.reports", "Reporte semanal", "Weekly report"),
    (
        "reports.title",
        "Reporte semanal de averías",
        "Weekly fault report",
    ),
    ("reports.week", "Semana", "Week"),
    ("reports.show", "Ver", "Show"),
    (
        "reports.in_progress",
        "La semana está en curso: las cifras cambian con cada avería.",
        "The week is still running: the figures move with every fault.",
    ),
    ("reports.download", "Descargar", "Download"),
    ("reports.chart", "Gráfico", "Chart"),
    ("nav.incidents", "Incidentes masivos", "Mass incidents"),
    (
        "incident.list_title",
        "Incidentes masivos",
        "Mass incidents",
    ),
    ("incident.open", "Abiertos", "Open"),
    (
        "incident.none",
        "No hay incidentes abiertos.",
        "No open incidents.",
    ),
    (
        "incident.new",
        "Nuevo incidente de red",
        "New network incident",
    ),
    ("incident.title", "Título", "Title"),
    ("incident.owner", "Grupo responsable", "Owning group"),
    ("incident.severity", "Severidad", "Severity"),
    ("incident.create", "Abrir incidente", "Open incident"),
    ("incident.details", "Ficha completa", "Full record"),
    (
        "incident.fan_out",
        "Averías resueltas con el incidente",
        "Faults resolved with the incident",
    ),
    (
        "incident.skipped",
        "Sin cambios (ya resueltas, cerradas o anuladas)",
        "Left as they were (already resolved, closed or cancelled)",
    ),
    (
        "incident.no_children",
        "Ninguna avería asociada todavía.",
        "No faults attached yet.",
    ),
    ("incident.attach", "Asociar averías", "Attach faults"),
    (
        "incident.search",
        "Texto o tipo de falla",
        "Text or fault type",
    ),
    ("incident.select_all", "Seleccionar todas", "Select all"),
    (
        "incident.attach_selected",
        "Asociar las seleccionadas",
        "Attach the selected",
    ),
    (
        "incident.no_candidates",
        "Ninguna avería abierta sin incidente coincide.",
        "No open fault without an incident matches.",
    ),
    (
        "incident.choose",
        "Seleccione al menos una avería.",
        "Select at least one fault.",
    ),
    ("nav.maintenance", "Mantenimientos", "Maintenance"),
    (
        "maint.title",
        "Mantenimientos programados",
        "Planned maintenance",
    ),
    (
        "maint.none",
        "No hay mantenimientos.",
        "No maintenance works.",
    ),
    ("maint.start", "Inicio", "Start"),
    ("maint.end", "Fin", "End"),
    ("maint.latest_notice", "Aviso a más tardar", "Latest notice"),
    ("maint.notice_sent", "Aviso enviado", "Notice sent"),
    (
        "maint.window_closes",
        "Cierre de objeciones",
        "Objections close",
    ),
    ("maint.objections", "Objeciones", "Objections"),
    (
        "maint.plan",
        "Programar un mantenimiento",
        "Plan a maintenance work",
    ),
    ("maint.plan_submit", "Programar", "Plan"),
    ("maint.impact", "Impacto", "Impact"),
    (
        "maint.elements",
        "Elementos afectados (separados por comas)",
        "Affected elements (comma-separated)",
    ),
    ("maint.accounts", "Cuentas afectadas", "Affected accounts"),
    (
        "maint.emergency",
        "Justificación de emergencia (solo si el aviso va tarde)",
        "Emergency justification (only if the notice is late)",
    ),
    ("maint.notify", "Enviar aviso", "Send notice"),
    ("maint.informed", "Informada", "Informed"),
    ("maint.answered_by", "Respondió", "Answered by"),
    ("maint.objection", "Objeción", "Objection"),
    (
        "maint.alternative",
        "Horario alternativo",
        "Alternative window",
    ),
    ("maint.answer", "Responder el aviso", "Answer the notice"),
    (
        "maint.objection_hint",
        "Si no puede prescindir del servicio en ese horario, diga por qué (vacío: sin objeción)",
        "If you cannot do without the service then, say why (empty: no objection)",
    ),
    ("maint.answer_submit", "Enviar respuesta", "Send answer"),
    (
        "portal.maintenance",
        "Mantenimientos que afectan a su cuenta",
        "Maintenance affecting your account",
    ),
    ("nav.me", "Mi cuenta", "My account"),
    ("nav.users", "Usuarios", "Users"),
    ("me.title", "Mi cuenta", "My account"),
    ("me.password", "Contraseña", "Password"),
    ("me.current", "Contraseña actual", "Current password"),
    (
        "me.new",
        "Contraseña nueva (8 caracteres o más)",
        "New password (8 characters or more)",
    ),
    ("me.change", "Cambiar contraseña", "Change password"),
    (
        "me.wrong_password",
        "La contraseña actual no es correcta.",
        "The current password is not right.",
    ),
    ("me.token", "Token de la API", "API token"),
    (
        "me.token_hint",
        "Un token nuevo reemplaza al anterior, que deja de funcionar en el acto.",
        "A new token replaces the old one, which stops working at once.",
    ),
    ("me.new_token", "Emitir un token nuevo", "Issue a new token"),
    ("me.token_issued", "Token emitido.", "Token issued."),
    (
        "me.token_once",
        "Cópielo ahora: no se volverá a mostrar.",
        "Copy it now: it will not be shown again.",
    ),
    ("users.title", "Usuarios", "Users"),
    ("users.role", "Rol", "Role"),
    ("users.reset", "Fijar contraseña", "Set password"),
    ("users.inactive", "inactivo", "inactive"),
    ("users.activate", "Activar", "Activate"),
    ("users.deactivate", "Desactivar", "Deactivate"),
    ("nav.statistics", "Estadísticas", "Statistics"),
    ("stats.title", "Estadísticas de averías", "Fault statistics"),
    ("stats.from", "Desde", "From"),
    ("stats.to", "Hasta", "To"),
    ("nav.warehouse", "Almacén", "Warehouse"),
    ("warehouse.title", "Almacén", "Warehouse"),
    (
        "warehouse.returns",
        "Equipos reemplazados por recibir",
        "Replaced devices to receive",
    ),
    ("warehouse.endorsement", "Aval", "Endorsement"),
    ("warehouse.from", "Desde", "From"),
    (
        "warehouse.check",
        "Verificar y recibir",
        "Check and receive",
    ),
    (
        "warehouse.imei_read",
        "IMEI leído del equipo",
        "IMEI read off the device",
    ),
    ("warehouse.receive", "Recibir", "Receive"),
    (
        "warehouse.no_returns",
        "Nada por recibir.",
        "Nothing to receive.",
    ),
    (
        "warehouse.owed",
        "Reposiciones pendientes",
        "Replenishments owed",
    ),
    ("warehouse.center", "Centro", "Center"),
    ("warehouse.requested", "Solicitada", "Requested"),
    ("warehouse.ship", "Enviar", "Ship"),
    (
        "warehouse.none_in_stock",
        "Sin unidades de ese modelo",
        "No unit of that model",
    ),
    (
        "warehouse.nothing_owed",
        "No se debe nada.",
        "Nothing is owed.",
    ),
    (
        "warehouse.received",
        "Recibido el equipo del aval",
        "Received the device of endorsement",
    ),
    ("warehouse.shipped", "Unidad enviada a", "Unit shipped to"),
    (
        "center.incoming",
        "Reposiciones en camino",
        "Replenishments on the way",
    ),
    ("center.arrived", "Confirmar llegada", "Confirm arrival"),
    ("status.acknowledged", "Recibida", "Received"),
    ("status.inProgress", "En atención", "In progress"),
    ("status.pending", "Pendiente", "Pending"),
    ("status.held", "En espera", "On hold"),
    ("status.resolved", "Resuelta", "Resolved"),
    ("status.closed", "Cerrada", "Closed"),
    ("status.cancelled", "Anulada", "Cancelled"),
    ("status.rejected", "Rechazada", "Rejected"),
    (
        "next.acknowledged",
        "El Centro de Servicio y Monitoreo revisará su avería.",
        "The service and monitoring center will review your fault.",
    ),
    (
        "next.inProgress",
        "Estamos trabajando en su avería; le avisaremos de cada cambio.",
        "We are working on your fault and will tell you of every change.",
    ),
    (
        "next.pending",
        "Esperamos una respuesta o una cita; le avisaremos.",
        "We are waiting for an answer or an appointment; we will let you know.",
    ),
    (
        "next.held",
        "Su avería está en espera; le avisaremos cuando continúe.",
        "Your fault is on hold; we will tell you when it resumes.",
    ),
    (
        "next.resolved",
        "La avería fue resuelta. Si persiste, puede rechazar la solución.",
        "The fault was resolved. If it persists, you can reject the resolution.",
    ),
    (
        "next.closed",
        "La avería está cerrada.",
        "The fault is closed.",
    ),
    (
        "next.cancelled",
        "La avería fue anulada.",
        "The fault was cancelled.",
    ),
    (
        "next.rejected",
        "El reporte fue rechazado.",
        "The report was rejected.",
    ),
    ("error.title", "No se pudo completar", "That did not work"),
    (
        "error.not_found",
        "No existe, o no tiene acceso a ella.",
        "It does not exist, or you have no access to it.",
    ),
    (
        "error.forbidden",
        "Su rol no permite esta operación.",
        "Your role does not allow this.",
    ),
    (
        "error.csrf",
        "El formulario caducó o no vino de esta página. Recargue e intente de nuevo.",
        "The form expired or did not come from this page. Reload and try again.",
    ),
    (
        "error.invalid_text",
        "El campo «{field}» contiene un carácter de control. El texto admite tabuladores y saltos de línea, pero no otros caracteres de control; no se guardó nada.",
        "The field '{field}' holds a control character. Text may hold tabs and line breaks but no other control characters; nothing was saved.",
    ),
    ("error.back", "Volver", "Back"),
    (
        "error.required",
        "Este dato es obligatorio.",
        "This is required.",
    ),
    (
        "field.error",
        "Revise el dato marcado.",
        "Check the marked field.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_a_template_uses_is_translated() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/ui");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).expect("templates/ui exists") {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split("tr.t(\"").skip(1) {
                let key = &part[..part.find('"').unwrap()];
                if !TEXTS.iter().any(|(k, _, _)| *k == key) {
                    missing.push(key.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "untranslated keys: {missing:?}");
    }

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        for (i, (k, es, en)) in TEXTS.iter().enumerate() {
            assert!(!es.is_empty() && !en.is_empty(), "{k}");
            assert!(
                TEXTS[i + 1..].iter().all(|(other, _, _)| other != k),
                "{k} twice"
            );
        }
        assert_eq!(Tr(Lang::En).t("login.submit"), "Sign in");
        assert_eq!(Tr(Lang::Es).t("login.submit"), "Entrar");
    }
}
