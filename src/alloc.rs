//! The global allocator the binaries, benches and profiling examples use: mimalloc, asked
//! for alignment only where its plain allocation does not already give it.
//!
//! The `mimalloc` crate sends every request through `mi_malloc_aligned`. For block sizes that
//! are not a power of two (24, 40, 48 … bytes: most of our small structs and strings) mimalloc 3
//! then takes its over-allocating slow path, about 150 instructions a call. Plain `mi_malloc`
//! already returns blocks aligned to 16 bytes (8 for blocks under 16 bytes, which no type with a
//! larger alignment asks for), so requests aligned to at most 16 bytes go there.

use libmimalloc_sys as ffi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc's guaranteed alignment for `mi_malloc` (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// mimalloc as the global allocator (`#[global_allocator] static A: mmdr::alloc::Allocator = mmdr::alloc::Allocator;`).
pub struct Allocator;

// SAFETY: every block comes from mimalloc and goes back to it; a block is aligned as asked
// (plain mimalloc blocks are aligned to 16 bytes, or to 8 when smaller than 16 bytes, and a
// Rust layout's size is a multiple of its alignment), and larger alignments use the aligned calls.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            ffi::mi_malloc(layout.size()) as *mut u8
        } else {
            ffi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            ffi::mi_zalloc(layout.size()) as *mut u8
        } else {
            ffi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        ffi::mi_free(ptr as *mut c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            ffi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            ffi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_as_asked() {
        // Every size class up to a few pages, at every alignment up to 64 bytes.
        for align in [1, 2, 4, 8, 16, 32, 64] {
            for size in (align..4096).step_by(align) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero layout; each block is written, checked and freed once.
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    p.write_bytes(0xAB, size);
                    let q = Allocator.realloc(p, layout, size * 2);
                    assert_eq!(q as usize % align, 0, "realloc: size {size}, align {align}");
                    assert_eq!(*q.add(size - 1), 0xAB);
                    Allocator.dealloc(q, Layout::from_size_align(size * 2, align).unwrap());
                }
            }
        }
    }
}
