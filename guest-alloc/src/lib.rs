//! The guest's allocator: a free list per size class in front of the
//! system allocator (wasi-libc's dlmalloc).
//!
//! Why: reading a document into serde_json values makes thousands of small
//! allocations per call (keys, numbers kept as text, map nodes, issue
//! paths), all freed by the end of it. In the profile of `host-demo serve`,
//! dlmalloc, dlfree and their callers were about a sixth of the time spent
//! in wasm; natively glibc's allocator costs a fraction of that. Here a
//! small block is a pop from its class's list and a free a push, with no
//! header, no coalescing and no search: the size comes with every `dealloc`
//! (`Layout`), so the block needs none.
//!
//! Small blocks are never given back to dlmalloc: a class keeps what it once
//! needed, which is bounded by the largest call an instance made, and every
//! instance is short-lived. Large blocks (and over-aligned ones) go to
//! dlmalloc as before.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// Size classes are multiples of this, which is also every block's alignment.
const GRANULE: usize = 16;
/// Classes of 16, 32, ... 512 bytes. 512 covers the nodes of a
/// `BTreeMap<String, Value>` (a leaf is about 316 bytes in wasm32, an
/// internal node about 364): every JSON object allocates one, and at 256
/// they went to dlmalloc.
const CLASSES: usize = 32;
const MAX_SMALL: usize = GRANULE * CLASSES;
/// What a class takes from dlmalloc at a time when its list is empty.
const CHUNK: usize = 64 * 1024;

pub struct SizeClasses {
    state: UnsafeCell<State>,
}

struct State {
    /// The first free block of each class; a free block's first word is the
    /// next one.
    free: [*mut u8; CLASSES],
    /// Fresh memory of the current chunk, carved from `next` up to `end`.
    next: *mut u8,
    end: *mut u8,
}

// SAFETY: only the guest installs it as its global allocator, and
// wasm32-wasip2 has one thread, so the state is never shared; tests use
// their own instance from one thread.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    pub const fn new() -> Self {
        Self {
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                next: ptr::null_mut(),
                end: ptr::null_mut(),
            }),
        }
    }

    /// # Safety
    /// `class < CLASSES`; not re-entered (one thread).
    #[inline(always)]
    unsafe fn alloc_small(&self, class: usize) -> *mut u8 {
        let state = unsafe { &mut *self.state.get() };
        let head = state.free[class];
        if head.is_null() {
            return unsafe { self.carve(class) };
        }
        // SAFETY: a free block of this class holds the next one's address.
        state.free[class] = unsafe { head.cast::<*mut u8>().read() };
        head
    }

    /// A new block of `class` from the current chunk, or from a new chunk.
    /// Out of line: the inlined fast path (every allocation site in the
    /// component) stays a pop.
    ///
    /// # Safety
    /// As `alloc_small`.
    #[cold]
    #[inline(never)]
    unsafe fn carve(&self, class: usize) -> *mut u8 {
        let state = unsafe { &mut *self.state.get() };
        let size = (class + 1) * GRANULE;
        if (state.end as usize) - (state.next as usize) < size {
            // The rest of the old chunk (under MAX_SMALL bytes) stays unused.
            // SAFETY: CHUNK is non-zero and GRANULE a power of two.
            let layout = unsafe { Layout::from_size_align_unchecked(CHUNK, GRANULE) };
            let chunk = unsafe { System.alloc(layout) };
            if chunk.is_null() {
                return chunk;
            }
            state.next = chunk;
            // SAFETY: within the chunk just allocated.
            state.end = unsafe { chunk.add(CHUNK) };
        }
        let block = state.next;
        // SAFETY: `size` bytes remain in the chunk (checked above).
        state.next = unsafe { block.add(size) };
        block
    }

    /// # Safety
    /// `block` came from `alloc_small(class)` and is not used any more.
    #[inline(always)]
    unsafe fn free_small(&self, block: *mut u8, class: usize) {
        let state = unsafe { &mut *self.state.get() };
        // SAFETY: a block is at least GRANULE bytes, aligned to GRANULE.
        unsafe { block.cast::<*mut u8>().write(state.free[class]) };
        state.free[class] = block;
    }
}

impl Default for SizeClasses {
    fn default() -> Self {
        Self::new()
    }
}

/// The class of a layout this allocator serves itself, if any.
fn class_of(layout: Layout) -> Option<usize> {
    (layout.size() <= MAX_SMALL && layout.align() <= GRANULE)
        .then(|| layout.size().saturating_sub(1) / GRANULE)
}

// SAFETY: small blocks are distinct GRANULE-aligned ranges of at least the
// requested size, handed out once until freed; the rest is dlmalloc's.
unsafe impl GlobalAlloc for SizeClasses {
    // Inlined into `__rust_alloc`: the fast path is a pop, a call would
    // double its cost.
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => unsafe { self.alloc_small(class) },
            None => unsafe { large::alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => {
                let block = unsafe { self.alloc_small(class) };
                if !block.is_null() {
                    // A reused block holds old data.
                    unsafe { block.write_bytes(0, layout.size()) };
                }
                block
            }
            None => unsafe { System.alloc_zeroed(layout) },
        }
    }

    // Out of line: a call per free costs less than a push inlined at every
    // drop site of the component costs in size.
    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match class_of(layout) {
            Some(class) => unsafe { self.free_small(block, class) },
            None => unsafe { large::dealloc(block, layout) },
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees new_size, rounded up to the
        // alignment, does not overflow.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            (Some(old), Some(new)) if old == new => block,
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
            _ => {
                let moved = unsafe { self.alloc(new_layout) };
                if !moved.is_null() {
                    let kept = layout.size().min(new_size);
                    unsafe {
                        ptr::copy_nonoverlapping(block, moved, kept);
                        self.dealloc(block, layout);
                    }
                }
                moved
            }
        }
    }
}

/// dlmalloc's calls, kept out of line so they are not inlined at every
/// allocation site.
mod large {
    use std::alloc::{GlobalAlloc, Layout, System};

    /// # Safety
    /// As `GlobalAlloc::alloc`.
    #[inline(never)]
    pub unsafe fn alloc(layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    /// # Safety
    /// As `GlobalAlloc::dealloc`.
    #[inline(never)]
    pub unsafe fn dealloc(block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn sizes_map_to_the_smallest_class_that_holds_them() {
        assert_eq!(class_of(layout(1, 1)), Some(0));
        assert_eq!(class_of(layout(16, 8)), Some(0));
        assert_eq!(class_of(layout(17, 8)), Some(1));
        assert_eq!(class_of(layout(256, 16)), Some(15));
        assert_eq!(class_of(layout(316, 4)), Some(19));
        assert_eq!(class_of(layout(512, 16)), Some(31));
        assert_eq!(class_of(layout(513, 1)), None);
        assert_eq!(
            class_of(layout(8, 32)),
            None,
            "over-aligned goes to dlmalloc"
        );
    }

    #[test]
    fn live_blocks_are_aligned_and_never_overlap_and_keep_their_bytes() {
        let heap = SizeClasses::new();
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        // A deterministic mix of sizes, small and large, with frees and
        // reallocations in between.
        let mut seed = 0x2545_f491_u32;
        for round in 0..20_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let size = 1 + (seed as usize % 1200);
            let align = [1, 2, 4, 8, 16][(seed >> 10) as usize % 5];
            match seed % 4 {
                0 | 1 => {
                    let l = layout(size, align);
                    let p = unsafe { heap.alloc(l) };
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0);
                    let mark = round as u8;
                    unsafe { p.write_bytes(mark, size) };
                    live.push((p, l, mark));
                }
                2 if !live.is_empty() => {
                    let (p, l, mark) = live.swap_remove(seed as usize % live.len());
                    let bytes = unsafe { std::slice::from_raw_parts(p, l.size()) };
                    assert!(bytes.iter().all(|&b| b == mark), "a block was overwritten");
                    unsafe { heap.dealloc(p, l) };
                }
                3 if !live.is_empty() => {
                    let i = seed as usize % live.len();
                    let (p, l, mark) = live[i];
                    let q = unsafe { heap.realloc(p, l, size) };
                    assert!(!q.is_null());
                    let kept = l.size().min(size);
                    let bytes = unsafe { std::slice::from_raw_parts(q, kept) };
                    assert!(bytes.iter().all(|&b| b == mark), "realloc lost bytes");
                    let l = layout(size, l.align());
                    unsafe { q.write_bytes(mark, size) };
                    live[i] = (q, l, mark);
                }
                _ => {}
            }
        }
        let mut ranges: Vec<(usize, usize)> = live
            .iter()
            .map(|&(p, l, _)| (p as usize, p as usize + l.size()))
            .collect();
        ranges.sort_unstable();
        assert!(
            ranges.windows(2).all(|w| w[0].1 <= w[1].0),
            "blocks overlap"
        );
        for (p, l, _) in live {
            unsafe { heap.dealloc(p, l) };
        }
    }

    #[test]
    fn a_freed_block_is_reused_and_zeroed_when_asked() {
        let heap = SizeClasses::new();
        let l = layout(40, 8);
        let a = unsafe { heap.alloc(l) };
        unsafe { a.write_bytes(0xAB, 40) };
        unsafe { heap.dealloc(a, l) };
        let b = unsafe { heap.alloc_zeroed(l) };
        assert_eq!(a, b, "the class's free list is used first");
        let bytes = unsafe { std::slice::from_raw_parts(b, 40) };
        assert!(bytes.iter().all(|&x| x == 0));
        unsafe { heap.dealloc(b, l) };
    }
}
