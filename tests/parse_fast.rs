//! The YAML fast path against saphyr's path, on every YAML file of the repository and
//! the shared corpus and on thousands of edits of them: wherever the fast path answers,
//! its documents are saphyr's, node for node and span for span; and `parse` (fast path
//! first) always gives what saphyr's path gives, problems included.

use wirebook::document::{parse, parse_fast, parse_with_saphyr, Node, SourceText, Value};

mod differential;

use differential::Rng;

fn texts() -> Vec<(String, String)> {
    differential::texts()
        .into_iter()
        .map(|(p, text)| (p.display().to_string(), text))
        .collect()
}

/// Compares the two paths on `text`; returns whether the fast path answered.
fn compare(name: &str, text: &str) -> bool {
    let src = SourceText::new(text.to_owned());
    let slow = parse_with_saphyr(&src);
    let fast = parse_fast(&src);
    // Debug text compares NaN floats as equal to themselves.
    let show = |docs: &[wirebook::document::Document]| {
        docs.iter()
            .map(|d| format!("{} {:?}", d.index, d.root))
            .collect::<Vec<_>>()
    };
    if let Some(docs) = &fast {
        assert!(
            slow.problems.is_empty(),
            "{name}: the fast path read a text saphyr finds problems in: {:?}\n{text:?}",
            slow.problems
        );
        if show(docs) != show(&slow.documents) {
            let at = docs
                .iter()
                .zip(&slow.documents)
                .find_map(|(a, b)| first_difference(&a.root, &b.root))
                .unwrap_or_else(|| "the documents differ in number or index".to_owned());
            panic!("{name}: the fast path's tree differs from saphyr's: {at}\n{text:?}");
        }
    }
    let both = parse(&src);
    assert_eq!(show(&both.documents), show(&slow.documents), "{name}");
    assert_eq!(both.problems, slow.problems, "{name}");
    fast.is_some()
}

/// Where two trees first differ, as "fast ... / saphyr ...".
fn first_difference(a: &Node, b: &Node) -> Option<String> {
    if a.span != b.span || a.style != b.style {
        return Some(format!(
            "fast {:?} {:?} / saphyr {:?} {:?}",
            a.span, a.style, b.span, b.style
        ));
    }
    match (&a.value, &b.value) {
        (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
            x.iter().zip(y).find_map(|(p, q)| first_difference(p, q))
        }
        (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
            x.iter().zip(y).find_map(|(p, q)| {
                first_difference(&p.key, &q.key).or_else(|| first_difference(&p.value, &q.value))
            })
        }
        (x, y) if format!("{x:?}") == format!("{y:?}") => None,
        (Value::Seq(_) | Value::Map(_), _) | (_, Value::Seq(_) | Value::Map(_)) => Some(format!(
            "fast {:?} / saphyr {:?} (collections at {:?})",
            a.value, b.value, a.span
        )),
        (x, y) => Some(format!("fast {x:?} / saphyr {y:?} at {:?}", a.span)),
    }
}

/// Edits tried per file (each compared on both paths, in a debug build).
const EDITS: usize = 40;

const PIECES: &[&str] = &[
    ":",
    ": ",
    " #",
    "#",
    "-",
    "- ",
    " ",
    "  ",
    "\n",
    "\n  ",
    "'",
    "\"",
    "''",
    "[",
    "]",
    "{",
    "}",
    ",",
    ", ",
    "|",
    ">",
    "&a ",
    "*a",
    "!",
    "?",
    "@",
    "%",
    "---\n",
    "...",
    "\\",
    "\\u00e9",
    "\\x",
    "\t",
    "\r",
    "é",
    "\u{2028}",
    "\u{feff}",
    "~",
    "null",
    "1",
    "-1",
    "0x1F",
    "1e3",
    ".inf",
    "true",
    "<<: ",
    "k: v\n",
    "- x\n",
    "a:\n  b: c\n",
];

/// One random edit of `text`, on a char boundary.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let at = bounds[rng.below(bounds.len())];
    let mut out = String::with_capacity(text.len() + 8);
    match rng.below(4) {
        0 => {
            // Delete up to 8 characters.
            let end = bounds
                [(bounds.binary_search(&at).unwrap() + 1 + rng.below(8)).min(bounds.len() - 1)];
            out.push_str(&text[..at]);
            out.push_str(&text[end..]);
        }
        1 => {
            // Duplicate or drop a line.
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let n = rng.below(lines.len().max(1));
            for (i, line) in lines.iter().enumerate() {
                if i != n || rng.below(2) == 0 {
                    out.push_str(line);
                }
                if i == n {
                    out.push_str(line);
                }
            }
        }
        _ => {
            out.push_str(&text[..at]);
            out.push_str(PIECES[rng.below(PIECES.len())]);
            out.push_str(&text[at..]);
        }
    }
    out
}

#[test]
fn every_yaml_file_reads_the_same_on_both_paths() {
    let texts = texts();
    assert!(texts.len() > 100, "only {} YAML files found", texts.len());
    let mut left = Vec::new();
    let mut fast = 0;
    for (name, text) in &texts {
        if compare(name, text) {
            fast += 1;
        } else {
            left.push(name.as_str());
        }
    }
    if std::env::var_os("WIREBOOK_SHOW_SLOW").is_some() {
        eprintln!("saphyr's path: {}", left.join("\n"));
    }
    // The YAML test suite is there to be unusual; the documents of this repository are
    // what the fast path is for.
    let ours = |n: &str| !n.contains("yaml-test-suite");
    let ours_all = texts.iter().filter(|(n, _)| ours(n)).count();
    let ours_fast = ours_all - left.iter().filter(|n| ours(n)).count();
    eprintln!("fast path, without the YAML test suite: {ours_fast} of {ours_all} files");
    assert!(
        ours_fast * 10 >= ours_all * 8,
        "the fast path read only {ours_fast} of {ours_all} of the repository's files"
    );
    // Most documents are inside the subset; if this drops, the fast path lost ground.
    eprintln!("fast path: {fast} of {} files", texts.len());
}

#[test]
fn edits_of_them_read_the_same_on_both_paths() {
    let texts = texts();
    let (mut tried, mut fast) = (0, 0);
    for (i, (name, text)) in texts.iter().enumerate() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1));
        for round in 0..EDITS {
            let mut edited = mutate(text, &mut rng);
            if round % 3 == 0 {
                edited = mutate(&edited, &mut rng);
            }
            tried += 1;
            if compare(&format!("{name} (edit {round})"), &edited) {
                fast += 1;
            }
        }
    }
    eprintln!("fast path: {fast} of {tried} edited texts");
    assert!(fast > 0);
}

/// Random documents built from the constructs the fast path reads (and some it does
/// not), at random indentations: far more of them reach the fast path than edits of
/// the YAML test suite do.
struct Gen {
    rng: Rng,
    out: String,
}

const WORDS: &[&str] = &[
    "alpha",
    "Beta gamma",
    "https://x.example/a#b?c=d",
    "a:b",
    "50%",
    "-3",
    "0x1F",
    "1.5e3",
    "~",
    "null",
    "true",
    "FALSE",
    "2026-01-02",
    "Zoë café",
    "semi; colon",
    "a #hash",
    "x,y",
    "[brackets] inside",
    "{braces}",
    "tab-free",
    "-dash",
    "?q",
    ":colon",
    "it's",
    "say \"hi\"",
    "trailing  ",
    "<<",
    "@at",
    "*star",
    "&amp",
    "!bang",
    "|pipe",
    ">gt",
    "%pct",
    "`tick",
];

impl Gen {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.below(from.len())]
    }

    fn scalar(&mut self, flow: bool) -> String {
        let w = self.pick(WORDS);
        match self.rng.below(6) {
            0 => format!("'{}'", w.replace('\'', "''")),
            1 => format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\"")),
            2 if !flow => format!("\"\\u00e9{}\\x41\"", w.replace('"', "")),
            _ => w.to_owned(),
        }
    }

    fn flow(&mut self, depth: usize) -> String {
        let n = self.rng.below(4);
        let map = self.rng.below(2) == 0;
        let items: Vec<String> = (0..n)
            .map(|i| {
                let v = if depth < 2 && self.rng.below(4) == 0 {
                    self.flow(depth + 1)
                } else {
                    self.scalar(true)
                };
                if map {
                    format!("k{i}: {v}")
                } else {
                    v
                }
            })
            .collect();
        let sep = if self.rng.below(5) == 0 { "," } else { ", " };
        if map {
            format!("{{{}}}", items.join(sep))
        } else {
            format!("[{}]", items.join(sep))
        }
    }

    fn block_scalar(&mut self, indent: usize) -> String {
        let header = self.pick(&["|", "|-", ">", ">-", "|+", "|2", "| # note"]);
        let inner = indent + 1 + self.rng.below(3);
        let mut s = format!("{header}\n");
        for _ in 0..1 + self.rng.below(4) {
            match self.rng.below(5) {
                0 => s.push('\n'),
                1 => s.push_str(&format!("{}  {}\n", " ".repeat(inner), self.pick(WORDS))),
                _ => s.push_str(&format!("{}{}\n", " ".repeat(inner), self.pick(WORDS))),
            }
        }
        s
    }

    /// A value after `key:` or `- ` at `indent`, ending with a line break.
    fn value(&mut self, indent: usize, depth: usize) -> String {
        match self.rng.below(if depth > 3 { 4 } else { 7 }) {
            0 => format!("{}\n", self.flow(0)),
            1 => self.block_scalar(indent),
            2 => "\n".to_owned(),
            3 => format!("{}   # comment\n", self.scalar(false)),
            4 => {
                let step = 1 + self.rng.below(4);
                format!("\n{}", self.map(indent + step, depth + 1))
            }
            5 => {
                let step = self.rng.below(3);
                format!("\n{}", self.seq(indent + step, depth + 1))
            }
            _ => format!("{}\n", self.scalar(false)),
        }
    }

    fn map(&mut self, indent: usize, depth: usize) -> String {
        let mut s = String::new();
        for i in 0..1 + self.rng.below(4) {
            if self.rng.below(6) == 0 {
                s.push_str(&format!("{}# c\n", " ".repeat(self.rng.below(indent + 3))));
            }
            let key = if self.rng.below(8) == 0 {
                self.scalar(false)
            } else {
                format!("key{i}")
            };
            let value = self.value(indent, depth);
            let sep = if value.starts_with('\n') { ":" } else { ": " };
            s.push_str(&format!("{}{key}{sep}{value}", " ".repeat(indent)));
        }
        s
    }

    fn seq(&mut self, indent: usize, depth: usize) -> String {
        let mut s = String::new();
        for _ in 0..1 + self.rng.below(3) {
            let item = if self.rng.below(3) == 0 {
                let inner = self.map(indent + 2, depth + 1);
                inner[indent + 2..].to_owned()
            } else {
                self.value(indent, depth)
            };
            let sep = if item.starts_with('\n') { "-" } else { "- " };
            s.push_str(&format!("{}{sep}{item}", " ".repeat(indent)));
        }
        s
    }
}

#[test]
fn generated_documents_read_the_same_on_both_paths() {
    let mut gen = Gen {
        rng: Rng(std::env::var("WIREBOOK_GEN_SEED")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0x2545_f491_4f6c_dd1d)),
        out: String::new(),
    };
    let (mut tried, mut fast) = (0, 0);
    for round in 0..std::env::var("WIREBOOK_GEN_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6000)
    {
        gen.out = if round % 5 == 0 {
            let a = gen.map(0, 0);
            let b = gen.seq(0, 0);
            format!("---\n{a}--- # second\n{b}")
        } else if round % 7 == 0 {
            let indent = gen.rng.below(2);
            gen.seq(indent, 0)
        } else {
            gen.map(0, 0)
        };
        tried += 1;
        if compare(&format!("generated document {round}"), &gen.out) {
            fast += 1;
        }
    }
    eprintln!("fast path: {fast} of {tried} generated documents");
    assert!(
        fast * 10 > tried,
        "only {fast} of {tried} generated documents took the fast path"
    );
}

/// `WIREBOOK_PARSE_FAST_INPUT=FILE cargo test --test parse_fast one_file` compares one
/// file (a fuzzer's crash input, say) and names where the trees first differ.
#[test]
fn one_file() {
    if let Some(path) = std::env::var_os("WIREBOOK_PARSE_FAST_INPUT") {
        let text = std::fs::read_to_string(&path).expect("a UTF-8 file");
        compare(&path.to_string_lossy(), &text);
    }
}
