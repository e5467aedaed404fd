//! The parties of `PROCEDURE.md` as roles, and the three second-level groups
//! that take escalated faults by fault type (R-TRIAGE-4).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a user may do is decided by its role (R-ACCESS-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    SalesConsultant,
    Teleservice,
    Csm,
    Gsac,
    Cor,
    Sigis,
    InstallationCenter,
    Warehouse,
    CustomerServiceMgmt,
    ProductDevelopment,
    /// An operator's OSS/BSS system plugged in through TMF621 (a CRM, a
    /// network manager): opens faults for any account, reads every ticket,
    /// writes notes, speaks for the customer (withdraws a report before work
    /// starts, rejects a resolution) and manages its own hub listeners. It
    /// takes no CSM or second-level step: people do.
    Integration,
    Admin,
}

impl Role {
    /// Every role, in the order of the PROCEDURE table.
    pub const ALL: [Role; 13] = [
        Role::Customer,
        Role::SalesConsultant,
        Role::Teleservice,
        Role::Csm,
        Role::Gsac,
        Role::Cor,
        Role::Sigis,
        Role::InstallationCenter,
        Role::Warehouse,
        Role::CustomerServiceMgmt,
        Role::ProductDevelopment,
        Role::Integration,
        Role::Admin,
    ];

    /// The stable name used in the API, the database and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::SalesConsultant => "sales_consultant",
            Role::Teleservice => "teleservice",
            Role::Csm => "csm",
            Role::Gsac => "gsac",
            Role::Cor => "cor",
            Role::Sigis => "sigis",
            Role::InstallationCenter => "installation_center",
            Role::Warehouse => "warehouse",
            Role::CustomerServiceMgmt => "customer_service_mgmt",
            Role::ProductDevelopment => "product_development",
            Role::Integration => "integration",
            Role::Admin => "admin",
        }
    }

    /// Staff of the operator see every account's tickets; customers, sales
    /// consultants and installation centers see a subset.
    pub fn is_operator_staff(self) -> bool {
        !matches!(
            self,
            Role::Customer | Role::SalesConsultant | Role::InstallationCenter
        )
    }

    /// The second-level group this role staffs, if any.
    pub fn second_level(self) -> Option<SecondLevel> {
        match self {
            Role::Cor => Some(SecondLevel::Cor),
            Role::Sigis => Some(SecondLevel::Sigis),
            Role::Gsac => Some(SecondLevel::Gsac),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
                format!("unknown role '{s}'; expected one of {}", names.join(", "))
            })
    }
}

/// The second-level groups a fault can be escalated to, chosen by fault type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondLevel {
    /// Network operations center: radio and core network faults.
    Cor,
    /// Platforms and systems.
    Sigis,
    /// Customer support.
    Gsac,
}

impl SecondLevel {
    /// Every second-level group.
    pub const ALL: [SecondLevel; 3] = [SecondLevel::Cor, SecondLevel::Sigis, SecondLevel::Gsac];

    /// The group code, which is also the queue name.
    pub fn as_str(self) -> &'static str {
        match self {
            SecondLevel::Cor => "cor",
            SecondLevel::Sigis => "sigis",
            SecondLevel::Gsac => "gsac",
        }
    }

    /// The role that staffs this group.
    pub fn role(self) -> Role {
        match self {
            SecondLevel::Cor => Role::Cor,
            SecondLevel::Sigis => Role::Sigis,
            SecondLevel::Gsac => Role::Gsac,
        }
    }
}

impl fmt::Display for SecondLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SecondLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SecondLevel::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| format!("unknown second-level group '{s}'; expected cor, sigis or gsac"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
    }
}
