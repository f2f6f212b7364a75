//! Allocations per stage of parse + lower (a profiling aid).
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
struct Counting;
static COUNT: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        COUNT.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        COUNT.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: Counting = Counting;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let c = || COUNT.load(Ordering::Relaxed);
    let t0 = c();
    let mut reader = mmdr::parse::StatementReader::new(&src).unwrap();
    let t1 = c();
    let mut lowering = mmdr::graph::Lowering::new(
        reader.source_map(),
        reader.front_matter(),
        reader.directives(),
        reader.header(),
    );
    let t2 = c();
    let (mut parse, mut lower) = (0, 0);
    loop {
        let a = c();
        let Some(s) = reader.next_statement().unwrap() else {
            break;
        };
        let b = c();
        lowering.statement(&s).unwrap();
        let d = c();
        drop(s);
        parse += b - a;
        lower += d - b;
    }
    let t3 = c();
    let d = lowering.finish();
    let t4 = c();
    println!(
        "reader::new {} lowering::new {} statements: parse {} lower {} finish {} (nodes {}, edges {})",
        t1 - t0, t2 - t1, parse, lower, t4 - t3, d.graph.node_count(), d.graph.edge_count()
    );
}
