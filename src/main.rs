//! The `mmdr` command: see `mmdr --help` and the README.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
