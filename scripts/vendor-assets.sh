#!/usr/bin/env bash
# Rebuild static/vendor from the npm packages pinned in frontend/package.json.
# The output is committed, so neither `make demo` nor CI needs npm; run this only to upgrade.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
npm install --no-audit --no-fund
out=../static/vendor
rm -rf "$out" && mkdir -p "$out/govuk" "$out/hawl" "$out/htmx" ../tests/browser/vendor
cp -r node_modules/govuk-frontend/dist/govuk/assets "$out/govuk/assets"
rm -rf "$out/govuk/assets/fonts"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk/"
npx sass --quiet --style=compressed --no-source-map --load-path=. hawl.scss "$out/hawl/govuk-frontend.min.css"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/axe-core/axe.min.js ../tests/browser/vendor/
