// Invoice run benchmark: one local month with 20,000 completed reservations of 200 organizations; generate the
// month's drafts, then issue every one of them, as finance would. Runs against the BUILT app (`npm run bench --
// --only=invoices` builds first). `--write` records the figures in docs/performance.md, "Invoice run".
import { WRITE, addOrganizations, addSegments, call, fmt, localTime, machine, markdownTable, say, timed, verdict, withApp, writeSection } from './harness.mjs';

const RESERVATIONS = 20_000;
const ORGANIZATIONS = 200; // the 5 demo ones + 195
const GENERATED_SEGMENTS = 43; // + the 17 demo segments = 60
const GOAL_MS = 10_000;
const MiB = 2 ** 20;

// Development figures (2026-11-26, same machine, shared with other test runs: load average 6–9 on its 2 cores).
const PROFILE = `### Profile, before / after

| version | generate (ms) | issue all (ms) | total (ms) | peak RSS (MiB) |
|---|---:|---:|---:|---:|
| first version | 29,397.9 | 9,430.6 | 38,828.5 | 388 |
| rate cards in one query, add-on prices per organization, issue without rewriting lines | 5,690.1 | 4,220.0 | 9,910.1 | 374 |
| + zone lookups: one per instant, the zone check cached | 2,383.5 | 2,563.8 | 4,947.3 | 374 |

(Those runs analysed but did not vacuum after the bulk load, so autovacuum could start on the 20,000 new
reservations during the timed run; on 2 cores some runs took twice as long. The benchmark now runs
\`VACUUM ANALYZE\` after its bulk load, as autovacuum would have done by then.)

The CPU profile (\`node --cpu-prof --cpu-prof-dir=DIR test/bench/invoices.bench.mjs\`, summarised by
\`node test/bench/profile-summary.mjs DIR\`) of the first version was 59 % idle (waiting for PostgreSQL) and 14 % in
\`writev\` (sending queries): generating asked the database once per reservation for its rate card
(\`BillingRepository.rateCardFor\`, 20,000 queries) and twice more for each reservation with add-ons (the catalog's
organization and items). In the JavaScript, \`checkZone\` of \`pricing.ts\` built an \`Intl.DateTimeFormat\` for every priced
reservation (1.4 s), and zone lookups (\`tzOffset\`, 1.3–2 s) came from local dates and clocks asked through
\`date-fns\` for every 30-minute increment (surcharges) and every line's description. Changes (\`src/billing\`):

- \`ChargesService.cardsFor\`: the month's cards of all segments in one query (\`BillingRepository.rateCardsUpTo\`), picked
  per reservation by its local date; \`AddOnPrices\`: the catalog's prices of an add-on list once per organization.
- \`wall-clock.ts\`: local date, minute and weekday from one zone lookup, and for a stay's increments one offset when it
  is the same at both ends (≤ 2 days); \`checkZone\` remembers valid zones.
- Generating locks every organization's month, deletes the old drafts, re-reads the claimed charges and inserts the
  drafts with all their lines in one statement each (it was ~8 statements per organization), and asks for funding
  only for organizations enrolled in a programme (\`BillingRepository.lockPeriods\`, \`deleteDrafts\`,
  \`enrolledOrganizations\`, \`insertDrafts\`): 2,384 → 2,351 ms on that machine, the round trips were no longer what
  mattered, but they are 1,600 fewer.
- Issuing recomputes the funding lines as before but rewrites the lines only when they changed (they rarely do: each
  rewrite deleted and inserted every line through the row triggers), and answers with the view it read inside its
  transaction instead of reading it again. Views of many invoices group lines once instead of filtering all lines per
  invoice; drafts collect lines by push instead of copying each organization's list per line.

What is left of generating (2.35 s, profiled alone): ~1 s waiting for PostgreSQL (reading the month's 20,000
reservations, inserting 22,000 lines through the per-row guard trigger of migration BillingGuards, reading them back
for the answer) and ~1.3 s of JavaScript, of which zone lookups are still ~0.2 s (four or five per reservation:
its date for the card, the clock of its start and end for the description, the offsets of its stay for the
surcharges; a per-zone offset cache in \`src/segments/local-time.ts\` would remove them) and garbage collection ~0.2 s.
Issuing is ~15 statements per invoice, most of them the locks and the checks of the billing invariants (gapless
numbering, claimed charges, funding caps), which stay; 200 invoices issued by one client one after the other take
~17 ms each. The memory figures are the whole
process (app and benchmark): the draft answer of 200 invoices and ~22,000 lines is the largest single allocation.`;

/** Peak resident set size (and heap) of this process while `fn` runs, sampled every 5 ms. */
async function peakMemory(fn) {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await timed(fn);
    sample();
    return { ...result, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

await withApp(async (bench) => {
  const { app, db } = bench;
  await addSegments(db, GENERATED_SEGMENTS);
  await addOrganizations(db, ORGANIZATIONS - 5);
  const { midnight, dateOf, addDays, month } = await localTime();
  // the last complete local month
  const period = month(addDays(`${month(dateOf(new Date()))}-01`, -1));
  const first = `${period}-01`;
  const days = Number(addDays(`${month(addDays(first, 31))}-01`, -1).slice(8));

  const started = Date.now();
  // Rate cards: the demo ones (from 1 January of the seed year); every segment without a card in force on the
  // month's first day gets one from that day, priced like the demo cards (member discount, night and Saturday surcharges).
  await db.query(
    `INSERT INTO rate_cards (segment_id, effective_from, hourly_rate, per_vehicle_hourly_rate, member_discount_percent, billing_increment_minutes,
                             minimum_billable_minutes, surcharges)
     SELECT s.id, $1::date, CASE WHEN sh.shared THEN NULL ELSE 150000 END, CASE WHEN sh.shared THEN 60000 END, 20, 30, 60,
            '[{"name":"야간 night","days":["mon","tue","wed","thu","fri"],"from":"18:00","to":"20:00","percent":30},
              {"name":"토요일 Saturday","days":["sat"],"from":"00:00","to":"24:00","percent":50}]'::jsonb
       FROM segments s, LATERAL (SELECT s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id) AS shared) sh
      WHERE NOT EXISTS (SELECT 1 FROM rate_cards r WHERE r.segment_id = s.id AND r.effective_from <= $1::date)`,
    [first],
  );
  // 20,000 completed reservations, 100 per organization, spread over the month and the 60 segments: 1–4 hours
  // between 08:00 and 20:00 local, checked in at the start and out at the end (every seventh 30 minutes late:
  // overrun), every tenth with a test driver as add-on (priced when booked).
  await db.query(
    `WITH seg AS (SELECT array_agg(id ORDER BY code) AS ids FROM segments),
          org AS (SELECT array_agg(id ORDER BY created_at, id) AS ids FROM organizations)
     INSERT INTO reservations (organization_id, segment_id, start_at, end_at, vehicles, status, actual_start, actual_end, add_ons, purpose)
     SELECT org.ids[1 + g % array_length(org.ids, 1)], s.id, st, en,
            CASE WHEN s.capacity_mode = 'shared' THEN 1 + g % s.max_vehicles ELSE 1 END, 'completed',
            st, en + CASE WHEN g % 7 = 0 THEN interval '30 minutes' ELSE interval '0' END,
            CASE WHEN g % 10 = 0 THEN '[{"itemCode":"TEST-DRIVER","quantity":2,"unitPrice":80000}]'::jsonb ELSE '[]'::jsonb END, 'bench'
       FROM seg, org, generate_series(1, $2::int) g
       JOIN segments s ON s.id = (SELECT ids[1 + (g * 7) % array_length(ids, 1)] FROM seg),
            LATERAL (SELECT $1::timestamptz + make_interval(days => g % $3::int, hours => 8 + g % 9) AS st) x,
            LATERAL (SELECT st + make_interval(hours => 1 + g % 4) AS en) y`,
    [midnight(first), RESERVATIONS, days],
  );
  // what autovacuum would do after the bulk load, done now rather than during the timed run
  await db.query(`VACUUM ANALYZE reservations, rate_cards, organizations`);
  const [{ reservations, organizations }] = await db.query(
    `SELECT count(*)::int AS reservations, count(DISTINCT organization_id)::int AS organizations
       FROM reservations WHERE status = 'completed' AND start_at >= $1 AND start_at < $2`,
    [midnight(first), midnight(addDays(first, days))],
  );
  say(`seeded ${reservations} completed reservations of ${organizations} organizations in ${period} in ${Date.now() - started} ms`);

  const token = await bench.tokenFor('finance');
  const before = process.memoryUsage().rss;
  const generated = await peakMemory(() => call(app, { method: 'POST', url: '/api/v1/invoices/generate', token, body: { period } }));
  const drafts = generated.value.items;
  const lines = drafts.reduce((n, i) => n + i.lines.length, 0);
  if (drafts.length !== ORGANIZATIONS) throw new Error(`${drafts.length} drafts, ${ORGANIZATIONS} expected`);
  say(`generate: ${drafts.length} drafts, ${lines} lines, ${fmt(generated.ms)} ms`);
  // Issued one after another, as a finance client walking the list would (numbering is serialized anyway).
  const issued = await peakMemory(async () => {
    for (const draft of drafts) {
      const invoice = await call(app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/issue`, token });
      if (invoice.status !== 'issued') throw new Error(`invoice ${draft.id}: ${invoice.status}`);
    }
  });
  say(`issue: ${drafts.length} invoices, ${fmt(issued.ms)} ms`);
  const [{ numbered }] = await db.query(`SELECT count(*)::int AS numbered FROM invoices WHERE period = $1 AND status = 'issued'`, [period]);
  if (numbered !== ORGANIZATIONS) throw new Error(`${numbered} issued invoices`);
  const total = generated.ms + issued.ms;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const mib = (bytes) => (bytes / MiB).toFixed(0);
  const table = markdownTable(
    ['step', 'organizations', 'reservations', 'invoice lines', 'time (ms)', 'peak RSS (MiB)', 'peak heap (MiB)'],
    [
      ['generate (one request)', organizations, reservations.toLocaleString('en'), lines.toLocaleString('en'), fmt(generated.ms), mib(generated.rss), mib(generated.heap)],
      [`issue every draft (${drafts.length} requests, one at a time)`, organizations, reservations.toLocaleString('en'), lines.toLocaleString('en'), fmt(issued.ms), mib(issued.rss), mib(issued.heap)],
      [`**generate + issue all** (goal < ${GOAL_MS / 1000} s: ${verdict(total, GOAL_MS)})`, '', '', '', `**${fmt(total)}**`, mib(Math.max(generated.rss, issued.rss)), mib(Math.max(generated.heap, issued.heap))],
    ],
  );
  say('');
  say(table);
  say(`\nRSS before the run ${mib(before)} MiB; process maxRSS (whole run, seeding included) ${mib(maxRss)} MiB`);
  say(`goal generate + issue all < ${GOAL_MS} ms: ${verdict(total, GOAL_MS)}`);

  if (WRITE) {
    await writeSection(
      'Invoice run',
      [
        `\`POST /api/v1/invoices/generate\` for the last complete local month (${period}, Asia/Seoul), then \`POST /api/v1/invoices/:id/issue\``,
        `for every draft, one request after the other (as a finance client walking the list would; numbering is serialized`,
        `anyway). ${reservations.toLocaleString('en')} completed reservations (checked in and out; every seventh overran 30 minutes, every tenth`,
        `has an add-on) of ${organizations} organizations on the ${GENERATED_SEGMENTS + 17} segments, priced by rate cards with member discount and surcharges;`,
        'the demo funding programmes apply to their demo enrolments. In-process (`app.inject`), the app and the benchmark in one',
        `process: the memory columns are that process's peak resident set and heap, sampled every 5 ms (RSS before the run`,
        `${mib(before)} MiB). Goal: generate + issue all < ${GOAL_MS / 1000} s.`,
        '',
        'Reproduce: `npm run bench -- --only=invoices` (add `--write` to update this section).',
        '',
        table,
        '',
        `Machine: ${machine()}. Recorded ${new Date().toISOString().slice(0, 10)}.`,
        '',
        PROFILE,
      ].join('\n'),
    );
  }
});
