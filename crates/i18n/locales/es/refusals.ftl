### Rechazos: los mensajes que ve una persona en la consola web cuando el
### sistema no acepta lo que pidió. Un mensaje por código de error de la API,
### con el id refusal-<código> (el código conserva sus guiones bajos).
###
### Argumentos que recibe cada clase de mensaje (no se usan otros):
### - Datos no válidos (Invalid: required, invalid_imei, unknown_account...):
###   $field, el campo tal como lo nombra la API (description, lines[1],
###   reporter.name); puede llegar vacío, por eso casi ningún mensaje lo usa.
### - Choques con datos propios (Clash: slot_full, unit_taken...): los miembros
###   escalares de su objeto details, como texto, con su nombre JSON. Se usan:
###   unit_taken, unit_exists: $imei; unit_not_here, unit_not_in_center: $imei,
###   $location; endorsement_mismatch: $endorsed_imei, $received_imei;
###   model_mismatch: $requested, $offered.
### - refusal-not_found: $what (la entidad, en inglés: no se usa) y $key.
### - refusal-action_not_allowed_for_role: $action, $role (ya traducidos).
### - refusal-illegal_transition: $action, $status, $stage (ya traducidos).
### - refusal-account_has_debt: $account, $outstanding (monto con moneda).
### - refusal-stale_version: $number, $current, $expected.
### - refusal-forbidden, refusal-conflict, refusal-concurrent_update,
###   refusal-unauthenticated, refusal-idempotency_key_reused,
###   refusal-internal, refusal-request_timeout, refusal-too_many_attempts:
###   ninguno.

refusal-account_fields_required = Para crear la cuenta, indique su número y su nombre. No se guardó nada.
refusal-account_has_debt = La cuenta { $account } tiene una deuda pendiente de { $outstanding }. La avería podrá reportarse cuando la deuda esté pagada; el reporte rechazado quedó registrado.
refusal-account_required = Un usuario con rol de cliente debe pertenecer a una cuenta: indique la cuenta. No se guardó nada.
refusal-accounts_required = Indique las cuentas afectadas por el mantenimiento, o líneas de esas cuentas. No se guardó nada.
refusal-action_not_allowed_for_role = La acción «{ $action }» no está permitida a su rol ({ $role }) en este caso: o su rol no la realiza, o la avería está a cargo de otro grupo. No se cambió nada.
refusal-already_received = El equipo de este aval ya fue recibido en el almacén. No se guardó nada.
refusal-appointment_exists = Esta avería ya tiene una cita de reparación. Para cambiarla, mueva o anule esa cita. No se guardó nada.
refusal-appointment_not_active = La cita ya no está reservada (fue atendida, anulada o marcada como inasistencia), por eso ya no se puede mover, anular ni cerrar. Recargue la página para ver cómo quedó. No se guardó nada.
refusal-appointment_not_started = La inasistencia solo puede registrarse una vez llegada la hora de la cita. Espere a que comience el horario e intente de nuevo. No se guardó nada.
refusal-callback_not_allowed = La dirección de notificación no está permitida: debe ser una dirección web válida que apunte a un servidor público, sin usuario ni contraseña. Si el servidor es interno, el operador del sistema puede autorizarlo. No se guardó nada.
refusal-cannot_deactivate_self = No puede desactivar su propio usuario. Si hace falta, pídaselo a otro administrador. No se guardó nada.
refusal-concurrent_update = Otra persona modificó este registro al mismo tiempo que usted. Recargue la página, revise cómo quedó e intente de nuevo. No se guardó nada.
refusal-conflict = No se puede completar porque choca con datos que ya existen o con el estado actual del registro (por ejemplo, un número o un nombre que ya está en uso, o una avería ya cerrada). Revise los datos e intente de nuevo. No se guardó nada.
refusal-contact_required = Indique el nombre y el teléfono del contacto. No se guardó nada.
refusal-dates_required = Indique la fecha y hora de inicio y de fin del trabajo. No se guardó nada.
refusal-demo = La carga de los datos de demostración se detuvo por un error. Avise a soporte técnico.
refusal-description_required = Describa la falla: qué es lo que ocurre. No se guardó nada.
refusal-empty_note = La nota está vacía. Escriba el texto de la nota. No se guardó nada.
refusal-endorsement_mismatch = El equipo recibido (IMEI { $received_imei }) no es el del aval, que corresponde al IMEI { $endorsed_imei }. Revise el paquete. No se guardó nada.
refusal-equipment_not_in_account = Uno de los equipos indicados pertenece a otra cuenta. Quítelo o verifique que la cuenta sea la correcta. No se guardó nada.
refusal-fault_type_fields_required = Un tipo de falla necesita código y nombre. No se guardó nada.
refusal-fault_type_required = Para escalar la avería, primero asígnele un tipo de falla: el escalamiento depende de él. No se guardó nada.
refusal-forbidden = Su usuario no tiene permiso para esta operación, por eso no se cambió nada. Si cree que debería tenerlo, consulte con el administrador del sistema.
refusal-form_too_large = El formulario es demasiado grande para enviarlo; probablemente algún texto es muy largo. Acórtelo e intente de nuevo. No se guardó nada.
refusal-idempotency_key_reused = Esta solicitud trae una clave de reintento (Idempotency-Key) que ya se usó para un reporte distinto, por eso no se abrió ninguna avería. Para un reporte nuevo, use una clave nueva.
refusal-illegal_transition = La acción «{ $action }» no procede en la situación actual (estado: { $status }; etapa: { $stage }). Recargue la página para ver las acciones disponibles. No se cambió nada.
refusal-internal = Ocurrió un error en el sistema y quedó registrado para su revisión. Intente de nuevo en unos minutos; si se repite, avise a soporte técnico.
refusal-invalid_calendar = El calendario no es válido: cada tramo debe terminar después de empezar, los tramos de un mismo día no pueden solaparse y debe haber al menos un horario de trabajo. No se guardó nada.
refusal-invalid_calendar_name = El nombre del calendario solo admite letras, dígitos, guiones (-) y guiones bajos (_). No se guardó nada.
refusal-invalid_callback = La dirección de notificación debe ser una URL que empiece por http:// o https://, de 2000 caracteres como máximo. No se guardó nada.
refusal-invalid_code = El código solo admite letras minúsculas, dígitos y guiones (-), hasta 40 caracteres. No se guardó nada.
refusal-invalid_dates = La fecha de fin debe ser posterior a la de inicio. No se guardó nada.
refusal-invalid_demo_data = Los datos de demostración no son válidos y su carga se detuvo. Avise a soporte técnico.
refusal-invalid_email = La dirección de correo no es válida. Revísela e intente de nuevo. No se guardó nada.
refusal-invalid_endorsement_number = El número de aval no es válido: tiene la forma AVAL-2026-000042. Revíselo e intente de nuevo. No se guardó nada.
refusal-invalid_escalation_rule = La regla de escalamiento no es válida: revise sus pasos (un nombre distinto para cada uno, la demora, al menos una acción, el porcentaje entre 1 y 99, la etapa y las repeticiones). No se guardó nada.
refusal-invalid_external_id = Un identificador externo no es válido: debe tener un identificador no vacío, cada uno de sus datos puede tener hasta 200 caracteres, y no puede repetirse. No se guardó nada.
refusal-invalid_form = No se pudo leer el formulario: falta algún dato o no tiene el formato esperado (por ejemplo, una fecha o un número). Revise los datos e intente de nuevo. No se guardó nada.
refusal-invalid_group_code = El código de grupo solo admite letras minúsculas, dígitos, guiones (-) y guiones bajos (_). No se guardó nada.
refusal-invalid_imei = El IMEI no es válido: debe tener 15 dígitos con el dígito verificador correcto. Revíselo e intente de nuevo. No se guardó nada.
refusal-invalid_interval = Un tramo del horario semanal no es válido: escríbalo como hora de inicio y hora de fin, por ejemplo 08:00-12:00. No se guardó nada.
refusal-invalid_lang = El idioma del reporte debe ser español (es) o inglés (en).
refusal-invalid_level = El nivel de escalamiento debe ser primer nivel (first) o segundo nivel (second). No se guardó nada.
refusal-invalid_minimum = El nivel mínimo de inventario debe ser de cero unidades o más. No se guardó nada.
refusal-invalid_minutes = La cantidad de minutos debe estar entre 0 y el equivalente a un año.
refusal-invalid_msisdn = El número de línea no es válido: escríbalo en formato internacional (+58 416 1234567) o nacional (0416-1234567). No se guardó nada.
refusal-invalid_page = No se puede mostrar esa página de la lista: la cantidad por página o la posición no es válida. Vuelva al inicio de la lista.
refusal-invalid_range = El rango de fechas no es válido: revise que ambas fechas existan y que la final sea posterior a la inicial.
refusal-invalid_related_place = La búsqueda de horarios debe hacerse en un centro de instalación o en un área.
refusal-invalid_sla_policy = La política SLA no es válida: revise su nombre, sus metas en minutos, su calendario, los porcentajes de alerta (entre 1 y 99) y los estados de pausa. La política «default» es la general y no puede limitarse a un tipo de falla ni a una severidad. No se guardó nada.
refusal-invalid_slot_capacity = Cada horario debe admitir entre 1 y 1000 citas. No se guardó nada.
refusal-invalid_slot_minutes = Cada horario de citas debe durar entre 5 y 480 minutos. No se guardó nada.
refusal-invalid_state = El estado elegido no existe. Elija uno de la lista.
refusal-invalid_text = El campo «{ $field }» contiene un carácter de control que no se puede guardar. El texto admite tabuladores y saltos de línea, pero no otros caracteres de control (suelen colarse al copiar y pegar). Quítelo e intente de nuevo. No se guardó nada.
refusal-invalid_ticket_number = El número de avería no es válido: tiene la forma AV-2026-000123. Revíselo e intente de nuevo.
refusal-invalid_ticket_reference = La referencia de avería no es válida: use un número de avería como AV-2026-000123. No se guardó nada.
refusal-invalid_view_name = El nombre de la vista debe tener entre 1 y 60 caracteres. No se guardó nada.
refusal-invalid_week = La semana no es válida: use el año y el número de semana, por ejemplo 2026-W48.
refusal-invalid_zone = La zona horaria no es válida: use un nombre como America/Caracas. No se guardó nada.
refusal-line_has_no_device = La línea no tiene un equipo registrado que reemplazar, así que no puede recibir un equipo de respaldo. No se guardó nada.
refusal-line_not_in_account = Una de las líneas indicadas no pertenece a esta cuenta. Quítela o verifique que la cuenta sea la correcta. No se guardó nada.
refusal-line_not_on_ticket = La línea indicada no forma parte de esta avería. Elija una de las líneas de la avería. No se guardó nada.
refusal-line_or_equipment_required = Indique al menos una línea afectada (número telefónico) o un equipo afectado (IMEI). No se guardó nada.
refusal-make_model_required = Un equipo necesita marca y modelo. No se guardó nada.
refusal-model_mismatch = El centro pidió un { $requested } y la unidad elegida es un { $offered }. Envíe una unidad del modelo pedido. No se guardó nada.
refusal-msisdn_required = La avería tiene varias líneas: indique cuál de ellas recibe el equipo de respaldo. No se guardó nada.
refusal-name_mismatch = El nombre en los datos enviados no coincide con el del registro que se está editando. No se guardó nada.
refusal-name_required = El usuario necesita un nombre. No se guardó nada.
refusal-no_account = La avería no tiene una cuenta asociada, así que no se le puede entregar un equipo de respaldo. No se guardó nada.
refusal-no_accounts = Para generar averías de prueba, primero deben cargarse las cuentas de demostración. No se guardó nada.
refusal-no_working_time = El calendario no tiene horas hábiles en el período necesario, así que no se puede calcular el plazo ni la hora límite del aviso. Revise el calendario. No se guardó nada.
refusal-not_a_fault = Solo se pueden asociar averías de clientes a un incidente, y una de las elegidas es a su vez un incidente. No se guardó nada.
refusal-not_an_incident = La avería indicada es una avería de cliente, no un incidente masivo. No se guardó nada.
refusal-not_awaiting_repair = Esta avería no es una falla puntual a la espera de reparación: primero el Centro de Servicio y Monitoreo debe clasificarla así. No se puede agendar una cita para ella todavía. No se guardó nada.
refusal-not_found = No se encontró «{ $key }», o su usuario no tiene acceso a ese registro. Verifique el número o el código e intente de nuevo.
refusal-nothing_to_change = Los datos enviados son los que la avería ya tiene; no hay nada que corregir. No se cambió nada.
refusal-notice_too_late = El aviso va tarde: debía enviarse al menos 16 horas hábiles antes del inicio del trabajo. Para enviarlo de todos modos como aviso de emergencia, escriba la justificación de emergencia. No se guardó nada.
refusal-objection_required = Para proponer un horario alternativo, escriba también la objeción: por qué el cliente no puede prescindir del servicio en ese horario. No se guardó nada.
refusal-outside_opening_hours = La hora elegida no es un horario de citas del centro: cae fuera de su horario de atención o no coincide con el inicio de un turno. Elija uno de los horarios libres. No se guardó nada.
refusal-password_too_long = La contraseña puede tener como máximo 256 caracteres. No se guardó nada.
refusal-password_too_short = La contraseña debe tener al menos 8 caracteres. No se guardó nada.
refusal-range_too_long = El rango de fechas es demasiado largo. Acórtelo e intente de nuevo.
refusal-reason_required = Esta operación requiere un motivo. Escríbalo e intente de nuevo. No se guardó nada.
refusal-repair_closed = La reparación de esta avería ya fue certificada y no admite más registros. No se guardó nada.
refusal-replenishment_not_received = Esta reposición todavía no ha llegado al centro. Recargue la página para ver cómo quedó. No se guardó nada.
refusal-replenishment_not_requested = Esta reposición ya fue enviada, así que no se puede enviar de nuevo. Recargue la página para ver cómo quedó. No se guardó nada.
refusal-replenishment_not_shipped = Esta reposición no está en camino: el almacén aún no la ha enviado, o su llegada ya fue confirmada. Recargue la página para ver cómo quedó. No se guardó nada.
refusal-request_timeout = La operación tardó demasiado y se detuvo. Puede que el cambio se haya guardado completo o que no se haya guardado nada: recargue la página y revise antes de intentarlo de nuevo.
refusal-required = Falta un dato obligatorio: «{ $field }». Complételo e intente de nuevo. No se guardó nada.
refusal-resolution_required = Describa la solución: qué se hizo y cuál fue el resultado. No se guardó nada.
refusal-slot_full = Ese horario se acaba de llenar. Elija otro horario libre. No se guardó nada.
refusal-slot_in_past = Ese horario ya pasó. Elija un horario libre futuro. No se guardó nada.
refusal-slot_started = Ese horario ya comenzó: nadie puede llegar a tiempo. Elija uno que empiece más tarde. No se guardó nada.
refusal-stale_version = La avería { $number } cambió mientras usted la veía: ahora está en la versión { $current } y usted trabajaba sobre la versión { $expected }. Recárguela, revise los cambios e intente de nuevo. No se guardó nada.
refusal-start_in_past = El inicio de un trabajo planificado debe ser una fecha futura. No se guardó nada.
refusal-ticket_has_no_account = Es un incidente masivo, sin cuenta de cliente: sus datos los lleva el grupo de segundo nivel. No se cambió nada.
refusal-ticket_not_final = Solo se puede eliminar una avería cerrada, anulada o rechazada: ciérrela o anúlela primero. No se cambió nada.
refusal-ticket_not_open = Esta avería ya terminó (cerrada, anulada o rechazada): sus datos quedan como estaban. No se cambió nada.
refusal-tickets_required = Seleccione al menos una avería para asociar. No se guardó nada.
refusal-title_required = Escriba un título. No se guardó nada.
refusal-too_many_attempts = Demasiados intentos de inicio de sesión. Espere un minuto e intente de nuevo.
refusal-too_many_external_ids = Una avería admite como máximo 10 identificadores externos. No se guardó nada.
refusal-too_many_listeners = Ya tiene el máximo de suscripciones de notificación permitidas. Elimine una antes de crear otra. No se guardó nada.
refusal-unauthenticated = No se pudo confirmar su identidad: el usuario o la contraseña no son correctos, o su sesión expiró. Inicie sesión de nuevo.
refusal-unit_exists = Ya hay una unidad con el IMEI { $imei } en el inventario. No se guardó nada.
refusal-unit_not_available = Esa unidad ya no está disponible (está reservada, en tránsito o instalada). Elija otra unidad. No se guardó nada.
refusal-unit_not_here = La unidad { $imei } no está en esta ubicación, sino en { $location }. Verifique el IMEI. No se guardó nada.
refusal-unit_not_in_center = La unidad { $imei } no está en el inventario de su centro, sino en { $location }. Elija una unidad de su centro. No se guardó nada.
refusal-unit_taken = Otro técnico acaba de tomar el equipo de respaldo { $imei }. Elija otro equipo. No se guardó nada.
refusal-unknown_account = La cuenta indicada no existe. Verifique el número de cuenta e intente de nuevo. No se guardó nada.
refusal-unknown_action = La acción pedida no existe. No se guardó nada.
refusal-unknown_calendar = El calendario indicado no existe. Elija uno existente o créelo primero. No se guardó nada.
refusal-unknown_center = El centro indicado no existe o no está activo. Elija un centro de instalación activo. No se guardó nada.
refusal-unknown_chart = El reporte no tiene el gráfico pedido.
refusal-unknown_consultant = La persona indicada no es un consultor de ventas. No se guardó nada.
refusal-unknown_equipment = El equipo (IMEI) no está registrado. Regístrelo antes de asignarlo a una línea. No se guardó nada.
refusal-unknown_event = Uno de los eventos elegidos para la notificación no existe. No se guardó nada.
refusal-unknown_fault_type = El tipo de falla indicado no existe o no está activo. Elija uno del catálogo. No se guardó nada.
refusal-unknown_group = El grupo indicado no existe. No se guardó nada.
refusal-unknown_job_kind = Una tarea programada es de un tipo que el sistema no conoce y no se procesó. Avise a soporte técnico.
refusal-unknown_language = El idioma del contacto debe ser español (es) o inglés (en). No se guardó nada.
refusal-unknown_line = Una de las líneas indicadas no existe en el sistema. Verifique el número. No se guardó nada.
refusal-unknown_location = La ubicación indicada no es un centro de instalación ni un almacén. No se guardó nada.
refusal-unknown_reference = Uno de los datos hace referencia a algo que no existe en el sistema (por ejemplo, una cuenta, un grupo o un tipo de falla que ya no está). Revise los datos e intente de nuevo. No se guardó nada.
refusal-unknown_table = El reporte no tiene la tabla pedida.
refusal-unknown_unit = No hay ninguna unidad en el inventario con ese IMEI. Verifique el número. No se guardó nada.
refusal-unknown_warehouse = El almacén indicado no existe. No se guardó nada.
refusal-wrong_password = La contraseña actual no es correcta. No se guardó nada.
refusal-unknown_user = No hay ningún usuario activo con ese nombre. Revise el nombre. No se cambió nada.
refusal-owner_not_in_group = Esa persona no trabaja en el grupo que tiene la avería ahora: solo alguien de ese grupo puede ser su responsable. No se cambió nada.
refusal-merge_into_itself = Una avería no puede unirse a sí misma. No se cambió nada.
refusal-merge_not_faults = Solo se unen averías de clientes; para un incidente masivo, asocie la avería al incidente. No se cambió nada.
refusal-merge_other_account = Las dos averías son de cuentas distintas: no pueden ser la misma. No se cambió nada.
refusal-merge_into_finished = La avería { $original } ya terminó o fue unida a otra: una duplicada se une a una avería que sigue abierta. No se cambió nada.
refusal-unknown_original = No existe la avería a la que quiere unirla, o no tiene acceso a ella. Revise el número. No se cambió nada.
refusal-into_required = Elija la avería a la que se une esta. No se cambió nada.
refusal-selection_required = Marque al menos una avería. No se cambió nada.
refusal-selection_too_large = Marque a lo sumo 100 averías a la vez. No se cambió nada.
refusal-target_required = Diga a quién asignarlas, o a qué incidente asociarlas. No se cambió nada.
refusal-canned_text_required = Una respuesta predefinida necesita un nombre y sus dos textos, en español y en inglés. No se guardó nada.
refusal-canned_text_too_long = El nombre admite hasta 80 caracteres y cada texto hasta 4000. No se guardó nada.
refusal-file_too_large = El archivo pasa del límite de { $megabytes } MB por archivo. No se guardó nada.
refusal-ticket_attachments_too_large = Con estos archivos la avería pasaría del límite de { $megabytes } MB de adjuntos. No se guardó nada.
refusal-file_type_not_allowed = Ese tipo de archivo no se acepta; envíe una foto, un PDF, texto o un documento de oficina. No se guardó nada.
refusal-empty_file = El archivo está vacío. No se guardó nada.
refusal-files_required = Elija al menos un archivo. No se guardó nada.
refusal-invalid_multipart = El envío de archivos llegó incompleto o mal formado. Intente de nuevo. No se guardó nada.
refusal-invalid_blob = Los bytes de un adjunto de la exportación no coinciden con su huella; el archivo de exportación está dañado. No se importó nada más.
refusal-too_many_files = Envíe a lo sumo 20 archivos a la vez. No se guardó nada.
refusal-attachment_pending_scan = El archivo aún está en revisión antivirus; inténtelo de nuevo en un momento.
refusal-attachment_quarantined = El archivo quedó en cuarentena por el antivirus y no puede abrirse.
refusal-text_too_long = El texto es demasiado largo (hasta 64 KB). No se guardó nada.
refusal-query_required = Escriba algo para buscar.
refusal-query_too_long = Una búsqueda tiene a lo sumo 200 caracteres.
refusal-invalid_limit = El tamaño de página va de 1 a 100.
refusal-invalid_cursor = Esta página de resultados ya no es válida; repita la búsqueda.
refusal-invalid_kind = Solo se buscan incidencias (ticket), cuentas (account) y líneas (line).
