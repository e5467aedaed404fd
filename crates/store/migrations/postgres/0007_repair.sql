-- Repair at installation centers (R-REPAIR-1..5): centers and their
-- business unit's warehouse, appointment slots and bookings, the stock of
-- backup units, device history, repair records and certificates, the
-- replacement endorsements (avales del reemplazo) and replenishments.
-- The PostgreSQL migration of the same name describes the same tables.

CREATE TABLE warehouses (
    code           TEXT PRIMARY KEY REFERENCES groups(code),
    name           TEXT NOT NULL,
    business_unit  TEXT NOT NULL,
    address        TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE centers (
    code            TEXT PRIMARY KEY REFERENCES groups(code),
    name            TEXT NOT NULL,
    address         TEXT NOT NULL,
    -- Where customers look for a center ("Caracas", "Zulia"...).
    area            TEXT NOT NULL,
    business_unit   TEXT NOT NULL,
    warehouse_code  TEXT NOT NULL REFERENCES warehouses(code),
    -- Opening hours: the name of a business calendar.
    calendar        TEXT NOT NULL,
    slot_minutes    BIGINT NOT NULL CHECK (slot_minutes > 0),
    slot_capacity   BIGINT NOT NULL CHECK (slot_capacity > 0),
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX centers_area ON centers(area);

-- Places taken per slot: a booking increments `booked` only while it is
-- below the center's capacity, in one statement, so racing bookings of the
-- last place cannot both win.
CREATE TABLE appointment_slots (
    center_code  TEXT NOT NULL REFERENCES centers(code),
    start_at     BIGINT NOT NULL,
    booked       BIGINT NOT NULL CHECK (booked >= 0),
    PRIMARY KEY (center_code, start_at)
);

CREATE TABLE appointments (
    id              TEXT PRIMARY KEY,
    ticket_id       TEXT NOT NULL REFERENCES tickets(id),
    center_code     TEXT NOT NULL REFERENCES centers(code),
    start_at        BIGINT NOT NULL,
    end_at          BIGINT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'no_show', 'completed')),
    booked_by       TEXT NOT NULL,
    booked_by_name  TEXT NOT NULL,
    reason          TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
-- One active appointment per ticket.
CREATE UNIQUE INDEX appointments_one_active ON appointments(ticket_id) WHERE status = 'booked';
CREATE INDEX appointments_center ON appointments(center_code, start_at);
CREATE INDEX appointments_ticket ON appointments(ticket_id, created_at);

CREATE TABLE stock_units (
    imei        TEXT PRIMARY KEY,
    make        TEXT NOT NULL,
    model       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('available', 'reserved', 'in_transit', 'installed', 'returned_defective')),
    -- A center or warehouse code; the destination while in transit; the
    -- account number while installed at a customer.
    location    TEXT NOT NULL,
    -- The ticket it is reserved for, installed by, or was replaced on.
    ticket_id   TEXT,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX stock_units_location ON stock_units(location, model, status);

CREATE TABLE reorder_levels (
    location  TEXT NOT NULL,
    model     TEXT NOT NULL,
    minimum   BIGINT NOT NULL CHECK (minimum >= 0),
    PRIMARY KEY (location, model)
);

-- Every move of a device: into and out of service on a line, through stock.
CREATE TABLE device_history (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    imei        TEXT NOT NULL,
    msisdn      TEXT,
    at          BIGINT NOT NULL,
    event       TEXT NOT NULL,
    location    TEXT,
    ticket_id   TEXT,
    actor_name  TEXT NOT NULL,
    detail      TEXT
);
CREATE INDEX device_history_imei ON device_history(imei, id);
CREATE INDEX device_history_msisdn ON device_history(msisdn, id);

CREATE TABLE repair_entries (
    id           TEXT PRIMARY KEY,
    ticket_id    TEXT NOT NULL REFERENCES tickets(id),
    center_code  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('test', 'action')),
    body         TEXT NOT NULL,
    author_id    TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX repair_entries_ticket ON repair_entries(ticket_id, at);

CREATE TABLE repair_certificates (
    ticket_id        TEXT PRIMARY KEY REFERENCES tickets(id),
    center_code      TEXT NOT NULL,
    technician_id    TEXT NOT NULL,
    technician_name  TEXT NOT NULL,
    work_done        TEXT NOT NULL,
    result           TEXT NOT NULL,
    msisdn           TEXT,
    old_imei         TEXT,
    new_imei         TEXT,
    certified_at     BIGINT NOT NULL
);

CREATE TABLE endorsement_counters (
    year  BIGINT PRIMARY KEY,
    last  BIGINT NOT NULL
);

CREATE TABLE endorsements (
    number           TEXT PRIMARY KEY,
    ticket_id        TEXT NOT NULL REFERENCES tickets(id),
    msisdn           TEXT NOT NULL,
    old_imei         TEXT NOT NULL,
    old_make         TEXT NOT NULL,
    old_model        TEXT NOT NULL,
    new_imei         TEXT NOT NULL,
    center_code      TEXT NOT NULL,
    warehouse_code   TEXT NOT NULL,
    technician_id    TEXT NOT NULL,
    technician_name  TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    received_at      BIGINT,
    received_by      TEXT,
    received_note    TEXT
);
CREATE INDEX endorsements_warehouse ON endorsements(warehouse_code, created_at);
CREATE INDEX endorsements_ticket ON endorsements(ticket_id);

CREATE TABLE replenishments (
    id              TEXT PRIMARY KEY,
    center_code     TEXT NOT NULL,
    warehouse_code  TEXT NOT NULL,
    make            TEXT NOT NULL,
    model           TEXT NOT NULL,
    -- The ticket whose repair used the unit being replaced.
    ticket_id       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('requested', 'shipped', 'received')),
    requested_at    BIGINT NOT NULL,
    shipped_at      BIGINT,
    shipped_imei    TEXT,
    received_at     BIGINT,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX replenishments_status ON replenishments(status, requested_at);
