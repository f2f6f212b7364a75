//! Parse + lower a file N times, for profilers (perf, callgrind):
//! `cargo run --release --example parse_loop -- FILE [N]`.

/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(20);
    let src = std::fs::read_to_string(path).unwrap();
    for _ in 0..n {
        std::hint::black_box(mmdr::parse_diagram(&src).unwrap());
    }
}
