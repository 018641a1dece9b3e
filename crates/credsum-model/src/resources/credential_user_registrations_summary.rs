//! `microsoft.graph.managedTenants.credentialUserRegistrationsSummary`: per managed tenant, how many
//! users are registered and capable for MFA and self-service password reset.

use super::patch::Patch;
use super::schema_facts::{at_most, known_values, non_negative, read_only};
use super::Entity;
use crate::edm::{Boolean, DateTimeOffset, EdmString, Int32};
use crate::operations::OperationKind;
use crate::registry::{BaseType, GraphResource, ResourceDescriptor};

/// Values seen for `mfaConditionalAccessPolicyState`.
const POLICY_STATES: &[&str] = &["enabled", "disabled", "enabledForReportingButNotEnforced"];

/// Values seen for `tenantLicenseType`.
const LICENSE_TYPES: &[&str] = &["AADFree", "AADPremium1", "AADPremium2"];

crate::patch_body! {
    /// A summary of credential user registrations (MFA and self-service password reset) for one tenant
    /// managed through Microsoft 365 Lighthouse. The Graph docs call every property but
    /// `tenantLicenseType` read-only; the generated API still accepts PATCH.
    #[schemars(title = "credentialUserRegistrationsSummary")]
    pub struct CredentialUserRegistrationsSummary {
        /// Inherited from `microsoft.graph.entity`.
        pub entity: Entity,

        /// The Microsoft Entra tenant id (a GUID) of the managed tenant.
        #[schemars(transform = read_only)]
        pub tenant_id: Patch<EdmString>,

        /// The display name of the managed tenant.
        #[schemars(transform = read_only)]
        pub tenant_display_name: Patch<EdmString>,

        /// The number of users who can use multifactor authentication or self-service password reset.
        #[schemars(transform = read_only, transform = non_negative, transform = at_most("totalUserCount"))]
        pub mfa_and_sspr_capable_user_count: Patch<Int32>,

        /// The number of users in the security group excluded from multifactor authentication.
        #[schemars(transform = read_only, transform = non_negative, transform = at_most("totalUserCount"))]
        pub mfa_excluded_user_count: Patch<Int32>,

        /// The number of users registered for multifactor authentication.
        #[schemars(transform = read_only, transform = non_negative, transform = at_most("totalUserCount"))]
        pub mfa_registered_user_count: Patch<Int32>,

        /// The number of users enabled for self-service password reset.
        #[schemars(transform = read_only, transform = non_negative, transform = at_most("totalUserCount"))]
        pub sspr_enabled_user_count: Patch<Int32>,

        /// The number of users registered for self-service password reset.
        #[schemars(transform = read_only, transform = non_negative, transform = at_most("totalUserCount"))]
        pub sspr_registered_user_count: Patch<Int32>,

        /// The total number of users in the managed tenant.
        #[schemars(transform = read_only, transform = non_negative)]
        pub total_user_count: Patch<Int32>,

        /// Whether security defaults are turned on for the managed tenant.
        #[schemars(transform = read_only)]
        pub security_defaults_enabled: Patch<Boolean>,

        /// The state of the conditional access policy that enforces multifactor authentication. An open
        /// string, not an enum: `enabled`, `disabled` and `enabledForReportingButNotEnforced` are the
        /// values seen.
        #[schemars(transform = read_only, transform = known_values(POLICY_STATES))]
        pub mfa_conditional_access_policy_state: Patch<EdmString>,

        /// The license type of the managed tenant, e.g. `AADFree`, `AADPremium1` or `AADPremium2`.
        #[schemars(transform = known_values(LICENSE_TYPES))]
        pub tenant_license_type: Patch<EdmString>,

        /// When the platform last refreshed this record (UTC).
        #[schemars(transform = read_only)]
        pub last_refreshed_date_time: Patch<DateTimeOffset>,
    }
}

impl GraphResource for CredentialUserRegistrationsSummary {
    const DESCRIPTOR: ResourceDescriptor = ResourceDescriptor {
        odata_type: "microsoft.graph.managedTenants.credentialUserRegistrationsSummary",
        entity_set_path: "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries",
        key_parameter: "credentialUserRegistrationsSummary-id",
        docs_key_placeholder: "credentialUserRegistrationsSummaryId",
        documented_operations: &[OperationKind::List, OperationKind::Get],
        // The List and Get pages: delegated (work or school account) `Reports.Read.All`;
        // application permissions not supported.
        delegated_permissions: &["Reports.Read.All"],
        application_permissions: &[],
        api_versions: &["beta"],
        docs_url: "https://learn.microsoft.com/en-us/graph/api/resources/managedtenants-credentialuserregistrationssummary?view=graph-rest-beta",
        base: Some(BaseType::of::<Entity>("microsoft.graph.entity")),
    };
}
