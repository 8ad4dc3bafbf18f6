# Sourced by scripts/test-pre-commit.sh and scripts/test-wheel.sh: the documents a hook test
# commits. Run make_documents ROOT in a fresh git repository: docs/good.yaml is the
# repository's complete example, reviewed today and certified for another year; docs/bad.yaml
# is the same with its own id and a misspelt key (a WB002 finding); other.yaml is not a
# wirebook document. fix_bad_document repairs the key.
make_documents() {
  local root=$1 today next_year
  today=$(date -u +%F)
  next_year=$(($(date -u +%Y) + 1))
  mkdir -p docs
  cp -R "$root/examples/integrations/img" docs/
  sed -e "s/last_reviewed: [0-9-]*/last_reviewed: $today/" \
    -e "s/expires_on: [0-9-]*/expires_on: $next_year-12-31/" \
    "$root/examples/integrations/shopify-orders.yaml" >docs/good.yaml
  sed -e 's/^  id: shopify-orders /  id: shopify-refunds /' \
    -e 's/^  tier: critical /  teir: critical /' docs/good.yaml >docs/bad.yaml
  grep -q 'teir: critical' docs/bad.yaml || { echo "pre-commit-fixture: could not make the bad document"; return 1; }
  printf 'not: a wirebook document\n' >other.yaml
}

fix_bad_document() {
  sed -i.bak 's/^  teir: critical /  tier: critical /' docs/bad.yaml && rm docs/bad.yaml.bak
}

# expect_finding OUTPUT: the hook's output names the WB002 finding in docs/bad.yaml only.
expect_finding() {
  grep -q 'WB002' <<<"$1" || { echo "FAILED: no WB002 finding in the output"; return 1; }
  grep -q 'docs/bad.yaml' <<<"$1" || { echo "FAILED: the finding does not name docs/bad.yaml"; return 1; }
  if grep -q 'docs/good.yaml' <<<"$1"; then echo "FAILED: a finding in the good document"; return 1; fi
}
