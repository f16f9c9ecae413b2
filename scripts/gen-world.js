#!/usr/bin/env node
// Regenerates data/geo/countries-110m.json: the country outlines the dashboard's map draws.
//
// usage: node scripts/gen-world.js WORLD_ATLAS_DIR
//   WORLD_ATLAS_DIR  the unpacked npm package world-atlas@2.0.2 (outside the repo), e.g.
//                      mkdir /tmp/wa && cd /tmp/wa && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//                    then WORLD_ATLAS_DIR is /tmp/wa/package
// The package's countries-110m.json (Natural Earth 1:110m admin-0 countries, public domain, as
// TopoJSON) is copied with only its `countries` object (the `land` object, unused, is dropped)
// and its keys sorted, so the output is deterministic. Sources: data/geo/SOURCES.md.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
if (!dir) { console.error('usage: gen-world.js WORLD_ATLAS_DIR'); process.exit(2); }
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
if (pkg.name !== 'world-atlas') { console.error(`${dir} is not the world-atlas package`); process.exit(2); }
const topo = JSON.parse(fs.readFileSync(path.join(dir, 'countries-110m.json'), 'utf8'));
const countries = topo.objects.countries;
// Arcs used by the countries only (the land object shares them, so all are kept; check it).
let maxArc = -1;
const walk = (a) => { if (Array.isArray(a)) a.forEach(walk); else maxArc = Math.max(maxArc, a < 0 ? ~a : a); };
countries.geometries.forEach((g) => walk(g.arcs));
if (maxArc >= topo.arcs.length) { console.error('an arc index is out of range'); process.exit(1); }
const sortKeys = (v) => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
};
const out = sortKeys({
  type: 'Topology',
  bbox: topo.bbox,
  transform: topo.transform,
  objects: { countries },
  arcs: topo.arcs,
});
const file = path.join(__dirname, '..', 'data', 'geo', 'countries-110m.json');
fs.writeFileSync(file, JSON.stringify(out) + '\n');
console.error(`wrote ${file}: ${countries.geometries.length} countries, ${topo.arcs.length} arcs (world-atlas ${pkg.version})`);
