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

notification-greeting = Dear { $contact },
# To a consultant or an escalation contact.
notification-greeting_short = { $contact },
notification-greeting_customer_service = Customer-service management:
notification-signature = { -brand } — Service and Monitoring Center
notification-signature_customer_service = { -brand } — Customer service
notification-signature_warehouse = Averías — Warehouse
notification-signature_reports = Averías — Service and Monitoring Center
notification-status_next_step = Status: { $status }. Next step: { $next_step }
# A maintenance work's period and impact.
notification-work_period = Start: { $start } — End: { $end }
notification-work_impact = Expected impact: { $impact }
# A work's title quoted in the plain text (the HTML shows it in bold instead).
notification-quoted = "{ $text }"

## ticket_opened

ticket_opened-subject = Fault { $number } recorded: { $title }
ticket_opened-intro = We recorded your fault report as { $number } for account { $account_number } ({ $account_name }).
ticket_opened-quote_number = Please quote this number in any enquiry.
# Labels, followed by the next step and the deadline (bold in HTML).
ticket_opened-next_step_label = Next step:
ticket_opened-deadline_label = Attention deadline:
ticket_opened-sms = { -brand }: fault { $number } recorded. We will keep you informed.

## consultant_informed

consultant_informed-subject = New fault { $number } on account { $account_number }
consultant_informed-intro = Your customer { $account_name } (account { $account_number }) reported fault { $number }: { $title }.
consultant_informed-status = Status: { $status }, held by { $group }.
consultant_informed-sms = { -brand }: new fault { $number } from your customer { $account_number }.

## report_refused

report_refused-subject = We could not record your fault report (account { $account_number })
report_refused-intro = Account { $account_number } has an outstanding debt of { $debt }. The fault can be recorded once it is paid.
report_refused-sms = { -brand }: account { $account_number } owes { $debt }. The fault can be recorded once paid.

## ticket_escalated

ticket_escalated-subject = Your fault { $number } went to { $group }
ticket_escalated-intro = Your fault was escalated to the specialist group { $group }, which is working on it.
ticket_escalated-sms = { -brand }: fault { $number } escalated to { $group }.

## ticket_repaired

ticket_repaired-subject = Your device was repaired (fault { $number })
ticket_repaired-intro = The installation center certified the repair: { $resolution }
ticket_repaired-sms = { -brand }: fault { $number }: device repaired.

## ticket_resolved

ticket_resolved-subject = Fault { $number } resolved
ticket_resolved-intro = We resolved your fault: { $resolution }
ticket_resolved-persists = If the problem persists, reply quoting the number.
ticket_resolved-sms = { -brand }: fault { $number } resolved.

## ticket_closed

ticket_closed-subject = Fault { $number } closed
ticket_closed-intro = We closed your fault. Thank you for your patience.
ticket_closed-sms = { -brand }: fault { $number } closed.

## sla_escalation

sla_escalation-subject = [Escalation] { $number }: { $step }
sla_escalation-intro = Fault { $number } ({ $account_name }, { $title }) fired step "{ $step }" of the escalation matrix.
sla_escalation-reason = Why: { $reason }
sla_escalation-status = Status: { $status } at { $group }; deadline { $deadline }.
sla_escalation-sms = Escalation { $number }: { $step }.

## ticket_assigned

ticket_assigned-subject = Fault { $number } assigned to you: { $title }
ticket_assigned-intro = { $by } assigned fault { $number } ({ $account_name }, { $title }) to you.
ticket_assigned-deadline = Deadline: { $deadline }.
ticket_assigned-sms = Fault { $number } assigned to you.

## files_added

files_added-subject = New files on your fault { $number }
files_added-intro = { $by } added files to your fault { $number }:
files_added-open = See them on the fault: { $url }
files_added-sign_in = See them in the portal, on the fault's page.
files_added-sms = { -brand }: there are new files on your fault { $number }.

## ticket_merged

ticket_merged-subject = Your fault { $number } continues as { $original }
ticket_merged-intro = Your report { $number } is about the same fault as { $original }, which we are already working on. We joined the two: follow the fault under number { $original }; your notes are there.
ticket_merged-sms = { -brand }: your fault { $number } continues as { $original }.

## maintenance_notice

maintenance_notice-subject = Planned work: { $title } ({ $start })
# $title comes quoted (notification-quoted) in the text, bold in HTML.
maintenance_notice-intro = { -brand } will carry out the planned work { $title }.
maintenance_notice-elements = Affected elements: { $elements }
maintenance_notice-accounts = Affected accounts: { $accounts }
maintenance_notice-inform = Please inform the affected customers. If one cannot do without the service then, answer before { $window_closes } (8 business hours).
maintenance_notice-emergency = Emergency notice: { $emergency }
maintenance_notice-sms = { -brand }: planned work { $title } on { $start }. Objections before { $window_closes }.

## maintenance_customer_notice

maintenance_customer_notice-subject = Planned work affecting your service: { $start }
maintenance_customer_notice-intro = { -brand } will carry out planned work affecting the service of account { $account_number } ({ $account_name }).
maintenance_customer_notice-work = Work: { $title }
maintenance_customer_notice-objections = If your company cannot do without the service then, tell your account manager before { $window_closes }.
maintenance_customer_notice-sms = { -brand }: planned work on { $start } affects your service. Objections before { $window_closes }.

## objection_window_closing

objection_window_closing-subject = Objection window closing: { $title } ({ $window_closes })
# $title comes quoted (notification-quoted) in the text, bold in HTML.
objection_window_closing-intro = The objection window of { $title } closes on { $window_closes }.
objection_window_closing-pending = Accounts with no answer recorded: { $accounts }
objection_window_closing-sms = { -brand }: objection window for { $title } closes { $window_closes }.

## sla_at_risk

sla_at_risk-subject = Your fault { $number } is still being worked on
sla_at_risk-intro = Your fault { $number } ({ $title }) is not resolved yet and its attention deadline is { $deadline }. The supervisors of the case have been alerted and we keep working on it.
sla_at_risk-next_step = Next step: { $next_step }
sla_at_risk-sms = { -brand }: fault { $number } still in progress; deadline { $deadline }.

## appointment_booked

appointment_booked-subject = Repair appointment confirmed (fault { $number })
appointment_booked-intro = Your appointment for fault { $number } is confirmed:
appointment_booked-center = Center: { $center }
appointment_booked-address = Address: { $address }
appointment_booked-date = Date: { $date } at { $time }
appointment_booked-bring = Bring the device and quote fault number { $number }.
appointment_booked-sms = { -brand }: fault { $number } appointment { $date } { $time } at { $center }.

## appointment_changed

appointment_changed-subject = Repair appointment changed (fault { $number })
appointment_changed-subject_cancelled = Appointment cancelled (fault { $number })
appointment_changed-intro = Your appointment for fault { $number } is now on { $date } at { $time } at { $center } ({ $address }).
appointment_changed-intro_cancelled = Your appointment on { $date } at { $time } at { $center } was cancelled. You can book another quoting fault { $number }.
appointment_changed-sms = { -brand }: fault { $number }: new appointment { $date } { $time }.
appointment_changed-sms_cancelled = { -brand }: fault { $number }: appointment cancelled.

## appointment_reminder

appointment_reminder-subject = Reminder: your appointment tomorrow (fault { $number })
appointment_reminder-intro = A reminder of your appointment on { $date } at { $time } at { $center } ({ $address }) for fault { $number }.
appointment_reminder-cannot_come = If you cannot come, change or cancel it to free the place.
appointment_reminder-sms = { -brand }: reminder { $date } { $time }, fault { $number }, { $center }.

## low_stock

low_stock-subject = Low stock: { $model } at { $location }
low_stock-intro = { $available } backup units of { $model } are left available at { $location }, below the reorder level ({ $minimum }).
low_stock-action = Check the pending replenishment requests and ship units.
low_stock-sms = Averias: low stock { $model } at { $location }: { $available } (min { $minimum }).

## weekly_report

weekly_report-subject = Weekly fault report { $week }
weekly_report-intro = Weekly fault report, week { $week }:
weekly_report-opened = Faults opened: { $opened } (previous week: { $previous_opened })
weekly_report-resolved = Resolved: { $resolved }; closed: { $closed }
weekly_report-backlog = Open at the end of the week: { $backlog }
# $compliance and $previous_compliance are weekly_report-percent or
# weekly_report-no_resolutions.
weekly_report-compliance = Attended within 24 hours: { $compliance } (previous week: { $previous_compliance })
weekly_report-percent = { $value } %
weekly_report-no_resolutions = no resolutions
weekly_report-backup_units = Backup units used: { $backup_units }
weekly_report-refused = Reports refused for debt: { $refused }
# In the plain text.
weekly_report-stored = The whole report (tables by type, channel, level, group and center, and the 12-week trend) is kept at { $path }; each table downloads as CSV or XLSX.
# In the HTML.
weekly_report-stored_short = The whole report is kept at { $path }.
weekly_report-sms = Averias: weekly report { $week }: { $opened } opened, { $resolved } resolved.

## The customer's next step, by the ticket's stage ($next_step of ticket mail)

next_step-with_csm = the Service and Monitoring Center is working on your case
next_step-second_level = a specialist group is working on the fault; we will keep you informed
next_step-awaiting_repair = take the device to an authorized installation center quoting the fault number
next_step-confirm = confirm the service works; we will close the fault
next_step-none = none
