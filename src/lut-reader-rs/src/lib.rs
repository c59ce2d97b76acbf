//! Reference reader for MevAnalytics LUT files, format version 1 (`docs/lut-format.md`).
//!
//! Std only, zero-copy: [`Lut::open`] validates a byte slice once (read the file into a `Vec<u8>` or map it
//! yourself) and every lookup afterwards reads fields in place, without allocating and without panicking:
//! every index a lookup follows was checked at open.
//!
//! ```no_run
//! let bytes = std::fs::read("calibration.lut").unwrap();
//! let lut = mev_lut::Lut::open(&bytes).unwrap();
//! let p = lut.calibrate("jito/ny", 0.42); // None only if neither the segment, its parents nor "*" has a curve
//! ```

mod xxh64;

pub use xxh64::xxh64;

use std::fmt;

const MAGIC: &[u8; 8] = b"MEVLUT\0\0";
const VERSION: u16 = 1;
const HEADER_SIZE: usize = 128;
const DIR_ENTRY: usize = 32;
const ALIGN: u64 = 64;
const MAX_SECTIONS: u32 = 1024;
const MAX_STRING: u32 = 1024;
const NONE: u32 = 0xFFFF_FFFF;

/// Section kinds of format 1.
pub mod kind {
    pub const STRINGS: u32 = 1;
    pub const CALIBRATION_SEGMENTS: u32 = 2;
    pub const CALIBRATION_GRID: u32 = 3;
    pub const CALIBRATION_KNOTS: u32 = 4;
    pub const BANDIT_ARMS: u32 = 5;
    pub const LATENCY_QUANTILES: u32 = 6;
    pub const PHASE_OFFSETS: u32 = 7;
}

const SEGMENT: usize = 64;
const GRID: usize = 4;
const KNOT: usize = 16;
const ARM: usize = 80;
const LATENCY: usize = 64;
const PHASE: usize = 64;

fn element_size(k: u32) -> Option<usize> {
    match k {
        kind::STRINGS => Some(8),
        kind::CALIBRATION_SEGMENTS => Some(SEGMENT),
        kind::CALIBRATION_GRID => Some(GRID),
        kind::CALIBRATION_KNOTS => Some(KNOT),
        kind::BANDIT_ARMS => Some(ARM),
        kind::LATENCY_QUANTILES => Some(LATENCY),
        kind::PHASE_OFFSETS => Some(PHASE),
        _ => None,
    }
}

/// Why a file was rejected (mirrors the C# `LutFormatError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Truncated,
    BadMagic,
    UnsupportedVersion,
    BadHeader,
    LengthMismatch,
    ChecksumMismatch,
    BadSectionPlacement,
    SectionOutOfRange,
    DuplicateSection,
    MissingSection,
    BadElementSize,
    BadStringTable,
    BadStringRef,
    UnsortedKeys,
    BadRecord,
    ParentCycle,
}

/// A rejected file: the rule that failed and a message naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LutError {
    pub kind: ErrorKind,
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
fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
fn i64_at(b: &[u8], at: usize) -> i64 {
    i64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
fn f64_at(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// One section directory entry as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionInfo {
    pub kind: u32,
    pub element_size: u32,
    pub offset: u64,
    pub length: u64,
    pub row_count: u32,
}

/// Decoded header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    pub format_version: u16,
    pub table_kind: u16,
    pub flags: u32,
    pub section_count: u32,
    pub created_at_unix_ms: i64,
    pub window_from_unix_ms: i64,
    pub window_to_unix_ms: i64,
    pub rows_used: u64,
    pub producer_job: &'a str,
    pub git_revision: &'a str,
}

/// A validated LUT over a borrowed byte slice.
#[derive(Clone, Copy)]
pub struct Lut<'a> {
    file: &'a [u8],
    strings: &'a [u8],
    string_count: usize,
    segments: &'a [u8],
    grid: &'a [u8],
    knots: &'a [u8],
    arms: &'a [u8],
    latency: &'a [u8],
    phases: &'a [u8],
    star_segment: Option<usize>,
    star_string: Option<u32>,
}

impl fmt::Debug for Lut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lut").field("bytes", &self.file.len()).field("strings", &self.string_count).finish()
    }
}

impl<'a> Lut<'a> {
    /// Validates `file` (spec section 10, in order) and returns the reader.
    pub fn open(file: &'a [u8]) -> Result<Lut<'a>, LutError> {
        use ErrorKind::*;
        let n = file.len();
        if n < HEADER_SIZE {
            return fail(Truncated, format!("file is {n} bytes; the header alone is {HEADER_SIZE}"));
        }
        if &file[..8] != MAGIC {
            return fail(BadMagic, format!("magic is {:02X?}", &file[..8]));
        }
        let version = u16_at(file, 16);
        if version != VERSION {
            return fail(UnsupportedVersion, format!("format_version is {version}; this reader knows {VERSION}"));
        }
        let header_size = u16_at(file, 18);
        if header_size as usize != HEADER_SIZE {
            return fail(BadHeader, format!("header_size is {header_size}, expected {HEADER_SIZE}"));
        }
        let file_length = u64_at(file, 32);
        if file_length != n as u64 {
            return fail(LengthMismatch, format!("file_length is {file_length} but the file is {n} bytes"));
        }
        let stored = u64_at(file, 8);
        let computed = xxh64(&file[16..], 0);
        if stored != computed {
            return fail(ChecksumMismatch, format!("checksum is {stored:016X}, computed {computed:016X}"));
        }
        let directory_offset = u32_at(file, 80);
        if directory_offset as usize != HEADER_SIZE {
            return fail(BadHeader, format!("directory_offset is {directory_offset}, expected {HEADER_SIZE}"));
        }
        let section_count = u32_at(file, 28);
        if section_count == 0 || section_count > MAX_SECTIONS {
            return fail(BadHeader, format!("section_count is {section_count}; allowed 1..{MAX_SECTIONS}"));
        }
        let (from, to) = (i64_at(file, 48), i64_at(file, 56));
        if to < from {
            return fail(BadHeader, format!("window_to_unix_ms {to} is before window_from_unix_ms {from}"));
        }
        let directory_end = HEADER_SIZE as u64 + DIR_ENTRY as u64 * section_count as u64;
        if directory_end > n as u64 {
            return fail(Truncated, format!("directory of {section_count} entries ends at {directory_end}, past the file end {n}"));
        }

        // (offset, length, rows) per known kind
        let mut known: [Option<(usize, usize, usize)>; 8] = [None; 8];
        let mut previous_end = directory_end;
        for i in 0..section_count as usize {
            let e = HEADER_SIZE + i * DIR_ENTRY;
            let (k, elem, offset, length, rows) =
                (u32_at(file, e), u32_at(file, e + 4), u64_at(file, e + 8), u64_at(file, e + 16), u32_at(file, e + 24));
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
            let Some(expected) = element_size(k) else { continue };
            if known[k as usize].is_some() {
                return fail(DuplicateSection, format!("{at}: kind {k} appears twice"));
            }
            if elem as usize != expected {
                return fail(BadElementSize, format!("{at}: element_size is {elem}, kind {k} needs {expected}"));
            }
            let minimum = rows as u64 * elem as u64;
            let ok = if k == kind::STRINGS { length >= minimum } else { length == minimum };
            if !ok {
                return fail(BadElementSize, format!("{at}: length {length} does not fit row_count {rows} x element_size {elem}"));
            }
            known[k as usize] = Some((offset as usize, length as usize, rows as usize));
        }
        if previous_end != n as u64 {
            return fail(BadSectionPlacement, format!("last section ends at {previous_end} but the file is {n} bytes"));
        }
        let Some(strings_at) = known[1] else {
            return fail(MissingSection, "no strings section (kind 1)".into());
        };
        let calibration_parts = (2..=4).filter(|&k| known[k].is_some()).count();
        if calibration_parts == 1 || calibration_parts == 2 {
            return fail(MissingSection, "calibration sections (kinds 2, 3, 4) must be present together".into());
        }
        let slice = |k: usize| known[k].map_or(&file[0..0], |(o, l, _)| &file[o..o + l]);
        let rows = |k: usize| known[k].map_or(0, |(_, _, r)| r);

        let strings = slice(1);
        let string_count = strings_at.2;
        validate_strings(strings, string_count)?;
        check_ref(u32_at(file, 72), string_count, "header producer_job")?;
        check_ref(u32_at(file, 76), string_count, "header git_revision")?;

        let segments = slice(2);
        validate_segments(segments, rows(3), rows(4), string_count)?;
        let arms = slice(5);
        validate_arms(arms, string_count)?;
        let latency = slice(6);
        validate_pairs(latency, LATENCY, string_count, "latency row")?;
        let phases = slice(7);
        validate_single_keys(phases, PHASE, string_count, "phase row")?;

        let mut lut = Lut {
            file,
            strings,
            string_count,
            segments,
            grid: slice(3),
            knots: slice(4),
            arms,
            latency,
            phases,
            star_segment: None,
            star_string: None,
        };
        lut.star_string = lut.find_string(b"*");
        lut.star_segment = lut.star_string.and_then(|id| lut.resolve(find_by_key(segments, SEGMENT, id)));
        Ok(lut)
    }

    /// The header.
    pub fn header(&self) -> Header<'a> {
        let f = self.file;
        Header {
            format_version: u16_at(f, 16),
            table_kind: u16_at(f, 20),
            flags: u32_at(f, 24),
            section_count: u32_at(f, 28),
            created_at_unix_ms: i64_at(f, 40),
            window_from_unix_ms: i64_at(f, 48),
            window_to_unix_ms: i64_at(f, 56),
            rows_used: u64_at(f, 64),
            producer_job: self.string(u32_at(f, 72) as usize),
            git_revision: self.string(u32_at(f, 76) as usize),
        }
    }

    /// Directory entries, including kinds this reader skips.
    pub fn sections(&self) -> impl Iterator<Item = SectionInfo> + 'a {
        let f = self.file;
        (0..u32_at(f, 28) as usize).map(move |i| {
            let e = HEADER_SIZE + i * DIR_ENTRY;
            SectionInfo {
                kind: u32_at(f, e),
                element_size: u32_at(f, e + 4),
                offset: u64_at(f, e + 8),
                length: u64_at(f, e + 16),
                row_count: u32_at(f, e + 24),
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

    fn find_string(&self, key: &[u8]) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.string_count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match string_bytes(self.strings, mid).cmp(key) {
                std::cmp::Ordering::Equal => return Some(mid as u32),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    fn resolve(&self, mut segment: Option<usize>) -> Option<usize> {
        while let Some(s) = segment {
            let at = s * SEGMENT;
            if u32_at(self.segments, at + 44) >= 2 {
                return Some(s);
            }
            let parent = u32_at(self.segments, at + 4);
            segment = if parent == NONE { None } else { Some(parent as usize) };
        }
        None
    }

    // ---- calibration ----

    /// Number of calibration segments.
    pub fn segment_count(&self) -> usize {
        self.segments.len() / SEGMENT
    }

    /// Segment `i` as stored (possibly fallback-only).
    pub fn segment_at(&self, i: usize) -> Curve<'a> {
        let r = &self.segments[i * SEGMENT..(i + 1) * SEGMENT];
        let (gs, gc) = (u32_at(r, 40) as usize, u32_at(r, 44) as usize);
        let (ks, kc) = (u32_at(r, 48) as usize, u32_at(r, 52) as usize);
        Curve {
            index: i,
            key: self.string(u32_at(r, 0) as usize),
            record: r,
            grid: &self.grid[gs * GRID..(gs + gc) * GRID],
            knots: &self.knots[ks * KNOT..(ks + kc) * KNOT],
        }
    }

    /// The curve used for `segment`: itself, else its parent chain, else the "*" chain (spec section 6).
    pub fn curve(&self, segment: &str) -> Option<Curve<'a>> {
        let own = self
            .find_string(segment.as_bytes())
            .and_then(|id| self.resolve(find_by_key(self.segments, SEGMENT, id)));
        own.or(self.star_segment).map(|s| self.segment_at(s))
    }

    /// Calibrated probability of `score` for `segment`, with fallback.
    pub fn calibrate(&self, segment: &str, score: f64) -> Option<f64> {
        self.curve(segment).map(|c| c.calibrate(score))
    }

    // ---- bandit arms ----

    /// Number of arm rows.
    pub fn arm_count(&self) -> usize {
        self.arms.len() / ARM
    }

    /// Arm row `i`.
    pub fn arm_at(&self, i: usize) -> Arm<'a> {
        let r = &self.arms[i * ARM..(i + 1) * ARM];
        let group = u32_at(r, 8);
        Arm {
            route: self.string(u32_at(r, 0) as usize),
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
        specific
            .or_else(|| find_by_key3(self.arms, ARM, (route_id, arm, NONE)))
            .map(|i| self.arm_at(i))
    }

    // ---- latency ----

    /// Number of latency rows.
    pub fn latency_count(&self) -> usize {
        self.latency.len() / LATENCY
    }

    /// Latency row `i`.
    pub fn latency_at(&self, i: usize) -> Latency<'a> {
        let r = &self.latency[i * LATENCY..(i + 1) * LATENCY];
        Latency { route: self.string(u32_at(r, 0) as usize), endpoint: self.string(u32_at(r, 4) as usize), record: r }
    }

    /// Exact (route, endpoint) row.
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

    /// Phase row `i`.
    pub fn phase_at(&self, i: usize) -> Phase<'a> {
        let r = &self.phases[i * PHASE..(i + 1) * PHASE];
        Phase { leader: self.string(u32_at(r, 0) as usize), record: r }
    }

    /// The leader's row, else the "*" row.
    pub fn phase(&self, leader: &str) -> Option<Phase<'a>> {
        self.find_string(leader.as_bytes())
            .and_then(|id| find_by_key(self.phases, PHASE, id))
            .or_else(|| self.star_string.and_then(|id| find_by_key(self.phases, PHASE, id)))
            .map(|i| self.phase_at(i))
    }
}

/// A calibration segment: record, grid and knots in place.
#[derive(Clone, Copy)]
pub struct Curve<'a> {
    pub index: usize,
    pub key: &'a str,
    record: &'a [u8],
    grid: &'a [u8],
    knots: &'a [u8],
}

impl<'a> Curve<'a> {
    pub fn parent(&self) -> Option<usize> {
        let p = u32_at(self.record, 4);
        if p == NONE { None } else { Some(p as usize) }
    }
    pub fn sample_count(&self) -> u64 {
        u64_at(self.record, 8)
    }
    pub fn x_min(&self) -> f64 {
        f64_at(self.record, 16)
    }
    pub fn x_max(&self) -> f64 {
        f64_at(self.record, 24)
    }
    pub fn scale(&self) -> f64 {
        f64_at(self.record, 32)
    }
    pub fn grid_count(&self) -> usize {
        self.grid.len() / GRID
    }
    pub fn grid_value(&self, i: usize) -> f32 {
        f32_at(self.grid, i * GRID)
    }
    pub fn knot_count(&self) -> usize {
        self.knots.len() / KNOT
    }
    /// Knot `i` as (x, y).
    pub fn knot(&self, i: usize) -> (f64, f64) {
        (f64_at(self.knots, i * KNOT), f64_at(self.knots, i * KNOT + 8))
    }

    /// Spec section 6 curve lookup: O(1) grid interpolation with clipping; NaN scores give the first value.
    /// Returns NaN only for a fallback-only segment (which [`Lut::curve`] never returns).
    pub fn calibrate(&self, score: f64) -> f64 {
        let g = self.grid_count();
        if g < 2 {
            return f64::NAN;
        }
        let last = g - 1;
        let t = (score - self.x_min()) * self.scale();
        if !(t > 0.0) {
            return self.grid_value(0) as f64;
        }
        if t >= last as f64 {
            return self.grid_value(last) as f64;
        }
        let i = t as usize; // t in (0, last): truncation is floor
        let f = t - i as f64;
        let (g0, g1) = (self.grid_value(i) as f64, self.grid_value(i + 1) as f64);
        g0 + (g1 - g0) * f
    }
}

/// A bandit arm row in place.
#[derive(Clone, Copy)]
pub struct Arm<'a> {
    pub route: &'a str,
    pub leader_group: Option<&'a str>,
    record: &'a [u8],
}

impl<'a> Arm<'a> {
    pub fn arm_index(&self) -> u32 {
        u32_at(self.record, 4)
    }
    pub fn alpha(&self) -> f64 {
        f64_at(self.record, 16)
    }
    pub fn beta(&self) -> f64 {
        f64_at(self.record, 24)
    }
    pub fn decayed_pulls(&self) -> f64 {
        f64_at(self.record, 32)
    }
    pub fn decayed_lands(&self) -> f64 {
        f64_at(self.record, 40)
    }
    pub fn payoff_mean(&self) -> f64 {
        f64_at(self.record, 48)
    }
    pub fn payoff_variance(&self) -> f64 {
        f64_at(self.record, 56)
    }
    pub fn tip_lamports(&self) -> u64 {
        u64_at(self.record, 64)
    }
    pub fn last_updated_unix_ms(&self) -> i64 {
        i64_at(self.record, 72)
    }
}

/// A latency row in place.
#[derive(Clone, Copy)]
pub struct Latency<'a> {
    pub route: &'a str,
    pub endpoint: &'a str,
    record: &'a [u8],
}

impl<'a> Latency<'a> {
    pub fn count(&self) -> u64 {
        u64_at(self.record, 8)
    }
    pub fn error_rate(&self) -> f64 {
        f64_at(self.record, 16)
    }
    pub fn p50_ms(&self) -> f64 {
        f64_at(self.record, 24)
    }
    pub fn p90_ms(&self) -> f64 {
        f64_at(self.record, 32)
    }
    pub fn p99_ms(&self) -> f64 {
        f64_at(self.record, 40)
    }
    pub fn p999_ms(&self) -> f64 {
        f64_at(self.record, 48)
    }
}

/// A phase row in place.
#[derive(Clone, Copy)]
pub struct Phase<'a> {
    pub leader: &'a str,
    record: &'a [u8],
}

impl<'a> Phase<'a> {
    pub fn sample_count(&self) -> u64 {
        u64_at(self.record, 8)
    }
    pub fn optimal_offset_ms(&self) -> f64 {
        f64_at(self.record, 16)
    }
    pub fn spread_ms(&self) -> f64 {
        f64_at(self.record, 24)
    }
    pub fn kalman_initial_state(&self) -> f64 {
        f64_at(self.record, 32)
    }
    pub fn kalman_initial_variance(&self) -> f64 {
        f64_at(self.record, 40)
    }
    pub fn process_noise(&self) -> f64 {
        f64_at(self.record, 48)
    }
    pub fn measurement_noise(&self) -> f64 {
        f64_at(self.record, 56)
    }
}

// ---- validation helpers ----

fn string_bytes(strings: &[u8], id: usize) -> &[u8] {
    let (start, len) = (u32_at(strings, id * 8) as usize, u32_at(strings, id * 8 + 4) as usize);
    &strings[start..start + len]
}

fn check_ref(id: u32, count: usize, field: &str) -> Result<(), LutError> {
    if id as usize >= count {
        return fail(ErrorKind::BadStringRef, format!("{field} string ref {id} is outside the string table ({count} strings)"));
    }
    Ok(())
}

fn validate_strings(s: &[u8], n: usize) -> Result<(), LutError> {
    let index_end = n as u64 * 8;
    let mut previous: &[u8] = &[];
    for i in 0..n {
        let (start, len) = (u32_at(s, i * 8), u32_at(s, i * 8 + 4));
        if (start as u64) < index_end || len > MAX_STRING || start as u64 + len as u64 > s.len() as u64 {
            return fail(ErrorKind::BadStringTable, format!("string {i}: start {start} length {len} is outside the string bytes [{index_end}, {}) or longer than {MAX_STRING}", s.len()));
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

fn validate_segments(s: &[u8], grid_rows: usize, knot_rows: usize, strings: usize) -> Result<(), LutError> {
    let rows = s.len() / SEGMENT;
    for i in 0..rows {
        let r = &s[i * SEGMENT..(i + 1) * SEGMENT];
        let at = format!("calibration segment {i}");
        let key = u32_at(r, 0);
        check_ref(key, strings, &format!("{at} key"))?;
        if i > 0 && key <= u32_at(s, (i - 1) * SEGMENT) {
            return fail(ErrorKind::UnsortedKeys, format!("{at}: key {key} is not greater than the previous segment's key"));
        }
        let parent = u32_at(r, 4);
        if parent != NONE && parent as usize >= rows {
            return fail(ErrorKind::BadRecord, format!("{at}: parent {parent} is not a segment index (< {rows})"));
        }
        let (gs, gc, ks, kc) = (u32_at(r, 40) as u64, u32_at(r, 44) as u64, u32_at(r, 48) as u64, u32_at(r, 52) as u64);
        if gc == 1 {
            return fail(ErrorKind::BadRecord, format!("{at}: grid_count is 1; must be 0 or >= 2"));
        }
        if gs + gc > grid_rows as u64 {
            return fail(ErrorKind::BadRecord, format!("{at}: grid [{gs}, +{gc}) is past the grid section ({grid_rows} values)"));
        }
        if ks + kc > knot_rows as u64 {
            return fail(ErrorKind::BadRecord, format!("{at}: knots [{ks}, +{kc}) are past the knot section ({knot_rows} knots)"));
        }
    }
    // 0 unvisited, 1 on the current chain, 2 known to end: linear time.
    let mut state = vec![0u8; rows];
    let parent_of = |p: usize| {
        let v = u32_at(s, p * SEGMENT + 4);
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

fn validate_arms(s: &[u8], strings: usize) -> Result<(), LutError> {
    let mut previous: Option<(u32, u32, u32)> = None;
    for i in 0..s.len() / ARM {
        let at = i * ARM;
        let key = (u32_at(s, at), u32_at(s, at + 4), u32_at(s, at + 8));
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
        check_ref(key, strings, &format!("{what} {i} leader"))?;
        if i > 0 && key <= u32_at(s, (i - 1) * stride) {
            return fail(ErrorKind::UnsortedKeys, format!("{what} {i}: key {key} is not greater than the previous row"));
        }
    }
    Ok(())
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
