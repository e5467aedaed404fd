//! The frame of a signed-in page: who is signed in, the navigation their
//! role gets, the sign-out forms. Built from the session, so it lives apart
//! from `pages`, which the session itself uses for its error page.

use averias_domain::Role;

use super::session::Signed;

/// One navigation entry: where, and its text's key.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
}

/// The frame of a signed-in page.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub user: String,
    pub role: &'static str,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// The other language's code, for the switch link.
    pub other_lang: &'static str,
}

impl Chrome {
    pub fn of(s: &Signed) -> Self {
        let role = s.caller.actor.role;
        let mut nav = Vec::new();
        if role == Role::Customer {
            nav.push(NavItem {
                href: "/ui/portal",
                key: "nav-portal",
            });
            nav.push(NavItem {
                href: "/ui/portal/report",
                key: "nav-report",
            });
        } else {
            if role == Role::Warehouse {
                nav.push(NavItem {
                    href: "/ui/warehouse",
                    key: "nav-warehouse",
                });
            }
            if role == Role::InstallationCenter {
                nav.push(NavItem {
                    href: "/ui/center",
                    key: "nav-center",
                });
            }
            if matches!(role, Role::Teleservice | Role::Csm | Role::SalesConsultant) {
                nav.push(NavItem {
                    href: "/ui/intake",
                    key: "nav-intake",
                });
            }
            nav.push(NavItem {
                href: "/ui/queue",
                key: "nav-queue",
            });
            // The people who own tickets: those working them (CSM and
            // the second-level groups).
            if matches!(role, Role::Csm | Role::Cor | Role::Sigis | Role::Gsac) {
                nav.push(NavItem {
                    href: "/ui/queue?group=&owner=me",
                    key: "queue-mine",
                });
            }
            if matches!(
                role,
                Role::Csm
                    | Role::CustomerServiceMgmt
                    | Role::Admin
                    | Role::Cor
                    | Role::Sigis
                    | Role::Gsac
            ) {
                nav.push(NavItem {
                    href: "/ui/maintenance",
                    key: "nav-maintenance",
                });
            }
            if matches!(role, Role::Csm | Role::Cor | Role::Sigis | Role::Gsac) {
                nav.push(NavItem {
                    href: "/ui/incidents",
                    key: "nav-incidents",
                });
            }
            if role == Role::Admin {
                nav.push(NavItem {
                    href: "/ui/admin/users",
                    key: "nav-users",
                });
            }
            if matches!(role, Role::Admin | Role::CustomerServiceMgmt) {
                nav.push(NavItem {
                    href: "/ui/admin/canned",
                    key: "nav-canned",
                });
            }
            if matches!(
                role,
                Role::Csm | Role::ProductDevelopment | Role::CustomerServiceMgmt | Role::Admin
            ) {
                nav.push(NavItem {
                    href: "/ui/reports",
                    key: "nav-reports",
                });
                nav.push(NavItem {
                    href: "/ui/statistics",
                    key: "nav-statistics",
                });
            }
        }
        Self {
            user: s.caller.actor.name.clone(),
            role: role.as_str(),
            csrf: s.caller.csrf.clone(),
            nav,
            other_lang: match s.tr.0 {
                super::i18n::Lang::Es => super::i18n::Lang::En,
                super::i18n::Lang::En => super::i18n::Lang::Es,
            }
            .code(),
        }
    }
}
