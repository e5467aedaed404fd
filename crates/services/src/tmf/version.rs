//! The TMF621 versions the server speaks, by name and base path: what the
//! façade (`api::tmf621`) serves and what hub events link to.

/// A TMF621 version the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `TMF621-TroubleTicket-v4.0.0.swagger.json`.
    V4,
    /// `TMF621-Trouble_Ticket-v5.0.1.oas.yaml`.
    V5,
}

impl Version {
    /// Where this version's resources live.
    pub fn base(self) -> &'static str {
        match self {
            Version::V4 => "/tmf-api/troubleTicket/v4",
            Version::V5 => "/tmf-api/troubleTicket/v5",
        }
    }

    /// The name stored with a hub listener that subscribed through this version.
    pub fn hook_api(self) -> &'static str {
        match self {
            Version::V4 => "tmf621-v4",
            Version::V5 => "tmf621-v5",
        }
    }

    /// The version a stored hub listener subscribed through (v4 for the
    /// native API's webhooks, which predate v5).
    pub fn of_hook(api: &str) -> Version {
        if api == Version::V5.hook_api() {
            Version::V5
        } else {
            Version::V4
        }
    }

    /// The resource of ticket `id` in this version.
    pub fn href(self, id: &str) -> String {
        format!("{}/troubleTicket/{id}", self.base())
    }
}
