//! Tests of environment loading, on files written to a temporary folder.

use std::fs;

use super::*;

/// Writes `files` (path, content) under a new temporary folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

/// The value of `var` in environment `env`.
fn value<'e>(envs: &'e HttpEnvironments, env: &str, var: &str) -> Option<&'e str> {
    Some(envs.environments.get(env)?.get(var)?.value.as_str())
}

#[test]
fn jetbrains_files_above_the_request_file_public_winning_and_shared() {
    let dir = folder(&[
        (
            ENV_FILE,
            r#"{"$shared": {"version": "beta"}, "dev": {"host": "https://dev", "n": 5}, "prod": {"host": "https://graph.microsoft.com", "version": "v1.0"}}"#,
        ),
        (
            PRIVATE_ENV_FILE,
            r#"{"dev": {"token": "secret", "host": "https://private"}}"#,
        ),
        ("requests/update.http", "GET {{host}}\n"),
    ]);
    let envs = environments_for(&dir.path().join("requests/update.http"), Some(dir.path()));
    assert_eq!(envs.problems, []);
    assert_eq!(
        envs.environments.names().collect::<Vec<_>>(),
        ["dev", "prod"]
    );
    assert_eq!(value(&envs, "dev", "host"), Some("https://dev"));
    assert_eq!(value(&envs, "dev", "token"), Some("secret"));
    assert_eq!(value(&envs, "dev", "n"), Some("5"));
    assert_eq!(value(&envs, "dev", "version"), Some("beta"));
    assert_eq!(value(&envs, "prod", "version"), Some("v1.0"));
    let def = envs
        .environments
        .get("prod")
        .unwrap()
        .get("host")
        .unwrap()
        .definition
        .clone()
        .unwrap();
    let text = fs::read_to_string(&def.path).unwrap();
    assert_eq!(&text[def.range.as_usize()], "\"host\"");
}

#[test]
fn rest_client_settings_allow_comments_and_share() {
    let dir = folder(&[
        (".vscode/settings.json", "{\n  // REST Client\n  \"rest-client.environmentVariables\": {\n    \"$shared\": {\"graph\": \"https://graph.microsoft.com/beta\"},\n    \"local\": {\"id\": \"1\"},\n  },\n}\n"),
        ("a.http", ""),
    ]);
    let envs = environments_for(&dir.path().join("a.http"), Some(dir.path()));
    assert_eq!(envs.problems, []);
    assert_eq!(
        value(&envs, "local", "graph"),
        Some("https://graph.microsoft.com/beta")
    );
    assert!(envs.environments.get(SHARED).is_none());
}

#[test]
fn httpyac_dotenv_files_name_environments() {
    let dir = folder(&[
        (
            ".env",
            "# shared\nexport host = \"https://graph.microsoft.com\"\n",
        ),
        ("dev.env", "version=beta\nbroken line\n"),
        ("a.http", ""),
    ]);
    let envs = environments_for(&dir.path().join("a.http"), None);
    assert_eq!(
        value(&envs, "dev", "host"),
        Some("https://graph.microsoft.com")
    );
    assert_eq!(value(&envs, "dev", "version"), Some("beta"));
}

#[test]
fn bad_files_are_problems_not_panics() {
    let dir = folder(&[
        (
            ENV_FILE,
            "{\"dev\": [1], \"ok\": {\"a\": \"b\"}, \"s\": \"x\"}",
        ),
        (PRIVATE_ENV_FILE, "{not json"),
        ("a.http", ""),
    ]);
    let envs = environments_for(&dir.path().join("a.http"), None);
    let messages: Vec<&str> = envs.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    let has = |start: &str| messages.iter().any(|m| m.starts_with(start));
    assert!(has("Environment \"dev\" must be an object"), "{messages:?}");
    assert!(has("Environment \"s\" must be an object"), "{messages:?}");
    assert!(has("The environment file is not JSON"), "{messages:?}");
    assert_eq!(value(&envs, "ok", "a"), Some("b"));
    let array = folder(&[(ENV_FILE, "[]"), ("a.http", "")]);
    let envs = environments_for(&array.path().join("a.http"), None);
    assert!(envs.problems[0]
        .message
        .starts_with("Environments must be a JSON object"));
}
