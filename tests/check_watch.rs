//! `mmdr render --check` (compare with what is on disk, write nothing) and `--watch`
//! (render again when an input changes), through the real binary.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mmdr");

/// A fresh, empty directory for one test.
fn temp_dir(tag: &str) -> PathBuf {
    common::temp_dir("cw", tag)
}

/// Every file under `dir` with its bytes and modification time, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap().modified().unwrap();
                out.push((p.clone(), std::fs::read(&p).unwrap(), m));
            }
        }
    }
    out.sort();
    out
}

fn mmdr(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

const DOC: &str = "# Doc\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```mermaid\nflowchart TD\n  C --> D\n```\n";

#[test]
fn check_passes_on_fresh_outputs_and_names_stale_ones_writing_nothing() {
    let dir = temp_dir("check");
    std::fs::write(dir.join("a.mmd"), "flowchart LR\n  A --> B\n").unwrap();
    std::fs::write(dir.join("b.mmd"), "flowchart LR\n  X --> Y\n").unwrap();
    std::fs::write(dir.join("doc.md"), DOC).unwrap();
    let inputs = ["a.mmd", "b.mmd", "doc.md"];
    let mut render = vec!["render"];
    render.extend(inputs);
    render.extend(["-o", "out"]);
    assert!(mmdr(&render, &dir).status.success());
    let mut check = render.clone();
    check.push("--check");

    // Fresh: exit 0, nothing touched.
    let before = snapshot(&dir);
    let out = mmdr(&check, &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(&dir), before);

    // A changed diagram, a changed block and a deleted output: exit 1, each named.
    std::fs::write(dir.join("a.mmd"), "flowchart LR\n  A --> C\n").unwrap();
    std::fs::write(dir.join("doc.md"), DOC.replace("C --> D", "C --> E")).unwrap();
    std::fs::remove_file(dir.join("out/b.svg")).unwrap();
    let before = snapshot(&dir);
    let out = mmdr(&check, &dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("stale: out/a.svg"), "{err}");
    assert!(err.contains("missing: out/b.svg"), "{err}");
    assert!(err.contains("stale: out/doc-2.svg"), "{err}");
    assert!(!err.contains("doc-1.svg"), "{err}");
    assert!(err.contains("3 stale or missing"), "{err}");
    assert_eq!(snapshot(&dir), before, "--check wrote something");

    // In place: a document whose images are current passes.
    std::fs::write(dir.join("c.md"), DOC).unwrap();
    assert!(mmdr(&["render", "c.md", "--in-place"], &dir)
        .status
        .success());
    let out = mmdr(&["render", "c.md", "--in-place", "--check"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_does_not_create_the_output_directory() {
    let dir = temp_dir("check-nodir");
    std::fs::write(dir.join("a.mmd"), "flowchart LR\n  A --> B\n").unwrap();
    let out = mmdr(&["render", "a.mmd", "-o", "new/", "--check"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing: new/a.svg"));
    assert!(!dir.join("new").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Wait until `f` holds, up to `limit`; how long it took.
fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn watch_renders_a_changed_input_again_and_survives_errors() {
    let dir = temp_dir("watch");
    let src = dir.join("w.mmd");
    let svg = dir.join("w.svg");
    std::fs::write(&src, "flowchart LR\n  First --> Second\n").unwrap();
    let mut child = Command::new(BIN)
        .args(["render", "w.mmd", "-o", "w.svg", "--watch"])
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Follow standard error on a thread: the "watching" line says the watch is set up.
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let ready = loop {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(l) if l.starts_with("watching") => break true,
            Ok(_) => continue,
            Err(_) => break false,
        }
    };
    let result = std::panic::catch_unwind(|| {
        assert!(ready, "no `watching` line");
        assert!(std::fs::read_to_string(&svg).unwrap().contains("First"));

        // An error is reported and the watch goes on.
        std::fs::write(&src, "flowchart LR\n  A[broken --> B\n").unwrap();
        let reported = loop {
            match rx.recv_timeout(Duration::from_secs(5)) {
                Ok(l) if l.starts_with("error") => break true,
                Ok(_) => continue,
                Err(_) => break false,
            }
        };
        assert!(reported, "the broken input was not reported");

        std::fs::write(&src, "flowchart LR\n  Changed --> Second\n").unwrap();
        let took = wait_for(Duration::from_secs(5), || {
            std::fs::read_to_string(&svg).is_ok_and(|s| s.contains("Changed"))
        });
        let Some(took) = took else {
            let rest: Vec<String> = rx.try_iter().collect();
            panic!("the change was not rendered; the watch said: {rest:?}");
        };
        assert!(took < Duration::from_secs(1), "took {took:?}");
    });
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn completions_and_manpage_come_from_the_cli_definition() {
    let dir = temp_dir("docs");
    let out = mmdr(&["completions", "bash"], &dir);
    assert!(out.status.success());
    let bash = String::from_utf8_lossy(&out.stdout);
    assert!(bash.contains("_mmdr()") && bash.contains("--watch") && bash.contains("--check"));
    let out = mmdr(&["manpage"], &dir);
    assert!(out.status.success());
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(man.starts_with(".ie") || man.contains(".TH mmdr"), "{man}");
    assert!(man.contains("render"));
    let _ = std::fs::remove_dir_all(&dir);
}
