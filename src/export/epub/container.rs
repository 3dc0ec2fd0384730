//! The OCF container: `mimetype` first and stored, `META-INF/container.xml`, then the package
//! files deflated, in a fixed order with one fixed timestamp and fixed permissions.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Where the package document sits inside the container.
pub const PACKAGE_DIR: &str = "EPUB";

/// `META-INF/container.xml` pointing at `EPUB/package.opf`.
pub fn container_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         <rootfiles>\n\
         <rootfile full-path=\"{PACKAGE_DIR}/package.opf\" media-type=\"application/oebps-package+xml\"/>\n\
         </rootfiles>\n\
         </container>\n"
    )
}

/// The zip timestamp for `YYYY-MM-DDThh:mm:ssZ`, clamped to what DOS time can hold (1980-2107).
pub fn zip_time(modified: &str) -> DateTime {
    let n = |r: std::ops::Range<usize>| modified.get(r).and_then(|s| s.parse::<u16>().ok());
    let parts = (n(0..4), n(5..7), n(8..10), n(11..13), n(14..16), n(17..19));
    if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = parts {
        if y < 1980 {
            return DateTime::default();
        }
        let y = y.min(2107);
        if let Ok(t) =
            DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8)
        {
            return t;
        }
    }
    DateTime::default()
}

/// zlib's default level, for every file: level 9 took 40% more time than 6 for EPUBs 1% smaller
/// (measured on a book-size parallel EPUB's files, issue 13), and half the CPU time of a 20 MB
/// paragraph's build (issue 12).
const DEFLATE_LEVEL: i64 = 6;

/// The bytes of a file in the container.
pub enum Bytes {
    Owned(Vec<u8>),
    /// A file built into stele (a font): deflated once per process, then copied deflated into
    /// every container. Deflating the fonts was half the CPU time of the article's HTML and EPUB
    /// editions, five times over for the five books (issue 13).
    Static(&'static [u8]),
}

/// Zips `files` (paths inside the container, in the order given) after the stored `mimetype`.
pub fn write(files: &[(String, Bytes)], time: DateTime) -> Result<Vec<u8>, String> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let err = |e: &dyn std::fmt::Display| format!("cannot write the epub container: {e}");
    zip.start_file("mimetype", stored).map_err(|e| err(&e))?;
    zip.write_all(b"application/epub+zip")
        .map_err(|e| err(&e))?;
    for (path, bytes) in files {
        match bytes {
            Bytes::Owned(bytes) => {
                zip.start_file(path.as_str(), deflated(base))
                    .map_err(|e| err(&e))?;
                zip.write_all(bytes).map_err(|e| err(&e))?;
            }
            Bytes::Static(bytes) => {
                let one = deflated_once(path, bytes)?;
                let mut archive =
                    zip::ZipArchive::new(Cursor::new(one.as_slice())).map_err(|e| err(&e))?;
                let file = archive.by_index_raw(0).map_err(|e| err(&e))?;
                zip.raw_copy_file_touch(file, time, Some(0o644))
                    .map_err(|e| err(&e))?;
            }
        }
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

fn deflated(base: SimpleFileOptions) -> SimpleFileOptions {
    base.compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
}

/// A one-file zip holding `bytes` deflated as `path`, made once per process for each built-in
/// file and path (the books being zipped at the same time wait for the one making it).
fn deflated_once(path: &str, bytes: &'static [u8]) -> Result<std::sync::Arc<Vec<u8>>, String> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Cell = Arc<OnceLock<Result<Arc<Vec<u8>>, String>>>;
    /// The path, then where the built-in bytes are and how long.
    type Key = (String, usize, usize);
    static CACHE: OnceLock<Mutex<HashMap<Key, Cell>>> = OnceLock::new();
    let key = (path.to_string(), bytes.as_ptr() as usize, bytes.len());
    let cell: Cell = {
        let mut map = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.entry(key).or_default().clone()
    };
    cell.get_or_init(|| {
        let err = |e: &dyn std::fmt::Display| format!("cannot write the epub container: {e}");
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(path, deflated(SimpleFileOptions::default()))
            .map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))?;
        Ok(Arc::new(zip.finish().map_err(|e| err(&e))?.into_inner()))
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_reads_back_byte_for_byte_issue_12() {
        let big = "lorem ipsum dolor ".repeat((8 << 20) / 18 + 1).into_bytes();
        let bytes = write(
            &[("big.txt".into(), Bytes::Owned(big.clone()))],
            DateTime::default(),
        )
        .unwrap();
        assert!(
            bytes.len() < big.len() / 100,
            "deflated: {} bytes",
            bytes.len()
        );
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name("big.txt").unwrap(), &mut back).unwrap();
        assert_eq!(back, big);
    }

    #[test]
    fn mimetype_is_first_and_stored_without_extra_fields() {
        let bytes = write(
            &[("a.txt".into(), Bytes::Owned(b"hello".to_vec()))],
            zip_time("2025-10-18T00:00:00Z"),
        )
        .unwrap();
        // local file header: signature, then at 8 the method (0 = stored), at 26/28 name/extra lengths
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0);
        assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8);
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0);
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
    }

    #[test]
    fn timestamps_are_fixed_and_clamped() {
        let t = zip_time("2025-10-18T12:34:56Z");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2025, 10, 18, 12, 34)
        );
        assert_eq!(zip_time("1970-01-01T00:00:00Z"), DateTime::default());
        assert_eq!(zip_time("garbage"), DateTime::default());
        let a = write(&[("x".into(), Bytes::Owned(vec![1, 2, 3]))], t).unwrap();
        let b = write(&[("x".into(), Bytes::Owned(vec![1, 2, 3]))], t).unwrap();
        assert_eq!(a, b);
    }

    // Issue 13: a built-in file is deflated once and copied; the container must be the one
    // deflating it in place would have made, with this container's timestamp.
    #[test]
    fn a_built_in_file_is_copied_deflated_as_if_deflated_in_place_issue_13() {
        static FONT: &[u8] = include_bytes!("../../../fonts/amiri/Amiri-Bold.ttf");
        let files = |b: Bytes| vec![("EPUB/fonts/f.ttf".to_string(), b)];
        for time in [
            zip_time("2025-10-18T00:00:00Z"),
            zip_time("2031-02-03T04:05:06Z"),
        ] {
            let in_place = write(&files(Bytes::Owned(FONT.to_vec())), time).unwrap();
            let copied = write(&files(Bytes::Static(FONT)), time).unwrap();
            assert_eq!(copied, in_place);
        }
        let copied = write(&files(Bytes::Static(FONT)), DateTime::default()).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(copied)).unwrap();
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name("EPUB/fonts/f.ttf").unwrap(), &mut back).unwrap();
        assert_eq!(back, FONT);
    }
}
