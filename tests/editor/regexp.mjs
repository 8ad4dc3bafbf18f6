// Tests strings against regular expressions with JavaScript's own engine, compiled as
// ajv and yaml-language-server compile a schema's patterns: `new RegExp(p, "u")`.
//
//   node regexp.mjs CASES.json
//
// CASES.json is {"patterns": [...], "samples": [...]}. Prints {"node": "<version>",
// "results": [[bool per sample] per pattern]}; exits 1 naming the first pattern that
// does not compile.
import { readFileSync } from "node:fs";

const [casesPath] = process.argv.slice(2);
if (!casesPath) {
  console.error("usage: node regexp.mjs CASES.json");
  process.exit(2);
}
const { patterns, samples } = JSON.parse(readFileSync(casesPath, "utf8"));
const results = patterns.map((p) => {
  let re;
  try {
    re = new RegExp(p, "u");
  } catch (e) {
    console.error(`JavaScript rejects ${JSON.stringify(p)}: ${e.message}`);
    process.exit(1);
  }
  return samples.map((s) => re.test(s));
});
console.log(JSON.stringify({ node: process.version, results }));
