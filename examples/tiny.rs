use std::time::Instant;
fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let t = Instant::now();
    let _ = mmdr::parse_diagram(&src).unwrap();
    println!("first {:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..1000 {
        std::hint::black_box(mmdr::parse_diagram(&src).unwrap());
    }
    println!("warm {:?}", t.elapsed() / 1000);
}
