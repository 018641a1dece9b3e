//! Environments as plain data: a name (`dev`, `prod`) → its variables, each with the place it
//! was defined (an environment file and a byte range in it) for go-to-definition. The loaders of
//! `http-client.env.json`, `.vscode/settings.json` and `.env` files live in `credsum-workspace`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use credsum_syntax::TextRange;

/// Where an environment variable was defined.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Definition {
    /// The file that defines it.
    pub path: PathBuf,
    /// The key's byte range in that file.
    pub range: TextRange,
}

/// One environment variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVariable {
    /// Its value as the client sends it; it may itself hold `{{references}}`.
    pub value: String,
    /// Where it was defined, when known.
    pub definition: Option<Definition>,
}

/// One environment: variable name → variable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// The variables, by name.
    pub variables: BTreeMap<String, EnvVariable>,
}

impl Environment {
    /// The variable named `name`, if this environment defines it.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&EnvVariable> {
        self.variables.get(name)
    }
}

/// Every environment defined for a request file, by name (sorted, so output is stable).
/// Shared variables (REST Client's `$shared`) are already merged into each by the loader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environments {
    /// The environments, by name.
    pub environments: BTreeMap<String, Environment>,
}

impl Environments {
    /// The environment named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Environment> {
        self.environments.get(name)
    }

    /// Whether no environment is defined.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.environments.is_empty()
    }

    /// The environment names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.environments.keys().map(String::as_str)
    }

    /// These environments with variable `name` = `value` (defined nowhere in particular) added
    /// to environment `env`: for building environments in code and tests.
    #[must_use]
    pub fn with(mut self, env: &str, name: &str, value: &str) -> Environments {
        self.environments
            .entry(env.to_owned())
            .or_default()
            .variables
            .insert(
                name.to_owned(),
                EnvVariable {
                    value: value.to_owned(),
                    definition: None,
                },
            );
        self
    }

    /// Whether any environment defines `name`.
    #[must_use]
    pub fn defines(&self, name: &str) -> bool {
        self.environments.values().any(|e| e.get(name).is_some())
    }
}
