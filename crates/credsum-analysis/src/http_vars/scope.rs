//! What a `{{name}}` means at a place of a request file: the variables in scope (file,
//! environment, request and prompt variables; system variables come from
//! [`super::SYSTEM_VARIABLES`]) and the resolution of one reference.
//!
//! File variables are file-wide, as REST Client has them: a reference uses the last definition
//! of the name before it, else the first after it. Each file variable's value is expanded once,
//! in text order, when the scope is built, so a file of 10,000 variables costs one pass.

use std::collections::HashMap;

use credsum_syntax::http::{variable_refs, HttpFile, HttpMessage};
use credsum_syntax::TextRange;

use super::environment::{EnvVariable, Environment, Environments};
use super::expand::{expand_value, Expanded};
use super::system::{system_variable, SystemVariable};

/// Why a variable's value cannot be known statically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Why {
    /// A request variable: the response of a named request, known only after sending it.
    Request,
    /// A prompt variable: typed in when sending.
    Prompt,
    /// A system variable read from the machine when sending (`$processEnv`, `$dotenv`, a token,
    /// a custom date format).
    Runtime,
    /// A `$name` no client catalogue credsum knows defines.
    UnknownSystem,
    /// Defined by another environment than the one checked.
    OtherEnvironment,
    /// Its value refers back to itself.
    Cycle,
    /// Its expansion is longer than [`super::expand::MAX_EXPANSION`] bytes, or nests too deep.
    TooLarge,
    /// Defined nowhere: not in the file, any environment, nor the system catalogue.
    Undefined,
}

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution<'s> {
    /// A file variable: its index in [`Scope::file_variables`].
    File(usize),
    /// A variable of the environment checked.
    Environment(&'s EnvVariable),
    /// A system variable whose value has a known shape, and a representative value.
    System(&'static SystemVariable, String),
    /// A value not known statically.
    Unknown(Why),
}

/// A variable in scope, for completion, hover and go-to-definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeVariable<'s> {
    /// The name as written in a reference (a request's name stands for `name.response…`).
    pub name: &'s str,
    /// Where it comes from.
    pub kind: VariableKind<'s>,
}

/// Where a variable in scope comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VariableKind<'s> {
    /// `@name = value` in the file: the ranges of its name and value, and the value expanded.
    File {
        /// The name, without `@`.
        name: TextRange,
        /// The value as written.
        value: TextRange,
        /// The value as sent (`None` when not known statically).
        resolved: Option<&'s str>,
    },
    /// A variable of the environment checked.
    Environment(&'s EnvVariable),
    /// A named request (`# @name login`): `{{login.response.body.$.id}}` reads its response.
    Request {
        /// The name in the `@name` comment or `###` line.
        name: TextRange,
    },
    /// `# @prompt name`: typed in when sending.
    Prompt {
        /// The name in the comment.
        name: TextRange,
    },
}

/// A file variable with its expanded value.
#[derive(Clone, Debug)]
pub(super) struct FileVar<'t> {
    /// The name.
    pub name: &'t str,
    /// Its name's range.
    pub name_range: TextRange,
    /// Its value's range.
    pub value: TextRange,
    /// Its value as sent, once expanded.
    pub expanded: Option<Expanded>,
}

/// The variables of one request file (or one Markdown ```http block) under one environment.
#[derive(Clone, Debug)]
pub struct Scope<'a> {
    /// The file's text.
    pub(super) text: &'a str,
    /// File variables, in text order.
    pub(super) files: Vec<FileVar<'a>>,
    /// File variable indices by name, in text order.
    by_name: HashMap<&'a str, Vec<usize>>,
    /// Named requests.
    requests: Vec<(&'a str, TextRange)>,
    /// Prompt variables.
    prompts: Vec<(&'a str, TextRange)>,
    /// The environment checked, if any.
    environment: Option<&'a Environment>,
    /// Every environment (a name only another one defines is not "undefined").
    environments: &'a Environments,
}

impl<'a> Scope<'a> {
    /// The scope of `file` (parsed from `text[region]`) under `environment` (one of
    /// `environments`, or none).
    #[must_use]
    pub fn new(
        text: &'a str,
        file: &HttpFile,
        region: TextRange,
        environments: &'a Environments,
        environment: Option<&'a Environment>,
    ) -> Scope<'a> {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        let files: Vec<FileVar<'a>> = file
            .variables
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let name = slice(text, v.name);
                by_name.entry(name).or_default().push(i);
                FileVar {
                    name,
                    name_range: v.name,
                    value: v.value,
                    expanded: None,
                }
            })
            .collect();
        let mut scope = Scope {
            text,
            files,
            by_name,
            requests: file
                .messages
                .iter()
                .filter_map(|m| request_name(text, m))
                .collect(),
            prompts: prompts(text, region),
            environment,
            environments,
        };
        for i in 0..scope.files.len() {
            if scope.files[i].expanded.is_none() {
                let mut visiting = vec![false; scope.files.len()];
                expand_value(&mut scope, i, &mut visiting, 0);
            }
        }
        scope
    }

    /// The file variable `name` as seen at byte `at`: the last definition before it, else the
    /// first after it.
    pub(super) fn file_variable(&self, name: &str, at: u32) -> Option<usize> {
        let defs = self.by_name.get(name)?;
        defs.iter()
            .rev()
            .find(|&&i| self.files[i].value.start <= at)
            .or(defs.first())
            .copied()
    }

    /// What the reference whose inner text is `inner` (between the braces) means at byte `at`.
    #[must_use]
    pub fn resolve(&self, inner: &str, at: u32) -> Resolution<'a> {
        let inner = inner.trim();
        // REST Client: `{{$shared name}}` in an environment value is the `$shared` environment's
        // variable, which the loader merged into every environment.
        if let Some(shared) = inner
            .strip_prefix("$shared")
            .filter(|r| r.starts_with([' ', '.']))
        {
            let name = shared[1..].trim();
            return match self.environment.and_then(|e| e.get(name)) {
                Some(var) => Resolution::Environment(var),
                None => Resolution::Unknown(Why::Undefined),
            };
        }
        if inner.starts_with('$') {
            return match system_variable(inner) {
                Some((var, Some(value))) => Resolution::System(var, value),
                Some((_, None)) => Resolution::Unknown(Why::Runtime),
                None => Resolution::Unknown(Why::UnknownSystem),
            };
        }
        if let Some(i) = self.file_variable(inner, at) {
            return Resolution::File(i);
        }
        if let Some(var) = self.environment.and_then(|e| e.get(inner)) {
            return Resolution::Environment(var);
        }
        if self.prompts.iter().any(|(n, _)| *n == inner) {
            return Resolution::Unknown(Why::Prompt);
        }
        let request = inner.split('.').next().unwrap_or(inner);
        if inner.contains('.') && self.requests.iter().any(|(n, _)| *n == request) {
            return Resolution::Unknown(Why::Request);
        }
        if self.environments.defines(inner) {
            return Resolution::Unknown(Why::OtherEnvironment);
        }
        Resolution::Unknown(Why::Undefined)
    }

    /// Every environment of the file.
    #[must_use]
    pub fn environments(&self) -> &'a Environments {
        self.environments
    }

    /// The environment checked, if any.
    #[must_use]
    pub fn environment(&self) -> Option<&'a Environment> {
        self.environment
    }

    /// Whether the file variable whose value holds `range` is referred to outside `message`
    /// (by another message or another variable's value), so editing it changes more than
    /// `message`.
    #[must_use]
    pub fn value_used_elsewhere(&self, range: TextRange, message: TextRange) -> bool {
        let Some(var) = self.files.iter().find(|f| f.value.contains_range(range)) else {
            return false;
        };
        variable_refs(self.text, TextRange::new(0, self.text.len() as u32))
            .into_iter()
            .filter(|r| !message.contains_range(*r))
            .any(|r| {
                let inner = slice(self.text, TextRange::new(r.start + 2, r.end - 2)).trim();
                matches!(self.resolve(inner, r.start), Resolution::File(i) if self.files[i].name_range == var.name_range)
            })
    }

    /// The value a file variable sends, once expanded (`None` when not known statically).
    #[must_use]
    pub fn file_value(&self, index: usize) -> Option<&Expanded> {
        self.files.get(index)?.expanded.as_ref()
    }

    /// Every variable in scope: file variables (in text order), the environment's, named
    /// requests and prompt variables. System variables are [`super::SYSTEM_VARIABLES`].
    #[must_use]
    pub fn variables(&self) -> Vec<ScopeVariable<'_>> {
        let files = self.files.iter().map(|f| ScopeVariable {
            name: f.name,
            kind: VariableKind::File {
                name: f.name_range,
                value: f.value,
                resolved: f
                    .expanded
                    .as_ref()
                    .filter(|e| e.unknowns.is_empty())
                    .map(|e| e.text.as_str()),
            },
        });
        let env = self.environment.into_iter().flat_map(|e| {
            e.variables.iter().map(|(name, var)| ScopeVariable {
                name,
                kind: VariableKind::Environment(var),
            })
        });
        let requests = self.requests.iter().map(|&(name, range)| ScopeVariable {
            name,
            kind: VariableKind::Request { name: range },
        });
        let prompts = self.prompts.iter().map(|&(name, range)| ScopeVariable {
            name,
            kind: VariableKind::Prompt { name: range },
        });
        files.chain(env).chain(requests).chain(prompts).collect()
    }
}

/// A slice of `text`, empty when the range does not fit it.
pub(super) fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.as_usize()).unwrap_or("")
}

/// The name of a named request, as `{{name.response…}}` refers to it.
fn request_name<'t>(text: &'t str, message: &HttpMessage) -> Option<(&'t str, TextRange)> {
    let range = message.name?;
    Some((slice(text, range), range))
}

/// The `# @prompt name [description]` comments of `text[region]`.
fn prompts(text: &str, region: TextRange) -> Vec<(&str, TextRange)> {
    let mut out = Vec::new();
    let mut line_start = region.start;
    for line in slice(text, region).split('\n') {
        let s = line.trim().trim_start_matches('\u{FEFF}');
        let end = line_start + (line.trim_end().len()) as u32;
        line_start += line.len() as u32 + 1;
        let body = s.trim_start_matches(['#', '/']);
        if body.len() == s.len() {
            continue;
        }
        let Some(rest) = body.trim_start().strip_prefix("@prompt") else {
            continue;
        };
        let name = rest.trim_start();
        let name_len = name.find(char::is_whitespace).unwrap_or(name.len());
        if name_len == 0 || name.len() == rest.len() {
            continue;
        }
        let start = end - name.len() as u32;
        out.push((
            &name[..name_len],
            TextRange::new(start, start + name_len as u32),
        ));
    }
    out
}
