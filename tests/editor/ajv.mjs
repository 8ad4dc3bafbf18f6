// Compiles schema/integration.schema.json with ajv (draft 2020-12, strict mode,
// formats from ajv-formats) and validates YAML documents after conversion to JSON
// with the YAML 1.2 core schema (so `2026-10-02` stays a string, `yes` is text).
//
//   node ajv.mjs SCHEMA.json FILE.yaml...
//
// Prints one JSON object on stdout:
// {"ajv": "<version>", "documents": [{"file", "line", "wirebook", "yamlErrors",
//   "valid", "errors"}]}, one entry per document of each file (`line` is the
// 1-based line of its first content, `wirebook` whether apiVersion/kind make it a
// wirebook document). Exits 1 with ajv's message when the schema does not compile.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { LineCounter, parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath) {
  console.error("usage: node ajv.mjs SCHEMA.json FILE.yaml...");
  process.exit(2);
}

// strict: true turns every strict check into an error (unknown keywords, types
// without `type`, ...). allowUnionTypes permits `"type": ["string", "null"]`,
// which strictTypes would otherwise refuse.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);

let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.error(`ajv cannot compile ${schemaPath}: ${e.message}`);
  process.exit(1);
}

const documents = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { schema: "core", lineCounter, uniqueKeys: false });
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const line = lineCounter.linePos(start).line;
    const yamlErrors = doc.errors.map((e) => e.message);
    const value = yamlErrors.length ? null : doc.toJS({ maxAliasCount: 100 });
    const wirebook =
      value !== null &&
      typeof value === "object" &&
      value.apiVersion === "wirebook.dev/v1" &&
      value.kind === "Integration";
    const valid = yamlErrors.length ? null : validate(value);
    const errors = valid === false
      ? validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`)
      : [];
    documents.push({ file, line, wirebook, yamlErrors, valid, errors });
  }
}
const version = require("ajv/package.json").version;
console.log(JSON.stringify({ ajv: version, documents }, null, 1));
