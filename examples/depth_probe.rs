fn main() {
    let depth: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let stack: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let mut src = String::from("flowchart TD\n");
    for i in 0..depth {
        src.push_str(&format!("subgraph s{i}\n"));
    }
    src.push_str("A\n");
    for _ in 0..depth {
        src.push_str("end\n");
    }
    let h = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || mmdr::parse_diagram(&src).map(|d| d.subgraphs.len()))
        .unwrap();
    println!("{:?}", h.join().unwrap().map_err(|e| e.message));
}
