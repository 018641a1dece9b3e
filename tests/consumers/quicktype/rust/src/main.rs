//! Reads every patch document of the folders given with quicktype's Rust model and writes it
//! back: each operation's members that its `op` defines (RFC 6902 section 4: `value` for add,
//! replace and test, `from` for move and copy) must come out as they went in. The others are
//! ignored by RFC 6902; the model writes an absent `value`/`from` as `null`, and reads `"value":
//! null` as absent (an `Option<serde_json::Value>`), which the comparison cannot tell apart.
mod patch;

use serde_json::Value;

/// The document with only the members each operation's `op` defines.
fn defined_members(doc: &Value) -> Value {
    let ops = doc.as_array().cloned().unwrap_or_default();
    Value::Array(
        ops.into_iter()
            .map(|mut op| {
                let defined: &[&str] = match op["op"].as_str() {
                    Some("add" | "replace" | "test") => &["op", "path", "value"],
                    Some("move" | "copy") => &["op", "path", "from"],
                    _ => &["op", "path"],
                };
                if let Some(map) = op.as_object_mut() {
                    map.retain(|k, _| defined.contains(&k.as_str()));
                }
                op
            })
            .collect(),
    )
}

fn main() {
    let mut failures = 0;
    for dir in std::env::args().skip(1) {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("file");
            let original: Value = serde_json::from_str(&text).expect("JSON");
            let back = serde_json::from_str::<patch::PatchDocument>(&text)
                .map_err(|e| e.to_string())
                .and_then(|doc| serde_json::to_value(&doc).map_err(|e| e.to_string()));
            match back {
                Ok(back) if defined_members(&back) == defined_members(&original) => {
                    println!("{}: round-trips with its values", file.display());
                }
                Ok(back) => {
                    eprintln!("{}: came back as {back}", file.display());
                    failures += 1;
                }
                Err(error) => {
                    eprintln!("{}: {error}", file.display());
                    failures += 1;
                }
            }
        }
    }
    std::process::exit(i32::from(failures > 0));
}
