//! Hot reload under load: versions are published (temp file + rename, then `current` replaced, old versions
//! pruned) while reader threads look up continuously. No reader may ever see a torn, invalid or older table.

use mev_lut::{xxh64, LiveTable, LutFile, Table};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn golden(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/lut").join(name)).unwrap()
}

/// The golden calibration table stamped as version `v` (created_at = v, checksum fixed).
fn version(base: &[u8], v: i64) -> Vec<u8> {
    let mut b = base.to_vec();
    b[40..48].copy_from_slice(&v.to_le_bytes());
    let h = xxh64(&b[16..], 0);
    b[8..16].copy_from_slice(&h.to_le_bytes());
    b
}

/// As the C# publisher does it: the file under a temporary name, renamed into place, then `current` likewise.
fn publish(dir: &Path, v: i64, bytes: &[u8]) {
    let name = format!("calibration-{v:06}.lut");
    std::fs::write(dir.join(format!(".{name}.tmp")), bytes).unwrap();
    std::fs::rename(dir.join(format!(".{name}.tmp")), dir.join(&name)).unwrap();
    std::fs::write(dir.join(".current.tmp"), format!("{name}\n")).unwrap();
    std::fs::rename(dir.join(".current.tmp"), dir.join("current")).unwrap();
}

fn temp_table(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mev_lut_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn readers_never_see_a_torn_or_invalid_table_while_versions_are_published() {
    let dir = temp_table("reload");
    let base = golden("calibration.lut");
    let expected = LutFile::from_bytes(&base).unwrap().lut().calibrate("jito/ny", 0.3).unwrap();
    publish(&dir, 1, &version(&base, 1));
    let live = LiveTable::open(Table::at(&dir)).unwrap();
    assert!(live.snapshot().is_mapped(), "on Linux the table is memory-mapped");

    const VERSIONS: i64 = 300;
    const BROKEN: i64 = 150;
    let done = Arc::new(AtomicBool::new(false));
    let lookups = Arc::new(AtomicU64::new(0));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (live, done, lookups) = (live.clone(), done.clone(), lookups.clone());
            std::thread::spawn(move || {
                let mut reader = live.reader();
                let (mut last, mut seen, mut n) = (0i64, 0u32, 0u64);
                loop {
                    let finished = done.load(Ordering::Acquire);
                    let lut = reader.get().lut();
                    let v = lut.header().created_at_unix_ms;
                    assert!(v >= last, "went back from version {last} to {v}");
                    if v != last {
                        // Every byte as published: the checksum over the whole mapped file still matches.
                        assert_eq!(xxh64(&lut.bytes()[16..], 0), lut.checksum(), "torn table at version {v}");
                        assert_ne!(v, BROKEN, "the broken version was swapped in");
                        seen += 1;
                        last = v;
                    }
                    assert_eq!(lut.calibrate("jito/ny", 0.3), Some(expected));
                    assert!(lut.curve("ev:nosuch/9").is_some_and(|c| c.key() == "ev:*"));
                    n += 1;
                    if finished {
                        break;
                    }
                }
                lookups.fetch_add(n, Ordering::Relaxed);
                (last, seen)
            })
        })
        .collect();

    let errors = Arc::new(AtomicU64::new(0));
    let poller = {
        let errors = errors.clone();
        live.spawn_poller(Duration::from_micros(200), move |_| {
            errors.fetch_add(1, Ordering::Relaxed);
        })
    };
    for v in 2..=VERSIONS {
        let mut bytes = version(&base, v);
        if v == BROKEN {
            let last = bytes.len() - 1;
            bytes[last] ^= 0xFF; // checksum no longer matches: must never go live
        }
        publish(&dir, v, &bytes);
        if v == BROKEN {
            // Give the poller time to try (and refuse) the broken version before the next good one.
            std::thread::sleep(Duration::from_millis(20));
        }
        if v > 3 {
            let _ = std::fs::remove_file(dir.join(format!("calibration-{:06}.lut", v - 3))); // pruning
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    drop(poller);
    live.reload().unwrap();
    done.store(true, Ordering::Release);
    let results: Vec<(i64, u32)> = readers.into_iter().map(|t| t.join().unwrap()).collect();

    assert_eq!(live.snapshot().lut().header().created_at_unix_ms, VERSIONS);
    for (last, seen) in &results {
        assert_eq!(*last, VERSIONS, "every reader ends on the last version");
        assert!(*seen >= 2, "a reader saw only {seen} versions");
    }
    assert!(errors.load(Ordering::Relaxed) >= 1, "the broken version was never rejected");
    assert!(live.generation() >= 10, "only {} swaps", live.generation());
    eprintln!(
        "{} swaps, {} lookups, {} reload errors, versions seen per reader {:?}",
        live.generation(),
        lookups.load(Ordering::Relaxed),
        errors.load(Ordering::Relaxed),
        results.iter().map(|r| r.1).collect::<Vec<_>>()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_held_version_stays_readable_after_it_is_replaced_and_deleted() {
    let dir = temp_table("held");
    let base = golden("calibration.lut");
    publish(&dir, 1, &version(&base, 1));
    let live = LiveTable::open(Table::at(&dir)).unwrap();
    let old = live.snapshot();
    publish(&dir, 2, &version(&base, 2));
    assert!(live.reload().unwrap());
    assert!(!live.reload().unwrap(), "current unchanged: nothing to do");
    std::fs::remove_file(dir.join("calibration-000001.lut")).unwrap();
    assert_eq!(old.lut().header().created_at_unix_ms, 1);
    assert_eq!(xxh64(&old.lut().bytes()[16..], 0), old.lut().checksum());
    assert_eq!(live.snapshot().lut().header().created_at_unix_ms, 2);

    std::fs::write(dir.join("current"), "../escape.lut\n").unwrap();
    assert!(live.reload().is_err());
    std::fs::write(dir.join("current"), "calibration-000009.lut\n").unwrap();
    assert!(live.reload().is_err(), "a missing version is an error, not a swap");
    assert_eq!(live.snapshot().lut().header().created_at_unix_ms, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
