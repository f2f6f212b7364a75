//! Lower one file many times (profiling aid).
fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).expect("file")).unwrap();
    let ast = mmdr::parse::parse(&src).unwrap();
    for _ in 0..20 {
        std::hint::black_box(mmdr::graph::lower(&ast).unwrap());
    }
}
