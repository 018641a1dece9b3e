//! `credsum export`: writes the JSON Schema (of PATCH bodies or of JSON Patch documents) or
//! OpenAPI documents generated from the model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use credsum_model::export::{self, Encoding, Format};
use credsum_model::Registry;

use crate::atomic_write::write_atomic;

/// Options of `credsum export`.
#[derive(Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(long, value_enum, default_value_t = FormatArg::JsonSchema, conflicts_with = "all")]
    format: FormatArg,
    /// Where to write: a file (written atomically) or `-` for standard output.
    #[arg(long, short, default_value = "-", conflicts_with = "all")]
    output: String,
    /// Write YAML instead of JSON.
    #[arg(long)]
    yaml: bool,
    /// Write every artifact (the PATCH body and JSON Patch JSON Schemas in both drafts, both
    /// OpenAPI versions as JSON and YAML, the SchemaStore catalog) into DIR, creating it and its
    /// parents.
    #[arg(long, value_name = "DIR")]
    all: Option<PathBuf>,
    /// Keep Graph's `x-graph-*` keywords in a JSON Schema (strict validators such as ajv refuse
    /// them; OpenAPI documents always carry them).
    #[arg(long, conflicts_with = "all")]
    graph_extensions: bool,
}

/// The `--format` values.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// JSON Schema draft 2020-12.
    #[value(name = "json-schema")]
    JsonSchema,
    /// JSON Schema draft-07.
    #[value(name = "json-schema-draft-07")]
    JsonSchemaDraft07,
    /// JSON Schema draft 2020-12 of an RFC 6902 JSON Patch document aimed at the resource.
    #[value(name = "json-patch-schema")]
    JsonPatchSchema,
    /// JSON Schema draft-07 of an RFC 6902 JSON Patch document aimed at the resource.
    #[value(name = "json-patch-schema-draft-07")]
    JsonPatchSchemaDraft07,
    /// OpenAPI 3.0 fragment.
    #[value(name = "openapi-3.0")]
    OpenApi30,
    /// OpenAPI 3.1 fragment.
    #[value(name = "openapi-3.1")]
    OpenApi31,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::JsonSchema => Format::JsonSchema,
            FormatArg::JsonSchemaDraft07 => Format::JsonSchemaDraft07,
            FormatArg::JsonPatchSchema => Format::JsonPatchSchema,
            FormatArg::JsonPatchSchemaDraft07 => Format::JsonPatchSchemaDraft07,
            FormatArg::OpenApi30 => Format::OpenApi30,
            FormatArg::OpenApi31 => Format::OpenApi31,
        }
    }
}

/// Runs the export.
pub fn run(args: &ExportArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let registry = Registry::graph();
    if let Some(dir) = &args.all {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
        let catalog = credsum_workspace::catalog::artifact(&registry);
        for artifact in export::artifacts(&registry).into_iter().chain([catalog]) {
            write_atomic(&dir.join(&artifact.file_name), artifact.contents.as_bytes())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let encoding = if args.yaml {
        Encoding::Yaml
    } else {
        Encoding::Json
    };
    let options = export::Options {
        graph_extensions: args.graph_extensions,
    };
    let text = export::render(
        &export::document(&registry, args.format.into(), None, options),
        encoding,
    );
    if args.output == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
    } else {
        write_atomic(Path::new(&args.output), text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
