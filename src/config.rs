//! `wirebook.toml`: the file, its validation, and the merge with command-line flags.
//!
//! Precedence is defaults < file < CLI, and it is decided here only.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::interval::Interval;

pub const FILE_NAMES: &[&str] = &["wirebook.toml", ".wirebook.toml"];

/// A configuration problem, pointing at the bad key.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(wirebook::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: miette::NamedSource<String>,
    #[label("here")]
    pub span: Option<miette::SourceSpan>,
    #[help]
    pub help: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
    #[serde(default)]
    review: ReviewFile,
    #[serde(default)]
    workflow: WorkflowFile,
    #[serde(default)]
    links: LinksFile,
    #[serde(default)]
    github: GithubFile,
    #[serde(default)]
    baseline: BaselineFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    file: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    interval: Option<Spanned<String>>,
    warn_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkflowFile {
    step_days: Option<Spanned<Vec<u32>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinksFile {
    timeout: Option<Spanned<String>>,
    retries: Option<u32>,
    max_concurrency: Option<Spanned<usize>>,
    per_host: Option<Spanned<usize>>,
    accept: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    cache: Option<String>,
    cache_max_age: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GithubFile {
    org: Option<String>,
    label: Option<String>,
    assign_owners: Option<bool>,
    min_severity: Option<Spanned<String>>,
    max_issues: Option<usize>,
}

/// A rule's configured level: a severity, or off.
pub type Level = Option<Severity>;

#[derive(Debug, Clone)]
pub struct Override {
    pub globs: GlobSet,
    pub rules: BTreeMap<String, Level>,
}

#[derive(Debug, Clone)]
pub struct LinksConfig {
    pub timeout: Duration,
    pub retries: u32,
    pub max_concurrency: usize,
    pub per_host: usize,
    /// Inclusive status ranges counted as success.
    pub accept: Vec<(u16, u16)>,
    pub exclude: Vec<regex::Regex>,
    pub cache: PathBuf,
    pub cache_max_age: Duration,
}

impl Default for LinksConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            retries: 3,
            max_concurrency: 64,
            per_host: 8,
            accept: vec![(200, 299)],
            exclude: Vec::new(),
            cache: PathBuf::from(".wirebook-cache.json"),
            cache_max_age: Duration::from_secs(86_400),
        }
    }
}

#[derive(Debug, Clone)]
pub struct GithubConfig {
    pub org: Option<String>,
    pub label: String,
    pub assign_owners: bool,
    pub min_severity: Severity,
    pub max_issues: usize,
}

impl Default for GithubConfig {
    fn default() -> Self {
        Self {
            org: None,
            label: "wirebook".to_owned(),
            assign_owners: true,
            min_severity: Severity::Error,
            max_issues: 20,
        }
    }
}

/// The resolved configuration every part of wirebook reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the config file was found (globs in `[[overrides]]` are relative to it).
    pub root: PathBuf,
    pub file: Option<PathBuf>,
    pub rules: BTreeMap<String, Level>,
    pub overrides: Vec<Override>,
    /// `--deny/--warn/--allow` from the command line: win over the file and overrides.
    pub cli_rules: BTreeMap<String, Level>,
    pub review_interval: Interval,
    pub warn_days: u32,
    pub step_days: [u32; 4],
    pub links: LinksConfig,
    pub github: GithubConfig,
    /// `[baseline] file`, relative to the config file's folder.
    pub baseline: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            root: PathBuf::from("."),
            file: None,
            rules: BTreeMap::new(),
            overrides: Vec::new(),
            cli_rules: BTreeMap::new(),
            review_interval: Interval::months(3),
            warn_days: 14,
            step_days: [3, 5, 7, 10],
            links: LinksConfig::default(),
            github: GithubConfig::default(),
            baseline: None,
        }
    }
}

/// Finds `wirebook.toml` or `.wirebook.toml` in `start` or its ancestors.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .find_map(|dir| FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

impl Config {
    /// Loads `explicit`, or the discovered file, or the defaults.
    ///
    /// # Errors
    /// A file that cannot be read or holds a bad key.
    pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Self, Box<ConfigError>> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => discover(cwd),
        };
        let Some(path) = path else {
            return Ok(Self {
                root: cwd.to_path_buf(),
                ..Self::default()
            });
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Box::new(ConfigError {
                message: format!("cannot read config file {}: {e}", path.display()),
                src: miette::NamedSource::new(path.display().to_string(), String::new()),
                span: None,
                help: Some("pass an existing file to --config".to_owned()),
            })
        })?;
        let root = path
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        let root = if root.as_os_str().is_empty() {
            cwd.to_path_buf()
        } else {
            root
        };
        Self::from_toml(&text, &path.display().to_string(), root).map(|mut c| {
            c.file = Some(path);
            c
        })
    }

    /// Parses and validates a config text.
    ///
    /// # Errors
    /// Malformed TOML, an unknown key, an unknown rule or a bad value.
    pub fn from_toml(text: &str, name: &str, root: PathBuf) -> Result<Self, Box<ConfigError>> {
        let err = |message: String, span: Option<Range<usize>>, help: &str| {
            Box::new(ConfigError {
                message,
                src: miette::NamedSource::new(name, text.to_owned()),
                span: span.map(|r| (r.start, r.end - r.start).into()),
                help: Some(help.to_owned()),
            })
        };
        let file: FileConfig = toml::from_str(text).map_err(|e| {
            err(
                format!("invalid configuration: {}", e.message()),
                e.span(),
                "see the [Configuration] section of the README for every key",
            )
        })?;
        let mut config = Config {
            root,
            ..Config::default()
        };
        let rule_levels = |table: &BTreeMap<Spanned<String>, Spanned<String>>| {
            let mut out = BTreeMap::new();
            for (id, level) in table {
                let known = crate::rules::by_id(id.get_ref()).ok_or_else(|| {
                    err(
                        format!("unknown rule `{}`", id.get_ref()),
                        Some(id.span()),
                        "`wirebook rule` lists every rule ID",
                    )
                })?;
                let level = match level.get_ref().as_str() {
                    "off" => None,
                    s => Some(Severity::parse(s).ok_or_else(|| {
                        err(
                            format!("invalid level `{s}` for {}", known.id),
                            Some(level.span()),
                            "use \"error\", \"warning\", \"info\" or \"off\"",
                        )
                    })?),
                };
                out.insert(known.id.to_owned(), level);
            }
            Ok::<_, Box<ConfigError>>(out)
        };
        config.rules = rule_levels(&file.rules)?;
        for o in &file.overrides {
            let mut builder = GlobSetBuilder::new();
            for p in &o.paths {
                let glob = Glob::new(p.get_ref()).map_err(|e| {
                    err(
                        format!("invalid glob `{}`: {e}", p.get_ref()),
                        Some(p.span()),
                        "globs look like \"integrations/legacy/**\"",
                    )
                })?;
                builder.add(glob);
            }
            let globs = builder
                .build()
                .map_err(|e| err(format!("invalid globs: {e}"), None, "check [[overrides]]"))?;
            config.overrides.push(Override {
                globs,
                rules: rule_levels(&o.rules)?,
            });
        }
        if let Some(i) = &file.review.interval {
            config.review_interval = i.get_ref().parse().map_err(|e: String| {
                err(
                    e,
                    Some(i.span()),
                    "write it like \"3 months\", \"90 days\" or \"2 weeks\"",
                )
            })?;
        }
        if let Some(w) = file.review.warn_days {
            config.warn_days = w;
        }
        if let Some(s) = &file.workflow.step_days {
            config.step_days = s.get_ref().as_slice().try_into().map_err(|_| {
                err(
                    "step_days needs exactly four numbers".to_owned(),
                    Some(s.span()),
                    "one per step: primary, secondary, validation, security",
                )
            })?;
        }
        config.links = links_config(&file.links, &err)?;
        config.baseline = file.baseline.file.as_ref().map(|f| config.root.join(f));
        let g = &file.github;
        if let Some(org) = &g.org {
            config.github.org = Some(org.clone());
        }
        if let Some(label) = &g.label {
            config.github.label.clone_from(label);
        }
        if let Some(a) = g.assign_owners {
            config.github.assign_owners = a;
        }
        if let Some(m) = g.max_issues {
            config.github.max_issues = m;
        }
        if let Some(s) = &g.min_severity {
            config.github.min_severity = Severity::parse(s.get_ref()).ok_or_else(|| {
                err(
                    format!("invalid severity `{}`", s.get_ref()),
                    Some(s.span()),
                    "use \"error\", \"warning\" or \"info\"",
                )
            })?;
        }
        Ok(config)
    }

    /// Applies `--deny`, `--warn` and `--allow` (rule IDs or names); the command line wins.
    ///
    /// # Errors
    /// An unknown rule.
    pub fn apply_cli(
        &mut self,
        deny: &[String],
        warn: &[String],
        allow: &[String],
    ) -> Result<(), String> {
        for (ids, level) in [
            (deny, Some(Severity::Error)),
            (warn, Some(Severity::Warning)),
            (allow, None),
        ] {
            for id in ids {
                let meta = crate::rules::by_id(id)
                    .ok_or_else(|| format!("unknown rule `{id}` (`wirebook rule` lists them)"))?;
                self.cli_rules.insert(meta.id.to_owned(), level);
            }
        }
        Ok(())
    }

    /// The level of `rule` for `file` (a path relative to the config root or as given):
    /// `None` when the rule is off.
    #[must_use]
    pub fn level(&self, rule: &str, default: Severity, file: &Path) -> Level {
        self.levels_for(file).level(rule, default)
    }

    /// The rule levels of one file, with its matching `[[overrides]]` found once.
    #[must_use]
    pub fn levels_for(&self, file: &Path) -> FileLevels<'_> {
        let overrides = if self.overrides.is_empty() {
            Vec::new()
        } else {
            let rel = relative_to(file, &self.root);
            self.overrides
                .iter()
                .filter(|o| o.globs.is_match(&rel))
                .collect()
        };
        FileLevels {
            config: self,
            overrides,
        }
    }
}

/// Rule levels for one file: `[rules]`, then the matching overrides in order.
#[derive(Debug)]
pub struct FileLevels<'a> {
    config: &'a Config,
    overrides: Vec<&'a Override>,
}

impl FileLevels<'_> {
    /// `None` when the rule is off for this file.
    #[must_use]
    pub fn level(&self, rule: &str, default: Severity) -> Level {
        let mut level = self
            .config
            .rules
            .get(rule)
            .copied()
            .unwrap_or(Some(default));
        for o in &self.overrides {
            if let Some(l) = o.rules.get(rule) {
                level = *l;
            }
        }
        self.config.cli_rules.get(rule).copied().unwrap_or(level)
    }
}

fn relative_to(file: &Path, root: &Path) -> PathBuf {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (f, r) = (abs(file), abs(root));
    f.strip_prefix(&r)
        .map_or_else(|_| file.to_path_buf(), Path::to_path_buf)
}

fn links_config(
    l: &LinksFile,
    err: &impl Fn(String, Option<Range<usize>>, &str) -> Box<ConfigError>,
) -> Result<LinksConfig, Box<ConfigError>> {
    let mut out = LinksConfig::default();
    let duration = |s: &Spanned<String>| {
        parse_duration(s.get_ref()).ok_or_else(|| {
            err(
                format!("invalid duration `{}`", s.get_ref()),
                Some(s.span()),
                "write it like \"20s\", \"500ms\", \"5m\", \"1h\" or \"1d\"",
            )
        })
    };
    if let Some(t) = &l.timeout {
        out.timeout = duration(t)?;
    }
    if let Some(a) = &l.cache_max_age {
        out.cache_max_age = duration(a)?;
    }
    if let Some(r) = l.retries {
        out.retries = r;
    }
    for (field, value) in [
        ("max_concurrency", &l.max_concurrency),
        ("per_host", &l.per_host),
    ] {
        if let Some(v) = value {
            if *v.get_ref() == 0 {
                return Err(err(
                    format!("{field} must be at least 1"),
                    Some(v.span()),
                    "use a positive number",
                ));
            }
        }
    }
    if let Some(m) = &l.max_concurrency {
        out.max_concurrency = *m.get_ref();
    }
    if let Some(p) = &l.per_host {
        out.per_host = *p.get_ref();
    }
    if let Some(accept) = &l.accept {
        out.accept = accept
            .iter()
            .map(|a| {
                parse_status_range(a.get_ref()).ok_or_else(|| {
                    err(
                        format!("invalid status range `{}`", a.get_ref()),
                        Some(a.span()),
                        "write a status like \"200\" or a range like \"200..=299\"",
                    )
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(exclude) = &l.exclude {
        out.exclude = exclude
            .iter()
            .map(|x| {
                regex::Regex::new(x.get_ref()).map_err(|e| {
                    err(
                        format!("invalid regex: {e}"),
                        Some(x.span()),
                        "exclude takes regular expressions",
                    )
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(c) = &l.cache {
        out.cache = PathBuf::from(c);
    }
    Ok(out)
}

/// `"20s"`, `"500ms"`, `"5m"`, `"1h"`, `"1d"`.
#[must_use]
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let secs = match unit.trim() {
        "ms" => return Some(Duration::from_millis(n)),
        "s" => n,
        "m" | "min" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// `"200"` or `"200..=299"` (also `"200..300"`).
#[must_use]
pub fn parse_status_range(s: &str) -> Option<(u16, u16)> {
    let s = s.trim();
    let valid = |n: u16| (100..=999).contains(&n);
    let range = if let Some((a, b)) = s.split_once("..=") {
        (a.trim().parse().ok()?, b.trim().parse().ok()?)
    } else if let Some((a, b)) = s.split_once("..") {
        let b: u16 = b.trim().parse().ok()?;
        (a.trim().parse().ok()?, b.checked_sub(1)?)
    } else {
        let n = s.parse().ok()?;
        (n, n)
    };
    (valid(range.0) && valid(range.1) && range.0 <= range.1).then_some(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Box<ConfigError>> {
        Config::from_toml(text, "wirebook.toml", PathBuf::from("."))
    }

    #[test]
    fn defaults_match_the_spec() {
        let c = load("").unwrap();
        assert_eq!(c.warn_days, 14);
        assert_eq!(c.step_days, [3, 5, 7, 10]);
        assert_eq!(c.links.timeout, Duration::from_secs(20));
        assert_eq!(c.links.accept, vec![(200, 299)]);
        assert_eq!(c.review_interval, Interval::months(3));
    }

    #[test]
    fn rules_and_overrides() {
        let c = load(
            "[rules]\nWB102 = \"off\"\nWB204 = \"error\"\n[[overrides]]\npaths = [\"legacy/**\"]\nrules = { WB301 = \"warning\" }\n",
        )
        .unwrap();
        assert_eq!(c.level("WB102", Severity::Info, Path::new("a.yaml")), None);
        assert_eq!(
            c.level("WB204", Severity::Warning, Path::new("a.yaml")),
            Some(Severity::Error)
        );
        assert_eq!(
            c.level("WB301", Severity::Error, Path::new("legacy/x.yaml")),
            Some(Severity::Warning)
        );
        assert_eq!(
            c.level("WB301", Severity::Error, Path::new("new/x.yaml")),
            Some(Severity::Error)
        );
    }

    #[test]
    fn command_line_levels_win_over_file_and_overrides() {
        let mut c =
            load("[[overrides]]\npaths = [\"legacy/**\"]\nrules = { WB301 = \"off\" }\n").unwrap();
        c.apply_cli(
            &["WB301".into()],
            &["review-due-soon".into()],
            &["WB102".into()],
        )
        .unwrap();
        assert_eq!(
            c.level("WB301", Severity::Warning, Path::new("legacy/x.yaml")),
            Some(Severity::Error)
        );
        assert_eq!(
            c.level("WB302", Severity::Error, Path::new("x.yaml")),
            Some(Severity::Warning)
        );
        assert_eq!(c.level("WB102", Severity::Info, Path::new("x.yaml")), None);
        assert!(c.apply_cli(&["WB999".into()], &[], &[]).is_err());
    }

    #[test]
    fn bad_keys_point_at_the_key() {
        let text = "[review]\nintervall = \"3 months\"\n";
        let e = load(text).unwrap_err();
        assert!(e.message.contains("intervall"), "{}", e.message);
        let span = e.span.unwrap();
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "intervall"
        );
        let e = load("[rules]\nWB999 = \"off\"\n").unwrap_err();
        assert!(e.message.contains("WB999"));
        let e = load("[rules]\nWB301 = \"loud\"\n").unwrap_err();
        assert!(e.message.contains("loud"));
        assert!(load("[links]\ntimeout = \"soon\"\n").is_err());
        assert!(load("[workflow]\nstep_days = [1, 2]\n").is_err());
    }

    #[test]
    fn durations_and_ranges() {
        assert_eq!(parse_duration("20s"), Some(Duration::from_secs(20)));
        assert_eq!(parse_duration("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_status_range("200..=299"), Some((200, 299)));
        assert_eq!(parse_status_range("200..300"), Some((200, 299)));
        assert_eq!(parse_status_range("403"), Some((403, 403)));
        assert_eq!(parse_status_range("300..=200"), None);
    }
}
