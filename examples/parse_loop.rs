//! Parse and lower one file many times (profiling aid).
fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).expect("file")).unwrap();
    for _ in 0..20 {
        std::hint::black_box(mmdr::parse_diagram(&src).unwrap());
    }
}
