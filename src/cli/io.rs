//! File input and output for the command line: reading inputs, writing outputs atomically.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Read an input file, or standard input for `-`.
pub fn read_input(path: &Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text: {e}"),
        )
    })
}

/// Write `bytes` to `path` (standard output for `-`; a device or pipe in place) through a
/// temporary file and a rename,
/// so an existing file is never left half-written: a reader sees the old file or the new
/// one, even if mmdr is interrupted. A file that already holds `bytes` is not touched
/// (`may_exist: false` skips that look, for a directory this run made: in a directory
/// where other threads are renaming files in, looking a name up waits for them).
///
/// The temporary file is made in a staging directory of the worker thread inside the
/// output's directory (`.mmdr-<pid>-<thread>/`, same file system, removed by [`finish`]):
/// file systems lock a directory while a file is created in it, and creating files is the
/// slow part of writing a thousand small outputs, so one directory per thread lets the
/// workers create theirs at the same time. The rename into place is atomic as ever.
///
/// The file is not synced to disk before the rename: outputs are build products, made again
/// by running again, and a sync per file made a batch of a thousand diagrams wait on the
/// disk for most of its time. (ext4 and XFS still flush the data of a file renamed over an
/// existing one before the rename commits.)
pub fn write_atomic(path: &Path, bytes: &[u8], may_exist: bool) -> std::io::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        return out.flush();
    }
    // `/dev/null`, a named pipe or a terminal is written to as it is: renaming over it would
    // put a plain file in its place (as root, even for `/dev/null`).
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut out = std::fs::OpenOptions::new().write(true).open(path)?;
        out.write_all(bytes)?;
        return out.flush();
    }
    if may_exist && unchanged(path, bytes) {
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let pid = std::process::id();
    // Off the worker pool (a single input), no other thread creates files: a temporary file
    // beside the output costs less than a staging directory.
    let Some(thread) = rayon::current_thread_index() else {
        let tmp = dir.join(format!(".{name}.{pid}.tmp"));
        return write_then_rename(std::fs::File::create(&tmp), &tmp, path, bytes);
    };
    let staging = dir.join(format!(".mmdr-{pid}-{}", thread + 1));
    let mut tmp: PathBuf = staging.join(&name);
    let file = match std::fs::File::create(&tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            match std::fs::create_dir(&staging) {
                Ok(()) => {
                    STAGING
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(staging.clone());
                    std::fs::File::create(&tmp)
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    std::fs::File::create(&tmp)
                }
                // No staging directory (a read-only parent, …): a temporary file beside.
                Err(_) => {
                    tmp = dir.join(format!(".{name}.{pid}.tmp"));
                    std::fs::File::create(&tmp)
                }
            }
        }
        other => other,
    };
    write_then_rename(file, &tmp, path, bytes)
}

/// Fill the new temporary file `tmp` with `bytes` and rename it to `path`; on failure, remove it.
fn write_then_rename(
    file: std::io::Result<std::fs::File>,
    tmp: &Path,
    path: &Path,
    bytes: &[u8],
) -> std::io::Result<()> {
    let result = file.and_then(|mut f| {
        f.write_all(bytes)?;
        drop(f);
        std::fs::rename(tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

/// Whether `path` already holds exactly `bytes` (then it is left alone, modification time
/// and all, so a tool watching the output sees only what changed).
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Staging directories made by [`write_atomic`], for [`finish`].
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove the staging directories (empty once every write has been renamed into place).
pub fn finish() {
    let dirs = std::mem::take(&mut *STAGING.lock().unwrap_or_else(|p| p.into_inner()));
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;
    use std::time::Duration;

    #[test]
    fn a_named_pipe_is_written_to_not_replaced() {
        let dir = std::env::temp_dir().join(format!("mmdr-io-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("out.svg");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo not available: skipped");
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(std::fs::read(&reader));
        });
        write_atomic(&fifo, b"<svg/>", true).unwrap();
        let read = rx.recv_timeout(Duration::from_secs(10));
        let still_a_pipe = std::fs::metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo());
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(read.expect("the reader got the output").unwrap(), b"<svg/>");
        assert!(still_a_pipe, "the pipe was replaced by a file");
    }
}
