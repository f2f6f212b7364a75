//! Allocations per parse + lower and per layout of one diagram (a profiling aid):
//! `cargo run --release --example alloc_count -- FILE`.
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
    let before = COUNT.load(Ordering::Relaxed);
    let d = mmdr::parse_diagram(&src).unwrap();
    println!(
        "{} allocations per parse + lower",
        COUNT.load(Ordering::Relaxed) - before
    );
    let m = mmdr::layout::measure::FontMeasure::default();
    let o = mmdr::layout::LayoutOptions::from_config(&d.config);
    let _ = mmdr::layout::layout(&d, &o, &m);
    let before = COUNT.load(Ordering::Relaxed);
    let l = mmdr::layout::layout(&d, &o, &m);
    let after = COUNT.load(Ordering::Relaxed);
    println!(
        "{} allocations per layout; timings {:?}",
        after - before,
        l.timings.len()
    );
}
