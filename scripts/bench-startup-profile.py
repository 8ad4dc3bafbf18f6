"""Where one small `wirebook check` spends its start-up (run by scripts/bench-startup.sh PROFILE=1).

  bench-startup-profile.py callgrind CHECK.txt VERSION.txt
      CHECK.txt / VERSION.txt: `callgrind_annotate --inclusive=yes --threshold=100` of one
      check and of one `--version`. Prints user-space instructions by phase: exact and
      repeatable (no sampling, no noise from other work on the machine); the kernel's share
      is not in it (see the perf part).
  bench-startup-profile.py perf SAMPLES.txt
      SAMPLES.txt: `perf script -F comm,ip,sym --no-inline` of `perf record --call-graph dwarf`
      over many checks. Prints CPU samples (user and kernel) by phase: every sample goes to the
      first phase that matches any frame of its stack, phases in the order listed.
"""

import collections
import re
import sys

# (depth, label, functions whose inclusive counts are summed). Depth 1 rows are parts of
# wirebook::main and do not overlap one another; depth 2 rows are parts of the row above.
CALLGRIND_ROWS = [
    (0, "dynamic loader before main (ld.so relocations, symbols)", ["_dl_start"]),
    (0, "mimalloc init", ["_mi_auto_process_init"]),
    (0, "wirebook::main", ["wirebook::main"]),
    (1, "argument parsing (clap)", ["clap_builder::parser::parser::Parser::get_matches_with",
                                    "<wirebook::cli::Cli as clap_builder::derive::Args>::augment_args",
                                    "<wirebook::cli::Cli as clap_builder::derive::FromArgMatches>::from_arg_matches_mut"]),
    (1, "embedded schema: JSON parse (serde_json)", ["serde_json::de::from_trait"]),
    (1, "schema compile (jsonschema build_validator)", ["jsonschema::compiler::build_validator"]),
    (2, "of which the meta-schema check of the schema", ["jsonschema::compiler::validate_schema"]),
    (2, "of which the schema's `pattern` regexes (fancy-regex)", ["fancy_regex::Regex::new_options"]),
    (1, "rule regex compile (regex: Regex::new, RegexSet::new)", ["regex::regex::string::Regex::new",
                                                                  "regex::regexset::string::RegexSet::new"]),
    (2, "of which RegexSet::new (the WB104 prefilter)", ["regex::regexset::string::RegexSet::new"]),
    (1, "YAML parse (document::parse)", ["wirebook::document::parse::parse"]),
    (1, "schema validation (schema::validate minus the two rows above it)", ["wirebook::schema::validate",
                                                                             "-jsonschema::compiler::build_validator",
                                                                             "-serde_json::de::from_trait"]),
    (0, "worker threads (rayon; start_thread)", ["start_thread"]),
    (0, "exit (exit handlers, ld.so fini)", ["exit"]),
]
LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+(?:\?\?\?|[^\s:]+):(.+?)(?: \[[^\]]*\])?$")


def inclusive(path):
    counts, total = collections.Counter(), 0
    for line in open(path, encoding="utf-8", errors="replace"):
        if "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
        elif m := LINE.match(line):
            counts[m[2].strip()] += int(m[1].replace(",", ""))
    return counts, total


def callgrind(check_path, version_path):
    counts, total = inclusive(check_path)
    _, floor = inclusive(version_path)
    print(f"  {'instructions':>12}  {'share':>6}  phase (inclusive: a function and everything it calls)")

    def row(depth, label, value):
        print(f"  {value:>12,}  {100 * value / total:5.1f}%  {'  ' * depth}{label}")

    values = {}
    for depth, label, names in CALLGRIND_ROWS:
        if any(counts[n.lstrip("-")] for n in names):
            values[label] = sum(-counts[n[1:]] if n.startswith("-") else counts[n] for n in names)
    main = values.get("wirebook::main", 0)
    rest = main - sum(values.get(label, 0) for d, label, _ in CALLGRIND_ROWS if d == 1)
    last_part = max(i for i, (d, _, _) in enumerate(CALLGRIND_ROWS) if d)
    for i, (depth, label, _) in enumerate(CALLGRIND_ROWS):
        if label in values:
            row(depth, label, values[label])
        else:
            print(f"  {'-':>12}  {'':>6}  {'  ' * depth}{label} (not called)")
        if i == last_part:
            row(1, "rest of wirebook::main (rules, engine, discovery, output)", rest)
    row(0, "total (all threads; user space only)", total)
    print(f"  {floor:>12,}  {100 * floor / total:5.1f}%  for comparison: all of `wirebook --version`")
    lazy = counts["regex_automata::hybrid::dfa::Lazy::cache_next_state"]
    if lazy:
        print(f"  (regex searches building lazy-DFA states on first use, inside the rows above: "
              f"{lazy:,}, {100 * lazy / total:.1f}%)")


# Phases for perf samples, in priority order: (label, substrings of a frame's symbol;
# "=name" is the whole symbol).
PERF_PHASES = [
    ("schema compile (jsonschema, its regexes)", ("jsonschema::compiler::", "jsonschema::meta::",
                                                  "jsonschema::regex::build", "fancy_regex::Regex::new",
                                                  "referencing::")),
    ("rule regex compile (Regex::new, RegexSet::new)", ("regex::regex::string::Regex::new",
                                                        "regex::regexset::string::RegexSet::new")),
    ("regex compile, caller lost (stack truncated)", ("regex_automata::meta::regex::Builder",
                                                      "regex_automata::meta::strategy::new",
                                                      "regex_automata::nfa::thompson::", "regex_syntax::",
                                                      "regex_automata::dfa::onepass::Builder",
                                                      "regex_automata::hybrid::dfa::Builder")),
    ("embedded schema JSON parse", ("serde_json::de::from_trait",)),
    ("YAML parse", ("wirebook::document::parse", "saphyr_parser")),
    ("regex search (lazy DFA)", ("regex_automata::hybrid::", "regex_automata::meta::regex::Regex::search",
                                 "which_overlapping_matches")),
    ("schema validate", ("wirebook::schema::validate", "jsonschema::")),
    ("argument parsing (clap)", ("clap_builder::", "clap::")),
    ("rayon waiting for work (sched_yield, sleep)", ("rayon_core::sleep", "rayon_core::latch", "__sched_yield")),
    ("process exit", ("do_group_exit", "exit_mmap", "__run_exit_handlers", "_dl_fini", "_mi_auto_process_done")),
    ("Rust runtime init (its first allocation sets up mimalloc's arena)",
     ("std::sys::pal::unix::stack_overflow::", "mi_manage_os_memory")),
    ("mimalloc init", ("mi_process_init", "_mi_auto_process_init")),
    ("exec + dynamic loader", ("load_elf_binary", "bprm_execve", "_dl_", "dl_main", "do_lookup_x", "check_match",
                               "elf_machine", "=_start")),
    ("discovery, config, output", ("ignore::", "wirebook::discover", "wirebook::config", "wirebook::output")),
    ("other wirebook code (rules, engine, main)", ("wirebook::",)),
    ("thread start/exit (rayon pool)", ("rayon_core::", "start_thread", "clone3", "std::thread", "do_exit",
                                        "ret_from_fork")),
]
ROOTS = ("__libc_start_call_main", "_start", "clone3", "__clone", "start_thread", "ret_from_fork",
         "entry_SYSCALL_64", "_dl_start_user", "asm_exc_page_fault")


def perf(path):
    counts, total, kernel, zeroing, huge, file_faults, truncated = collections.Counter(), 0, 0, 0, 0, 0, 0
    for block in open(path, encoding="utf-8", errors="replace").read().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines()]
        if not lines or not lines[0].startswith("wirebook"):
            continue
        frames = [f.split(None, 1) for f in lines[1:]]
        syms = [f[1] if len(f) > 1 else "" for f in frames]
        total += 1
        kernel += bool(frames) and frames[0][0].startswith("ffffffff")
        zeroes = any(("clear_page" in s or "folio_zero_user" in s) for s in syms[:3])
        zeroing += zeroes
        huge += zeroes and any("huge_pmd" in s for s in syms)
        file_faults += any(k in s for s in syms for k in ("filemap_fault", "filemap_map_pages"))
        truncated += not syms or not any(syms[-1].startswith(r) for r in ROOTS)
        for label, keys in PERF_PHASES:
            if any(s == k[1:] if k[0] == "=" else k in s for s in syms for k in keys):
                counts[label] += 1
                break
        else:
            counts["other (libc, kernel without a known caller)"] += 1
    if not total:
        sys.exit("bench-startup-profile: no wirebook samples")
    for label, n in counts.most_common():
        print(f"  {100 * n / total:5.1f}%  {label}")
    print(f"  {total} samples; across the phases above: {100 * kernel / total:.1f}% in the kernel, "
          f"{100 * zeroing / total:.1f}% zeroing fresh pages on first touch ({100 * huge / total:.1f}% "
          f"2 MiB transparent huge pages), "
          f"{100 * file_faults / total:.1f}% mapping the binary's pages (file-backed page faults); "
          f"{100 * truncated / total:.1f}% of stacks truncated (outer frames lost)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["callgrind"] and len(sys.argv) == 4:
        callgrind(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["perf"] and len(sys.argv) == 3:
        perf(sys.argv[2])
    else:
        sys.exit(__doc__)
