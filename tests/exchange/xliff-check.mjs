// Parses stele's XLIFF exports with the npm `xliff` package (issue 15): every unit must come
// back with its source and target. Usage: node xliff-check.mjs FILE.xlf EXPECTED_UNITS
// Prints one JSON line: {"version", "units", "with_target", "ids"}; exits 1 on a parse error.
import { readFileSync } from 'node:fs';
import xliff2js from 'xliff/xliff2js';
import xliff12ToJs from 'xliff/xliff12ToJs';

const [file, expected] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const v12 = /<xliff[^>]*version="1\.2"/.test(text);
const parse = v12 ? xliff12ToJs : xliff2js;
const js = await parse(text);
const units = [];
for (const [ns, res] of Object.entries(js.resources)) {
  for (const [id, u] of Object.entries(res)) units.push({ ns, id, u });
}
const withTarget = units.filter(({ u }) => u.target !== undefined && u.source !== undefined);
const out = { version: v12 ? '1.2' : '2', units: units.length, with_target: withTarget.length, ids: units.map((x) => x.id) };
console.log(JSON.stringify(out));
if (expected !== undefined && units.length !== Number(expected)) process.exit(2);
