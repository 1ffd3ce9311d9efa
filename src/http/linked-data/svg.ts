// Server-rendered SVG diagrams: a summit's participants and outcomes, and any entity's immediate neighbourhood.
import { html, joinHtml, safeUrl } from '../html.js';
import type { Html } from '../html.js';
import { namedNode } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { NS, OTS, RDF_ } from '../../vocab.js';
import type { GraphIndex } from './graph-index.js';
import { localName } from './graph-index.js';
import { hrefFor, isLocal } from './iri.js';
import { pageTitle, predicateLabel } from './labels.js';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Breaks a label into at most `maxLines` lines of about `width` characters, clipping the last one. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => clip(l, width));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = clip(`${lines.slice(maxLines - 1).join(' ')}`, width);
  return kept.map((l) => clip(l, width));
}

/** A labelled, linked box; the full label is the tooltip when the visible text is clipped. */
function node(box: Box, opts: { label: string; sub?: string; href: string; cls: string; max?: number; external?: boolean }): Html {
  const max = opts.max ?? Math.floor(box.w / 7.2);
  const cx = box.x + box.w / 2;
  const lineH = 15;
  const lines = wrapText(opts.label, max, opts.sub ? 1 : Math.max(1, Math.floor((box.h - 6) / lineH)));
  const total = lines.length + (opts.sub ? 1 : 0);
  const top = box.y + box.h / 2 - ((total - 1) * lineH) / 2 + 4.5;
  const rel = opts.external ? html` rel="external noopener"` : '';
  return html`<a href="${opts.href}"${rel} class="node ${opts.cls}"><title>${opts.label}${opts.sub ? ` (${opts.sub})` : ''}${opts.external ? ' (external site)' : ''}</title><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="8"/>${lines.map(
    (l, i) => html`<text x="${cx}" y="${top + i * lineH}" text-anchor="middle">${l}</text>`,
  )}${opts.sub ? html`<text x="${cx}" y="${top + lines.length * lineH}" text-anchor="middle" class="sub">${clip(opts.sub, max + 4)}</text>` : ''}</a>`;
}

/**
 * A curved edge. Its label sits beside the neighbour's box (`labelAt`), where edges are a row
 * apart, rather than in the middle, where a fan of edges converges and labels would overlap.
 */
function edge(x1: number, y1: number, x2: number, y2: number, label?: string, labelAt: 'start' | 'end' = 'end'): Html {
  const mx = (x1 + x2) / 2;
  const path = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
  if (!label) return html`<path d="${path}" class="edge"/>`;
  const text =
    labelAt === 'end'
      ? html`<text x="${x2 - 6}" y="${y2 - 5}" text-anchor="end" class="edge-label">${clip(label, 24)}</text>`
      : html`<text x="${x1 + 6}" y="${y1 - 5}" text-anchor="start" class="edge-label">${clip(label, 24)}</text>`;
  return html`<path d="${path}" class="edge"/>${text}`;
}

/** Each diagram is drawn twice: `wide` for screens with room beside it, `narrow` (one column) for phones; CSS shows one. */
export type Layout = 'wide' | 'narrow';

/** Narrow diagrams are drawn this wide, so that at a phone's width they show at about their natural size. */
export const NARROW_WIDTH = 360;

function svg(layout: Layout, width: number, height: number, title: string, desc: string, body: Html[]): Html {
  return html`<svg class="diagram ${layout}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="dg-title-${layout} dg-desc-${layout}" xmlns="http://www.w3.org/2000/svg"><title id="dg-title-${layout}">${title}</title><desc id="dg-desc-${layout}">${desc}</desc>${body}</svg>`;
}

/** Both layouts of a diagram, or undefined when there is nothing to draw. */
function both(draw: (layout: Layout) => Html | undefined): Html | undefined {
  const wide = draw('wide');
  const narrow = draw('narrow');
  return wide && narrow ? html`${wide}${narrow}` : wide;
}

function objects(g: GraphIndex, s: RDF.Term, p: string): RDF.Term[] {
  return g.statements(s, namedNode(p), null).map((q) => q.object);
}

const STATUS_CLASS: Readonly<Record<string, string>> = {
  [OTS.HostStatus]: 'host',
  [OTS.MemberStatus]: 'member',
  [OTS.ObserverStatus]: 'observer',
  [OTS.GuestStatus]: 'guest',
  [OTS.OrganizationStatus]: 'organization',
};

const STATUS_ORDER = ['host', 'member', 'observer', 'guest', 'organization'];

const OUTCOMES: readonly { readonly predicate: string; readonly heading: string }[] = [
  { predicate: OTS.decision, heading: 'Decided' },
  { predicate: OTS.declaration, heading: 'Declared' },
  { predicate: OTS.agreement, heading: 'Signed' },
  { predicate: OTS.awardConferral, heading: 'Awarded' },
  { predicate: OTS.chairmanshipTransfer, heading: 'Chairmanship' },
];

/**
 * The summit picture: each participating state (coloured by its status) joined to the person who
 * came for it and that person's role, all joined to the summit; on the right what it decided,
 * declared, signed and awarded. Returns undefined when the summit has neither participants nor outcomes.
 */
export function summitDiagram(g: GraphIndex, summit: RDF.NamedNode): Html | undefined {
  return both((layout) => summitLayout(g, summit, layout));
}

function summitLayout(g: GraphIndex, summit: RDF.NamedNode, layout: Layout): Html | undefined {
  const rowH = 46;
  const participations = objects(g, summit, OTS.participation)
    .filter((p): p is RDF.NamedNode => p.termType === 'NamedNode')
    .map((p) => {
      const participant = objects(g, p, OTS.participant)[0];
      const person = objects(g, p, OTS.representative)[0];
      const role = objects(g, p, OTS.roleName)[0];
      const status = objects(g, p, OTS.participantStatus)[0];
      return {
        p,
        participant: participant?.termType === 'NamedNode' ? participant : undefined,
        person: person?.termType === 'NamedNode' ? person : undefined,
        role: role?.value,
        status: status ? STATUS_CLASS[status.value] ?? 'member' : 'member',
      };
    })
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || (a.participant ? g.label(a.participant) : '').localeCompare(b.participant ? g.label(b.participant) : ''));
  const outcomeGroups = OUTCOMES.map((o) => ({
    heading: o.heading,
    items: objects(g, summit, o.predicate)
      .filter((x): x is RDF.NamedNode => x.termType === 'NamedNode')
      .sort((a, b) => {
        const pa = Number(objects(g, a, OTS.position)[0]?.value ?? NaN);
        const pb = Number(objects(g, b, OTS.position)[0]?.value ?? NaN);
        return Number.isFinite(pa) && Number.isFinite(pb) ? pa - pb : g.label(a).localeCompare(g.label(b));
      }),
  })).filter((o) => o.items.length > 0);
  if (participations.length === 0 && outcomeGroups.length === 0) return undefined;
  if (layout === 'narrow') return summitNarrow(g, summit, participations, outcomeGroups);

  const rightRows = outcomeGroups.reduce((n, o) => n + o.items.length + 1, 0);
  const rows = Math.max(participations.length, rightRows, 3);
  const width = 1100;
  const height = 60 + rows * rowH;
  const parts: Html[] = [];
  const summitBox: Box = { x: 470, y: height / 2 - 45, w: 180, h: 90 };
  parts.push(html`<text x="100" y="24" text-anchor="middle" class="heading">State</text><text x="315" y="24" text-anchor="middle" class="heading">Represented by</text><text x="880" y="24" text-anchor="middle" class="heading">Outcomes</text>`);

  participations.forEach((row, i) => {
    const y = 40 + i * rowH;
    const stateBox: Box = { x: 10, y, w: 180, h: 36 };
    const personBox: Box = { x: 230, y, w: 170, h: 40 };
    // A participation without a named participant (heads of various organisations) shows its own label.
    const who = row.participant ?? row.p;
    parts.push(node(stateBox, { label: pageTitle(g, who), href: hrefFor(who.value, g.base), cls: `state ${row.status}` }));
    if (row.person) {
      parts.push(edge(stateBox.x + stateBox.w, y + 18, personBox.x, y + 20));
      parts.push(node(personBox, { label: pageTitle(g, row.person), ...(row.role ? { sub: row.role } : {}), href: hrefFor(row.person.value, g.base), cls: 'person' }));
      parts.push(edge(personBox.x + personBox.w, y + 20, summitBox.x, summitBox.y + summitBox.h / 2));
    } else {
      // No person named: a dashed line through the empty slot (so it crosses no one's box), with the role if known.
      parts.push(html`<path d="M${stateBox.x + stateBox.w},${y + 18} H${personBox.x + personBox.w}" class="edge dashed"/>`);
      parts.push(html`<text x="${personBox.x + personBox.w / 2}" y="${y + 13}" text-anchor="middle" class="sub"><title>${row.role ?? 'no representative named'}</title>${clip(row.role ?? 'no representative named', 30)}</text>`);
      parts.push(edge(personBox.x + personBox.w, y + 18, summitBox.x, summitBox.y + summitBox.h / 2));
    }
  });

  let r = 0;
  for (const group of outcomeGroups) {
    parts.push(html`<text x="700" y="${40 + r * rowH + 26}" class="group">${group.heading}</text>`);
    r += 1;
    for (const item of group.items) {
      const y = 40 + r * rowH;
      const box: Box = { x: 790, y, w: 300, h: 36 };
      parts.push(edge(summitBox.x + summitBox.w, summitBox.y + summitBox.h / 2, box.x, y + 18));
      parts.push(node(box, { label: pageTitle(g, item), href: hrefFor(item.value, g.base), cls: `outcome ${group.heading.toLowerCase()}` }));
      r += 1;
    }
  }
  parts.push(node(summitBox, { label: pageTitle(g, summit), href: hrefFor(summit.value, g.base), cls: 'focus', max: 22 }));
  const legend = html`<g class="legend" transform="translate(10,${height - 14})">${STATUS_ORDER.map(
    (c, i) => html`<rect x="${i * 110}" y="-10" width="12" height="12" class="state ${c}"/><text x="${i * 110 + 18}" y="0">${c}</text>`,
  )}</g>`;
  parts.push(legend);
  const desc = `${participations.length} participants joined to their representatives, and ${rightRows - outcomeGroups.length} outcomes of ${g.label(summit)}.`;
  return svg('wide', width, height + 10, `Who came to ${g.label(summit)} and what it produced`, desc, parts);
}

/** The summit picture in one column: the summit, then each state beside its representative, then the outcomes. */
function summitNarrow(
  g: GraphIndex,
  summit: RDF.NamedNode,
  participations: readonly { p: RDF.NamedNode; participant: RDF.NamedNode | undefined; person: RDF.NamedNode | undefined; role: string | undefined; status: string }[],
  outcomeGroups: readonly { heading: string; items: RDF.NamedNode[] }[],
): Html {
  const W = NARROW_WIDTH;
  const parts: Html[] = [];
  const summitBox: Box = { x: 40, y: 8, w: W - 80, h: 56 };
  let y = summitBox.y + summitBox.h + 16;
  if (participations.length > 0) {
    parts.push(html`<text x="5" y="${y + 12}" class="heading">State</text><text x="${W - 5}" y="${y + 12}" text-anchor="end" class="heading">Represented by</text>`);
    y += 22;
    for (const row of participations) {
      const stateBox: Box = { x: 2, y, w: 146, h: 42 };
      const personBox: Box = { x: 168, y, w: W - 170, h: 42 };
      const who = row.participant ?? row.p;
      // Labels here are kept a little shorter than in the wide picture: on a phone the box is the frame's edge.
      parts.push(node(stateBox, { label: pageTitle(g, who), href: hrefFor(who.value, g.base), cls: `state ${row.status}`, max: 17 }));
      if (row.person) {
        parts.push(edge(stateBox.x + stateBox.w, y + 21, personBox.x, y + 21));
        parts.push(node(personBox, { label: pageTitle(g, row.person), ...(row.role ? { sub: row.role } : {}), href: hrefFor(row.person.value, g.base), cls: 'person', max: 23 }));
      } else {
        parts.push(html`<path d="M${stateBox.x + stateBox.w},${y + 21} H${personBox.x + 10}" class="edge dashed"/>`);
        parts.push(html`<text x="${personBox.x + 14}" y="${y + 25}" class="sub"><title>${row.role ?? 'no representative named'}</title>${clip(row.role ?? 'no representative named', 26)}</text>`);
      }
      y += 50;
    }
  }
  for (const group of outcomeGroups) {
    y += 8;
    parts.push(html`<text x="5" y="${y + 12}" class="group">${group.heading}</text>`);
    y += 20;
    for (const item of group.items) {
      parts.push(node({ x: 2, y, w: W - 4, h: 36 }, { label: pageTitle(g, item), href: hrefFor(item.value, g.base), cls: `outcome ${group.heading.toLowerCase()}`, max: 44 }));
      y += 44;
    }
  }
  parts.push(node(summitBox, { label: pageTitle(g, summit), href: hrefFor(summit.value, g.base), cls: 'focus', max: 30 }));
  y += 6;
  parts.push(html`<g class="legend" transform="translate(5,${y + 12})">${['host', 'member', 'observer', 'organization'].map(
    (c, i) => html`<rect x="${i * 88}" y="-10" width="12" height="12" class="state ${c}"/><text x="${i * 88 + 16}" y="0">${c}</text>`,
  )}</g>`);
  const outcomes = outcomeGroups.reduce((n, o) => n + o.items.length, 0);
  const desc = `${participations.length} participants beside their representatives, and ${outcomes} outcomes of ${g.label(summit)}.`;
  return svg('narrow', W, y + 22, `Who came to ${g.label(summit)} and what it produced`, desc, parts);
}

/** A disputed claim's box says so under its label, which reads like a fact. */
function claimSub(g: GraphIndex, t: RDF.Term): { sub?: string } {
  if (!g.hasType(t, OTS.Claim)) return {};
  const accepted = g.statements(t, namedNode(OTS.claimStatus), namedNode(OTS.Accepted)).length > 0;
  return { sub: accepted ? 'disputed claim, the variant stated as fact' : 'disputed claim, not a fact' };
}

/**
 * The neighbourhood picture: the entity in the middle, what it links to on the right and what
 * links to it on the left, each edge named by its property. At most `limit` neighbours a side.
 */
export function neighbourhoodDiagram(g: GraphIndex, focus: RDF.NamedNode, limit = 10): Html | undefined {
  return both((layout) => neighbourhoodLayout(g, focus, limit, layout));
}

function neighbourhoodLayout(g: GraphIndex, focus: RDF.NamedNode, limit: number, layout: Layout): Html | undefined {
  const skip = new Set<string>([RDF_.type]);
  const outgoing = g
    .statements(focus, null, null)
    .filter((q) => q.object.termType === 'NamedNode' && !skip.has(q.predicate.value) && q.object.value !== focus.value)
    // Things the graph describes first; external links (Wikidata) after them.
    .sort((a, b) => Number(g.knows(b.object.value)) - Number(g.knows(a.object.value)));
  const incoming = g.statements(null, null, focus).filter((q) => q.subject.termType === 'NamedNode' && q.subject.value !== focus.value);
  if (outgoing.length === 0 && incoming.length === 0) return undefined;
  const right = outgoing.slice(0, limit);
  const left = incoming.slice(0, limit);
  const outNode = (q: RDF.Quad, box: Box, max?: number): Html => {
    // Described in the data, or an ontology term this server documents: both are links inside the site.
    const known = g.knows(q.object.value) || isLocal(q.object.value, g.base);
    const label = known ? pageTitle(g, q.object) : q.object.value.startsWith(NS.wd) ? `Wikidata ${localName(q.object.value)}` : q.object.value;
    return node(box, { label, ...claimSub(g, q.object), href: known ? hrefFor(q.object.value, g.base) : safeUrl(q.object.value), cls: known ? 'neighbour' : 'neighbour external', external: !known, ...(max ? { max } : {}) });
  };
  const more = outgoing.length - right.length + (incoming.length - left.length);
  const desc = `${incoming.length} resources link to ${pageTitle(g, focus)}; it links to ${outgoing.length}.`;
  if (layout === 'narrow') {
    // One column: what links here, each under the name of its link, then the entity, then what it links to.
    const W = NARROW_WIDTH;
    const parts: Html[] = [];
    let y = 4;
    const column = (qs: readonly RDF.Quad[], heading: string, draw: (q: RDF.Quad, box: Box) => Html, linkText: (q: RDF.Quad) => string): void => {
      if (qs.length === 0) return;
      parts.push(html`<text x="5" y="${y + 12}" class="heading">${heading}</text>`);
      y += 20;
      for (const q of qs) {
        parts.push(html`<text x="14" y="${y + 11}" class="edge-label">${clip(linkText(q), 50)}</text>`);
        y += 15;
        parts.push(draw(q, { x: 10, y, w: W - 20, h: 36 }));
        y += 44;
      }
    };
    column(left, 'Links here', (q, box) => node(box, { label: pageTitle(g, q.subject), ...claimSub(g, q.subject), href: hrefFor(q.subject.value, g.base), cls: 'neighbour', max: 42 }), (q) => `is ${predicateLabel(g, q.predicate.value)} of`);
    const centre: Box = { x: 30, y: y + 6, w: W - 60, h: 56 };
    y = centre.y + centre.h + 12;
    column(right, 'Links to', (q, box) => outNode(q, box, 42), (q) => predicateLabel(g, q.predicate.value));
    parts.push(node(centre, { label: pageTitle(g, focus), ...claimSub(g, focus), href: hrefFor(focus.value, g.base), cls: 'focus', max: 34 }));
    if (more > 0) {
      parts.push(html`<text x="${W / 2}" y="${y + 12}" text-anchor="middle" class="sub">and ${more} more links, listed below</text>`);
      y += 20;
    }
    return svg('narrow', W, y + 4, `Neighbourhood of ${pageTitle(g, focus)}`, desc, [joinHtml(parts)]);
  }
  const rowH = 46;
  const rows = Math.max(right.length, left.length, 1);
  const width = 1000;
  const height = 40 + rows * rowH + 20;
  const centre: Box = { x: 400, y: height / 2 - 30, w: 200, h: 60 };
  const parts: Html[] = [];
  const yFor = (i: number, n: number): number => 20 + (height - 40) * ((i + 0.5) / n) - 18;
  left.forEach((q, i) => {
    const y = yFor(i, left.length);
    const box: Box = { x: 10, y, w: 220, h: 36 };
    parts.push(edge(box.x + box.w, y + 18, centre.x, centre.y + centre.h / 2, predicateLabel(g, q.predicate.value), 'start'));
    parts.push(node(box, { label: pageTitle(g, q.subject), ...claimSub(g, q.subject), href: hrefFor(q.subject.value, g.base), cls: 'neighbour' }));
  });
  right.forEach((q, i) => {
    const y = yFor(i, right.length);
    const box: Box = { x: 770, y, w: 220, h: 36 };
    parts.push(edge(centre.x + centre.w, centre.y + centre.h / 2, box.x, y + 18, predicateLabel(g, q.predicate.value)));
    parts.push(outNode(q, box));
  });
  parts.push(node(centre, { label: pageTitle(g, focus), ...claimSub(g, focus), href: hrefFor(focus.value, g.base), cls: 'focus', max: 24 }));
  if (more > 0) parts.push(html`<text x="${width / 2}" y="${height - 6}" text-anchor="middle" class="sub">and ${more} more links, listed below</text>`);
  return svg('wide', width, height, `Neighbourhood of ${pageTitle(g, focus)}`, desc, [joinHtml(parts)]);
}
