#!/usr/bin/env node
// Times a full validation by AWS's amazon-states-language-service (the
// version pinned in package.json) of each document named on the command
// line, for benches/compare.sh. One validation is what the AWS Toolkit does
// on every change of an ASL document: parse the text to the service's JSON
// tree, then doValidation (JSON schema, then the ASL rules).
//
// Usage: node official.js [--budget SECONDS] [--fewest N] [--most N] FILE...
// Prints one JSON line per file: bytes, diagnostics, runs, median_ms, min_ms.
'use strict'

const fs = require('fs')
const path = require('path')
const { performance } = require('perf_hooks')

const asl = require('amazon-states-language-service')
const { TextDocument } = require('vscode-languageserver-textdocument')

// The document settings the Toolkit's ASL server validates with.
const SETTINGS = { comments: 'error', trailingCommas: 'error' }

function options(argv) {
  const out = { budget: 10, fewest: 3, most: 50, files: [] }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (['--budget', '--fewest', '--most'].includes(flag)) {
      const value = Number(argv[++i])
      if (!(value >= 0)) throw new Error(`${flag} needs a number`)
      out[flag.slice(2)] = value
    } else if (flag.startsWith('--')) {
      throw new Error(`unknown option ${flag}`)
    } else {
      out.files.push(flag)
    }
  }
  if (!out.files.length) throw new Error('usage: node official.js [--budget S] [--fewest N] [--most N] FILE...')
  return out
}

// One validation of a fresh version of the document, as after an edit; returns [ms, diagnostics].
async function validate(service, uri, version, text) {
  const document = TextDocument.create(uri, 'asl', version, text)
  const start = performance.now()
  const tree = service.parseJSONDocument(document)
  const diagnostics = await service.doValidation(document, tree, SETTINGS)
  return [performance.now() - start, diagnostics.length]
}

async function main() {
  const opts = options(process.argv.slice(2))
  const service = asl.getLanguageService({})
  const version = JSON.parse(
    fs.readFileSync(path.join(__dirname, 'node_modules/amazon-states-language-service/package.json'), 'utf8'),
  ).version
  for (const file of opts.files) {
    const text = fs.readFileSync(file, 'utf8')
    const uri = 'file:///compare/' + path.basename(file)
    let edition = 1
    // Two uncounted runs: the schema is compiled and the code warmed on the first.
    const [, diagnostics] = await validate(service, uri, edition++, text)
    await validate(service, uri, edition++, text)
    const times = []
    const started = performance.now()
    while (
      times.length < opts.fewest ||
      (times.length < opts.most && performance.now() - started < opts.budget * 1000)
    ) {
      times.push((await validate(service, uri, edition++, text))[0])
    }
    times.sort((a, b) => a - b)
    const line = {
      file: path.basename(file),
      service: `amazon-states-language-service ${version}`,
      node: process.version,
      bytes: Buffer.byteLength(text, 'utf8'),
      diagnostics,
      runs: times.length,
      median_ms: times[times.length >> 1],
      min_ms: times[0],
    }
    process.stdout.write(JSON.stringify(line) + '\n')
  }
}

main().catch((error) => {
  process.stderr.write(`official.js: ${error && error.stack ? error.stack : error}\n`)
  process.exit(2)
})
