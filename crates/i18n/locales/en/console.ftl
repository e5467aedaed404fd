### The console's words: pages, forms, buttons, labels and the notices
### a desk worker reads. Ids are `<page or area>-<name>`.

## app

app-name = Averías
app-skip = Skip to content

## nav

nav-queue = Queue
nav-intake = Intake
nav-portal = My faults
nav-report = Report a fault
nav-signout = Sign out
nav-signout_all = Sign out everywhere
nav-language = Español
nav-center = My center
nav-reports = Weekly report
nav-incidents = Mass incidents
nav-maintenance = Maintenance
nav-me = My account
nav-users = Users
nav-statistics = Statistics
nav-warehouse = Warehouse

## login

login-title = Sign in
login-user = User name
login-password = Password
login-submit = Sign in
login-failed = Wrong user name or password.
login-too_many = Too many attempts. Wait a minute and try again.
login-expired = The form expired. Please try again.
login-signed_out = You are signed out.

## queue

queue-title = Fault queue
queue-group = Group
queue-status = Status
queue-any = Any
queue-open = Open
queue-breached = Breached only
queue-filter = Filter
queue-empty = No faults in this queue.
queue-count = faults
queue-refresh = Refreshes every 30 seconds.
queue-save_view = Save this view as
queue-save = Save
queue-delete_view = Delete the view

## clock

clock-explain = How the clock counted
clock-calendar = Calendar
clock-target = Target
clock-counted_total = Counted
clock-counted = counts
clock-paused = paused
clock-stopped = stopped

## users

users-new = New user
users-account = Account (customers only)
users-email = Email for notifications (optional)
users-create = Create user
users-role_required = Choose a role.
users-title = Users
users-role = Role
users-reset = Set password
users-inactive = inactive
users-activate = Activate
users-deactivate = Deactivate

## maint

maint-override = Go ahead despite the objections
maint-start_work = Start the work
maint-complete = Work completed
maint-cancel = Cancel the work
maint-reschedule = Change the dates (a new notice is needed)
maint-title = Planned maintenance
maint-none = No maintenance works.
maint-start = Start
maint-end = End
maint-latest_notice = Latest notice
maint-notice_sent = Notice sent
maint-window_closes = Objections close
maint-objections = Objections
maint-plan = Plan a maintenance work
maint-plan_submit = Plan
maint-impact = Impact
maint-elements_read = Affected elements
maint-elements = Affected elements (comma-separated)
maint-accounts = Affected accounts
maint-emergency = Emergency justification (only if the notice is late)
maint-notify = Send notice
maint-informed = Informed
maint-answered_by = Answered by
maint-objection = Objection
maint-alternative = Alternative window
maint-answer = Answer the notice
maint-objection_hint = If you cannot do without the service then, say why (empty: no objection)
maint-answer_submit = Send answer

## col

col-number = Number
col-account = Account
col-fault_type = Fault type
col-status = Status
col-stage = Stage
col-reported = Reported
col-deadline = Due
col-remaining = Left

## sla

sla-ok = on time
sla-warning = due soon
sla-breached = breached
sla-stopped = stopped
sla-none = no deadline

## ticket

ticket-title = Fault
ticket-account = Account
ticket-lines = Lines
ticket-channel = Channel
ticket-reporter = Contact
ticket-description = Description
ticket-resolution = Resolution
ticket-clock = Attention deadline (24 h)
ticket-clock_policy_default = the general policy
ticket-clock_policy = SLA policy
ticket-incident = Mass incident
ticket-next_step = Next step
ticket-timeline = Timeline
ticket-notes = Notes
ticket-no_notes = No notes.
ticket-internal = internal
ticket-public = public
ticket-actions = Actions
ticket-no_actions = No actions are open to your role right now.
ticket-add_note = Add note
ticket-note_body = Note
ticket-note_visibility = Visible to
ticket-note_internal = Operator staff only
ticket-note_public = The customer too
ticket-reason = Reason
ticket-done = What was done
ticket-stale = Someone else changed this fault while you were looking at it. Review its current state and try again.
ticket-saved = Done.
ticket-escalate_to = Fault type (it decides the group)
ticket-choose_fault_type = Choose the fault type
ticket-escalations = Escalations
ticket-notifications = Notifications sent
ticket-children = Linked faults

## action

action-start_work = Start work
action-resolve = Resolve
action-classify_point_fault = Point fault: send to repair
action-escalate = Escalate
action-return_solution = Return solution to CSM
action-certify_repair = Certify repair
action-reject_resolution = Reject the resolution
action-close = Close
action-cancel = Cancel ticket
action-resolve_incident = Resolve incident

## intake

intake-title = Fault intake
intake-search = Account, line number or name
intake-find = Find
intake-no_match = No account matches.
intake-operative = Operative
intake-debt = Has debt
intake-debt_amount = Outstanding debt
intake-choose = Report
intake-report_for = Fault report for account
intake-all_lines = All the account's lines
intake-lines = Affected lines
intake-fault_type = Fault type
intake-fault_type_unknown = To be classified
intake-description = What is happening
intake-contact_name = Contact name
intake-open_faults = These lines already have an open fault
intake-open_faults_hint = Open that fault and add a note with what the customer says now; open another only if it is a different fault.
intake-open_another = Open another fault anyway
intake-contact_phone = Contact phone
intake-contact_email = Contact email (optional)
intake-submit = Open fault
intake-opened = Fault opened. Number for the caller:
intake-refused = The fault cannot be reported: the account has an outstanding debt. The refused report was recorded.
intake-another = Take another call

## portal

portal-title = My faults
portal-none = Your account has no reported faults.
portal-report = Report a fault
portal-opened = We received your report. Your fault number is
portal-maintenance = Maintenance affecting your account

## repair

repair-title = Repair appointment
repair-book = Repair appointment
repair-appointments = Appointments
repair-free_slots = Free slots (next 7 days)
repair-confirm = Book
repair-cancel = Cancel the appointment
repair-move = Move the appointment
repair-move_to = Move to another free slot
repair-choose_slot = Choose a slot.
repair-when = When
repair-work_done = Work done
repair-result = Result
repair-backup = Backup unit handed over
repair-no_backup = None (the customer's device was repaired)

## center

center-title = Installation center
center-lookup = Find by fault number
center-week = Appointments, next 7 days
center-none = No appointments.
center-stock = Backup stock
center-model = Model
center-available = Available
center-reserved = Reserved
center-in_transit = In transit
center-low = below reorder level
center-incoming = Replenishments on the way
center-arrived = Confirm arrival

## reports

reports-title = Weekly fault report
reports-week = Week
reports-show = Show
reports-in_progress = The week is still running: the figures move with every fault.
reports-download = Download
reports-chart = Chart

## incident

incident-list_title = Mass incidents
incident-open = Open
incident-none = No open incidents.
incident-new = New network incident
incident-title = Title
incident-owner = Owning group
incident-severity = Severity
incident-create = Open incident
incident-details = Full record
incident-fan_out = Faults resolved with the incident
incident-skipped = Left as they were (already resolved, closed or cancelled)
incident-no_children = No faults attached yet.
incident-attach = Attach faults
incident-search = Text or fault type
incident-select_all = Select all
incident-attach_selected = Attach the selected
incident-no_candidates = No open fault without an incident matches.
incident-choose = Select at least one fault.

## me

me-title = My account
me-password = Password
me-current = Current password
me-new = New password (8 characters or more)
me-change = Change password
me-wrong_password = The current password is not right.
me-token = API token
me-token_hint = A new token replaces the old one, which stops working at once.
me-new_token = Issue a new token
me-token_issued = Token issued.
me-token_once = Copy it now: it will not be shown again.

## stats

stats-title = Fault statistics
stats-from = From
stats-to = To

## warehouse

warehouse-title = Warehouse
warehouse-returns = Replaced devices to receive
warehouse-endorsement = Endorsement
warehouse-from = From
warehouse-check = Check and receive
warehouse-imei_read = IMEI read off the device
warehouse-receive = Receive
warehouse-no_returns = Nothing to receive.
warehouse-owed = Replenishments owed
warehouse-center = Center
warehouse-requested = Requested
warehouse-ship = Ship
warehouse-none_in_stock = No unit of that model
warehouse-nothing_owed = Nothing is owed.
warehouse-received = Received the device of endorsement
warehouse-imei_end = IMEI ends in
warehouse-shipped = Unit shipped to

## status

status-acknowledged = Received
status-inProgress = In progress
status-pending = Pending
status-held = On hold
status-resolved = Resolved
status-closed = Closed
status-cancelled = Cancelled
status-rejected = Rejected

## next

next-acknowledged = The service and monitoring center will review your fault.
next-inProgress = We are working on your fault and will tell you of every change.
next-pending = We are waiting for an answer or an appointment; we will let you know.
next-held = Your fault is on hold; we will tell you when it resumes.
next-resolved = The fault was resolved. If it persists, you can reject the resolution.
next-closed = The fault is closed.
next-cancelled = The fault was cancelled.
next-rejected = The report was rejected.

## error

error-title = That did not work
error-not_found = It does not exist, or you have no access to it.
error-forbidden = Your role does not allow this.
error-csrf = The form expired or did not come from this page. Reload and try again.
error-invalid_text = The field '{ $field }' holds a control character. Text may hold tabs and line breaks but no other control characters; nothing was saved.
error-back = Back
error-required = This is required.

## field

field-errors = { $count ->
    [one] Check the marked field.
   *[other] Check the { $count } marked fields.
}
field-error = Check the marked field.

## The procedure's names for actions, stages and roles (refusals and pages
## name them; the API keeps the codes)

action-link_to_incident = Link to an incident
action-unlink_from_incident = Unlink from the incident
action-resolve_with_incident = Resolve with the incident

stage-with_csm = With the CSM
stage-escalated = Escalated to second level
stage-solution_returned = Solution returned to the CSM
stage-awaiting_repair = Awaiting repair
stage-linked_to_incident = Linked to an incident
stage-repaired = Repaired
stage-resolved = Resolved
stage-closed = Closed
stage-cancelled = Cancelled

role-customer = Customer
role-sales_consultant = Sales consultant
role-teleservice = Teleservice
role-csm = Service and Monitoring Center (CSM)
role-gsac = GSAC
role-cor = COR
role-sigis = SIGIS
role-installation_center = Authorized installation center
role-warehouse = Warehouse
role-customer_service_mgmt = Customer Service Management
role-product_development = Product Development
role-integration = Integration
role-admin = Administration

## What pages show for the other codes of the procedure (history actions,
## channels, severities, appointments, maintenance works, notifications)

action-open = Opened

channel-phone = Phone
channel-fleet_line = Fleet line
channel-email = Email
channel-portal = Customer portal
channel-api = Customer's system (API)

severity-critical = Critical
severity-major = Major
severity-minor = Minor

appointment-booked = Booked
appointment-cancelled = Cancelled
appointment-no_show = The customer did not come
appointment-completed = Attended

work-draft = Draft
work-notified = Announced to customers
work-confirmed = Confirmed
work-objected = Objected
work-in_progress = In progress
work-completed = Completed
work-cancelled = Cancelled

delivery-pending = To be sent
delivery-sent = Sent
delivery-dead = Could not be sent
delivery-logged = Logged (channel not sending)

event-ticket_opened = Fault opened
event-consultant_informed = Sales consultant informed
event-report_refused = Report refused
event-ticket_escalated = Fault escalated
event-ticket_repaired = Device repaired
event-ticket_resolved = Fault resolved
event-ticket_closed = Fault closed
event-sla_escalation = Deadline escalation
event-ticket_assigned = Fault assigned
event-ticket_merged = Fault merged into another
event-files_added = Files added to the fault
event-maintenance_notice = Maintenance notice
event-maintenance_customer_notice = Maintenance notice to the customer
event-objection_window_closing = Objection window closing
event-sla_at_risk = Deadline at risk
event-appointment_booked = Appointment booked
event-appointment_changed = Appointment changed
event-appointment_reminder = Appointment reminder
event-low_stock = Low stock
event-weekly_report = Weekly report
event-TroubleTicketCreateEvent = TMF621: fault created
event-TroubleTicketAttributeValueChangeEvent = TMF621: details changed
event-TroubleTicketStatusChangeEvent = TMF621: status changed
event-TroubleTicketResolvedEvent = TMF621: fault resolved
event-TroubleTicketInformationRequiredEvent = TMF621: information required
event-TroubleTicketDeleteEvent = TMF621: fault deleted

sent-email = Email
sent-sms = SMS
sent-webhook = Subscribed system
col-when = When
col-event = Notice
col-channel = Channel
col-recipient = Recipient
col-state = State

confirm-cancel = Cancel this fault? This cannot be undone.
confirm-close = Close this fault? It cannot be reopened.
confirm-reject_resolution = Reject the solution and send the fault back?
confirm-appointment_cancel = Cancel the appointment? The place will be given up.
confirm-deactivate = Deactivate this user? They cannot sign in until reactivated.
confirm-new_token = Issue a new token? The previous one stops working.
confirm-delete_view = Delete this saved view?
confirm-work_cancel = Cancel this maintenance work? Customers will be told.

done-start_work = Work started.
done-resolve = Fault resolved; the customer was told.
done-classify_point_fault = Sent to repair: the customer can now book an appointment at a center.
done-escalate = Escalated to { $group }.
done-return_solution = Solution returned to the CSM.
done-certify_repair = Repair certified.
done-reject_resolution = Solution rejected: the fault goes back to work.
done-close = Fault closed.
done-cancel = Fault cancelled.
done-note = Note added.

facts-edit = Correct the fault's details
facts-severity = Severity
facts-reason = Why they are corrected (kept in the history)
facts-save = Save the correction
done-edit_facts = Details corrected.
action-edit_facts = Details corrected
action-assign = Assignment
action-merge = Merged as a duplicate into
done-assign = { $owner } owns it now.
done-take = You own it now.
done-release = The fault has no owner now.
done-merge = Merged as a duplicate into { $original }; the customer was told.

queue-search = Search
queue-search_hint = Number or words
queue-pages = Queue pages
queue-previous = Previous
queue-next = Next
queue-page = Page { $page }
queue-page_of = Page { $page } of { $pages }
col-title = Title

repair-places_left = { $count ->
    [one] 1 place left
   *[other] { $count } places left
}
repair-booked = Appointment booked for { $when } at { $center }, { $address }. Bring the device, its charger and your ID; we will remind you a day before.
repair-not_bookable = This fault is not waiting for repair, so there is no appointment to book.
repair-no_slots = No free slots are left in the next 7 days. Call the customer center to arrange an appointment.
repair-bring = Bring the device, its charger and your ID.
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday

ticket-devices = Customer's devices
repair-other_model = another model
center-out = Out of stock

portal-faults = Your faults
portal-show_open = Open
portal-show_closed = Closed
portal-show_all = All
portal-book_needed = Your device needs to go to a repair center: book your appointment, or check the one you have.
portal-book_button = Repair appointment

esc-why = { $delay } min on calendar { $calendar } after { $event }; { $condition }
esc-opened = the report
esc-warning = the resolution clock reaching { $percent } %
esc-breach = the resolution deadline
esc-stage = entering stage “{ $stage }”
esc-unresolved = the fault is still unresolved
esc-not_taken = nobody has acted on it since it entered its stage
esc-late = fired { $seconds } s late (the server was not running, or was behind, at the due time)

## Owner (issue 21)
ticket-owner = Owner
ticket-no_owner = No owner
owner-take = Take it
owner-assign_to = Assign to
owner-assign = Assign
owner-release = Release
owner-choose = Choose a person
col-owner = Owner
queue-mine = My faults
queue-unowned = No owner

## Customer context (issue 21)
context-title = The customer
context-faults = The account's other faults
context-no_faults = The account has no other faults.
context-lines = The account's lines
context-on_ticket = on this fault

## Merge (issue 21)
ticket-duplicate_of = Duplicate of
merge-title = Merge as a duplicate
merge-hint = This fault is cancelled and its notes move to the chosen fault; the customer is told which number to follow.
merge-into = Fault that carries on
merge-choose = Choose an open fault of the account
merge-do = Merge as a duplicate
confirm-merge = Merge this fault as a duplicate? It will be cancelled and its notes will move to the other.
ticket-follow_original = It is the same fault as another: follow fault

## Bulk steps on a queue selection (issue 21)
bulk-select = Select
bulk-select_all = Select all on this page
bulk-with_selected = With the selected
bulk-choose = Choose what to do
bulk-take = Take them
bulk-assign = Assign them to
bulk-note = Add an internal note
bulk-note_text = Note
bulk-close = Close the resolved ones
bulk-link = Link them to the incident
bulk-incident = Incident
bulk-apply = Apply
bulk-done = Done on { $count ->
    [one] one fault.
   *[other] { $count } faults.
}
bulk-refused = Not possible on these (open them for the details):
bulk-forbidden = your role may not do it on this fault.
bulk-not_found = it does not exist, or you have no access to it.
bulk-illegal_transition = not possible in the state it is in.
bulk-nothing_to_change = it already was so.
bulk-owner_not_in_group = that person does not work in the group holding it.
bulk-ticket_not_open = it is finished.
bulk-stale_version = someone else changed it at that moment.
bulk-concurrent_update = someone else changed it at that moment.
bulk-other = it could not be done on this fault.

## Keyboard shortcuts (issue 21)
keys-open = Keyboard shortcuts
keys-title = Keyboard shortcuts
keys-help = Show this help
keys-search = Go to the search box
keys-queue = Go to the queue
keys-mine = Go to my faults
keys-rows = Move down / up the queue's faults
keys-tick = Select the fault you are on
keys-take = Take the open fault
keys-note = Write a note on the open fault
keys-facts = Correct the open fault's facts
keys-close = Close

## Canned responses (issue 21)
canned-insert_label = Canned response
canned-insert = Insert
canned-english = in English
canned-title = Canned responses
canned-group = Group
canned-name = Name
canned-body_es = Spanish text
canned-body_en = English text
canned-placeholders = You may use { "{{ticket}}" } (the fault's number), { "{{customer}}" } (the customer), { "{{contact}}" } (the contact) and { "{{agent}}" } (who inserts it).
canned-create = Add
canned-delete = Delete
canned-none = There are no canned responses yet.
confirm-delete_canned = Delete this canned response?
nav-canned = Canned responses

## Maintenance accounts from a search (issue 21)
maint-find_accounts = Find accounts (number, name or line)
maint-find = Find
maint-found_none = No account matches.
maint-accounts_typed = Or type their numbers, separated by commas

## Attachments (issue 22)
files-title = Attachments
files-none = No attachments.
files-choose = Files
files-hint = Photos, PDF, text or office documents; up to 10 MB each and 50 MB per fault.
files-note = Note (optional)
files-attach = Attach
files-delete = Delete
files-scan_pending = Being checked for viruses; it can be opened in a moment.
files-quarantined = Quarantined by the virus scan; it cannot be opened
confirm-delete_file = Delete this file? The history will keep that it was there.
done-attach = Files attached.
done-detach = File deleted.
action-attach = Files attached
action-detach = File deleted
filetype-image = Picture
filetype-pdf = PDF
filetype-text = Text
filetype-document = Document
search-title = Search
search-label = Search
search-hint = Number, line or words
search-go = Search
search-how = Case and accents do not matter; "reparación" finds "reparar"; a ticket number opens it; four or more digits search lines, devices and numbers.
search-none = Nothing found. Try fewer words, or the line's number.
search-accounts = Accounts
search-lines = Lines
search-tickets = Tickets
search-more = More results
portal-search = Search my faults
portal-search_hint = Number, line or words
