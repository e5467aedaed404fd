-- Business calendars (R-MAINT-3), stored as the JSON of
-- averias_domain::calendar::Calendar: zone, weekly hours, holidays.

CREATE TABLE calendars (
    name        TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
