// Baseline (d): the GoRules ZEN engine evaluating the seed plan's eligibility rules
// (eligibility.json, a JDM decision graph) once per candidate; ranking, quotas and the
// Bằng khen's precedence in JavaScript, as a ZEN user would have to write them.
// Prints the selection as `award<TAB>entity<TAB>id` lines, best rank first (selection.py).
//
//   node baseline_zen.js DATA.json
'use strict';
const fs = require('fs');
const path = require('path');
const { ZenEngine } = require('@gorules/zen-engine');

async function main() {
  const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const engine = new ZenEngine();
  const decision = engine.createDecision(JSON.parse(fs.readFileSync(path.join(__dirname, 'eligibility.json'))));

  // "No member disciplined" needs every person: computed here and given to ZEN as a fact.
  const disciplinedUnits = new Set(data.persons.filter((p) => p.disciplined).map((p) => p.unit));
  const candidates = [
    ...data.units.map((u) => ({ kind: 'unit', record: u, input: { ...u, kind: 'unit', member_disciplined: disciplinedUnits.has(u.id) } })),
    ...data.persons.map((p) => ({ kind: 'person', record: p, input: { ...p, kind: 'person' } })),
  ];
  const batch = 1000;  // evaluations in flight at once
  const eligible = new Array(candidates.length);
  for (let start = 0; start < candidates.length; start += batch) {
    const slice = candidates.slice(start, start + batch);
    const results = await Promise.all(slice.map((c) => decision.evaluate(c.input)));
    results.forEach((r, i) => {
      eligible[start + i] = slice[i].kind === 'unit' ? r.result.unit_eligible : r.result.person_eligible;
    });
  }

  const byId = (a, b) => (Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)));
  const units = candidates.filter((c, i) => c.kind === 'unit' && eligible[i]).map((c) => c.record);
  const persons = candidates.filter((c, i) => c.kind === 'person' && eligible[i]).map((c) => c.record);
  units.sort((a, b) => (b.score - a.score) || (b.recognized_initiatives - a.recognized_initiatives) || byId(a, b));
  persons.sort((a, b) => ((b.initiatives >= 1) - (a.initiatives >= 1)) || (b.score - a.score) ||
                         (b.initiatives - a.initiatives) || byId(a, b));

  const open = data.board.par_index === 'xuat_sac' || data.board.par_index === 'Xuất sắc';
  const bangUnits = open ? units.slice(0, 1) : [];
  const bangPersons = open ? persons.slice(0, 2) : [];
  const giayUnits = units.slice(bangUnits.length);
  const giayPersons = persons.slice(bangPersons.length, bangPersons.length + Math.floor(data.persons.length / 5));
  const lines = [];
  for (const [award, entity, list] of [['bang_khen', 'Unit', bangUnits], ['bang_khen', 'Person', bangPersons],
                                       ['giay_khen', 'Unit', giayUnits], ['giay_khen', 'Person', giayPersons]])
    for (const r of list) lines.push(`${award}\t${entity}\t${r.id}\n`);
  process.stdout.write(lines.join(''));
}

main().catch((e) => { console.error(e); process.exit(1); });
