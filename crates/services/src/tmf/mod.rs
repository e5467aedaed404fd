//! TMF621 Trouble Ticket as Averías shows it: the versions it speaks
//! (`version`), the resource as the official documents write it (`model`),
//! what differs between the versions in its parts (`shape`), and a ticket
//! built into that resource (`resource`). The façade (`averias-server`'s
//! `api::tmf621`) answers with it and the hub events carry it, so both say
//! the same of a ticket.

pub mod model;
pub mod resource;
mod shape;
pub mod version;

pub use shape::Shape;
pub use version::Version;
