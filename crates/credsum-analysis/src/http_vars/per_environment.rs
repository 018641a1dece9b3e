//! Checking a request file under every environment defined for it, or one: findings every
//! environment triggers are reported once; one only some trigger is reported for each of them,
//! its message led by `in environment "dev": `.

use std::collections::HashSet;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

use super::environment::Environments;

/// Which environments a request file is checked under.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection<'a> {
    /// Every environment defined (none defined: file and system variables only).
    #[default]
    Every,
    /// The one named (a name no environment has: file and system variables only).
    One(&'a str),
}

/// The findings of `run` (given an environment name, returning findings and whether the file
/// is a request file) under the selected environments, merged.
pub(crate) fn across_environments(
    environments: &Environments,
    selection: Selection<'_>,
    mut run: impl FnMut(Option<&str>) -> (Vec<Diagnostic>, bool),
) -> (Vec<Diagnostic>, bool) {
    let names: Vec<&str> = match selection {
        Selection::One(name) => return run(Some(name)),
        Selection::Every if environments.is_empty() => return run(None),
        Selection::Every => environments.names().collect(),
    };
    let runs: Vec<(&str, Vec<Diagnostic>, bool)> = names
        .iter()
        .map(|&name| {
            let (found, any) = run(Some(name));
            (name, found, any)
        })
        .collect();
    let sets: Vec<HashSet<&Diagnostic>> = runs.iter().map(|(_, f, _)| f.iter().collect()).collect();
    let mut out = Vec::new();
    let mut common: HashSet<&Diagnostic> = HashSet::new();
    for (name, found, _) in &runs {
        for d in found {
            if sets.iter().all(|s| s.contains(d)) {
                if common.insert(d) {
                    out.push(d.clone());
                }
            } else {
                let mut d = d.clone();
                d.message = Arc::new(format!("in environment \"{name}\": {}", d.message));
                out.push(d);
            }
        }
    }
    let any = runs.iter().any(|(_, _, any)| *any);
    (out, any)
}
