// Server-rendered SVG timelines on one time axis: the organisation's summits, its chairmanship as it passes from
// state to state and its memberships; and a person's summits on the same axis. Every mark is a link.
import { html, joinHtml } from '../html.js';
import type { Html } from '../html.js';
import { namedNode } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { NS, OTS, ORG, RDF_, SCHEMA } from '../../vocab.js';
import type { GraphIndex } from './graph-index.js';
import { hrefFor } from './iri.js';

/** A summit as the timeline draws it. */
export interface TimelineSummit {
  readonly node: RDF.NamedNode;
  readonly label: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly kind: 'regular' | 'extraordinary' | 'informal';
  readonly ordinal?: number;
}

/** A bar from one date to another (or to the end of the axis), linking to what it stands for. */
interface Bar {
  readonly label: string;
  readonly href: string;
  readonly from: string;
  readonly to?: string;
  readonly cls: string;
  readonly title: string;
}

const W = 1100;
const LEFT = 170;
const RIGHT = 20;
const ROW = 34;

const TIME_PREFIX = 'http://www.w3.org/2006/time#';

function dayOf(term: RDF.Term | undefined): string | undefined {
  const v = term?.termType === 'Literal' ? term.value : undefined;
  return v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined;
}

/** Every summit of the graph with a date, in order of date. */
export function summitsOf(g: GraphIndex): TimelineSummit[] {
  const out: TimelineSummit[] = [];
  // The summits come from the class's instances (one dataset-wide figure), then each one's own statements.
  for (const iri of g.instancesOf(OTS.Summit)) {
    const s = namedNode(iri);
    const date = dayOf(g.first(s, SCHEMA.startDate));
    if (!date || out.some((x) => x.node.value === s.value)) continue;
    const ord = g.first(s, OTS.ordinal);
    const kind = g.hasType(s, OTS.InformalSummit) ? 'informal' : g.hasType(s, OTS.ExtraordinarySummit) ? 'extraordinary' : 'regular';
    out.push({ node: s, label: g.label(s), date, kind, ...(ord ? { ordinal: Number(ord.value) } : {}) });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
}

/** The dates every timeline spans, so that all of them share one axis: every summit and every dated membership. */
export function axisDates(g: GraphIndex): string[] {
  const out = summitsOf(g).map((s) => s.date);
  for (const iri of g.instancesOf(OTS.Membership)) {
    const from = period(g, namedNode(iri)).from;
    if (from) out.push(from);
  }
  return out;
}

/** Maps dates to x: whole years from the first to the last date given. */
export function axis(dates: readonly string[]): { x: (date: string) => number; years: number[] } {
  const ys = dates.map((d) => Number(d.slice(0, 4)));
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys) + 1;
  const t0 = Date.UTC(y0, 0, 1);
  const t1 = Date.UTC(y1, 0, 1);
  const x = (date: string): number => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return LEFT + ((Date.UTC(y, m - 1, d) - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  };
  const years: number[] = [];
  for (let y = y0; y <= y1; y++) years.push(y);
  return { x, years };
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** One summit's mark: a circle (regular, with its number), a diamond (extraordinary) or a square (informal). */
function mark(g: GraphIndex, s: TimelineSummit, x: number, y: number, extra: { cls?: string; note?: string } = {}): Html {
  const title = `${s.label}, ${longDate(s.date)} (${s.kind}${s.ordinal ? `, no. ${s.ordinal}` : ''})${extra.note ? `: ${extra.note}` : ''}`;
  const cls = `mark ${s.kind}${extra.cls ? ` ${extra.cls}` : ''}`;
  const shape =
    s.kind === 'regular'
      ? html`<circle cx="${fmt(x)}" cy="${y}" r="9"/>${s.ordinal ? html`<text x="${fmt(x)}" y="${y + 4}" text-anchor="middle">${String(s.ordinal)}</text>` : ''}`
      : s.kind === 'extraordinary'
        ? html`<path d="M${fmt(x)},${y - 9} L${fmt(x + 9)},${y} L${fmt(x)},${y + 9} L${fmt(x - 9)},${y} Z"/>`
        : html`<rect x="${fmt(x - 7)}" y="${y - 7}" width="14" height="14"/>`;
  return html`<a href="${hrefFor(s.node.value, g.base)}" class="${cls}"><title>${title}</title>${shape}</a>`;
}

function bars(bs: readonly Bar[], x: (d: string) => number, end: number, y: number): Html[] {
  return bs.map((b) => {
    const x1 = x(b.from);
    const x2 = b.to ? x(b.to) : end;
    const w = Math.max(2, x2 - x1);
    // The label as it fits: whole, or its first letters (the full name is the tooltip).
    const room = Math.floor((w - 6) / 6.4);
    const shown = b.label.length <= room ? b.label : room >= 3 ? `${b.label.slice(0, room - 1)}.` : '';
    const label = shown ? html`<text x="${fmt(x1 + 3)}" y="${y + 4}">${shown}</text>` : '';
    return html`<a href="${b.href}" class="bar ${b.cls}"><title>${b.title}</title><rect x="${fmt(x1)}" y="${y - 10}" width="${fmt(w)}" height="20" rx="3"/>${label}</a>`;
  });
}

/**
 * The chairmanship as it passes. The graph's chairmanship terms (ots:Chairmanship, with their dates and the
 * summits where they began and ended) when it has them; otherwise the transfers recorded at the summits, each
 * term running from one transfer to the next.
 */
export function chairmanshipBars(g: GraphIndex, summits: readonly TimelineSummit[]): Bar[] {
  const terms = chairmanshipTerms(g, summits);
  if (terms.length > 0) return terms;
  const steps = summits.flatMap((s) =>
    g.statements(s.node, namedNode(OTS.chairmanshipTransfer), null).flatMap((q) => {
      const to = g.first(q.object, OTS.toChair);
      return to?.termType === 'NamedNode' ? [{ s, to }] : [];
    }),
  );
  // One colour per state, in order of first chairmanship.
  const states = [...new Set(steps.map((st) => st.to.value))];
  return steps.map((st, i) => {
    const next = steps[i + 1];
    const state = g.label(st.to);
    return {
      label: state,
      href: hrefFor(st.to.value, g.base),
      from: st.s.date,
      ...(next ? { to: next.s.date } : {}),
      cls: `chair c${states.indexOf(st.to.value) % 6}`,
      title: `${state} chairs from ${st.s.label} (${longDate(st.s.date)})${next ? ` to ${next.s.label} (${longDate(next.s.date)})` : ''}`,
    };
  });
}

function chairmanshipTerms(g: GraphIndex, summits: readonly TimelineSummit[]): Bar[] {
  const byNode = new Map(summits.map((s) => [s.node.value, s]));
  const at = (t: RDF.Term | undefined, date: string): string => {
    const s = t ? byNode.get(t.value) : undefined;
    return s ? `${s.label} (${longDate(date)})` : longDate(date);
  };
  const terms = g
    .statements(null, namedNode(RDF_.type), namedNode(OTS.Chairmanship))
    .map((q) => q.subject)
    .flatMap((c) => {
      const chair = g.first(c, OTS.chair);
      const from = dayOf(g.first(c, SCHEMA.startDate));
      return c.termType === 'NamedNode' && chair?.termType === 'NamedNode' && from ? [{ c, chair, from, to: dayOf(g.first(c, SCHEMA.endDate)) }] : [];
    })
    .sort((a, b) => a.from.localeCompare(b.from));
  const states = [...new Set(terms.map((t) => t.chair.value))];
  return terms.map((t) => {
    const state = g.label(t.chair);
    return {
      label: state,
      href: hrefFor(t.c.value, g.base),
      from: t.from,
      ...(t.to ? { to: t.to } : {}),
      cls: `chair c${states.indexOf(t.chair.value) % 6}`,
      title: `${state} chairs from ${at(g.first(t.c, OTS.startedAt), t.from)}${t.to ? ` to ${at(g.first(t.c, OTS.endedAt), t.to)}` : ''}`,
    };
  });
}

/** The start (and end) of a membership: on the membership itself, or on the interval of org:memberDuring. */
function period(g: GraphIndex, m: RDF.Term): { from?: string; to?: string } {
  const direct = { from: dayOf(g.first(m, SCHEMA.startDate)), to: dayOf(g.first(m, SCHEMA.endDate)) };
  const during = g.first(m, `${NS.org}memberDuring`);
  if (!during) return direct;
  const edge = (p: string): string | undefined => {
    const instant = g.first(during, TIME_PREFIX + p);
    return instant ? dayOf(g.first(instant, `${TIME_PREFIX}inXSDDate`)) ?? dayOf(g.first(instant, `${TIME_PREFIX}inXSDDateTime`)) : undefined;
  };
  return { from: direct.from ?? edge('hasBeginning'), to: direct.to ?? edge('hasEnd') };
}

/** The organisation's memberships that carry a start date, members first, one bar each. */
export function membershipBars(g: GraphIndex, org: RDF.NamedNode): Bar[] {
  const out: Array<Bar & { order: number }> = [];
  for (const q of g.statements(org, namedNode(OTS.membership), null)) {
    const m = q.object;
    const state = g.first(m, ORG.member);
    const { from, to } = period(g, m);
    if (!state || state.termType !== 'NamedNode' || !from) continue;
    const observer = g.first(m, ORG.role)?.value === OTS.ObserverRole;
    const name = g.label(state);
    out.push({
      label: name,
      href: hrefFor(m.termType === 'NamedNode' ? m.value : state.value, g.base),
      from,
      ...(to ? { to } : {}),
      cls: observer ? 'observer' : 'member',
      title: `${name}: ${observer ? 'observer' : 'member'} from ${longDate(from)}${to ? ` to ${longDate(to)}` : ''}`,
      order: observer ? 1 : 0,
    });
  }
  return out.sort((a, b) => a.order - b.order || a.from.localeCompare(b.from) || a.label.localeCompare(b.label));
}

/** Vertical offsets that keep marks closer than a mark's width from overlapping: every other one of a close run drops a little. */
export function stagger(xs: readonly number[]): number[] {
  const out: number[] = [];
  xs.forEach((x, i) => out.push(i > 0 && x - xs[i - 1]! < 20 && out[i - 1] === 0 ? 16 : 0));
  return out;
}

const STYLE = `
svg.timeline { display: block; max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
svg.timeline .grid { stroke: #d8dde6; }
svg.timeline .year { fill: #5b6475; }
svg.timeline .row { fill: #1d2330; font-weight: 600; }
svg.timeline .mark circle, svg.timeline .mark path, svg.timeline .mark rect { stroke: #12304f; stroke-width: 1.2; }
svg.timeline .mark.regular circle { fill: #3b82c4; }
svg.timeline .mark.extraordinary path { fill: #e0673a; }
svg.timeline .mark.informal rect { fill: #4aa37a; }
svg.timeline .mark text { fill: #fff; font-size: 10px; font-weight: 700; }
svg.timeline .mark.absent circle, svg.timeline .mark.absent path, svg.timeline .mark.absent rect { fill: #eef1f6; stroke: #b8c0cc; }
svg.timeline .mark.absent text { fill: #8a93a3; }
svg.timeline a:hover circle, svg.timeline a:hover path, svg.timeline a:hover rect, svg.timeline a:focus rect { stroke: #0b5cad; stroke-width: 2.5; }
svg.timeline .bar rect { stroke: #fff; stroke-width: 1; }
svg.timeline .bar.chair.c0 rect { fill: #f2b134; }
svg.timeline .bar.chair.c1 rect { fill: #f6cf7a; }
svg.timeline .bar.chair.c2 rect { fill: #e39a3b; }
svg.timeline .bar.chair.c3 rect { fill: #f9e2a8; }
svg.timeline .bar.chair.c4 rect { fill: #d9b25a; }
svg.timeline .bar.chair.c5 rect { fill: #efc04f; }
svg.timeline .bar.member rect { fill: #3b82c4; }
svg.timeline .bar.observer rect { fill: #9b8ad0; }
svg.timeline .bar text { fill: #fff; font-size: 11px; }
svg.timeline .bar.chair text { fill: #1d2330; }
svg.timeline .legend text { fill: #5b6475; }
`;

function frame(height: number, id: string, title: string, desc: string, years: readonly number[], x: (d: string) => number, body: Html[]): Html {
  const grid = years.map((y) => {
    const gx = fmt(x(`${y}-01-01`));
    return html`<line x1="${gx}" y1="18" x2="${gx}" y2="${height - 30}" class="grid"/><text x="${gx}" y="12" text-anchor="middle" class="year">${String(y)}</text>`;
  });
  const legend = html`<g class="legend" transform="translate(${LEFT},${height - 12})"><circle cx="6" cy="-4" r="6" fill="#3b82c4"/><text x="16" y="0">regular (number)</text><path d="M136,-10 L142,-4 L136,2 L130,-4 Z" fill="#e0673a"/><text x="148" y="0">extraordinary</text><rect x="246" y="-9" width="10" height="10" fill="#4aa37a"/><text x="262" y="0">informal</text></g>`;
  return html`<svg class="timeline" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${desc}</desc><style>${STYLE}</style>${joinHtml(grid)}${joinHtml(body)}${legend}</svg>`;
}

/**
 * The organisation's timeline: its summits by date and kind, the chairmanship from summit to summit, and its
 * memberships and observer statuses that carry a start date. Undefined when it organised no dated summit.
 */
export function organisationTimeline(g: GraphIndex, org: RDF.NamedNode): Html | undefined {
  const summits = summitsOf(g).filter((s) => g.statements(s.node, namedNode(OTS.organizedBy), org).length > 0);
  if (summits.length === 0) return undefined;
  const members = membershipBars(g, org);
  const chair = chairmanshipBars(g, summits);
  const { x, years } = axis(axisDates(g));
  const end = W - RIGHT;
  const body: Html[] = [];
  let y = 40;
  body.push(html`<text x="8" y="${y + 4}" class="row">Summits</text>`);
  const dys = stagger(summits.map((s) => x(s.date)));
  summits.forEach((s, i) => body.push(mark(g, s, x(s.date), y + dys[i]!)));
  y += ROW + 10;
  if (chair.length > 0) {
    body.push(html`<text x="8" y="${y + 4}" class="row">Chairmanship</text>`, ...bars(chair, x, end, y));
    y += ROW;
  }
  if (members.length > 0) {
    body.push(html`<text x="8" y="${y + 4}" class="row">Members</text>`, html`<text x="8" y="${y + 20}" class="year">and observers</text>`);
    for (const m of members) {
      body.push(...bars([m], x, end, y));
      y += 24;
    }
  }
  const height = y + 30;
  const desc = `${summits.length} summits from ${summits[0]!.date} to ${summits[summits.length - 1]!.date}; ${chair.length} chairmanship periods; ${members.length} dated memberships.`;
  return frame(height, 'tl', `Timeline of ${g.label(org)}`, desc, years, x, body);
}

/** A person's summits (attended as a representative) on the axis of all summits; the others are drawn faint. */
export function personTimeline(g: GraphIndex, person: RDF.NamedNode): Html | undefined {
  const all = summitsOf(g);
  const roles = new Map<string, string>();
  for (const q of g.statements(null, namedNode(OTS.representative), person)) {
    // The meeting of a participation: its ots:inEvent, or the summit that lists it.
    const event = g.first(q.subject, OTS.inEvent) ?? g.statements(null, namedNode(OTS.participation), q.subject)[0]?.subject;
    if (!event) continue;
    const role = g.first(q.subject, OTS.roleName)?.value;
    const prev = roles.get(event.value);
    roles.set(event.value, [prev, role].filter(Boolean).join('; '));
  }
  const attended = all.filter((s) => roles.has(s.node.value));
  if (attended.length === 0) return undefined;
  const { x, years } = axis(axisDates(g));
  const y = 40;
  const body: Html[] = [html`<text x="8" y="${y + 4}" class="row">Summits attended</text>`];
  const dys = stagger(all.map((s) => x(s.date)));
  all.forEach((s, i) => {
    const role = roles.get(s.node.value);
    body.push(mark(g, s, x(s.date), y + dys[i]!, role === undefined ? { cls: 'absent', note: 'not attended' } : { note: role || 'attended' }));
  });
  const desc = `${g.label(person)} attended ${attended.length} of the ${all.length} summits.`;
  return frame(y + 30 + 30, 'tp', `Summits attended by ${g.label(person)}`, desc, years, x, body);
}

/** The timeline figure for a page, or nothing: for an organisation that held summits, or a person who attended them. */
export function timelineFigure(g: GraphIndex, node: RDF.Term): Html | '' {
  const t = node.termType === 'NamedNode' ? timelineFor(g, node) : undefined;
  return t ? html`<figure class="timeline-wrap">${t.svg}<figcaption>${t.caption}</figcaption></figure>` : '';
}

/** The timeline for a page, if its subject has one, with its caption. */
export function timelineFor(g: GraphIndex, node: RDF.NamedNode): { svg: Html; caption: string } | undefined {
  if (g.hasType(node, OTS.Organization)) {
    const svg = organisationTimeline(g, node);
    return svg ? { svg, caption: 'Summits by date and kind, the chairmanship as it passed, and the dated memberships. Each mark is a link.' } : undefined;
  }
  if (g.hasType(node, SCHEMA.Person)) {
    const svg = personTimeline(g, node);
    return svg ? { svg, caption: 'The summits attended, on the time axis of all summits (faint: not attended). Each mark is a link.' } : undefined;
  }
  return undefined;
}
