/**
 * The board pack's style sheet, inlined into the page: the pack loads nothing (no fonts, images or sheets), so it
 * prints the same offline as on. Text colours keep at least 4.5:1 contrast against their backgrounds (WCAG 2.2 AA):
 * #212b32 on white is 14.9:1, #4c6272 on white 6.2:1, #005eb8 on white 6.1:1, #212b32 on #e8edee 13:1.
 */
export const PACK_CSS = `
@page { size: A4 landscape; margin: 12mm; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: Arial, 'Liberation Sans', 'Helvetica Neue', sans-serif; font-size: 11pt; line-height: 1.45; color: #212b32; background: #ffffff; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
@media print { main { max-width: none; padding: 0; } }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; margin: 0 0 0.5em; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 28pt; margin-bottom: 0.3em; }
h2 { font-size: 18pt; margin-top: 0; padding-bottom: 4px; border-bottom: 3px solid #005eb8; }
h3 { font-size: 14pt; margin-top: 1.2em; }
h4 { font-size: 12pt; margin-top: 1em; }
h5, h6 { font-size: 11pt; margin-top: 1em; }
p { margin: 0 0 0.6em; }
a { color: #005eb8; }
.link-address { color: #4c6272; font-size: 0.9em; word-break: break-all; }
.muted { color: #4c6272; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.pack-section { break-before: page; page-break-before: always; padding-top: 4px; }
.cover { min-height: 150mm; }
.cover__eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-weight: 700; color: #005eb8; margin-bottom: 8px; }
.cover__meta { font-size: 12pt; margin-bottom: 4px; }
.glance { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 16px; padding: 0; list-style: none; }
.glance li { padding: 6px 10px; border: 1px solid #aeb7bd; border-radius: 4px; background: #f4f6f7; }
.glance strong { font-size: 13pt; margin-right: 4px; }
.cover__version { display: inline-block; margin: 12px 0 18px; padding: 6px 12px; border-left: 6px solid #005eb8; background: #e8edee; font-size: 13pt; font-weight: 700; }
.cover__columns { display: flex; gap: 32px; align-items: flex-start; margin-top: 12px; }
.cover__signoff { flex: 3; }
.cover__contents { flex: 1; min-width: 220px; }
.cover__contents ol { margin: 0; padding-left: 1.4em; }
.cover__contents li { margin-bottom: 4px; }
.cover__contents a { display: inline-block; min-height: 24px; padding: 3px 0; }
.cover h2 { font-size: 14pt; border-bottom-width: 2px; }
table { width: 100%; border-collapse: collapse; margin: 0 0 1em; font-size: 9.5pt; }
caption { caption-side: top; text-align: left; font-weight: 700; font-size: 10.5pt; padding: 0 0 6px; }
th, td { border: 1px solid #aeb7bd; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8edee; }
tbody th { background: #f4f6f7; font-weight: 700; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.empty { text-align: center; color: #4c6272; font-style: italic; }
.cell-note { display: block; color: #4c6272; font-size: 8.5pt; }
.state { font-weight: 700; white-space: nowrap; }
.state::before { content: ''; display: inline-block; width: 9px; height: 9px; margin-right: 5px; border-radius: 50%; border: 1px solid #212b32; vertical-align: 0; }
.state--agreed::before { background: #007f3b; }
.state--concerns::before { background: #ffb81c; }
.state--not-yet::before, .state--none::before { background: #ffffff; }
.rating { font-weight: 700; white-space: nowrap; }
.rating::before { content: ''; display: inline-block; width: 9px; height: 9px; margin-right: 5px; border: 1px solid #212b32; }
.rating--red::before { background: #d5281b; }
.rating--amber::before { background: #ffb81c; }
.rating--green::before { background: #007f3b; }
.raci { text-align: center; font-weight: 700; }
.warning { border-left: 6px solid #ffb81c; background: #fff8e5; padding: 6px 10px; }
.purpose { break-inside: auto; }
.purpose + .purpose { margin-top: 18px; padding-top: 10px; border-top: 1px solid #d8dde0; }
.cohort { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; padding: 8px 12px; background: #f4f6f7; border-left: 4px solid #4c6272; }
.cohort dt { font-weight: 700; }
.cohort dd { margin: 0; }
.rich ul, .rich ol { padding-left: 1.5em; margin: 0 0 0.6em; }
.rich li > p { margin: 0 0 0.2em; }
.rich blockquote { margin: 0 0 0.6em; padding-left: 12px; border-left: 4px solid #aeb7bd; color: #4c6272; }
.rich pre { background: #f4f6f7; padding: 8px; white-space: pre-wrap; font-size: 9.5pt; }
.rich table { width: auto; min-width: 50%; }
.tasks { list-style: none; padding-left: 0.2em !important; }
.task { display: flex; gap: 6px; align-items: flex-start; }
.task__box { flex: none; margin-top: 2px; }
.task__state { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.task__text > p { margin: 0; }
.map-view { break-inside: avoid; page-break-inside: avoid; }
.map-view + .map-view { break-before: page; page-break-before: always; }
.map-figure { --map-width: 780px; margin: 0; display: grid; grid-template-columns: var(--map-width) minmax(0, 1fr); column-gap: 14px; align-items: start; }
.map-figure__map { grid-column: 1; grid-row: 1; }
.map-figure__map svg { display: block; width: var(--map-width); height: auto; }
.map-figure__side { grid-column: 2; grid-row: 1 / span 2; font-size: 9pt; }
.map-figure__caption { grid-column: 1; grid-row: 2; margin-top: 6px; font-size: 9pt; color: #4c6272; }
.map-figure__name { font-weight: 700; color: #212b32; }
.key__title { font-weight: 700; font-size: 10.5pt; margin: 0 0 4px; color: #212b32; }
.key__layers, .key__classes { list-style: none; margin: 0; padding: 0; }
.key__layer { margin-bottom: 6px; }
.key__swatch { vertical-align: middle; margin-right: 4px; }
.key__name { font-weight: 700; }
.key__legend-title { margin: 2px 0; color: #4c6272; }
.key__classes li { display: flex; align-items: center; gap: 6px; line-height: 1.25; }
.key__class { display: inline-block; width: 14px; height: 10px; border: 1px solid #aeb7bd; }
.map-figure__credits { margin-top: 10px; padding-top: 6px; border-top: 1px solid #d8dde0; color: #4c6272; font-size: 8pt; line-height: 1.35; }
.map-figure__credits p { margin: 0 0 4px; }
.map-figure__credits .key__title { font-size: 10.5pt; }
.credits__label { font-weight: 700; color: #212b32; }
.canvas-frame { break-inside: avoid; page-break-inside: avoid; }
.canvas-frame + .canvas-frame { break-before: page; page-break-before: always; }
.frame-scaler { overflow: hidden; border: 1px solid #aeb7bd; }
.frame { position: relative; overflow: hidden; transform-origin: 0 0; font-size: 13px; line-height: 1.3; }
.pack-section .frame__label { display: none; }
.frame__label { position: absolute; left: 8px; top: 6px; margin: 0; font-weight: 700; font-size: 14px; color: #212b32; }
.frame__empty { position: absolute; left: 8px; top: 32px; color: #4c6272; }
.frame__connectors { position: absolute; left: 0; top: 0; }
.canvas-item { position: absolute; overflow: hidden; padding: 8px; border-radius: 4px; }
.canvas-item p { margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.canvas-item--sticky { box-shadow: 0 1px 3px rgba(33, 43, 50, 0.35); }
.canvas-item--indicator { border: 1px solid #aeb7bd; }
.canvas-item--outcome { border: 1px solid #aeb7bd; border-left: 6px solid #005eb8; font-size: 12px; box-shadow: 0 1px 3px rgba(33, 43, 50, 0.25); }
.canvas-item__title { font-weight: 700; font-size: 14px; }
.canvas-item__agreement { font-style: italic; }
.canvas-item--text { padding: 2px; font-size: 15px; }
.canvas-item--frame { border: 2px dashed #768692; background: transparent; }
.canvas-item__label { font-weight: 700; }
.outcome-details dt { font-weight: 700; margin-top: 8px; }
.outcome-details dd { margin: 0 0 4px; }
.pack-footer { max-width: 1040px; margin: 24px auto 0; padding: 12px 24px; border-top: 1px solid #aeb7bd; font-size: 9pt; color: #4c6272; }
@media print { .pack-footer { max-width: none; margin: 24px 0 0; padding: 8px 0 0; } }
`;
