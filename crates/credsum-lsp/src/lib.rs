//! The credsum language server (`credsum lsp`): diagnostics, quick fixes, completion, hover,
//! outline, folding, selection ranges, formatting and go-to-definition for Microsoft Graph
//! `credentialUserRegistrationsSummary` PATCH bodies in `.json`, `.http`/`.rest` and Markdown
//! files.
//!
//! This is the one crate that knows LSP: it keeps the open documents ([`document`]), reads the
//! settings ([`settings`]) over each workspace folder's `credsum.toml`, resolves what the client
//! takes once ([`capabilities`]), reports the whole workspace's request files
//! ([`workspace_diagnostics`]), and turns the analysis core's plain data into LSP messages
//! ([`handlers`], one module per method, through the position conversions of [`convert`]). It
//! speaks JSON-RPC on stdin/stdout through a hardened framing layer ([`transport`]) and logs to
//! stderr and `window/logMessage`, never to stdout.
#![forbid(unsafe_code)]

pub mod capabilities;
pub mod convert;
pub mod document;
pub mod handlers;
pub mod schema_cache;
pub mod server;
pub mod settings;
pub mod transport;
pub mod workspace_diagnostics;

pub use server::Backend;
use tower_lsp_server::{ClientSocket, LspService};

/// A fresh service and its client socket, for serving over any transport (tests use an
/// in-memory duplex stream).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves LSP on stdin/stdout until the client sends `exit` or closes stdin; builds its own
/// tokio runtime. Returns the exit code the LSP specification asks for: success when the client
/// sent `shutdown` first, 1 otherwise (see [`transport`], which also keeps malformed input from
/// ending the session).
pub fn run_stdio() -> std::io::Result<std::process::ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = transport::serve_stdio(&runtime);
    // Work still running on the blocking pool (a workspace scan) must not keep the process
    // alive after `exit`.
    runtime.shutdown_background();
    Ok(code)
}
