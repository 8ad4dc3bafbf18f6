//! The YAML fast path against saphyr's path: wherever the fast path reads a text, saphyr
//! finds no problem in it and builds the same documents, node for node and span for
//! span (compared as Debug text, so a NaN equals itself); and `parse`, fast path first,
//! always gives what saphyr's path gives, problems included.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wirebook::document::{parse, parse_fast, parse_with_saphyr, Document, SourceText};

fn show(docs: &[Document]) -> Vec<String> {
    docs.iter()
        .map(|d| format!("{} {:?}", d.index, d.root))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceText::new(text.to_owned());
    let slow = parse_with_saphyr(&src);
    if let Some(docs) = parse_fast(&src) {
        assert!(
            slow.problems.is_empty(),
            "the fast path read a text saphyr finds problems in: {:?}",
            slow.problems
        );
        assert_eq!(show(&docs), show(&slow.documents), "the trees differ");
    }
    let both = parse(&src);
    assert_eq!(show(&both.documents), show(&slow.documents));
    assert_eq!(both.problems, slow.problems);
});
