//! Environments of `.http` files, read from the files each client reads (the rules of each
//! dialect, with their sources, are in `docs/http-files.md`):
//!
//! - JetBrains HTTP Client and httpyac: `http-client.env.json` and `http-client.private.env.json`
//!   (on a name clash the public file wins, as JetBrains documents), in the request file's folder or the nearest folder above it
//!   (up to the workspace root); a `$shared` environment is merged into every other.
//! - VS Code REST Client: `rest-client.environmentVariables` of `.vscode/settings.json` (JSON
//!   with comments) in the nearest folder at or above the file; `$shared` merged into the others.
//! - httpyac: `.env` (variables of every environment) and `<name>.env` (environment `name`)
//!   beside the request file.
//!
//! The result is the core's plain [`Environments`], each variable with the file and key range it
//! was defined at. A file that is not JSON or has the wrong shape gives an [`EnvProblem`], never
//! a panic; the environments it could still read are kept.

use std::path::{Path, PathBuf};

use credsum_analysis::http_vars::{Definition, EnvVariable, Environment, Environments};
use credsum_analysis::TextRange;
use credsum_syntax::json::{self, JsonTree, NodeId, NodeKind, SyntaxErrorKind};

/// The JetBrains / httpyac environment file.
pub const ENV_FILE: &str = "http-client.env.json";
/// Its private twin (secrets, kept out of version control).
pub const PRIVATE_ENV_FILE: &str = "http-client.private.env.json";
/// The REST Client settings key holding environments.
pub const REST_CLIENT_KEY: &str = "rest-client.environmentVariables";
/// The environment whose variables every other shares.
pub const SHARED: &str = "$shared";
/// Environment files larger than this are not read (they are a few hundred bytes in practice).
const MAX_ENV_FILE: u64 = 1024 * 1024;

/// An environment file credsum could not read as its client would.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvProblem {
    /// The file.
    pub path: PathBuf,
    /// Where in it (empty at 0 for the whole file).
    pub range: TextRange,
    /// What is wrong, leading with the fact.
    pub message: String,
}

/// The environments of one request file, and what was wrong in the files they come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpEnvironments {
    /// The environments, each variable with where it was defined.
    pub environments: Environments,
    /// Problems of the environment files read.
    pub problems: Vec<EnvProblem>,
}

/// The environments of the request file `http_file`, from the environment files beside it or
/// in a folder above it, up to `root` (inclusive; `None`: the file's own folder only).
#[must_use]
pub fn environments_for(http_file: &Path, root: Option<&Path>) -> HttpEnvironments {
    let mut out = HttpEnvironments::default();
    let Some(dir) = http_file.parent() else {
        return out;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let root = root.map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.to_owned()));
    let mut folders: Vec<&Path> = match &root {
        Some(root) => dir
            .ancestors()
            .take_while(|d| d.starts_with(root))
            .collect(),
        None => Vec::new(),
    };
    if folders.is_empty() {
        folders.push(&dir);
    }
    let nearest = |name: &str| folders.iter().map(|d| d.join(name)).find(|p| p.is_file());
    if let Some(settings) = nearest(".vscode/settings.json") {
        read_json_environments(&settings, Some(REST_CLIENT_KEY), &mut out);
    }
    let env_dir = folders
        .iter()
        .find(|d| d.join(ENV_FILE).is_file() || d.join(PRIVATE_ENV_FILE).is_file());
    if let Some(env_dir) = env_dir {
        // JetBrains: on a name clash the public file's value wins, so it is read last.
        for name in [PRIVATE_ENV_FILE, ENV_FILE] {
            let path = env_dir.join(name);
            if path.is_file() {
                read_json_environments(&path, None, &mut out);
            }
        }
    }
    read_dotenv_files(&dir, &mut out);
    share(&mut out.environments);
    out
}

/// Merges `$shared` into every other environment (their own keys win) and drops it.
fn share(environments: &mut Environments) {
    let Some(shared) = environments.environments.remove(SHARED) else {
        return;
    };
    for env in environments.environments.values_mut() {
        for (name, var) in &shared.variables {
            env.variables
                .entry(name.clone())
                .or_insert_with(|| var.clone());
        }
    }
}

/// Reads a file of at most [`MAX_ENV_FILE`] bytes as text, or records why not.
fn read_text(path: &Path, out: &mut HttpEnvironments) -> Option<String> {
    let problem = |message: String| EnvProblem {
        path: path.to_owned(),
        range: TextRange::empty(0),
        message,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_ENV_FILE => {
            out.problems.push(problem(format!(
                "Not read: the environment file is {} bytes, more than {MAX_ENV_FILE}",
                meta.len()
            )));
            return None;
        }
        Err(error) => {
            out.problems.push(problem(format!(
                "Cannot read the environment file: {error}"
            )));
            return None;
        }
        Ok(_) => {}
    }
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Some(text),
        Ok(Err(_)) => {
            out.problems
                .push(problem("The environment file is not UTF-8 text".to_owned()));
            None
        }
        Err(error) => {
            out.problems.push(problem(format!(
                "Cannot read the environment file: {error}"
            )));
            None
        }
    }
}

/// Reads environments from a JSON file: the root object (or its member `key`) maps environment
/// names to objects of variables. Comments and trailing commas are allowed in
/// `.vscode/settings.json` (VS Code reads it as JSON with comments), nowhere else.
fn read_json_environments(path: &Path, key: Option<&str>, out: &mut HttpEnvironments) {
    let Some(text) = read_text(path, out) else {
        return;
    };
    let parse = json::parse(&text);
    let tolerated = |k: SyntaxErrorKind| {
        key.is_some() && matches!(k, SyntaxErrorKind::Comment | SyntaxErrorKind::TrailingComma)
    };
    let mut problem = |range: TextRange, message: String| {
        out.problems.push(EnvProblem {
            path: path.to_owned(),
            range,
            message,
        });
    };
    if let Some(error) = parse.errors.iter().find(|e| !tolerated(e.kind)) {
        problem(
            error.range,
            format!("The environment file is not JSON: {}", error.kind.message()),
        );
        return;
    }
    let tree = &parse.tree;
    let Some(mut root) = tree.root() else {
        return;
    };
    if let Some(key) = key {
        let found = object_members(tree, root).and_then(|members| {
            members
                .iter()
                .rev()
                .find(|m| tree.name(m) == key)
                .and_then(|m| m.value())
        });
        match found {
            Some(value) => root = value,
            None => return,
        }
    }
    let Some(envs) = object_members(tree, root) else {
        problem(
            tree.range(root),
            "Environments must be a JSON object: environment name → object of variables".to_owned(),
        );
        return;
    };
    let mut found = Vec::new();
    for env in envs {
        let name = tree.name(env).to_owned();
        let Some(vars) = env.value().and_then(|v| object_members(tree, v)) else {
            let range = env.value().map_or(env.key, |v| tree.range(v));
            problem(
                range,
                format!("Environment \"{name}\" must be an object of variables"),
            );
            continue;
        };
        let mut environment = Environment::default();
        for var in vars {
            let Some(value) = var.value().and_then(|v| scalar_text(tree, v)) else {
                continue;
            };
            environment.variables.insert(
                tree.name(var).to_owned(),
                EnvVariable {
                    value,
                    definition: Some(Definition {
                        path: path.to_owned(),
                        range: var.key,
                    }),
                },
            );
        }
        found.push((name, environment));
    }
    for (name, environment) in found {
        let into = out.environments.environments.entry(name).or_default();
        into.variables.extend(environment.variables);
    }
}

/// The members of `id` when it is an object.
fn object_members<'t>(tree: &'t JsonTree<'_>, id: NodeId) -> Option<&'t [json::Member]> {
    (tree.kind(id) == NodeKind::Object).then(|| tree.members(id))
}

/// A variable's value as the client sends it: a string's content, a number's or boolean's text;
/// `None` for objects, arrays and null (JetBrains keeps auth settings there, not variables).
fn scalar_text(tree: &JsonTree<'_>, id: NodeId) -> Option<String> {
    match tree.kind(id) {
        NodeKind::String => tree.string_value(id).map(|s| s.into_owned()),
        NodeKind::Number => tree.number_text(id).map(str::to_owned),
        NodeKind::Bool => tree.bool_value(id).map(|b| b.to_string()),
        NodeKind::Object | NodeKind::Array | NodeKind::Null => None,
    }
}

/// httpyac's `.env` (every environment) and `<name>.env` (environment `name`) files in `dir`.
fn read_dotenv_files(dir: &Path, out: &mut HttpEnvironments) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let env = name.strip_suffix(".env")?;
            e.path().is_file().then(|| (env.to_owned(), e.path()))
        })
        .collect();
    files.sort();
    for (env, path) in files {
        let Some(text) = read_text(&path, out) else {
            continue;
        };
        let name = if env.is_empty() { SHARED } else { env.as_str() };
        let into = out
            .environments
            .environments
            .entry(name.to_owned())
            .or_default();
        for (key, value, range) in dotenv_pairs(&text) {
            into.variables.insert(
                key.to_owned(),
                EnvVariable {
                    value,
                    definition: Some(Definition {
                        path: path.clone(),
                        range,
                    }),
                },
            );
        }
    }
}

/// The `KEY=value` lines of a `.env` file (`#` comments, an optional `export `, values in
/// single or double quotes), each with its key's range.
fn dotenv_pairs(text: &str) -> Vec<(&str, String, TextRange)> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let (trimmed, lead) = match trimmed.strip_prefix("export ") {
            Some(rest) => (rest.trim_start(), line.len() - rest.trim_start().len()),
            None => (trimmed, lead),
        };
        if trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim_end();
        if key.is_empty() {
            continue;
        }
        let value = value.trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
            .unwrap_or(value);
        let key_start = (start + lead) as u32;
        out.push((
            key,
            value.to_owned(),
            TextRange::new(key_start, key_start + key.len() as u32),
        ));
    }
    out
}

#[cfg(test)]
mod tests;
