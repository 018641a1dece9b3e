//! The credsum language server (`credsum lsp`): diagnostics, quick fixes, completion, hover,
//! outline, folding, selection ranges, formatting and go-to-definition for Microsoft Graph
//! `credentialUserRegistrationsSummary` PATCH bodies in `.json`, `.http`/`.rest` and Markdown
//! files.
//!
//! This is the one crate that knows LSP: it keeps the open documents ([`document`]), reads the
//! settings ([`settings`]), and turns the analysis core's plain data into LSP messages
//! ([`features`], through the position conversions of [`convert`]). It speaks JSON-RPC on
//! stdin/stdout and logs to stderr and `window/logMessage`, never to stdout.
#![forbid(unsafe_code)]

pub mod convert;
pub mod document;
pub mod features;
pub mod server;
pub mod settings;

pub use server::Backend;
use tower_lsp_server::{ClientSocket, LspService, Server};

/// A fresh service and its client socket, for serving over any transport (tests use an
/// in-memory duplex stream).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves LSP on stdin/stdout until the client sends `exit`; builds its own tokio runtime.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = service();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
