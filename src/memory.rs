//! How the process asks the system allocator for memory.
//!
//! The clause index is built by writers that each start with several
//! zero-filled blocks of a megabyte, of which a short document uses a few
//! kilobytes. The GNU C library serves such blocks from its heap once
//! earlier large blocks (a PDF's text, its page buffers) have been freed,
//! and must then clear every byte, touching every page; two indexes per
//! document made this about a fifth of the assessment's time. Blocks taken
//! fresh from the system come already zeroed, and pages no one writes are
//! never touched. [`tune`] makes blocks from half a megabyte up always come
//! fresh.
//!
//! Smaller blocks come from the heap of the thread that asks. By default
//! the library hands a heap's free top back to the system as soon as it
//! passes 128 kB, so each step of a document (extraction, then
//! segmentation, then the assessment) took its pages back one fault at a
//! time, after the step before had freed them. [`tune`] lets a heap keep up
//! to 64 MB of free top for the next step. With other C libraries it does
//! nothing.

/// Blocks at least this large are always fresh from the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const FRESH_FROM: i32 = 512 * 1024;

/// Free memory at the top of a heap is handed back to the system only
/// beyond this much.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEEP_FREE: i32 = 64 * 1024 * 1024;

/// Sets up the allocator as described in the module documentation. Call it
/// first thing in `main`, before any thread starts.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's settings; it is called
    // before the process starts other threads.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, FRESH_FROM);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_FREE);
    }
}
