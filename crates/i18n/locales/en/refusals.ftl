### Refusals: the messages a person sees in the web console when the system
### does not accept what they asked for. One message per API error code, with
### the id refusal-<code> (the code keeps its underscores).
###
### The arguments each kind of message receives (no others are passed):
### - Invalid values (Invalid: required, invalid_imei, unknown_account...):
###   $field, the field as the API names it (description, lines[1],
###   reporter.name); it may be empty, so few messages use it.
### - Clashes with facts of their own (Clash: slot_full, unit_taken...): the
###   top-level scalar members of their details object, as strings, under
###   their JSON names. Used here: unit_taken, unit_exists: $imei;
###   unit_not_here, unit_not_in_center: $imei, $location;
###   endorsement_mismatch: $endorsed_imei, $received_imei;
###   model_mismatch: $requested, $offered.
### - refusal-not_found: $what (the entity, in English: not used) and $key.
### - refusal-action_not_allowed_for_role: $action, $role (already translated).
### - refusal-illegal_transition: $action, $status, $stage (already translated).
### - refusal-account_has_debt: $account, $outstanding (amount with currency).
### - refusal-stale_version: $number, $current, $expected.
### - refusal-forbidden, refusal-conflict, refusal-concurrent_update,
###   refusal-unauthenticated, refusal-idempotency_key_reused,
###   refusal-internal, refusal-request_timeout, refusal-too_many_attempts:
###   none.

refusal-account_fields_required = To create the account, give its number and its name. Nothing was saved.
refusal-account_has_debt = Account { $account } has an outstanding debt of { $outstanding }. The fault can be reported once the debt is paid; the refused report has been recorded.
refusal-account_required = A user with the customer role must belong to an account: give the account. Nothing was saved.
refusal-accounts_required = Name the accounts the maintenance affects, or lines of those accounts. Nothing was saved.
refusal-action_not_allowed_for_role = The action “{ $action }” is not open to your role ({ $role }) here: either your role does not take it, or the fault is in the hands of another group. Nothing was changed.
refusal-already_received = The device of this endorsement has already been received at the warehouse. Nothing was saved.
refusal-appointment_exists = This fault already has a repair appointment. To change it, move or cancel that appointment. Nothing was saved.
refusal-appointment_not_active = The appointment is no longer booked (it was completed, cancelled or marked as a no-show), so it can no longer be moved, cancelled or closed. Reload the page to see how it stands. Nothing was saved.
refusal-appointment_not_started = A no-show can only be recorded once the appointment's time has come. Wait until the slot begins and try again. Nothing was saved.
refusal-callback_not_allowed = The callback address is not allowed: it must be a valid web address pointing to a public server, with no user name or password in it. If the server is internal, the system operator can allow it. Nothing was saved.
refusal-cannot_deactivate_self = You cannot deactivate your own user. If it must be done, ask another administrator. Nothing was saved.
refusal-concurrent_update = Someone else changed this record at the same time as you. Reload the page, check how it stands now and try again. Nothing was saved.
refusal-conflict = This cannot be done because it clashes with data that already exists or with the record's current state (for example, a number or a name already in use, or a fault that is already closed). Check the data and try again. Nothing was saved.
refusal-contact_required = Give the contact's name and phone number. Nothing was saved.
refusal-dates_required = Give the start and end date and time of the work. Nothing was saved.
refusal-demo = Loading the demo data stopped on an error. Tell technical support.
refusal-description_required = Describe the fault: what is happening. Nothing was saved.
refusal-empty_note = The note is empty. Write the text of the note. Nothing was saved.
refusal-endorsement_mismatch = The device received (IMEI { $received_imei }) is not the one on the endorsement, which is IMEI { $endorsed_imei }. Check the package. Nothing was saved.
refusal-equipment_not_in_account = One of the devices given belongs to another account. Remove it, or check that this is the right account. Nothing was saved.
refusal-fault_type_fields_required = A fault type needs a code and a name. Nothing was saved.
refusal-fault_type_required = To escalate the fault, first give it a fault type: escalation depends on it. Nothing was saved.
refusal-forbidden = Your user is not allowed to do this, so nothing was changed. If you think it should be, ask the system administrator.
refusal-form_too_large = The form is too large to send; some text is probably very long. Shorten it and try again. Nothing was saved.
refusal-idempotency_key_reused = This request carries a retry key (Idempotency-Key) that was already used for a different report, so no fault was opened. For a new report, use a new key.
refusal-illegal_transition = The action “{ $action }” cannot be taken where things stand now (status: { $status }; stage: { $stage }). Reload the page to see the actions available. Nothing was changed.
refusal-internal = Something went wrong in the system; it has been logged for review. Try again in a few minutes, and if it happens again, tell technical support.
refusal-invalid_calendar = The calendar is not valid: each interval must end after it starts, the intervals of one day may not overlap, and there must be some working time. Nothing was saved.
refusal-invalid_calendar_name = A calendar name may only hold letters, digits, hyphens (-) and underscores (_). Nothing was saved.
refusal-invalid_callback = The callback address must be a URL starting with http:// or https://, of at most 2000 characters. Nothing was saved.
refusal-invalid_code = A code may only hold lowercase letters, digits and hyphens (-), up to 40 characters. Nothing was saved.
refusal-invalid_dates = The end must come after the start. Nothing was saved.
refusal-invalid_demo_data = The demo data is not valid, and loading it stopped. Tell technical support.
refusal-invalid_email = The email address is not valid. Check it and try again. Nothing was saved.
refusal-invalid_endorsement_number = The endorsement number is not valid: it looks like AVAL-2026-000042. Check it and try again. Nothing was saved.
refusal-invalid_escalation_rule = The escalation rule is not valid: check its steps (a different name for each, the delay, at least one action, the percentage between 1 and 99, the stage and the repeats). Nothing was saved.
refusal-invalid_external_id = An external identifier is not valid: it needs a non-empty identifier, each of its values may hold up to 200 characters, and it may not be given twice. Nothing was saved.
refusal-invalid_form = The form could not be read: something is missing or not in the expected format (for example, a date or a number). Check the data and try again. Nothing was saved.
refusal-invalid_group_code = A group code may only hold lowercase letters, digits, hyphens (-) and underscores (_). Nothing was saved.
refusal-invalid_imei = The IMEI is not valid: it must be 15 digits with a correct check digit. Check it and try again. Nothing was saved.
refusal-invalid_interval = An interval of the weekly hours is not valid: write it as a start and an end time, for example 08:00-12:00. Nothing was saved.
refusal-invalid_lang = The report's language must be Spanish (es) or English (en).
refusal-invalid_level = The escalation level must be first or second. Nothing was saved.
refusal-invalid_minimum = A reorder level must be zero units or more. Nothing was saved.
refusal-invalid_minutes = The number of minutes must be between 0 and one year's worth.
refusal-invalid_msisdn = The line number is not valid: write it in international form (+58 416 1234567) or national form (0416-1234567). Nothing was saved.
refusal-invalid_page = That page of the list cannot be shown: the number per page or the position is not valid. Go back to the start of the list.
refusal-invalid_range = The date range is not valid: check that both dates exist and that the end comes after the start.
refusal-invalid_related_place = Slots can be searched at an installation center or in an area.
refusal-invalid_sla_policy = The SLA policy is not valid: check its name, its targets in minutes, its calendar, the warning percentages (1 to 99) and the pause statuses. The policy named “default” is the catch-all and cannot be limited to a fault type or a severity. Nothing was saved.
refusal-invalid_slot_capacity = A slot must take between 1 and 1000 appointments. Nothing was saved.
refusal-invalid_slot_minutes = An appointment slot must last between 5 and 480 minutes. Nothing was saved.
refusal-invalid_state = The state chosen does not exist. Choose one from the list.
refusal-invalid_text = The field “{ $field }” holds a control character that cannot be stored. Text may hold tabs and line breaks, but no other control characters (they often slip in with copy and paste). Remove it and try again. Nothing was saved.
refusal-invalid_ticket_number = The fault number is not valid: it looks like AV-2026-000123. Check it and try again.
refusal-invalid_ticket_reference = The fault reference is not valid: use a fault number such as AV-2026-000123. Nothing was saved.
refusal-invalid_view_name = The view's name must have 1 to 60 characters. Nothing was saved.
refusal-invalid_week = The week is not valid: use the year and the week number, for example 2026-W48.
refusal-invalid_zone = The time zone is not valid: use a name such as America/Caracas. Nothing was saved.
refusal-line_has_no_device = The line has no device on record to replace, so it cannot get a backup unit. Nothing was saved.
refusal-line_not_in_account = One of the lines given does not belong to this account. Remove it, or check that this is the right account. Nothing was saved.
refusal-line_not_on_ticket = The line given is not on this fault. Choose one of the fault's lines. Nothing was saved.
refusal-line_or_equipment_required = Give at least one affected line (phone number) or one affected device (IMEI). Nothing was saved.
refusal-make_model_required = A device needs a make and a model. Nothing was saved.
refusal-model_mismatch = The center asked for a { $requested }, and the unit chosen is a { $offered }. Ship a unit of the model asked for. Nothing was saved.
refusal-msisdn_required = The fault has several lines: say which of them gets the backup unit. Nothing was saved.
refusal-name_mismatch = The name in the data sent does not match the record being edited. Nothing was saved.
refusal-name_required = The user needs a name. Nothing was saved.
refusal-no_account = The fault has no account, so no backup unit can be handed over for it. Nothing was saved.
refusal-no_accounts = To generate test faults, the demo accounts must be loaded first. Nothing was saved.
refusal-no_working_time = The calendar has no working hours in the period needed, so the deadline or the latest notice time cannot be worked out. Check the calendar. Nothing was saved.
refusal-not_a_fault = Only customer faults can be attached to an incident, and one of those chosen is itself an incident. Nothing was saved.
refusal-not_an_incident = The fault given is a customer fault, not a mass incident. Nothing was saved.
refusal-not_awaiting_repair = This fault is not a point fault waiting for repair: the Service and Monitoring Center must first classify it as one. No appointment can be booked for it yet. Nothing was saved.
refusal-not_found = “{ $key }” was not found, or your user has no access to it. Check the number or the code and try again.
refusal-nothing_to_change = The facts sent are the ones the fault already has; there is nothing to correct. Nothing was changed.
refusal-notice_too_late = The notice is late: it had to be sent at least 16 business hours before the work starts. To send it anyway as an emergency notice, write the emergency justification. Nothing was saved.
refusal-objection_required = To propose another window, also write the objection: why the customer cannot do without the service at that time. Nothing was saved.
refusal-outside_opening_hours = The time chosen is not one of the center's appointment slots: it falls outside its opening hours or does not match the start of a slot. Choose one of the free slots. Nothing was saved.
refusal-password_too_long = The password may have at most 256 characters. Nothing was saved.
refusal-password_too_short = The password must have at least 8 characters. Nothing was saved.
refusal-range_too_long = The date range is too long. Shorten it and try again.
refusal-reason_required = This needs a reason. Write it and try again. Nothing was saved.
refusal-repair_closed = The repair of this fault has already been certified and takes no more entries. Nothing was saved.
refusal-replenishment_not_received = This replenishment has not reached the center yet. Reload the page to see how it stands. Nothing was saved.
refusal-replenishment_not_requested = This replenishment has already been shipped, so it cannot be shipped again. Reload the page to see how it stands. Nothing was saved.
refusal-replenishment_not_shipped = This replenishment is not on its way: the warehouse has not shipped it yet, or its arrival was already confirmed. Reload the page to see how it stands. Nothing was saved.
refusal-request_timeout = The operation took too long and was stopped. The change may have been saved in full or not at all: reload the page and check before you try again.
refusal-required = A required value is missing: “{ $field }”. Fill it in and try again. Nothing was saved.
refusal-resolution_required = Describe the resolution: what was done and what the result was. Nothing was saved.
refusal-slot_full = That slot has just filled up. Choose another free slot. Nothing was saved.
refusal-slot_in_past = That slot is already past. Choose a free slot in the future. Nothing was saved.
refusal-slot_started = That slot has already begun: nobody could arrive in time. Choose one that starts later. Nothing was saved.
refusal-stale_version = Fault { $number } changed while you were looking at it: it is now at version { $current }, and you were working on version { $expected }. Reload it, review the changes and try again. Nothing was saved.
refusal-start_in_past = A planned work must start in the future. Nothing was saved.
refusal-ticket_has_no_account = This is a mass incident with no customer account: its facts are the second-level group's. Nothing was changed.
refusal-ticket_not_final = Only a closed, cancelled or rejected fault can be deleted: close or cancel it first. Nothing was changed.
refusal-ticket_not_open = This fault is finished (closed, cancelled or rejected): its facts stay as they were. Nothing was changed.
refusal-tickets_required = Select at least one fault to attach. Nothing was saved.
refusal-title_required = Write a title. Nothing was saved.
refusal-too_many_attempts = Too many sign-in attempts. Wait a minute and try again.
refusal-too_many_external_ids = A fault takes at most 10 external identifiers. Nothing was saved.
refusal-too_many_listeners = You already hold as many notification subscriptions as allowed. Remove one before adding another. Nothing was saved.
refusal-unauthenticated = We could not confirm who you are: the user name or the password is wrong, or your session has expired. Please sign in again.
refusal-unit_exists = A unit with IMEI { $imei } is already in the stock records. Nothing was saved.
refusal-unit_not_available = That unit is no longer available (it is reserved, in transit or installed). Choose another unit. Nothing was saved.
refusal-unit_not_here = Unit { $imei } is not at this location but at { $location }. Check the IMEI. Nothing was saved.
refusal-unit_not_in_center = Unit { $imei } is not in your center's stock but at { $location }. Choose a unit from your center. Nothing was saved.
refusal-unit_taken = Another technician has just taken backup unit { $imei }. Choose another unit. Nothing was saved.
refusal-unknown_account = The account given does not exist. Check the account number and try again. Nothing was saved.
refusal-unknown_action = The action asked for does not exist. Nothing was saved.
refusal-unknown_calendar = The calendar given does not exist. Choose an existing one or create it first. Nothing was saved.
refusal-unknown_center = The center given does not exist or is not active. Choose an active installation center. Nothing was saved.
refusal-unknown_chart = The report has no such chart.
refusal-unknown_consultant = The person given is not a sales consultant. Nothing was saved.
refusal-unknown_equipment = The device (IMEI) is not registered. Register it before assigning it to a line. Nothing was saved.
refusal-unknown_event = One of the events chosen for the notification does not exist. Nothing was saved.
refusal-unknown_fault_type = The fault type given does not exist or is not active. Choose one from the catalog. Nothing was saved.
refusal-unknown_group = The group given does not exist. Nothing was saved.
refusal-unknown_job_kind = A scheduled job is of a kind the system does not know, and it was not run. Tell technical support.
refusal-unknown_language = The contact's language must be Spanish (es) or English (en). Nothing was saved.
refusal-unknown_line = One of the lines given does not exist in the system. Check the number. Nothing was saved.
refusal-unknown_location = The location given is neither an installation center nor a warehouse. Nothing was saved.
refusal-unknown_reference = One of the values refers to something that does not exist in the system (for example, an account, a group or a fault type that is no longer there). Check the data and try again. Nothing was saved.
refusal-unknown_table = The report has no such table.
refusal-unknown_unit = No stock unit has that IMEI. Check the number. Nothing was saved.
refusal-unknown_warehouse = The warehouse given does not exist. Nothing was saved.
refusal-wrong_password = The current password is not right. Nothing was saved.
refusal-unknown_user = No active user has that name. Check the name. Nothing was changed.
refusal-owner_not_in_group = That person does not work in the group holding the fault now: only someone of that group can own it. Nothing was changed.
refusal-merge_into_itself = A fault cannot be merged into itself. Nothing was changed.
refusal-merge_not_faults = Only customers' faults are merged; for a mass incident, link the fault to the incident. Nothing was changed.
refusal-merge_other_account = The two faults belong to different accounts: they cannot be the same. Nothing was changed.
refusal-merge_into_finished = Fault { $original } is finished or was merged into another: a duplicate is merged into a fault that is still open. Nothing was changed.
refusal-unknown_original = The fault to merge into does not exist, or you have no access to it. Check the number. Nothing was changed.
refusal-into_required = Choose the fault to merge this one into. Nothing was changed.
refusal-selection_required = Select at least one fault. Nothing was changed.
refusal-selection_too_large = Select at most 100 faults at once. Nothing was changed.
refusal-target_required = Say whom to assign them to, or which incident to link them to. Nothing was changed.
refusal-canned_text_required = A canned response needs a name and both its texts, in Spanish and in English. Nothing was saved.
refusal-canned_text_too_long = The name takes up to 80 characters and each text up to 4000. Nothing was saved.
refusal-file_too_large = The file is over the { $megabytes } MB a file may have. Nothing was saved.
refusal-ticket_attachments_too_large = With these files the fault would be over its { $megabytes } MB of attachments. Nothing was saved.
refusal-file_type_not_allowed = That kind of file is not accepted; send a photo, a PDF, text or an office document. Nothing was saved.
refusal-empty_file = The file is empty. Nothing was saved.
refusal-files_required = Choose at least one file. Nothing was saved.
refusal-invalid_multipart = The files arrived incomplete or malformed. Try again. Nothing was saved.
refusal-invalid_blob = An attachment's bytes in the export do not match their hash; the export file is damaged. Nothing more was imported.
refusal-too_many_files = Send at most 20 files at once. Nothing was saved.
refusal-attachment_pending_scan = The file is still being checked for viruses; try again in a moment.
refusal-attachment_quarantined = The file was quarantined by the virus scan and cannot be opened.
refusal-text_too_long = The text is too long (up to 64 KB). Nothing was saved.
refusal-query_required = Type something to search for.
refusal-query_too_long = A search is at most 200 characters.
refusal-invalid_limit = The page size is between 1 and 100.
refusal-invalid_cursor = This page of results is no longer valid; search again.
refusal-invalid_kind = Only tickets (ticket), accounts (account) and lines (line) are searched.
