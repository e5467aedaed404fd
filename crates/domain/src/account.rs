//! The account check of R-INTAKE-3: an account with debt gets no ticket and
//! the reporter is told how much is outstanding.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in minor units (cents) of a currency, so sums stay exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units (1/100 of the currency unit).
    pub minor: i64,
    /// ISO 4217 code, e.g. `VES` or `USD`.
    pub currency: String,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

/// What billing says about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BillingState {
    /// No outstanding debt: faults may be reported.
    Operative,
    /// Outstanding debt: reports are refused until it is paid.
    Debt(Money),
}

/// The answer of the account check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountCheck {
    /// Open the ticket.
    Accept,
    /// Record the refused report and tell the reporter to pay `outstanding` first.
    Refuse { outstanding: Money },
}

impl BillingState {
    /// The state of an account owing `outstanding`: nothing owed (zero, or
    /// a credit) is operative, so it reads back as operative everywhere
    /// (the call center's search showed a paid-up account as owing).
    pub fn owing(outstanding: Money) -> Self {
        if outstanding.minor <= 0 {
            BillingState::Operative
        } else {
            BillingState::Debt(outstanding)
        }
    }

    /// R-INTAKE-3: an operative account gets a ticket, an account with debt does not.
    pub fn check(&self) -> AccountCheck {
        match self {
            BillingState::Operative => AccountCheck::Accept,
            BillingState::Debt(m) if m.minor <= 0 => AccountCheck::Accept,
            BillingState::Debt(m) => AccountCheck::Refuse {
                outstanding: m.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_with_debt_is_refused_with_the_amount() {
        let debt = Money {
            minor: 123_456,
            currency: "VES".into(),
        };
        assert_eq!(
            BillingState::Debt(debt.clone()).check(),
            AccountCheck::Refuse {
                outstanding: debt.clone()
            }
        );
        assert_eq!(debt.to_string(), "1234.56 VES");
        assert_eq!(BillingState::Operative.check(), AccountCheck::Accept);
    }

    #[test]
    fn a_settled_debt_no_longer_blocks_reports() {
        let zero = Money {
            minor: 0,
            currency: "VES".into(),
        };
        assert_eq!(BillingState::Debt(zero).check(), AccountCheck::Accept);
    }
}
