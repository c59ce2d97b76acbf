//! Reference reader for MevAnalytics LUT files, format versions 2 and 1 (`docs/lut-format.md`).
//!
//! Std only, zero-copy: [`Lut::open`] validates a byte slice once and every lookup afterwards reads fields in
//! place, without allocating and without panicking: every index a lookup follows was checked at open.
//! A format-2 curve is looked up on its knots (a bucket index, a select step, one f64 line: the fit's own value);
//! a format-1 curve on its f32 grid.
//! [`LutFile`] owns the bytes (memory-mapped on Linux), [`Table`] follows a published table's `current` file and
//! [`LiveTable`] swaps in new versions while reader threads keep going. See the README for key conventions
//! (`*`, `route`, `route/arm`, `ev:`) and the unit of every field.
//!
//! ```no_run
//! let bytes = std::fs::read("calibration.lut").unwrap();
//! let lut = mev_lut::Lut::open(&bytes).unwrap();
//! let p = lut.calibrate("jito/3", 0.42); // p_land: jito/3 -> its parents -> "*"
//! let ev = lut.calibrate("ev:jito/3", 0.01); // EV in SOL: ev:jito/3 -> ev:jito -> ev:*, never a p_land curve
//! ```
#![deny(missing_docs)]

pub mod layout;
mod mmap;
mod table;
mod xxh64;

pub use layout::{key_hash, kind};
pub use mmap::LutBytes;
pub use table::{LiveTable, LiveTableReader, LutFile, Poller, Table};
pub use xxh64::xxh64;

use layout::{NONE, HEADER_SIZE, MAX_SECTIONS, MAX_STRING_BYTES};
use std::fmt;

const DIR_ENTRY: usize = layout::directory::SIZE;
const ALIGN: u64 = layout::SECTION_ALIGNMENT;
const SEGMENT: usize = layout::segment::SIZE;
const GRID: usize = layout::grid_value::SIZE;
const KNOT: usize = layout::knot::SIZE;
const SLOPED_KNOT: usize = layout::sloped_knot::SIZE;
const BUCKET: usize = layout::bucket::SIZE;
const GRID_VERSION: u16 = layout::GRID_FORMAT_VERSION;
const ARM: usize = layout::arm::SIZE;
const LATENCY: usize = layout::latency::SIZE;
const PHASE: usize = layout::phase::SIZE;
const HEDGE: usize = layout::route_hedge::SIZE;
const SLOT: usize = layout::key_slot::SIZE;
const KINDS: usize = kind::LAST_KNOWN as usize + 1;

/// Why a file was rejected (mirrors the C# `LutFormatError`). New kinds may be added in minor versions.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Shorter than the header, the directory or a declared section.
    Truncated,
    /// The magic bytes are not `"MEVLUT\0\0"`.
    BadMagic,
    /// A `format_version` this reader does not know.
    UnsupportedVersion,
    /// A header field breaks a rule (header size, directory offset, section count, window).
    BadHeader,
    /// The header's `file_length` differs from the actual size.
    LengthMismatch,
    /// XXH64 over bytes `[16, end)` differs from the stored checksum.
    ChecksumMismatch,
    /// A section is misaligned, overlaps the directory or another section, or the file does not end at the last one.
    BadSectionPlacement,
    /// A section extends past the end of the file.
    SectionOutOfRange,
    /// A known kind appears twice.
    DuplicateSection,
    /// A required section is missing.
    MissingSection,
    /// Element size or length does not match the kind.
    BadElementSize,
    /// String table bounds, UTF-8 or order is invalid.
    BadStringTable,
    /// A string ref is outside the string table.
    BadStringRef,
    /// Records are not strictly increasing by key.
    UnsortedKeys,
    /// A record field is out of its allowed range (including an inconsistent key index).
    BadRecord,
    /// Calibration parent links form a cycle.
    ParentCycle,
    /// The file could not be read or mapped (only from [`LutFile`] / [`Table`]).
    Io,
}

/// A rejected file: the rule that failed and a message naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LutError {
    /// The rule that failed.
    pub kind: ErrorKind,
    /// Names the field, row and value.
    pub message: String,
}

impl fmt::Display for LutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for LutError {}

fn fail<T>(kind: ErrorKind, message: String) -> Result<T, LutError> {
    Err(LutError { kind, message })
}

// Field reads. Callers only pass offsets inside validated slices.
#[inline(always)]
fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
#[inline(always)]
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
#[inline(always)]
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
#[inline(always)]
fn i64_at(b: &[u8], at: usize) -> i64 {
    i64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
#[inline(always)]
fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
#[inline(always)]
fn f64_at(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// Reads for the lookup hot path (key probe, interpolation) without bounds checks. Each call site states why the
/// offset is in bounds: either local arithmetic, or a rule the validator checked at open (spec section 12).
mod hot {
    #[inline(always)]
    pub(crate) unsafe fn u32_at(b: &[u8], at: usize) -> u32 {
        debug_assert!(at + 4 <= b.len());
        u32::from_le_bytes(std::ptr::read_unaligned(b.as_ptr().add(at) as *const [u8; 4]))
    }
    #[inline(always)]
    pub(crate) unsafe fn u64_at(b: &[u8], at: usize) -> u64 {
        debug_assert!(at + 8 <= b.len());
        u64::from_le_bytes(std::ptr::read_unaligned(b.as_ptr().add(at) as *const [u8; 8]))
    }
    #[inline(always)]
    pub(crate) unsafe fn f32_at(b: &[u8], at: usize) -> f32 {
        f32::from_bits(u32_at(b, at))
    }
    #[inline(always)]
    pub(crate) unsafe fn f64_at(b: &[u8], at: usize) -> f64 {
        f64::from_bits(u64_at(b, at))
    }
}

/// One section directory entry as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionInfo {
    /// Section kind (possibly one this reader skips).
    pub kind: u32,
    /// Bytes per row.
    pub element_size: u32,
    /// Absolute byte offset.
    pub offset: u64,
    /// Byte length.
    pub length: u64,
    /// Rows.
    pub row_count: u32,
}

/// Decoded header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// 2, or 1 for a file whose curves are f32 grids.
    pub format_version: u16,
    /// 0 mixed, 1 calibration, 2 bandit, 3 latency, 4 phase (informative).
    pub table_kind: u16,
    /// No flag defined in versions 1 and 2.
    pub flags: u32,
    /// Directory entries.
    pub section_count: u32,
    /// Creation time chosen by the producer, unix epoch milliseconds (UTC).
    pub created_at_unix_ms: i64,
    /// Start of the data window (inclusive), unix epoch milliseconds.
    pub window_from_unix_ms: i64,
    /// End of the data window (exclusive), unix epoch milliseconds.
    pub window_to_unix_ms: i64,
    /// Input rows the statistics were computed from.
    pub rows_used: u64,
    /// Name of the producing job.
    pub producer_job: &'a str,
    /// Git revision of the producer.
    pub git_revision: &'a str,
}

/// Where each known section is, found by [`Lut::open`]'s validation: byte ranges only, so an owner of the bytes
/// ([`LutFile`]) keeps it next to them and rebuilds a [`Lut`] without validating again.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sections {
    known: [(usize, usize, usize); KINDS], // (offset, length, rows); length 0 when absent
    version: u16,
    key_shift: u32,
    star_segment: Option<usize>,
    ev_star_segment: Option<usize>,
    star_string: Option<u32>,
}

/// A validated LUT over a borrowed byte slice. Cheap to copy; `Send + Sync`.
#[derive(Clone, Copy)]
pub struct Lut<'a> {
    file: &'a [u8],
    strings: &'a [u8],
    string_count: usize,
    segments: &'a [u8],
    lookup: &'a [u8], // format 1: the f32 grid (kind 3); format 2: the u32 bucket index (kind 10)
    knots: &'a [u8],
    arms: &'a [u8],
    latency: &'a [u8],
    phases: &'a [u8],
    hedges: &'a [u8],
    key_index: &'a [u8],
    key_shift: u32,
    version: u16,
    star_segment: Option<usize>,
    ev_star_segment: Option<usize>,
    star_string: Option<u32>,
}

impl fmt::Debug for Lut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lut")
            .field("bytes", &self.file.len())
            .field("format_version", &self.version)
            .field("strings", &self.string_count)
            .field("key_index", &!self.key_index.is_empty())
            .finish()
    }
}

impl<'a> Lut<'a> {
    /// Validates `file` (spec section 12, in order) and returns the reader.
    pub fn open(file: &'a [u8]) -> Result<Lut<'a>, LutError> {
        let sections = validate(file)?;
        Ok(Lut::over(file, &sections))
    }

    /// A reader over bytes `validate` accepted, from the ranges it found.
    pub(crate) fn over(file: &'a [u8], s: &Sections) -> Lut<'a> {
        let slice = |k: u32| {
            let (o, l, _) = s.known[k as usize];
            &file[o..o + l]
        };
        Lut {
            file,
            strings: slice(kind::STRINGS),
            string_count: s.known[kind::STRINGS as usize].2,
            segments: slice(kind::CALIBRATION_SEGMENTS),
            lookup: slice(lookup_kind(s.version)),
            knots: slice(kind::CALIBRATION_KNOTS),
            arms: slice(kind::BANDIT_ARMS),
            latency: slice(kind::LATENCY_QUANTILES),
            phases: slice(kind::PHASE_OFFSETS),
            hedges: slice(kind::ROUTE_HEDGES),
            key_index: slice(kind::KEY_INDEX),
            key_shift: s.key_shift,
            version: s.version,
            star_segment: s.star_segment,
            ev_star_segment: s.ev_star_segment,
            star_string: s.star_string,
        }
    }

    /// The whole file.
    pub fn bytes(&self) -> &'a [u8] {
        self.file
    }

    /// The header.
    pub fn header(&self) -> Header<'a> {
        use layout::header as h;
        let f = self.file;
        Header {
            format_version: u16_at(f, h::FORMAT_VERSION),
            table_kind: u16_at(f, h::TABLE_KIND),
            flags: u32_at(f, h::FLAGS),
            section_count: u32_at(f, h::SECTION_COUNT),
            created_at_unix_ms: i64_at(f, h::CREATED_AT),
            window_from_unix_ms: i64_at(f, h::WINDOW_FROM),
            window_to_unix_ms: i64_at(f, h::WINDOW_TO),
            rows_used: u64_at(f, h::ROWS_USED),
            producer_job: self.string(u32_at(f, h::PRODUCER_JOB) as usize),
            git_revision: self.string(u32_at(f, h::GIT_REVISION) as usize),
        }
    }

    /// The file's `format_version`: 2, or 1 for a file whose curves are f32 grids.
    pub fn format_version(&self) -> u16 {
        self.version
    }

    /// Stored XXH64 checksum of bytes `[16, end)`.
    pub fn checksum(&self) -> u64 {
        u64_at(self.file, layout::header::CHECKSUM)
    }

    /// Directory entries, including kinds this reader skips.
    pub fn sections(&self) -> impl Iterator<Item = SectionInfo> + 'a {
        use layout::directory as d;
        let f = self.file;
        (0..u32_at(f, layout::header::SECTION_COUNT) as usize).map(move |i| {
            let e = HEADER_SIZE + i * DIR_ENTRY;
            SectionInfo {
                kind: u32_at(f, e + d::KIND),
                element_size: u32_at(f, e + d::ELEMENT_SIZE),
                offset: u64_at(f, e + d::OFFSET),
                length: u64_at(f, e + d::LENGTH),
                row_count: u32_at(f, e + d::ROW_COUNT),
            }
        })
    }

    /// String `id` (validated UTF-8).
    pub fn string(&self, id: usize) -> &'a str {
        std::str::from_utf8(string_bytes(self.strings, id)).unwrap_or("")
    }

    /// Number of strings.
    pub fn string_count(&self) -> usize {
        self.string_count
    }

    /// True when the file has a key index (kind 9); without one, key lookups binary-search the string table.
    pub fn has_key_index(&self) -> bool {
        !self.key_index.is_empty()
    }

    /// String id of `key`, or `None`: one probe of the key index, or a binary search in files without one.
    #[inline]
    pub fn find_string(&self, key: &[u8]) -> Option<u32> {
        if self.key_index.is_empty() {
            return find_string_sorted(self.strings, self.string_count, key);
        }
        self.probe(key).map(|slot| u32_at(self.key_index, slot * SLOT + layout::key_slot::STRING_ID))
    }

    #[inline]
    fn probe(&self, key: &[u8]) -> Option<usize> {
        probe(self.key_index, self.key_shift, self.strings, key)
    }

    /// The key's own resolution: its segment, then its parents, to the first with a curve.
    #[inline]
    fn own_curve(&self, key: &[u8]) -> Option<usize> {
        if self.key_index.is_empty() {
            let id = find_string_sorted(self.strings, self.string_count, key)?;
            return resolve(self.segments, find_by_key(self.segments, SEGMENT, id), self.version);
        }
        let slot = self.probe(key)?;
        // SAFETY: probe returns a slot < S, and the index section is S * SLOT bytes.
        let curve = unsafe { hot::u32_at(self.key_index, slot * SLOT + layout::key_slot::CURVE) };
        if curve == NONE { None } else { Some(curve as usize) }
    }

    #[cold]
    #[inline(never)]
    fn fallback_curve(&self, key: &[u8]) -> Option<usize> {
        if !key.starts_with(b"ev:") {
            return self.star_segment;
        }
        let mut k = key;
        while let Some(cut) = k.iter().rposition(|&b| b == b'/').filter(|&c| c >= 3) {
            k = &k[..cut];
            if let Some(s) = self.own_curve(k) {
                return Some(s);
            }
        }
        self.ev_star_segment
    }

    // ---- calibration ----

    /// Number of calibration segments.
    pub fn segment_count(&self) -> usize {
        self.segments.len() / SEGMENT
    }

    /// Segment `i` as stored (possibly fallback-only). Panics if `i >= segment_count()`.
    pub fn segment_at(&self, i: usize) -> Curve<'a> {
        use layout::segment as s;
        let r = &self.segments[i * SEGMENT..(i + 1) * SEGMENT];
        // The grid's (format 1) or the bucket index's (format 2) run, at the same offsets of the record.
        let (ls, lc) = (u32_at(r, s::BUCKET_START) as usize, u32_at(r, s::BUCKET_COUNT) as usize);
        let (ks, kc) = (u32_at(r, s::KNOT_START) as usize, u32_at(r, s::KNOT_COUNT) as usize);
        let (lookup_size, knot_size) = if self.version == GRID_VERSION { (GRID, KNOT) } else { (BUCKET, SLOPED_KNOT) };
        Curve {
            index: i,
            key: string_bytes(self.strings, u32_at(r, s::KEY) as usize),
            record: r,
            lookup: &self.lookup[ls * lookup_size..(ls + lc) * lookup_size],
            knots: &self.knots[ks * knot_size..(ks + kc) * knot_size],
            version: self.version,
        }
    }

    /// The curve used for `key` (spec section 6): the key's segment if it has a curve, else its parent chain;
    /// failing that, for a key starting with `ev:` the key cut at its last `/` (repeatedly), then `ev:*`; for any
    /// other key the `*` chain. `None` ("no curve") is the lookup error: an `ev:` key never gets a p_land curve.
    #[inline]
    pub fn curve(&self, key: &str) -> Option<Curve<'a>> {
        let key = key.as_bytes();
        self.own_curve(key).or_else(|| self.fallback_curve(key)).map(|s| self.segment_at(s))
    }

    /// Calibrated value of `score` for `key` with fallback (p_land probability, or EV in SOL for `ev:` keys);
    /// `None` when no curve applies.
    #[inline]
    pub fn calibrate(&self, key: &str, score: f64) -> Option<f64> {
        let key = key.as_bytes();
        let s = self.own_curve(key).or_else(|| self.fallback_curve(key))?;
        // Straight from the record and its runs, no Curve view. SAFETY: `s` is a resolution result, a segment row
        // (< row count) with a curve; every segment's grid or bucket run [start, start + count) and knot run lie
        // inside their sections, checked at open (spec sections 6 and 11); the record is SEGMENT bytes.
        unsafe {
            use layout::segment as f;
            let r = self.segments.get_unchecked(s * SEGMENT..(s + 1) * SEGMENT);
            let start = hot::u32_at(r, f::BUCKET_START) as usize;
            let count = hot::u32_at(r, f::BUCKET_COUNT) as usize;
            let (x_min, scale) = (hot::f64_at(r, f::X_MIN), hot::f64_at(r, f::SCALE));
            if self.version == GRID_VERSION {
                let grid = self.lookup.get_unchecked(start * GRID..(start + count) * GRID);
                return Some(interpolate(grid, x_min, scale, score));
            }
            // Open-ended runs with their counts from the record: no slice lengths to compute per lookup.
            let buckets = self.lookup.get_unchecked(start * BUCKET..);
            let (ks, kc) = (hot::u32_at(r, f::KNOT_START) as usize, hot::u32_at(r, f::KNOT_COUNT) as usize);
            let knots = self.knots.get_unchecked(ks * SLOPED_KNOT..);
            Some(on_knots(knots, kc, buckets, count, x_min, hot::f64_at(r, f::X_MAX), scale, score))
        }
    }

    // ---- bandit arms ----

    /// Number of arm rows.
    pub fn arm_count(&self) -> usize {
        self.arms.len() / ARM
    }

    /// Arm row `i`. Panics if `i >= arm_count()`.
    pub fn arm_at(&self, i: usize) -> Arm<'a> {
        let r = &self.arms[i * ARM..(i + 1) * ARM];
        let group = u32_at(r, layout::arm::LEADER_GROUP);
        Arm {
            route: self.string(u32_at(r, layout::arm::ROUTE) as usize),
            leader_group: if group == NONE { None } else { Some(self.string(group as usize)) },
            record: r,
        }
    }

    /// Row for (route, arm, group); with a group that has no row, the route-wide row.
    pub fn arm(&self, route: &str, arm: u32, leader_group: Option<&str>) -> Option<Arm<'a>> {
        let route_id = self.find_string(route.as_bytes())?;
        let specific = leader_group
            .and_then(|g| self.find_string(g.as_bytes()))
            .and_then(|g| find_by_key3(self.arms, ARM, (route_id, arm, g)));
        specific.or_else(|| find_by_key3(self.arms, ARM, (route_id, arm, NONE))).map(|i| self.arm_at(i))
    }

    // ---- latency ----

    /// Number of latency rows.
    pub fn latency_count(&self) -> usize {
        self.latency.len() / LATENCY
    }

    /// Latency row `i`. Panics if `i >= latency_count()`.
    pub fn latency_at(&self, i: usize) -> Latency<'a> {
        let r = &self.latency[i * LATENCY..(i + 1) * LATENCY];
        Latency {
            route: self.string(u32_at(r, layout::latency::ROUTE) as usize),
            endpoint: self.string(u32_at(r, layout::latency::ENDPOINT) as usize),
            record: r,
        }
    }

    /// Exact (route, endpoint) row; endpoint `*` is the route's pooled row.
    pub fn latency(&self, route: &str, endpoint: &str) -> Option<Latency<'a>> {
        let r = self.find_string(route.as_bytes())?;
        let e = self.find_string(endpoint.as_bytes())?;
        find_by_key2(self.latency, LATENCY, (r, e)).map(|i| self.latency_at(i))
    }

    // ---- phase ----

    /// Number of phase rows.
    pub fn phase_count(&self) -> usize {
        self.phases.len() / PHASE
    }

    /// Phase row `i`. Panics if `i >= phase_count()`.
    pub fn phase_at(&self, i: usize) -> Phase<'a> {
        let r = &self.phases[i * PHASE..(i + 1) * PHASE];
        Phase { leader: self.string(u32_at(r, layout::phase::LEADER) as usize), record: r }
    }

    /// The leader's row, else the `*` row.
    pub fn phase(&self, leader: &str) -> Option<Phase<'a>> {
        self.find_string(leader.as_bytes())
            .and_then(|id| find_by_key(self.phases, PHASE, id))
            .or_else(|| self.star_string.and_then(|id| find_by_key(self.phases, PHASE, id)))
            .map(|i| self.phase_at(i))
    }

    // ---- route hedges ----

    /// Number of route hedge rows (0 in tables without the section).
    pub fn route_hedge_count(&self) -> usize {
        self.hedges.len() / HEDGE
    }

    /// Route hedge row `i`. Panics if `i >= route_hedge_count()`.
    pub fn route_hedge_at(&self, i: usize) -> RouteHedge<'a> {
        let r = &self.hedges[i * HEDGE..(i + 1) * HEDGE];
        RouteHedge { route: self.string(u32_at(r, layout::route_hedge::ROUTE) as usize), record: r }
    }

    /// Exact route row; no fallback (a route without a row has no hedge suggestion).
    pub fn route_hedge(&self, route: &str) -> Option<RouteHedge<'a>> {
        let id = self.find_string(route.as_bytes())?;
        find_by_key(self.hedges, HEDGE, id).map(|i| self.route_hedge_at(i))
    }
}

/// A calibration segment in place: its record, its knots and its lookup structure (format 2: the bucket index over
/// its knots; format 1: the f32 grid the curve was sampled on).
#[derive(Clone, Copy)]
pub struct Curve<'a> {
    /// Row in the segments section.
    pub index: usize,
    key: &'a [u8],
    record: &'a [u8],
    lookup: &'a [u8], // the segment's grid (format 1) or bucket index (format 2)
    knots: &'a [u8],
    version: u16,
}

impl<'a> Curve<'a> {
    /// Segment key as stored: after fallback, the key of the segment actually used (e.g. `ev:*`).
    pub fn key(&self) -> &'a str {
        // Validated UTF-8 at open; decoded only when asked, so the lookup path never pays for it.
        std::str::from_utf8(self.key).unwrap_or("")
    }
    /// Row of the fallback parent, if any.
    pub fn parent(&self) -> Option<usize> {
        let p = u32_at(self.record, layout::segment::PARENT);
        if p == NONE { None } else { Some(p as usize) }
    }
    /// Rows the fit used.
    pub fn sample_count(&self) -> u64 {
        u64_at(self.record, layout::segment::SAMPLE_COUNT)
    }
    /// Lowest score of the curve (raw model score; SOL for `ev:` curves), in format 2 its first knot's x; lower
    /// scores read the first value.
    pub fn x_min(&self) -> f64 {
        f64_at(self.record, layout::segment::X_MIN)
    }
    /// Highest score of the curve, in format 2 its last knot's x; higher scores read the last value.
    pub fn x_max(&self) -> f64 {
        f64_at(self.record, layout::segment::X_MAX)
    }
    /// As stored: score to bucket, `B / (x_max - x_min)` (format 2), or score to grid index,
    /// `(G - 1) / (x_max - x_min)` (format 1).
    pub fn scale(&self) -> f64 {
        f64_at(self.record, layout::segment::SCALE)
    }
    /// The file's `format_version` (2, or 1 for a grid curve).
    pub fn format_version(&self) -> u16 {
        self.version
    }
    /// False for a fallback-only segment (no curve of its own): fewer than 2 knots in format 2, fewer than 2 grid
    /// points in format 1. [`Lut::curve`] only returns segments with a curve.
    pub fn has_curve(&self) -> bool {
        if self.version == GRID_VERSION { self.grid_count() >= 2 } else { self.knot_count() >= 2 }
    }
    /// Grid points G (format 1; 0 for a fallback-only segment and in format 2).
    pub fn grid_count(&self) -> usize {
        self.grid().len() / GRID
    }
    /// Grid value `i` (format 1; probability, or SOL for `ev:` curves). Panics if `i >= grid_count()`.
    pub fn grid_value(&self, i: usize) -> f32 {
        f32_at(self.grid(), i * GRID)
    }
    /// Buckets B of the index (format 2; 0 for a fallback-only segment and in format 1).
    pub fn bucket_count(&self) -> usize {
        self.buckets().len() / BUCKET
    }
    /// The knot bucket `b` of the index points at (format 2): the last knot whose bucket is before `b`, 0 when
    /// none. Panics if `b >= bucket_count()`.
    pub fn bucket_knot(&self, b: usize) -> usize {
        u32_at(self.buckets(), b * BUCKET) as usize
    }
    /// Number of knots (the exact fit).
    pub fn knot_count(&self) -> usize {
        self.knots.len() / self.knot_size()
    }
    /// Knot `i` as (x, y). Panics if `i >= knot_count()`.
    pub fn knot(&self, i: usize) -> (f64, f64) {
        let at = i * self.knot_size();
        (f64_at(self.knots, at + layout::knot::X), f64_at(self.knots, at + layout::knot::Y))
    }
    /// Format 2: the stored slope from knot `i` to knot `i + 1` (0 at the last knot and for a zero-width
    /// interval); format 1: NaN. Panics if `i >= knot_count()`.
    pub fn slope(&self, i: usize) -> f64 {
        if self.version == GRID_VERSION {
            return f64::NAN;
        }
        f64_at(self.knots, i * SLOPED_KNOT + layout::sloped_knot::SLOPE)
    }

    /// Spec section 6 curve lookup, clipped to `[x_min, x_max]`, NaN scores give the first value: in format 2 the
    /// knots' interpolation (equal to the fit) found through the bucket index, in format 1 the grid's. Returns NaN
    /// only for a fallback-only segment (which [`Lut::curve`] never returns).
    #[inline]
    pub fn calibrate(&self, score: f64) -> f64 {
        use layout::segment as f;
        // SAFETY: the record is a whole segment record (SEGMENT bytes, sliced at construction).
        let (x_min, scale) = unsafe { (hot::f64_at(self.record, f::X_MIN), hot::f64_at(self.record, f::SCALE)) };
        if self.version == GRID_VERSION {
            return interpolate(self.lookup, x_min, scale, score);
        }
        let (n, count) = (self.knots.len() / SLOPED_KNOT, self.lookup.len() / BUCKET);
        on_knots(self.knots, n, self.lookup, count, x_min, unsafe { hot::f64_at(self.record, f::X_MAX) }, scale, score)
    }

    fn knot_size(&self) -> usize {
        if self.version == GRID_VERSION { KNOT } else { SLOPED_KNOT }
    }
    fn grid(&self) -> &'a [u8] {
        if self.version == GRID_VERSION { self.lookup } else { &[] }
    }
    fn buckets(&self) -> &'a [u8] {
        if self.version == GRID_VERSION { &[] } else { self.lookup }
    }
}

/// Spec section 6, format 2, over one segment's knots (24-byte records), bucket index and record fields; NaN for a
/// segment without a curve (fewer than 2 knots or no bucket). `b = min(B - 1, floor((score - x_min) * scale))`
/// starts at a knot at or below the score; forward steps (at most one on average, by the writer's sizing of the
/// index) find the last knot `k` with `x_k <= score`; the value is `slope_k * (score - x_k) + y_k` in f64 (no fused
/// multiply-add), the C# reader's and the spec's arithmetic.
#[inline(always)]
#[allow(clippy::neg_cmp_op_on_partial_ord)] // `!(score > x_min)` is the spec's rule: a NaN score takes the first value
#[allow(clippy::too_many_arguments)] // the record's fields, read once by the caller
fn on_knots(knots: &[u8], n: usize, buckets: &[u8], count: usize, x_min: f64, x_max: f64, scale: f64, score: f64) -> f64 {
    use layout::sloped_knot as k;
    debug_assert!(knots.len() >= n * SLOPED_KNOT && buckets.len() >= count * BUCKET);
    if n < 2 || count == 0 {
        return f64::NAN;
    }
    // SAFETY (every read below): knots holds at least n >= 2 records and buckets at least count >= 1 entries. Knot 0 and knot n - 1
    // are inside; the bucket b <= count - 1 (the clamp, and `as` saturates a NaN or negative t to 0); the start
    // knot j is clamped to n - 2, so knot j + 1 is inside; a step only moves to knot j + 1 when x_{j+1} <= score,
    // and the validator checked x_{n-1} == x_max > score (this branch), so the walk stops at knot n - 2 at the
    // latest. For a file the validator accepted the clamp never binds: bucket b points at the last knot whose bucket
    // is before b, and the last knot's bucket is not (the score is below x_max, so its bucket is at most x_max's).
    unsafe {
        if !(score > x_min) {
            return hot::f64_at(knots, k::Y);
        }
        if score >= x_max {
            return hot::f64_at(knots, (n - 1) * SLOPED_KNOT + k::Y);
        }
        let b = bucket_of(score, x_min, scale, count);
        let first = hot::u32_at(buckets, b * BUCKET) as usize;
        debug_assert!(first <= n - 2, "bucket {b} points at knot {first} of {n}");
        let mut j = first.min(n - 2);
        // The index is sized for at most one step on average: that step is a select (no branch the scores' order
        // would make unpredictable); the loop is for the rare bucket holding several knots.
        let next_x = |j: usize| hot::f64_at(knots, (j + 1) * SLOPED_KNOT + k::X);
        j += (next_x(j) <= score) as usize;
        while next_x(j) <= score {
            j += 1;
        }
        let at = j * SLOPED_KNOT;
        hot::f64_at(knots, at + k::SLOPE) * (score - hot::f64_at(knots, at + k::X)) + hot::f64_at(knots, at + k::Y)
    }
}

/// The bucket of a score (spec section 6): `min(B - 1, floor((x - x_min) * scale))` for `x >= x_min`, shared by the
/// lookup and the validator so both use the same arithmetic. Always `< count` (`as` saturates NaN to 0).
#[inline(always)]
fn bucket_of(x: f64, x_min: f64, scale: f64, count: usize) -> usize {
    let t = (x - x_min) * scale;
    if t >= count as f64 { count - 1 } else { t as usize }
}

/// Spec section 6 curve lookup over one segment's grid; NaN for a grid of fewer than 2 points.
#[inline(always)]
#[allow(clippy::neg_cmp_op_on_partial_ord)] // `!(t > 0.0)` is the spec's rule: a NaN score takes the first value
fn interpolate(grid: &[u8], x_min: f64, scale: f64, score: f64) -> f64 {
    let g = grid.len() / GRID;
    if g < 2 {
        return f64::NAN;
    }
    let last = g - 1;
    let t = (score - x_min) * scale;
    // SAFETY (every read below): grid holds g >= 2 values, and the indices are 0, last, or i and i + 1 with
    // 0 <= i < last because 0 < t < last (a NaN t takes the first branch).
    if !(t > 0.0) {
        return unsafe { hot::f32_at(grid, 0) } as f64;
    }
    if t >= last as f64 {
        return unsafe { hot::f32_at(grid, last * GRID) } as f64;
    }
    let i = t as usize; // t in (0, last): truncation is floor
    let f = t - i as f64;
    let (g0, g1) = unsafe { (hot::f32_at(grid, i * GRID) as f64, hot::f32_at(grid, (i + 1) * GRID) as f64) };
    g0 + (g1 - g0) * f
}

/// A bandit arm row in place.
#[derive(Clone, Copy)]
pub struct Arm<'a> {
    /// Route key.
    pub route: &'a str,
    /// Leader group, `None` for the route-wide row.
    pub leader_group: Option<&'a str>,
    record: &'a [u8],
}

impl<'a> Arm<'a> {
    /// Arm index within the route.
    pub fn arm_index(&self) -> u32 {
        u32_at(self.record, layout::arm::ARM_INDEX)
    }
    /// Beta posterior alpha (decayed lands + prior).
    pub fn alpha(&self) -> f64 {
        f64_at(self.record, layout::arm::ALPHA)
    }
    /// Beta posterior beta (decayed misses + prior).
    pub fn beta(&self) -> f64 {
        f64_at(self.record, layout::arm::BETA)
    }
    /// Exponentially decayed pull (send) count.
    pub fn decayed_pulls(&self) -> f64 {
        f64_at(self.record, layout::arm::DECAYED_PULLS)
    }
    /// Exponentially decayed landed count.
    pub fn decayed_lands(&self) -> f64 {
        f64_at(self.record, layout::arm::DECAYED_LANDS)
    }
    /// Mean payoff of a landed send, lamports.
    pub fn payoff_mean(&self) -> f64 {
        f64_at(self.record, layout::arm::PAYOFF_MEAN)
    }
    /// Payoff variance, lamports^2.
    pub fn payoff_variance(&self) -> f64 {
        f64_at(self.record, layout::arm::PAYOFF_VARIANCE)
    }
    /// Tip this arm pays, lamports.
    pub fn tip_lamports(&self) -> u64 {
        u64_at(self.record, layout::arm::TIP_LAMPORTS)
    }
    /// Last observation, unix epoch milliseconds.
    pub fn last_updated_unix_ms(&self) -> i64 {
        i64_at(self.record, layout::arm::LAST_UPDATED)
    }
}

/// A latency row in place.
#[derive(Clone, Copy)]
pub struct Latency<'a> {
    /// Route key.
    pub route: &'a str,
    /// Endpoint key; `*` is the route's pooled (count-weighted mixture) row.
    pub endpoint: &'a str,
    record: &'a [u8],
}

impl<'a> Latency<'a> {
    /// Observations.
    pub fn count(&self) -> u64 {
        u64_at(self.record, layout::latency::COUNT)
    }
    /// Share of failed sends, in [0, 1].
    pub fn error_rate(&self) -> f64 {
        f64_at(self.record, layout::latency::ERROR_RATE)
    }
    /// Median round trip, ms.
    pub fn p50_ms(&self) -> f64 {
        f64_at(self.record, layout::latency::P50)
    }
    /// 90th percentile, ms.
    pub fn p90_ms(&self) -> f64 {
        f64_at(self.record, layout::latency::P90)
    }
    /// 99th percentile, ms.
    pub fn p99_ms(&self) -> f64 {
        f64_at(self.record, layout::latency::P99)
    }
    /// 99.9th percentile, ms.
    pub fn p999_ms(&self) -> f64 {
        f64_at(self.record, layout::latency::P999)
    }
}

/// A phase row in place.
#[derive(Clone, Copy)]
pub struct Phase<'a> {
    /// Leader key; `*` when the lookup fell back.
    pub leader: &'a str,
    record: &'a [u8],
}

impl<'a> Phase<'a> {
    /// Observations.
    pub fn sample_count(&self) -> u64 {
        u64_at(self.record, layout::phase::SAMPLE_COUNT)
    }
    /// Optimal send offset from the slot start, ms.
    pub fn optimal_offset_ms(&self) -> f64 {
        f64_at(self.record, layout::phase::OPTIMAL_OFFSET)
    }
    /// Spread of the landing window, ms.
    pub fn spread_ms(&self) -> f64 {
        f64_at(self.record, layout::phase::SPREAD)
    }
    /// Kalman initial state, ms.
    pub fn kalman_initial_state(&self) -> f64 {
        f64_at(self.record, layout::phase::KALMAN_STATE)
    }
    /// Kalman initial variance, ms^2.
    pub fn kalman_initial_variance(&self) -> f64 {
        f64_at(self.record, layout::phase::KALMAN_VARIANCE)
    }
    /// Process noise, ms^2 per slot.
    pub fn process_noise(&self) -> f64 {
        f64_at(self.record, layout::phase::PROCESS_NOISE)
    }
    /// Measurement noise, ms^2.
    pub fn measurement_noise(&self) -> f64 {
        f64_at(self.record, layout::phase::MEASUREMENT_NOISE)
    }
}

/// A route hedge row in place: what the hedged sender reads per route.
#[derive(Clone, Copy)]
pub struct RouteHedge<'a> {
    /// Route key.
    pub route: &'a str,
    record: &'a [u8],
}

/// SLO breach bits of [`RouteHedge::slo_breaches`].
pub mod slo {
    /// Median above target.
    pub const P50: u32 = 1;
    /// p90 above target.
    pub const P90: u32 = 2;
    /// p99 above target.
    pub const P99: u32 = 4;
    /// p99.9 above target.
    pub const P999: u32 = 8;
    /// Error rate above target.
    pub const ERROR_RATE: u32 = 16;
}

impl<'a> RouteHedge<'a> {
    /// Failed SLO checks as bits of [`slo`]; 0 = within SLO.
    pub fn slo_breaches(&self) -> u32 {
        u32_at(self.record, layout::route_hedge::SLO_BREACHES)
    }
    /// True when any SLO check failed.
    pub fn slo_breached(&self) -> bool {
        self.slo_breaches() != 0
    }
    /// Suggested hedge delay after the first send, ms.
    pub fn hedge_delay_ms(&self) -> f64 {
        f64_at(self.record, layout::route_hedge::HEDGE_DELAY)
    }
    /// Expected fraction of sends that fire the hedge, in [0, 1].
    pub fn hedge_fire_rate(&self) -> f64 {
        f64_at(self.record, layout::route_hedge::HEDGE_FIRE_RATE)
    }
    /// Latency samples behind the suggestion.
    pub fn count(&self) -> u64 {
        u64_at(self.record, layout::route_hedge::COUNT)
    }
}

// ---- validation ----

fn validate(file: &[u8]) -> Result<Sections, LutError> {
    use layout::header as h;
    use ErrorKind::*;
    let n = file.len();
    if n < HEADER_SIZE {
        return fail(Truncated, format!("file is {n} bytes; the header alone is {HEADER_SIZE}"));
    }
    if &file[..8] != layout::MAGIC {
        return fail(BadMagic, format!("magic is {:02X?}", &file[..8]));
    }
    let version = u16_at(file, h::FORMAT_VERSION);
    if version != GRID_VERSION && version != layout::FORMAT_VERSION {
        return fail(UnsupportedVersion, format!("format_version is {version}; this reader knows {GRID_VERSION} and {}", layout::FORMAT_VERSION));
    }
    let header_size = u16_at(file, h::HEADER_SIZE);
    if header_size as usize != HEADER_SIZE {
        return fail(BadHeader, format!("header_size is {header_size}, expected {HEADER_SIZE}"));
    }
    let file_length = u64_at(file, h::FILE_LENGTH);
    if file_length != n as u64 {
        return fail(LengthMismatch, format!("file_length is {file_length} but the file is {n} bytes"));
    }
    let stored = u64_at(file, h::CHECKSUM);
    let computed = xxh64(&file[16..], 0);
    if stored != computed {
        return fail(ChecksumMismatch, format!("checksum is {stored:016X}, computed {computed:016X}"));
    }
    let directory_offset = u32_at(file, h::DIRECTORY_OFFSET);
    if directory_offset as usize != HEADER_SIZE {
        return fail(BadHeader, format!("directory_offset is {directory_offset}, expected {HEADER_SIZE}"));
    }
    let section_count = u32_at(file, h::SECTION_COUNT);
    if section_count == 0 || section_count > MAX_SECTIONS {
        return fail(BadHeader, format!("section_count is {section_count}; allowed 1..{MAX_SECTIONS}"));
    }
    let (from, to) = (i64_at(file, h::WINDOW_FROM), i64_at(file, h::WINDOW_TO));
    if to < from {
        return fail(BadHeader, format!("window_to_unix_ms {to} is before window_from_unix_ms {from}"));
    }
    let directory_end = HEADER_SIZE as u64 + DIR_ENTRY as u64 * section_count as u64;
    if directory_end > n as u64 {
        return fail(Truncated, format!("directory of {section_count} entries ends at {directory_end}, past the file end {n}"));
    }

    let mut s = Sections { version, ..Sections::default() };
    let mut seen = [false; KINDS];
    let mut previous_end = directory_end;
    for i in 0..section_count as usize {
        use layout::directory as d;
        let e = HEADER_SIZE + i * DIR_ENTRY;
        let (k, elem, offset, length, rows) = (
            u32_at(file, e + d::KIND),
            u32_at(file, e + d::ELEMENT_SIZE),
            u64_at(file, e + d::OFFSET),
            u64_at(file, e + d::LENGTH),
            u32_at(file, e + d::ROW_COUNT),
        );
        let at = format!("section {i} (kind {k})");
        if offset % ALIGN != 0 {
            return fail(BadSectionPlacement, format!("{at}: offset {offset} is not a multiple of {ALIGN}"));
        }
        if offset > n as u64 || length > n as u64 - offset {
            return fail(SectionOutOfRange, format!("{at}: offset {offset} + length {length} is past the file end {n}"));
        }
        if offset < previous_end {
            return fail(BadSectionPlacement, format!("{at}: offset {offset} overlaps the directory or the previous section (ends at {previous_end})"));
        }
        previous_end = offset + length;
        let Some(expected) = layout::section_element_size(version, k) else { continue };
        if seen[k as usize] {
            return fail(DuplicateSection, format!("{at}: kind {k} appears twice"));
        }
        seen[k as usize] = true;
        if elem as usize != expected {
            return fail(BadElementSize, format!("{at}: element_size is {elem}, kind {k} needs {expected}"));
        }
        let minimum = rows as u64 * elem as u64;
        let ok = if k == kind::STRINGS { length >= minimum } else { length == minimum };
        if !ok {
            return fail(BadElementSize, format!("{at}: length {length} does not fit row_count {rows} x element_size {elem}"));
        }
        s.known[k as usize] = (offset as usize, length as usize, rows as usize);
    }
    if previous_end != n as u64 {
        return fail(BadSectionPlacement, format!("last section ends at {previous_end} but the file is {n} bytes"));
    }
    if !seen[kind::STRINGS as usize] {
        return fail(MissingSection, "no strings section (kind 1)".into());
    }
    let lookup = lookup_kind(version);
    let calibration_parts = [kind::CALIBRATION_SEGMENTS, lookup, kind::CALIBRATION_KNOTS].iter().filter(|&&k| seen[k as usize]).count();
    if calibration_parts == 1 || calibration_parts == 2 {
        return fail(MissingSection, format!("calibration sections (kinds 2, {lookup}, 4) must be present together"));
    }
    let slice = |k: u32| {
        let (o, l, _) = s.known[k as usize];
        &file[o..o + l]
    };
    let rows = |k: u32| s.known[k as usize].2;

    let strings = slice(kind::STRINGS);
    let string_count = rows(kind::STRINGS);
    validate_strings(strings, string_count)?;
    check_ref(u32_at(file, h::PRODUCER_JOB), string_count, "header producer_job")?;
    check_ref(u32_at(file, h::GIT_REVISION), string_count, "header git_revision")?;

    let segments = slice(kind::CALIBRATION_SEGMENTS);
    let calibration = Calibration { lookup: slice(lookup), knots: slice(kind::CALIBRATION_KNOTS), version };
    validate_segments(segments, &calibration, string_count)?;
    validate_arms(slice(kind::BANDIT_ARMS), string_count)?;
    validate_pairs(slice(kind::LATENCY_QUANTILES), LATENCY, string_count, "latency row")?;
    validate_single_keys(slice(kind::PHASE_OFFSETS), PHASE, string_count, "phase row")?;
    validate_single_keys(slice(kind::ROUTE_HEDGES), HEDGE, string_count, "route hedge row")?;
    if seen[kind::KEY_INDEX as usize] {
        s.key_shift = validate_key_index(slice(kind::KEY_INDEX), strings, string_count, segments, version)?;
    }

    let own = |key: &[u8]| {
        find_string_sorted(strings, string_count, key).and_then(|id| resolve(segments, find_by_key(segments, SEGMENT, id), version))
    };
    s.star_string = find_string_sorted(strings, string_count, b"*");
    s.star_segment = own(b"*");
    s.ev_star_segment = own(b"ev:*");
    Ok(s)
}

fn string_bytes(strings: &[u8], id: usize) -> &[u8] {
    let e = id * layout::string_index::SIZE;
    let start = u32_at(strings, e + layout::string_index::START) as usize;
    let len = u32_at(strings, e + layout::string_index::LENGTH) as usize;
    &strings[start..start + len]
}

fn find_string_sorted(strings: &[u8], count: usize, key: &[u8]) -> Option<u32> {
    let (mut lo, mut hi) = (0usize, count);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match string_bytes(strings, mid).cmp(key) {
            std::cmp::Ordering::Equal => return Some(mid as u32),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

/// Slot of `key` in a validated key index: linear probing from the home slot to the key or an empty slot (the
/// validator guarantees one exists, so the loop ends).
#[inline]
fn probe(index: &[u8], shift: u32, strings: &[u8], key: &[u8]) -> Option<usize> {
    let mask = index.len() / SLOT - 1;
    let mut slot = (key_hash(key) >> shift) as usize;
    loop {
        // SAFETY: slot <= mask, so the slot is inside the index; a non-empty slot holds a string id < string count
        // whose index entry and bytes lie inside the strings section (checked at open: spec sections 5 and 11).
        // `validate_key_index` only calls this after checking every slot's id.
        unsafe {
            let id = hot::u32_at(index, slot * SLOT + layout::key_slot::STRING_ID);
            if id == NONE {
                return None;
            }
            let e = id as usize * layout::string_index::SIZE;
            let len = hot::u32_at(strings, e + layout::string_index::LENGTH) as usize;
            if len == key.len() {
                let start = hot::u32_at(strings, e + layout::string_index::START) as usize;
                if bytes_equal(strings.get_unchecked(start..start + len), key) {
                    return Some(slot);
                }
            }
        }
        slot = (slot + 1) & mask;
    }
}

/// Key comparison inlined into the probe (keys are short): 8-byte words with an overlapping last word.
#[inline(always)]
fn bytes_equal(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let mut i = 0;
        loop {
            let at = i.min(n - 8);
            if u64_at(a, at) != u64_at(b, at) {
                return false;
            }
            if at == n - 8 {
                return true;
            }
            i += 8;
        }
    }
    if n >= 4 {
        return u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4);
    }
    a == b
}

/// The kind holding the curves' lookup structure: the f32 grid (3) in format 1, the bucket index (10) in format 2.
fn lookup_kind(version: u16) -> u32 {
    if version == GRID_VERSION { kind::CALIBRATION_GRID } else { kind::CALIBRATION_BUCKETS }
}

/// Whether a segment record has a curve of its own (spec section 6): at least 2 grid values in format 1, at least
/// 2 knots in format 2.
fn has_curve(record_at: usize, segments: &[u8], version: u16) -> bool {
    let count = if version == GRID_VERSION { layout::segment::GRID_COUNT } else { layout::segment::KNOT_COUNT };
    u32_at(segments, record_at + count) >= 2
}

/// Follows parents from `segment` to the first one with a curve (acyclic: validated), or `None`.
fn resolve(segments: &[u8], mut segment: Option<usize>, version: u16) -> Option<usize> {
    while let Some(s) = segment {
        let at = s * SEGMENT;
        if has_curve(at, segments, version) {
            return Some(s);
        }
        let parent = u32_at(segments, at + layout::segment::PARENT);
        segment = if parent == NONE { None } else { Some(parent as usize) };
    }
    None
}

fn check_ref(id: u32, count: usize, field: &str) -> Result<(), LutError> {
    if id as usize >= count {
        return fail(ErrorKind::BadStringRef, format!("{field} string ref {id} is outside the string table ({count} strings)"));
    }
    Ok(())
}

fn validate_strings(s: &[u8], n: usize) -> Result<(), LutError> {
    let index_end = n as u64 * layout::string_index::SIZE as u64;
    let mut previous: &[u8] = &[];
    for i in 0..n {
        let e = i * layout::string_index::SIZE;
        let (start, len) = (u32_at(s, e + layout::string_index::START), u32_at(s, e + layout::string_index::LENGTH));
        if (start as u64) < index_end || len > MAX_STRING_BYTES || start as u64 + len as u64 > s.len() as u64 {
            return fail(ErrorKind::BadStringTable, format!("string {i}: start {start} length {len} is outside the string bytes [{index_end}, {}) or longer than {MAX_STRING_BYTES}", s.len()));
        }
        let value = &s[start as usize..(start + len) as usize];
        if std::str::from_utf8(value).is_err() {
            return fail(ErrorKind::BadStringTable, format!("string {i} is not valid UTF-8"));
        }
        if i > 0 && value <= previous {
            return fail(ErrorKind::BadStringTable, format!("string {i} is not greater than string {} in byte order", i - 1));
        }
        previous = value;
    }
    Ok(())
}

/// The sections a segment's runs point into: the grid (format 1) or bucket index (format 2), and the knots.
struct Calibration<'a> {
    lookup: &'a [u8],
    knots: &'a [u8],
    version: u16,
}

/// Kind 2 with its kinds (spec section 6): keys sorted, parents acyclic, and per segment its runs inside their
/// sections. In format 2 also what makes a lookup safe and exact without checks: finite knot x, non-decreasing, from
/// x_min to x_max, the stored scale, and every bucket entry equal to the last knot whose bucket is before it.
fn validate_segments(s: &[u8], c: &Calibration, strings: usize) -> Result<(), LutError> {
    use layout::segment as f;
    let grid = c.version == GRID_VERSION;
    let (lookup_size, knot_size) = if grid { (GRID, KNOT) } else { (BUCKET, SLOPED_KNOT) };
    let (lookup_rows, knot_rows) = (c.lookup.len() / lookup_size, c.knots.len() / knot_size);
    let what = if grid { "grid" } else { "bucket index" };
    let rows = s.len() / SEGMENT;
    for i in 0..rows {
        let r = &s[i * SEGMENT..(i + 1) * SEGMENT];
        let at = format!("calibration segment {i}");
        let key = u32_at(r, f::KEY);
        check_ref(key, strings, &format!("{at} key"))?;
        if i > 0 && key <= u32_at(s, (i - 1) * SEGMENT + f::KEY) {
            return fail(ErrorKind::UnsortedKeys, format!("{at}: key {key} is not greater than the previous segment's key"));
        }
        let parent = u32_at(r, f::PARENT);
        if parent != NONE && parent as usize >= rows {
            return fail(ErrorKind::BadRecord, format!("{at}: parent {parent} is not a segment index (< {rows})"));
        }
        let (ls, lc) = (u32_at(r, f::BUCKET_START) as u64, u32_at(r, f::BUCKET_COUNT) as u64);
        let (ks, kc) = (u32_at(r, f::KNOT_START) as u64, u32_at(r, f::KNOT_COUNT) as u64);
        if ls + lc > lookup_rows as u64 {
            return fail(ErrorKind::BadRecord, format!("{at}: {what} [{ls}, +{lc}) is past its section ({lookup_rows} entries)"));
        }
        if ks + kc > knot_rows as u64 {
            return fail(ErrorKind::BadRecord, format!("{at}: knots [{ks}, +{kc}) are past the knot section ({knot_rows} knots)"));
        }
        if grid {
            if lc == 1 {
                return fail(ErrorKind::BadRecord, format!("{at}: grid_count is 1; must be 0 or >= 2"));
            }
            continue;
        }
        let (ls, lc, ks, kc) = (ls as usize, lc as usize, ks as usize, kc as usize);
        let knots = &c.knots[ks * SLOPED_KNOT..(ks + kc) * SLOPED_KNOT];
        let buckets = &c.lookup[ls * BUCKET..(ls + lc) * BUCKET];
        validate_knot_curve(&at, r, knots, buckets)?;
    }
    // 0 unvisited, 1 on the current chain, 2 known to end: linear time.
    let mut state = vec![0u8; rows];
    let parent_of = |p: usize| {
        let v = u32_at(s, p * SEGMENT + f::PARENT);
        if v == NONE { None } else { Some(v as usize) }
    };
    for i in 0..rows {
        let mut p = Some(i);
        while let Some(q) = p {
            if state[q] != 0 {
                break;
            }
            state[q] = 1;
            p = parent_of(q);
        }
        if let Some(q) = p {
            if state[q] == 1 {
                return fail(ErrorKind::ParentCycle, format!("calibration segment {q}: parent chain returns to itself"));
            }
        }
        let mut p = Some(i);
        while let Some(q) = p {
            if state[q] != 1 {
                break;
            }
            state[q] = 2;
            p = parent_of(q);
        }
    }
    Ok(())
}

/// Format 2 rules of one segment's curve (spec section 6).
#[allow(clippy::neg_cmp_op_on_partial_ord)] // `!(x_max > x_min)` also refuses a NaN
fn validate_knot_curve(at: &str, r: &[u8], knots: &[u8], buckets: &[u8]) -> Result<(), LutError> {
    use layout::segment as f;
    use layout::sloped_knot as k;
    let (n, count) = (knots.len() / SLOPED_KNOT, buckets.len() / BUCKET);
    if n == 0 {
        if count != 0 {
            return fail(ErrorKind::BadRecord, format!("{at}: no knots but {count} buckets"));
        }
        return Ok(());
    }
    if n == 1 || count == 0 {
        return fail(ErrorKind::BadRecord, format!("{at}: {n} knots and {count} buckets; a curve needs >= 2 and >= 1"));
    }
    let x = |i: usize| f64_at(knots, i * SLOPED_KNOT + k::X);
    let (x_min, x_max, scale) = (f64_at(r, f::X_MIN), f64_at(r, f::X_MAX), f64_at(r, f::SCALE));
    for i in 0..n {
        let xi = x(i);
        if !xi.is_finite() {
            return fail(ErrorKind::BadRecord, format!("{at}: knot {i} x is {xi}"));
        }
        if i > 0 && xi < x(i - 1) {
            return fail(ErrorKind::BadRecord, format!("{at}: knot {i} x={xi} is below knot {}'s", i - 1));
        }
    }
    if x_min != x(0) || x_max != x(n - 1) || !(x_max > x_min) {
        return fail(ErrorKind::BadRecord, format!("{at}: [x_min, x_max] = [{x_min}, {x_max}] is not the span of its knots, rising"));
    }
    if scale != count as f64 / (x_max - x_min) {
        return fail(ErrorKind::BadRecord, format!("{at}: scale {scale} is not buckets / (x_max - x_min)"));
    }
    let mut below = 0; // knots [0, below) have a bucket before b
    for b in 0..count {
        while below < n && bucket_of(x(below), x_min, scale, count) < b {
            below += 1;
        }
        let (expected, stored) = (below.saturating_sub(1), u32_at(buckets, b * BUCKET));
        if stored as usize != expected {
            return fail(ErrorKind::BadRecord, format!("{at}: bucket {b} points at knot {stored}; the last knot of an earlier bucket is {expected}"));
        }
    }
    Ok(())
}

fn validate_arms(s: &[u8], strings: usize) -> Result<(), LutError> {
    use layout::arm as f;
    let mut previous: Option<(u32, u32, u32)> = None;
    for i in 0..s.len() / ARM {
        let at = i * ARM;
        let key = (u32_at(s, at + f::ROUTE), u32_at(s, at + f::ARM_INDEX), u32_at(s, at + f::LEADER_GROUP));
        check_ref(key.0, strings, &format!("bandit arm {i} route"))?;
        if key.2 != NONE {
            check_ref(key.2, strings, &format!("bandit arm {i} leader_group"))?;
        }
        if previous.is_some_and(|p| key <= p) {
            return fail(ErrorKind::UnsortedKeys, format!("bandit arm {i}: {key:?} is not greater than the previous row"));
        }
        previous = Some(key);
    }
    Ok(())
}

fn validate_pairs(s: &[u8], stride: usize, strings: usize, what: &str) -> Result<(), LutError> {
    let mut previous: Option<(u32, u32)> = None;
    for i in 0..s.len() / stride {
        let key = (u32_at(s, i * stride), u32_at(s, i * stride + 4));
        check_ref(key.0, strings, &format!("{what} {i} route"))?;
        check_ref(key.1, strings, &format!("{what} {i} endpoint"))?;
        if previous.is_some_and(|p| key <= p) {
            return fail(ErrorKind::UnsortedKeys, format!("{what} {i}: {key:?} is not greater than the previous row"));
        }
        previous = Some(key);
    }
    Ok(())
}

fn validate_single_keys(s: &[u8], stride: usize, strings: usize, what: &str) -> Result<(), LutError> {
    for i in 0..s.len() / stride {
        let key = u32_at(s, i * stride);
        check_ref(key, strings, &format!("{what} {i} key"))?;
        if i > 0 && key <= u32_at(s, (i - 1) * stride) {
            return fail(ErrorKind::UnsortedKeys, format!("{what} {i}: key {key} is not greater than the previous row"));
        }
    }
    Ok(())
}

/// Spec section 11: a power-of-two table holding every string id exactly once, each reachable by probing from its
/// home slot, with the curve column equal to the key's own resolution. Returns the slot shift.
fn validate_key_index(index: &[u8], strings: &[u8], count: usize, segments: &[u8], version: u16) -> Result<u32, LutError> {
    use layout::key_slot as f;
    let slots = index.len() / SLOT;
    if slots < 2 || !slots.is_power_of_two() || slots <= count {
        return fail(ErrorKind::BadRecord, format!("key index: {slots} slots; must be a power of two >= 2 and > the string count {count}"));
    }
    let mut seen = vec![false; count];
    let mut filled = 0;
    for slot in 0..slots {
        let (id, curve) = (u32_at(index, slot * SLOT + f::STRING_ID), u32_at(index, slot * SLOT + f::CURVE));
        if id == NONE {
            if curve != NONE {
                return fail(ErrorKind::BadRecord, format!("key index slot {slot}: empty slot with curve {curve}"));
            }
            continue;
        }
        check_ref(id, count, &format!("key index slot {slot} string_id"))?;
        if std::mem::replace(&mut seen[id as usize], true) {
            return fail(ErrorKind::BadRecord, format!("key index slot {slot}: string {id} appears twice"));
        }
        filled += 1;
        let expected = resolve(segments, find_by_key(segments, SEGMENT, id), version).map_or(NONE, |s| s as u32);
        if curve != expected {
            return fail(ErrorKind::BadRecord, format!("key index slot {slot}: curve {curve} for string {id}; its own resolution is {expected}"));
        }
    }
    if filled != count {
        return fail(ErrorKind::BadRecord, format!("key index holds {filled} strings; the string table has {count}"));
    }
    let shift = 64 - slots.trailing_zeros();
    for id in 0..count {
        let found = probe(index, shift, strings, string_bytes(strings, id));
        if found.map(|slot| u32_at(index, slot * SLOT + f::STRING_ID)) != Some(id as u32) {
            return fail(ErrorKind::BadRecord, format!("key index: string {id} is not reachable from its home slot"));
        }
    }
    Ok(shift)
}

fn find_by_key(rows: &[u8], stride: usize, key: u32) -> Option<usize> {
    let (mut lo, mut hi) = (0usize, rows.len() / stride);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let k = u32_at(rows, mid * stride);
        match k.cmp(&key) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

fn find_by_key2(rows: &[u8], stride: usize, key: (u32, u32)) -> Option<usize> {
    let (mut lo, mut hi) = (0usize, rows.len() / stride);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let k = (u32_at(rows, mid * stride), u32_at(rows, mid * stride + 4));
        match k.cmp(&key) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

fn find_by_key3(rows: &[u8], stride: usize, key: (u32, u32, u32)) -> Option<usize> {
    let (mut lo, mut hi) = (0usize, rows.len() / stride);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let at = mid * stride;
        let k = (u32_at(rows, at), u32_at(rows, at + 4), u32_at(rows, at + 8));
        match k.cmp(&key) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}
