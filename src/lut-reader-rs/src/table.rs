//! Owned tables: a validated file ([`LutFile`]), a published table folder that names its `current` version
//! ([`Table`]), and hot reload ([`LiveTable`]) that swaps new versions in without blocking readers.

use crate::{validate, ErrorKind, Lut, LutBytes, LutError, Sections};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

fn io_error(path: &Path, e: std::io::Error) -> LutError {
    LutError { kind: ErrorKind::Io, message: format!("{}: {e}", path.display()) }
}

/// A validated LUT that owns its bytes (memory-mapped on Linux). Validation happens once in [`LutFile::open`];
/// [`LutFile::lut`] then hands out the zero-copy reader for free.
pub struct LutFile {
    bytes: LutBytes,
    sections: Sections,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for LutFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LutFile").field("path", &self.path).field("bytes", &self.bytes.len()).finish()
    }
}

impl LutFile {
    /// Maps (or reads) and validates the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<LutFile, LutError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| io_error(path, e))?;
        let bytes = LutBytes::map(&file).map_err(|e| io_error(path, e))?;
        let sections = validate(&bytes).map_err(|e| LutError { kind: e.kind, message: format!("{}: {}", path.display(), e.message) })?;
        Ok(LutFile { bytes, sections, path: Some(path.to_path_buf()) })
    }

    /// Validates a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<LutFile, LutError> {
        let bytes = LutBytes::from_slice(bytes);
        let sections = validate(&bytes)?;
        Ok(LutFile { bytes, sections, path: None })
    }

    /// The reader: no validation, no allocation.
    #[inline]
    pub fn lut(&self) -> Lut<'_> {
        Lut::over(&self.bytes, &self.sections)
    }

    /// Path the file was opened from (`None` for [`LutFile::from_bytes`]).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when the bytes are memory-mapped rather than copied.
    pub fn is_mapped(&self) -> bool {
        self.bytes.is_mapped()
    }
}

/// A published table folder `<root>/<table>/` holding `<table>-NNNNNN.lut` versions and a `current` file that
/// names the live one (docs/lut-format.md section 15).
#[derive(Debug, Clone)]
pub struct Table {
    dir: PathBuf,
}

impl Table {
    /// The table `name` under the artifact root `root` (e.g. `.data/artifacts/luts`).
    pub fn new(root: impl AsRef<Path>, name: &str) -> Table {
        Table { dir: root.as_ref().join(name) }
    }

    /// The table in folder `dir`.
    pub fn at(dir: impl AsRef<Path>) -> Table {
        Table { dir: dir.as_ref().to_path_buf() }
    }

    /// The table folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// File name `current` points at. A name with a path separator or `..` is rejected, so `current` cannot
    /// point outside the folder.
    pub fn current_file_name(&self) -> Result<String, LutError> {
        let path = self.dir.join("current");
        let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
        let name = text.trim();
        if name.is_empty() || name.contains('/') || name.contains('\\') || name.contains("..") {
            return Err(LutError { kind: ErrorKind::Io, message: format!("{}: names '{name}', not a file in the folder", path.display()) });
        }
        Ok(name.to_string())
    }

    /// Opens and validates the version `current` names.
    pub fn open_current(&self) -> Result<LutFile, LutError> {
        LutFile::open(self.dir.join(self.current_file_name()?))
    }
}

struct Loaded {
    name: String,
    file: Arc<LutFile>,
}

/// Hot reload of a [`Table`]: [`LiveTable::reload`] notices that `current` names a new version, validates it, and
/// swaps it in atomically. Readers never wait for a reload's I/O or validation and never see a half-loaded table:
/// each [`LiveTableReader`] holds an `Arc` of the version it last took and keeps it (and its mapping) until it takes
/// the next one; checking for a new version is one atomic load, and taking it clones an `Arc` under a lock that a
/// reload holds only for a pointer swap. A version that fails to open or validate is not swapped in; the previous one stays live.
pub struct LiveTable {
    table: Table,
    loaded: Mutex<Loaded>,
    generation: AtomicU64,
}

impl LiveTable {
    /// Opens the table's current version (an error if it has none or it is invalid).
    pub fn open(table: Table) -> Result<Arc<LiveTable>, LutError> {
        let name = table.current_file_name()?;
        let file = Arc::new(LutFile::open(table.dir().join(&name))?);
        Ok(Arc::new(LiveTable { table, loaded: Mutex::new(Loaded { name, file }), generation: AtomicU64::new(0) }))
    }

    /// Re-reads `current`; if it names another file, opens and validates it and makes it live. `Ok(true)` when a
    /// new version was swapped in, `Ok(false)` when `current` is unchanged, `Err` (previous version kept) when
    /// the new one cannot be opened or is invalid.
    pub fn reload(&self) -> Result<bool, LutError> {
        let name = self.table.current_file_name()?;
        if self.lock().name == name {
            return Ok(false);
        }
        // Open and validate outside the lock: readers refreshing meanwhile get the previous version.
        let file = Arc::new(LutFile::open(self.table.dir().join(&name))?);
        let old = {
            let mut loaded = self.lock();
            let old = std::mem::replace(&mut *loaded, Loaded { name, file });
            self.generation.fetch_add(1, Ordering::Release);
            old
        };
        drop(old); // unmapped here only if no reader still holds it
        Ok(true)
    }

    /// The live version now.
    pub fn snapshot(&self) -> Arc<LutFile> {
        self.lock().file.clone()
    }

    /// How many versions were swapped in since open.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// A per-thread reader: its [`LiveTableReader::get`] costs one atomic load unless a new version arrived.
    pub fn reader(self: &Arc<Self>) -> LiveTableReader {
        let (generation, file) = self.take();
        LiveTableReader { live: self.clone(), generation, file }
    }

    /// Polls `current` every `every` on a background thread until the returned [`Poller`] is dropped. Reload
    /// errors are passed to `on_error` (the previous version stays live).
    pub fn spawn_poller(self: &Arc<Self>, every: Duration, on_error: impl Fn(&LutError) + Send + 'static) -> Poller {
        let stop = Arc::new(AtomicBool::new(false));
        let (live, flag) = (self.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Acquire) {
                if let Err(e) = live.reload() {
                    on_error(&e);
                }
                std::thread::park_timeout(every);
            }
        });
        Poller { stop, thread: Some(thread) }
    }

    fn take(&self) -> (u64, Arc<LutFile>) {
        let loaded = self.lock();
        // Read under the lock: the generation is bumped while the lock is held, so the pair is consistent.
        (self.generation.load(Ordering::Acquire), loaded.file.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Loaded> {
        // A panic while holding the lock cannot leave `Loaded` half-written (one mem::replace): keep serving.
        self.loaded.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One thread's view of a [`LiveTable`].
pub struct LiveTableReader {
    live: Arc<LiveTable>,
    generation: u64,
    file: Arc<LutFile>,
}

impl LiveTableReader {
    /// The live version: the one this reader holds, refreshed first if a newer one was swapped in (then the old
    /// one is released by this reader).
    #[inline]
    pub fn get(&mut self) -> &LutFile {
        if self.live.generation.load(Ordering::Acquire) != self.generation {
            (self.generation, self.file) = self.live.take();
        }
        &self.file
    }

    /// The version this reader holds, without checking for a newer one.
    pub fn held(&self) -> &Arc<LutFile> {
        &self.file
    }
}

/// Background poller of [`LiveTable::spawn_poller`]; stops and joins on drop.
pub struct Poller {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}
