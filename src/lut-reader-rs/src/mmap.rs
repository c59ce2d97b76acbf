//! The bytes of an opened file: a read-only memory map on Linux, else (or when mapping fails) the file read into
//! an 8-byte-aligned buffer. Std only: the two libc calls are declared here instead of pulling in a crate.

use std::fs::File;
use std::io::Read;
use std::ops::Deref;

/// File contents owned by a [`crate::LutFile`]: mapped or buffered, read-only, `Send + Sync`.
pub struct LutBytes {
    inner: Inner,
}

enum Inner {
    #[cfg(target_os = "linux")]
    Mapped { ptr: *const u8, len: usize },
    Buffer { words: Vec<u64>, len: usize },
}

// The mapping is PROT_READ and MAP_PRIVATE and never written through: sharing it across threads is sound.
unsafe impl Send for LutBytes {}
unsafe impl Sync for LutBytes {}

#[cfg(target_os = "linux")]
mod sys {
    use std::os::raw::{c_int, c_long, c_void};
    pub const PROT_READ: c_int = 1;
    pub const MAP_PRIVATE: c_int = 2;
    pub const MAP_FAILED: *mut c_void = !0usize as *mut c_void;
    extern "C" {
        pub fn mmap(addr: *mut c_void, len: usize, prot: c_int, flags: c_int, fd: c_int, offset: c_long) -> *mut c_void;
        pub fn munmap(addr: *mut c_void, len: usize) -> c_int;
    }
}

impl LutBytes {
    /// Maps `file` read-only (Linux), falling back to reading it into an aligned buffer.
    ///
    /// The publisher never modifies a published file in place (new versions are renamed in), so the mapping stays
    /// valid, and keeps the old contents, even after the file is replaced or deleted.
    pub fn map(file: &File) -> std::io::Result<LutBytes> {
        let len = usize::try_from(file.metadata()?.len())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "file larger than the address space"))?;
        #[cfg(target_os = "linux")]
        if len > 0 {
            use std::os::unix::io::AsRawFd;
            // SAFETY: a fresh private read-only mapping of `len` bytes of an open descriptor; checked for failure.
            let ptr = unsafe { sys::mmap(std::ptr::null_mut(), len, sys::PROT_READ, sys::MAP_PRIVATE, file.as_raw_fd(), 0) };
            if ptr != sys::MAP_FAILED {
                return Ok(LutBytes { inner: Inner::Mapped { ptr: ptr as *const u8, len } });
            }
        }
        LutBytes::read(file, len)
    }

    /// Reads `len` bytes of `file` into an 8-byte-aligned buffer (the portable path).
    pub fn read(mut file: &File, len: usize) -> std::io::Result<LutBytes> {
        let mut words = vec![0u64; len.div_ceil(8)];
        // SAFETY: u64 storage viewed as bytes, within its allocation (8 * words.len() >= len).
        let bytes = unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr() as *mut u8, len) };
        file.read_exact(bytes)?;
        Ok(LutBytes { inner: Inner::Buffer { words, len } })
    }

    /// Copies `bytes` into an aligned buffer.
    pub fn from_slice(bytes: &[u8]) -> LutBytes {
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        // SAFETY: as in `read`.
        unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr() as *mut u8, bytes.len()) }.copy_from_slice(bytes);
        LutBytes { inner: Inner::Buffer { words, len: bytes.len() } }
    }

    /// True when the bytes are a memory map (not a copy).
    pub fn is_mapped(&self) -> bool {
        match self.inner {
            #[cfg(target_os = "linux")]
            Inner::Mapped { .. } => true,
            Inner::Buffer { .. } => false,
        }
    }
}

impl Deref for LutBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.inner {
            // SAFETY: the mapping lives until drop and is never written.
            #[cfg(target_os = "linux")]
            Inner::Mapped { ptr, len } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
            // SAFETY: see `read`.
            Inner::Buffer { words, len } => unsafe { std::slice::from_raw_parts(words.as_ptr() as *const u8, *len) },
        }
    }
}

impl Drop for LutBytes {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Inner::Mapped { ptr, len } = self.inner {
            // SAFETY: unmapping exactly what `map` mapped, once.
            unsafe { sys::munmap(ptr as *mut _, len) };
        }
    }
}
