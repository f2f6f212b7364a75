//! Snapshot tests: one named test per `fixtures/<area>/<case>.mmd`.
//!
//! A diagram that parses is compared with `<case>.json` (the model as JSON);
//! one that is rejected with `<case>.err` (the rendered diagnostic). A missing
//! expected file is written and the test fails; `MMDR_BLESS=1` rewrites them all.
//! `fixtures/corpus` is mermaid's own reference data, checked by `conformance.rs`; `fixtures/art` holds
//! text-art snapshots, checked by `text_art.rs`.

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut trials = Vec::new();
    for area in sorted_entries(&root) {
        let name = area.file_name().unwrap().to_string_lossy().into_owned();
        if !area.is_dir() || name == "corpus" || name == "art" {
            continue;
        }
        for case in sorted_entries(&area) {
            if case.extension().is_some_and(|e| e == "mmd") {
                let test_name = format!("{name}/{}", case.file_stem().unwrap().to_string_lossy());
                trials.push(Trial::test(test_name, move || check(&case)));
            }
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// What the fixture produces now: the extension of its snapshot and the snapshot text.
fn produce(case: &Path) -> (&'static str, String) {
    let src = std::fs::read_to_string(case).expect("fixture is readable UTF-8");
    let root = case
        .parent()
        .and_then(Path::parent)
        .expect("fixtures/<area>/<case>");
    let name = case
        .strip_prefix(root)
        .unwrap_or(case)
        .to_string_lossy()
        .replace('\\', "/");
    match mmdr::parse_diagram(&src) {
        Ok(d) => ("json", mmdr::json::to_string(&d)),
        Err(e) => (
            "err",
            mmdr::diag::render_error(&mmdr::diag::Source::new(&name, &src), &e),
        ),
    }
}

fn check(case: &Path) -> Result<(), Failed> {
    let (ext, actual) = produce(case);
    let expected_path = case.with_extension(ext);
    let other = case.with_extension(if ext == "json" { "err" } else { "json" });
    let bless = std::env::var_os("MMDR_BLESS").is_some_and(|v| v == "1");
    if bless {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&other);
        return Ok(());
    }
    if other.exists() && !expected_path.exists() {
        return Err(if ext == "json" {
            format!(
                "expected a diagnostic ({}), but the diagram was accepted",
                other.display()
            )
            .into()
        } else {
            format!(
                "expected it to parse ({}), but it was rejected:\n{actual}",
                other.display()
            )
            .into()
        });
    }
    let Ok(expected) = std::fs::read_to_string(&expected_path) else {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        return Err(format!(
            "no {} yet: written; check it and commit it",
            expected_path.display()
        )
        .into());
    };
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs (MMDR_BLESS=1 to accept):\n{}",
        expected_path.display(),
        line_diff(&expected, &actual)
    )
    .into())
}

/// The first few differing lines, `-` expected and `+` actual.
fn line_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            out.push_str(&format!(
                "line {}:\n- {}\n+ {}\n",
                i + 1,
                x.unwrap_or(&"<none>"),
                y.unwrap_or(&"<none>")
            ));
            shown += 1;
            if shown == 8 {
                out.push_str("…\n");
                break;
            }
        }
    }
    out
}
