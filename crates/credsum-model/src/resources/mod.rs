//! The Graph resources credsum knows, as serde + schemars types.

mod credential_user_registrations_summary;
mod entity;
mod odata_error;
pub mod patch;
pub mod schema_facts;

pub use credential_user_registrations_summary::CredentialUserRegistrationsSummary;
pub use entity::Entity;
pub use odata_error::{ErrorDetails, InnerError, MainError, ODataError};
