//! Doc pipelines, through the real `mmdr` binary: Markdown documents in, images (or text
//! art) and rewritten documents out; batches in parallel; diagnostics located in the
//! Markdown file; `check` on Markdown; `--in-place`.
//!
//! The text-art tests (`text_*`) need the text renderer.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_mmdr");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The four seed documents (`fixtures/docs/*.md`), sorted.
fn seed_docs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 4);
    v
}

/// A fresh, empty directory for one test.
fn temp_dir(tag: &str) -> PathBuf {
    common::temp_dir("pipeline", tag)
}

fn mmdr(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The mermaid blocks of a seed-like document, found independently of the library: a line
/// that is exactly ```` ```mermaid ```` up to the next line that is exactly ```` ``` ````.
/// Byte ranges from the start of the opening line to the end of the closing line (without
/// its line ending).
fn simple_blocks(doc: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut open: Option<usize> = None;
    let mut in_other = false;
    for line in doc.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        match open {
            None if !in_other && text == "```mermaid" => open = Some(at),
            None if text.starts_with("```") => in_other = !in_other,
            Some(start) if text == "```" => {
                out.push(start..at + text.len());
                open = None;
            }
            _ => {}
        }
        at += line.len();
    }
    assert!(open.is_none());
    out
}

/// Check that `rewritten` is `original` with each block replaced by something `accept`
/// approves (given the block's number and the replacement text, which runs up to the next
/// unchanged piece), every other byte the same.
fn assert_same_outside_blocks(
    original: &str,
    rewritten: &str,
    accept: impl Fn(usize, &str) -> bool,
) {
    let blocks = simple_blocks(original);
    let mut pieces = Vec::new();
    let mut at = 0;
    for b in &blocks {
        pieces.push(&original[at..b.start]);
        at = b.end;
    }
    pieces.push(&original[at..]);
    let mut rest = rewritten;
    for (i, piece) in pieces.iter().enumerate() {
        rest = rest.strip_prefix(piece).unwrap_or_else(|| {
            panic!(
                "text before block {} changed:\n--- expected\n{piece}\n--- found\n{}",
                i + 1,
                &rest[..rest.len().min(piece.len() + 40)]
            )
        });
        if i + 1 == pieces.len() {
            assert!(rest.is_empty(), "extra text at the end: {rest:?}");
            break;
        }
        // The replacement runs to where the next piece starts (found from its end, so a
        // piece that happens to occur inside the replacement does not fool us).
        let next = pieces[i + 1];
        let end = if i + 2 == pieces.len() {
            rest.len() - next.len()
        } else {
            rest.find(next).expect("the next unchanged piece")
        };
        let replacement = &rest[..end];
        assert!(
            accept(i + 1, replacement),
            "block {} replaced by {replacement:?}",
            i + 1
        );
        rest = &rest[end..];
    }
}

/// `![alt](stem-n.ext)` on one line.
fn is_image_link(r: &str, stem: &str, n: usize, ext: &str) -> bool {
    r.starts_with("![") && r.ends_with(&format!("]({stem}-{n}.{ext})")) && !r.contains('\n')
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Render the seed documents as `format` and check images and rewritten documents.
fn seed_docs_as(format: &str, ext: &str, check_image: impl Fn(&[u8])) {
    let out = temp_dir(format);
    let docs = seed_docs();
    let mut args = vec!["render", "--format", format, "-o", s(&out)];
    args.extend(docs.iter().map(|p| s(p)));
    let o = mmdr(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rendered 7 diagrams from 4 files; 0 failed"),
        "{}",
        stderr(&o)
    );
    let mut expected_files = Vec::new();
    for doc in &docs {
        let original = std::fs::read_to_string(doc).unwrap();
        let n = simple_blocks(&original).len();
        let stem = stem(doc);
        for i in 1..=n {
            let img = std::fs::read(out.join(format!("{stem}-{i}.{ext}"))).unwrap();
            check_image(&img);
            expected_files.push(format!("{stem}-{i}.{ext}"));
        }
        assert!(!out.join(format!("{stem}-{}.{ext}", n + 1)).exists());
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        expected_files.push(name.clone());
        let rewritten = std::fs::read_to_string(out.join(&name)).unwrap();
        assert_same_outside_blocks(&original, &rewritten, |i, r| {
            is_image_link(r, &stem, i, ext)
        });
    }
    expected_files.sort();
    assert_eq!(files_in(&out), expected_files, "nothing else in the output");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn svg_seed_documents() {
    seed_docs_as("svg", "svg", |b| {
        let t = std::str::from_utf8(b).unwrap();
        assert!(t.starts_with("<svg") && t.trim_end().ends_with("</svg>"));
    });
}

#[test]
fn png_seed_documents() {
    seed_docs_as("png", "png", |b| {
        assert!(b.starts_with(b"\x89PNG\r\n\x1a\n"))
    });
}

#[test]
fn the_seed_count_is_seven() {
    let n: usize = seed_docs()
        .iter()
        .map(|d| simple_blocks(&std::fs::read_to_string(d).unwrap()).len())
        .sum();
    assert_eq!(n, 7);
    // The library finds the same blocks at the same places.
    for d in seed_docs() {
        let doc = std::fs::read_to_string(&d).unwrap();
        let lib: Vec<_> = mmdr::markdown::blocks(&doc)
            .into_iter()
            .map(|b| b.range)
            .collect();
        assert_eq!(lib, simple_blocks(&doc), "{}", d.display());
    }
}

#[test]
fn alt_from_titles_and_default() {
    let dir = temp_dir("alt");
    let doc = "# T\n\n```mermaid\n---\ntitle: Front [x]\n---\nflowchart LR\n  A --> B\n```\n\n\
               ```mermaid\nflowchart LR\n  accTitle: Acc title\n  A --> B\n```\n\n\
               ```mermaid\nflowchart LR\n  A --> B\n```\n";
    std::fs::write(dir.join("t.md"), doc).unwrap();
    let out = dir.join("out");
    let o = mmdr(&["render", s(&dir.join("t.md")), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = std::fs::read_to_string(out.join("t.md")).unwrap();
    assert_eq!(
        r,
        "# T\n\n![Front \\[x\\]](t-1.svg)\n\n![Acc title](t-2.svg)\n\n![Diagram 3](t-3.svg)\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_block_in_the_middle() {
    let out = temp_dir("broken");
    let doc = root().join("fixtures/pipeline/broken.md");
    let o = mmdr(&["render", s(&doc), "-o", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The line and column in the Markdown file, also in the message, with the file's line.
    assert!(err.contains("broken.md:22:8\n"), "{err}");
    assert!(err.contains("opened at 22:6"), "{err}");
    assert!(err.contains("22 |     A[f(x)] --> B\n"), "{err}");
    assert!(
        err.contains("rendered 2 diagrams from 1 file; 1 failed"),
        "{err}"
    );
    assert_eq!(
        files_in(&out),
        ["broken-1.svg", "broken-3.svg", "broken.md"]
    );
    let original = std::fs::read_to_string(&doc).unwrap();
    let rewritten = std::fs::read_to_string(out.join("broken.md")).unwrap();
    // The bad block stays as it was; the others are images.
    let bad = "  ~~~~mermaid\n  flowchart TD\n    A[f(x)] --> B\n  ~~~~\n";
    assert!(rewritten.contains(bad));
    let first = "```mermaid\nflowchart LR\n  accTitle: First [one]\n  A --> B\n```";
    let third = "```mermaid\n---\ntitle: Third\n---\nflowchart LR\n  C --> D\n```";
    let expected = original
        .replace(first, "![First \\[one\\]](broken-1.svg)")
        .replace(third, "![Third](broken-3.svg)");
    assert_eq!(rewritten, expected);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn jobs_do_not_change_the_output() {
    let mut inputs: Vec<PathBuf> = seed_docs();
    inputs.push(root().join("fixtures/pipeline/broken.md"));
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/corpus/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
        .collect();
    corpus.sort();
    inputs.extend(corpus);
    // Invalid diagrams too, for diagnostics.
    inputs.push(root().join("fixtures/errors/ampersand-without-space.mmd"));
    let run = |jobs: &str| {
        let out = temp_dir(&format!("jobs{jobs}"));
        let mut args = vec!["render", "--jobs", jobs, "-o", s(&out)];
        args.extend(inputs.iter().map(|p| s(p)));
        let o = mmdr(&args);
        (out, o)
    };
    let (a, oa) = run("1");
    let (b, ob) = run("2");
    assert_eq!(oa.status.code(), Some(1));
    assert_eq!(ob.status.code(), Some(1));
    assert_eq!(stderr(&oa), stderr(&ob), "diagnostics in input order");
    let files = files_in(&a);
    assert_eq!(files, files_in(&b));
    assert!(files.len() > 15, "{files:?}");
    for f in &files {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    // Diagnostics follow the inputs' order: the broken document before the bad diagram.
    let err = stderr(&oa);
    assert!(err.find("broken.md:22:8").unwrap() < err.find("ampersand-without-space.mmd").unwrap());
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn in_place_rewrites_the_document() {
    let dir = temp_dir("inplace");
    let seed = &seed_docs()[1];
    let doc = dir.join("guide.md");
    std::fs::copy(seed, &doc).unwrap();
    let original = std::fs::read_to_string(&doc).unwrap();
    let o = mmdr(&["render", "--in-place", "--quiet", s(&doc)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "--quiet: no summary");
    let rewritten = std::fs::read_to_string(&doc).unwrap();
    assert_same_outside_blocks(&original, &rewritten, |i, r| {
        is_image_link(r, "guide", i, "svg")
    });
    assert_eq!(
        files_in(&dir),
        [
            "guide-1.svg",
            "guide-2.svg",
            "guide-3.svg",
            "guide-4.svg",
            "guide.md"
        ],
        "images beside the document, no temporary files left"
    );
    // Nothing left to render: the document stays as it is.
    let o = mmdr(&["render", "--in-place", s(&doc)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), rewritten);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unchanged_outputs_are_left_alone() {
    let dir = temp_dir("unchanged");
    let doc = dir.join("d.md");
    std::fs::write(&doc, "```mermaid\nflowchart LR\n  A --> B\n```\n").unwrap();
    let out = dir.join("out");
    let run = || {
        let o = mmdr(&["render", "-q", s(&doc), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    run();
    let mtime = |f: &str| std::fs::metadata(out.join(f)).unwrap().modified().unwrap();
    let (svg, md) = (mtime("d-1.svg"), mtime("d.md"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    run();
    assert_eq!(mtime("d-1.svg"), svg);
    assert_eq!(mtime("d.md"), md);
    // A changed diagram is written again.
    std::fs::write(&doc, "```mermaid\nflowchart LR\n  A --> C\n```\n").unwrap();
    run();
    assert!(std::fs::read_to_string(out.join("d-1.svg"))
        .unwrap()
        .contains(">C<"));
    assert_eq!(files_in(&out), ["d-1.svg", "d.md"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_is_never_the_input_without_in_place() {
    let dir = temp_dir("self");
    let doc = dir.join("a.md");
    std::fs::write(&doc, "```mermaid\nflowchart LR\n  A --> B\n```\n").unwrap();
    let o = mmdr(&["render", s(&doc), "-o", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--in-place"), "{}", stderr(&o));
    assert_eq!(files_in(&dir), ["a.md"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_reads_markdown() {
    let doc = root().join("fixtures/pipeline/broken.md");
    let o = mmdr(&["check", s(&doc)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("broken.md:22:8\n"), "{err}");
    assert!(err.contains("2 of 3 diagrams valid"), "{err}");
    let docs = seed_docs();
    let mut args = vec!["check"];
    args.extend(docs.iter().map(|p| s(p)));
    let o = mmdr(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("7 of 7 diagrams valid"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn crlf_and_indented_fences() {
    let dir = temp_dir("crlf");
    let doc = "Intro\r\n\r\n   ~~~mermaid\r\n   flowchart LR\r\n     A --> B\r\n   ~~~\r\nTail \u{2500}\u{2500} \u{c3}\u{b0}\r\n";
    std::fs::write(dir.join("w.md"), doc).unwrap();
    let out = dir.join("out");
    let o = mmdr(&["render", s(&dir.join("w.md")), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("w.md")).unwrap(),
        "Intro\r\n\r\n   ![Diagram 1](w-1.svg)\r\nTail \u{2500}\u{2500} \u{c3}\u{b0}\r\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn single_diagram_options_still_work() {
    let dir = temp_dir("single");
    let src = root().join("fixtures/corpus/seeds/s1.mmd");
    let svg = dir.join("s1.svg");
    let o = mmdr(&[
        "render",
        s(&src),
        "-o",
        s(&svg),
        "--theme",
        "dark",
        "--background",
        "#123456",
        "--timings",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(": layout "),
        "--timings: {}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("rendered"),
        "no summary for one diagram"
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"));
    // The same through standard output.
    let o = mmdr(&[
        "render",
        s(&src),
        "-o",
        "-",
        "--format",
        "svg",
        "--theme",
        "dark",
        "--background",
        "#123456",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(o.stdout, text.as_bytes());
    // PNG width.
    let png = dir.join("s1.png");
    let o = mmdr(&["render", s(&src), "-o", s(&png), "--width", "300"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b = std::fs::read(&png).unwrap();
    assert_eq!(u32::from_be_bytes(b[16..20].try_into().unwrap()), 300);
    // Usage errors.
    assert_eq!(
        mmdr(&["render", s(&src), "-o", s(&dir.join("x.bmp"))])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        mmdr(&["render", s(&src), "-o", s(&svg), "--theme", "pink"])
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_names_are_refused() {
    let dir = temp_dir("names");
    for d in ["x", "y"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
        std::fs::write(dir.join(d).join("doc.md"), "text\n").unwrap();
    }
    let out = dir.join("out");
    let o = mmdr(&[
        "render",
        s(&dir.join("x/doc.md")),
        s(&dir.join("y/doc.md")),
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("would both write"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Text art: needs the text renderer (`mmdr::render::text_of`).
#[test]
fn text_seed_documents() {
    let out = temp_dir("text");
    let docs = seed_docs();
    let mut args = vec!["render", "--format", "text", "-o", s(&out)];
    args.extend(docs.iter().map(|p| s(p)));
    let o = mmdr(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for doc in &docs {
        let original = std::fs::read_to_string(doc).unwrap();
        let stem = stem(doc);
        let n = simple_blocks(&original).len();
        let rewritten = std::fs::read_to_string(out.join(doc.file_name().unwrap())).unwrap();
        assert_same_outside_blocks(&original, &rewritten, |i, r| {
            let art = std::fs::read_to_string(out.join(format!("{stem}-{i}.txt"))).unwrap();
            let fence = r.lines().next().unwrap();
            fence.starts_with("```")
                && fence.trim_start_matches('`') == "text"
                && r.ends_with(fence.trim_end_matches("text"))
                && r.contains(art.trim_end())
                && !art.trim().is_empty()
        });
        assert!(!out.join(format!("{stem}-{}.txt", n + 1)).exists());
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Text art: needs the text renderer.
#[test]
fn text_markdown_to_standard_output() {
    let doc = &seed_docs()[2];
    let o = mmdr(&["render", s(doc), "-o", "-", "--format", "text", "--ascii"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("```text\n"));
    assert!(!text.contains("```mermaid"));
    let art_start = text.find("```text\n").unwrap() + 8;
    let art_end = art_start + text[art_start..].find("```").unwrap();
    assert!(text[art_start..art_end].is_ascii(), "--ascii");
}

/// Text art: needs the text renderer.
#[test]
fn text_single_diagram() {
    let dir = temp_dir("text1");
    let src = root().join("fixtures/corpus/seeds/s1.mmd");
    let out = dir.join("s1.txt");
    let o = mmdr(&[
        "render",
        s(&src),
        "-o",
        s(&out),
        "--padding",
        "2",
        "--max-width",
        "200",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let art = std::fs::read_to_string(&out).unwrap();
    assert!(!art.trim().is_empty());
    let o = mmdr(&[
        "render",
        s(&src),
        "-o",
        "-",
        "--format",
        "text",
        "--padding",
        "2",
        "--max-width",
        "200",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(o.stdout, art.as_bytes());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Text art is for terminals: `-f text` or `--ascii` with no `-o` prints the drawing, and
/// wraps long labels; other formats still ask where to write.
#[test]
fn text_art_without_output_goes_to_stdout() {
    let src = root().join("fixtures/corpus/seeds/s1.mmd");
    let dir = temp_dir("stdout");
    let file = dir.join("s1.txt");
    let o = mmdr(&["render", s(&src), "-o", s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = mmdr(&["render", s(&src), "-f", "text"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        std::fs::read_to_string(&file).unwrap()
    );
    let o = mmdr(&["render", s(&src), "--ascii"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let art = String::from_utf8(o.stdout).unwrap();
    assert!(art.contains("| Client Entry Point |"), "{art}");
    assert!(art.is_ascii());
    let o = mmdr(&["render", s(&src)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o FILE"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    // Labels wrap at 30 columns by default, not with --wrap 0.
    let long = dir.join("long.mmd");
    std::fs::write(
        &long,
        "flowchart TD\n  a[one two three four five six seven eight nine ten] --> b",
    )
    .unwrap();
    let widest = |args: &[&str]| {
        let o = mmdr(args);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        text.lines().map(|l| l.chars().count()).max().unwrap()
    };
    assert!(widest(&["render", s(&long), "-f", "text"]) <= 30 + 4);
    assert!(widest(&["render", s(&long), "-f", "text", "--wrap", "0"]) > 50);
}
