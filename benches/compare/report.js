#!/usr/bin/env node
// Puts the official service's validation times next to ours, for
// benches/compare.sh: node report.js OURS.jsonl OFFICIAL.jsonl, where OURS is
// what `ASL_BENCH_SUMMARY=... cargo bench --bench incremental` wrote and
// OFFICIAL what official.js printed. Documents are matched by their size.
'use strict'

const fs = require('fs')

const lines = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))

const [oursFile, officialFile] = process.argv.slice(2)
if (!officialFile) {
  process.stderr.write('usage: node report.js OURS.jsonl OFFICIAL.jsonl\n')
  process.exit(2)
}
const ours = lines(oursFile)
const official = lines(officialFile)

const cell = (text, width) => String(text).padStart(width)
const ms = (value) => `${value.toFixed(3)}ms`
console.log(`\nofficial: ${official[0].service} on Node ${official[0].node}; ours: cargo bench --bench incremental`)
console.log(
  [
    cell('states', 6),
    cell('bytes', 9),
    cell('official', 12),
    cell('ours full', 11),
    cell('official/full', 14),
    cell('ours update', 12),
    cell('official/update', 17),
  ].join(' '),
)
for (const document of ours.filter((line) => line.case === 'none')) {
  const theirs = official.find((line) => line.bytes === document.bytes)
  if (!theirs) {
    console.log(`${cell(document.states, 6)} ${cell(document.bytes, 9)}  (not validated by the official service)`)
    continue
  }
  // The update of a letter typed in a string value: what an edit costs us.
  const update = ours.find((line) => line.states === document.states && line.case === 'letter typed in a string value')
  console.log(
    [
      cell(document.states, 6),
      cell(document.bytes, 9),
      cell(ms(theirs.median_ms), 12),
      cell(ms(document.full_ms), 11),
      cell(`${Math.round(theirs.median_ms / document.full_ms)}x`, 14),
      cell(update ? ms(update.update_ms) : '-', 12),
      cell(update ? `${Math.round(theirs.median_ms / update.update_ms)}x` : '-', 17),
    ].join(' '),
  )
}
console.log('official: median of its runs (diagnostics: ' + official.map((line) => line.diagnostics).join(', ') + ')')
