//! Time each parsing stage on one file (development aid): `cargo run --release --example stage_times FILE`.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let src = std::fs::read_to_string(path).unwrap();
    let n = 10;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(mmdr::parse::preprocess::preprocess(&src).unwrap());
    }
    let pre_t = t.elapsed() / n;
    let pre = mmdr::parse::preprocess::preprocess(&src).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(mmdr::parse::lexer::tokenize(&pre.text).unwrap());
    }
    let lex_t = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(mmdr::parse::parse(&src).unwrap());
    }
    let parse_t = t.elapsed() / n;
    let ast = mmdr::parse::parse(&src).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(mmdr::graph::lower(&ast).unwrap());
    }
    let lower_t = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(mmdr::parse_diagram(&src).unwrap());
    }
    let fused_t = t.elapsed() / n;
    let mb = src.len() as f64 / 1e6;
    println!(
        "parse_diagram (streamed) {fused_t:?} = {:.1} MB/s",
        mb / fused_t.as_secs_f64()
    );
    println!(
        "preprocess {pre_t:?}  lex {lex_t:?}  grammar {:?}  lower {lower_t:?}  | total {:?} = {:.1} MB/s",
        parse_t.saturating_sub(pre_t + lex_t),
        parse_t + lower_t,
        mb / (parse_t + lower_t).as_secs_f64()
    );
}
