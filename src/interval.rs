//! Review intervals ("3 months") and calendar-correct date arithmetic.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Span;

/// A calendar interval such as `3 months` or `90 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub amount: u32,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Interval {
    #[must_use]
    pub const fn months(amount: u32) -> Self {
        Self {
            amount,
            unit: Unit::Months,
        }
    }

    /// `date + self`, clamping to the month's end (2026-08-31 + 3 months = 2026-11-30).
    #[must_use]
    pub fn after(self, date: Date) -> Date {
        let n = i64::from(self.amount);
        let span = match self.unit {
            Unit::Days => Span::new().days(n),
            Unit::Weeks => Span::new().weeks(n),
            Unit::Months => Span::new().months(n),
            Unit::Years => Span::new().years(n),
        };
        date.checked_add(span).unwrap_or(Date::MAX)
    }
}

impl FromStr for Interval {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid interval `{s}`: expected \"N days|weeks|months|years\"");
        let mut parts = s.split_whitespace();
        let amount: u32 = parts.next().and_then(|n| n.parse().ok()).ok_or_else(bad)?;
        let unit = match parts.next().ok_or_else(bad)?.to_ascii_lowercase().as_str() {
            "day" | "days" => Unit::Days,
            "week" | "weeks" => Unit::Weeks,
            "month" | "months" => Unit::Months,
            "year" | "years" => Unit::Years,
            _ => return Err(bad()),
        };
        if parts.next().is_some() || amount == 0 || amount > 1200 {
            return Err(bad());
        }
        Ok(Self { amount, unit })
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Days => "day",
            Unit::Weeks => "week",
            Unit::Months => "month",
            Unit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// Parses a strict ISO `YYYY-MM-DD` date.
#[must_use]
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn calendar_correct() {
        assert_eq!(Interval::months(3).after(d("2026-08-31")), d("2026-11-30"));
        assert_eq!(Interval::months(1).after(d("2028-01-31")), d("2028-02-29"));
        assert_eq!(
            "2 weeks"
                .parse::<Interval>()
                .unwrap()
                .after(d("2026-12-25")),
            d("2027-01-08")
        );
        assert_eq!(
            "1 year".parse::<Interval>().unwrap().after(d("2028-02-29")),
            d("2029-02-28")
        );
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!("3 months".parse::<Interval>().unwrap(), Interval::months(3));
        assert!("3".parse::<Interval>().is_err());
        assert!("0 days".parse::<Interval>().is_err());
        assert!("three months".parse::<Interval>().is_err());
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-2-3"), None);
    }
}
