//! The fields of one raw record: parsed with `csv_core` when they need
//! unescaping, read in place when they do not.

use csv::ByteRecord;

/// Fields of one record, parsed into reused buffers.
#[derive(Default)]
pub struct Fields {
    data: Vec<u8>,
    ends: Vec<usize>,
    count: usize,
}

impl Fields {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True for a record with no field.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Field `i`, unescaped.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        (i < self.count).then(|| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.data[start..self.ends[i]]
        })
    }

    /// Parses one raw record (as split by the reader) into fields.
    pub fn parse(&mut self, core: &mut csv_core::Reader, raw: &[u8]) {
        core.reset();
        if self.data.len() < raw.len() + 16 {
            self.data.resize(raw.len() + 16, 0);
        }
        if self.ends.len() < 64 {
            self.ends.resize(64, 0);
        }
        let (mut input, mut nout, mut nend) = (raw, 0, 0);
        if raw.starts_with(b"\xEF\xBB\xBF") {
            // After a reset csv-core drops a BOM at the start of its input, but
            // the file's BOM is already gone: these bytes are data. One byte
            // alone is too short to be taken for a BOM.
            let (_, consumed, o, e) = core.read_record(&raw[..1], &mut self.data, &mut self.ends);
            (input, nout, nend) = (&raw[consumed..], o, e);
        }
        loop {
            let (result, consumed, o, e) =
                core.read_record(input, &mut self.data[nout..], &mut self.ends[nend..]);
            input = &input[consumed..];
            nout += o;
            nend += e;
            match result {
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.data.len();
                    self.data.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::InputEmpty if !input.is_empty() => {}
                // An unterminated last record: an empty input tells the parser it ended.
                csv_core::ReadRecordResult::InputEmpty if !raw.is_empty() => {
                    input = &[];
                    let (result, _, o, e) =
                        core.read_record(input, &mut self.data[nout..], &mut self.ends[nend..]);
                    nout += o;
                    nend += e;
                    if result == csv_core::ReadRecordResult::OutputEndsFull {
                        let len = self.ends.len();
                        self.ends.resize(len * 2, 0);
                        continue;
                    }
                    break;
                }
                _ => break,
            }
        }
        self.count = nend;
    }
}

thread_local! {
    #[allow(clippy::type_complexity)]
    pub(super) static PARSER: std::cell::RefCell<(Option<(u8, csv_core::Reader)>, Fields, Vec<(usize, usize)>)> =
        std::cell::RefCell::new((None, Fields::default(), Vec::new()));
}

/// The fields of a raw record that needs no unescaping, as spans of it (see [`split_plain`](super::split::split_plain)).
pub(super) struct InPlace<'a> {
    pub(super) raw: &'a [u8],
    pub(super) spans: &'a [(usize, usize)],
}

impl RecordFields for InPlace<'_> {
    fn count(&self) -> usize {
        self.spans.len()
    }
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.spans.get(i).map(|&(s, e)| &self.raw[s..e])
    }
}

/// Access to the fields of a parsed record.
pub trait RecordFields {
    /// Number of fields.
    fn count(&self) -> usize;
    /// Field `i`, unescaped.
    fn field(&self, i: usize) -> Option<&[u8]>;
}

impl RecordFields for Fields {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }
}

impl RecordFields for ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }
}

/// Removes a UTF-8 byte-order mark from the first field.
pub fn strip_bom(record: &mut ByteRecord) {
    if record
        .get(0)
        .is_some_and(|f| f.starts_with(b"\xEF\xBB\xBF"))
    {
        let mut fixed = ByteRecord::with_capacity(record.as_slice().len(), record.len());
        for (i, f) in record.iter().enumerate() {
            fixed.push_field(if i == 0 { &f[3..] } else { f });
        }
        fixed.set_position(record.position().cloned());
        *record = fixed;
    }
}
