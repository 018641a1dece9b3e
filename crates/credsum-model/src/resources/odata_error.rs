//! The OData error body Graph returns with 4XX and 5XX responses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Error response body: `{"error": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "ODataError",
    rename = "microsoft.graph.ODataErrors.ODataError"
)]
pub struct ODataError {
    /// What went wrong.
    pub error: MainError,
}

/// The main error of an OData error body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "MainError", rename = "microsoft.graph.ODataErrors.MainError")]
pub struct MainError {
    /// Service-defined error code, e.g. `RequestBodyRead` or `Request_BadRequest`.
    pub code: String,
    /// Human-readable message, e.g. "The property 'x' does not exist on type '…'".
    pub message: String,
    /// The target of the error, e.g. the offending property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Further errors behind this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetails>,
    /// Service-specific diagnostics (request id, date, client request id); left out, never
    /// `null`, when the service has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "InnerError")]
    pub inner_error: Option<InnerError>,
}

/// One detail entry of an OData error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "ErrorDetails",
    rename = "microsoft.graph.ODataErrors.ErrorDetails"
)]
pub struct ErrorDetails {
    /// Service-defined error code.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// The target of the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// Service-specific inner error: an open object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "InnerError",
    rename = "microsoft.graph.ODataErrors.InnerError"
)]
pub struct InnerError {
    /// Whatever the service reports.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}
