### The console's words: pages, forms, buttons, labels and the notices
### a desk worker reads. Ids are `<page or area>-<name>`.

## app

app-name = Averías
app-skip = Saltar al contenido

## nav

nav-queue = Cola
nav-intake = Recepción
nav-portal = Mis averías
nav-report = Reportar avería
nav-signout = Cerrar sesión
nav-signout_all = Cerrar todas mis sesiones
nav-language = English
nav-center = Mi centro
nav-reports = Reporte semanal
nav-incidents = Incidentes masivos
nav-maintenance = Mantenimientos
nav-me = Mi cuenta
nav-users = Usuarios
nav-statistics = Estadísticas
nav-warehouse = Almacén

## login

login-title = Iniciar sesión
login-user = Usuario
login-password = Contraseña
login-submit = Entrar
login-failed = Usuario o contraseña incorrectos.
login-too_many = Demasiados intentos. Espere un minuto e intente de nuevo.
login-expired = El formulario caducó. Intente de nuevo.
login-signed_out = Sesión cerrada.

## queue

queue-title = Cola de averías
queue-group = Grupo
queue-status = Estado
queue-any = Todos
queue-open = Abiertas
queue-breached = Solo vencidas
queue-filter = Filtrar
queue-empty = No hay averías en esta cola.
queue-count = averías
queue-refresh = Se actualiza cada 30 segundos.
queue-save_view = Guardar esta vista como
queue-save = Guardar
queue-delete_view = Borrar la vista

## clock

clock-explain = Cómo se contó el plazo
clock-calendar = Calendario
clock-target = Meta
clock-counted_total = Contado
clock-counted = cuenta
clock-paused = en pausa
clock-stopped = detenido

## users

users-new = Nuevo usuario
users-account = Cuenta (solo clientes)
users-email = Correo para notificaciones (opcional)
users-create = Crear usuario
users-role_required = Elija un rol.
users-title = Usuarios
users-role = Rol
users-reset = Fijar contraseña
users-inactive = inactivo
users-activate = Activar
users-deactivate = Desactivar

## maint

maint-override = Seguir adelante pese a las objeciones
maint-start_work = Iniciar el trabajo
maint-complete = Trabajo terminado
maint-cancel = Anular el trabajo
maint-reschedule = Cambiar las fechas (requiere un aviso nuevo)
maint-title = Mantenimientos programados
maint-none = No hay mantenimientos.
maint-start = Inicio
maint-end = Fin
maint-latest_notice = Aviso a más tardar
maint-notice_sent = Aviso enviado
maint-window_closes = Cierre de objeciones
maint-objections = Objeciones
maint-plan = Programar un mantenimiento
maint-plan_submit = Programar
maint-impact = Impacto
maint-elements_read = Elementos afectados
maint-elements = Elementos afectados (separados por comas)
maint-accounts = Cuentas afectadas
maint-emergency = Justificación de emergencia (solo si el aviso va tarde)
maint-notify = Enviar aviso
maint-informed = Informada
maint-answered_by = Respondió
maint-objection = Objeción
maint-alternative = Horario alternativo
maint-answer = Responder el aviso
maint-objection_hint = Si no puede prescindir del servicio en ese horario, diga por qué (vacío: sin objeción)
maint-answer_submit = Enviar respuesta

## col

col-number = Número
col-account = Cuenta
col-fault_type = Tipo de falla
col-status = Estado
col-stage = Etapa
col-reported = Reportada
col-deadline = Vence
col-remaining = Restante

## sla

sla-ok = a tiempo
sla-warning = por vencer
sla-breached = vencida
sla-stopped = detenido
sla-none = sin plazo

## ticket

ticket-title = Avería
ticket-account = Cuenta
ticket-lines = Líneas
ticket-channel = Canal
ticket-reporter = Contacto
ticket-description = Descripción
ticket-resolution = Solución
ticket-clock = Plazo de atención (24 h)
ticket-clock_policy_default = la política general
ticket-clock_policy = Política SLA
ticket-incident = Incidente masivo
ticket-next_step = Próximo paso
ticket-timeline = Historial
ticket-notes = Notas
ticket-no_notes = Sin notas.
ticket-internal = interna
ticket-public = pública
ticket-actions = Acciones
ticket-no_actions = No hay acciones disponibles para su rol en este momento.
ticket-add_note = Agregar nota
ticket-note_body = Nota
ticket-note_visibility = Visible para
ticket-note_internal = Solo personal del operador
ticket-note_public = También el cliente
ticket-reason = Motivo
ticket-done = Lo hecho
ticket-stale = Otra persona cambió esta avería mientras usted la veía. Revise su estado actual e intente de nuevo.
ticket-saved = Hecho.
ticket-escalate_to = Tipo de falla (decide el grupo)
ticket-choose_fault_type = Elija el tipo de falla
ticket-escalations = Escalamientos
ticket-notifications = Notificaciones enviadas
ticket-children = Averías asociadas

## action

action-start_work = Iniciar atención
action-resolve = Resolver
action-classify_point_fault = Falla puntual: enviar a reparación
action-escalate = Escalar
action-return_solution = Devolver solución a CSM
action-certify_repair = Certificar reparación
action-reject_resolution = Rechazar la solución
action-close = Cerrar
action-cancel = Anular
action-resolve_incident = Resolver incidente

## intake

intake-title = Recepción de averías
intake-search = Cuenta, número de línea o nombre
intake-find = Buscar
intake-no_match = Ninguna cuenta coincide.
intake-operative = Operativa
intake-debt = Con deuda
intake-debt_amount = Deuda pendiente
intake-choose = Reportar
intake-report_for = Reporte de avería para la cuenta
intake-all_lines = Todas las líneas de la cuenta
intake-lines = Líneas afectadas
intake-fault_type = Tipo de falla
intake-fault_type_unknown = Por clasificar
intake-description = Qué ocurre
intake-contact_name = Nombre del contacto
intake-open_faults = Estas líneas ya tienen una avería abierta
intake-open_faults_hint = Abra la avería y agregue una nota con lo que el cliente cuenta ahora; abra otra solo si es una falla distinta.
intake-open_another = Abrir otra avería de todos modos
intake-contact_phone = Teléfono del contacto
intake-contact_email = Correo del contacto (opcional)
intake-submit = Abrir avería
intake-opened = Avería abierta. Número para el cliente:
intake-refused = No se puede reportar la avería: la cuenta tiene deuda pendiente. El reporte rechazado quedó registrado.
intake-another = Atender otra llamada

## portal

portal-title = Mis averías
portal-none = Su cuenta no tiene averías reportadas.
portal-report = Reportar una avería
portal-opened = Recibimos su reporte. Su número de avería es
portal-maintenance = Mantenimientos que afectan a su cuenta

## repair

repair-title = Cita de reparación
repair-book = Cita de reparación
repair-appointments = Citas
repair-free_slots = Horarios libres (próximos 7 días)
repair-confirm = Reservar
repair-cancel = Anular la cita
repair-move = Mover la cita
repair-move_to = Mover a otro horario libre
repair-choose_slot = Elija un horario.
repair-when = Fecha y hora
repair-work_done = Trabajo realizado
repair-result = Resultado
repair-backup = Equipo de respaldo entregado
repair-no_backup = Ninguno (se reparó el equipo del cliente)

## center

center-title = Centro de instalación
center-lookup = Buscar por número de avería
center-week = Citas de los próximos 7 días
center-none = No hay citas.
center-stock = Inventario de respaldo
center-model = Modelo
center-available = Disponibles
center-reserved = Reservados
center-in_transit = En tránsito
center-low = bajo el mínimo
center-incoming = Reposiciones en camino
center-arrived = Confirmar llegada

## reports

reports-title = Reporte semanal de averías
reports-week = Semana
reports-show = Ver
reports-in_progress = La semana está en curso: las cifras cambian con cada avería.
reports-download = Descargar
reports-chart = Gráfico

## incident

incident-list_title = Incidentes masivos
incident-open = Abiertos
incident-none = No hay incidentes abiertos.
incident-new = Nuevo incidente de red
incident-title = Título
incident-owner = Grupo responsable
incident-severity = Severidad
incident-create = Abrir incidente
incident-details = Ficha completa
incident-fan_out = Averías resueltas con el incidente
incident-skipped = Sin cambios (ya resueltas, cerradas o anuladas)
incident-no_children = Ninguna avería asociada todavía.
incident-attach = Asociar averías
incident-search = Texto o tipo de falla
incident-select_all = Seleccionar todas
incident-attach_selected = Asociar las seleccionadas
incident-no_candidates = Ninguna avería abierta sin incidente coincide.
incident-choose = Seleccione al menos una avería.

## me

me-title = Mi cuenta
me-password = Contraseña
me-current = Contraseña actual
me-new = Contraseña nueva (8 caracteres o más)
me-change = Cambiar contraseña
me-wrong_password = La contraseña actual no es correcta.
me-token = Token de la API
me-token_hint = Un token nuevo reemplaza al anterior, que deja de funcionar en el acto.
me-new_token = Emitir un token nuevo
me-token_issued = Token emitido.
me-token_once = Cópielo ahora: no se volverá a mostrar.

## stats

stats-title = Estadísticas de averías
stats-from = Desde
stats-to = Hasta

## warehouse

warehouse-title = Almacén
warehouse-returns = Equipos reemplazados por recibir
warehouse-endorsement = Aval
warehouse-from = Desde
warehouse-check = Verificar y recibir
warehouse-imei_read = IMEI leído del equipo
warehouse-receive = Recibir
warehouse-no_returns = Nada por recibir.
warehouse-owed = Reposiciones pendientes
warehouse-center = Centro
warehouse-requested = Solicitada
warehouse-ship = Enviar
warehouse-none_in_stock = Sin unidades de ese modelo
warehouse-nothing_owed = No se debe nada.
warehouse-received = Recibido el equipo del aval
warehouse-imei_end = IMEI termina en
warehouse-shipped = Unidad enviada a

## status

status-acknowledged = Recibida
status-inProgress = En atención
status-pending = Pendiente
status-held = En espera
status-resolved = Resuelta
status-closed = Cerrada
status-cancelled = Anulada
status-rejected = Rechazada

## next

next-acknowledged = El Centro de Servicio y Monitoreo revisará su avería.
next-inProgress = Estamos trabajando en su avería; le avisaremos de cada cambio.
next-pending = Esperamos una respuesta o una cita; le avisaremos.
next-held = Su avería está en espera; le avisaremos cuando continúe.
next-resolved = La avería fue resuelta. Si persiste, puede rechazar la solución.
next-closed = La avería está cerrada.
next-cancelled = La avería fue anulada.
next-rejected = El reporte fue rechazado.

## error

error-title = No se pudo completar
error-not_found = No existe, o no tiene acceso a ella.
error-forbidden = Su rol no permite esta operación.
error-csrf = El formulario caducó o no vino de esta página. Recargue e intente de nuevo.
error-invalid_text = El campo «{ $field }» contiene un carácter de control. El texto admite tabuladores y saltos de línea, pero no otros caracteres de control; no se guardó nada.
error-back = Volver
error-required = Este dato es obligatorio.

## field

field-errors = { $count ->
    [one] Revise el dato marcado.
   *[other] Revise los { $count } datos marcados.
}
field-error = Revise el dato marcado.

## The procedure's names for actions, stages and roles (refusals and pages
## name them; the API keeps the codes)

action-link_to_incident = Asociar a un incidente
action-unlink_from_incident = Desasociar del incidente
action-resolve_with_incident = Resolver con el incidente

stage-with_csm = En el CSM
stage-escalated = Escalada a segundo nivel
stage-solution_returned = Solución devuelta al CSM
stage-awaiting_repair = En espera de reparación
stage-linked_to_incident = Asociada a un incidente
stage-repaired = Reparada
stage-resolved = Resuelta
stage-closed = Cerrada
stage-cancelled = Anulada

role-customer = Cliente
role-sales_consultant = Consultor de ventas
role-teleservice = Teleservicio
role-csm = Centro de Servicio y Monitoreo (CSM)
role-gsac = GSAC
role-cor = COR
role-sigis = SIGIS
role-installation_center = Centro de instalación autorizado
role-warehouse = Almacén
role-customer_service_mgmt = Gerencia de Atención al Cliente
role-product_development = Desarrollo de Productos
role-integration = Integración
role-admin = Administración

## What pages show for the other codes of the procedure (history actions,
## channels, severities, appointments, maintenance works, notifications)

action-open = Apertura

channel-phone = Teléfono
channel-fleet_line = Línea de flota
channel-email = Correo electrónico
channel-portal = Portal de clientes
channel-api = Sistema del cliente (API)

severity-critical = Crítica
severity-major = Mayor
severity-minor = Menor

appointment-booked = Reservada
appointment-cancelled = Anulada
appointment-no_show = El cliente no asistió
appointment-completed = Atendida

work-draft = Borrador
work-notified = Anunciado a los clientes
work-confirmed = Confirmado
work-objected = Con objeciones
work-in_progress = En curso
work-completed = Terminado
work-cancelled = Anulado

delivery-pending = Por enviar
delivery-sent = Enviado
delivery-dead = No se pudo enviar
delivery-logged = Registrado (canal sin envío)

event-ticket_opened = Avería abierta
event-consultant_informed = Aviso al consultor de ventas
event-report_refused = Reporte rechazado
event-ticket_escalated = Avería escalada
event-ticket_repaired = Equipo reparado
event-ticket_resolved = Avería resuelta
event-ticket_closed = Avería cerrada
event-sla_escalation = Escalamiento por plazo
event-ticket_assigned = Avería asignada
event-ticket_merged = Avería unida a otra
event-files_added = Archivos agregados a la avería
event-maintenance_notice = Aviso de mantenimiento
event-maintenance_customer_notice = Aviso de mantenimiento al cliente
event-objection_window_closing = Cierre del plazo de objeciones
event-sla_at_risk = Plazo en riesgo
event-appointment_booked = Cita reservada
event-appointment_changed = Cita cambiada
event-appointment_reminder = Recordatorio de cita
event-low_stock = Existencias bajas
event-weekly_report = Reporte semanal
event-TroubleTicketCreateEvent = TMF621: avería creada
event-TroubleTicketAttributeValueChangeEvent = TMF621: datos cambiados
event-TroubleTicketStatusChangeEvent = TMF621: estado cambiado
event-TroubleTicketResolvedEvent = TMF621: avería resuelta
event-TroubleTicketInformationRequiredEvent = TMF621: se requiere información
event-TroubleTicketDeleteEvent = TMF621: avería borrada

sent-email = Correo
sent-sms = SMS
sent-webhook = Sistema suscrito
col-when = Cuándo
col-event = Aviso
col-channel = Canal
col-recipient = Destinatario
col-state = Estado

confirm-cancel = ¿Anular esta avería? No se puede deshacer.
confirm-close = ¿Cerrar esta avería? No se puede reabrir.
confirm-reject_resolution = ¿Rechazar la solución y devolver la avería?
confirm-appointment_cancel = ¿Anular la cita? Perderá el lugar reservado.
confirm-deactivate = ¿Desactivar este usuario? No podrá entrar hasta que lo reactive.
confirm-new_token = ¿Emitir un token nuevo? El anterior deja de valer.
confirm-delete_view = ¿Borrar esta vista guardada?
confirm-work_cancel = ¿Anular este trabajo de mantenimiento? Se avisará a los clientes.

done-start_work = Atención iniciada.
done-resolve = Avería resuelta; se avisó al cliente.
done-classify_point_fault = Enviada a reparación: el cliente ya puede reservar una cita en un centro.
done-escalate = Escalada a { $group }.
done-return_solution = Solución devuelta al CSM.
done-certify_repair = Reparación certificada.
done-reject_resolution = Solución rechazada: la avería vuelve a atención.
done-close = Avería cerrada.
done-cancel = Avería anulada.
done-note = Nota agregada.

facts-edit = Corregir los datos de la avería
facts-severity = Gravedad
facts-reason = Por qué se corrigen (queda en el historial)
facts-save = Guardar la corrección
done-edit_facts = Datos corregidos.
action-edit_facts = Corrección de datos
action-assign = Asignación
action-merge = Unida como duplicada a
done-assign = Ahora la lleva { $owner }.
done-take = Ahora la lleva usted.
done-release = La avería queda sin responsable.
done-merge = Unida como duplicada a { $original }; se avisó al cliente.

queue-search = Buscar
queue-search_hint = Número o palabras
queue-pages = Páginas de la cola
queue-previous = Anterior
queue-next = Siguiente
queue-page = Página { $page }
queue-page_of = Página { $page } de { $pages }
col-title = Título

repair-places_left = { $count ->
    [one] queda 1 lugar
   *[other] quedan { $count } lugares
}
repair-booked = Cita reservada para el { $when } en { $center }, { $address }. Lleve el equipo, su cargador y su documento de identidad; le recordaremos la cita un día antes.
repair-not_bookable = Esta avería no está esperando reparación, así que no hay cita que reservar.
repair-no_slots = No quedan horarios libres en los próximos 7 días. Llame al centro de atención para acordar una cita.
repair-bring = Lleve el equipo, su cargador y su documento de identidad.
weekday-0 = lunes
weekday-1 = martes
weekday-2 = miércoles
weekday-3 = jueves
weekday-4 = viernes
weekday-5 = sábado
weekday-6 = domingo

ticket-devices = Equipos del cliente
repair-other_model = otro modelo
center-out = Agotado

portal-faults = Sus averías
portal-show_open = Abiertas
portal-show_closed = Cerradas
portal-show_all = Todas
portal-book_needed = Su equipo debe ir a un centro de reparación: reserve su cita, o revise la que ya tiene.
portal-book_button = Cita de reparación

esc-why = { $delay } min en el calendario { $calendar } después de { $event }; { $condition }
esc-opened = el reporte
esc-warning = que el plazo llegara al { $percent } %
esc-breach = el vencimiento del plazo
esc-stage = la entrada en la etapa «{ $stage }»
esc-unresolved = la avería sigue sin resolver
esc-not_taken = nadie actuó desde que entró en su etapa
esc-late = se disparó { $seconds } s tarde (el servidor no estaba en marcha, o iba atrasado, a la hora debida)

## Owner (issue 21)
ticket-owner = Responsable
ticket-no_owner = Sin responsable
owner-take = Tomarla
owner-assign_to = Asignar a
owner-assign = Asignar
owner-release = Liberar
owner-choose = Elija a una persona
col-owner = Responsable
queue-mine = Mis averías
queue-unowned = Sin responsable

## Customer context (issue 21)
context-title = El cliente
context-faults = Otras averías de la cuenta
context-no_faults = La cuenta no tiene otras averías.
context-lines = Líneas de la cuenta
context-on_ticket = en esta avería

## Merge (issue 21)
ticket-duplicate_of = Duplicada de
merge-title = Unir como duplicada
merge-hint = Esta avería se anula y sus notas pasan a la avería elegida; se avisa al cliente qué número seguir.
merge-into = Avería que continúa
merge-choose = Elija una avería abierta de la cuenta
merge-do = Unir como duplicada
confirm-merge = ¿Unir esta avería como duplicada? Se anulará y sus notas pasarán a la otra.
ticket-follow_original = Es la misma falla que otra avería: siga la avería

## Bulk steps on a queue selection (issue 21)
bulk-select = Marcar
bulk-select_all = Marcar todas las de esta página
bulk-with_selected = Con las marcadas
bulk-choose = Elija qué hacer
bulk-take = Tomarlas
bulk-assign = Asignarlas a
bulk-note = Agregar una nota interna
bulk-note_text = Nota
bulk-close = Cerrar las resueltas
bulk-link = Asociarlas al incidente
bulk-incident = Incidente
bulk-apply = Aplicar
bulk-done = Hecho en { $count ->
    [one] una avería.
   *[other] { $count } averías.
}
bulk-refused = No se pudo en estas (ábralas para ver el detalle):
bulk-forbidden = su rol no puede hacerlo en esta avería.
bulk-not_found = no existe, o no tiene acceso a ella.
bulk-illegal_transition = no se puede en el estado en que está.
bulk-nothing_to_change = ya estaba así.
bulk-owner_not_in_group = esa persona no trabaja en el grupo que la tiene.
bulk-ticket_not_open = ya terminó.
bulk-stale_version = otra persona la cambió en ese momento.
bulk-concurrent_update = otra persona la cambió en ese momento.
bulk-other = no se pudo hacer en esta avería.

## Keyboard shortcuts (issue 21)
keys-open = Atajos de teclado
keys-title = Atajos de teclado
keys-help = Mostrar esta ayuda
keys-search = Ir al buscador
keys-queue = Ir a la cola
keys-mine = Ir a mis averías
keys-rows = Bajar / subir por las averías de la cola
keys-tick = Marcar la avería en la que está
keys-take = Tomar la avería abierta
keys-note = Escribir una nota en la avería abierta
keys-facts = Corregir los datos de la avería abierta
keys-close = Cerrar

## Canned responses (issue 21)
canned-insert_label = Respuesta predefinida
canned-insert = Insertar
canned-english = en inglés
canned-title = Respuestas predefinidas
canned-group = Grupo
canned-name = Nombre
canned-body_es = Texto en español
canned-body_en = Texto en inglés
canned-placeholders = Puede usar { "{{ticket}}" } (número de la avería), { "{{customer}}" } (cliente), { "{{contact}}" } (contacto) y { "{{agent}}" } (quien la inserta).
canned-create = Agregar
canned-delete = Eliminar
canned-none = Aún no hay respuestas predefinidas.
confirm-delete_canned = ¿Eliminar esta respuesta predefinida?
nav-canned = Respuestas predefinidas

## Maintenance accounts from a search (issue 21)
maint-find_accounts = Buscar cuentas (número, nombre o línea)
maint-find = Buscar
maint-found_none = Ninguna cuenta coincide.
maint-accounts_typed = O escriba sus números, separados por comas

## Attachments (issue 22)
files-title = Adjuntos
files-none = Sin adjuntos.
files-choose = Archivos
files-hint = Fotos, PDF, texto o documentos de oficina; hasta 10 MB cada uno y 50 MB por avería.
files-note = Nota (opcional)
files-attach = Adjuntar
files-delete = Eliminar
files-scan_pending = En revisión antivirus; podrá abrirse en un momento.
files-quarantined = En cuarentena por el antivirus; no puede abrirse
confirm-delete_file = ¿Eliminar este archivo? El historial conservará que existió.
done-attach = Archivos adjuntados.
done-detach = Archivo eliminado.
action-attach = Archivos adjuntados
action-detach = Archivo eliminado
filetype-image = Imagen
filetype-pdf = PDF
filetype-text = Texto
filetype-document = Documento
search-title = Búsqueda
search-label = Buscar
search-hint = Número, línea o palabras
search-go = Buscar
search-how = Sin importar mayúsculas ni acentos; «reparación» encuentra «reparar»; un número de avería la abre; cuatro o más cifras buscan líneas, equipos y números.
search-none = No se encontró nada. Pruebe con menos palabras o con el número de la línea.
search-accounts = Cuentas
search-lines = Líneas
search-tickets = Averías
search-more = Más resultados
portal-search = Buscar en mis averías
portal-search_hint = Número, línea o palabras
