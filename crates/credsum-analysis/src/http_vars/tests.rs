//! Unit tests of scopes and expansion, on fixture strings.

use credsum_syntax::http::{parse_http, HttpFile};
use credsum_syntax::TextRange;
use proptest::prelude::*;

use super::*;

/// Expands the first request target of `text` under `env` of `envs` and returns the result.
fn expand_target(text: &str, envs: &Environments, env: Option<&str>) -> Expanded {
    let file = parse_http(text);
    let scope = Scope::new(
        text,
        &file,
        TextRange::new(0, text.len() as u32),
        envs,
        env.and_then(|e| envs.get(e)),
    );
    let target = match file.messages[0].start_line {
        credsum_syntax::http::StartLine::Request { target, .. } => target,
        credsum_syntax::http::StartLine::Response { range, .. } => range,
    };
    expand(&scope, target)
}

/// The scope of all of `text` (parsed as `file`) under no environment.
fn whole_file_scope<'a>(text: &'a str, file: &HttpFile, envs: &'a Environments) -> Scope<'a> {
    Scope::new(text, file, TextRange::new(0, text.len() as u32), envs, None)
}

/// The file text at `range`.
fn at(text: &str, range: TextRange) -> &str {
    &text[range.as_usize()]
}

/// Environments from `(env, name, value)` triples.
fn envs(vars: &[(&str, &str, &str)]) -> Environments {
    vars.iter()
        .fold(Environments::default(), |envs, (env, name, value)| {
            envs.with(env, name, value)
        })
}

#[test]
fn file_variables_expand_and_map_back_to_their_values() {
    let text = "@host = https://graph.microsoft.com\n@graph = {{host}}/v1.0\n\nGET {{graph}}/x\n";
    let e = expand_target(text, &Environments::default(), None);
    assert_eq!(e.text, "https://graph.microsoft.com/v1.0/x");
    assert!(e.unknowns.is_empty());
    let v = e.text.find("v1.0").unwrap() as u32;
    let version = TextRange::new(v, v + 4);
    assert_eq!(at(text, e.map(version, MapTo::Definition)), "v1.0");
    assert_eq!(at(text, e.map(version, MapTo::Use)), "{{graph}}");
    assert_eq!(e.map_exact(version, MapTo::Use), None);
    let x = TextRange::new(e.text.len() as u32 - 1, e.text.len() as u32);
    assert_eq!(at(text, e.map(x, MapTo::Use)), "x");
}

#[test]
fn environment_values_map_to_the_reference() {
    let text = "GET {{graph}}/x\n";
    let envs = envs(&[("dev", "graph", "https://graph.microsoft.com/beta")]);
    let e = expand_target(text, &envs, Some("dev"));
    assert_eq!(e.text, "https://graph.microsoft.com/beta/x");
    assert_eq!(
        at(text, e.map(TextRange::new(28, 32), MapTo::Definition)),
        "{{graph}}"
    );
    assert_eq!(e.map_exact(TextRange::new(28, 32), MapTo::Definition), None);
}

#[test]
fn environment_values_refer_to_shared_and_system_variables() {
    let text = "GET {{graph}}/x?id={{id}}\n";
    let envs = envs(&[
        ("dev", "version", "beta"),
        (
            "dev",
            "graph",
            "https://graph.microsoft.com/{{$shared version}}",
        ),
        ("dev", "id", "{{$guid}}"),
    ]);
    let e = expand_target(text, &envs, Some("dev"));
    assert_eq!(
        e.text,
        "https://graph.microsoft.com/beta/x?id=6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    );
}

#[test]
fn a_variable_of_another_environment_is_unknown_and_none_is_undefined() {
    let text = "GET {{graph}}/{{nowhere}}\n";
    let envs = envs(&[("dev", "graph", "https://graph.microsoft.com/beta")]);
    let e = expand_target(text, &envs, Some("prod"));
    assert_eq!(e.text, "{{graph}}/{{nowhere}}");
    let whys: Vec<(&str, Why)> = e
        .unknowns
        .iter()
        .map(|u| (u.name.as_str(), u.why))
        .collect();
    assert_eq!(
        whys,
        [
            ("graph", Why::OtherEnvironment),
            ("nowhere", Why::Undefined)
        ]
    );
}

#[test]
fn request_prompt_and_machine_variables_are_unknown() {
    let text = "# @name login\nPOST https://login/x\n\n###\n# @prompt tenant\nGET {{login.response.body.$.id}}/{{tenant}}/{{$processEnv HOME}}/{{$custom}}\n";
    let file = parse_http(text);
    let envs = Environments::default();
    let scope = whole_file_scope(text, &file, &envs);
    let target = match file.messages[1].start_line {
        credsum_syntax::http::StartLine::Request { target, .. } => target,
        credsum_syntax::http::StartLine::Response { .. } => unreachable!(),
    };
    let e = expand(&scope, target);
    let whys: Vec<Why> = e.unknowns.iter().map(|u| u.why).collect();
    assert_eq!(
        whys,
        [Why::Request, Why::Prompt, Why::Runtime, Why::UnknownSystem]
    );
    let names: Vec<&str> = scope.variables().iter().map(|v| v.name).collect();
    assert_eq!(names, ["login", "tenant"]);
}

#[test]
fn system_variables_are_typed_by_what_they_produce() {
    let value = |inner: &str| system_variable(inner).and_then(|(_, v)| v);
    assert_eq!(value("$timestamp").as_deref(), Some("1767225600"));
    assert_eq!(
        value("$datetime iso8601").as_deref(),
        Some("2026-01-01T00:00:00.000Z")
    );
    assert_eq!(
        value("$datetime rfc1123").as_deref(),
        Some("Thu, 01 Jan 2026 00:00:00 GMT")
    );
    assert_eq!(value("$datetime \"DD-MM-YYYY\""), None);
    assert_eq!(value("$randomInt 5 10").as_deref(), Some("5"));
    assert_eq!(value("$random.integer(3, 9)").as_deref(), Some("3"));
    assert_eq!(value("$dotenv TOKEN"), None);
    assert!(system_variable("$nope").is_none());
    assert!(SYSTEM_VARIABLES.windows(2).all(|w| w[0].name < w[1].name));
}

#[test]
fn cycles_are_unknown_not_followed() {
    let text = "@a = {{b}}\n@b = x{{a}}\n@c = {{c}}\n\nGET {{a}}/{{c}}\n";
    let e = expand_target(text, &Environments::default(), None);
    assert!(e
        .unknowns
        .iter()
        .any(|u| u.why == Why::Cycle && u.name == "a"));
    assert!(e
        .unknowns
        .iter()
        .any(|u| u.why == Why::Cycle && u.name == "c"));
}

#[test]
fn doubling_variables_stop_at_the_size_limit() {
    let mut text = String::from("@v0 = xxxxxxxxxxxxxxxx\n");
    for i in 1..40 {
        text.push_str(&format!("@v{i} = {{{{v{}}}}}{{{{v{}}}}}\n", i - 1, i - 1));
    }
    text.push_str("\nGET https://h/{{v39}}\n");
    let e = expand_target(&text, &Environments::default(), None);
    assert!(e.text.len() <= MAX_EXPANSION + 100);
    assert!(e.unknowns.iter().any(|u| u.why == Why::TooLarge));
}

#[test]
fn ten_thousand_variables_in_a_chain_resolve() {
    let mut text = String::from("@v0 = https://graph.microsoft.com\n");
    for i in 1..10_000 {
        text.push_str(&format!("@v{i} = {{{{v{}}}}}\n", i - 1));
    }
    text.push_str("\nGET {{v9999}}/beta\n");
    let e = expand_target(&text, &Environments::default(), None);
    assert_eq!(e.text, "https://graph.microsoft.com/beta");
}

#[test]
fn the_last_definition_before_a_use_wins() {
    let text = "@h = one\n\nGET https://{{h}}/a\n\n###\n@h = two\n\nGET https://{{h}}/b\n";
    let file = parse_http(text);
    let envs = Environments::default();
    let scope = whole_file_scope(text, &file, &envs);
    let sent: Vec<String> = file
        .messages
        .iter()
        .map(|m| expand(&scope, m.start_line.range()).text)
        .collect();
    assert_eq!(sent, ["GET https://one/a", "GET https://two/b"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Expansion never panics, and every range on char boundaries of the sent text maps to a
    /// valid range of the file on char boundaries.
    #[test]
    fn expansion_never_panics_and_maps_onto_char_boundaries(
        text in "(@[a-c] ?= ?[a-cé{}/ ]{0,12}\n|GET [a-cé{}/$ ]{0,20}\n|\\{\\{[a-c$ ]{0,4}\\}\\}|[é{}\n])*",
        start in 0usize..200,
        len in 0usize..200,
    ) {
        let envs = envs(&[("dev", "a", "{{b}}é"), ("dev", "b", "{{a}}")]);
        let file = parse_http(&text);
        let scope = Scope::new(&text, &file, TextRange::new(0, text.len() as u32), &envs, envs.get("dev"));
        for m in &file.messages {
            let e = expand(&scope, m.start_line.range());
            let boundary = |mut i: usize| {
                i = i.min(e.text.len());
                while !e.text.is_char_boundary(i) {
                    i -= 1;
                }
                i as u32
            };
            let s = boundary(start);
            let range = TextRange::new(s, boundary(start + len).max(s));
            for to in [MapTo::Definition, MapTo::Use] {
                let mapped = e.map(range, to);
                prop_assert!(mapped.end as usize <= text.len());
                prop_assert!(text.is_char_boundary(mapped.start as usize));
                prop_assert!(text.is_char_boundary(mapped.end as usize));
            }
        }
    }
}
