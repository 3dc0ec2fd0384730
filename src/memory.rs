//! Handing freed memory back to the system between the stages of a large build.

/// Returns the free pages of the allocator's heaps to the system. glibc keeps memory freed by a
/// thread in that thread's arena, out of reach of the other threads, so at book size a stage
/// run on other threads (the next PDF edition, the exporters after alignment) would otherwise
/// add its memory to what an earlier stage left free (issue 13).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back() {
    // SAFETY: malloc_trim only returns free pages of glibc's heaps to the system; it has no
    // preconditions and leaves every live allocation as it is.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Elsewhere the allocator's own policy stands.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
