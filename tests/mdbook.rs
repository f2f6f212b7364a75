//! The mdBook preprocessor through the real `mdbook build`: a small book made of the seed
//! documents, every diagram inline (or as a file) and no mermaid block left; a broken block
//! fails the build with its place, or warns with `on-error = "warn"`.
//!
//! Needs `mdbook` (0.4 or 0.5) on the PATH. Without it the tests say so and pass, unless
//! `MMDR_REQUIRE_TOOLS=1` (as in CI), where a missing tool fails them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PREPROCESSOR: &str = env!("CARGO_BIN_EXE_mdbook-mmdr");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `mdbook` can run; fails when it cannot and the tools are required.
fn have_mdbook() -> bool {
    let ok = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("MMDR_REQUIRE_TOOLS").is_none_or(|v| v != "1"),
            "mdbook is not installed (cargo install mdbook), and MMDR_REQUIRE_TOOLS=1"
        );
        eprintln!("skipped: mdbook is not installed");
    }
    ok
}

/// A fresh, empty directory for one test.
fn temp_dir(tag: &str) -> PathBuf {
    common::temp_dir("mdbook", tag)
}

/// A book in `dir` whose chapters are the seed documents (and `extra` chapters given as
/// name and text), with `settings` as its `[preprocessor.mmdr]` table. Returns the chapter
/// file names.
fn make_book(dir: &Path, settings: &str, extra: &[(&str, &str)]) -> Vec<String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let mut chapters = Vec::new();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    for d in docs {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(&d, src.join(&name)).unwrap();
        chapters.push(name);
    }
    for (name, text) in extra {
        std::fs::write(src.join(name), text).unwrap();
        chapters.push(name.to_string());
    }
    let summary: String = std::iter::once("# Summary\n\n".to_string())
        .chain(chapters.iter().map(|c| format!("- [{c}](./{c})\n")))
        .collect();
    std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
    let toml = format!(
        "[book]\ntitle = \"Seeds\"\n\n[preprocessor.mmdr]\ncommand = {PREPROCESSOR:?}\n{settings}\n"
    );
    std::fs::write(dir.join("book.toml"), toml).unwrap();
    chapters
}

fn build(dir: &Path) -> Output {
    Command::new("mdbook")
        .arg("build")
        .current_dir(dir)
        .output()
        .unwrap()
}

fn mermaid_blocks(chapter: &Path) -> usize {
    mmdr::markdown::blocks(&std::fs::read_to_string(chapter).unwrap()).len()
}

fn page(dir: &Path, chapter: &str) -> String {
    std::fs::read_to_string(dir.join("book").join(chapter.replace(".md", ".html"))).unwrap()
}

#[test]
fn every_diagram_is_inline_and_no_mermaid_block_is_left() {
    if !have_mdbook() {
        return;
    }
    let dir = temp_dir("inline");
    let chapters = make_book(&dir, "", &[]);
    let out = build(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut total = 0;
    for c in &chapters {
        let html = page(&dir, c);
        let want = mermaid_blocks(&dir.join("src").join(c));
        total += want;
        assert_eq!(html.matches("<div class=\"mmdr\"").count(), want, "{c}");
        // The theme draws its icons as SVG too: count ours by their id.
        assert_eq!(
            html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"mmdr-")
                .count(),
            want,
            "{c}"
        );
        assert!(
            !html.contains("language-mermaid"),
            "{c}: a mermaid block is left"
        );
        assert!(!html.contains("<script>mermaid"), "{c}");
    }
    assert!(
        total >= 7,
        "the seed documents hold 7 diagrams, found {total}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_output_writes_svgs_beside_chapters_and_links_them() {
    if !have_mdbook() {
        return;
    }
    let dir = temp_dir("files");
    let chapters = make_book(&dir, "output = \"files\"", &[]);
    let out = build(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = chapters
        .iter()
        .find(|c| c.starts_with("001_"))
        .expect("seed 001");
    let stem = c.trim_end_matches(".md");
    let html = page(&dir, c);
    for n in 1..=4 {
        let file = format!("{stem}-{n}.svg");
        assert!(
            html.contains(&format!("src=\"{file}\"")),
            "{file} not linked"
        );
        let svg = std::fs::read_to_string(dir.join("book").join(&file)).unwrap();
        assert!(svg.starts_with("<svg"), "{file}");
        assert!(dir.join("src").join(&file).is_file());
    }
    assert!(!html.contains("language-mermaid"));
    // A second build finds the files current and leaves them alone.
    let before = std::fs::metadata(dir.join("src").join(format!("{stem}-1.svg")))
        .unwrap()
        .modified()
        .unwrap();
    assert!(build(&dir).status.success());
    let after = std::fs::metadata(dir.join("src").join(format!("{stem}-1.svg")))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
    let _ = std::fs::remove_dir_all(&dir);
}

const BROKEN: &str = "# Broken\n\nSome text.\n\n```mermaid\nflowchart LR\n  A[oops --> B\n```\n";

#[test]
fn a_broken_diagram_fails_the_build_with_its_place() {
    if !have_mdbook() {
        return;
    }
    let dir = temp_dir("broken");
    make_book(&dir, "", &[("broken.md", BROKEN)]);
    let out = build(&dir);
    assert!(!out.status.success(), "the build should fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("src/broken.md:7:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn on_error_warn_keeps_the_block_and_builds() {
    if !have_mdbook() {
        return;
    }
    let dir = temp_dir("warn");
    make_book(&dir, "on-error = \"warn\"", &[("broken.md", BROKEN)]);
    let out = build(&dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning") && err.contains("src/broken.md:7:"),
        "{err}"
    );
    assert!(page(&dir, "broken.md").contains("language-mermaid"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_format_gives_box_drawing_art() {
    if !have_mdbook() {
        return;
    }
    let dir = temp_dir("text");
    let chapters = make_book(&dir, "format = \"text\"", &[]);
    let out = build(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = chapters.iter().find(|c| c.starts_with("001_")).unwrap();
    let html = page(&dir, c);
    assert!(html.contains("language-text"), "no text block");
    assert!(html.contains('┌') && html.contains('┘'));
    assert!(!html.contains(" id=\"mmdr-") && !html.contains("language-mermaid"));
    let _ = std::fs::remove_dir_all(&dir);
}
