// The site's one stylesheet, served at /assets/site.css: readable on a phone, no web fonts, no external requests.

export const SITE_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d8dde6; --accent: #0b5cad; --bg: #fff; --soft: #f4f6fa;
  --host: #f2b134; --member: #3b82c4; --observer: #9b8ad0; --organization: #4aa37a; --guest: #6b7587; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
header.site { background: #12304f; color: #fff; }
header.site nav { max-width: 1100px; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: baseline; }
header.site a { color: #fff; text-decoration: none; }
header.site a.brand { font-weight: 700; font-size: 1.1rem; margin-right: auto; }
header.site form.search { max-width: 1100px; margin: 0 auto; padding: 0 1rem .6rem; display: flex; gap: .4rem; }
header.site form.search input { flex: 1 1 auto; min-width: 0; font: inherit; padding: .25rem .5rem; border-radius: 4px; border: 1px solid #5a7394; }
header.site form.search button, form.search-big button { font: inherit; padding: .25rem .8rem; border-radius: 4px; border: 1px solid #5a7394; background: var(--soft); cursor: pointer; }
form.search-big { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: .5rem 0 1rem; }
form.search-big input { flex: 1 1 14rem; min-width: 0; font: inherit; padding: .3rem .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
ul.list, ol.results { padding-left: 1.4rem; }
ul.list li, ol.results li { margin-bottom: .35rem; overflow-wrap: anywhere; }
ul.list .types .badge, ol.results .types .badge { font-size: .8rem; margin: 0 0 0 .3rem; }
nav.pager { margin: .6rem 0; }
table.linkset td:first-child { white-space: nowrap; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; overflow-wrap: break-word; }
footer.site { max-width: 1100px; margin: 2rem auto 0; padding: 1rem; color: var(--muted); font-size: .9rem; border-top: 1px solid var(--line); }
h1 { font-size: 1.8rem; line-height: 1.25; margin: .4rem 0 .3rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.types { margin: 0 0 .6rem; }
.badge { display: inline-block; background: var(--soft); border: 1px solid var(--line); border-radius: 999px; padding: 0 .6rem; margin: 0 .3rem .3rem 0; font-size: .9rem; }
.badge.claim { background: #fff4e0; border-color: #e0a040; color: #7a4a00; font-size: .8rem; }
.claim-note { background: #fff4e0; border-left: 4px solid #e0a040; padding: .5rem .8rem; }
.iri { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; color: var(--muted); overflow-wrap: anywhere; }
.formats { font-size: .9rem; color: var(--muted); }
.formats a { margin-right: .5rem; }
dl.props { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .5rem 1rem; margin: 0; }
dl.props dt { font-weight: 600; color: var(--muted); overflow-wrap: anywhere; }
dl.props dd { margin: 0; }
dl.props dd ul { list-style: none; margin: 0; padding: 0; }
dl.props dd li { margin-bottom: .25rem; overflow-wrap: anywhere; }
.lang { font-size: .75rem; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 .25rem; margin-left: .3rem; }
.ext { font-size: .8rem; color: var(--muted); }
sup.cite a { text-decoration: none; font-size: .75rem; }
ol.sources li { margin-bottom: .8rem; }
ol.sources .evidence + .evidence { margin-top: .35rem; }
blockquote { margin: .3rem 0; padding: .3rem .8rem; border-left: 4px solid var(--line); background: var(--soft); }
.meta { color: var(--muted); font-size: .9rem; }
figure.diagram-wrap { margin: 1rem 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fbfcfe; }
figure.diagram-wrap figcaption { font-size: .85rem; color: var(--muted); padding: .3rem .8rem; }
figure.timeline-wrap { margin: 1rem 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fbfcfe; }
figure.timeline-wrap figcaption { font-size: .85rem; color: var(--muted); padding: .3rem .8rem; position: sticky; left: 0; }
svg.timeline { display: block; width: 100%; min-width: 720px; height: auto; }
svg.diagram { display: block; max-width: 100%; height: auto; font: 13px system-ui, sans-serif; }
svg.diagram.narrow { display: none; }
svg.diagram .node rect { fill: #fff; stroke: #7d8aa3; stroke-width: 1.2; }
svg.diagram .node:hover rect, svg.diagram .node:focus rect { stroke: var(--accent); stroke-width: 2.5; }
svg.diagram .node text { fill: var(--fg); }
svg.diagram .focus rect { fill: #12304f; stroke: #12304f; }
svg.diagram .focus text { fill: #fff; font-weight: 700; }
svg.diagram .focus text.sub { fill: #d6deea; font-weight: 400; }
svg.diagram .state.host, svg.diagram .node.state.host rect { fill: var(--host); }
svg.diagram .state.member, svg.diagram .node.state.member rect { fill: var(--member); }
svg.diagram .state.observer, svg.diagram .node.state.observer rect { fill: var(--observer); }
svg.diagram .state.organization, svg.diagram .node.state.organization rect { fill: var(--organization); }
svg.diagram .state.guest, svg.diagram .node.state.guest rect { fill: var(--guest); }
svg.diagram .node.state text { fill: #fff; font-weight: 600; }
svg.diagram .node.state.host text { fill: #1d2330; }
svg.diagram .sub { fill: var(--muted); font-size: 11.5px; }
svg.diagram .edge { fill: none; stroke: #9aa6bb; stroke-width: 1.4; }
svg.diagram .edge.dashed { stroke-dasharray: 4 3; }
svg.diagram .node.external rect { stroke-dasharray: 5 3; fill: #f7f7f2; }
svg.diagram .edge-label { fill: var(--muted); font-size: 11px; }
svg.diagram .heading, svg.diagram .group { fill: var(--muted); font-weight: 700; }
svg.diagram .legend text { fill: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; }
.card h3 { margin: 0 0 .4rem; font-size: 1.05rem; }
.examples { list-style: none; padding: 0; display: grid; gap: .4rem; grid-template-columns: repeat(auto-fill, minmax(min(22rem, 100%), 1fr)); }
.examples button { font: inherit; font-size: .9rem; line-height: 1.35; text-align: left; width: 100%; height: 100%; padding: .45rem .7rem; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); cursor: pointer; }
.examples button:hover, .examples button:focus { border-color: var(--accent); }
.stat { font-size: 1.6rem; font-weight: 700; display: block; }
pre { background: var(--soft); padding: .6rem; overflow-x: auto; font-size: .85rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#yasgui { min-height: 30rem; }
@media (max-width: 640px) {
  body { font-size: 15px; }
  dl.props { grid-template-columns: 1fr; gap: .1rem; }
  dl.props dd { margin-bottom: .7rem; }
  h1 { font-size: 1.45rem; }
  th, td { padding: .3rem; }
  /* Each diagram is also drawn in one column for phones: that one shows, at the width of its frame. */
  svg.diagram.wide { display: none; }
  svg.diagram.narrow { display: block; width: 100%; }
  /* The dumps table becomes one card a file, each value under its column's name, so no word is broken. */
  table.dumps thead { display: none; }
  table.dumps, table.dumps tbody, table.dumps tr, table.dumps td { display: block; width: 100%; }
  table.dumps tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .6rem; padding: .3rem .6rem; }
  table.dumps td, table.dumps td.num { border: 0; padding: .1rem 0; text-align: left; overflow-wrap: break-word; }
  table.dumps td::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
  table.dumps td:first-child::before { content: none; }
  table.dumps td:first-child { font-weight: 600; }
}
`;
