// Lexical checks for the datatypes shapes may name in sh:datatype, and number/date comparison for sh:minInclusive and sh:lessThan.
import type * as RDF from '@rdfjs/types';
import { NS } from '../vocab.js';

const XSD = NS.xsd;
const RDF_LANGSTRING = `${NS.rdf}langString`;

const TZ = '(Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))?';
const DATE = new RegExp(`^(-?(?:[1-9]\\d{3,}|\\d{4}))-(\\d{2})-(\\d{2})${TZ}$`);
const DATE_TIME = new RegExp(`^(-?(?:[1-9]\\d{3,}|\\d{4}))-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?${TZ}$`);
const YEAR = new RegExp(`^-?(?:[1-9]\\d{3,}|\\d{4})${TZ}$`);

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A calendar date that exists: month 1-12, day within the month (29 February only in leap years). */
function validDay(yearText: string, monthText: string, dayText: string): boolean {
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12 || day < 1) return false;
  const lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

function validDate(lex: string): boolean {
  const m = DATE.exec(lex);
  return m !== null && validDay(m[1] ?? '', m[2] ?? '', m[3] ?? '');
}

function validDateTime(lex: string): boolean {
  const m = DATE_TIME.exec(lex);
  if (m === null || !validDay(m[1] ?? '', m[2] ?? '', m[3] ?? '')) return false;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  // 24:00:00 is the one allowed spelling of midnight at the end of a day.
  return (h < 24 && min < 60 && s < 60) || (h === 24 && min === 0 && s === 0 && (m[7] ?? '').replace(/[.0]/g, '') === '');
}

/** Lexical-space tests of the datatypes the validator knows; a shape naming another datatype is refused. */
const LEXICAL: ReadonlyMap<string, (lex: string) => boolean> = new Map<string, (lex: string) => boolean>([
  [`${XSD}string`, () => true],
  [`${XSD}anyURI`, () => true],
  [`${XSD}boolean`, (l) => /^(true|false|1|0)$/.test(l)],
  [`${XSD}integer`, (l) => /^[+-]?\d+$/.test(l)],
  [`${XSD}nonNegativeInteger`, (l) => /^(\+?\d+|-0+)$/.test(l)],
  [`${XSD}positiveInteger`, (l) => /^\+?0*[1-9]\d*$/.test(l)],
  [`${XSD}decimal`, (l) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(l)],
  [`${XSD}date`, validDate],
  [`${XSD}dateTime`, validDateTime],
  [`${XSD}gYear`, (l) => YEAR.test(l)],
]);

export function isKnownDatatype(iri: string): boolean {
  return iri === RDF_LANGSTRING || LEXICAL.has(iri);
}

export function knownDatatypes(): string[] {
  return [RDF_LANGSTRING, ...LEXICAL.keys()];
}

/**
 * The datatype IRI of a literal. N3's literals compute `datatype` as a new term on every read; their
 * `datatypeString` gives the same IRI without that allocation, which matters at 10^6 literals.
 */
function datatypeOf(term: RDF.Literal): string {
  const fast = (term as RDF.Literal & { readonly datatypeString?: unknown }).datatypeString;
  return typeof fast === 'string' ? fast : term.datatype.value;
}

/** sh:datatype: the literal has exactly this datatype and a lexical form valid for it. */
export function hasDatatype(term: RDF.Term, datatype: string): boolean {
  if (term.termType !== 'Literal') return false;
  if (datatypeOf(term) !== datatype) return false;
  if (datatype === RDF_LANGSTRING) return term.language !== '';
  const check = LEXICAL.get(datatype);
  return check !== undefined && check(term.value);
}

const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'].map((n) => `${XSD}${n}`));

/** The number a numeric literal stands for, or undefined when the term is not a well-formed number. */
export function numericValue(term: RDF.Term): number | undefined {
  if (term.termType !== 'Literal' || !NUMERIC.has(datatypeOf(term))) return undefined;
  const lex = term.value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(lex)) return undefined;
  return Number(lex);
}

/**
 * Order two literals as SHACL's sh:lessThan does: -1, 0 or 1, or undefined when they are not
 * comparable (different kinds, or one is not a literal).
 */
export function compareLiterals(a: RDF.Term, b: RDF.Term): number | undefined {
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) return Math.sign(x - y);
  if (a.termType !== 'Literal' || b.termType !== 'Literal') return undefined;
  // Dates without time zones in the same datatype order like their lexical forms (4-digit years).
  const dt = a.datatype.value;
  if (dt !== b.datatype.value || (dt !== `${XSD}date` && dt !== `${XSD}dateTime`)) return undefined;
  const plain = /^\d{4}-/;
  if (!plain.test(a.value) || !plain.test(b.value) || /[Z+]|-\d\d:\d\d$/.test(a.value.slice(10)) || /[Z+]|-\d\d:\d\d$/.test(b.value.slice(10))) return undefined;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
