//! Draw a diagram as text art: `cargo run --release --example text_art -- FILE [--ascii] [N]`
//! (N: repeat N times and print the mean time per drawing instead).
/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let src = std::fs::read_to_string(&args[0]).expect("readable file");
    let d = mmdr::parse_diagram(&src).expect("valid diagram");
    let o = mmdr::render::art::TextOptions {
        ascii: args.iter().any(|a| a == "--ascii"),
        ..Default::default()
    };
    if let Some(n) = args.iter().skip(1).find_map(|a| a.parse::<u32>().ok()) {
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(mmdr::render::text_of(&d, &o).unwrap());
        }
        println!("{:?} per drawing", t.elapsed() / n);
        return;
    }
    match mmdr::render::text_of(&d, &o) {
        Ok(s) => print!("{s}"),
        Err(e) => eprintln!("error: {e}"),
    }
}
