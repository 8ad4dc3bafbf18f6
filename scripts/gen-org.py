#!/usr/bin/env python3
"""Generates an organization's integration documents, deterministic for a seed.

    scripts/gen-org.py OUT_DIR [--integrations 1000] [--apps 150] [--seed 1]
                               [--today 2026-11-20] [--repos 1]

Writes OUT_DIR/integrations/<id>.yaml (with --repos K: OUT_DIR/repo-01 ... repo-K,
documents dealt round-robin), plus img/screenshot.png, and prints one summary line.
Every document is schema-valid (no WB001/WB002); many have the gaps real ones have.

The organization looks like one that documents its integrations:
- a few hub apps carry most flows: an ERP (NetSuite), an identity provider (Okta),
  a data warehouse (Snowflake), a CRM (Salesforce) and HR (Workday); warehouses
  receive (fan-in), the IdP provisions (fan-out), the ERP does both;
- a long tail of apps, each in a handful of integrations (every app is used);
- about two data flows per integration;
- mixed spellings of the same app (`ShipStation`, `shipstation `, `SHIPSTATION`);
- three people (@dave, @erin, @frank) who hold many integrations alone (sole owner,
  sole contact, sole access), the rest shared between people and teams;
- reviews: most within the interval, about a third overdue, some due soon, some
  never reviewed; gaps (TODO credentials, issues without workarounds, missing
  contacts, connections nobody documents, overdue workflow steps).
"""

import argparse
import datetime as dt
import json
import os
import random
import struct
import sys
import zlib

HUBS = [
    # name, role: "in" receives, "out" sends, "both"; weight as a secondary app
    ("NetSuite", "both", 0.22),
    ("Okta", "out", 0.20),
    ("Snowflake", "in", 0.26),
    ("Salesforce", "both", 0.10),
    ("Workday", "out", 0.06),
]

TAIL = [
    "Shopify", "ShipStation", "QuickBooks Online", "Stripe", "Zendesk", "HubSpot", "Slack",
    "Jira", "Confluence", "GitHub", "PagerDuty", "Datadog", "Greenhouse", "BambooHR",
    "Gusto", "Expensify", "Brex", "Ramp", "Bill.com", "Avalara", "Coupa", "DocuSign",
    "Box", "Dropbox", "Google Workspace", "Microsoft 365", "Intercom", "Klaviyo",
    "Mailchimp", "Marketo", "Segment", "Amplitude", "Mixpanel", "Looker", "Tableau",
    "dbt Cloud", "Fivetran", "Airflow", "Kafka", "S3 Data Lake", "Bank SFTP",
    "PayrollPro", "HR Portal", "Freshdesk", "ServiceNow", "Asana", "Monday.com",
    "Airtable", "Notion", "Gong", "Outreach", "Zoom", "Twilio", "SendGrid", "Auth0",
    "1Password", "Vanta", "Drata", "Rippling", "Lattice", "Culture Amp", "Deel",
    "Carta", "Chargebee", "Recurly", "Zuora", "Adyen", "PayPal", "Square", "Magento",
    "BigCommerce", "WooCommerce", "Loop Returns", "Gorgias", "Yotpo", "Attentive",
    "Recharge", "Flexport", "ShipBob", "Shippo", "EasyPost", "FedEx API", "UPS API",
    "Descartes", "Manhattan WMS", "Oracle EBS", "SAP S/4HANA", "Dynamics 365",
    "Sage Intacct", "Xero", "Concur", "Navan", "Tipalti", "Plaid", "Modern Treasury",
    "Kyriba", "Anaplan", "Adaptive Planning", "Pigment", "Mode", "Hex", "Census",
    "Hightouch", "Braze", "Iterable", "Customer.io", "Contentful", "Sanity", "Algolia",
    "Cloudflare", "Fastly", "AWS IAM", "Azure AD", "JumpCloud", "Kandji", "Jamf",
    "CrowdStrike", "SentinelOne", "Splunk", "Sumo Logic", "Opsgenie", "Statuspage",
    "Sentry", "LaunchDarkly", "Postgres Orders DB", "MySQL Legacy", "Redis Cache",
    "Label Printer Service", "Warehouse Scanner App", "Returns Portal", "Loyalty Engine",
    "Pricing Service", "Inventory Service", "Tax Engine", "Fraud Screening",
    "Customer Portal", "Partner API", "EDI Gateway", "Supplier Portal", "Print Shop API",
    "Field Service App", "Call Center IVR", "Survey Tool", "Wiki Export",
]

# Apps only ever named in `connects_to`: connections nobody documents (WB201).
SHADOW = ["Shadow Spreadsheet", "Legacy FTP Drop", "Personal Dropbox"]

# Apps often written in more than one way.
MIXED = {"ShipStation", "Shopify", "QuickBooks Online", "Stripe", "Slack", "Zendesk", "Okta", "NetSuite"}

DATA = {
    "in": ["Daily sales facts", "Order lines", "Customer events", "Invoices", "Ticket history",
           "Usage metrics", "Payments ledger", "Inventory snapshots"],
    "out": ["User accounts and groups", "Employee records", "Role assignments",
            "Deprovisioning events", "SSO assertions"],
    "both": ["Customer orders", "Journal entries", "Purchase orders", "Vendor bills",
             "Product catalogue", "Price lists", "Refunds", "Shipments"],
}
FREQUENCIES = ["every 5 minutes", "every 15 minutes", "hourly", "nightly", "daily",
               "weekly", "monthly", "real-time"]
MECHANISMS = ["webhook", "api-poll", "file-transfer", "event-stream", "manual"]
SOLO = ["@dave", "@erin", "@frank"]
TEAMS = ["@it-admins", "@finance-team", "@data-platform", "@security-team", "@people-ops",
         "@warehouse-leads", "@support-ops"]
TIERS = ["critical", "high", "medium", "low"]
AUTH = ["oauth", "api-key", "basic", "saml-sso", "mtls", "other"]


def q(value):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def slug(name):
    out = []
    for c in name.lower():
        out.append(c if c.isascii() and c.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def png_1x1():
    """A valid 1x1 grey PNG, so screenshot paths resolve (WB103) without a binary in git."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


class Org:
    def __init__(self, n, m, seed, today):
        if m < len(HUBS) + len(SHADOW) + 2:
            sys.exit(f"gen-org: --apps must be at least {len(HUBS) + len(SHADOW) + 2}")
        self.rng = random.Random(seed)
        self.n, self.today = n, today
        tail = list(TAIL)
        k = 0
        size = m - len(HUBS) - len(SHADOW)
        while len(tail) < size:
            k += 1
            tail.append(f"Internal Tool {k:03d}")
        self.hubs = HUBS
        self.tail = tail[:size]
        self.role = {name: role for name, role, _ in HUBS}
        self.people = [f"@{first}" for first in (
            "alice", "bob", "carol", "gina", "hank", "ivan", "judy", "kim", "leo", "mona",
            "nina", "omar", "pat", "quinn", "rosa", "sam", "tara", "uma", "vic", "wes",
            "xena", "yuri", "zoe", "amir", "bea", "cruz", "dana", "eli", "fay", "gus")]
        # Zipf-like weights over the long tail: a few busy apps, many quiet ones.
        self.tail_weights = [1.0 / (r + 1) ** 0.9 for r in range(len(self.tail))]

    def spell(self, app):
        """Mostly as written; apps in MIXED are sometimes lower-cased, padded or shouted."""
        if app in MIXED and self.rng.random() < 0.25:
            return self.rng.choice([app.lower(), app.lower() + " ", " " + app, app.upper()])
        return app

    def tail_app(self, avoid):
        while True:
            app = self.rng.choices(self.tail, self.tail_weights)[0]
            if app not in avoid:
                return app

    def secondary_apps(self, primary):
        count = self.rng.choices([1, 2, 3], [0.35, 0.45, 0.20])[0]
        apps = []
        for _ in range(count):
            if self.rng.random() < 0.6:
                names = [h for h, _, _ in self.hubs]
                weights = [w for _, _, w in self.hubs]
                app = self.rng.choices(names, weights)[0]
                if app in apps or app == primary:
                    app = self.tail_app(apps + [primary])
            else:
                app = self.tail_app(apps + [primary])
            apps.append(app)
        return apps

    def flows(self, primary, app):
        role = self.role.get(app, "both")
        count = self.rng.choices([0, 1, 2], [0.08, 0.70, 0.22])[0]
        out = []
        for _ in range(count):
            if role == "in":
                src, dst = primary, app
            elif role == "out":
                src, dst = app, primary
            else:
                src, dst = (primary, app) if self.rng.random() < 0.6 else (app, primary)
            out.append({
                "from": src, "to": dst,
                "data": self.rng.choice(DATA[role]),
                "frequency": self.rng.choice(FREQUENCIES),
                "mechanism": self.rng.choice(MECHANISMS),
                "on_failure": self.rng.choice([
                    "Records queue at the source; replay from the admin console",
                    "The nightly job retries twice, then pages on-call",
                    "Data goes stale; reconcile by hand from the export",
                    None,
                ]),
            })
        return out

    def days_ago(self, days):
        return (self.today - dt.timedelta(days=days)).isoformat()

    def document(self, k):
        rng = self.rng
        # The first len(tail) integrations cover every tail app once as primary
        # (and connect to every shadow app), so all M apps appear.
        primary = self.tail[k] if k < len(self.tail) else self.tail_app([])
        if k % 97 == 13:
            primary = self.hubs[k % len(self.hubs)][0]  # hubs sometimes own integrations too
        secondaries = self.secondary_apps(primary)
        ident = f"{slug(primary)}-{k:04d}"
        title = f"{primary} to {' and '.join(secondaries)}"
        solo = SOLO[k % 3] if k % 9 < 3 and k % 2 == 0 else None
        if solo:
            owners = [solo]
            technical = access_requests = solo
        else:
            owners = rng.sample(self.people, rng.choice([1, 2]))
            if rng.random() < 0.5:
                owners.append(rng.choice(TEAMS))
            technical = rng.choice(self.people)
            access_requests = rng.choice(TEAMS)
        tier = rng.choices(TIERS, [0.12, 0.28, 0.40, 0.20])[0]

        lines = [
            "apiVersion: wirebook.dev/v1",
            "kind: Integration",
            "metadata:",
            f"  id: {ident}",
            f"  title: {q(title)}",
            f"  owners: [{', '.join(q(o) for o in owners)}]",
            f"  tier: {tier}",
            "spec:",
            "  primary:",
            f"    app: {q(self.spell(primary))}",
            f"    purpose: {q(f'{primary} for the {rng.choice(TEAMS)[1:]}')}",
            "    access:",
            f"      login_url: {q(f'https://{slug(primary)}.example.com/login')}",
            f"      credential_format: {q('TODO' if rng.random() < 0.12 else rng.choice(['Okta SSO', 'API key in Vault', 'Service account with OAuth client']))}",
        ]
        connects = [self.spell(a) for a in secondaries]
        if k < len(SHADOW):
            connects.append(SHADOW[k])
        elif rng.random() < 0.06:
            connects.append(rng.choice(SHADOW))  # a connection nobody documents
        lines.append(f"    connects_to: [{', '.join(q(c) for c in connects)}]")
        if rng.random() < 0.85:
            lines.append("    screenshot: ../img/screenshot.png")
        lines.append("  secondary:")
        for app in secondaries:
            lines.append(f"    - app: {q(self.spell(app))}")
            lines.append(f"      relationship: {q(f'Exchanges data with {primary}')}")
            flows = self.flows(primary, app)
            if flows:
                lines.append("      data_flows:")
                for f in flows:
                    lines.append(f"        - from: {q(self.spell(f['from']))}")
                    lines.append(f"          to: {q(self.spell(f['to']))}")
                    for key in ("data", "frequency", "mechanism", "on_failure"):
                        if f[key] is not None:
                            lines.append(f"          {key}: {q(f[key])}")
            lines.append("      access:")
            holders = [solo] if solo else rng.sample(self.people, 2)
            lines.append(f"        who_has_access: [{', '.join(q(h) for h in holders)}]")
            lines.append(f"        grants_access: {q(solo or rng.choice(TEAMS))}")
            if rng.random() < 0.3:
                lines.append("      known_issues:")
                lines.append(f"        - issue: {q(f'Sync to {app} stalls after a password rotation')}")
                if rng.random() < 0.7:
                    lines.append(f"          workaround: {q('Re-authorise the connection, then replay the last batch')}")

        lines.append("  validation:")
        checked = self.days_ago(rng.randint(0, 150))
        if rng.random() < 0.85:
            lines.append("    checks:")
            for check in ("new_member_login", "links_work", "data_syncing", "troubleshooting_tested"):
                result = "fail" if rng.random() < 0.04 else "pass"
                lines.append(f"      {check}: {{result: {result}, checked_on: {checked}, by: {q(technical)}}}")
        if rng.random() >= 0.05:
            # Mostly 3 months; spread so about a third are overdue and some due soon.
            interval = rng.choices(["3 months", "6 months", "1 month"], [0.8, 0.15, 0.05])[0]
            lines.append("    review:")
            lines.append(f"      last_reviewed: {checked}")
            lines.append(f"      interval: {interval}")
            lines.append(f"      reviewed_by: {q(technical)}")
        if rng.random() < 0.92:
            lines.append("    contacts:")
            lines.append(f"      technical: {q(technical)}")
            lines.append(f"      access_requests: {q(access_requests)}")
            lines.append(f"      billing: {q(solo or 'billing@example.com')}")
        else:
            lines.append(f"    x-notes: {q('Contacts to be confirmed')}")
        pii = rng.random() < 0.4
        lines += [
            "  security:",
            f"    auth_method: {rng.choice(AUTH)}",
            f"    credential_storage: {q('HashiCorp Vault')}",
            f"    data_accessed: {q('Orders, customers and invoices' if pii else 'Operational records')}",
            f"    contains_pii: {'true' if pii else 'false'}",
            f"    sensitive_business_data: {'true' if rng.random() < 0.5 else 'false'}",
            "    vendor_certifications_none: true" if rng.random() < 0.5 else
            f"    vendor_certifications: [{{name: SOC 2 Type II, evidence: {q('https://trust.example.com/soc2')}}}]",
            f"    encryption: {{in_transit: true, at_rest: {'true' if rng.random() < 0.9 else 'false'}}}",
            f"    approved_by: {q('@security-team')}",
            f"    access_revocation: {q('Offboarding checklist removes the account and rotates the key')}",
            f"    least_privilege: {'true' if rng.random() < 0.85 else 'false'}",
        ]
        if pii and rng.random() < 0.8:
            lines.append("    compliance:")
            lines.append("      frameworks: [GDPR]")
            lines.append(f"      vendor_docs: [{q('https://trust.example.com/dpa')}]")
        if rng.random() < 0.5:
            started = rng.randint(5, 60)
            lines.append("workflow:")
            lines.append(f"  started: {self.days_ago(started)}")
            lines.append(f"  assignees: [{q(owners[0])}]")
            done = rng.randint(0, 4)
            if done:
                lines.append("  steps:")
                for s, step in enumerate(["primary", "secondary", "validation", "security"][:done]):
                    lines.append(f"    {step}: {{completed_on: {self.days_ago(max(0, started - 2 - 3 * s))}}}")
        return ident, "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--integrations", type=int, default=1000)
    ap.add_argument("--apps", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", default="2026-11-20")
    ap.add_argument("--repos", type=int, default=1)
    a = ap.parse_args()
    org = Org(a.integrations, a.apps, a.seed, dt.date.fromisoformat(a.today))
    dirs = ([os.path.join(a.out, "integrations")] if a.repos <= 1
            else [os.path.join(a.out, f"repo-{r + 1:02d}", "integrations") for r in range(a.repos)])
    for d in dirs:
        os.makedirs(d, exist_ok=True)
        img = os.path.join(os.path.dirname(d), "img")
        os.makedirs(img, exist_ok=True)
        with open(os.path.join(img, "screenshot.png"), "wb") as f:
            f.write(png_1x1())
    flows = 0
    for k in range(a.integrations):
        ident, text = org.document(k)
        flows += text.count("        - from: ")
        with open(os.path.join(dirs[k % len(dirs)], f"{ident}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"gen-org: {a.integrations} integrations, {len(org.tail) + len(org.hubs) + len(SHADOW)} apps, "
          f"{flows} data flows in {len(dirs)} repositor{'y' if len(dirs) == 1 else 'ies'} under {a.out}")


if __name__ == "__main__":
    main()
